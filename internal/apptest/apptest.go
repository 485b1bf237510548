// Package apptest starts a whole parkos for tests: a real database (see dbtest), a temporary data directory,
// the real server (web.Front before the handler) on a loopback port, and clients that sign in through the real login form.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"parkos/internal/account"
	"parkos/internal/app"
	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/dbtest"
)

// Env is a running parkos.
type Env struct {
	T      testing.TB
	App    *app.App
	Server *Server
	Cfg    *config.Config
}

// Server is where a test's parkos listens.
type Server struct {
	URL string // http://127.0.0.1:port
}

// Start builds and serves parkos; edit adjusts the configuration first (may be nil).
func Start(t testing.TB, edit func(*config.Config)) *Env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database = dbtest.URL(t)
	if edit != nil {
		edit(&cfg)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, &cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.WithSearch())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// The server parkos runs in production: the front, answering cached public pages itself and passing the
	// rest to the handler; the jobs and the search indexer are left to the tests.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- a.Front().Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Front().Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-served
	})
	return &Env{T: t, App: a, Server: &Server{URL: "http://" + ln.Addr().String()}, Cfg: &cfg}
}

// User creates an account with a known password and the given roles (enterprise users are bound to
// enterprise 1). It returns the user's id.
func (e *Env) User(username, password string, roles ...string) int64 {
	e.T.Helper()
	n := account.NewUser{Username: username, Password: password, Roles: roles, DisplayName: "测试" + username}
	for _, r := range roles {
		if r == auth.RoleEnterprise {
			n.EnterpriseID = 1
		}
	}
	u, _, err := e.App.Accounts.CreateUser(context.Background(), auth.System("test"), n)
	if err != nil {
		e.T.Fatalf("create user %s: %v", username, err)
	}
	return u.ID
}

// Client is a browser-like HTTP client: it keeps cookies, sends the Origin header and does not follow
// redirects, so tests see each status.
type Client struct {
	e    *Env
	HTTP *http.Client
}

// Client returns a new anonymous client.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{e: e, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is a finished response with its body read.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// Do sends a request. form, when not nil, is posted url-encoded with the page's form token added.
func (c *Client) Do(method, path string, form url.Values) *Response {
	c.e.T.Helper()
	var body io.Reader
	if form != nil {
		if form.Get("csrf_token") == "" {
			form.Set("csrf_token", c.Token())
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.Server.URL+path, body)
	if err != nil {
		c.e.T.Fatal(err)
	}
	req.Header.Set("Origin", c.e.Server.URL)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.e.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
}

// Get fetches path.
func (c *Client) Get(path string) *Response { return c.Do("GET", path, nil) }

// Post posts form to path.
func (c *Client) Post(path string, form url.Values) *Response {
	if form == nil {
		form = url.Values{}
	}
	return c.Do("POST", path, form)
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// Token reads the current form token from a page: the login page, or, for a signed-in client, the page the
// login page redirects it to (home or a sign-in step), which carries it in the sign-out form.
func (c *Client) Token() string {
	c.e.T.Helper()
	path := "/login"
	for range 3 {
		req, _ := http.NewRequest("GET", c.e.Server.URL+path, nil)
		resp, err := c.HTTP.Do(req)
		if err != nil {
			c.e.T.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if m := tokenRE.FindStringSubmatch(string(b)); m != nil {
			return m[1]
		}
		if path = resp.Header.Get("Location"); path == "" {
			break
		}
	}
	c.e.T.Fatal("no csrf_token found on the pages")
	return ""
}

// Login signs in through the login form and returns its response.
func (c *Client) Login(username, password string) *Response {
	c.e.T.Helper()
	return c.Post("/login", url.Values{"username": {username}, "password": {password}})
}

// MustLogin signs in and fails the test unless the login succeeded.
func (c *Client) MustLogin(username, password string) {
	c.e.T.Helper()
	r := c.Login(username, password)
	if r.Status != http.StatusSeeOther {
		c.e.T.Fatalf("login %s: status %d: %s", username, r.Status, snippet(r.Body))
	}
}

// Snippet shortens a body for a failure message.
func snippet(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

// Snippet is snippet for other packages' messages.
func Snippet(s string) string { return snippet(s) }
