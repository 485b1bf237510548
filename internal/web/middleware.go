// Package web holds what every page and API handler shares: middleware, rendering with the layouts, forms,
// flash messages, pagination, static files, and the one mapping of errors to HTTP statuses. It knows nothing
// of users or permissions; internal/app hands it what it needs through small function fields.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// info is what the outer middleware learn about a request: its id, the client's address and scheme, the
// route that served it. It is one value in the request's context, added by the first middleware that needs
// it and filled in by the others, so that the request is copied once rather than once per layer.
type info struct {
	id       string
	ip       string
	tls      bool
	resolved bool // ip and tls set by RealIP
	route    string
}

type infoKey struct{}

func infoOf(r *http.Request) *info {
	i, _ := r.Context().Value(infoKey{}).(*info)
	return i
}

// withInfo returns the request's info, adding one to the request when it has none.
func withInfo(r *http.Request) (*http.Request, *info) {
	if i := infoOf(r); i != nil {
		return r, i
	}
	i := &info{route: "unmatched"}
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, i)), i
}

// RequestID returns the id of the request, as logged and sent in X-Request-Id.
func RequestID(r *http.Request) string {
	if i := infoOf(r); i != nil {
		return i.id
	}
	return ""
}

// ClientIP returns the client's address, taken from X-Forwarded-For only behind a trusted proxy.
func ClientIP(r *http.Request) string {
	if i := infoOf(r); i != nil && i.resolved {
		return i.ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// IsTLS reports whether the client reached us over TLS, directly or through a trusted proxy.
func IsTLS(r *http.Request) bool {
	if i := infoOf(r); i != nil && i.resolved {
		return i.tls
	}
	return r.TLS != nil
}

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middleware so that the first listed runs first.
func Chain(h http.Handler, mw ...Middleware) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// WithRequestID gives every request an id: 8 random bytes in hex. It starts the request's info afresh (keeping
// an address already resolved), so that a request passed through the chain again is a request of its own.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := &info{id: newRequestID(), route: "unmatched"}
		if o := infoOf(r); o != nil {
			i.ip, i.tls, i.resolved = o.ip, o.tls, o.resolved
		}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, i))
		w.Header()["X-Request-Id"] = []string{i.id}
		next.ServeHTTP(w, r)
	})
}

// newRequestID returns a request id: 8 random bytes in hex.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RealIP resolves the client address and scheme, believing forwarding headers only from trusted proxies.
func RealIP(trusted []netip.Prefix) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip, tls := client(r, trusted)
			r, i := withInfo(r)
			i.ip, i.tls, i.resolved = ip, tls, true
			next.ServeHTTP(w, r)
		})
	}
}

// client returns the client's address and whether it reached us over TLS, believing X-Forwarded-For and
// X-Forwarded-Proto only from a trusted proxy.
func client(r *http.Request, trusted []netip.Prefix) (ip string, tls bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, tls = host, r.TLS != nil
	if len(trusted) == 0 {
		return ip, tls
	}
	if addr, err := netip.ParseAddr(host); err == nil && trustedAddr(trusted, addr) {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			// The rightmost address not belonging to a trusted proxy is the client.
			parts := strings.Split(xff, ",")
			for i := len(parts) - 1; i >= 0; i-- {
				p := strings.TrimSpace(parts[i])
				a, err := netip.ParseAddr(p)
				if err != nil {
					break
				}
				ip = a.String()
				if !trustedAddr(trusted, a) {
					break
				}
			}
		}
		if proto := r.Header.Get("X-Forwarded-Proto"); proto != "" {
			tls = strings.EqualFold(proto, "https")
		}
	}
	return ip, tls
}

func trustedAddr(trusted []netip.Prefix, a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.size += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Recover turns a panic in a handler into a logged 500 page instead of a dropped connection.
func Recover(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.Error("panic", "id", RequestID(r), "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					http.Error(w, "服务器内部错误，请稍后再试（请求编号 "+RequestID(r)+"）", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// CSP is the Content-Security-Policy of every response: scripts and styles only from our own files (no
// inline script or style attribute), no framing, no plugins.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders are the headers every response carries, in the canonical form of their names.
var securityHeaders = [...][2]string{
	{"Content-Security-Policy", CSP},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// hsts is the Strict-Transport-Security of a response to a client on TLS.
const hsts = "max-age=31536000; includeSubDomains"

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header(), IsTLS(r))
		next.ServeHTTP(w, r)
	})
}

func setSecurityHeaders(h http.Header, tls bool) {
	// One allocation for all the values; each header gets a slice of its own (capacity 1), so an Add by a
	// handler cannot reach into its neighbour.
	var v [len(securityHeaders)]string
	vals := v[:]
	for i, kv := range securityHeaders {
		vals[i] = kv[1]
		h[kv[0]] = vals[i : i+1 : i+1]
	}
	if tls {
		h["Strict-Transport-Security"] = []string{hsts}
	}
}

// Compress gzips text responses for clients that accept it.
func Compress(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024))
	if err != nil {
		panic(err)
	}
	return wrap(next)
}

// NoStore marks responses as not to be cached: for pages that show one user's data.
func NoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
