package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"parkos/internal/db"
	"parkos/internal/errs"
)

// row is a users row as stored, secrets included; it never leaves this package.
type row struct {
	User
	PhoneEnc    string
	Hash        string
	TOTPSecret  string
	TOTPPending string
	TOTPStep    int64
}

const userCols = `u.id, u.username, u.display_name, u.phone_enc, COALESCE(u.enterprise_id, 0), u.password_hash,
	u.password_changed_at, u.must_change_password, u.totp_secret_enc, u.totp_pending_enc, u.totp_last_step,
	u.disabled, u.failed_logins, u.locked_until, u.last_login_at, u.created_at, u.updated_at`

// scanUser scans userCols, then any extra columns into extra.
func scanUser(s interface{ Scan(...any) error }, extra ...any) (*row, error) {
	var r row
	var locked, last sql.NullTime
	err := s.Scan(append([]any{&r.ID, &r.Username, &r.DisplayName, &r.PhoneEnc, &r.EnterpriseID, &r.Hash, &r.PasswordChangedAt,
		&r.MustChangePassword, &r.TOTPSecret, &r.TOTPPending, &r.TOTPStep, &r.Disabled, &r.FailedLogins, &locked, &last,
		&r.CreatedAt, &r.UpdatedAt}, extra...)...)
	if err != nil {
		return nil, err
	}
	if locked.Valid {
		t := locked.Time.UTC()
		r.LockedUntil = &t
	}
	if last.Valid {
		t := last.Time.UTC()
		r.LastLoginAt = &t
	}
	r.TOTPEnabled = r.TOTPSecret != ""
	return &r, nil
}

func getUser(ctx context.Context, q db.Querier, where string, arg any) (*row, error) {
	r, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("用户")
	}
	if err != nil {
		return nil, fmt.Errorf("load user: %w", err)
	}
	if r.Roles, err = userRoles(ctx, q, r.ID); err != nil {
		return nil, err
	}
	return r, nil
}

func userByID(ctx context.Context, q db.Querier, id int64) (*row, error) {
	return getUser(ctx, q, `u.id = $1`, id)
}

func userByName(ctx context.Context, q db.Querier, name string) (*row, error) {
	return getUser(ctx, q, `u.username = $1`, NormalizeUsername(name))
}

func userRoles(ctx context.Context, q db.Querier, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func insertUser(ctx context.Context, tx *sql.Tx, n *NewUser, hash, phoneEnc string, now time.Time) (int64, error) {
	var ent any
	if n.EnterpriseID > 0 {
		ent = n.EnterpriseID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, phone_enc, enterprise_id, password_hash,
		password_changed_at, must_change_password, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		n.Username, n.DisplayName, phoneEnc, ent, hash, now, n.Temporary, now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, &errs.Error{Code: errs.Conflict, Message: "用户名已被使用", Fields: map[string]string{"username": "用户名 " + n.Username + " 已被使用"}}
	}
	return id, err
}

func setRoles(ctx context.Context, tx *sql.Tx, id int64, roles []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, r); err != nil {
			return err
		}
	}
	return nil
}

func findUsers(ctx context.Context, q db.Querier, f UserFilter, now time.Time) ([]*row, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if s := strings.TrimSpace(f.Query); s != "" {
		p := arg(db.Like(strings.ToLower(s)))
		where = append(where, `(lower(u.username) LIKE `+p+` ESCAPE '\' OR lower(u.display_name) LIKE `+p+` ESCAPE '\')`)
	}
	if f.Role != "" {
		where = append(where, `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = `+arg(f.Role)+`)`)
	}
	switch f.Status {
	case "active":
		where = append(where, `u.disabled = FALSE`)
	case "disabled":
		where = append(where, `u.disabled = TRUE`)
	case "locked":
		where = append(where, `u.locked_until > `+arg(now))
	}
	sqlText := `SELECT ` + userCols + `, COUNT(*) OVER() FROM users u` + whereSQL(where)
	if f.Limit <= 0 {
		f.Limit = 50
	}
	sqlText += ` ORDER BY u.id LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(f.Offset)
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*row
	total := 0
	byID := map[int64]*row{}
	for rows.Next() {
		r, err := scanUser(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
		byID[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 {
		if f.Offset > 0 { // past the last page: COUNT(*) OVER() saw no rows, but the total is still wanted
			n := len(args) - 2 // without LIMIT and OFFSET
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u`+whereSQL(where), args[:n]...).Scan(&total); err != nil {
				return nil, 0, err
			}
		}
		return nil, total, nil
	}
	// Roles of the page's users in one query.
	ids := make([]string, 0, len(out))
	rargs := make([]any, 0, len(out))
	for i, r := range out {
		ids = append(ids, fmt.Sprintf("$%d", i+1))
		rargs = append(rargs, r.ID)
	}
	rr, err := q.QueryContext(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+strings.Join(ids, ",")+`) ORDER BY role`, rargs...)
	if err != nil {
		return nil, 0, err
	}
	defer rr.Close()
	for rr.Next() {
		var id int64
		var role string
		if err := rr.Scan(&id, &role); err != nil {
			return nil, 0, err
		}
		byID[id].Roles = append(byID[id].Roles, role)
	}
	return out, total, rr.Err()
}

func whereSQL(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(conds, ` AND `)
}
