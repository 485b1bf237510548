package site

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Service reads and keeps the park's facts.
type Service struct {
	db  *db.DB
	log *audit.Log
}

// NewService builds the site service.
func NewService(d *db.DB, log *audit.Log) *Service { return &Service{db: d, log: log} }

const parkKey = "park"

// Park returns the park's profile: public facts, readable by anyone. A new installation has a profile with
// only a name, until the park administrator (or the demo) fills it in.
func (s *Service) Park(ctx context.Context) (*Park, error) {
	return loadPark(ctx, s.db.R)
}

func loadPark(ctx context.Context, q db.Querier) (*Park, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, parkKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return &Park{Name: "国家大学科技园"}, nil
	}
	if err != nil {
		return nil, err
	}
	var p Park
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Version changes whenever the park's profile is saved; the portal's page cache compares it.
func (s *Service) Version(ctx context.Context) (string, error) {
	var t time.Time
	err := s.db.R.QueryRowContext(ctx, `SELECT updated_at FROM settings WHERE key = $1`, parkKey).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", nil
	}
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(t.UnixMicro(), 10), nil
}

// UpdatePark saves the park's profile.
func (s *Service) UpdatePark(ctx context.Context, a *auth.Actor, p Park) error {
	if !a.Can(PermParkEdit) {
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "settings.update", ObjectType: "settings", ObjectID: parkKey, Result: audit.Denied})
		return errs.Forbiddenf("没有修改园区信息的权限")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.UpdatedBy = a.Name()
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := loadPark(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, parkKey, string(b), db.Now()); err != nil {
			return err
		}
		bm, am := asMap(before), asMap(&p)
		delete(bm, "updated_by")
		delete(am, "updated_by")
		bc, ac := audit.Changes(bm, am)
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "settings.update", ObjectType: "settings", ObjectID: parkKey, Before: bc, After: ac})
	})
}

// asMap turns a profile into the field map the audit record compares.
func asMap(p *Park) map[string]any {
	b, _ := json.Marshal(p)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}
