package portal_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/config"
)

// TestFrontAnswersAsTheChain holds the front (web.Front) to the middleware chain: for every kind of request
// it answers from the page cache, its response (status, headers, body) is the one the chain gives for the
// same request, but for the request id and the date; and the requests it must leave to the chain reach it.
func TestFrontAnswersAsTheChain(t *testing.T) {
	env := apptest.Start(t, func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	body := "<p>" + strings.Repeat("园区组织科技型中小企业评价入库培训，讲解研发费用加计扣除政策。", 60) + "</p>"
	id := strconv.FormatInt(publish(t, env, "updates", "园区举办科技型中小企业评价入库培训", body, "2026-11-20"), 10)
	article := "/article/" + id

	// The client sends exactly the headers given (no Accept-Encoding of its own, no decompression) and
	// follows no redirect.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(method, path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, env.Server.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	etag := func(path string, hdr ...string) string {
		resp, _ := get("GET", path, hdr...)
		return resp.Header.Get("Etag")
	}
	hex16 := regexp.MustCompile(`^[0-9a-f]{16}$`)

	cases := []struct {
		name, method, path string
		hdr                []string
	}{
		{"home", "GET", "/", nil},
		{"article", "GET", article, nil},
		{"article gzipped", "GET", article, []string{"Accept-Encoding", "gzip, deflate, br, zstd"}},
		{"article in Traditional by cookie", "GET", article, []string{"Cookie", "parkos_lang=zh-Hant; other=1"}},
		{"article in Traditional by query", "GET", article + "?lang=zh-Hant", nil},
		{"article with a query the page ignores", "GET", article + "?utm_source=wechat&from=timeline", nil},
		{"article not modified", "GET", article, []string{"If-None-Match", etag(article)}},
		{"gzipped not modified", "GET", article, []string{"Accept-Encoding", "gzip",
			"If-None-Match", etag(article, "Accept-Encoding", "gzip")}},
		{"head", "HEAD", article, nil},
		{"category", "GET", "/c/news", nil},
		{"policies", "GET", "/policies", nil},
		{"feed", "GET", "/feed.xml", nil},
		{"sitemap", "GET", "/sitemap.xml", nil},
		{"through a trusted proxy on https", "GET", article, []string{"X-Forwarded-For", "198.51.100.7",
			"X-Forwarded-Proto", "https"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			get(c.method, c.path, c.hdr...) // the first request may have to render the page: the chain's
			before := env.App.Front().Answered()
			resp, got := get(c.method, c.path, c.hdr...)
			if n := env.App.Front().Answered() - before; n != 1 {
				t.Fatalf("the front answered %d requests, want 1 (status %d)", n, resp.StatusCode)
			}

			// The same request through the chain, in process.
			req := httptest.NewRequest(c.method, c.path, nil)
			req.RemoteAddr = "127.0.0.1:40000"
			for i := 0; i+1 < len(c.hdr); i += 2 {
				req.Header.Set(c.hdr[i], c.hdr[i+1])
			}
			w := httptest.NewRecorder()
			env.App.Handler().ServeHTTP(w, req)
			want := w.Result()
			wantBody := w.Body.Bytes()
			if c.method == "HEAD" {
				wantBody = nil // the recorder keeps what net/http's server would not send
			}

			if resp.StatusCode != want.StatusCode || !bytes.Equal(got, wantBody) {
				t.Fatalf("front: %d, %d bytes; chain: %d, %d bytes", resp.StatusCode, len(got), want.StatusCode, len(wantBody))
			}
			if !hex16.MatchString(resp.Header.Get("X-Request-Id")) || !hex16.MatchString(want.Header.Get("X-Request-Id")) {
				t.Errorf("request ids: front %q, chain %q", resp.Header.Get("X-Request-Id"), want.Header.Get("X-Request-Id"))
			}
			if resp.Header.Get("Date") == "" {
				t.Error("the front sent no Date")
			}
			if c.method == "HEAD" && resp.Header.Get("Content-Length") == "" {
				t.Error("HEAD: no Content-Length")
			}
			if f, ch := heads(resp.Header), heads(want.Header); f != ch {
				t.Errorf("headers differ\nfront:\n%s\nchain:\n%s", f, ch)
			}
		})
	}

	// Requests the front leaves to the chain.
	tenant := env.Client()
	env.User("editor1", "Editor-Pass-2026", "editor")
	tenant.MustLogin("editor1", "Editor-Pass-2026")
	for _, c := range []struct {
		name string
		do   func() int
	}{
		{"signed in", func() int { return tenant.Get(article).Status }},
		{"an encoding the page is not kept in", func() int {
			resp, _ := get("GET", article, "Accept-Encoding", "br")
			return resp.StatusCode
		}},
		{"an unclean path", func() int {
			resp, _ := get("GET", "/c/../"+strings.TrimPrefix(article, "/"))
			return resp.StatusCode
		}},
		{"an escaped path", func() int {
			resp, _ := get("GET", strings.Replace(article, "article", "%61rticle", 1))
			return resp.StatusCode
		}},
		{"a page too small to be kept gzipped, to a client that accepts gzip", func() int {
			resp, _ := get("GET", "/sitemap.xml", "Accept-Encoding", "gzip")
			return resp.StatusCode
		}},
		{"a page not in the cache", func() int {
			resp, _ := get("GET", "/article/999999")
			return resp.StatusCode
		}},
		{"a back-office page", func() int {
			resp, _ := get("GET", "/login")
			return resp.StatusCode
		}},
	} {
		c.do() // as above: the first request may render the page
		before := env.App.Front().Answered()
		status := c.do()
		if n := env.App.Front().Answered() - before; n != 0 || status == 0 {
			t.Errorf("%s: the front answered %d (status %d)", c.name, n, status)
		}
	}
}

// heads lists a response's headers but for those made afresh for each response, sorted, one per line.
func heads(h http.Header) string {
	var lines []string
	for k, vs := range h {
		if k == "Date" || k == "X-Request-Id" {
			continue
		}
		for _, v := range vs {
			lines = append(lines, k+": "+v)
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
