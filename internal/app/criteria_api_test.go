package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The criteria API answers as openapi.json says (the TestOpenAPI pattern: openAPIRouter and checkAPI validate
// the request and the response): evaluations of one enterprise for park staff and for the enterprise itself,
// the candidates list for park staff only.
func TestCriteriaAPI(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	router := openAPIRouter(t, env)
	sys := auth.System("test")
	own, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "自己的企业", USCC: "914403001922038216", IndustryCode: "C3921"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F", IndustryCode: "M7320"})
	if err != nil {
		t.Fatal(err)
	}
	wan := func(v int64) *int64 { x := v * 1_000_000; return &x }
	for i, y := range []int{2022, 2023, 2024} {
		f := enterprise.Figures{Revenue: wan([]int64{2000, 2500, 3000}[i])}
		if y == 2024 {
			// R&D 120 / 3,000 = 4% < 5%: one condition of the typical 瞪羚 rule fails.
			f.RnDSpending = wan(120)
		}
		if _, err := env.App.Enterprises.SaveReport(ctx, sys, other.ID, y, f, "", false); err != nil {
			t.Fatal(err)
		}
	}
	env.User("api-crit", "Api#Pass2026x", auth.RoleParkAdmin)
	park := env.Client()
	park.MustLogin("api-crit", "Api#Pass2026x")
	ttok := tenantToken(t, env, "qiye-crit", own.ID)
	get := apiGetter(t, env, router)

	var ev struct {
		Results []struct {
			SetID      string `json:"set_id"`
			MissingOne string `json:"missing_one"`
		} `json:"results"`
	}
	b := get("every scheme of 2025", fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2025", other.ID), "", park.HTTP, 200)
	if err := json.Unmarshal(b, &ev); err != nil || len(ev.Results) != 6 {
		t.Fatalf("evaluations: %v %s", err, b)
	}
	b = get("one scheme", fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2025&scheme=dengling", other.ID), "", park.HTTP, 200)
	if err := json.Unmarshal(b, &ev); err != nil || len(ev.Results) != 1 || ev.Results[0].MissingOne != "dengling.rd" {
		t.Fatalf("dengling: %v %s", err, b)
	}
	get("this year", fmt.Sprintf("/api/v1/enterprises/%d/evaluations", own.ID), "", park.HTTP, 200)
	get("a year out of range", fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=1999", own.ID), "", park.HTTP, 422)
	get("no rule set yet", fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2021&scheme=xiaojuren", own.ID), "", park.HTTP, 404)
	get("no such enterprise", "/api/v1/enterprises/999/evaluations", "", park.HTTP, 404)

	var cands struct {
		MissingOne []struct {
			EnterpriseID int64 `json:"enterprise_id"`
		} `json:"missing_one"`
	}
	b = get("candidates", "/api/v1/criteria/candidates?scheme=dengling&year=2025", "", park.HTTP, 200)
	if err := json.Unmarshal(b, &cands); err != nil || len(cands.MissingOne) != 1 || cands.MissingOne[0].EnterpriseID != other.ID {
		t.Fatalf("candidates: %v %s", err, b)
	}
	get("candidates for 高企 this year", "/api/v1/criteria/candidates", "", park.HTTP, 200)

	get("own evaluations by token", fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2025&scheme=kexiao", own.ID), ttok, http.DefaultClient, 200)
	get("another enterprise's evaluations", fmt.Sprintf("/api/v1/enterprises/%d/evaluations", other.ID), ttok, http.DefaultClient, 403)
	get("candidates for an enterprise user", "/api/v1/criteria/candidates", ttok, http.DefaultClient, 403)
	get("candidates anonymous", "/api/v1/criteria/candidates", "", http.DefaultClient, 401)
}
