package auth

import (
	"net/http"
	"strings"
)

// Route is one HTTP route and the permission it needs. Every module lists its routes in routes.go; the
// authorization-matrix test in internal/app walks all of them.
type Route struct {
	Method  string     // GET, POST, ...
	Path    string     // net/http pattern, e.g. "/admin/users/{id}"
	Perm    Permission // what the actor must hold
	Handler http.HandlerFunc
}

// Pattern is the ServeMux pattern of the route.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// IsAPI reports whether the route answers JSON rather than pages.
func (r Route) IsAPI() bool { return strings.HasPrefix(r.Path, "/api/") }

// Guard enforces a route's permission before its handler runs. The functions decide how a refusal looks;
// internal/app wires them to the login redirect, the sign-in steps, the 403 page and the audit log.
type Guard struct {
	// SignIn answers a request that needs a signed-in user but has none.
	SignIn func(w http.ResponseWriter, r *http.Request, rt Route)
	// Step answers a signed-in user who still owes a sign-in step.
	Step func(w http.ResponseWriter, r *http.Request, a *Actor, rt Route)
	// Deny answers (and records) a signed-in user who lacks the permission.
	Deny func(w http.ResponseWriter, r *http.Request, a *Actor, rt Route)
}

// Wrap returns the route's handler behind the permission check.
func (g *Guard) Wrap(rt Route) http.Handler {
	if rt.Perm == Public {
		return rt.Handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := FromContext(r.Context())
		switch {
		case !a.SignedIn():
			g.SignIn(w, r, rt)
		case a.Can(rt.Perm):
			rt.Handler(w, r)
		case a.Step != StepNone:
			g.Step(w, r, a, rt)
		default:
			g.Deny(w, r, a, rt)
		}
	})
}

// GroupPersonal is the navigation group of one's own account; the shell lists it last.
const GroupPersonal = "个人"

// NavLink is an entry of the back-office navigation, shown to those who hold Perm.
type NavLink struct {
	Group string // heading it appears under
	Title string
	Path  string
	Perm  Permission
	Note  string // one line for the home page tile
}
