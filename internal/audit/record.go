// Package audit keeps the append-only, hash-chained audit log. Services write a record inside the same
// transaction as the change it describes; sign-in events and refusals are written on their own.
package audit

import (
	"encoding/json"
	"reflect"
	"sort"
	"time"

	"parkos/internal/auth"
)

// Result is how an audited action ended.
type Result string

// The results an audit record can carry.
const (
	Success Result = "success"
	Denied  Result = "denied"
	Failed  Result = "failed"
)

// PermRead lets the audit administrator read and export the log; nobody else holds it.
const PermRead auth.Permission = "audit.read"

// Grants are the audit module's permissions for the roles.
func Grants() []auth.Grant {
	return []auth.Grant{{Role: auth.RoleAuditAdmin, Perms: []auth.Permission{PermRead}}}
}

// Entry is what a service tells the log.
type Entry struct {
	Actor      *auth.Actor
	Action     string // dotted verb, e.g. "user.create", "login.failed"
	ObjectType string // e.g. "user"
	ObjectID   string
	Result     Result // Success when empty
	// Before and After hold the changed fields, personal data already masked (see Changes).
	Before, After map[string]any
	Note          string
}

// Record is one stored audit record.
type Record struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorName  string
	IP         string
	Action     string
	ObjectType string
	ObjectID   string
	Result     Result
	Detail     string // JSON: {"before":{...},"after":{...},"note":"..."}
	PrevHash   string
	Hash       string
}

// Details is the decoded Detail of a record.
type Details struct {
	Before map[string]any `json:"before,omitempty"`
	After  map[string]any `json:"after,omitempty"`
	Note   string         `json:"note,omitempty"`
}

// Decode returns the record's details; a damaged detail comes back as its note.
func (r *Record) Decode() Details {
	var d Details
	if r.Detail != "" && json.Unmarshal([]byte(r.Detail), &d) != nil {
		d.Note = r.Detail
	}
	return d
}

// ChangedKeys lists the fields that differ, sorted.
func (d Details) ChangedKeys() []string {
	seen := map[string]bool{}
	for k := range d.Before {
		seen[k] = true
	}
	for k := range d.After {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Changes keeps only the fields whose values differ between before and after, for the record of an update.
func Changes(before, after map[string]any) (b, a map[string]any) {
	b, a = map[string]any{}, map[string]any{}
	for k, v := range after {
		if old, ok := before[k]; !ok || !reflect.DeepEqual(old, v) {
			a[k] = v
			if ok {
				b[k] = old
			}
		}
	}
	for k, v := range before {
		if _, ok := after[k]; !ok {
			b[k] = v
		}
	}
	return b, a
}

func (e *Entry) detail() string {
	d := Details{Before: e.Before, After: e.After, Note: e.Note}
	if len(d.Before) == 0 && len(d.After) == 0 && d.Note == "" {
		return ""
	}
	b, err := json.Marshal(d)
	if err != nil {
		return `{"note":"unencodable detail"}`
	}
	return string(b)
}
