package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"parkos/internal/auth"
)

func TestRolesAndActors(t *testing.T) {
	roles := auth.NewRoles(auth.BaseRoles(),
		auth.Grant{Role: auth.RoleEditor, Perms: []auth.Permission{"cms.edit"}},
		auth.Grant{Role: auth.RoleParkAdmin, Perms: []auth.Permission{"cms.edit", "park.edit"}})
	if got := roles.Holders("cms.edit"); len(got) != 2 {
		t.Fatalf("holders of cms.edit: %v", got)
	}
	ed := auth.NewActor(roles, 1, "ed", []string{auth.RoleEditor})
	if !ed.Can("cms.edit") || ed.Can("park.edit") || !ed.Can(auth.SignedIn) || !ed.Can(auth.Public) {
		t.Fatal("editor permissions wrong")
	}
	ed.Step = auth.StepPasswordReset
	if ed.Can("cms.edit") || ed.Can(auth.SignedIn) || !ed.Can(auth.Pending) {
		t.Fatal("a user owing a step kept its permissions")
	}
	anon := auth.Anonymous("1.2.3.4")
	if anon.SignedIn() || anon.Can(auth.Pending) || !anon.Can(auth.Public) || anon.Name() != "anonymous" {
		t.Fatal("anonymous actor wrong")
	}
	if sys := auth.System("ops"); !sys.Can("anything") || sys.Name() != "system:ops" {
		t.Fatal("system actor wrong")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a grant to an unknown role did not panic")
		}
	}()
	auth.NewRoles(auth.BaseRoles(), auth.Grant{Role: "nobody"})
}

func TestGuard(t *testing.T) {
	roles := auth.NewRoles(auth.BaseRoles(), auth.Grant{Role: auth.RoleEditor, Perms: []auth.Permission{"cms.edit"}})
	var got string
	g := &auth.Guard{
		SignIn: func(http.ResponseWriter, *http.Request, auth.Route) { got = "signin" },
		Step:   func(http.ResponseWriter, *http.Request, *auth.Actor, auth.Route) { got = "step" },
		Deny:   func(http.ResponseWriter, *http.Request, *auth.Actor, auth.Route) { got = "deny" },
	}
	h := g.Wrap(auth.Route{Method: "GET", Path: "/x", Perm: "cms.edit", Handler: func(http.ResponseWriter, *http.Request) { got = "ok" }})
	ed := auth.NewActor(roles, 1, "ed", []string{auth.RoleEditor})
	pending := auth.NewActor(roles, 2, "p", []string{auth.RoleEditor})
	pending.Step = auth.StepTOTP
	other := auth.NewActor(roles, 3, "o", []string{auth.RoleReviewer})
	for _, c := range []struct {
		a    *auth.Actor
		want string
	}{{nil, "signin"}, {auth.Anonymous("x"), "signin"}, {ed, "ok"}, {pending, "step"}, {other, "deny"}} {
		r := httptest.NewRequest("GET", "/x", nil)
		if c.a != nil {
			r = r.WithContext(auth.WithActor(r.Context(), c.a))
		}
		got = ""
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("actor %v: %s, want %s", c.a, got, c.want)
		}
	}
}
