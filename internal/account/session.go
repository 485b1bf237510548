package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
)

// Session is a signed-in browser.
type Session struct {
	ID         int64
	UserID     int64
	Username   string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	MFAPending bool
	IP         string
	UserAgent  string
}

// SessionCookie is the name of the session cookie.
const SessionCookie = "parkos_session"

// newToken returns a random token of 256 bits and the hash stored in its place.
func newToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(t string) string {
	s := sha256.Sum256([]byte(t))
	return hex.EncodeToString(s[:])
}

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Username, Password string
	IP, UserAgent      string
}

// LoginResult is a successful sign-in: the new session's token and the step the user owes, if any.
type LoginResult struct {
	Token string
	Actor *auth.Actor
}

var errBadCredentials = errs.Unauthenticatedf("用户名或密码错误")

// Login checks a username and password. It applies the per-IP throttle and the account lockout, records
// every outcome in the audit log, and on success opens a new session (a fresh token each time, so a token
// planted before sign-in is worthless).
func (s *Service) Login(ctx context.Context, in LoginInput) (*LoginResult, error) {
	now := s.now()
	name := NormalizeUsername(in.Username)
	if len(name) > 64 {
		name = name[:64]
	}
	who := &auth.Actor{Username: name, IP: in.IP}
	if n, err := s.ipFailures(ctx, in.IP, now); err != nil {
		return nil, err
	} else if n >= s.cfg.IPFailureLimit {
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: who, Action: "login.throttled", ObjectType: "ip", ObjectID: in.IP, Result: audit.Denied})
		return nil, errs.TooManyf("登录失败次数过多，请 %d 分钟后再试", int(s.cfg.IPFailureWindow.Minutes()))
	}
	r, err := userByName(ctx, s.db.R, name)
	if errs.Is(err, errs.NotFound) {
		CheckPassword(dummyHash(), in.Password) // same cost as a wrong password
		return nil, s.loginFailed(ctx, who, nil, "用户不存在", now)
	}
	if err != nil {
		return nil, err
	}
	who.UserID = r.ID
	ok := CheckPassword(r.Hash, in.Password)
	switch {
	case r.Locked(now):
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: who, Action: "login.locked", ObjectType: "user", ObjectID: id(r.ID), Result: audit.Denied,
			Note: "账号锁定中，至 " + r.LockedUntil.Format(time.RFC3339)})
		_ = s.addIPFailure(ctx, in.IP, now)
		mins := int(math.Ceil(r.LockedUntil.Sub(now).Minutes())) // whole minutes, rounded up: 5 at the start of a 5-minute lock
		return nil, errs.Unauthenticatedf("账号因多次登录失败已被锁定，请 %d 分钟后再试，或联系系统管理员解锁", mins)
	case !ok:
		return nil, s.loginFailed(ctx, who, r, "密码错误", now)
	case r.Disabled:
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: who, Action: "login.disabled", ObjectType: "user", ObjectID: id(r.ID), Result: audit.Denied})
		return nil, errs.Unauthenticatedf("账号已停用，请联系系统管理员")
	}
	token, hash := newToken("")
	var sid int64
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2`, now, r.ID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, mfa_pending, ip, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5, $6, $7) RETURNING id`,
			hash, r.ID, now, now.Add(s.cfg.AbsoluteTimeout), r.TOTPEnabled, in.IP, truncate(in.UserAgent, 255)).Scan(&sid)
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: who, Action: "login.success", ObjectType: "session", ObjectID: id(sid)})
	})
	if err != nil {
		return nil, err
	}
	a := s.actor(r, sid, r.TOTPEnabled, in.IP, now)
	return &LoginResult{Token: token, Actor: a}, nil
}

// loginFailed counts a failed attempt against the account and the IP, locks the account at the limit, and
// records it all. It returns the error to show, which never says whether the username exists.
func (s *Service) loginFailed(ctx context.Context, who *auth.Actor, r *row, reason string, now time.Time) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.addIPFailureTx(ctx, tx, who.IP, now); err != nil {
			return err
		}
		if err := s.log.Write(ctx, tx, audit.Entry{Actor: who, Action: "login.failed", ObjectType: "user", ObjectID: idOrEmpty(r), Result: audit.Failed, Note: reason}); err != nil {
			return err
		}
		if r == nil {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, r.ID).Scan(&n); err != nil {
			return err
		}
		if n < s.cfg.LockoutAfter {
			return nil
		}
		until := now.Add(s.cfg.LockoutFor)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2`, until, r.ID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: who, Action: "account.locked", ObjectType: "user", ObjectID: id(r.ID), Result: audit.Success,
			Note: fmt.Sprintf("连续 %d 次登录失败，锁定至 %s", n, until.Format(time.RFC3339))})
	})
	if err != nil {
		return err
	}
	return errBadCredentials
}

func idOrEmpty(r *row) string {
	if r == nil {
		return ""
	}
	return id(r.ID)
}

// actor builds the Actor of a user's session, with the sign-in step it still owes.
func (s *Service) actor(r *row, sid int64, mfaPending bool, ip string, now time.Time) *auth.Actor {
	a := auth.NewActor(s.roles, r.ID, r.Username, r.Roles)
	a.DisplayName, a.EnterpriseID, a.IP, a.SessionID = r.DisplayName, r.EnterpriseID, ip, sid
	switch {
	case mfaPending:
		a.Step = auth.StepTOTP
	case r.MustChangePassword, s.policy.Expiry > 0 && now.Sub(r.PasswordChangedAt) > s.policy.Expiry:
		a.Step = auth.StepPasswordReset
	case s.policy.AdminMFA && r.TOTPSecret == "" && s.isAdmin(r.Roles):
		a.Step = auth.StepTOTPEnrol
	}
	return a
}

func (s *Service) isAdmin(keys []string) bool {
	for _, k := range keys {
		if r, ok := s.roles.Get(k); ok && r.Admin {
			return true
		}
	}
	return false
}

// touchEvery limits writes of last_seen_at: idle time is measured to the minute.
const touchEvery = time.Minute

// Authenticate returns the actor of a session token, or an Unauthenticated error when the session does not
// exist, has been idle too long, has outlived its absolute lifetime, or belongs to a disabled account.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (*auth.Actor, error) {
	if token == "" {
		return nil, errs.Unauthenticatedf("请先登录")
	}
	now := s.now()
	var sid int64
	var lastSeen, expires time.Time
	var pending bool
	var sessIP string
	r, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+`, s.id, s.last_seen_at, s.expires_at, s.mfa_pending, s.ip
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, hashToken(token)),
		&sid, &lastSeen, &expires, &pending, &sessIP)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.Unauthenticatedf("登录已失效，请重新登录")
	}
	if err != nil {
		return nil, err
	}
	if now.After(expires) || now.Sub(lastSeen) > s.cfg.IdleTimeout || r.Disabled {
		reason := "会话超时"
		if r.Disabled {
			reason = "账号已停用"
		}
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sid); err != nil {
				return err
			}
			return s.log.Write(ctx, tx, audit.Entry{Actor: &auth.Actor{UserID: r.ID, Username: r.Username, IP: ip},
				Action: "session.expired", ObjectType: "session", ObjectID: id(sid), Note: reason})
		})
		if err != nil {
			return nil, err
		}
		return nil, errs.Unauthenticatedf("登录已超时，请重新登录")
	}
	if now.Sub(lastSeen) >= touchEvery {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, sid); err != nil {
			return nil, err
		}
	}
	if r.Roles, err = userRoles(ctx, s.db.R, r.ID); err != nil {
		return nil, err
	}
	return s.actor(r, sid, pending, ip, now), nil
}

// Logout ends the actor's session.
func (s *Service) Logout(ctx context.Context, a *auth.Actor) error {
	if a == nil || a.SessionID == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, a.SessionID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "logout", ObjectType: "session", ObjectID: id(a.SessionID)})
	})
}

// endSessions deletes the sessions of a user except keep (0 for none).
func endSessions(ctx context.Context, tx *sql.Tx, uid, keep int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, uid, keep)
	return err
}

// SessionFilter selects sessions.
type SessionFilter struct {
	UserID int64 // 0 for all users
}

// FindSessions lists live sessions, newest activity first. A user may list their own; the security
// administrator anyone's.
func (s *Service) FindSessions(ctx context.Context, a *auth.Actor, f SessionFilter) ([]*Session, error) {
	if !a.Can(PermSessionsManage) && (f.UserID == 0 || f.UserID != a.UserID) {
		return nil, s.deny(ctx, a, "session.list", "session", "", "没有查看会话的权限")
	}
	now := s.now()
	rows, err := s.db.R.QueryContext(ctx, `SELECT s.id, s.user_id, u.username, s.created_at, s.last_seen_at, s.expires_at, s.mfa_pending, s.ip, s.user_agent
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE (CAST($1 AS BIGINT) = 0 OR s.user_id = CAST($1 AS BIGINT)) AND s.expires_at > $2 AND s.last_seen_at > $3
		ORDER BY s.last_seen_at DESC, s.id DESC LIMIT 500`, f.UserID, now, now.Add(-s.cfg.IdleTimeout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.UserID, &x.Username, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt, &x.MFAPending, &x.IP, &x.UserAgent); err != nil {
			return nil, err
		}
		out = append(out, &x)
	}
	return out, rows.Err()
}

// EndSession ends one session: the owner's own, or anyone's for the security administrator.
func (s *Service) EndSession(ctx context.Context, a *auth.Actor, sid int64) error {
	var owner int64
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id FROM sessions WHERE id = $1`, sid).Scan(&owner)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// Others' sessions, and ones that do not exist, are refused alike: session ids are not to be probed.
	if (owner != a.UserID || errors.Is(err, sql.ErrNoRows)) && !a.Can(PermSessionsManage) {
		return s.deny(ctx, a, "session.end", "session", id(sid), "没有结束他人会话的权限")
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf("会话")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sid); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "session.end", ObjectType: "session", ObjectID: id(sid),
			Before: map[string]any{"user_id": owner}})
	})
}

// EndUserSessions ends every session of a user (security administrator only).
func (s *Service) EndUserSessions(ctx context.Context, a *auth.Actor, uid int64) error {
	if !a.Can(PermSessionsManage) {
		return s.deny(ctx, a, "session.end_all", "user", id(uid), "没有结束他人会话的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, uid)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "session.end_all", ObjectType: "user", ObjectID: id(uid), Note: fmt.Sprintf("结束 %d 个会话", n)})
	})
}

// PurgeSessions deletes expired sessions and stale throttle windows; the maintenance job runs it.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, now, now.Add(-s.cfg.IdleTimeout))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	_, err = s.db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE window_start < $1`, now.Add(-s.cfg.IPFailureWindow))
	return n, err
}

// ipFailures is the number of failed logins from ip in the current window.
func (s *Service) ipFailures(ctx context.Context, ip string, now time.Time) (int, error) {
	var n int
	var start time.Time
	err := s.db.R.QueryRowContext(ctx, `SELECT failures, window_start FROM login_throttle WHERE ip = $1`, ip).Scan(&n, &start)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && now.Sub(start) > s.cfg.IPFailureWindow) {
		return 0, nil
	}
	return n, err
}

func (s *Service) addIPFailure(ctx context.Context, ip string, now time.Time) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return s.addIPFailureTx(ctx, tx, ip, now) })
}

// addIPFailureTx counts a failure in ip's window, starting a new window when the old one has passed. The
// table is shared, so every instance behind a load balancer sees the same count.
func (s *Service) addIPFailureTx(ctx context.Context, tx *sql.Tx, ip string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (ip, window_start, failures) VALUES ($1, $2, 1)
		ON CONFLICT (ip) DO UPDATE SET
			failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
			window_start = CASE WHEN login_throttle.window_start < $3 THEN excluded.window_start ELSE login_throttle.window_start END`,
		ip, now, now.Add(-s.cfg.IPFailureWindow))
	return err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
