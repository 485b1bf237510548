package account

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/errs"
)

func TestLoginOpensAFreshSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := mustCreateUser(t, e, "zhou", auth.RoleEditor, auth.RoleReviewer)
	res := mustLogin(t, e, " ZHOU ", testPassword)
	raw, err := base64.RawURLEncoding.DecodeString(res.Token)
	if err != nil || len(raw) < 16 {
		t.Fatalf("session token %q: want at least 128 random bits (%d bytes, %v)", res.Token, len(raw), err)
	}
	a := res.Actor
	if a.UserID != u.ID || a.Username != "zhou" || a.SessionID == 0 || a.Step != auth.StepNone || a.IP != testIP ||
		!a.HasRole(auth.RoleReviewer) || !a.Can(auth.SignedIn) {
		t.Errorf("actor %+v", a)
	}
	// The token is stored hashed; every login issues a new one.
	var n int
	if err := e.d.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE token_hash = $1`, res.Token).Scan(&n); err != nil || n != 0 {
		t.Errorf("session token stored in clear (%d, %v)", n, err)
	}
	res2 := mustLogin(t, e, "zhou", testPassword)
	if res2.Token == res.Token || res2.Actor.SessionID == a.SessionID {
		t.Error("a second login reused the session")
	}
	got, err := e.svc.Authenticate(ctx, res.Token, testIP)
	if err != nil || got.SessionID != a.SessionID || got.UserID != u.ID {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	if _, err := e.svc.Authenticate(ctx, "", testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("empty token: %v", err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token+"x", testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("unknown token: %v", err)
	}
	r := lastRecord(t, e, "login.success")
	if r.ActorName != "zhou" || r.IP != testIP || r.ObjectID != id(res2.Actor.SessionID) {
		t.Errorf("login.success record %+v", r)
	}
	if got, _ := e.svc.FindUserByID(ctx, e.sys, u.ID); got.LastLoginAt == nil || !got.LastLoginAt.Equal(e.clock.Now()) {
		t.Errorf("last login %v, want %v", got.LastLoginAt, e.clock.Now())
	}
	if strings.Contains(allAuditText(t, e), testPassword) {
		t.Error("a password reached the audit log")
	}
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "wuyue")
	for _, c := range []struct{ name, user, pw, note string }{
		{"unknown user", "nobody", testPassword, "用户不存在"},
		{"wrong password", "wuyue", "Not-the-password-1", "密码错误"},
		{"empty password", "wuyue", "", "密码错误"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.svc.Login(ctx, LoginInput{Username: c.user, Password: c.pw, IP: testIP})
			wantCode(t, err, errs.Unauthenticated)
			if err.Error() != "用户名或密码错误" {
				t.Errorf("message %q: must not tell whether the user exists", err)
			}
			r := lastRecord(t, e, "login.failed")
			if r.Result != audit.Failed || r.ActorName != c.user || r.Decode().Note != c.note {
				t.Errorf("login.failed record %+v", r)
			}
		})
	}
}

func TestLockout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.IPFailureLimit = 100 })
	u := mustCreateUser(t, e, "zheng")
	sys := actorWith(t, e, auth.RoleSysAdmin)
	fail := func() error {
		t.Helper()
		_, err := e.svc.Login(ctx, LoginInput{Username: "zheng", Password: "Wrong-password-9", IP: testIP})
		return err
	}
	lock := func() {
		t.Helper()
		for i := range e.cfg.LockoutAfter {
			if err := fail(); err == nil || err.Error() != "用户名或密码错误" {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
	}

	// A success in between starts the count again.
	for range e.cfg.LockoutAfter - 1 {
		_ = fail()
	}
	mustLogin(t, e, "zheng", testPassword)
	for range e.cfg.LockoutAfter - 1 {
		_ = fail()
	}
	mustLogin(t, e, "zheng", testPassword)

	lock()
	if r := lastRecord(t, e, "account.locked"); r.ObjectID != id(u.ID) || !strings.Contains(r.Decode().Note, "连续 5 次登录失败") {
		t.Errorf("account.locked record %+v", r)
	}
	// The sixth attempt is refused even with the right password.
	_, err := e.svc.Login(ctx, LoginInput{Username: "zheng", Password: testPassword, IP: testIP})
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "已被锁定") || !strings.Contains(err.Error(), "请 5 分钟后再试") {
		t.Errorf("locked message %q", err)
	}
	if r := lastRecord(t, e, "login.locked"); r.Result != audit.Denied {
		t.Errorf("login.locked record %+v", r)
	}
	e.clock.Add(e.cfg.LockoutFor - time.Second)
	_, err = e.svc.Login(ctx, LoginInput{Username: "zheng", Password: testPassword, IP: testIP})
	if err == nil || !strings.Contains(err.Error(), "请 1 分钟后再试") {
		t.Errorf("a second before the end: %v", err)
	}
	e.clock.Add(2 * time.Second)
	mustLogin(t, e, "zheng", testPassword)

	// The system administrator lifts a lock early.
	lock()
	if u, _ := e.svc.FindUserByID(ctx, sys, u.ID); !u.Locked(e.clock.Now()) {
		t.Fatal("not locked")
	}
	if err := e.svc.Unlock(ctx, sys, u.ID); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "user.unlock"); r.Result != audit.Success || r.ObjectID != id(u.ID) {
		t.Errorf("user.unlock record %+v", r)
	}
	mustLogin(t, e, "zheng", testPassword)
	if err := e.svc.Unlock(ctx, sys, u.ID+999); !errs.Is(err, errs.NotFound) {
		t.Errorf("unlock of a missing user: %v", err)
	}

	// A configured limit is honoured.
	e.cfg.LockoutAfter = 2
	_ = fail()
	_ = fail()
	if _, err := e.svc.Login(ctx, LoginInput{Username: "zheng", Password: testPassword, IP: testIP}); err == nil || !strings.Contains(err.Error(), "锁定") {
		t.Errorf("after two failures with LockoutAfter=2: %v", err)
	}
}

func TestIPThrottle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.IPFailureLimit = 3 })
	mustCreateUser(t, e, "feng")
	for i := range 3 {
		_, err := e.svc.Login(ctx, LoginInput{Username: "guess" + id(int64(i)), Password: "whatever-pass", IP: "203.0.113.9"})
		wantCode(t, err, errs.Unauthenticated)
	}
	_, err := e.svc.Login(ctx, LoginInput{Username: "feng", Password: testPassword, IP: "203.0.113.9"})
	wantCode(t, err, errs.TooMany)
	if err.Error() != "登录失败次数过多，请 15 分钟后再试" {
		t.Errorf("message %q", err)
	}
	if r := lastRecord(t, e, "login.throttled"); r.Result != audit.Denied || r.ObjectID != "203.0.113.9" {
		t.Errorf("login.throttled record %+v", r)
	}
	// Other addresses are not affected, and the failures did not lock the account.
	mustLogin(t, e, "feng", testPassword)
	e.clock.Add(e.cfg.IPFailureWindow - time.Minute)
	if _, err := e.svc.Login(ctx, LoginInput{Username: "feng", Password: testPassword, IP: "203.0.113.9"}); !errs.Is(err, errs.TooMany) {
		t.Errorf("within the window: %v", err)
	}
	e.clock.Add(2 * time.Minute)
	if _, err := e.svc.Login(ctx, LoginInput{Username: "feng", Password: testPassword, IP: "203.0.113.9"}); err != nil {
		t.Errorf("after the window: %v", err)
	}
	// A new window counts from one again.
	_, _ = e.svc.Login(ctx, LoginInput{Username: "feng", Password: "Wrong-password-1", IP: "203.0.113.9"})
	if _, err := e.svc.Login(ctx, LoginInput{Username: "feng", Password: testPassword, IP: "203.0.113.9"}); err != nil {
		t.Errorf("one failure in a new window: %v", err)
	}
}

func TestSessionIdleTimeoutAndTouch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "chen")
	res := mustLogin(t, e, "chen", testPassword)
	start := e.clock.Now()
	lastSeen := func() time.Time {
		t.Helper()
		ss, err := e.svc.FindSessions(ctx, res.Actor, SessionFilter{UserID: res.Actor.UserID})
		if err != nil || len(ss) != 1 {
			t.Fatalf("own sessions: %v %v", ss, err)
		}
		return ss[0].LastSeenAt
	}

	// Within a minute nothing is written; after it last_seen_at moves.
	e.clock.Add(30 * time.Second)
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil {
		t.Fatal(err)
	}
	if got := lastSeen(); !got.Equal(start) {
		t.Errorf("last seen %v after 30 s, want %v", got, start)
	}
	e.clock.Add(2 * time.Minute)
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil {
		t.Fatal(err)
	}
	if got := lastSeen(); !got.Equal(e.clock.Now()) {
		t.Errorf("last seen %v, want %v", got, e.clock.Now())
	}

	// Activity keeps the session alive past the idle timeout counted from login...
	e.clock.Add(e.cfg.IdleTimeout - time.Minute)
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil {
		t.Fatalf("active session: %v", err)
	}
	// ... and idleness ends it.
	e.clock.Add(e.cfg.IdleTimeout + time.Second)
	_, err := e.svc.Authenticate(ctx, res.Token, testIP)
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "超时") {
		t.Errorf("message %q", err)
	}
	if r := lastRecord(t, e, "session.expired"); r.ObjectID != id(res.Actor.SessionID) || r.Decode().Note != "会话超时" {
		t.Errorf("session.expired record %+v", r)
	}
	var n int
	if err := e.d.R.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d sessions left (%v)", n, err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("ended session: %v", err)
	}
}

func TestSessionConfiguredIdleTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.IdleTimeout = 5 * time.Minute })
	mustCreateUser(t, e, "short")
	res := mustLogin(t, e, "short", testPassword)
	e.clock.Add(5*time.Minute + time.Second)
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("after 5 idle minutes with IdleTimeout=5m: %v", err)
	}
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "yang")
	res := mustLogin(t, e, "yang", testPassword)
	step := 20 * time.Minute
	for elapsed := step; elapsed <= e.cfg.AbsoluteTimeout; elapsed += step {
		e.clock.Add(step)
		if _, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil {
			t.Fatalf("after %s of activity: %v", elapsed, err)
		}
	}
	e.clock.Add(step)
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("past the absolute lifetime: %v", err)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "hejun")
	one := mustLogin(t, e, "hejun", testPassword)
	two := mustLogin(t, e, "hejun", testPassword)
	if err := e.svc.Logout(ctx, one.Actor); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, one.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("session after logout: %v", err)
	}
	if _, err := e.svc.Authenticate(ctx, two.Token, testIP); err != nil {
		t.Errorf("the other session ended too: %v", err)
	}
	if r := lastRecord(t, e, "logout"); r.ObjectID != id(one.Actor.SessionID) || r.ActorName != "hejun" {
		t.Errorf("logout record %+v", r)
	}
	if err := e.svc.Logout(ctx, auth.Anonymous(testIP)); err != nil {
		t.Errorf("anonymous logout: %v", err)
	}
	if err := e.svc.Logout(ctx, nil); err != nil {
		t.Errorf("nil logout: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustCreateUser(t, e, "lvbin")
	one := mustLogin(t, e, "lvbin", testPassword)
	two := mustLogin(t, e, "lvbin", testPassword)
	a := one.Actor
	const next = "Another-Secret-42"

	err := e.svc.ChangePassword(ctx, a, "wrong-current", next)
	wantField(t, err, "current", "当前密码不正确")
	if r := lastRecord(t, e, "user.password.change"); r.Result != audit.Failed || strings.Contains(r.Detail, next) {
		t.Errorf("failed change record %+v", r)
	}
	wantField(t, e.svc.ChangePassword(ctx, a, testPassword, "12345678"), "password", "常见密码")
	wantField(t, e.svc.ChangePassword(ctx, a, testPassword, "short"), "password", "密码至少 8 个字符")
	wantField(t, e.svc.ChangePassword(ctx, a, testPassword, "my-lvbin-password"), "password", "密码不能包含用户名")
	wantField(t, e.svc.ChangePassword(ctx, a, testPassword, testPassword), "password", "新密码不能与当前密码相同")
	wantCode(t, e.svc.ChangePassword(ctx, auth.Anonymous(testIP), testPassword, next), errs.Unauthenticated)
	if _, err := e.svc.Authenticate(ctx, one.Token, testIP); err != nil {
		t.Fatalf("refused changes ended the session: %v", err)
	}

	if err := e.svc.ChangePassword(ctx, a, testPassword, next); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{one.Token, two.Token} {
		if _, err := e.svc.Authenticate(ctx, tok, testIP); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session after a password change: %v", err)
		}
	}
	if _, err := e.svc.Login(ctx, LoginInput{Username: "lvbin", Password: testPassword, IP: testIP}); err == nil {
		t.Error("the old password still works")
	}
	mustLogin(t, e, "lvbin", next)
	if r := lastRecord(t, e, "user.password.change"); r.Result != audit.Success {
		t.Errorf("change record %+v", r)
	}
	if strings.Contains(allAuditText(t, e), next) {
		t.Error("the new password reached the audit log")
	}
}

func TestResetPasswordForcesChange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	u := mustCreateUser(t, e, "xuhui", auth.RoleEditor)
	old := mustLogin(t, e, "xuhui", testPassword)

	pw, err := e.svc.ResetPassword(ctx, sys, u.ID, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(pw) != 16 {
		t.Errorf("temporary password %q", pw)
	}
	if _, err := e.svc.Authenticate(ctx, old.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("session after a reset: %v", err)
	}
	if r := lastRecord(t, e, "user.password.reset"); r.Decode().After["must_change_password"] != true || strings.Contains(r.Detail, pw) {
		t.Errorf("reset record %+v", r)
	}

	res := mustLogin(t, e, "xuhui", pw)
	a := res.Actor
	if a.Step != auth.StepPasswordReset || a.Can(auth.SignedIn) || !a.Can(auth.Pending) {
		t.Fatalf("actor after login with a temporary password: step %q", a.Step)
	}
	if a2, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil || a2.Step != auth.StepPasswordReset {
		t.Fatalf("session with a temporary password: %+v %v", a2, err)
	}
	if err := e.svc.ChangePassword(ctx, a, pw, "Brand-New-Pass-7"); err != nil {
		t.Fatal(err)
	}
	if res := mustLogin(t, e, "xuhui", "Brand-New-Pass-7"); res.Actor.Step != auth.StepNone {
		t.Errorf("step after changing the temporary password: %q", res.Actor.Step)
	}

	// A chosen, non-temporary password is checked against the policy and asks for nothing.
	_, err = e.svc.ResetPassword(ctx, sys, u.ID, "password123", false)
	wantField(t, err, "password", "常见密码")
	if _, err := e.svc.ResetPassword(ctx, sys, u.ID, "Chosen-By-Admin-5", false); err != nil {
		t.Fatal(err)
	}
	if res := mustLogin(t, e, "xuhui", "Chosen-By-Admin-5"); res.Actor.Step != auth.StepNone {
		t.Errorf("step after a non-temporary reset: %q", res.Actor.Step)
	}
	// Own password goes through ChangePassword; missing users are not found.
	_, err = e.svc.ResetPassword(ctx, sys, sys.UserID, "", true)
	wantField(t, err, "password", "我的账号")
	if _, err := e.svc.ResetPassword(ctx, sys, u.ID+999, "", true); !errs.Is(err, errs.NotFound) {
		t.Errorf("reset of a missing user: %v", err)
	}
}

func TestPasswordExpiry(t *testing.T) {
	t.Parallel()
	t.Run("dengbao default 90 days", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, dengbao)
		mustCreateUser(t, e, "jiang", auth.RoleEditor)
		if s := mustLogin(t, e, "jiang", testPassword).Actor.Step; s != auth.StepNone {
			t.Fatalf("fresh password: step %q", s)
		}
		e.clock.Add(89 * 24 * time.Hour)
		res := mustLogin(t, e, "jiang", testPassword)
		if res.Actor.Step != auth.StepNone {
			t.Errorf("after 89 days: step %q", res.Actor.Step)
		}
		e.clock.Add(2 * 24 * time.Hour)
		a := mustLogin(t, e, "jiang", testPassword).Actor
		if a.Step != auth.StepPasswordReset || a.Can(auth.SignedIn) {
			t.Errorf("after 91 days: step %q, want %q", a.Step, auth.StepPasswordReset)
		}
		if err := e.svc.ChangePassword(ctx, a, testPassword, "Fresh-Pass-2024"); err != nil {
			t.Fatal(err)
		}
		if s := mustLogin(t, e, "jiang", "Fresh-Pass-2024").Actor.Step; s != auth.StepNone {
			t.Errorf("after the change: step %q", s)
		}
	})
	t.Run("dengbao configured expiry", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, dengbao, func(c *config.Config) {
			c.PasswordExpiry = 30 * 24 * time.Hour
			// Long sessions, to see the step appear on a session opened before the expiry.
			c.IdleTimeout, c.AbsoluteTimeout = 31*24*time.Hour, 31*24*time.Hour
		})
		mustCreateUser(t, e, "kong")
		res := mustLogin(t, e, "kong", testPassword)
		e.clock.Add(30*24*time.Hour - 2*time.Minute)
		if a, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil || a.Step != auth.StepNone {
			t.Fatalf("before expiry: %+v %v", a, err)
		}
		e.clock.Add(3 * time.Minute)
		if a, err := e.svc.Authenticate(ctx, res.Token, testIP); err != nil || a.Step != auth.StepPasswordReset {
			t.Errorf("after expiry: %+v %v", a, err)
		}
	})
	t.Run("dengbao expiry 0 disables", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, dengbao, func(c *config.Config) { c.PasswordExpiry = 0 })
		mustCreateUser(t, e, "wei")
		e.clock.Add(1000 * 24 * time.Hour)
		if s := mustLogin(t, e, "wei", testPassword).Actor.Step; s != auth.StepNone {
			t.Errorf("step %q", s)
		}
	})
	t.Run("standard never expires", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		mustCreateUser(t, e, "tao")
		e.clock.Add(1000 * 24 * time.Hour)
		if s := mustLogin(t, e, "tao", testPassword).Actor.Step; s != auth.StepNone {
			t.Errorf("step %q", s)
		}
	})
}

func TestDengbaoAdministratorsMustEnrolTOTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dengbao)
	for _, role := range []string{auth.RoleSysAdmin, auth.RoleSecAdmin, auth.RoleAuditAdmin} {
		mustCreateUser(t, e, "adm-"+role, role)
		a := mustLogin(t, e, "adm-"+role, testPassword).Actor
		if a.Step != auth.StepTOTPEnrol || a.Can(auth.SignedIn) || a.Can(PermUsersView) {
			t.Errorf("%s under dengbao without TOTP: step %q", role, a.Step)
		}
	}
	mustCreateUser(t, e, "biz", auth.RoleEditor)
	if s := mustLogin(t, e, "biz", testPassword).Actor.Step; s != auth.StepNone {
		t.Errorf("business user under dengbao: step %q", s)
	}

	std := newEnv(t)
	mustCreateUser(t, std, "admin1", auth.RoleSysAdmin)
	if s := mustLogin(t, std, "admin1", testPassword).Actor.Step; s != auth.StepNone {
		t.Errorf("administrator under standard: step %q", s)
	}
}

func TestSessionsAdministration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sec := actorWith(t, e, auth.RoleSecAdmin)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	mustCreateUser(t, e, "mazhi")
	mustCreateUser(t, e, "niuli")
	ma1 := mustLogin(t, e, "mazhi", testPassword)
	e.clock.Add(2 * time.Minute)
	ma2 := mustLogin(t, e, "mazhi", testPassword)
	niu := mustLogin(t, e, "niuli", testPassword)

	all, err := e.svc.FindSessions(ctx, sec, SessionFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("secadmin lists all: %d %v", len(all), err)
	}
	if all[0].LastSeenAt.Before(all[2].LastSeenAt) || all[2].ID != ma1.Actor.SessionID {
		t.Errorf("not newest activity first: %+v", all)
	}
	if all[0].IP != testIP || all[0].UserAgent != "go test" || all[0].Username == "" {
		t.Errorf("session %+v", all[0])
	}
	own, err := e.svc.FindSessions(ctx, ma1.Actor, SessionFilter{UserID: ma1.Actor.UserID})
	if err != nil || len(own) != 2 {
		t.Errorf("own sessions: %d %v", len(own), err)
	}
	_, err = e.svc.FindSessions(ctx, ma1.Actor, SessionFilter{UserID: niu.Actor.UserID})
	wantDenied(t, e, err, "session.list")
	_, err = e.svc.FindSessions(ctx, ma1.Actor, SessionFilter{})
	wantDenied(t, e, err, "session.list")
	_, err = e.svc.FindSessions(ctx, sys, SessionFilter{})
	wantDenied(t, e, err, "session.list")

	// A user ends his own other session, not someone else's.
	if err := e.svc.EndSession(ctx, ma2.Actor, ma1.Actor.SessionID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, ma1.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("ended session: %v", err)
	}
	err = e.svc.EndSession(ctx, ma2.Actor, niu.Actor.SessionID)
	wantDenied(t, e, err, "session.end")
	if err := e.svc.EndSession(ctx, sec, 424242); !errs.Is(err, errs.NotFound) {
		t.Errorf("missing session: %v", err)
	}
	// The security administrator ends anyone's.
	if err := e.svc.EndSession(ctx, sec, niu.Actor.SessionID); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "session.end"); r.ActorName != sec.Username || r.Result != audit.Success {
		t.Errorf("session.end record %+v", r)
	}
	err = e.svc.EndUserSessions(ctx, sys, ma2.Actor.UserID)
	wantDenied(t, e, err, "session.end_all")
	mustLogin(t, e, "mazhi", testPassword)
	if err := e.svc.EndUserSessions(ctx, sec, ma2.Actor.UserID); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "session.end_all"); r.Decode().Note != "结束 2 个会话" {
		t.Errorf("session.end_all record %+v", r)
	}
	if ss, _ := e.svc.FindSessions(ctx, sec, SessionFilter{}); len(ss) != 0 {
		t.Errorf("%d sessions left", len(ss))
	}
}

func TestFindSessionsAndPurgeSkipDeadSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.IPFailureLimit = 100 })
	sec := actorWith(t, e, auth.RoleSecAdmin)
	mustCreateUser(t, e, "old")
	mustCreateUser(t, e, "fresh")
	mustLogin(t, e, "old", testPassword)
	_, _ = e.svc.Login(ctx, LoginInput{Username: "old", Password: "Wrong-password-3", IP: "198.51.100.1"})
	e.clock.Add(e.cfg.IdleTimeout + time.Minute)
	mustLogin(t, e, "fresh", testPassword)
	ss, err := e.svc.FindSessions(ctx, sec, SessionFilter{})
	if err != nil || len(ss) != 1 || ss[0].Username != "fresh" {
		t.Fatalf("live sessions: %+v %v", ss, err)
	}
	n, err := e.svc.PurgeSessions(ctx)
	if err != nil || n != 1 {
		t.Errorf("purged %d (%v), want 1", n, err)
	}
	var left int
	if err := e.d.R.QueryRow(`SELECT COUNT(*) FROM login_throttle`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d throttle windows left (%v)", left, err)
	}
}
