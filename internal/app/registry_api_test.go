package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The qualification API answers as openapi.json says; an enterprise user reaches only its own enterprise's
// titles and not the park's expiry list.
func TestQualificationsAPI(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	router := openAPIRouter(t, env)
	sys := auth.System("test")
	own, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "自己的企业", USCC: "914403001922038216"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}
	issued := time.Date(2023, 12, 8, 0, 0, 0, 0, time.UTC)
	expires := time.Now().UTC().AddDate(0, 0, 45)
	for _, ent := range []int64{own.ID, other.ID} {
		if _, err := env.App.Enterprises.AddQualification(ctx, sys, enterprise.Qualification{EnterpriseID: ent, Kind: "gaoqi", Level: "national",
			CertNo: "GR202341000123", IssuedOn: &issued, ExpiresOn: &expires}); err != nil {
			t.Fatal(err)
		}
	}
	env.User("api-park", "Api#Pass2026x", auth.RoleParkAdmin)
	park := env.Client()
	park.MustLogin("api-park", "Api#Pass2026x")
	ttok := tenantToken(t, env, "qiye-q", own.ID)
	get := apiGetter(t, env, router)
	var list struct {
		Items []struct {
			Kind      string `json:"kind"`
			ExpiresOn string `json:"expires_on"`
			Valid     bool   `json:"valid"`
		} `json:"items"`
	}
	b := get("own titles", fmt.Sprintf("/api/v1/enterprises/%d/qualifications", own.ID), ttok, http.DefaultClient, 200)
	if err := json.Unmarshal(b, &list); err != nil || len(list.Items) != 1 || list.Items[0].Kind != "gaoqi" || !list.Items[0].Valid ||
		list.Items[0].ExpiresOn != expires.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly) {
		t.Fatalf("own titles: %s %v", b, err)
	}
	get("another enterprise's titles", fmt.Sprintf("/api/v1/enterprises/%d/qualifications", other.ID), ttok, http.DefaultClient, 403)
	get("expiring for an enterprise user", "/api/v1/qualifications/expiring", ttok, http.DefaultClient, 403)
	b = get("expiring for park staff", "/api/v1/qualifications/expiring?days=60", "", park.HTTP, 200)
	var exp struct {
		Items []struct {
			EnterpriseName string `json:"enterprise_name"`
			DaysLeft       int    `json:"days_left"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &exp); err != nil || len(exp.Items) != 2 || exp.Items[0].DaysLeft < 44 || exp.Items[0].DaysLeft > 45 {
		t.Fatalf("expiring: %s %v", b, err)
	}
	get("expiring within 30 days", "/api/v1/qualifications/expiring?days=30", "", park.HTTP, 200)
	get("anonymous", fmt.Sprintf("/api/v1/enterprises/%d/qualifications", own.ID), "", http.DefaultClient, 401)
}
