package portal_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/web"
)

// TestCachedResponse checks what a cached page carries: the security headers and request id of every
// response, its length, a gzipped copy for clients that accept gzip (with an ETag of its own), 304 for a
// current copy, and the request counted under its route in the metrics.
func TestCachedResponse(t *testing.T) {
	env := apptest.Start(t, nil)
	body := "<p>" + strings.Repeat("园区举办科技企业政策宣讲会，解读研发费用加计扣除政策。", 40) + "</p>"
	path := "/article/" + strconv.FormatInt(publish(t, env, "updates", "政策宣讲会", body, ""), 10)
	h := env.App.Handler()
	get := func(path string, hdr ...string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	check := func(w *httptest.ResponseRecorder, status int, encoding string) {
		t.Helper()
		if w.Code != status {
			t.Fatalf("status %d, want %d", w.Code, status)
		}
		hd := w.Header()
		if hd.Get("Content-Security-Policy") != web.CSP || hd.Get("X-Frame-Options") != "DENY" || hd.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("security headers missing: %v", hd)
		}
		if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(hd.Get("X-Request-Id")) {
			t.Fatalf("request id %q", hd.Get("X-Request-Id"))
		}
		if vary := strings.Join(hd.Values("Vary"), ","); !strings.Contains(vary, "Cookie") || !strings.Contains(vary, "Accept-Encoding") {
			t.Fatalf("Vary: %q", vary)
		}
		if got := hd.Get("Content-Encoding"); got != encoding {
			t.Fatalf("Content-Encoding %q, want %q", got, encoding)
		}
		if status == http.StatusOK && hd.Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
			t.Fatalf("Content-Length %q for %d bytes", hd.Get("Content-Length"), w.Body.Len())
		}
	}

	first := get(path)
	check(first, http.StatusOK, "")
	if !strings.Contains(first.Body.String(), "政策宣讲会") || first.Header().Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("page: %v %s", first.Header(), apptest.Snippet(first.Body.String()))
	}
	again := get(path)
	check(again, http.StatusOK, "")
	if !bytes.Equal(again.Body.Bytes(), first.Body.Bytes()) || again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Fatal("the cached copy differs from the first")
	}
	if get(path).Header().Get("X-Request-Id") == again.Header().Get("X-Request-Id") {
		t.Fatal("two requests got the same id")
	}

	for _, ae := range []string{"gzip", "GZIP", "br, gzip;q=0.5, zstd", "gzip, deflate, br, zstd"} {
		gz := get(path, "Accept-Encoding", ae)
		check(gz, http.StatusOK, "gzip")
		zr, err := gzip.NewReader(gz.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, first.Body.Bytes()) {
			t.Fatalf("%s: the gzipped page is not the page (%v)", ae, err)
		}
		if tag := gz.Header().Get("ETag"); tag == first.Header().Get("ETag") || tag == "" {
			t.Fatalf("%s: gzipped ETag %q", ae, tag)
		}
	}
	for _, ae := range []string{"gzip;q=0", "identity", "deflate"} {
		w := get(path, "Accept-Encoding", ae)
		if w.Header().Get("Content-Encoding") == "gzip" || !bytes.Equal(w.Body.Bytes(), first.Body.Bytes()) {
			t.Fatalf("%s: got %q", ae, w.Header().Get("Content-Encoding"))
		}
	}

	tag := first.Header().Get("ETag")
	check(get(path, "If-None-Match", tag), http.StatusNotModified, "")
	gzTag := get(path, "Accept-Encoding", "gzip").Header().Get("ETag")
	notMod := get(path, "Accept-Encoding", "gzip", "If-None-Match", gzTag)
	if notMod.Code != http.StatusNotModified || notMod.Body.Len() != 0 {
		t.Fatalf("gzip revalidation: %d, %d bytes", notMod.Code, notMod.Body.Len())
	}
	if w := get(path, "Accept-Encoding", "gzip", "If-None-Match", tag); w.Code != http.StatusOK {
		t.Fatalf("the plain ETag revalidated the gzipped copy: %d", w.Code)
	}

	// Traditional characters are converted before compression.
	hant := get(path+"?lang=zh-Hant", "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(hant.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); !strings.Contains(string(b), "園區") {
		t.Fatal("gzipped Traditional page is not in Traditional characters")
	}

	// Every request above was counted under the article's route.
	resp, err := http.Get(env.Server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var found []string
	for line := range strings.SplitSeq(string(m), "\n") {
		if strings.HasPrefix(line, "parkos_http_requests_total{") && strings.Contains(line, `route="GET /article/{id}"`) {
			found = append(found, line)
		}
	}
	if !slices.ContainsFunc(found, func(l string) bool { return strings.Contains(l, `status="200"`) }) ||
		!slices.ContainsFunc(found, func(l string) bool { return strings.Contains(l, `status="304"`) }) {
		t.Fatalf("article requests not counted by route: %q", found)
	}
}
