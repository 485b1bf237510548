package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// RouteOf returns the route pattern that served r, as Route recorded it ("unmatched" before routing).
func RouteOf(r *http.Request) string {
	if i := infoOf(r); i != nil {
		return i.route
	}
	return ""
}

// Route marks h as serving pattern, for the access log and the metrics. ServeMux records the pattern on its
// own copy of the request, which the outer layers never see; the request's info, shared by all copies, is
// where they find it.
func Route(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i := infoOf(r); i != nil {
			i.route = pattern
		}
		h.ServeHTTP(w, r)
	})
}

// Metrics are the HTTP figures exported at /metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parkos_http_requests_total",
			Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parkos_http_request_duration_seconds",
			Help: "HTTP request latency by route pattern.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}},
			[]string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *Metrics) observe(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(took.Seconds())
}

// Observe logs every request in one structured line and counts it in the metrics. The log holds no query
// string and no body, so no personal data or credential reaches it.
func Observe(log *slog.Logger, m *Metrics) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			r, i := withInfo(r)
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			took := time.Since(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			m.observe(i.route, r.Method, sw.status, took)
			logRequest(r.Context(), log, r.Method, r.URL.Path, i.id, i.route, ClientIP(r), sw.status, sw.size, took)
		})
	}
}

// logRequest writes the access-log line of a request: at level info, or error for a server error.
func logRequest(ctx context.Context, log *slog.Logger, method, path, id, route, ip string, status, size int, took time.Duration) {
	lvl := slog.LevelInfo
	if status >= 500 {
		lvl = slog.LevelError
	}
	if !log.Enabled(ctx, lvl) {
		return
	}
	log.LogAttrs(ctx, lvl, "request",
		slog.String("id", id), slog.String("method", method), slog.String("path", path),
		slog.String("route", route), slog.Int("status", status), slog.Int("bytes", size),
		slog.Duration("took", took), slog.String("ip", ip))
}
