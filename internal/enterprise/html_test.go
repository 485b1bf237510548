package enterprise_test

import (
	"net/url"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

func TestRegistryPages(t *testing.T) {
	env := apptest.Start(t, nil)
	env.User("park1", "Park#Pass2026x", auth.RoleParkAdmin)
	c := env.Client()
	c.MustLogin("park1", "Park#Pass2026x")

	// A wrong credit code: the position is named, and everything typed is kept.
	r := c.Post("/admin/enterprises", url.Values{"name": {"中科慧远视觉技术（洛阳）有限公司"}, "uscc": {"914403001922038217"},
		"registered_capital": {"1200.5"}, "industry_code": {"C3963"}, "location": {"创新大厦 A 座"}})
	if r.Status != 422 || !strings.Contains(r.Body, "第 18 位校验码应为“6”") || !strings.Contains(r.Body, "中科慧远视觉技术（洛阳）有限公司") ||
		!strings.Contains(r.Body, `value="1200.5"`) || !strings.Contains(r.Body, "创新大厦 A 座") {
		t.Fatalf("bad code: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Post("/admin/enterprises", url.Values{"name": {"中科慧远"}, "uscc": {"914403001922038216"}, "registered_capital": {"1200.5"},
		"industry_code": {"C3963"}, "status": {"incubating"}, "entered_on": {"2019-06-01"}, "public": {"on"}})
	if r.Status != 303 {
		t.Fatalf("create: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	loc := r.Location
	r = c.Get(loc)
	if !strings.Contains(r.Body, `value="1200.5"`) || !strings.Contains(r.Body, "value=\"2019-06-01\"") {
		t.Fatalf("record page: %s", apptest.Snippet(r.Body))
	}
	// The same code again: refused, with a link to the record that has it.
	r = c.Post("/admin/enterprises", url.Values{"name": {"重复"}, "uscc": {"914403001922038216"}})
	if r.Status != 409 || !strings.Contains(r.Body, `href="`+loc+`"`) {
		t.Fatalf("duplicate: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := c.Get("/admin/enterprises?industry=C"); !strings.Contains(r.Body, "中科慧远") {
		t.Fatal("the list filtered by section lacks the enterprise")
	}

	// The enterprise user: its own record through 企业资料, descriptive fields only; another's is refused.
	env.User("qiye1", "Qiye#Pass2026x", auth.RoleEnterprise) // bound to enterprise 1, the one just created
	q := env.Client()
	q.MustLogin("qiye1", "Qiye#Pass2026x")
	r = q.Get("/admin/my-enterprise")
	if r.Status != 200 || !strings.Contains(r.Body, "由园区登记") || strings.Contains(r.Body, `name="uscc"`) {
		t.Fatalf("self-service page: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = q.Post(loc, url.Values{"description": {"机器视觉检测装备"}, "name": {"改名企图"}})
	if r.Status != 303 {
		t.Fatalf("self-service save: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	e, _ := env.App.Enterprises.FindEnterpriseByID(ctxBG(), auth.System("t"), 1)
	if e.Name != "中科慧远" || e.Description != "机器视觉检测装备" {
		t.Fatalf("after self-service: %+v", e)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctxBG(), auth.System("t"), enterprise.Input{Name: "别家", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}
	if r := q.Get("/admin/enterprises/" + itoa(other.ID)); r.Status != 403 {
		t.Fatalf("an enterprise user opened another's record: %d", r.Status)
	}
	if r := q.Get("/admin/enterprises"); r.Status != 403 {
		t.Fatalf("an enterprise user opened the registry: %d", r.Status)
	}
}

func TestWan(t *testing.T) {
	for in, fen := range map[string]int64{"500": 500_000_000, "1200.5": 1_200_500_000, "0.01": 10_000, "1,000": 1_000_000_000} {
		got, err := enterprise.ParseWan(in)
		if err != nil || got != fen {
			t.Errorf("ParseWan(%s) = %d %v, want %d", in, got, err, fen)
		}
		if in != "1,000" && enterprise.Wan(fen) != in {
			t.Errorf("Wan(%d) = %s, want %s", fen, enterprise.Wan(fen), in)
		}
	}
	if _, err := enterprise.ParseWan("五百"); err == nil {
		t.Error("a word was read as an amount")
	}
}
