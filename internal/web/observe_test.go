package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"parkos/internal/web"
)

// TestRequestInfo runs the outer middleware as the application does and checks what the handler and the
// access log see: the id, the client address behind a trusted proxy, the scheme, and the route's pattern.
func TestRequestInfo(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	reg := prometheus.NewRegistry()
	m := web.NewMetrics(reg)
	var id, ip string
	var tls bool
	mux := http.NewServeMux()
	mux.Handle("GET /page/{n}", web.Route("GET /page/{n}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ip, tls = web.RequestID(r), web.ClientIP(r), web.IsTLS(r)
		w.WriteHeader(http.StatusTeapot)
	})))
	h := web.Chain(mux, web.WithRequestID, web.RealIP([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}), web.Observe(log, m))

	r := httptest.NewRequest("GET", "/page/7?secret=x", nil)
	r.RemoteAddr = "10.0.0.2:4000"
	r.Header.Set("X-Forwarded-For", "198.51.100.7")
	r.Header.Set("X-Forwarded-Proto", "https")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if len(id) != 16 || w.Header().Get("X-Request-Id") != id || ip != "198.51.100.7" || !tls {
		t.Fatalf("id %q (header %q), ip %q, tls %v", id, w.Header().Get("X-Request-Id"), ip, tls)
	}
	line := logged.String()
	for _, want := range []string{"id=" + id, `route="GET /page/{n}"`, "status=418", "ip=198.51.100.7", "path=/page/7"} {
		if !strings.Contains(line, want) {
			t.Fatalf("log line lacks %s: %s", want, line)
		}
	}
	if strings.Contains(line, "secret") {
		t.Fatalf("query string logged: %s", line)
	}
	if v := counted(t, reg, "GET /page/{n}", "418"); v != 1 {
		t.Fatalf("counted %v", v)
	}

	// Unmatched paths are counted as such; a request passed through the chain again is a request of its own.
	first := id
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nowhere", nil))
	if !strings.Contains(logged.String(), `route=unmatched`) {
		t.Fatalf("unmatched route: %s", logged.String())
	}
	again := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }), web.WithRequestID)
	again.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/page/8", nil))
	if id == first || id == "" {
		t.Fatalf("inner pass kept id %q", id)
	}
}

// counted returns the request count of a route and status.
func counted(t *testing.T, reg *prometheus.Registry, route, status string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0.0
	for _, mf := range mfs {
		if mf.GetName() != "parkos_http_requests_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] == route && labels["status"] == status && labels["method"] == "GET" {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return n
}
