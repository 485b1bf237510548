package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The API's writes: park staff register an enterprise, record its title and its figures; the enterprise's
// own token changes its description at once and its name only by a request (202); another enterprise's
// record, and bad bodies, are refused with the field named. Every answer matches openapi.json.
func TestRegistryWriteAPI(t *testing.T) {
	env := apptest.Start(t, nil)
	ctx := context.Background()
	router := openAPIRouter(t, env)
	sys := auth.System("test")
	uid := env.User("api-writer", "Api#Pass2026x", auth.RoleParkAdmin)
	ptok, err := env.App.Accounts.CreateToken(ctx, sys, uid, "t")
	if err != nil {
		t.Fatal(err)
	}
	send := func(name, method, path, token string, body any, want int) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, env.Server.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		out := map[string]any{}
		_ = json.Unmarshal(checkAPI(t, router, name, req, http.DefaultClient, want), &out)
		return out
	}
	fieldsOf := func(m map[string]any) map[string]any {
		e, _ := m["error"].(map[string]any)
		f, _ := e["fields"].(map[string]any)
		return f
	}

	rec := map[string]any{"name": "中科慧远视觉技术（洛阳）有限公司", "uscc": "914403001922038216", "kind": "enterprise",
		"status": "resident", "industry_code": "C3963", "registered_capital_fen": 1_200_500_000, "founded_on": "2016-05-01",
		"entered_on": "2019-06-01", "tags": []string{"机器视觉"}, "public": true}
	// A one-character change of the code is refused, naming the position.
	bad := map[string]any{}
	for k, v := range rec {
		bad[k] = v
	}
	bad["uscc"] = "914403001922038217"
	if f := fieldsOf(send("wrong code", "POST", "/api/v1/enterprises", ptok, bad, 422)); !strings.Contains(fmt.Sprint(f["uscc"]), "第 18 位") {
		t.Fatalf("wrong code: %v", f)
	}
	if f := fieldsOf(send("unknown field", "POST", "/api/v1/enterprises", ptok, map[string]any{"nmae": "x"}, 422)); f["nmae"] == nil {
		t.Fatalf("unknown field: %v", f)
	}
	if f := fieldsOf(send("wrong type", "POST", "/api/v1/enterprises", ptok, map[string]any{"public": "yes"}, 422)); f["public"] == nil {
		t.Fatalf("wrong type: %v", f)
	}
	created := send("create", "POST", "/api/v1/enterprises", ptok, rec, 201)
	entID := int64(created["id"].(float64))
	if created["registered_capital_fen"].(float64) != 1_200_500_000 || created["founded_on"] != "2016-05-01" {
		t.Fatalf("created: %v", created)
	}
	send("duplicate", "POST", "/api/v1/enterprises", ptok, rec, 409)
	other, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}

	path := fmt.Sprintf("/api/v1/enterprises/%d", entID)
	send("title", "POST", path+"/qualifications", ptok, map[string]any{"kind": "gaoqi", "level": "national", "cert_no": "GR202341000123",
		"issued_on": "2023-12-08", "expires_on": "2026-12-07"}, 201)
	if f := fieldsOf(send("bad title", "POST", path+"/qualifications", ptok, map[string]any{"kind": "other", "expires_on": "2026-13-01"}, 422)); f["name"] == nil || f["expires_on"] == nil {
		t.Fatalf("bad title: %v", f)
	}
	rep := send("figures by the park", "PUT", path+"/figures/2025", ptok, map[string]any{"figures": map[string]any{
		"revenue": 153_200_000_00, "rnd_spending": 1_210_000_000, "staff_total": 150, "tech_staff": 58, "exports": nil}}, 200)
	if rep["status"] != "approved" {
		t.Fatalf("park figures: %v", rep)
	}
	if f := fieldsOf(send("inconsistent figures", "PUT", path+"/figures/2024", ptok, map[string]any{"figures": map[string]any{
		"staff_total": 10, "tech_staff": 11, "revenu": 5}}, 422)); f["tech_staff"] == nil && f["revenu"] == nil {
		t.Fatalf("inconsistent figures: %v", f)
	}

	// The enterprise's own token.
	ttok := tenantToken(t, env, "qiye-w", entID)
	self := map[string]any{}
	for k, v := range created {
		if k != "id" && k != "months_incubated" {
			self[k] = v
		}
	}
	self["description"] = "手机盖板玻璃缺陷检测装备"
	got := send("description by the enterprise", "PUT", path, ttok, self, 200)
	if got["description"] != "手机盖板玻璃缺陷检测装备" {
		t.Fatalf("description: %v", got)
	}
	self["name"] = "中科慧远智能装备（洛阳）有限公司"
	got = send("name change by the enterprise", "PUT", path, ttok, self, 202)
	if got["name"] != "中科慧远视觉技术（洛阳）有限公司" {
		t.Fatalf("the name changed before review: %v", got["name"])
	}
	send("figures draft by the enterprise", "PUT", path+"/figures/2024", ttok, map[string]any{"figures": map[string]any{"revenue": 12_603_400_00}}, 200)
	if r := send("submitted", "PUT", path+"/figures/2024", ttok, map[string]any{"figures": map[string]any{"revenue": 12_603_400_00}, "submit": true}, 200); r["status"] != "submitted" {
		t.Fatalf("submission: %v", r)
	}
	send("approved year by the enterprise", "PUT", path+"/figures/2025", ttok, map[string]any{"figures": map[string]any{"revenue": 1}}, 409)
	send("title by the enterprise", "POST", path+"/qualifications", ttok, map[string]any{"kind": "gaoqi"}, 403)
	send("register by the enterprise", "POST", "/api/v1/enterprises", ttok, rec, 403)
	otherPath := fmt.Sprintf("/api/v1/enterprises/%d", other.ID)
	send("another's record", "PUT", otherPath, ttok, self, 403)
	send("another's figures", "PUT", otherPath+"/figures/2024", ttok, map[string]any{"figures": map[string]any{}}, 403)
	if e, _ := env.App.Enterprises.FindEnterpriseByID(ctx, sys, other.ID); e.Name != "别家企业" {
		t.Fatalf("another enterprise changed: %+v", e)
	}
}
