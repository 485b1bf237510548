package web

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"
)

func TestPlainPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/article/12": true, "/c/news/feed.xml": true, "/a.b/..c/...": true,
		"": false, "article": false, "//article": false, "/c//news": false, "/c/../admin": false,
		"/c/./news": false, "/c/..": false, "/c/.": false, "/%61rticle/1": false,
	} {
		if got := plainPath([]byte(p)); got != want {
			t.Errorf("plainPath(%q) = %v", p, got)
		}
	}
}

// page is an Answer of fixed content.
type page struct{ body []byte }

func (page) Route() string { return "GET /page" }

func (p page) Respond(h http.Header, _ *http.Request) (int, []byte) {
	h["Content-Type"] = []string{"text/html; charset=utf-8"}
	return http.StatusOK, p.body
}

// startFront serves a Front on a loopback port: /page is answered by the front, anything else by a handler
// that echoes the length of the body it read.
func startFront(t *testing.T, log *slog.Logger) (string, *Front, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	chain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		_, _ = io.WriteString(w, r.Method+" "+r.URL.Path+" "+strconv.Itoa(len(b)))
	})
	f := NewFront(chain, FrontOptions{
		Find: func(r *http.Request) (Answer, bool) {
			if r.URL.Path == "/boom" {
				panic("boom")
			}
			return page{[]byte("<p>页面</p>")}, r.URL.Path == "/page"
		},
		Private: "session", Log: log, Metrics: NewMetrics(reg),
		HeadTimeout: time.Second, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: 5 * time.Second,
		MaxBody: 1 << 20,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- f.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = f.Shutdown(ctx)
		<-done
	})
	return "http://" + ln.Addr().String(), f, reg
}

func TestFrontAnswersLogsAndCounts(t *testing.T) {
	var logged bytes.Buffer
	base, f, reg := startFront(t, slog.New(slog.NewTextHandler(&logged, nil)))
	resp, err := http.Get(base + "/page")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := resp.Header.Get("X-Request-Id")
	if string(b) != "<p>页面</p>" || resp.Header.Get("Content-Security-Policy") != CSP || len(id) != 16 || f.Answered() != 1 {
		t.Fatalf("%d %q, headers %v, answered %d", resp.StatusCode, b, resp.Header, f.Answered())
	}
	for _, want := range []string{"id=" + id, `route="GET /page"`, "status=200", "path=/page", "ip=127.0.0.1"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log line lacks %s: %s", want, logged.String())
		}
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counted := false
	for _, mf := range mfs {
		if mf.GetName() == "parkos_http_requests_total" {
			for _, m := range mf.GetMetric() {
				counted = counted || m.GetCounter().GetValue() == 1 && strings.Contains(m.String(), "GET /page")
			}
		}
	}
	if !counted {
		t.Error("the answer is not in parkos_http_requests_total")
	}

	// With the private cookie, or another method, the chain answers.
	req, _ := http.NewRequest("GET", base+"/page", nil)
	req.Header.Set("Cookie", "a=1; session=abc")
	for r, want := range map[*http.Request]string{req: "GET /page 0",
		must(http.NewRequest("POST", base+"/page", strings.NewReader("abc"))): "POST /page 3"} {
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != want || f.Answered() != 1 {
			t.Errorf("%s with %q: %q, answered %d", r.Method, r.Header.Get("Cookie"), b, f.Answered())
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestFrontRefuses: what fasthttp cannot read gets a message in Chinese with its status; a panic in the front
// is a 500, not the end of the process.
func TestFrontRefuses(t *testing.T) {
	base, _, _ := startFront(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
	req, _ := http.NewRequest("GET", base+"/page", nil)
	req.Header.Set("X-Big", strings.Repeat("a", maxHead+1))
	for _, c := range []struct {
		r      *http.Request
		status int
		msg    string
	}{
		{must(http.NewRequest("GET", base+"/boom", nil)), http.StatusInternalServerError, "服务器内部错误"},
		{req, http.StatusRequestHeaderFieldsTooLarge, "请求头过大"},
	} {
		resp, err := http.DefaultClient.Do(c.r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(b), c.msg) || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s %s: %d %q", c.r.Method, c.r.URL.Path, resp.StatusCode, b)
		}
	}

	// A body larger than MaxBody is refused at its declared length, before it is read. (Sent raw: an HTTP
	// client writing the body would see the connection closed under it.)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "POST /upload HTTP/1.1\r\nHost: parkos\r\nContent-Type: application/octet-stream\r\nContent-Length: "+
		strconv.Itoa(2<<20)+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(4 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "不能超过 1 MB") {
		t.Errorf("too large a body: %d %q", resp.StatusCode, b)
	}
}

// BenchmarkFrontAnswer is the front's own work for a cached page (probe, lookup, head, access-log decision,
// metrics), without the network: a 7 KB page, no access log (level warn).
func BenchmarkFrontAnswer(b *testing.B) {
	body := []byte(strings.Repeat("<p>园区新闻</p>", 7<<10/len("<p>园区新闻</p>")))
	f := NewFront(http.NotFoundHandler(), FrontOptions{
		Find:    func(*http.Request) (Answer, bool) { return page{body}, true },
		Private: "session", Log: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Metrics: NewMetrics(prometheus.NewRegistry()),
	})
	var req fasthttp.Request
	req.SetRequestURI("/article/1")
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}
	var ctx fasthttp.RequestCtx
	b.ReportAllocs()
	for b.Loop() {
		ctx.Init(&req, addr, nil)
		f.serve(&ctx)
		if ctx.Response.StatusCode() != http.StatusOK || f.Answered() == 0 {
			b.Fatal(ctx.Response.StatusCode())
		}
	}
}

// TestFrontHeadTimeout: a client that does not finish its request head within HeadTimeout is answered 408
// and let go, rather than holding a connection for the body's longer timeout.
func TestFrontHeadTimeout(t *testing.T) {
	base, _, _ := startFront(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET /page HTTP/1.1\r\nHost: parkos\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(4 * time.Second)) // the body's timeout is 5 s, the head's 1 s
	got, err := io.ReadAll(c)
	if err != nil || !strings.HasPrefix(string(got), "HTTP/1.1 408") || !strings.Contains(string(got), "请求超时") {
		t.Fatalf("%q, %v", got, err)
	}
}
