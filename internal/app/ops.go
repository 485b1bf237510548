package app

import (
	"context"
	_ "embed"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// openAPI describes the JSON API; every module adds its paths here, and a test validates the document and
// the responses against it.
//
//go:embed openapi.json
var openAPI []byte

var (
	errNotFound  = errs.NotFoundf("页面")
	errForbidden = errs.Forbiddenf("您没有访问此页面的权限。如确有需要，请联系安全管理员授权。")
	errSignIn    = errs.Unauthenticatedf("请先登录，或在请求头中携带有效的接口令牌")
	errStep      = errs.Forbiddenf("请先在浏览器中完成登录步骤（修改密码或动态口令）")
	errCSRF      = errs.Forbiddenf("表单校验失败：请求缺少有效的 X-CSRF-Token")
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// opsRoutes are the operational endpoints and the static files.
func (a *App) opsRoutes(rnd *web.Renderer) []auth.Route {
	metrics := promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{})
	return []auth.Route{
		{Method: "GET", Path: "/healthz", Perm: auth.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte("ok\n"))
		}},
		{Method: "GET", Path: "/readyz", Perm: auth.Public, Handler: a.readyz},
		// Metrics reveal internals, so they answer only to loopback and to the trusted proxies' networks.
		{Method: "GET", Path: "/metrics", Perm: auth.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			if !a.internalClient(r) {
				rnd.ErrorPage(w, r, http.StatusForbidden, "监控指标只对本机与受信任的网络开放")
				return
			}
			metrics.ServeHTTP(w, r)
		}},
		{Method: "GET", Path: "/static/{file...}", Perm: auth.Public, Handler: rnd.Assets.ServeHTTP},
		{Method: "GET", Path: "/api/v1/openapi.json", Perm: auth.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write(openAPI)
		}},
		{Method: "GET", Path: "/robots.txt", Perm: auth.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /login\n\nSitemap: " + a.Cfg.PublicURL() + "/sitemap.xml\n"))
		}},
	}
}

// readyz answers 200 when the database answers and its schema is exactly this binary's.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	if err := a.DB.Ping(ctx); err != nil {
		web.JSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
		return
	}
	if err := a.DB.CheckSchema(ctx); err != nil {
		web.JSON(w, http.StatusServiceUnavailable, map[string]string{"status": "schema: " + err.Error()})
		return
	}
	web.JSON(w, http.StatusOK, map[string]string{"status": "ready", "database": string(a.DB.Dialect)})
}

func (a *App) internalClient(r *http.Request) bool {
	ip, err := netip.ParseAddr(web.ClientIP(r))
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	if ip.IsLoopback() {
		return true
	}
	for _, p := range a.Cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
