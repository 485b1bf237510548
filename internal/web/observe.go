package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// routeHolder lets the handler of a matched route tell the outer middleware its pattern: ServeMux records the
// pattern on its own copy of the request, which the outer layers never see.
type routeHolder struct{ pattern string }

type holderKey struct{}

// Route marks h as serving pattern, for the access log and the metrics.
func Route(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rh, ok := r.Context().Value(holderKey{}).(*routeHolder); ok {
			rh.pattern = pattern
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

// Observe logs every request in one structured line and counts it in the metrics. The log holds no query
// string and no body, so no personal data or credential reaches it.
func Observe(log *slog.Logger, m *Metrics) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rh := &routeHolder{pattern: "unmatched"}
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), holderKey{}, rh)))
			took := time.Since(start)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			m.requests.WithLabelValues(rh.pattern, r.Method, strconv.Itoa(sw.status)).Inc()
			m.duration.WithLabelValues(rh.pattern).Observe(took.Seconds())
			lvl := slog.LevelInfo
			if sw.status >= 500 {
				lvl = slog.LevelError
			}
			log.LogAttrs(r.Context(), lvl, "request",
				slog.String("id", RequestID(r)), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("route", rh.pattern), slog.Int("status", sw.status), slog.Int("bytes", sw.size),
				slog.Duration("took", took), slog.String("ip", ClientIP(r)))
		})
	}
}
