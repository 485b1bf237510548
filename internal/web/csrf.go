package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// CSRF issues and checks the per-session form token. It complements http.CrossOriginProtection (which rejects
// cross-origin browser requests by their Fetch metadata) for browsers and proxies that do not send it.
//
// The token is an HMAC of two cookies: a random one of its own, renewed at every sign-in and sign-out, and the
// session cookie. A token therefore belongs to one session and is useless in another.
type CSRF struct {
	Key           []byte
	SessionCookie string
}

// CSRFCookie is the name of the token's own cookie; FieldName is the form field and HeaderName the header
// (for htmx and fetch) that carry the token.
const (
	CSRFCookie = "parkos_csrf"
	FieldName  = "csrf_token"
	HeaderName = "X-CSRF-Token"
)

// Token returns the form token for the request, setting the seed cookie when the client has none.
func (c *CSRF) Token(w http.ResponseWriter, r *http.Request) string {
	seed := seedOf(r)
	if seed == "" {
		seed = c.Renew(w, r)
	}
	return c.sign(seed, r)
}

// Renew replaces the seed cookie, invalidating every token issued before. Sign-in and sign-out call it.
func (c *CSRF) Renew(w http.ResponseWriter, r *http.Request) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	seed := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: seed, Path: "/", HttpOnly: true, Secure: IsTLS(r), SameSite: http.SameSiteLaxMode})
	// Later reads in this request see the new seed.
	r.Header.Set("Cookie", replaceCookie(r.Header.Get("Cookie"), CSRFCookie, seed))
	return seed
}

// SetSession makes later token computations in this request use a session cookie value just issued.
func (c *CSRF) SetSession(r *http.Request, value string) {
	r.Header.Set("Cookie", replaceCookie(r.Header.Get("Cookie"), c.SessionCookie, value))
}

func (c *CSRF) sign(seed string, r *http.Request) string {
	sess := ""
	if ck, err := r.Cookie(c.SessionCookie); err == nil {
		sess = ck.Value
	}
	m := hmac.New(sha256.New, c.Key)
	m.Write([]byte(seed))
	m.Write([]byte{0})
	m.Write([]byte(sess))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Valid reports whether the request carries the right token (form field or header).
func (c *CSRF) Valid(r *http.Request) bool {
	seed := seedOf(r)
	if seed == "" {
		return false
	}
	got := r.Header.Get(HeaderName)
	if got == "" {
		got = r.PostFormValue(FieldName)
	}
	return got != "" && hmac.Equal([]byte(got), []byte(c.sign(seed, r)))
}

// Protect refuses state-changing requests without a valid token. API requests authenticated by a bearer
// token and carrying no cookie are exempt: a browser cannot be tricked into sending such a header.
func (c *CSRF) Protect(onFail http.Handler) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				next.ServeHTTP(w, r)
				return
			}
			if strings.HasPrefix(r.URL.Path, "/api/") && strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") && r.Header.Get("Cookie") == "" {
				next.ServeHTTP(w, r)
				return
			}
			if !c.Valid(r) {
				onFail.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func seedOf(r *http.Request) string {
	if ck, err := r.Cookie(CSRFCookie); err == nil {
		return ck.Value
	}
	return ""
}

// replaceCookie sets name=value in a Cookie header, replacing any earlier value.
func replaceCookie(header, name, value string) string {
	var parts []string
	for _, p := range strings.Split(header, ";") {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, name+"=") {
			continue
		}
		parts = append(parts, p)
	}
	if value != "" {
		parts = append(parts, name+"="+value)
	}
	return strings.Join(parts, "; ")
}
