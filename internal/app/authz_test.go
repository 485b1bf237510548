package app_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"parkos/internal/account"
	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/enterprise"
)

// Who may pass each route. Every route the app mounts must be listed here, and every entry must be a mounted
// route: adding a route without deciding who may use it fails this test.
//
//	"everyone"  anonymous visitors too
//	"signed-in" every role, not anonymous
//	otherwise   the comma-separated role keys that pass; every other role gets 403, anonymous the login page
var matrix = map[string]string{
	"GET /healthz":                        "everyone",
	"GET /readyz":                         "everyone",
	"GET /metrics":                        "everyone", // further limited to loopback and trusted proxies
	"GET /static/{file...}":               "everyone",
	"GET /robots.txt":                     "everyone",
	"GET /{$}":                            "everyone",
	"GET /login":                          "everyone",
	"POST /login":                         "everyone",
	"GET /login/totp":                     "signed-in",
	"POST /login/totp":                    "signed-in",
	"POST /logout":                        "signed-in",
	"GET /admin":                          "signed-in",
	"GET /admin/park":                     "park-admin",
	"POST /admin/park":                    "park-admin",
	"GET /admin/account":                  "signed-in",
	"POST /admin/account":                 "signed-in",
	"GET /admin/account/password":         "signed-in",
	"POST /admin/account/password":        "signed-in",
	"GET /admin/account/totp":             "signed-in",
	"POST /admin/account/totp":            "signed-in",
	"GET /admin/account/totp/qr.png":      "signed-in",
	"POST /admin/account/totp/confirm":    "signed-in",
	"POST /admin/account/totp/reset":      "signed-in",
	"POST /admin/account/tokens":          "signed-in",
	"POST /admin/account/tokens/revoke":   "signed-in",
	"GET /admin/users":                    "sysadmin,secadmin",
	"GET /admin/users/new":                "sysadmin",
	"POST /admin/users":                   "sysadmin",
	"GET /admin/users/{id}":               "sysadmin,secadmin",
	"POST /admin/users/{id}":              "sysadmin",
	"POST /admin/users/{id}/roles":        "secadmin",
	"POST /admin/users/{id}/disable":      "sysadmin",
	"POST /admin/users/{id}/enable":       "sysadmin",
	"POST /admin/users/{id}/unlock":       "sysadmin",
	"POST /admin/users/{id}/password":     "sysadmin",
	"POST /admin/users/{id}/sessions/end": "secadmin",
	"POST /admin/users/{id}/totp/reset":   "secadmin",
	"GET /admin/sessions":                 "secadmin",
	// The route lets every signed-in user end their own sessions; the fixture's session belongs to someone
	// else, which only the security administrator may end.
	"POST /admin/sessions/{id}/end": "secadmin",
	"GET /admin/audit":              "auditadmin",
	"GET /admin/audit/export.xlsx":  "auditadmin",
	"GET /admin/audit/verify":       "auditadmin",
	"GET /api/v1/me":                "signed-in",

	"GET /admin/enterprises":     "park-admin",
	"GET /admin/enterprises/new": "park-admin",
	"POST /admin/enterprises":    "park-admin",
	// The fixture enterprise is the enterprise user's own: the park and that user reach it.
	"GET /admin/enterprises/{id}":              "park-admin,enterprise",
	"POST /admin/enterprises/{id}":             "park-admin,enterprise",
	"POST /admin/enterprises/{id}/logo":        "park-admin,enterprise",
	"POST /admin/enterprises/{id}/logo/delete": "park-admin,enterprise",
	"GET /admin/my-enterprise":                 "enterprise",
	"GET /api/v1/enterprises":                  "park-admin,enterprise",
	"GET /api/v1/enterprises/{id}":             "park-admin,enterprise",
	// API writes: the same service gates as the pages (an enterprise user's PUT of its own record is a change
	// request; of its figures a draft or a submission).
	"POST /api/v1/enterprises":                     "park-admin",
	"PUT /api/v1/enterprises/{id}":                 "park-admin,enterprise",
	"PUT /api/v1/enterprises/{id}/figures/{year}":  "park-admin,enterprise",
	"POST /api/v1/enterprises/{id}/qualifications": "park-admin",
	// Excel: the template and the export for whoever reads the registry, the import for who manages it (an
	// unknown run answers 404, which is not a refusal).
	"GET /admin/enterprises/import":                        "park-admin",
	"GET /admin/enterprises/import/template.xlsx":          "park-admin",
	"POST /admin/enterprises/import":                       "park-admin",
	"GET /admin/enterprises/import/runs/{run}":             "park-admin",
	"GET /admin/enterprises/import/runs/{run}/report.xlsx": "park-admin",
	"GET /admin/enterprises/export.xlsx":                   "park-admin",
	// Criteria: who may apply (park staff); one enterprise's evaluation (the park and the enterprise itself).
	"GET /admin/enterprises/criteria":             "park-admin",
	"GET /admin/enterprises/criteria/export.xlsx": "park-admin",
	"GET /admin/enterprises/{id}/evaluation":      "park-admin,enterprise",
	"GET /api/v1/enterprises/{id}/evaluations":    "park-admin,enterprise",
	"GET /api/v1/criteria/candidates":             "park-admin",
	// 申报信息: the park records an enterprise's application facts; the enterprise reads its own.
	"GET /admin/enterprises/{id}/assessment":  "park-admin,enterprise",
	"POST /admin/enterprises/{id}/assessment": "park-admin",
	// Annual figures: the park and the enterprise itself; the review queue and the review only the park.
	"GET /admin/enterprises/reports":                     "park-admin",
	"GET /admin/enterprises/{id}/figures":                "park-admin,enterprise",
	"GET /admin/enterprises/{id}/figures/{year}":         "park-admin,enterprise",
	"POST /admin/enterprises/{id}/figures/{year}":        "park-admin,enterprise",
	"POST /admin/enterprises/{id}/figures/{year}/review": "park-admin",
	"GET /api/v1/enterprises/{id}/figures":               "park-admin,enterprise",
	"GET /api/v1/enterprises/{id}/figures/{year}":        "park-admin,enterprise",
	// Qualifications, contacts, products and supply links of one enterprise; the enterprise keeps its own
	// contacts, products and links, the park its qualifications and their evidence.
	"GET /admin/enterprises/{id}/qualifications":                           "park-admin,enterprise",
	"POST /admin/enterprises/{id}/qualifications":                          "park-admin",
	"POST /admin/enterprises/{id}/qualifications/{qid}":                    "park-admin",
	"POST /admin/enterprises/{id}/qualifications/{qid}/delete":             "park-admin",
	"POST /admin/enterprises/{id}/qualifications/{qid}/files":              "park-admin",
	"GET /admin/enterprises/{id}/qualifications/{qid}/files/{fid}":         "park-admin,enterprise",
	"POST /admin/enterprises/{id}/qualifications/{qid}/files/{fid}/delete": "park-admin",
	"GET /admin/qualifications/expiring":                                   "park-admin",
	"GET /api/v1/enterprises/{id}/qualifications":                          "park-admin,enterprise",
	"GET /api/v1/qualifications/expiring":                                  "park-admin",
	"GET /admin/enterprises/{id}/contacts":                                 "park-admin,enterprise",
	"POST /admin/enterprises/{id}/contacts":                                "park-admin,enterprise",
	"POST /admin/enterprises/{id}/contacts/{cid}":                          "park-admin,enterprise",
	"POST /admin/enterprises/{id}/contacts/{cid}/delete":                   "park-admin,enterprise",
	"POST /admin/enterprises/{id}/contacts/{cid}/reveal":                   "park-admin",
	"GET /admin/enterprises/{id}/products":                                 "park-admin,enterprise",
	"POST /admin/enterprises/{id}/products":                                "park-admin,enterprise",
	"POST /admin/enterprises/{id}/products/{pid}":                          "park-admin,enterprise",
	"POST /admin/enterprises/{id}/products/{pid}/delete":                   "park-admin,enterprise",
	"POST /admin/enterprises/{id}/links":                                   "park-admin,enterprise",
	"POST /admin/enterprises/{id}/links/{lid}/delete":                      "park-admin,enterprise",
	"GET /admin/enterprise-changes":                                        "park-admin",
	"POST /admin/enterprise-changes/{cid}":                                 "park-admin",
	"GET /admin/notifications":                                             "signed-in",
	"POST /admin/notifications/read":                                       "signed-in",

	"GET /c/{slug}":          "everyone",
	"GET /article/{id}":      "everyone",
	"GET /policies":          "everyone",
	"GET /about":             "everyone",
	"GET /contact":           "everyone",
	"GET /enterprises":       "everyone",
	"GET /enterprises/{id}":  "everyone",
	"GET /feed.xml":          "everyone",
	"GET /c/{slug}/feed.xml": "everyone",
	"GET /sitemap.xml":       "everyone",
	"GET /search":            "everyone",
	"GET /lang":              "everyone",
	"GET /media/{file}":      "everyone",

	"GET /admin/cms/articles":                           "editor,reviewer,park-admin",
	"GET /admin/cms/articles/new":                       "editor,park-admin",
	"POST /admin/cms/articles":                          "editor,park-admin",
	"POST /admin/cms/articles/{id}":                     "editor,park-admin",
	"POST /admin/cms/articles/{id}/submit":              "editor,park-admin",
	"POST /admin/cms/articles/{id}/restore":             "editor,park-admin",
	"POST /admin/cms/media":                             "editor,park-admin",
	"POST /admin/cms/articles/{id}/files":               "editor,park-admin",
	"POST /admin/cms/articles/{id}/files/{file}/delete": "editor,park-admin",
	"GET /admin/cms/review":                             "reviewer,park-admin",
	"POST /admin/cms/articles/{id}/review":              "reviewer,park-admin",
	"POST /admin/cms/articles/{id}/withdraw":            "reviewer,park-admin",
	// Reading a manuscript needs either right; the service decides.
	"GET /admin/cms/articles/{id}":      "editor,reviewer,park-admin",
	"GET /admin/cms/articles/{id}/diff": "editor,reviewer,park-admin",
	"GET /admin/cms/categories":         "park-admin",
	"POST /admin/cms/categories":        "park-admin",
	"GET /api/v1/openapi.json":          "everyone",
}

var allRoles = []string{auth.RoleSysAdmin, auth.RoleSecAdmin, auth.RoleAuditAdmin, auth.RoleParkAdmin, auth.RoleEditor, auth.RoleReviewer, auth.RoleEnterprise}

func allowed(spec, role string) bool {
	switch spec {
	case "everyone":
		return true
	case "signed-in":
		return role != ""
	}
	return role != "" && slices.Contains(strings.Split(spec, ","), role)
}

func TestAuthorizationMatrix(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	const pw = "Matrix#Pass2026"

	// The object routes act on: another user, with a live session of their own.
	target := env.User("target-user", pw, auth.RoleEditor)
	tc := env.Client()
	// A published article for the news center's routes.
	sys := auth.System("test")
	tree, err := env.App.CMS.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	art, err := env.App.CMS.CreateArticle(ctx, sys, cms.DraftInput{CategoryID: tree.BySlug("notices").ID, Title: "矩阵测试通知", BodyHTML: "<p>正文</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.CMS.SubmitArticle(ctx, sys, art.ID, ""); err != nil {
		t.Fatal(err)
	}
	for range env.App.CMS.Levels() {
		if err := env.App.CMS.ReviewArticle(ctx, sys, art.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	ent, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "矩阵测试企业", USCC: "914403001922038216"})
	if err != nil || ent.ID != 1 { // apptest binds enterprise users to enterprise 1
		t.Fatalf("fixture enterprise: %+v %v", ent, err)
	}
	aid := strconv.FormatInt(art.ID, 10)
	ids := map[string]string{"/admin/users/{id}": strconv.FormatInt(target, 10), "/admin/cms/articles/{id}": aid, "/article/{id}": aid,
		"/admin/enterprises/{id}": "1", "/api/v1/enterprises/{id}": "1", "/enterprises/{id}": "1"}
	renewTarget := func() {
		// Earlier routes may have reset the target's password or disabled it.
		sys := auth.System("test")
		if _, err := env.App.Accounts.ResetPassword(ctx, sys, target, pw, false); err != nil {
			t.Fatal(err)
		}
		if err := env.App.Accounts.SetDisabled(ctx, sys, target, false); err != nil {
			t.Fatal(err)
		}
		tc.MustLogin("target-user", pw)
		ss, err := env.App.Accounts.FindSessions(ctx, auth.System("test"), account.SessionFilter{UserID: target})
		if err != nil || len(ss) == 0 {
			t.Fatalf("target session: %v", err)
		}
		ids["/admin/sessions/{id}"] = strconv.FormatInt(ss[0].ID, 10)
	}
	renewTarget()

	routes := env.App.Routes()
	mounted := map[string]bool{}
	for _, rt := range routes {
		mounted[rt.Pattern()] = true
		if _, ok := matrix[rt.Pattern()]; !ok {
			t.Errorf("route %s is not in the authorization matrix: decide who may use it", rt.Pattern())
		}
	}
	for p := range matrix {
		if !mounted[p] {
			t.Errorf("matrix lists %s, which is not mounted", p)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	for _, role := range allRoles {
		env.User("m-"+role, pw, role)
	}
	login := func(role string) *apptest.Client {
		c := env.Client()
		if role != "" {
			c.MustLogin("m-"+role, pw)
		}
		return c
	}
	clients := map[string]*apptest.Client{}
	for _, role := range append([]string{""}, allRoles...) {
		clients[role] = login(role)
	}

	for _, rt := range routes {
		path := rt.Path
		for prefix, id := range ids {
			path = strings.Replace(path, prefix, strings.Replace(prefix, "{id}", id, 1), 1)
		}
		// Rows inside one enterprise's record: the first of each (absent ones answer 404, which is not a refusal).
		path = strings.NewReplacer("{qid}", "1", "{fid}", "1", "{cid}", "1", "{pid}", "1", "{lid}", "1").Replace(path)
		path = strings.ReplaceAll(path, "{year}", "2025") // a year of annual figures
		path = strings.NewReplacer("{file...}", "css/app.css", "{$}", "", "{slug}", "notices", "/files/{file}/", "/files/1/", "{file}", "0000.png").Replace(path)
		spec := matrix[rt.Pattern()]
		for _, role := range append([]string{""}, allRoles...) {
			c := clients[role]
			var r *apptest.Response
			switch rt.Method {
			case http.MethodPost:
				r = c.Post(path, url.Values{})
			case http.MethodPut:
				r = c.Do(http.MethodPut, path, url.Values{})
			default:
				r = c.Get(path)
			}
			name := role
			if name == "" {
				name = "anonymous"
			}
			// The guard answers the API with 401 and pages with a redirect to the bare login page (for a
			// GET, with the page to return to).
			toLogin := (rt.IsAPI() && r.Status == http.StatusUnauthorized) ||
				(r.Status == http.StatusSeeOther && (r.Location == "/login" || strings.HasPrefix(r.Location, "/login?next=")))
			refused := r.Status == http.StatusForbidden || toLogin
			switch {
			case allowed(spec, role) && refused:
				t.Errorf("%s as %s: refused (%d %s), want allowed", rt.Pattern(), name, r.Status, r.Location)
			case !allowed(spec, role) && role == "" && !toLogin:
				t.Errorf("%s as anonymous: %d %s, want the login page or 401", rt.Pattern(), r.Status, r.Location)
			case !allowed(spec, role) && role != "" && r.Status != http.StatusForbidden:
				t.Errorf("%s as %s: %d %s, want 403", rt.Pattern(), name, r.Status, r.Location)
			}
			// Some allowed requests end the client's session (sign-out) or the target's; renew them.
			if role != "" && rt.Pattern() == "POST /logout" {
				clients[role] = login(role)
			}
			if r.Status < 400 && strings.Contains(rt.Path, "/sessions") {
				renewTarget()
			}
		}
	}
}
