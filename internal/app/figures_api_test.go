package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"parkos/internal/account"
	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The figures API answers as openapi.json says, with money in fen under the column names, and an enterprise
// user reaches only its own enterprise's figures.
func TestFiguresAPI(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	sys := auth.System("test")
	router := openAPIRouter(t, env)

	own, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "自己的企业", USCC: "914403001922038216"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}
	rev, rnd := int64(1_234_567_800), int64(98_765_432)
	loss := int64(-35_500_000)
	if _, err := env.App.Enterprises.SaveReport(ctx, sys, own.ID, 2023, enterprise.Figures{Revenue: &rev, RnDSpending: &rnd, NetProfit: &loss}, "园区录入", false); err != nil {
		t.Fatal(err)
	}
	tenant, _, err := env.App.Accounts.CreateUser(ctx, sys, account.NewUser{Username: "qiye-fig", Password: "Qiye#Pass2026x",
		Roles: []string{auth.RoleEnterprise}, EnterpriseID: own.ID})
	if err != nil {
		t.Fatal(err)
	}
	tenantActor := auth.NewActor(env.App.Roles, tenant.ID, "qiye-fig", []string{auth.RoleEnterprise})
	tenantActor.EnterpriseID = own.ID
	if _, err := env.App.Enterprises.SaveReport(ctx, tenantActor, own.ID, 2024, enterprise.Figures{Revenue: &rev}, "", true); err != nil {
		t.Fatal(err)
	}
	ttok, err := env.App.Accounts.CreateToken(ctx, sys, tenant.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	env.User("park-fig", "Park#Pass2026x", auth.RoleParkAdmin)
	park := env.Client()
	park.MustLogin("park-fig", "Park#Pass2026x")

	get := func(name, path, token string, hc *http.Client, want int) []byte {
		t.Helper()
		req, _ := http.NewRequest("GET", env.Server.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return checkAPI(t, router, name, req, hc, want)
	}
	b := get("all years for park staff", fmt.Sprintf("/api/v1/enterprises/%d/figures", own.ID), "", park.HTTP, 200)
	var all struct {
		EnterpriseID int64 `json:"enterprise_id"`
		Items        []struct {
			Year    int               `json:"year"`
			Status  string            `json:"status"`
			Figures map[string]*int64 `json:"figures"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	if all.EnterpriseID != own.ID || len(all.Items) != 2 || all.Items[0].Year != 2023 || all.Items[1].Status != "submitted" {
		t.Fatalf("all years: %s", b)
	}
	f := all.Items[0].Figures
	if *f["revenue"] != rev || *f["rnd_spending"] != rnd || *f["net_profit"] != loss || f["taxes"] != nil {
		t.Fatalf("money in fen under the column names: %s", b)
	}
	var cols []string
	for c := range f {
		cols = append(cols, c)
	}
	if len(cols) != 31 || !slices.Contains(cols, "ip_ic_layout") || !slices.Contains(cols, "staff_doctorate") {
		t.Fatalf("columns: %v", cols)
	}
	get("one year with a token", fmt.Sprintf("/api/v1/enterprises/%d/figures/2023", own.ID), ttok, http.DefaultClient, 200)
	get("the enterprise's own years", fmt.Sprintf("/api/v1/enterprises/%d/figures", own.ID), ttok, http.DefaultClient, 200)
	get("a year not reported", fmt.Sprintf("/api/v1/enterprises/%d/figures/2020", own.ID), ttok, http.DefaultClient, 404)
	get("no such enterprise", "/api/v1/enterprises/9999/figures", "", park.HTTP, 404)
	get("another enterprise's years", fmt.Sprintf("/api/v1/enterprises/%d/figures", other.ID), ttok, http.DefaultClient, 403)
	get("another enterprise's year", fmt.Sprintf("/api/v1/enterprises/%d/figures/2023", other.ID), ttok, http.DefaultClient, 403)
	get("anonymous", fmt.Sprintf("/api/v1/enterprises/%d/figures", own.ID), "", http.DefaultClient, 401)
}
