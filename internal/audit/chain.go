package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"parkos/internal/auth"
	"parkos/internal/db"
)

// Log writes, reads and verifies the audit log.
type Log struct {
	db  *db.DB
	key []byte // HMAC key: without it, nobody can recompute the chain after editing a record
}

// New returns the audit log of database d, chained with key (derive it from the keyring, purpose "audit").
func New(d *db.DB, key []byte) *Log { return &Log{db: d, key: key} }

// lockSQL serializes writers of the chain. SQLite already has one writer (BEGIN IMMEDIATE), so it needs no
// statement; PostgreSQL instances take a transaction-scoped advisory lock.
const lockSQLPostgres = `SELECT pg_advisory_xact_lock(7050220601)`

// Write appends e to the log inside tx, the transaction of the change it describes.
func (l *Log) Write(ctx context.Context, tx *sql.Tx, e Entry) error {
	if l.db.Dialect == db.Postgres {
		if _, err := tx.ExecContext(ctx, lockSQLPostgres); err != nil {
			return fmt.Errorf("audit lock: %w", err)
		}
	}
	prevID, prevHash, err := head(ctx, tx)
	if err != nil {
		return err
	}
	r := Record{
		ID: prevID + 1, At: db.Now(), ActorName: e.Actor.Name(), Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Result: e.Result, Detail: e.detail(), PrevHash: prevHash,
	}
	if e.Actor != nil {
		r.ActorID, r.IP = e.Actor.UserID, e.Actor.IP
	}
	if r.Result == "" {
		r.Result = Success
	}
	r.Hash = l.hash(&r)
	var actorID any
	if r.ActorID != 0 {
		actorID = r.ActorID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_name, ip, action, object_type, object_id, result, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.At, actorID, r.ActorName, r.IP, r.Action, r.ObjectType, r.ObjectID, string(r.Result), r.Detail, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit write: %w", err)
	}
	return nil
}

// WriteAlone appends e in a transaction of its own: for events that change nothing else, such as a refused
// request, or that must be kept although the surrounding work failed.
func (l *Log) WriteAlone(ctx context.Context, e Entry) error {
	return l.db.InTx(ctx, func(tx *sql.Tx) error { return l.Write(ctx, tx, e) })
}

// head returns the id and hash the next record links to: the newest record, or the anchor left by retention.
func head(ctx context.Context, q db.Querier) (int64, string, error) {
	var id int64
	var h string
	err := q.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&id, &h)
	if errors.Is(err, sql.ErrNoRows) {
		err = q.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_anchor WHERE id = 1`).Scan(&id, &h)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, "", nil
		}
	}
	if err != nil {
		return 0, "", fmt.Errorf("audit head: %w", err)
	}
	return id, h, nil
}

// hash is HMAC-SHA256 over the previous hash and every stored field, each length-prefixed so that no two
// different records encode alike.
func (l *Log) hash(r *Record) string {
	m := hmac.New(sha256.New, l.key)
	for _, f := range []string{
		r.PrevHash, strconv.FormatInt(r.ID, 10), r.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(r.ActorID, 10),
		r.ActorName, r.IP, r.Action, r.ObjectType, r.ObjectID, string(r.Result), r.Detail,
	} {
		fmt.Fprintf(m, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Verification is the outcome of checking the chain.
type Verification struct {
	Records int   // records checked
	FirstID int64 // first record checked
	LastID  int64 // last record checked
	// BadID is the first record that fails, 0 when the chain holds; Problem says how it fails.
	BadID   int64
	Problem string
}

// OK reports whether the chain holds.
func (v Verification) OK() bool { return v.BadID == 0 && v.Problem == "" }

// Verify walks the whole log in order and reports the first record that was changed, or the first place
// where records were removed.
func (l *Log) Verify(ctx context.Context, progress func(done int)) (Verification, error) {
	var v Verification
	anchorID, expect, err := anchor(ctx, l.db.R)
	if err != nil {
		return v, err
	}
	expectID := anchorID + 1 // ids start at 1, or right after the last purged record
	rows, err := l.db.R.QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_name, ip, action, object_type,
		object_id, result, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var res string
		if err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.ActorName, &r.IP, &r.Action, &r.ObjectType, &r.ObjectID,
			&res, &r.Detail, &r.PrevHash, &r.Hash); err != nil {
			return v, err
		}
		r.Result = Result(res)
		if v.Records == 0 {
			v.FirstID = r.ID
		}
		v.Records++
		v.LastID = r.ID
		switch {
		case r.ID != expectID:
			v.BadID, v.Problem = r.ID, fmt.Sprintf("记录 #%d 之前缺少记录 #%d 至 #%d（被删除）", r.ID, expectID, r.ID-1)
		case r.PrevHash != expect:
			v.BadID, v.Problem = r.ID, fmt.Sprintf("记录 #%d 与前一条记录的链接不符（前一条被修改或删除）", r.ID)
		case !hmac.Equal([]byte(r.Hash), []byte(l.hash(&r))):
			v.BadID, v.Problem = r.ID, fmt.Sprintf("记录 #%d 的内容被修改", r.ID)
		}
		if v.BadID != 0 {
			return v, nil
		}
		expect, expectID = r.Hash, r.ID+1
		if progress != nil && v.Records%1000 == 0 {
			progress(v.Records)
		}
	}
	return v, rows.Err()
}

func anchor(ctx context.Context, q db.Querier) (int64, string, error) {
	var id int64
	var h string
	err := q.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_anchor WHERE id = 1`).Scan(&id, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, h, err
}

// Purge removes the records older than before and keeps the chain verifiable by moving its anchor to the last
// removed record. It refuses to remove anything younger than the legal minimum of 184 days.
func (l *Log) Purge(ctx context.Context, before time.Time, minAge time.Duration) (int64, error) {
	if before.After(time.Now().Add(-minAge)) {
		return 0, fmt.Errorf("audit purge: %s is within the retention minimum", before.Format(time.DateOnly))
	}
	var n int64
	err := l.db.InTx(ctx, func(tx *sql.Tx) error {
		if l.db.Dialect == db.Postgres {
			if _, err := tx.ExecContext(ctx, lockSQLPostgres); err != nil {
				return err
			}
		}
		var lastID int64
		var lastHash string
		err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log WHERE at < $1 ORDER BY id DESC LIMIT 1`, db.Time(before)).
			Scan(&lastID, &lastHash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE id <= $1`, lastID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_anchor (id, last_id, last_hash, purged_at) VALUES (1, $1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash, purged_at = excluded.purged_at`,
			lastID, lastHash, db.Now())
		if err != nil {
			return err
		}
		return l.Write(ctx, tx, Entry{Actor: auth.System("retention"), Action: "audit.purge", ObjectType: "audit_log",
			Note: fmt.Sprintf("按保留期删除 %s 之前的 %d 条记录（至 #%d）", before.Format(time.DateOnly), n, lastID)})
	})
	return n, err
}
