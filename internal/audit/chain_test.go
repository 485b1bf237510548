package audit_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/dbtest"
	"parkos/internal/errs"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func write(t *testing.T, l *audit.Log, n int) {
	t.Helper()
	a := &auth.Actor{UserID: 7, Username: "alice", IP: "10.1.2.3"}
	for i := range n {
		err := l.WriteAlone(context.Background(), audit.Entry{Actor: a, Action: "user.update", ObjectType: "user", ObjectID: "42",
			Before: map[string]any{"display_name": "张三"}, After: map[string]any{"display_name": "张三丰", "n": i}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, l *audit.Log) audit.Verification {
	t.Helper()
	v, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestChainHoldsAndDetectsEdits(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, key)
	write(t, l, 10)
	if v := verify(t, l); !v.OK() || v.Records != 10 || v.FirstID != 1 || v.LastID != 10 {
		t.Fatalf("untouched log: %+v", v)
	}
	cases := []struct {
		name, sql string
		bad       int64
		problem   string
	}{
		{"detail edited", `UPDATE audit_log SET detail = detail || 'x' WHERE id = 4`, 4, "内容被修改"},
		{"actor edited", `UPDATE audit_log SET actor_name = 'mallory' WHERE id = 6`, 6, "内容被修改"},
		{"result edited", `UPDATE audit_log SET result = 'failed' WHERE id = 2`, 2, "内容被修改"},
		{"time edited", `UPDATE audit_log SET at = '2020-01-01 00:00:00+00:00' WHERE id = 5`, 5, "内容被修改"},
		{"row removed", `DELETE FROM audit_log WHERE id = 3`, 4, "缺少记录"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := dbtest.Open(t)
			l := audit.New(d, key)
			write(t, l, 8)
			q := c.sql
			if d.Dialect == db.Postgres {
				q = strings.Replace(q, "'2020-01-01 00:00:00+00:00'", "'2020-01-01 00:00:00'", 1)
			}
			if _, err := d.W.Exec(q); err != nil {
				t.Fatal(err)
			}
			v := verify(t, l)
			if v.OK() || v.BadID != c.bad || !strings.Contains(v.Problem, c.problem) {
				t.Fatalf("after %s: %+v, want record %d reported as %q", c.name, v, c.bad, c.problem)
			}
		})
	}
}

// Someone who edits a record and recomputes the hashes without the key is still caught: the hash is keyed.
func TestChainNeedsTheKey(t *testing.T) {
	d := dbtest.Open(t)
	write(t, audit.New(d, key), 3)
	if v := verify(t, audit.New(d, []byte("another key, another chain......"))); v.OK() || v.BadID != 1 {
		t.Fatalf("verified with the wrong key: %+v", v)
	}
}

// Writers from many goroutines (and, on PostgreSQL, many connections) still build one unbroken chain.
func TestConcurrentWritesKeepTheChain(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, key)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write(t, l, 10)
		}()
	}
	wg.Wait()
	if v := verify(t, l); !v.OK() || v.Records != 80 {
		t.Fatalf("after concurrent writes: %+v", v)
	}
}

func TestPurgeKeepsTheChainVerifiable(t *testing.T) {
	d2 := dbtest.Open(t)
	l2 := audit.New(d2, key)
	write(t, l2, 5)
	ctx := context.Background()
	n, err := l2.Purge(ctx, time.Now(), 0) // no minimum age here: the rule itself is tested below
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Fatalf("purged %d, want 5", n)
	}
	v := verify(t, l2)
	if !v.OK() || v.Records != 1 || v.FirstID != 6 {
		t.Fatalf("after purge: %+v (want only the purge record, #6, verified from the anchor)", v)
	}
	write(t, l2, 2)
	if v := verify(t, l2); !v.OK() || v.Records != 3 {
		t.Fatalf("after writing past the anchor: %+v", v)
	}
	// Deleting the first record after the anchor is still caught.
	if _, err := d2.W.Exec(`DELETE FROM audit_log WHERE id = 6`); err != nil {
		t.Fatal(err)
	}
	if v := verify(t, l2); v.OK() {
		t.Fatal("removal right after the anchor went unnoticed")
	}
}

func TestPurgeRefusesTheLegalMinimum(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, key)
	write(t, l, 2)
	if _, err := l.Purge(context.Background(), time.Now().Add(-24*time.Hour), 184*24*time.Hour); err == nil {
		t.Fatal("purged records younger than 184 days")
	}
}

func TestFindFiltersAndNeedsThePermission(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, key)
	ctx := context.Background()
	write(t, l, 3)
	_ = l.WriteAlone(ctx, audit.Entry{Actor: &auth.Actor{Username: "bob", IP: "10.0.0.9"}, Action: "login.failed", ObjectType: "user", Result: audit.Failed})
	roles := auth.NewRoles(auth.BaseRoles(), audit.Grants()...)
	auditor := auth.NewActor(roles, 1, "auditor", []string{auth.RoleAuditAdmin})
	sysadmin := auth.NewActor(roles, 2, "root", []string{auth.RoleSysAdmin})

	if _, _, err := l.Find(ctx, sysadmin, audit.Filter{}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a system administrator read the audit log: %v", err)
	}
	recs, total, err := l.Find(ctx, auditor, audit.Filter{Result: audit.Failed})
	if err != nil || total != 1 || len(recs) != 1 || recs[0].ActorName != "bob" {
		t.Fatalf("filter by result: %d records, total %d, %v", len(recs), total, err)
	}
	_, total, _ = l.Find(ctx, auditor, audit.Filter{Actor: "alice", Action: "user."})
	if total != 3 {
		t.Fatalf("filter by actor and action prefix: total %d, want 3", total)
	}
	_, total, _ = l.Find(ctx, auditor, audit.Filter{From: time.Now().Add(time.Hour)})
	if total != 0 {
		t.Fatalf("filter by time: total %d, want 0", total)
	}
	// The sysadmin's attempt is itself on record, as denied.
	recs, _, _ = l.Find(ctx, auditor, audit.Filter{Actor: "root", Result: audit.Denied})
	if len(recs) != 1 || recs[0].Action != "audit.read" {
		t.Fatalf("the denied read was not recorded: %+v", recs)
	}
}

func TestChanges(t *testing.T) {
	b, a := audit.Changes(map[string]any{"name": "甲", "phone": "138****0000", "roles": []string{"editor"}},
		map[string]any{"name": "乙", "phone": "138****0000", "roles": []string{"editor"}, "new": true})
	if len(b) != 1 || b["name"] != "甲" || len(a) != 2 || a["name"] != "乙" || a["new"] != true {
		t.Fatalf("Changes = %v, %v", b, a)
	}
}
