package account

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/db"
	"parkos/internal/dbtest"
	"parkos/internal/errs"
	"parkos/internal/pii"
)

// testPassword satisfies both profiles (four classes, not common) and contains none of the test usernames.
const testPassword = "Kq8!mZ2v-Rt#p"

// testIP is the address test logins come from (TEST-NET-1, RFC 5737).
const testIP = "192.0.2.10"

var ctx = context.Background()

// clock is the service's clock in tests: it stands still until moved.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = db.Time(c.t.Add(d))
}

// env is an account service on a fresh database, with its clock and configuration.
type env struct {
	svc   *Service
	d     *db.DB
	cfg   *config.Config
	clock *clock
	sys   *auth.Actor
}

// newEnv builds the service on a migrated database (SQLite, or PostgreSQL when PARKOS_TEST_POSTGRES is set);
// edit adjusts the configuration first.
func newEnv(t testing.TB, edit ...func(*config.Config)) *env {
	t.Helper()
	d := dbtest.Open(t)
	cfg := config.Default()
	for _, e := range edit {
		e(&cfg)
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	roles := auth.NewRoles(auth.BaseRoles(), slices.Concat(Grants(), audit.Grants())...)
	svc := NewService(d, audit.New(d, key), roles, &cfg, pii.NewKeyring(key).Sealer())
	c := &clock{t: db.Now()}
	svc.now = c.Now
	return &env{svc: svc, d: d, cfg: &cfg, clock: c, sys: auth.System("test")}
}

func dengbao(c *config.Config) { c.PasswordProfile = config.ProfileDengbao }

// mustCreateUser creates an account with testPassword and the given roles (an enterprise user is bound to
// enterprise 7), as the command line would.
func mustCreateUser(t testing.TB, e *env, username string, roles ...string) *User {
	t.Helper()
	n := NewUser{Username: username, DisplayName: "测试" + username, Password: testPassword, Roles: roles}
	if slices.Contains(roles, auth.RoleEnterprise) {
		n.EnterpriseID = 7
	}
	return mustCreate(t, e, n)
}

func mustCreate(t testing.TB, e *env, n NewUser) *User {
	t.Helper()
	u, _, err := e.svc.CreateUser(ctx, e.sys, n)
	if err != nil {
		t.Fatalf("create user %s: %v", n.Username, err)
	}
	return u
}

var userSeq atomic.Int64

// actorWith creates a user holding roles and returns its actor, as a completed sign-in would give it.
func actorWith(t testing.TB, e *env, roles ...string) *auth.Actor {
	t.Helper()
	name := fmt.Sprintf("%s-%d", strings.Join(append([]string{"u"}, roles...), "-"), userSeq.Add(1))
	u := mustCreateUser(t, e, name, roles...)
	a := auth.NewActor(e.svc.roles, u.ID, u.Username, u.Roles)
	a.EnterpriseID, a.IP = u.EnterpriseID, testIP
	return a
}

func mustLogin(t testing.TB, e *env, username, password string) *LoginResult {
	t.Helper()
	res, err := e.svc.Login(ctx, LoginInput{Username: username, Password: password, IP: testIP, UserAgent: "go test"})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return res
}

// records returns the audit records matching f, newest first.
func records(t testing.TB, e *env, f audit.Filter) []*audit.Record {
	t.Helper()
	f.Limit = 500
	rs, _, err := e.svc.log.Find(ctx, e.sys, f)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// lastRecord returns the newest audit record of action, failing when there is none.
func lastRecord(t testing.TB, e *env, action string) *audit.Record {
	t.Helper()
	rs := records(t, e, audit.Filter{Action: action})
	if len(rs) == 0 {
		t.Fatalf("no audit record %s", action)
	}
	return rs[0]
}

// allAuditText is every stored audit record's text, to check that no secret got into the log.
func allAuditText(t testing.TB, e *env) string {
	t.Helper()
	var b strings.Builder
	for _, r := range records(t, e, audit.Filter{}) {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%s\n", r.ActorName, r.Action, r.ObjectID, r.Detail, r.IP)
	}
	return b.String()
}

// wantCode fails unless err carries code c.
func wantCode(t testing.TB, err error, c errs.Code) *errs.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want code %d", c)
	}
	if got := errs.CodeOf(err); got != c {
		t.Fatalf("error %q has code %d, want %d", err, got, c)
	}
	return errs.As(err)
}

// wantField fails unless err is Invalid (or Conflict) with a message at field containing want.
func wantField(t testing.TB, err error, field, want string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || (e.Code != errs.Invalid && e.Code != errs.Conflict) {
		t.Fatalf("error %v: want Invalid with field %s", err, field)
	}
	if msg, ok := e.Fields[field]; !ok || !strings.Contains(msg, want) {
		t.Fatalf("field errors %v: want %s containing %q", e.Fields, field, want)
	}
}

// wantDenied checks that err is Forbidden and that the refusal was audited as denied.
func wantDenied(t testing.TB, e *env, err error, action string) {
	t.Helper()
	wantCode(t, err, errs.Forbidden)
	r := lastRecord(t, e, action)
	if r.Result != audit.Denied {
		t.Fatalf("audit %s: result %s, want denied", action, r.Result)
	}
}

func TestCreateUserAndFind(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, pw, err := e.svc.CreateUser(ctx, e.sys, NewUser{Username: "  ZhangSan ", DisplayName: " 张三 ", Phone: "13812345678",
		Password: testPassword, Roles: []string{auth.RoleEditor, auth.RoleReviewer, auth.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	if pw != testPassword {
		t.Errorf("returned password %q, want the one given", pw)
	}
	if u.Username != "zhangsan" || u.DisplayName != "张三" {
		t.Errorf("username %q display %q: want normalized zhangsan, 张三", u.Username, u.DisplayName)
	}
	if !slices.Equal(u.Roles, []string{auth.RoleEditor, auth.RoleReviewer}) {
		t.Errorf("roles %v: want editor, reviewer once each", u.Roles)
	}
	if u.MustChangePassword {
		t.Error("a given, non-temporary password must not force a change")
	}
	got, err := e.svc.FindUserByUsername(ctx, e.sys, "ZHANGSAN")
	if err != nil || got.ID != u.ID {
		t.Fatalf("find by username: %v %v", got, err)
	}
	if got.Phone != "13812345678" {
		t.Errorf("system sees phone %q, want it clear", got.Phone)
	}
	if _, err := e.svc.FindUserByID(ctx, e.sys, u.ID+100); !errs.Is(err, errs.NotFound) {
		t.Errorf("missing user: %v, want NotFound", err)
	}

	// Same name in another case is the same account.
	_, _, err = e.svc.CreateUser(ctx, e.sys, NewUser{Username: "ZHANGSAN", Password: testPassword})
	wantCode(t, err, errs.Conflict)
	wantField(t, err, "username", "已被使用")
}

func TestCreateUserGeneratesTemporaryPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dengbao)
	u, pw, err := e.svc.CreateUser(ctx, e.sys, NewUser{Username: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pw) != 16 || e.svc.Policy().Check(pw, "lisi") != "" {
		t.Errorf("generated password %q does not satisfy the policy", pw)
	}
	if !u.MustChangePassword {
		t.Error("a generated password must be temporary")
	}
	res := mustLogin(t, e, "lisi", pw)
	if res.Actor.Step != auth.StepPasswordReset {
		t.Errorf("step %q, want %q", res.Actor.Step, auth.StepPasswordReset)
	}
}

func TestCreateUserValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("张", 51)
	cases := []struct {
		name  string
		in    NewUser
		field string
		want  string
	}{
		{"username too short", NewUser{Username: "ab", Password: testPassword}, "username", "用户名须为 3 至 32 个字符"},
		{"username too long", NewUser{Username: strings.Repeat("a", 33), Password: testPassword}, "username", "用户名须为 3 至 32 个字符"},
		{"username with space", NewUser{Username: "zhang san", Password: testPassword}, "username", "用户名"},
		{"username in Chinese", NewUser{Username: "张三丰", Password: testPassword}, "username", "小写字母"},
		{"username starting with dot", NewUser{Username: ".zhang", Password: testPassword}, "username", "以字母或数字开头"},
		{"display name too long", NewUser{Username: "wangwu", DisplayName: long, Password: testPassword}, "display_name", "姓名最多 50 个字"},
		{"phone too short", NewUser{Username: "wangwu", Phone: "1381234567", Password: testPassword}, "phone", "电话号码格式不对"},
		{"phone with letters", NewUser{Username: "wangwu", Phone: "1381234567a", Password: testPassword}, "phone", "手机号为 11 位数字"},
		{"phone starting 12", NewUser{Username: "wangwu", Phone: "12812345678", Password: testPassword}, "phone", "电话号码格式不对"},
		{"short password", NewUser{Username: "wangwu", Password: "Ab1!xyz"}, "password", "密码至少 8 个字符"},
		{"common password", NewUser{Username: "wangwu", Password: "password123"}, "password", "常见密码"},
		{"username in password", NewUser{Username: "wangwu", Password: "Wangwu-2024!x"}, "password", "密码不能包含用户名"},
		{"unknown role", NewUser{Username: "wangwu", Password: testPassword, Roles: []string{"root"}}, "roles", "没有角色 root"},
		{"sysadmin and auditadmin", NewUser{Username: "wangwu", Password: testPassword, Roles: []string{auth.RoleSysAdmin, auth.RoleAuditAdmin}}, "roles", "三员分立"},
		{"secadmin and sysadmin", NewUser{Username: "wangwu", Password: testPassword, Roles: []string{auth.RoleSecAdmin, auth.RoleSysAdmin}}, "roles", "三者互斥"},
		{"admin with business role", NewUser{Username: "wangwu", Password: testPassword, Roles: []string{auth.RoleSysAdmin, auth.RoleEditor}}, "roles", "管理员账号不能兼任业务角色"},
		{"enterprise without enterprise", NewUser{Username: "wangwu", Password: testPassword, Roles: []string{auth.RoleEnterprise}}, "roles", "企业用户须绑定一家企业"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := e.svc.CreateUser(ctx, e.sys, c.in)
			wantCode(t, err, errs.Invalid)
			wantField(t, err, c.field, c.want)
		})
	}

	// Valid forms of what was refused above.
	for _, n := range []NewUser{
		{Username: "a.b_c-1", Password: testPassword},
		{Username: "landline", Phone: "0379-12345678", Password: testPassword},
		{Username: "landline2", Phone: "01012345678", Password: testPassword},
		{Username: "ent-user", Password: testPassword, Roles: []string{auth.RoleEnterprise}, EnterpriseID: 3},
		{Username: "two-roles", Password: testPassword, Roles: []string{auth.RoleEditor, auth.RoleParkAdmin}},
		{Username: "sec", Password: testPassword, Roles: []string{auth.RoleSecAdmin}},
	} {
		if _, _, err := e.svc.CreateUser(ctx, e.sys, n); err != nil {
			t.Errorf("create %+v: %v", n.Username, err)
		}
	}

	// Several problems are reported together, each at its field.
	_, _, err := e.svc.CreateUser(ctx, e.sys, NewUser{Username: "x", Phone: "12", Password: "short"})
	ee := wantCode(t, err, errs.Invalid)
	for _, f := range []string{"username", "phone", "password"} {
		if ee.Fields[f] == "" {
			t.Errorf("no message at field %s: %v", f, ee.Fields)
		}
	}
}

func TestCreateUserAuditMasksPersonalData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, _, err := e.svc.CreateUser(ctx, e.sys, NewUser{Username: "masked", Phone: "13812345678", Password: testPassword,
		Roles: []string{auth.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	r := lastRecord(t, e, "user.create")
	if r.ObjectID != id(u.ID) || r.ObjectType != "user" || r.Result != audit.Success || r.ActorName != "system:test" {
		t.Errorf("record %+v", r)
	}
	after := r.Decode().After
	if after["phone"] != "138****5678" || after["username"] != "masked" {
		t.Errorf("after %v: want masked phone 138****5678", after)
	}
	all := allAuditText(t, e)
	for _, secret := range []string{"13812345678", testPassword} {
		if strings.Contains(all, secret) {
			t.Errorf("audit log contains %q", secret)
		}
	}
	// The phone is sealed at rest, the password hashed.
	var phoneEnc, hash string
	if err := e.d.R.QueryRow(`SELECT phone_enc, password_hash FROM users WHERE id = $1`, u.ID).Scan(&phoneEnc, &hash); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(phoneEnc, "5678") || !strings.HasPrefix(phoneEnc, "v1:") {
		t.Errorf("phone stored as %q", phoneEnc)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, testPassword) {
		t.Errorf("password stored as %q", hash)
	}
}

func TestPermissionsOfTheThreeAdministrators(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	sec := actorWith(t, e, auth.RoleSecAdmin)
	aud := actorWith(t, e, auth.RoleAuditAdmin)
	editor := actorWith(t, e, auth.RoleEditor)

	// The system administrator opens accounts but cannot empower them.
	plain, _, err := e.svc.CreateUser(ctx, sys, NewUser{Username: "by-sysadmin", Password: testPassword})
	if err != nil {
		t.Fatalf("sysadmin creates a user without roles: %v", err)
	}
	_, _, err = e.svc.CreateUser(ctx, sys, NewUser{Username: "with-roles", Password: testPassword, Roles: []string{auth.RoleEditor}})
	wantDenied(t, e, err, "user.create")
	if !strings.Contains(err.Error(), "安全管理员") {
		t.Errorf("message %q should say who grants roles", err)
	}
	err = e.svc.SetRoles(ctx, sys, plain.ID, []string{auth.RoleEditor}, 0)
	wantDenied(t, e, err, "user.roles")

	// The security administrator grants roles, but not to himself, and opens no accounts.
	if err := e.svc.SetRoles(ctx, sec, plain.ID, []string{auth.RoleEditor, auth.RoleReviewer}, 0); err != nil {
		t.Fatalf("secadmin sets roles: %v", err)
	}
	if u, _ := e.svc.FindUserByID(ctx, sec, plain.ID); !slices.Equal(u.Roles, []string{auth.RoleEditor, auth.RoleReviewer}) {
		t.Errorf("roles after SetRoles: %v", u.Roles)
	}
	r := lastRecord(t, e, "user.roles")
	if r.Result != audit.Success || r.ObjectID != id(plain.ID) {
		t.Errorf("user.roles record %+v", r)
	}
	if d := r.Decode(); fmt.Sprint(d.After["roles"]) != "[editor reviewer]" {
		t.Errorf("user.roles detail %+v", d)
	}
	err = e.svc.SetRoles(ctx, sec, sec.UserID, []string{auth.RoleSysAdmin}, 0)
	wantDenied(t, e, err, "user.roles")
	_, _, err = e.svc.CreateUser(ctx, sec, NewUser{Username: "by-secadmin", Password: testPassword})
	wantDenied(t, e, err, "user.create")
	err = e.svc.SetDisabled(ctx, sec, plain.ID, true)
	wantDenied(t, e, err, "user.disable")
	_, err = e.svc.ResetPassword(ctx, sec, plain.ID, "", true)
	wantDenied(t, e, err, "user.password.reset")
	err = e.svc.Unlock(ctx, sec, plain.ID)
	wantDenied(t, e, err, "user.unlock")

	// The audit administrator does neither.
	_, _, err = e.svc.CreateUser(ctx, aud, NewUser{Username: "by-auditadmin", Password: testPassword})
	wantDenied(t, e, err, "user.create")
	err = e.svc.SetRoles(ctx, aud, plain.ID, []string{auth.RoleEditor}, 0)
	wantDenied(t, e, err, "user.roles")
	_, _, err = e.svc.FindUsers(ctx, aud, UserFilter{})
	wantDenied(t, e, err, "user.list")
	_, err = e.svc.FindUserByID(ctx, aud, plain.ID)
	wantDenied(t, e, err, "user.read")
	_, err = e.svc.FindSessions(ctx, aud, SessionFilter{})
	wantDenied(t, e, err, "session.list")

	// Nor does a business user, who still reads and edits his own account.
	_, _, err = e.svc.FindUsers(ctx, editor, UserFilter{})
	wantDenied(t, e, err, "user.list")
	_, err = e.svc.UpdateUser(ctx, editor, plain.ID, UserUpdate{DisplayName: ptr("x")})
	wantDenied(t, e, err, "user.update")
	if _, err := e.svc.FindUserByID(ctx, editor, editor.UserID); err != nil {
		t.Errorf("own account: %v", err)
	}
	if _, err := e.svc.UpdateUser(ctx, editor, editor.UserID, UserUpdate{DisplayName: ptr("新名字")}); err != nil {
		t.Errorf("own profile: %v", err)
	}
	// An anonymous visitor gets nothing either.
	_, err = e.svc.FindUserByUsername(ctx, auth.Anonymous(testIP), plain.Username)
	wantDenied(t, e, err, "user.read")

	// 三员互斥 is checked on SetRoles too, and an enterprise role needs its enterprise.
	err = e.svc.SetRoles(ctx, sec, plain.ID, []string{auth.RoleSysAdmin, auth.RoleAuditAdmin}, 0)
	wantCode(t, err, errs.Invalid)
	wantField(t, err, "roles", "三员分立")
	err = e.svc.SetRoles(ctx, sec, plain.ID, []string{auth.RoleEnterprise}, 0)
	wantField(t, err, "roles", "企业用户须绑定一家企业")
	if err := e.svc.SetRoles(ctx, sec, plain.ID, []string{auth.RoleEnterprise}, 12); err != nil {
		t.Fatal(err)
	}
	if u, _ := e.svc.FindUserByID(ctx, sec, plain.ID); u.EnterpriseID != 12 || !slices.Equal(u.Roles, []string{auth.RoleEnterprise}) {
		t.Errorf("after SetRoles enterprise: %+v", u)
	}
	// A secadmin may hand out the other administrator roles (one each).
	if err := e.svc.SetRoles(ctx, sec, plain.ID, []string{auth.RoleAuditAdmin}, 0); err != nil {
		t.Fatal(err)
	}
}

func TestSetRolesEndsSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sec := actorWith(t, e, auth.RoleSecAdmin)
	u := mustCreateUser(t, e, "promoted", auth.RoleEditor)
	res := mustLogin(t, e, "promoted", testPassword)
	if err := e.svc.SetRoles(ctx, sec, u.ID, []string{auth.RoleReviewer}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("session after a change of roles: %v, want Unauthenticated", err)
	}
	a := mustLogin(t, e, "promoted", testPassword).Actor
	if !slices.Equal(a.Roles, []string{auth.RoleReviewer}) {
		t.Errorf("new session roles %v", a.Roles)
	}
}

func ptr[T any](v T) *T { return &v }

func TestFindUsersMasksAndFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin) // holds pii.view
	sec := actorWith(t, e, auth.RoleSecAdmin) // sees the list, not personal data
	mustCreate(t, e, NewUser{Username: "wang.fang", DisplayName: "王芳", Phone: "13912345678", Password: testPassword, Roles: []string{auth.RoleEditor}})
	mustCreate(t, e, NewUser{Username: "li.na", DisplayName: "李娜", Phone: "13687654321", Password: testPassword, Roles: []string{auth.RoleEditor, auth.RoleReviewer}})
	dis := mustCreate(t, e, NewUser{Username: "zhao.lei", DisplayName: "赵磊", Password: testPassword})
	locked := mustCreate(t, e, NewUser{Username: "qian_wei", DisplayName: "钱伟", Password: testPassword})
	if err := e.svc.SetDisabled(ctx, sys, dis.ID, true); err != nil {
		t.Fatal(err)
	}
	for range e.cfg.LockoutAfter {
		_, _ = e.svc.Login(ctx, LoginInput{Username: "qian_wei", Password: "wrong-password", IP: testIP})
	}

	find := func(a *auth.Actor, f UserFilter) ([]string, int) {
		t.Helper()
		us, total, err := e.svc.FindUsers(ctx, a, f)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Username)
		}
		return names, total
	}

	// Phones: clear for the system administrator, masked for the security administrator.
	for _, c := range []struct {
		a    *auth.Actor
		want string
	}{{sys, "13912345678"}, {sec, "139****5678"}} {
		us, _, err := e.svc.FindUsers(ctx, c.a, UserFilter{Query: "wang"})
		if err != nil || len(us) != 1 {
			t.Fatalf("find wang: %v %v", us, err)
		}
		if us[0].Phone != c.want {
			t.Errorf("%v sees phone %q, want %q", c.a.Roles, us[0].Phone, c.want)
		}
		if !slices.Equal(us[0].Roles, []string{auth.RoleEditor}) {
			t.Errorf("roles %v", us[0].Roles)
		}
	}
	if u, _ := e.svc.FindUserByUsername(ctx, sec, "li.na"); u.Phone != "136****4321" {
		t.Errorf("FindUserByUsername by secadmin: phone %q", u.Phone)
	}

	cases := []struct {
		name  string
		f     UserFilter
		want  []string
		total int
	}{
		{"query username", UserFilter{Query: "LI.N"}, []string{"li.na"}, 1},
		{"query display name", UserFilter{Query: "赵"}, []string{"zhao.lei"}, 1},
		{"query with underscore", UserFilter{Query: "n_w"}, []string{"qian_wei"}, 1},
		{"query underscore is literal", UserFilter{Query: "g_f"}, nil, 0},
		{"query percent is literal", UserFilter{Query: "%"}, nil, 0},
		{"role", UserFilter{Role: auth.RoleEditor}, []string{"wang.fang", "li.na"}, 2},
		{"role and query", UserFilter{Role: auth.RoleReviewer, Query: "li"}, []string{"li.na"}, 1},
		{"disabled", UserFilter{Status: "disabled"}, []string{"zhao.lei"}, 1},
		{"locked", UserFilter{Status: "locked"}, []string{"qian_wei"}, 1},
		{"active", UserFilter{Status: "active", Query: "."}, []string{"wang.fang", "li.na"}, 2},
		{"page 1", UserFilter{Limit: 2}, []string{sys.Username, sec.Username}, 6},
		{"page 3", UserFilter{Limit: 2, Offset: 4}, []string{"zhao.lei", "qian_wei"}, 6},
		{"past the last page", UserFilter{Limit: 2, Offset: 10}, nil, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			names, total := find(sys, c.f)
			if !slices.Equal(names, c.want) || total != c.total {
				t.Errorf("got %v total %d, want %v total %d", names, total, c.want, c.total)
			}
		})
	}

	// The lock ends when its time is up.
	e.clock.Add(e.cfg.LockoutFor + time.Second)
	if names, _ := find(sys, UserFilter{Status: "locked"}); len(names) != 0 {
		t.Errorf("locked after the lockout: %v", names)
	}
	_ = locked
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	u := mustCreate(t, e, NewUser{Username: "sun.li", DisplayName: "孙丽", Phone: "13700001111", Password: testPassword})
	got, err := e.svc.UpdateUser(ctx, sys, u.ID, UserUpdate{Phone: ptr("13722223333")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Phone != "13722223333" || got.DisplayName != "孙丽" {
		t.Errorf("after update: %+v", got)
	}
	r := lastRecord(t, e, "user.update")
	d := r.Decode()
	if d.Before["phone"] != "137****1111" || d.After["phone"] != "137****3333" || len(d.After) != 1 {
		t.Errorf("user.update record holds %+v: want only the masked phone change", d)
	}
	_, err = e.svc.UpdateUser(ctx, sys, u.ID, UserUpdate{Phone: ptr("123"), DisplayName: ptr(strings.Repeat("名", 51))})
	wantField(t, err, "phone", "电话号码格式不对")
	wantField(t, err, "display_name", "姓名最多 50 个字")
	// Clearing the phone is allowed.
	if got, err := e.svc.UpdateUser(ctx, sys, u.ID, UserUpdate{Phone: ptr("")}); err != nil || got.Phone != "" {
		t.Errorf("clear phone: %+v %v", got, err)
	}
	if _, err := e.svc.UpdateUser(ctx, sys, u.ID+1000, UserUpdate{DisplayName: ptr("x")}); !errs.Is(err, errs.NotFound) {
		t.Errorf("update of a missing user: %v", err)
	}
}

func TestDisableEndsSessionsAndTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	u := mustCreateUser(t, e, "leaving", auth.RoleEditor)
	res := mustLogin(t, e, "leaving", testPassword)
	tok, err := e.svc.CreateToken(ctx, res.Actor, u.ID, "report")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AuthenticateToken(ctx, tok, testIP, "GET", "/api/v1/me"); err != nil {
		t.Fatal(err)
	}

	err = e.svc.SetDisabled(ctx, sys, sys.UserID, true)
	wantDenied(t, e, err, "user.disable")
	if err := e.svc.SetDisabled(ctx, sys, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if r := lastRecord(t, e, "user.disable"); r.Result != audit.Success || r.Decode().After["disabled"] != true {
		t.Errorf("user.disable record %+v", r)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token, testIP); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("session of a disabled user: %v", err)
	}
	_, err = e.svc.AuthenticateToken(ctx, tok, testIP, "GET", "/api/v1/me")
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "账号已停用") {
		t.Errorf("message %q", err)
	}
	if r := lastRecord(t, e, "token.use"); r.Result != audit.Denied {
		t.Errorf("refused token use recorded as %s", r.Result)
	}
	_, err = e.svc.Login(ctx, LoginInput{Username: "leaving", Password: testPassword, IP: testIP})
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "账号已停用") {
		t.Errorf("login of a disabled user: %q", err)
	}
	if r := lastRecord(t, e, "login.disabled"); r.Result != audit.Denied {
		t.Errorf("login.disabled %+v", r)
	}
	_, err = e.svc.CreateToken(ctx, e.sys, u.ID, "another")
	wantField(t, err, "username", "账号已停用")

	if err := e.svc.SetDisabled(ctx, sys, u.ID, false); err != nil {
		t.Fatal(err)
	}
	mustLogin(t, e, "leaving", testPassword)
	if _, err := e.svc.AuthenticateToken(ctx, tok, testIP, "GET", "/api/v1/me"); err != nil {
		t.Errorf("token after re-enabling: %v", err)
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := mustCreateUser(t, e, "integrator", auth.RoleEditor)
	other := mustCreateUser(t, e, "bystander", auth.RoleEditor)
	a := mustLogin(t, e, "integrator", testPassword).Actor
	sec := actorWith(t, e, auth.RoleSecAdmin)

	tok, err := e.svc.CreateToken(ctx, a, u.ID, " 数据上报 ")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, TokenPrefix) || len(tok) < len(TokenPrefix)+43 {
		t.Errorf("token %q: want pko_ and 256 bits", tok)
	}
	// Only the hash is stored, and the token is in no record.
	var stored string
	if err := e.d.R.QueryRow(`SELECT token_hash FROM api_tokens WHERE user_id = $1`, u.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == tok || strings.Contains(stored, tok[len(TokenPrefix):]) || stored != hashToken(tok) {
		t.Errorf("stored %q for token %q", stored, tok)
	}
	var n int
	if err := e.d.R.QueryRow(`SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1 OR name = $1`, tok).Scan(&n); err != nil || n != 0 {
		t.Errorf("token text found in api_tokens (%d, %v)", n, err)
	}
	if r := lastRecord(t, e, "token.create"); r.Decode().After["name"] != "数据上报" || strings.Contains(r.Detail, tok) {
		t.Errorf("token.create record %+v", r)
	}

	ta, err := e.svc.AuthenticateToken(ctx, tok, "198.51.100.7", "GET", "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	if ta.UserID != u.ID || ta.TokenID == 0 || ta.SessionID != 0 || !ta.Can(auth.SignedIn) || !ta.HasRole(auth.RoleEditor) {
		t.Errorf("token actor %+v", ta)
	}
	r := lastRecord(t, e, "token.use")
	if r.Result != audit.Success || r.ActorName != "integrator" || r.IP != "198.51.100.7" || r.Decode().Note != "GET /api/v1/me" {
		t.Errorf("token.use record %+v", r)
	}
	if strings.Contains(allAuditText(t, e), tok) {
		t.Error("the token is in the audit log")
	}
	ts, err := e.svc.FindTokens(ctx, a, u.ID)
	if err != nil || len(ts) != 1 || ts[0].LastUsedAt == nil || ts[0].RevokedAt != nil {
		t.Fatalf("tokens %+v %v", ts, err)
	}

	// Unknown tokens are refused and recorded.
	_, err = e.svc.AuthenticateToken(ctx, tok+"x", testIP, "GET", "/api/v1/me")
	wantCode(t, err, errs.Unauthenticated)
	if r := lastRecord(t, e, "token.use"); r.Result != audit.Denied {
		t.Errorf("unknown token recorded as %+v", r)
	}

	// One live token per name.
	_, err = e.svc.CreateToken(ctx, a, u.ID, "数据上报")
	wantCode(t, err, errs.Conflict)
	wantField(t, err, "name", "数据上报")
	_, err = e.svc.CreateToken(ctx, a, u.ID, "  ")
	wantField(t, err, "name", "令牌名称须为 1 至 64 个字符")
	_, err = e.svc.CreateToken(ctx, a, u.ID, strings.Repeat("令", 65))
	wantField(t, err, "name", "令牌名称")

	// Nobody else may create or revoke them (the security administrator may revoke).
	_, err = e.svc.CreateToken(ctx, sec, u.ID, "foreign")
	wantDenied(t, e, err, "token.create")
	bystander := auth.NewActor(e.svc.roles, other.ID, other.Username, other.Roles)
	err = e.svc.RevokeToken(ctx, bystander, u.ID, "数据上报")
	wantDenied(t, e, err, "token.revoke")
	_, err = e.svc.FindTokens(ctx, bystander, u.ID)
	wantDenied(t, e, err, "token.list")

	if err := e.svc.RevokeToken(ctx, a, u.ID, "数据上报"); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.AuthenticateToken(ctx, tok, testIP, "GET", "/api/v1/me")
	wantCode(t, err, errs.Unauthenticated)
	if !strings.Contains(err.Error(), "已吊销") {
		t.Errorf("revoked token: %q", err)
	}
	if err := e.svc.RevokeToken(ctx, a, u.ID, "数据上报"); !errs.Is(err, errs.NotFound) {
		t.Errorf("revoking twice: %v", err)
	}

	// The name is free again.
	tok2, err := e.svc.CreateToken(ctx, a, u.ID, "数据上报")
	if err != nil {
		t.Fatalf("re-create after revoke: %v", err)
	}
	if tok2 == tok {
		t.Error("the new token equals the revoked one")
	}
	if _, err := e.svc.AuthenticateToken(ctx, tok2, testIP, "POST", "/api/v1/x"); err != nil {
		t.Error(err)
	}
	if _, err := e.svc.AuthenticateToken(ctx, tok, testIP, "GET", "/api/v1/me"); err == nil {
		t.Error("the revoked token works again")
	}
	ts, _ = e.svc.FindTokens(ctx, sec, u.ID)
	if len(ts) != 2 || ts[0].RevokedAt != nil || ts[1].RevokedAt == nil {
		t.Errorf("token list (live first): %+v", ts)
	}
	if err := e.svc.RevokeToken(ctx, sec, u.ID, "数据上报"); err != nil {
		t.Errorf("secadmin revokes: %v", err)
	}
	// The command line may issue a token for anyone.
	if _, err := e.svc.CreateToken(ctx, e.sys, other.ID, "cli"); err != nil {
		t.Error(err)
	}
}

func TestAuditChainHolds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := actorWith(t, e, auth.RoleSysAdmin)
	u := mustCreateUser(t, e, "chained")
	_, _ = e.svc.Login(ctx, LoginInput{Username: "chained", Password: "bad-password-1", IP: testIP})
	mustLogin(t, e, "chained", testPassword)
	_ = e.svc.SetDisabled(ctx, sys, u.ID, true)
	_, _, _ = e.svc.CreateUser(ctx, actorWith(t, e, auth.RoleEditor), NewUser{Username: "nope"})
	v, err := e.svc.log.Verify(ctx, nil)
	if err != nil || !v.OK() || v.Records < 6 {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

// Under 三员分立 no administrator can take over or silence another administrator's account from the web:
// only the command line (the system actor) resets or disables them.
func TestAdministratorsCannotTakeOverEachOther(t *testing.T) {
	e := newEnv(t)
	sysActor := actorWith(t, e, auth.RoleSysAdmin)
	sec := mustCreateUser(t, e, "sec1", auth.RoleSecAdmin)
	editor := mustCreateUser(t, e, "ed1", auth.RoleEditor)
	if _, err := e.svc.ResetPassword(ctx, sysActor, sec.ID, "", true); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("the system administrator reset the security administrator's password: %v", err)
	}
	if err := e.svc.SetDisabled(ctx, sysActor, sec.ID, true); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("the system administrator disabled the security administrator: %v", err)
	}
	if _, err := e.svc.ResetPassword(ctx, sysActor, editor.ID, "", true); err != nil {
		t.Fatalf("the system administrator could not reset an editor's password: %v", err)
	}
	if _, err := e.svc.ResetPassword(ctx, e.sys, sec.ID, "", true); err != nil {
		t.Fatalf("the command line could not reset an administrator: %v", err)
	}
}

// Guessing the current password on the change form counts towards the lockout.
func TestChangePasswordGuessesLock(t *testing.T) {
	e := newEnv(t)
	u := mustCreateUser(t, e, "guess1", auth.RoleEditor)
	res := mustLogin(t, e, u.Username, testPassword)
	for i := range e.cfg.LockoutAfter {
		if err := e.svc.ChangePassword(ctx, res.Actor, fmt.Sprintf("wrong-%d", i), "Another#Pass2026q"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := e.svc.Login(ctx, LoginInput{Username: u.Username, Password: testPassword, IP: testIP}); err == nil {
		t.Fatal("the account was not locked after guesses on the password form")
	}
}
