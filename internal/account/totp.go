package account

import (
	"bytes"
	"context"
	"database/sql"
	"image/png"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
)

// TOTP follows RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
// One step either side is accepted for clock drift, and a code is accepted only once (the last used step is
// stored), so an observed code cannot be replayed.
const totpIssuer = "parkos"

var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// checkTOTP validates code against secret and returns the time step it belongs to, or 0.
func checkTOTP(secret, code string, now time.Time, lastStep int64) int64 {
	code = strings.TrimSpace(code)
	for _, d := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(d*30) * time.Second)
		step := t.Unix() / 30
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && want == code {
			return step
		}
	}
	return 0
}

// TOTPEnrolment is a second factor being set up: the secret to type and the otpauth URL for the QR code.
type TOTPEnrolment struct {
	Secret string
	URL    string
}

// BeginTOTP starts (or restarts) the actor's enrolment and returns the new secret. Until confirmed with a code
// it has no effect.
func (s *Service) BeginTOTP(ctx context.Context, a *auth.Actor) (*TOTPEnrolment, error) {
	if a.UserID == 0 || !a.Can(auth.Pending) {
		return nil, errs.Unauthenticatedf("请先登录")
	}
	if a.Step == auth.StepTOTP { // a password alone must not replace the second factor
		return nil, s.deny(ctx, a, "totp.enrol", "user", id(a.UserID), "请先输入动态口令完成登录")
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: a.Username, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, err
	}
	_, err = s.db.W.ExecContext(ctx, `UPDATE users SET totp_pending_enc = $1, updated_at = $2 WHERE id = $3`, s.seal.Seal(key.Secret()), s.now(), a.UserID)
	if err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// PendingTOTP returns the enrolment in progress, or nil.
func (s *Service) PendingTOTP(ctx context.Context, a *auth.Actor) (*TOTPEnrolment, error) {
	if a.UserID == 0 || !a.Can(auth.Pending) {
		return nil, errs.Unauthenticatedf("请先登录")
	}
	if a.Step == auth.StepTOTP {
		return nil, s.deny(ctx, a, "totp.enrol", "user", id(a.UserID), "请先输入动态口令完成登录")
	}
	r, err := userByID(ctx, s.db.R, a.UserID)
	if err != nil {
		return nil, err
	}
	secret, err := s.seal.Open(r.TOTPPending)
	if err != nil || secret == "" {
		return nil, err
	}
	return &TOTPEnrolment{Secret: secret, URL: otpauthURL(r.Username, secret)}, nil
}

// otpauthURL is the Key Uri Format that authenticator apps read from the QR code.
func otpauthURL(account, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {totpIssuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + url.PathEscape(totpIssuer+":"+account) + "?" + q.Encode()
}

// TOTPQRCode renders the pending enrolment as a PNG QR code.
func (s *Service) TOTPQRCode(ctx context.Context, a *auth.Actor) ([]byte, error) {
	e, err := s.PendingTOTP(ctx, a)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, errs.NotFoundf("待绑定的动态口令")
	}
	key, err := otp.NewKeyFromURL(e.URL)
	if err != nil {
		return nil, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ConfirmTOTP finishes enrolment with a code from the app; from then on sign-in asks for a code.
func (s *Service) ConfirmTOTP(ctx context.Context, a *auth.Actor, code string) error {
	if a.UserID == 0 || !a.Can(auth.Pending) {
		return errs.Unauthenticatedf("请先登录")
	}
	if a.Step == auth.StepTOTP {
		return s.deny(ctx, a, "totp.enrol", "user", id(a.UserID), "请先输入动态口令完成登录")
	}
	r, err := userByID(ctx, s.db.R, a.UserID)
	if err != nil {
		return err
	}
	secret, err := s.seal.Open(r.TOTPPending)
	if err != nil {
		return err
	}
	if secret == "" {
		return errs.Invalidf("code", "请先生成二维码再输入验证码")
	}
	step := checkTOTP(secret, code, s.now(), 0)
	if step == 0 {
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "totp.enrol", ObjectType: "user", ObjectID: id(a.UserID), Result: audit.Failed, Note: "验证码错误"})
		return errs.Invalidf("code", "验证码不正确，请核对手机时间后输入最新的 6 位数字")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret_enc = $1, totp_pending_enc = '', totp_last_step = $2, updated_at = $3 WHERE id = $4`,
			s.seal.Seal(secret), step, s.now(), a.UserID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "totp.enrol", ObjectType: "user", ObjectID: id(a.UserID), After: map[string]any{"totp": true}})
	})
}

// VerifyTOTP completes a sign-in that is waiting for the second factor.
func (s *Service) VerifyTOTP(ctx context.Context, a *auth.Actor, code string) error {
	if a.UserID == 0 || a.Step != auth.StepTOTP {
		return errs.Invalidf("code", "当前登录不需要动态口令")
	}
	now := s.now()
	r, err := userByID(ctx, s.db.R, a.UserID)
	if err != nil {
		return err
	}
	if r.Locked(now) { // the lockout covers guessing codes: no more tries until it ends
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "login.locked", ObjectType: "user", ObjectID: id(r.ID), Result: audit.Denied,
			Note: "动态口令验证：账号锁定中，至 " + r.LockedUntil.Format(time.RFC3339)})
		return errs.Unauthenticatedf("账号因多次登录失败已被锁定，请 %d 分钟后再试，或联系系统管理员解锁", int(math.Ceil(r.LockedUntil.Sub(now).Minutes())))
	}
	secret, err := s.seal.Open(r.TOTPSecret)
	if err != nil {
		return err
	}
	step := checkTOTP(secret, code, now, r.TOTPStep)
	if step == 0 {
		// A wrong code counts like a wrong password, so the lockout covers guessing codes too.
		who := &auth.Actor{UserID: r.ID, Username: r.Username, IP: a.IP}
		if err := s.loginFailed(ctx, who, r, "动态口令错误", now); err != nil && err != errBadCredentials {
			return err
		}
		return errs.Invalidf("code", "动态口令不正确或已使用过，请输入最新的 6 位数字")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		// Conditional, so that of two requests racing with the same code only one gets through.
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1, failed_logins = 0 WHERE id = $2 AND totp_last_step < $1`, step, r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errs.Invalidf("code", "动态口令不正确或已使用过，请输入最新的 6 位数字")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET mfa_pending = FALSE, last_seen_at = $1 WHERE id = $2`, now, a.SessionID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "login.totp", ObjectType: "session", ObjectID: id(a.SessionID)})
	})
}

// ResetTOTP removes a user's second factor: the user themselves, or the security administrator for someone
// who lost their phone. Their sessions end.
func (s *Service) ResetTOTP(ctx context.Context, a *auth.Actor, uid int64) error {
	if a.UserID != uid && !a.Can(PermSessionsManage) {
		return s.deny(ctx, a, "totp.reset", "user", id(uid), "没有重置动态口令的权限")
	}
	if a.UserID == uid && !a.Can(auth.SignedIn) {
		return errs.Forbiddenf("请先完成登录")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := userByID(ctx, tx, uid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret_enc = '', totp_pending_enc = '', updated_at = $1 WHERE id = $2`, s.now(), uid); err != nil {
			return err
		}
		if a.UserID != uid {
			if err := endSessions(ctx, tx, uid, 0); err != nil {
				return err
			}
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "totp.reset", ObjectType: "user", ObjectID: id(uid), After: map[string]any{"totp": false}})
	})
}
