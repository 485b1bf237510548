package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"parkos/internal/account"
	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The API document is valid OpenAPI 3, and real responses of the API match it.
func TestOpenAPI(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	router := openAPIRouter(t, env)
	uid := env.User("api-user", "Api#Pass2026x", auth.RoleParkAdmin)
	c := env.Client()
	c.MustLogin("api-user", "Api#Pass2026x")
	tok, err := env.App.Accounts.CreateToken(ctx, auth.System("test"), uid, "t")
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, req *http.Request, hc *http.Client, wantStatus int) {
		checkAPI(t, router, name, req, hc, wantStatus)
	}
	req, _ := http.NewRequest("GET", env.Server.URL+"/api/v1/me", nil)
	check("me with a session", req, c.HTTP, 200)
	req, _ = http.NewRequest("GET", env.Server.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	check("me with a token", req, http.DefaultClient, 200)
	req, _ = http.NewRequest("GET", env.Server.URL+"/api/v1/me", nil)
	check("me anonymous", req, http.DefaultClient, 401)

	// The registry: a list and a record for park staff; another enterprise's record is refused.
	sys := auth.System("test")
	own, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "自己的企业", USCC: "914403001922038216", IndustryCode: "C3921"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest("GET", env.Server.URL+"/api/v1/enterprises?industry=C", nil)
	check("enterprises for park staff", req, c.HTTP, 200)
	req, _ = http.NewRequest("GET", fmt.Sprintf("%s/api/v1/enterprises/%d", env.Server.URL, own.ID), nil)
	check("one enterprise", req, c.HTTP, 200)
	ttok := tenantToken(t, env, "qiye-api", own.ID)
	req, _ = http.NewRequest("GET", fmt.Sprintf("%s/api/v1/enterprises/%d", env.Server.URL, other.ID), nil)
	req.Header.Set("Authorization", "Bearer "+ttok)
	check("another enterprise's record", req, http.DefaultClient, 403)
	req, _ = http.NewRequest("GET", env.Server.URL+"/api/v1/enterprises", nil)
	req.Header.Set("Authorization", "Bearer "+ttok)
	check("an enterprise user's list", req, http.DefaultClient, 200)
}

// openAPIRouter loads the served API document, checks that it is valid OpenAPI 3 and that it describes every
// API route the app mounts, and returns a router that finds a request's operation in it.
func openAPIRouter(t *testing.T, env *apptest.Env) routers.Router {
	t.Helper()
	ctx := context.Background()
	res, err := http.Get(env.Server.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("openapi.json is not valid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: env.Server.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range env.App.Routes() {
		if rt.IsAPI() && doc.Paths.Find(rt.Path) == nil {
			t.Errorf("%s is not in openapi.json", rt.Pattern())
		}
	}
	return router
}

// checkAPI sends req, checks the status, and validates the response (and, for a request meant to succeed, the
// request) against the operation the document describes for it. It returns the response body.
func checkAPI(t *testing.T, router routers.Router, name string, req *http.Request, hc *http.Client, want int) []byte {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d: %s", name, resp.StatusCode, want, b)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	// A request meant to be refused may break the schema on purpose; one meant to pass must match it.
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && want < 400 {
		t.Fatalf("%s: the request does not match openapi.json: %v", name, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(b))}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Fatalf("%s: the response does not match openapi.json: %v\n%s", name, err, b)
	}
	return b
}

// tenantToken opens an enterprise user bound to entID and returns an API token of it.
func tenantToken(t *testing.T, env *apptest.Env, username string, entID int64) string {
	t.Helper()
	ctx, sys := context.Background(), auth.System("test")
	u, _, err := env.App.Accounts.CreateUser(ctx, sys, account.NewUser{Username: username, Password: "Qiye#Pass2026x",
		Roles: []string{auth.RoleEnterprise}, EnterpriseID: entID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := env.App.Accounts.CreateToken(ctx, sys, u.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// apiGetter returns a function that GETs path (with a bearer token when given), checks the status and
// validates the exchange against openapi.json, returning the body.
func apiGetter(t *testing.T, env *apptest.Env, router routers.Router) func(name, path, token string, hc *http.Client, want int) []byte {
	return func(name, path, token string, hc *http.Client, want int) []byte {
		t.Helper()
		req, _ := http.NewRequest("GET", env.Server.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return checkAPI(t, router, name, req, hc, want)
	}
}
