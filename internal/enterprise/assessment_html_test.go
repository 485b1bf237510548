package enterprise_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The 申报信息 page through the whole app: park staff fill it in (a failed form keeps what was typed and names
// each field), the evaluation leads there and changes with it; the enterprise reads its own, read-only.
func TestAssessmentPages(t *testing.T) {
	env := apptest.Start(t, nil)
	bg := context.Background()
	sys := auth.System("test")
	svc := env.App.Enterprises
	// Enterprise 1 is the enterprise user's own; its approved 2024 figures are the 科小 case of
	// TestAssessmentDecidesKexiao.
	own, err := svc.CreateEnterprise(bg, sys, enterprise.Input{Name: "洛阳启明视觉科技有限公司", USCC: creditCode(t, 1), IndustryCode: "C3569", FoundedOn: day(2019, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveReport(bg, sys, own.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(150), TotalCost: wan(2600),
		TotalAssets: wan(2500), StaffTotal: num(84), TechStaff: num(26)}, "", false); err != nil {
		t.Fatal(err)
	}
	other, err := svc.CreateEnterprise(bg, sys, enterprise.Input{Name: "洛阳别家有限公司", USCC: creditCode(t, 2)})
	if err != nil {
		t.Fatal(err)
	}
	env.User("park2", "Park#Pass2026y", auth.RoleParkAdmin)
	env.User("qiye2", "Qiye#Pass2026y", auth.RoleEnterprise)
	c := env.Client()
	c.MustLogin("park2", "Park#Pass2026y")
	page := "/admin/enterprises/" + itoa(own.ID) + "/assessment"

	// The evaluation leads to the sections that decide what is open.
	r := c.Get("/admin/enterprises/" + itoa(own.ID) + "/evaluation?year=2025&scheme=kexiao")
	if r.Status != 200 || !strings.Contains(r.Body, `href="`+page+`?fy=2024&amp;section=compliance#compliance">补充申报信息后可得出结论</a>`) {
		t.Fatalf("evaluation links: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Get(page + "?fy=2024&section=records")
	if r.Status != 200 || !strings.Contains(r.Body, `aria-current="page">申报信息</a>`) || !strings.Contains(r.Body, `<details id="records" class="assess-more" open>`) ||
		!strings.Contains(r.Body, "2024 年人数（2025 年申报使用）") || !strings.Contains(r.Body, "按统一社会信用代码判断：是") {
		t.Fatalf("assessment page: %d %s", r.Status, apptest.Snippet(r.Body))
	}

	form := url.Values{"staff_year": {"2024"}, "restricted": {"no"}, "compliance_through": {"2025-06-01"},
		"ip_i_main": {"0"}, "ip_ii_main": {"3"}, "note": {"2025-06-01 查询信用中国"}}
	for i, v := range []string{"76", "78", "80", "82", "84"} {
		form.Set("staff_2024_q_total_"+itoa(int64(i)), v)
	}
	// A typo and a half-filled row: refused, with what was typed kept and each field named.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	for i, v := range []string{"22", "23", "24", "25x", ""} {
		bad.Set("staff_2024_q_tech_"+itoa(int64(i)), v)
	}
	bad.Set("award_name_4", "河南省科学技术进步奖")
	r = c.Post(page, bad)
	if r.Status != 422 || !strings.Contains(r.Body, "2024 年科技人员（季末）人数应为不小于 0 的整数") || !strings.Contains(r.Body, `value="25x"`) ||
		!strings.Contains(r.Body, "第 1 项科技奖励：请选择奖励级别") || !strings.Contains(r.Body, `href="#f-staff_2024_q_tech_3"`) ||
		!strings.Contains(r.Body, `name="award_name_0" type="text" value="河南省科学技术进步奖"`) || !strings.Contains(r.Body, `<details id="records" class="assess-more" open>`) {
		t.Fatalf("bad form: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if as, err := svc.FindAssessment(bg, sys, own.ID); err != nil || as.Recorded() {
		t.Fatalf("a refused form saved: %+v %v", as, err)
	}

	for i, v := range []string{"22", "23", "24", "25", "26"} {
		form.Set("staff_2024_q_tech_"+itoa(int64(i)), v)
	}
	r = c.Post(page, form)
	if r.Status != 303 || r.Location != page+"?fy=2024" {
		t.Fatalf("save: %d %s %s", r.Status, r.Location, apptest.Snippet(r.Body))
	}
	r = c.Get(page + "?fy=2024")
	if !strings.Contains(r.Body, "申报信息已保存") || !strings.Contains(r.Body, "科小全年季度平均：职工总数 80 人，科技人员 24 人，占 30.00%") ||
		!strings.Contains(r.Body, "park2 保存") {
		t.Fatalf("after saving: %s", apptest.Snippet(r.Body))
	}
	r = c.Get("/admin/enterprises/" + itoa(own.ID) + "/evaluation?year=2025&scheme=kexiao")
	head, _, _ := strings.Cut(r.Body, `id="s-kexiao"`)
	if _, row, ok := strings.Cut(head, ">科技型中小企业</a>"); !ok || !strings.Contains(row[:300], "符合条件") || !strings.Contains(row[:400], "78 / 100 分") {
		t.Fatalf("the evaluation after saving: %s", apptest.Snippet(head))
	}
	if r := c.Get("/admin/enterprises/criteria?scheme=kexiao&year=2025"); !strings.Contains(strings.SplitN(r.Body, `id="missing-one"`, 2)[0], own.Name) {
		t.Fatalf("not among the eligible: %s", apptest.Snippet(r.Body))
	}

	// The enterprise reads its own, without a way to change it, and nobody else's.
	q := env.Client()
	q.MustLogin("qiye2", "Qiye#Pass2026y")
	r = q.Get(page + "?fy=2024")
	if r.Status != 200 || strings.Contains(r.Body, `<form method="post" action="`+page) || strings.Contains(r.Body, "保存申报信息") ||
		!strings.Contains(r.Body, "<dt>科小季度平均（115号）</dt><dd>职工总数 80 人，科技人员 24 人，占 30.00%</dd>") ||
		!strings.Contains(r.Body, "<dt>公开信用记录核实至</dt><dd>2025-06-01</dd>") {
		t.Fatalf("the enterprise's view: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := q.Post(page, form); r.Status != 403 {
		t.Errorf("the enterprise saved: %d", r.Status)
	}
	if r := q.Get("/admin/enterprises/" + itoa(other.ID) + "/assessment"); r.Status != 403 {
		t.Errorf("another enterprise's assessment: %d", r.Status)
	}
	if r := c.Get(page + "?fy=1999"); r.Status != 422 {
		t.Errorf("fy=1999: %d", r.Status)
	}
}
