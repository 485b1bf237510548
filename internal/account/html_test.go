package account_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"parkos/internal/account"
	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/config"
)

const pw = "Kq8!mZ2v-Rt#p"

// cookie returns the cookie name set by response r, or nil.
func cookie(r *apptest.Response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// raw sends a request through c's cookie jar with extra headers and an exact form (no token added).
func raw(t *testing.T, e *apptest.Env, c *apptest.Client, method, path string, form url.Values, header map[string]string) *apptest.Response {
	t.Helper()
	body := strings.NewReader("")
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.Server.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", e.Server.URL)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &apptest.Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
}

func TestLoginFormShowsErrorAndKeepsUsername(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	e.User("alice", pw, auth.RoleEditor)
	c := e.Client()
	r := c.Login("Alice", "not-the-password")
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("status %d", r.Status)
	}
	for _, want := range []string{"用户名或密码错误", `name="username" type="text" value="Alice"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("body lacks %q: %s", want, apptest.Snippet(r.Body))
		}
	}
	if strings.Contains(r.Body, "not-the-password") {
		t.Error("the password was echoed back")
	}
	if cookie(r, account.SessionCookie) != nil {
		t.Error("a failed login set a session cookie")
	}
	// The same message for a user that does not exist.
	if r := c.Login("nobody", "not-the-password"); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "用户名或密码错误") {
		t.Errorf("unknown user: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	// A good login goes to the back office, or to a local next page only.
	for next, want := range map[string]string{"": "/admin", "/admin/account": "/admin/account", "//evil.example/x": "/admin",
		"https://evil.example/": "/admin", "/\\evil.example": "/admin"} {
		c := e.Client()
		r := c.Post("/login", url.Values{"username": {"alice"}, "password": {pw}, "next": {next}})
		if r.Status != http.StatusSeeOther || r.Location != want {
			t.Errorf("next %q: %d to %q, want %q", next, r.Status, r.Location, want)
		}
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, r *apptest.Response, secure bool) {
		t.Helper()
		if r.Status != http.StatusSeeOther {
			t.Fatalf("login: %d %s", r.Status, apptest.Snippet(r.Body))
		}
		ck := cookie(r, account.SessionCookie)
		if ck == nil {
			t.Fatal("no session cookie")
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure != secure {
			t.Errorf("cookie %q: want HttpOnly, SameSite=Lax, Path=/, Secure=%v", ck.Raw, secure)
		}
		if ck.MaxAge != int((12 * time.Hour).Seconds()) {
			t.Errorf("cookie MaxAge %d, want the absolute lifetime", ck.MaxAge)
		}
		if len(ck.Value) < 22 {
			t.Errorf("session token %q is shorter than 128 bits", ck.Value)
		}
	}
	login := func(t *testing.T, e *apptest.Env, header map[string]string) *apptest.Response {
		c := e.Client()
		tok := c.Token()
		return raw(t, e, c, "POST", "/login", url.Values{"username": {"bob"}, "password": {pw}, "csrf_token": {tok}}, header)
	}

	t.Run("plain http", func(t *testing.T) {
		t.Parallel()
		e := apptest.Start(t, nil)
		e.User("bob", pw)
		check(t, e.Client().Login("bob", pw), false)
		// Forwarding headers from an untrusted peer are ignored.
		check(t, login(t, e, map[string]string{"X-Forwarded-Proto": "https"}), false)
	})
	t.Run("TLS through a trusted proxy", func(t *testing.T) {
		t.Parallel()
		e := apptest.Start(t, func(c *config.Config) {
			c.TrustedProxies = append(c.TrustedProxies, netip.MustParsePrefix("127.0.0.1/32"))
		})
		e.User("bob", pw)
		check(t, login(t, e, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}), true)
		check(t, login(t, e, map[string]string{"X-Forwarded-Proto": "http"}), false)
	})
	t.Run("rotated at every login", func(t *testing.T) {
		t.Parallel()
		e := apptest.Start(t, nil)
		e.User("bob", pw)
		c := e.Client()
		first := cookie(c.Login("bob", pw), account.SessionCookie)
		second := cookie(c.Login("bob", pw), account.SessionCookie)
		if first == nil || second == nil || first.Value == second.Value {
			t.Errorf("session token not renewed at login: %v %v", first, second)
		}
	})
}

func TestTemporaryPasswordIsChangedFirst(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	_, _, err := e.App.Accounts.CreateUser(context.Background(), auth.System("test"), account.NewUser{
		Username: "carol", Password: "Temp-Pass-123", Temporary: true, Roles: []string{auth.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	c := e.Client()
	r := c.Login("carol", "Temp-Pass-123")
	if r.Status != http.StatusSeeOther || r.Location != "/admin/account/password" {
		t.Fatalf("login: %d to %q", r.Status, r.Location)
	}
	for _, path := range []string{"/admin", "/admin/account", "/admin/account/totp"} {
		if r := c.Get(path); r.Status != http.StatusSeeOther || r.Location != "/admin/account/password" {
			t.Errorf("GET %s before the change: %d to %q", path, r.Status, r.Location)
		}
	}
	if r := c.Get("/api/v1/me"); !strings.Contains(r.Body, `"pending_step":"password"`) {
		t.Errorf("/api/v1/me: %s", r.Body)
	}
	r = c.Get("/admin/account/password")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "首次登录或密码已到期") {
		t.Fatalf("password page: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Post("/admin/account/password", url.Values{"current": {"Temp-Pass-123"}, "password": {"Brand-New-Pass-9"}, "confirm": {"Brand-New-Pass-8"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "两次输入的新密码不一致") {
		t.Errorf("mismatch: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Post("/admin/account/password", url.Values{"current": {"Temp-Pass-123"}, "password": {"12345678"}, "confirm": {"12345678"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "常见密码") {
		t.Errorf("common password: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Post("/admin/account/password", url.Values{"current": {"Temp-Pass-123"}, "password": {"Brand-New-Pass-9"}, "confirm": {"Brand-New-Pass-9"}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin" {
		t.Fatalf("change: %d to %q %s", r.Status, r.Location, apptest.Snippet(r.Body))
	}
	if cookie(r, account.SessionCookie) == nil {
		t.Error("no fresh session after the change")
	}
	if r := c.Get("/admin"); r.Status != http.StatusOK {
		t.Errorf("GET /admin after the change: %d to %q", r.Status, r.Location)
	}
	if r := e.Client().Login("carol", "Temp-Pass-123"); r.Status != http.StatusUnauthorized {
		t.Errorf("old password: %d", r.Status)
	}
}

func TestCSRFAndCrossOrigin(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	e.User("dave", pw, auth.RoleEditor)
	anon := e.Client()
	anon.Get("/login")
	r := raw(t, e, anon, "POST", "/login", url.Values{"username": {"dave"}, "password": {pw}}, nil)
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "表单校验失败") {
		t.Errorf("login without csrf_token: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if cookie(r, account.SessionCookie) != nil {
		t.Error("signed in without a form token")
	}

	c := e.Client()
	c.MustLogin("dave", pw)
	for _, tc := range []struct {
		name   string
		form   url.Values
		header map[string]string
		want   string
	}{
		{"no token", url.Values{}, nil, "表单校验失败"},
		{"wrong token", url.Values{"csrf_token": {"forged"}}, nil, "表单校验失败"},
		{"token of the anonymous page", url.Values{"csrf_token": {anon.Token()}}, nil, "表单校验失败"},
		{"other origin", url.Values{"csrf_token": {c.Token()}}, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, "跨站请求已被拒绝"},
	} {
		r := raw(t, e, c, "POST", "/logout", tc.form, tc.header)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.Status, apptest.Snippet(r.Body))
		}
	}
	if r := c.Get("/admin"); r.Status != http.StatusOK {
		t.Fatalf("session ended by refused requests: %d", r.Status)
	}
	// With the token, logout works and the cookie is cleared.
	r = c.Post("/logout", nil)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Fatalf("logout: %d to %q", r.Status, r.Location)
	}
	if ck := cookie(r, account.SessionCookie); ck == nil || ck.MaxAge >= 0 || ck.Value != "" {
		t.Errorf("logout cookie %v", ck)
	}
	if r := c.Get("/admin"); r.Status != http.StatusSeeOther || r.Location != "/login" {
		t.Errorf("after logout: %d to %q", r.Status, r.Location)
	}
}

func TestAPIMe(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	uid := e.User("erin", pw, auth.RoleEditor, auth.RoleReviewer)
	tok, err := e.App.Accounts.CreateToken(context.Background(), auth.System("test"), uid, "ci")
	if err != nil {
		t.Fatal(err)
	}
	decode := func(t *testing.T, r *apptest.Response) account.Me {
		t.Helper()
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d %s", r.Status, r.Body)
		}
		var m account.Me
		if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	c := e.Client()
	if r := c.Get("/api/v1/me"); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "请先登录") {
		t.Errorf("anonymous: %d %s", r.Status, r.Body)
	}
	c.MustLogin("erin", pw)
	m := decode(t, c.Get("/api/v1/me"))
	if m.ID != uid || m.Username != "erin" || m.Via != "session" || strings.Join(m.Roles, ",") != "editor,reviewer" || m.Pending != "" {
		t.Errorf("me by session: %+v", m)
	}

	bearer := e.Client()
	m = decode(t, raw(t, e, bearer, "GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + tok}))
	if m.ID != uid || m.Via != "token" {
		t.Errorf("me by token: %+v", m)
	}
	if r := raw(t, e, bearer, "GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer pko_forged"}); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "接口令牌无效") {
		t.Errorf("forged token: %d %s", r.Status, r.Body)
	}
	if err := e.App.Accounts.RevokeToken(context.Background(), auth.System("test"), uid, "ci"); err != nil {
		t.Fatal(err)
	}
	if r := raw(t, e, bearer, "GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + tok}); r.Status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d %s", r.Status, r.Body)
	}
}

func TestTOTPSignInThroughTheForms(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	uid := e.User("frank", pw, auth.RoleEditor)
	a := auth.NewActor(e.App.Roles, uid, "frank", []string{auth.RoleEditor})
	en, err := e.App.Accounts.BeginTOTP(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := totp.GenerateCode(en.Secret, time.Now())
	if err := e.App.Accounts.ConfirmTOTP(context.Background(), a, now); err != nil {
		t.Fatal(err)
	}

	c := e.Client()
	r := c.Login("frank", pw)
	if r.Status != http.StatusSeeOther || r.Location != "/login/totp" {
		t.Fatalf("login: %d to %q", r.Status, r.Location)
	}
	if r := c.Get("/admin"); r.Location != "/login/totp" {
		t.Errorf("GET /admin before the code: %d to %q", r.Status, r.Location)
	}
	// The password alone may not replace the second factor or change the password.
	if r := c.Post("/admin/account/totp", nil); r.Status != http.StatusForbidden {
		t.Errorf("re-enrol before the code: %d to %q", r.Status, r.Location)
	}
	if r := c.Get("/admin/account/totp/qr.png"); r.Status != http.StatusForbidden {
		t.Errorf("QR code before the code: %d", r.Status)
	}
	if r := c.Post("/admin/account/password", url.Values{"current": {pw}, "password": {"Stolen-Pass-77"}, "confirm": {"Stolen-Pass-77"}}); r.Status == http.StatusSeeOther {
		t.Errorf("password change before the code: %d to %q", r.Status, r.Location)
	}
	if r := c.Post("/login/totp", url.Values{"code": {"12345"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "动态口令不正确") {
		t.Errorf("bad code: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	next, _ := totp.GenerateCode(en.Secret, time.Now().Add(30*time.Second))
	r = c.Post("/login/totp", url.Values{"code": {next}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin" {
		t.Fatalf("code: %d to %q %s", r.Status, r.Location, apptest.Snippet(r.Body))
	}
	if r := c.Get("/admin"); r.Status != http.StatusOK {
		t.Errorf("GET /admin after the code: %d", r.Status)
	}
	if r := e.Client().Login("frank", "Stolen-Pass-77"); r.Status != http.StatusUnauthorized {
		t.Error("the password was changed without the second factor")
	}
}

// TestRoutes walks account routes as each kind of user: status and a piece of the content.
func TestRoutes(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, nil)
	ids := map[string]int64{}
	for name, roles := range map[string][]string{
		"sys1": {auth.RoleSysAdmin}, "sec1": {auth.RoleSecAdmin}, "aud1": {auth.RoleAuditAdmin}, "ed1": {auth.RoleEditor},
		"target": {auth.RoleEditor},
	} {
		ids[name] = e.User(name, pw, roles...)
	}
	_, err := e.App.Accounts.UpdateUser(context.Background(), auth.System("test"), ids["target"],
		account.UserUpdate{Phone: ptr("13812345678")})
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*apptest.Client{"": e.Client()}
	client := func(actor string) *apptest.Client {
		if c, ok := clients[actor]; ok {
			return c
		}
		c := e.Client()
		c.MustLogin(actor, pw)
		clients[actor] = c
		return c
	}
	user := func(name string) string { return "/admin/users/" + strconv.FormatInt(ids[name], 10) }

	cases := []struct {
		method, path, actor string
		form                url.Values
		status              int
		want                string // in the body, or the Location of a redirect
	}{
		{"GET", "/login", "", nil, 200, "登录"},
		{"GET", "/admin", "", nil, 303, "/login"},
		{"GET", "/admin/users", "", nil, 303, "/login?next=%2Fadmin%2Fusers"},
		{"GET", "/admin/users", "sys1", nil, 200, "13812345678"},
		{"GET", "/admin/users", "sec1", nil, 200, "138****5678"},
		{"GET", "/admin/users?q=targ", "sys1", nil, 200, "target"},
		{"GET", "/admin/users", "aud1", nil, 403, "没有权限"},
		{"GET", "/admin/users", "ed1", nil, 403, "没有权限"},
		{"GET", "/admin/users/new", "sys1", nil, 200, "新建账号"},
		{"GET", "/admin/users/new", "sec1", nil, 403, "没有权限"},
		{"POST", "/admin/users", "sys1", url.Values{"username": {"newbie"}, "display_name": {"新人"}, "phone": {"13900001111"}}, 201, "账号已创建"},
		{"POST", "/admin/users", "sys1", url.Values{"username": {"x"}}, 422, "用户名须为 3 至 32 个字符"},
		{"POST", "/admin/users", "sys1", url.Values{"username": {"newbie2"}, "phone": {"12345"}}, 422, "电话号码格式不对"},
		{"POST", "/admin/users", "sys1", url.Values{"username": {"newbie"}}, 409, "已被使用"},
		{"POST", "/admin/users", "sys1", url.Values{"username": {"withrole"}, "roles": {auth.RoleEditor}}, 403, "安全管理员"},
		{"POST", "/admin/users", "sec1", url.Values{"username": {"bysec"}}, 403, "没有权限"},
		{"GET", user("target"), "sec1", nil, 200, "138****5678"},
		{"GET", user("target"), "ed1", nil, 403, "没有权限"},
		{"POST", user("target") + "/roles", "sec1", url.Values{"roles": {auth.RoleSysAdmin, auth.RoleAuditAdmin}}, 422, "三员分立"},
		{"POST", user("target") + "/roles", "sec1", url.Values{"roles": {auth.RoleEnterprise}}, 422, "企业用户须绑定一家企业"},
		{"POST", user("target") + "/roles", "sec1", url.Values{"roles": {auth.RoleReviewer}}, 303, user("target")},
		{"POST", user("sec1") + "/roles", "sec1", url.Values{"roles": {auth.RoleEditor}}, 403, "不能修改自己的角色"},
		{"POST", user("target") + "/roles", "sys1", url.Values{"roles": {auth.RoleEditor}}, 403, "没有权限"},
		{"POST", user("target") + "/unlock", "sys1", url.Values{}, 303, user("target")},
		{"POST", user("target") + "/password", "sys1", url.Values{}, 200, "target"},
		{"POST", user("target") + "/disable", "sec1", url.Values{}, 403, "没有权限"},
		{"POST", user("sys1") + "/disable", "sys1", url.Values{}, 403, "不能停用自己的账号"},
		{"POST", user("target") + "/sessions/end", "sec1", url.Values{}, 303, user("target")},
		{"POST", "/admin/users/999999/unlock", "sys1", url.Values{}, 404, "不存在"},
		{"GET", "/admin/sessions", "sec1", nil, 200, "在线会话"},
		{"GET", "/admin/sessions", "sys1", nil, 403, "没有权限"},
		{"GET", "/admin/account", "ed1", nil, 200, "我的账号"},
		{"GET", "/admin/account", "aud1", nil, 200, "我的账号"},
		{"POST", "/admin/account", "ed1", url.Values{"display_name": {"编辑甲"}, "phone": {"abc"}}, 422, "电话号码格式不对"},
		{"POST", "/admin/account/tokens", "ed1", url.Values{"name": {"上报"}}, 200, "pko_"},
		{"POST", "/admin/account/tokens", "ed1", url.Values{"name": {"上报"}}, 409, "已有名为 上报 的有效令牌"},
		{"POST", "/admin/account/tokens/revoke", "ed1", url.Values{"name": {"上报"}}, 303, "/admin/account"},
		{"GET", "/api/v1/me", "", nil, 401, "请先登录"},
		{"GET", "/api/v1/me", "ed1", nil, 200, `"via":"session"`},
	}
	for _, tc := range cases {
		c := client(tc.actor)
		var r *apptest.Response
		if tc.method == "GET" {
			r = c.Get(tc.path)
		} else {
			r = c.Post(tc.path, tc.form)
		}
		got := r.Body
		if r.Status/100 == 3 {
			got = r.Location
		}
		if r.Status != tc.status || !strings.Contains(got, tc.want) {
			t.Errorf("%s %s as %q: %d %q, want %d with %q", tc.method, tc.path, tc.actor, r.Status, apptest.Snippet(got), tc.status, tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
