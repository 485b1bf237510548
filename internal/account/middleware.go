package account

import (
	"net/http"
	"strings"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// Authenticate resolves the actor of every request: from a bearer token (under /api/ only), else from the
// session cookie, else an anonymous visitor. A dead session's cookie is cleared. The route's guard decides what the actor may reach.
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := web.ClientIP(r)
		var a *auth.Actor
		// API tokens reach the API only: the back-office pages need a browser session, with its timeouts,
		// password rules and second factor.
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && strings.HasPrefix(r.URL.Path, "/api/") {
			var err error
			a, err = h.svc.AuthenticateToken(r.Context(), strings.TrimSpace(bearer), ip, r.Method, r.URL.Path)
			if err != nil {
				web.JSONError(w, r, err)
				return
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			a, err = h.svc.Authenticate(r.Context(), c.Value, ip)
			if err != nil {
				if !errs.Is(err, errs.Unauthenticated) {
					h.rnd.Error(w, r, err)
					return
				}
				// Forget the dead cookie, in the browser and for the rest of this request: the login form's
				// token must be bound to no session, as the next request will have none.
				http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: web.IsTLS(r), SameSite: http.SameSiteLaxMode})
				h.csrf.SetSession(r, "")
				a = nil
			}
		}
		if a == nil {
			a = auth.Anonymous(ip)
		}
		next.ServeHTTP(w, r.WithContext(auth.WithActor(r.Context(), a)))
	})
}
