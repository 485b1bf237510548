package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Filter selects audit records for the viewer and the export.
type Filter struct {
	From, To   time.Time // To is exclusive; zero means open
	Actor      string    // exact username
	Action     string    // exact action, or a prefix ending in "." ("login.")
	ObjectType string
	ObjectID   string
	Result     Result
	Limit      int
	Offset     int
}

func (f Filter) where() (string, []any) {
	var w []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if !f.From.IsZero() {
		w = append(w, "at >= "+arg(db.Time(f.From)))
	}
	if !f.To.IsZero() {
		w = append(w, "at < "+arg(db.Time(f.To)))
	}
	if f.Actor != "" {
		w = append(w, "actor_name = "+arg(f.Actor))
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			w = append(w, "action LIKE "+arg(db.LikePrefix(f.Action))+` ESCAPE '\'`)
		} else {
			w = append(w, "action = "+arg(f.Action))
		}
	}
	if f.ObjectType != "" {
		w = append(w, "object_type = "+arg(f.ObjectType))
	}
	if f.ObjectID != "" {
		w = append(w, "object_id = "+arg(f.ObjectID))
	}
	if f.Result != "" {
		w = append(w, "result = "+arg(string(f.Result)))
	}
	if len(w) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(w, " AND "), args
}

const recordCols = `id, at, COALESCE(actor_id, 0), actor_name, ip, action, object_type, object_id, result, detail, prev_hash, hash`

func scanRecord(s interface{ Scan(...any) error }, extra ...any) (*Record, error) {
	var r Record
	var res string
	err := s.Scan(append([]any{&r.ID, &r.At, &r.ActorID, &r.ActorName, &r.IP, &r.Action, &r.ObjectType, &r.ObjectID,
		&res, &r.Detail, &r.PrevHash, &r.Hash}, extra...)...)
	r.Result = Result(res)
	return &r, err
}

// Find lists records matching f, newest first, with the total. Only the audit administrator may read the log,
// and reading it is itself recorded.
func (l *Log) Find(ctx context.Context, a *auth.Actor, f Filter) ([]*Record, int, error) {
	if !a.Can(PermRead) {
		_ = l.WriteAlone(ctx, Entry{Actor: a, Action: "audit.read", ObjectType: "audit_log", Result: Denied})
		return nil, 0, errs.Forbiddenf("只有审计管理员可以查阅审计日志")
	}
	where, args := f.where()
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := l.db.R.QueryContext(ctx, `SELECT `+recordCols+`, COUNT(*) OVER() FROM audit_log`+where+
		fmt.Sprintf(` ORDER BY id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Record
	total := 0
	for rows.Next() {
		r, err := scanRecord(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := l.WriteAlone(ctx, Entry{Actor: a, Action: "audit.read", ObjectType: "audit_log", Note: describe(f)}); err != nil {
		return nil, 0, err
	}
	if total == 0 && f.Offset > 0 { // past the last page: still report the total
		err := l.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args[:len(args)-2]...).Scan(&total)
		if err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// Each calls fn for every record matching f, oldest first, for the export. It checks the permission and
// records the export.
func (l *Log) Each(ctx context.Context, a *auth.Actor, f Filter, fn func(*Record) error) error {
	if !a.Can(PermRead) {
		_ = l.WriteAlone(ctx, Entry{Actor: a, Action: "audit.export", ObjectType: "audit_log", Result: Denied})
		return errs.Forbiddenf("只有审计管理员可以导出审计日志")
	}
	where, args := f.where()
	if err := l.WriteAlone(ctx, Entry{Actor: a, Action: "audit.export", ObjectType: "audit_log", Note: describe(f)}); err != nil {
		return err
	}
	rows, err := l.db.R.QueryContext(ctx, `SELECT `+recordCols+` FROM audit_log`+where+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Actions lists the distinct actions in the log, for the viewer's filter.
func (l *Log) Actions(ctx context.Context, a *auth.Actor) ([]string, error) {
	if !a.Can(PermRead) {
		return nil, errs.Forbiddenf("只有审计管理员可以查阅审计日志")
	}
	rows, err := l.db.R.QueryContext(ctx, `SELECT DISTINCT action FROM audit_log ORDER BY action`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func describe(f Filter) string {
	var p []string
	if !f.From.IsZero() {
		p = append(p, "自 "+f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		p = append(p, "至 "+f.To.Format(time.DateOnly))
	}
	for _, kv := range [][2]string{{"操作人", f.Actor}, {"操作", f.Action}, {"对象类型", f.ObjectType}, {"对象", f.ObjectID}, {"结果", string(f.Result)}} {
		if kv[1] != "" {
			p = append(p, kv[0]+"="+kv[1])
		}
	}
	if len(p) == 0 {
		return "全部记录"
	}
	return strings.Join(p, "，")
}
