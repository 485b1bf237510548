package web_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"parkos/internal/errs"
	"parkos/internal/web"
)

func TestStatusMapping(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{errs.NotFoundf("用户"), 404},
		{errs.Invalidf("username", "太短"), 422},
		{errs.Forbiddenf("不行"), 403},
		{errs.Unauthenticatedf("请登录"), 401},
		{errs.Conflictf("重复"), 409},
		{errs.TooManyf("太快"), 429},
		{errors.New("disk on fire"), 500},
	}
	for _, c := range cases {
		if got := web.Status(c.err); got != c.want {
			t.Errorf("Status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	// Internal errors never show their text to the user.
	r := httptest.NewRequest("GET", "/", nil)
	if msg := web.Message(r, errors.New("pq: password authentication failed for user parkos")); strings.Contains(msg, "pq:") {
		t.Fatalf("internal error leaked: %s", msg)
	}
}

func TestCSRF(t *testing.T) {
	c := &web.CSRF{Key: []byte("k"), SessionCookie: "sess"}
	// A page view issues the seed cookie and a token.
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/login", nil)
	r.AddCookie(&http.Cookie{Name: "sess", Value: "S1"})
	tok := c.Token(w, r)
	seed := w.Result().Cookies()[0]
	post := func(token, session string) bool {
		form := url.Values{web.FieldName: {token}}
		r := httptest.NewRequest("POST", "/x", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(seed)
		if session != "" {
			r.AddCookie(&http.Cookie{Name: "sess", Value: session})
		}
		return c.Valid(r)
	}
	if !post(tok, "S1") {
		t.Fatal("the issued token was refused")
	}
	if post(tok, "S2") {
		t.Fatal("a token of one session worked in another")
	}
	if post("forged", "S1") || post("", "S1") {
		t.Fatal("a wrong or missing token passed")
	}
	// Protect lets safe methods and bearer-only requests through, and stops the rest.
	h := c.Protect(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(403) }))(
		http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }))
	for _, tc := range []struct {
		method, auth, cookie string
		want                 int
	}{
		{"GET", "", "", 200}, {"POST", "", "", 403}, {"POST", "Bearer x", "", 200}, {"POST", "Bearer x", "sess=S1", 403},
	} {
		r := httptest.NewRequest(tc.method, "/api/x", nil)
		if tc.auth != "" {
			r.Header.Set("Authorization", tc.auth)
		}
		if tc.cookie != "" {
			r.Header.Set("Cookie", tc.cookie)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("%s auth=%q cookie=%q: %d, want %d", tc.method, tc.auth, tc.cookie, w.Code, tc.want)
		}
	}
	// Outside the API a bearer header earns nothing.
	r = httptest.NewRequest("POST", "/admin/x", nil)
	r.Header.Set("Authorization", "Bearer x")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 403 {
		t.Fatalf("a bearer POST outside /api/ skipped the form token: %d", w.Code)
	}
}

func TestRealIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	var ip string
	var tls bool
	h := web.RealIP(trusted)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { ip, tls = web.ClientIP(r), web.IsTLS(r) }))
	for _, c := range []struct {
		remote, xff, proto, wantIP string
		wantTLS                    bool
	}{
		{"203.0.113.5:1234", "1.2.3.4", "https", "203.0.113.5", false}, // untrusted peer: headers ignored
		{"10.0.0.2:1234", "198.51.100.7", "https", "198.51.100.7", true},
		{"10.0.0.2:1234", "6.6.6.6, 198.51.100.7, 10.0.0.3", "http", "198.51.100.7", false}, // spoofed left part ignored
		{"10.0.0.2:1234", "", "", "10.0.0.2", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if ip != c.wantIP || tls != c.wantTLS {
			t.Errorf("remote %s xff %q: ip %s tls %v, want %s %v", c.remote, c.xff, ip, tls, c.wantIP, c.wantTLS)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := web.SecurityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	if w.Header().Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS over plain HTTP")
	}
	r := httptest.NewRequest("GET", "https://x/", nil)
	w = httptest.NewRecorder()
	web.RealIP(nil)(h).ServeHTTP(w, r)
	if w.Header().Get("Strict-Transport-Security") == "" {
		t.Fatal("no HSTS over TLS")
	}
}

func TestStaticHashedURLs(t *testing.T) {
	a := web.NewAssets()
	u := a.URL("css/app.css")
	if !strings.HasPrefix(u, "/static/css/app.") || !strings.HasSuffix(u, ".css") || u == "/static/css/app.css" {
		t.Fatalf("URL = %s", u)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/{file...}", a)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", u, nil))
	if w.Code != 200 || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("hashed asset: %d %v", w.Code, w.Header())
	}
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/static/css/app.css", nil))
	if w.Code != 200 || strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("plain asset: %d %v", w.Code, w.Header())
	}
}

func TestPager(t *testing.T) {
	q := url.Values{"page": {"7"}, "q": {"张"}}
	p := web.NewPager("/admin/users", q, 20, 250)
	if p.Last() != 13 || !p.HasPrev() || !p.HasNext() || p.From() != 121 || p.To() != 140 {
		t.Fatalf("pager %+v last %d from %d to %d", p, p.Last(), p.From(), p.To())
	}
	if got := p.URL(8); got != "/admin/users?page=8&q=%E5%BC%A0" {
		t.Fatalf("URL(8) = %s", got)
	}
	nums := p.Numbers()
	want := []int{1, 0, 5, 6, 7, 8, 9, 0, 13}
	if len(nums) != len(want) {
		t.Fatalf("Numbers = %v, want %v", nums, want)
	}
	for i := range want {
		if nums[i] != want[i] {
			t.Fatalf("Numbers = %v, want %v", nums, want)
		}
	}
	if p := web.NewPager("/x", url.Values{"page": {"99"}}, 20, 5); p.Page != 1 {
		t.Fatalf("a page past the end was not clamped: %d", p.Page)
	}
}

func TestFormFail(t *testing.T) {
	f := web.NewForm()
	f.Fail(errs.Invalidf("phone", "电话号码格式不对"))
	if f.Valid() || f.Error("phone") != "电话号码格式不对" {
		t.Fatalf("form after Fail: %+v", f)
	}
	f = web.NewForm()
	f.Fail(errors.New("SQL error at line 3"))
	if strings.Contains(f.Message, "SQL") {
		t.Fatal("an internal error reached the form")
	}
}
