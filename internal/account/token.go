package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Token is an API token of an integration, acting as its user. Only its hash is stored; the token itself is
// shown once, when created.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TokenPrefix starts every API token, so that a leaked one is recognisable (e.g. by secret scanners).
const TokenPrefix = "pko_"

// CreateToken issues a token named name for user uid and returns it. A user may create their own; the
// command line any.
func (s *Service) CreateToken(ctx context.Context, a *auth.Actor, uid int64, name string) (string, error) {
	if a.UserID != uid && !a.IsSystem() {
		return "", s.deny(ctx, a, "token.create", "user", id(uid), "只能为自己创建接口令牌")
	}
	if !a.Can(auth.SignedIn) { // a sign-in that still owes a step (second factor, password change) issues no credential
		return "", s.deny(ctx, a, "token.create", "user", id(uid), "请先完成登录")
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 64 {
		return "", errs.Invalidf("name", "令牌名称须为 1 至 64 个字符")
	}
	token, hash := newToken(TokenPrefix)
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		r, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		if r.Disabled {
			return errs.Invalidf("username", "账号已停用")
		}
		var tid int64
		err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			uid, name, hash, s.now()).Scan(&tid)
		if db.IsUniqueViolation(err) {
			return &errs.Error{Code: errs.Conflict, Message: "该用户已有同名的有效令牌", Fields: map[string]string{"name": "已有名为 " + name + " 的有效令牌"}}
		}
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "token.create", ObjectType: "api_token", ObjectID: id(tid),
			After: map[string]any{"user_id": uid, "name": name}})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeToken ends the live token named name of user uid.
func (s *Service) RevokeToken(ctx context.Context, a *auth.Actor, uid int64, name string) error {
	if a.UserID != uid && !a.IsSystem() && !a.Can(PermSessionsManage) {
		return s.deny(ctx, a, "token.revoke", "user", id(uid), "没有吊销该令牌的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var tid int64
		err := tx.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND name = $3 AND revoked_at IS NULL RETURNING id`,
			s.now(), uid, strings.TrimSpace(name)).Scan(&tid)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("名为 %s 的有效令牌", name)
		}
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "token.revoke", ObjectType: "api_token", ObjectID: id(tid),
			Before: map[string]any{"user_id": uid, "name": name}})
	})
}

// FindTokens lists the tokens of a user, live and revoked.
func (s *Service) FindTokens(ctx context.Context, a *auth.Actor, uid int64) ([]*Token, error) {
	if a.UserID != uid && !a.IsSystem() && !a.Can(PermSessionsManage) {
		return nil, s.deny(ctx, a, "token.list", "user", id(uid), "没有查看该用户令牌的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
		WHERE user_id = $1 ORDER BY revoked_at IS NOT NULL, id DESC`, uid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		var t Token
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, err
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		out = append(out, &t)
	}
	return out, rows.Err()
}

// AuthenticateToken returns the actor of a bearer token and records the use in the audit log. A revoked token,
// or one whose user is disabled, is refused and the attempt recorded.
func (s *Service) AuthenticateToken(ctx context.Context, token, ip, method, path string) (*auth.Actor, error) {
	var tid int64
	var revoked sql.NullTime
	r, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+`, t.id, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, hashToken(token)), &tid, &revoked)
	anon := auth.Anonymous(ip)
	if errors.Is(err, sql.ErrNoRows) {
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: anon, Action: "token.use", ObjectType: "api_token", Result: audit.Denied, Note: "未知令牌 " + method + " " + path})
		return nil, errs.Unauthenticatedf("接口令牌无效")
	}
	if err != nil {
		return nil, err
	}
	who := &auth.Actor{UserID: r.ID, Username: r.Username, IP: ip}
	if revoked.Valid || r.Disabled {
		note := "令牌已吊销"
		if r.Disabled {
			note = "账号已停用"
		}
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: who, Action: "token.use", ObjectType: "api_token", ObjectID: id(tid), Result: audit.Denied, Note: note + " " + method + " " + path})
		return nil, errs.Unauthenticatedf("接口令牌无效：%s", note)
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, tid); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: who, Action: "token.use", ObjectType: "api_token", ObjectID: id(tid), Note: method + " " + path})
	})
	if err != nil {
		return nil, err
	}
	if r.Roles, err = userRoles(ctx, s.db.R, r.ID); err != nil {
		return nil, err
	}
	a := auth.NewActor(s.roles, r.ID, r.Username, r.Roles)
	a.DisplayName, a.EnterpriseID, a.IP, a.TokenID = r.DisplayName, r.EnterpriseID, ip, tid
	return a, nil
}
