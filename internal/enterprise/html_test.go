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

	// The enterprise user: its own record through 企业资料. Descriptive fields change at once; a new name waits
	// for the park's review, and the record keeps the registered one until then.
	env.User("qiye1", "Qiye#Pass2026x", auth.RoleEnterprise) // bound to enterprise 1, the one just created
	q := env.Client()
	q.MustLogin("qiye1", "Qiye#Pass2026x")
	r = q.Get("/admin/my-enterprise")
	if r.Status != 200 || !strings.Contains(r.Body, "由园区审核后生效") || strings.Contains(r.Body, `name="status"`) {
		t.Fatalf("self-service page: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	self := url.Values{"description": {"机器视觉检测装备"}, "name": {"中科慧远视觉（洛阳）"}, "uscc": {"914403001922038216"}, "kind": {"enterprise"},
		"industry_code": {"C3963"}, "registered_capital": {"1200.5"}, "status": {"moved_out"}}
	r = q.Post(loc, self)
	if r.Status != 303 {
		t.Fatalf("self-service save: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := q.Get(r.Location); !strings.Contains(r.Body, "登记信息的变更已提交园区审核") {
		t.Fatalf("no word that the change waits for review: %s", apptest.Snippet(r.Body))
	}
	e, _ := env.App.Enterprises.FindEnterpriseByID(ctxBG(), auth.System("t"), 1)
	if e.Name != "中科慧远" || e.Description != "机器视觉检测装备" || e.Status == enterprise.MovedOut {
		t.Fatalf("after self-service: %+v", e)
	}
	if r := q.Get("/admin/my-enterprise"); !strings.Contains(r.Body, "中科慧远 → 中科慧远视觉（洛阳）") {
		t.Fatalf("the pending change is not shown to the enterprise: %s", apptest.Snippet(r.Body))
	}
	// A wrong credit code in a request is refused on the form, naming the field.
	bad := url.Values{"name": {"中科慧远"}, "uscc": {"914403001922038217"}, "kind": {"enterprise"}, "industry_code": {"C3963"}, "registered_capital": {"1200.5"}}
	if r := q.Post(loc, bad); r.Status != 422 || !strings.Contains(r.Body, "914403001922038217") {
		t.Fatalf("a bad code in a change request: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	// The park returns it once with a reason (required), then approves a new request.
	r = c.Get("/admin/enterprise-changes")
	if r.Status != 200 || !strings.Contains(r.Body, "中科慧远视觉（洛阳）") {
		t.Fatalf("review queue: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	changes, err := env.App.Enterprises.FindChanges(ctxBG(), auth.System("t"), enterprise.ChangePending, 0)
	if err != nil || len(changes) != 1 || len(changes[0].Fields) != 1 || changes[0].Fields[0].Field != "name" {
		t.Fatalf("pending changes: %+v %v", changes, err)
	}
	decide := "/admin/enterprise-changes/" + itoa(changes[0].ID)
	if r := c.Post(decide, url.Values{"decision": {"reject"}}); r.Status != 422 || !strings.Contains(r.Body, "写明原因") {
		t.Fatalf("a return without a reason: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := c.Post(decide, url.Values{"decision": {"reject"}, "comment": {"请上传营业执照"}}); r.Status != 303 {
		t.Fatalf("return: %d", r.Status)
	}
	if r := q.Get("/admin/my-enterprise"); !strings.Contains(r.Body, "请上传营业执照") {
		t.Fatal("the enterprise does not see why its change was returned")
	}
	if r := q.Post(loc, self); r.Status != 303 {
		t.Fatalf("second request: %d", r.Status)
	}
	changes, _ = env.App.Enterprises.FindChanges(ctxBG(), auth.System("t"), enterprise.ChangePending, 0)
	if r := c.Post("/admin/enterprise-changes/"+itoa(changes[0].ID), url.Values{"decision": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if e, _ := env.App.Enterprises.FindEnterpriseByID(ctxBG(), auth.System("t"), 1); e.Name != "中科慧远视觉（洛阳）" {
		t.Fatalf("after approval the name is %q", e.Name)
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
