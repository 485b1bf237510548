package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// An Answer is a response known in full before a request enters the middleware chain: a public page from the
// rendered-page cache, asked for by a visitor who is not signed in.
type Answer interface {
	// Route is the route pattern the response belongs to, for the metrics and the access log.
	Route() string
	// Respond sets the response's head in h and returns its status and body.
	Respond(h http.Header, r *http.Request) (status int, body []byte)
}

// Front is parkos's HTTP server. It reads requests with fasthttp and answers those Find knows the answer to
// itself: the public site's cached pages, which are nearly every request a park's website gets. Every other
// request is handed, as a net/http request, to Handler: the middleware chain, routing and handlers that are
// the rest of parkos. net/http alone serves a cached page at about 0.6 of nginx's rate on this kind of
// machine (bench/README.md); fasthttp writes head and body in one system call from buffers it keeps per
// connection, and reaches nginx's rate.
//
// For the requests it answers, Front does what the chain does and nothing more: the request id, the security
// headers, the compression layer's Vary (Find answers only in an encoding the client accepts and the
// compression layer would pass through), the metrics and the access-log line. The page is the public's, the
// same for every visitor: there is no actor to look up, no form to protect, no route to match. A request
// carrying the Private cookie (the session) always takes the chain, so that signing in and out works as it
// does everywhere.
//
// Requests handed to Handler are read in full first (up to MaxBody) and their responses are buffered:
// parkos streams nothing. As with any fasthttp adaptor, a handler must not keep strings of a request (its
// path, header values) after it returns: they point into memory used for the next request.
type Front struct {
	srv     *fasthttp.Server
	find    func(*http.Request) (Answer, bool)
	chain   fasthttp.RequestHandler
	private []byte
	trusted []netip.Prefix
	log     *slog.Logger
	metrics *Metrics
	maxBody int

	answered atomic.Uint64
}

// Answered returns how many requests the front has answered itself.
func (f *Front) Answered() uint64 { return f.answered.Load() }

// FrontOptions configure a Front.
type FrontOptions struct {
	// Find returns the answer to a request that needs nothing of the chain, or false.
	Find func(*http.Request) (Answer, bool)
	// Private names the cookie that sends a request to the chain whatever Find would say.
	Private string
	// Trusted are the reverse proxies whose X-Forwarded-For and -Proto are believed.
	Trusted []netip.Prefix
	Log     *slog.Logger
	Metrics *Metrics
	// HeadTimeout bounds reading a request's head, ReadTimeout then its body; WriteTimeout writing its
	// response; IdleTimeout the wait for the next request on a kept-alive connection.
	HeadTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// MaxBody is the largest request body read. Handlers set lower limits of their own, with their own
	// messages; this one stops what no handler would take.
	MaxBody int
}

// maxHead is the largest request head (request line and headers) read.
const maxHead = 16 << 10

// NewFront returns a server for handler.
func NewFront(handler http.Handler, o FrontOptions) *Front {
	f := &Front{find: o.Find, chain: fasthttpadaptor.NewFastHTTPHandler(detach(handler)), trusted: o.Trusted, log: o.Log,
		metrics: o.Metrics, maxBody: o.MaxBody}
	if o.Private != "" {
		f.private = []byte(o.Private + "=")
	}
	f.srv = &fasthttp.Server{
		Handler: f.serve, ErrorHandler: f.refuse, Logger: logAdapter{o.Log},
		ReadTimeout: o.HeadTimeout, WriteTimeout: o.WriteTimeout, IdleTimeout: o.IdleTimeout,
		HeaderReceived: func(*fasthttp.RequestHeader) fasthttp.RequestConfig {
			return fasthttp.RequestConfig{ReadTimeout: o.ReadTimeout}
		},
		MaxRequestBodySize: o.MaxBody, ReadBufferSize: maxHead, WriteBufferSize: 16 << 10,
		NoDefaultServerHeader: true, NoDefaultContentType: true, DisablePreParseMultipartForm: true,
		CloseOnShutdown: true,
	}
	return f
}

// detach gives each request a context of its own, ended when the handler returns, as net/http's is. The
// adaptor's would be fasthttp's RequestCtx, which serves the connection's next request once this one is done:
// work a handler leaves running (an import, with context.WithoutCancel) must not reach into it.
func detach(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Serve accepts connections on ln until Shutdown.
func (f *Front) Serve(ln net.Listener) error { return f.srv.Serve(ln) }

// ServeTLS accepts TLS connections on ln until Shutdown (HTTP/1.1).
func (f *Front) ServeTLS(ln net.Listener, certFile, keyFile string) error {
	return f.srv.ServeTLS(ln, certFile, keyFile)
}

// Shutdown stops accepting connections and waits, until ctx ends, for the requests being served.
func (f *Front) Shutdown(ctx context.Context) error { return f.srv.ShutdownWithContext(ctx) }

func (f *Front) serve(ctx *fasthttp.RequestCtx) {
	if !f.answer(ctx) {
		f.chain(ctx)
	}
}

// probe is the little of a request that Find and an Answer read, as a net/http request; probes are reused.
type probe struct {
	r    http.Request
	u    url.URL
	in   http.Header
	out  http.Header
	vals [len(probed)]string
	vary [2]string
}

// probed are the request headers an answer may depend on (the cookies: the script a page is shown in).
var probed = [...]string{"Cookie", "Accept-Encoding", "If-None-Match", "X-Forwarded-For", "X-Forwarded-Proto"}

var probes = sync.Pool{New: func() any {
	p := &probe{in: make(http.Header, len(probed)), out: make(http.Header, 8)}
	p.r.URL, p.r.Header = &p.u, p.in
	return p
}}

// answer serves the request from Find when it can, and reports whether it did.
func (f *Front) answer(ctx *fasthttp.RequestCtx) (done bool) {
	get := ctx.IsGet()
	if !get && !ctx.IsHead() {
		return false
	}
	path := ctx.URI().PathOriginal()
	if !plainPath(path) {
		return false // escaped or unclean paths take the chain, which decodes and redirects them as ever
	}
	rh := &ctx.Request.Header
	if f.private != nil && bytes.Contains(rh.Peek("Cookie"), f.private) {
		return false
	}
	p := probes.Get().(*probe)
	defer probes.Put(p)
	clear(p.in)
	clear(p.out)
	p.r.Method = http.MethodHead
	if get {
		p.r.Method = http.MethodGet
	}
	p.u.Path, p.u.RawQuery = string(path), string(ctx.URI().QueryString())
	for i, name := range probed {
		if v := rh.Peek(name); len(v) > 0 {
			p.vals[i] = string(v)
			p.in[name] = p.vals[i : i+1 : i+1]
		}
	}
	p.r.RemoteAddr = ctx.RemoteAddr().String()
	p.r.TLS = nil
	if ctx.IsTLS() {
		p.r.TLS = ctx.TLSConnectionState()
	}
	defer func() { // fasthttp recovers no panic: one here would end the process
		if v := recover(); v != nil {
			f.log.Error("panic", "path", p.u.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			ctx.Response.Reset()
			plainError(ctx, http.StatusInternalServerError, "服务器内部错误，请稍后再试。")
			done = true
		}
	}()
	a, ok := f.find(&p.r)
	if !ok {
		return false
	}
	ip, tls := client(&p.r, f.trusted)
	id := newRequestID()
	// As the chain's compression layer does, before the page adds its own.
	p.vary[0] = "Accept-Encoding"
	p.out["Vary"] = p.vary[:1:2]
	status, body := a.Respond(p.out, &p.r)

	resp := &ctx.Response
	resp.SetStatusCode(status)
	h := &resp.Header
	h.Set("X-Request-Id", id)
	setFastSecurityHeaders(h, tls)
	for k, vs := range p.out {
		switch k {
		case "Content-Length": // fasthttp declares the body's length itself
		case "Content-Type":
			h.SetContentType(vs[0])
		default:
			for _, v := range vs {
				h.Add(k, v)
			}
		}
	}
	resp.SetBodyRaw(body) // the cache's bytes, never changed: no copy
	took := time.Since(ctx.Time())
	route := a.Route()
	f.answered.Add(1)
	f.metrics.observe(route, p.r.Method, status, took)
	logRequest(ctx, f.log, p.r.Method, p.u.Path, id, route, ip, status, len(body), took)
	return true
}

// plainPath reports whether a request path means what its bytes say: absolute, nothing escaped, no empty, "."
// or ".." segment. Such a path is the same to fasthttp and to net/http's router.
func plainPath(p []byte) bool {
	if len(p) == 0 || p[0] != '/' || bytes.IndexByte(p, '%') >= 0 || bytes.Contains(p, []byte("//")) {
		return false
	}
	for seg := range bytes.SplitSeq(p[1:], []byte("/")) {
		if len(seg) > 0 && seg[0] == '.' && (len(seg) == 1 || len(seg) == 2 && seg[1] == '.') {
			return false
		}
	}
	return true
}

// refuse answers a request fasthttp could not read: too large a head or body, a timeout, a malformed request.
func (f *Front) refuse(ctx *fasthttp.RequestCtx, err error) {
	status, msg := http.StatusBadRequest, "请求格式不正确。"
	var small *fasthttp.ErrSmallBuffer
	var ne net.Error
	switch {
	case errors.As(err, &small):
		status, msg = http.StatusRequestHeaderFieldsTooLarge, "请求头过大（超过 "+strconv.Itoa(maxHead>>10)+" KB），请清除本站 Cookie 后重试。"
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		status, msg = http.StatusRequestEntityTooLarge, "提交的内容过大，不能超过 "+strconv.Itoa(f.maxBody>>20)+" MB。"
	case errors.As(err, &ne) && ne.Timeout():
		status, msg = http.StatusRequestTimeout, "请求超时，请重试。"
	}
	f.log.Warn("request refused", "status", status, "ip", ctx.RemoteIP().String(), "err", err.Error())
	plainError(ctx, status, msg)
}

// plainError answers with msg as plain text, with the security headers every response carries.
func plainError(ctx *fasthttp.RequestCtx, status int, msg string) {
	ctx.Error(msg, status) // resets the head: the security headers come after
	setFastSecurityHeaders(&ctx.Response.Header, false)
}

// setFastSecurityHeaders is setSecurityHeaders for a fasthttp response.
func setFastSecurityHeaders(h *fasthttp.ResponseHeader, tls bool) {
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
	if tls {
		h.Set("Strict-Transport-Security", hsts)
	}
}

// logAdapter passes fasthttp's own messages (connection errors and the like) to the log as warnings.
type logAdapter struct{ log *slog.Logger }

func (l logAdapter) Printf(format string, args ...any) { l.log.Warn(fmt.Sprintf(format, args...)) }
