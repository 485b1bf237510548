package account

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
)

// code is the authenticator app's code for secret at t.
func code(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCode is a six-digit code that is valid in none of the accepted steps around at.
func wrongCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[code(t, secret, at.Add(d))] = true
	}
	for i := 0; ; i++ {
		if c := fmt.Sprintf("%06d", 123456+i); !valid[c] {
			return c
		}
	}
}

// enrol sets up the second factor of actor a and returns its secret.
func enrol(t testing.TB, e *env, a *auth.Actor) string {
	t.Helper()
	en, err := e.svc.BeginTOTP(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ConfirmTOTP(ctx, a, code(t, en.Secret, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	return en.Secret
}

func TestTOTPEnrolmentAndSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := mustCreateUser(t, e, "tian", auth.RoleEditor)
	a := mustLogin(t, e, "tian", testPassword).Actor

	en, err := e.svc.BeginTOTP(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	key, err := otp.NewKeyFromURL(en.URL)
	if err != nil || key.Secret() != en.Secret || key.Issuer() != "parkos" || key.AccountName() != "tian" || key.Period() != 30 ||
		key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Fatalf("enrolment URL %q: %v", en.URL, err)
	}
	if p, err := e.svc.PendingTOTP(ctx, a); err != nil || p == nil || p.Secret != en.Secret {
		t.Fatalf("pending: %+v %v", p, err)
	}
	png, err := e.svc.TOTPQRCode(ctx, a)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("QR code: %d bytes, %v", len(png), err)
	}
	// Until confirmed, nothing changes.
	if got, _ := e.svc.FindUserByID(ctx, a, u.ID); got.TOTPEnabled {
		t.Fatal("enabled before confirmation")
	}
	if s := mustLogin(t, e, "tian", testPassword).Actor.Step; s != auth.StepNone {
		t.Fatalf("step %q before confirmation", s)
	}

	err = e.svc.ConfirmTOTP(ctx, a, wrongCode(t, en.Secret, e.clock.Now()))
	wantField(t, err, "code", "验证码不正确")
	if r := lastRecord(t, e, "totp.enrol"); r.Result != audit.Failed {
		t.Errorf("failed enrolment record %+v", r)
	}
	first := code(t, en.Secret, e.clock.Now())
	if err := e.svc.ConfirmTOTP(ctx, a, " "+first+" "); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "totp.enrol"); r.Result != audit.Success || strings.Contains(r.Detail, en.Secret) {
		t.Errorf("enrolment record %+v", r)
	}
	if got, _ := e.svc.FindUserByID(ctx, a, u.ID); !got.TOTPEnabled {
		t.Fatal("not enabled after confirmation")
	}
	if p, err := e.svc.PendingTOTP(ctx, a); err != nil || p != nil {
		t.Errorf("pending after confirmation: %+v %v", p, err)
	}
	if _, err := e.svc.TOTPQRCode(ctx, a); !errs.Is(err, errs.NotFound) {
		t.Errorf("QR code after confirmation: %v", err)
	}
	var sealed string
	if err := e.d.R.QueryRow(`SELECT totp_secret_enc FROM users WHERE id = $1`, u.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if sealed == "" || strings.Contains(sealed, en.Secret) {
		t.Errorf("secret stored as %q", sealed)
	}
	if err := e.svc.ConfirmTOTP(ctx, a, first); !errs.Is(err, errs.Invalid) {
		t.Errorf("confirm without a pending enrolment: %v", err)
	}

	// Sign-in now asks for a code.
	res := mustLogin(t, e, "tian", testPassword)
	p := res.Actor
	if p.Step != auth.StepTOTP || p.Can(auth.SignedIn) || !p.Can(auth.Pending) {
		t.Fatalf("actor after the password: step %q", p.Step)
	}
	if a2, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil || a2.Step != auth.StepTOTP {
		t.Fatalf("session waiting for the code: %+v %v", a2, err)
	}
	// The code used to confirm cannot be used again.
	err = e.svc.VerifyTOTP(ctx, p, first)
	wantField(t, err, "code", "已使用过")
	if r := lastRecord(t, e, "login.failed"); r.Decode().Note != "动态口令错误" {
		t.Errorf("wrong code record %+v", r)
	}
	e.clock.Add(30 * time.Second)
	next := code(t, en.Secret, e.clock.Now())
	if err := e.svc.VerifyTOTP(ctx, p, next); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "login.totp"); r.ObjectID != id(p.SessionID) {
		t.Errorf("login.totp record %+v", r)
	}
	done, err := e.svc.Authenticate(ctx, res.Token, testIP)
	if err != nil || done.Step != auth.StepNone || !done.Can(auth.SignedIn) {
		t.Fatalf("session after the code: %+v %v", done, err)
	}
	if err := e.svc.VerifyTOTP(ctx, done, next); !errs.Is(err, errs.Invalid) {
		t.Errorf("verify on a complete session: %v", err)
	}

	// Replay on another session is refused too.
	p2 := mustLogin(t, e, "tian", testPassword).Actor
	err = e.svc.VerifyTOTP(ctx, p2, next)
	wantField(t, err, "code", "已使用过")

	// One step of clock drift is allowed either way; two are not.
	e.clock.Add(90 * time.Second)
	if err := e.svc.VerifyTOTP(ctx, p2, code(t, en.Secret, e.clock.Now().Add(-60*time.Second))); err == nil {
		t.Error("a code two steps old was accepted")
	}
	if err := e.svc.VerifyTOTP(ctx, p2, code(t, en.Secret, e.clock.Now().Add(-30*time.Second))); err != nil {
		t.Errorf("a code one step old: %v", err)
	}
	p3 := mustLogin(t, e, "tian", testPassword).Actor
	if err := e.svc.VerifyTOTP(ctx, p3, code(t, en.Secret, e.clock.Now().Add(30*time.Second))); err != nil {
		t.Errorf("a code one step ahead: %v", err)
	}
	// Having used the step ahead, the current one is spent as well.
	p4 := mustLogin(t, e, "tian", testPassword).Actor
	if err := e.svc.VerifyTOTP(ctx, p4, code(t, en.Secret, e.clock.Now())); err == nil {
		t.Error("a code older than the last used one was accepted")
	}
}

func TestTOTPWrongCodesLockTheAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "guo")
	secret := enrol(t, e, mustLogin(t, e, "guo", testPassword).Actor)
	e.clock.Add(30 * time.Second)
	p := mustLogin(t, e, "guo", testPassword).Actor
	for i := range e.cfg.LockoutAfter {
		err := e.svc.VerifyTOTP(ctx, p, wrongCode(t, secret, e.clock.Now()))
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	if r := lastRecord(t, e, "account.locked"); r.Result != audit.Success {
		t.Errorf("account.locked record %+v", r)
	}
	// Locked: not even the right code passes, on this session or through a new login.
	err := e.svc.VerifyTOTP(ctx, p, code(t, secret, e.clock.Now()))
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "已被锁定") {
		t.Errorf("message %q", err)
	}
	if r := lastRecord(t, e, "login.locked"); r.Result != audit.Denied {
		t.Errorf("login.locked record %+v", r)
	}
	if _, err := e.svc.Login(ctx, LoginInput{Username: "guo", Password: testPassword, IP: testIP}); err == nil {
		t.Error("login while locked")
	}
	e.clock.Add(e.cfg.LockoutFor + time.Second)
	if err := e.svc.VerifyTOTP(ctx, p, code(t, secret, e.clock.Now())); err != nil {
		t.Errorf("right code after the lockout: %v", err)
	}
}

// A session that has passed the password but not the second factor must not be able to replace the factor,
// change the password or obtain any other credential: else the password alone would be enough.
func TestTOTPPendingSessionCannotBypassTheFactor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := mustCreateUser(t, e, "huwei")
	secret := enrol(t, e, mustLogin(t, e, "huwei", testPassword).Actor)
	p := mustLogin(t, e, "huwei", testPassword).Actor
	if p.Step != auth.StepTOTP {
		t.Fatalf("step %q", p.Step)
	}
	_, err := e.svc.BeginTOTP(ctx, p)
	wantDenied(t, e, err, "totp.enrol")
	_, err = e.svc.PendingTOTP(ctx, p)
	wantDenied(t, e, err, "totp.enrol")
	_, err = e.svc.TOTPQRCode(ctx, p)
	wantCode(t, err, errs.Forbidden)
	err = e.svc.ConfirmTOTP(ctx, p, "123456")
	wantDenied(t, e, err, "totp.enrol")
	err = e.svc.ChangePassword(ctx, p, testPassword, "Attacker-Chosen-1")
	wantDenied(t, e, err, "user.password.change")
	_, err = e.svc.CreateToken(ctx, p, u.ID, "backdoor")
	wantDenied(t, e, err, "token.create")
	wantCode(t, e.svc.ResetTOTP(ctx, p, u.ID), errs.Forbidden)

	// The factor is still the user's own.
	e.clock.Add(30 * time.Second)
	if err := e.svc.VerifyTOTP(ctx, p, code(t, secret, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	mustLogin(t, e, "huwei", testPassword)

	// A user owing a password change may still create no token.
	sys := actorWith(t, e, auth.RoleSysAdmin)
	pw, err := e.svc.ResetPassword(ctx, sys, u.ID, "", true)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(30 * time.Second)
	res := mustLogin(t, e, "huwei", pw)
	if err := e.svc.VerifyTOTP(ctx, res.Actor, code(t, secret, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.Authenticate(ctx, res.Token, testIP)
	if err != nil || r.Step != auth.StepPasswordReset {
		t.Fatalf("after the code with a temporary password: %+v %v", r, err)
	}
	_, err = e.svc.CreateToken(ctx, r, u.ID, "early")
	wantDenied(t, e, err, "token.create")
}

// mustLoginToken signs in with password and TOTP code and returns the session token.
func mustLoginToken(t testing.TB, e *env, username, password, secret string) string {
	t.Helper()
	res := mustLogin(t, e, username, password)
	if res.Actor.Step == auth.StepTOTP {
		e.clock.Add(30 * time.Second)
		if err := e.svc.VerifyTOTP(ctx, res.Actor, code(t, secret, e.clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
	return res.Token
}

// Two requests racing with one code: only one may pass.
func TestTOTPConcurrentReplay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "cao")
	secret := enrol(t, e, mustLogin(t, e, "cao", testPassword).Actor)
	e.clock.Add(30 * time.Second)
	const n = 6
	var ps []*auth.Actor
	for range n {
		ps = append(ps, mustLogin(t, e, "cao", testPassword).Actor)
	}
	c := code(t, secret, e.clock.Now())
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	start := make(chan struct{})
	for _, p := range ps {
		wg.Go(func() {
			<-start
			if err := e.svc.VerifyTOTP(ctx, p, c); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if !errs.Is(err, errs.Invalid) {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok != 1 {
		t.Errorf("%d sessions passed with one code, want 1", ok)
	}
}

func TestDengbaoAdministratorEnrolsThenSignsInWithTOTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dengbao)
	mustCreateUser(t, e, "admin-sys", auth.RoleSysAdmin)
	res := mustLogin(t, e, "admin-sys", testPassword)
	a := res.Actor
	if a.Step != auth.StepTOTPEnrol {
		t.Fatalf("step %q", a.Step)
	}
	_, _, err := e.svc.CreateUser(ctx, a, NewUser{Username: "early", Password: testPassword})
	wantDenied(t, e, err, "user.create")
	secret := enrol(t, e, a)
	a, err = e.svc.Authenticate(ctx, res.Token, testIP)
	if err != nil || a.Step != auth.StepNone || !a.Can(PermUsersManage) {
		t.Fatalf("session after enrolment: %+v %v", a, err)
	}
	if _, _, err := e.svc.CreateUser(ctx, a, NewUser{Username: "later", Password: testPassword}); err != nil {
		t.Errorf("create after enrolment: %v", err)
	}
	e.clock.Add(30 * time.Second)
	p := mustLogin(t, e, "admin-sys", testPassword).Actor
	if p.Step != auth.StepTOTP {
		t.Fatalf("next login: step %q", p.Step)
	}
	if err := e.svc.VerifyTOTP(ctx, p, code(t, secret, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
}

func TestResetTOTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sec := actorWith(t, e, auth.RoleSecAdmin)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	u := mustCreateUser(t, e, "lost-phone")
	secret := enrol(t, e, mustLogin(t, e, "lost-phone", testPassword).Actor)
	tok := mustLoginToken(t, e, "lost-phone", testPassword, secret)

	err := e.svc.ResetTOTP(ctx, sys, u.ID)
	wantDenied(t, e, err, "totp.reset")
	if err := e.svc.ResetTOTP(ctx, sec, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, tok, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("session after a reset by the security administrator: %v", err)
	}
	if r := lastRecord(t, e, "totp.reset"); r.Result != audit.Success || r.ActorName != sec.Username {
		t.Errorf("totp.reset record %+v", r)
	}
	a := mustLogin(t, e, "lost-phone", testPassword).Actor
	if a.Step != auth.StepNone {
		t.Fatalf("step after reset %q", a.Step)
	}
	// The user turns it on and off himself; his session stays.
	secret = enrol(t, e, a)
	tok = mustLoginToken(t, e, "lost-phone", testPassword, secret)
	me, _ := e.svc.Authenticate(ctx, tok, testIP)
	if err := e.svc.ResetTOTP(ctx, me, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, tok, testIP); err != nil {
		t.Errorf("own reset ended the session: %v", err)
	}
	if s := mustLogin(t, e, "lost-phone", testPassword).Actor.Step; s != auth.StepNone {
		t.Errorf("step %q", s)
	}
}

func TestCheckTOTP(t *testing.T) {
	t.Parallel()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "parkos", AccountName: "x"})
	if err != nil {
		t.Fatal(err)
	}
	s := key.Secret()
	now := time.Unix(1_700_000_015, 0) // 15 s into step 56666667
	step := now.Unix() / 30
	c := code(t, s, now)
	for _, tc := range []struct {
		name string
		code string
		last int64
		want int64
	}{
		{"current", c, 0, step},
		{"spaces", " " + c + "\t", 0, step},
		{"previous step", code(t, s, now.Add(-30*time.Second)), 0, step - 1},
		{"next step", code(t, s, now.Add(30*time.Second)), 0, step + 1},
		{"two steps old", code(t, s, now.Add(-60*time.Second)), 0, 0},
		{"used", c, step, 0},
		{"previous after current used", code(t, s, now.Add(-30*time.Second)), step, 0},
		{"next after current used", code(t, s, now.Add(30*time.Second)), step, step + 1},
		{"empty", "", 0, 0},
		{"wrong", wrongCode(t, s, now), 0, 0},
	} {
		if got := checkTOTP(s, tc.code, now, tc.last); got != tc.want {
			t.Errorf("%s: step %d, want %d", tc.name, got, tc.want)
		}
	}
}
