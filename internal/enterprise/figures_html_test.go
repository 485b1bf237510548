package enterprise_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The figures pages through the whole app: the park enters a year in 万元 and it is kept exactly in fen; an
// enterprise user drafts, submits, is returned with a comment, resubmits and is approved, after which the
// year is read-only for it; another enterprise's figures are refused.
func TestFiguresPages(t *testing.T) {
	env := apptest.Start(t, nil)
	sys := auth.System("t")
	own, err := env.App.Enterprises.CreateEnterprise(ctxBG(), sys, enterprise.Input{Name: "中科慧远视觉技术（洛阳）有限公司", USCC: "914403001922038216"})
	if err != nil || own.ID != 1 { // apptest binds enterprise users to enterprise 1
		t.Fatalf("fixture: %+v %v", own, err)
	}
	other, err := env.App.Enterprises.CreateEnterprise(ctxBG(), sys, enterprise.Input{Name: "别家企业", USCC: "91330100716105852F"})
	if err != nil {
		t.Fatal(err)
	}
	env.User("park1", "Park#Pass2026x", auth.RoleParkAdmin)
	env.User("qiye1", "Qiye#Pass2026x", auth.RoleEnterprise)
	park, qiye := env.Client(), env.Client()
	park.MustLogin("park1", "Park#Pass2026x")
	qiye.MustLogin("qiye1", "Qiye#Pass2026x")
	base := "/admin/enterprises/" + itoa(own.ID) + "/figures"

	// The park enters 2023: a wrong value names the field and keeps everything typed.
	r := park.Post(base+"/2023", url.Values{"revenue": {"1234.5678"}, "main_revenue": {"12,3a"}, "staff_total": {"40"}, "tech_staff": {"52"}})
	if r.Status != 422 || !strings.Contains(r.Body, "主营业务收入请填写以万元计的金额") || !strings.Contains(r.Body, `value="12,3a"`) ||
		!strings.Contains(r.Body, `value="1234.5678"`) {
		t.Fatalf("a wrong amount: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = park.Post(base+"/2023", url.Values{"revenue": {"1234.5678"}, "main_revenue": {"1300"}, "staff_total": {"40"}, "tech_staff": {"52"}})
	if r.Status != 422 || !strings.Contains(r.Body, "主营业务收入不能大于营业收入") || !strings.Contains(r.Body, "科技人员不能多于从业人员") ||
		!strings.Contains(r.Body, `aria-invalid="true" aria-describedby="f-main_revenue-err"`) {
		t.Fatalf("inconsistent figures: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = park.Post(base+"/2023", url.Values{"revenue": {"1234.5678"}, "main_revenue": {"1200"}, "net_profit": {"-35.5"},
		"staff_total": {"40"}, "tech_staff": {"12"}, "rnd_spending": {"98.765432"}, "ip_invention_granted": {"2"}, "ip_software": {"5"}})
	if r.Status != 303 || r.Location != base {
		t.Fatalf("the park's entry: %d %s %s", r.Status, r.Location, apptest.Snippet(r.Body))
	}
	rep, err := env.App.Enterprises.FindReport(ctxBG(), sys, own.ID, 2023)
	if err != nil || *rep.Figures.Revenue != 1_234_567_800 || *rep.Figures.RnDSpending != 98_765_432 || *rep.Figures.NetProfit != -35_500_000 ||
		rep.Figures.Taxes != nil || rep.Status != enterprise.ReportApproved {
		t.Fatalf("stored: %+v %v", rep, err)
	}
	r = park.Get(base + "/2023")
	if r.Status != 200 || !strings.Contains(r.Body, `value="1234.5678"`) || !strings.Contains(r.Body, `value="98.765432"`) ||
		!strings.Contains(r.Body, `value="-35.5"`) || !strings.Contains(r.Body, `name="taxes" type="text" value=""`) {
		t.Fatalf("the form shows back exactly what is stored: %s", apptest.Snippet(r.Body))
	}
	// The table in each unit; the charts' data block and ECharts only where there is something to chart.
	for unit, want := range map[string]string{"": "1,234.57", "yuan": "12,345,678.00", "qian": "12,346", "wan": "-35.50"} {
		r = park.Get(base + "?unit=" + unit)
		if r.Status != 200 || !strings.Contains(r.Body, want) {
			t.Errorf("unit %q: %d, want %s in %s", unit, r.Status, want, apptest.Snippet(r.Body))
		}
	}
	if !strings.Contains(r.Body, `id="figure-charts"`) || !strings.Contains(r.Body, "/static/vendor/echarts/echarts.min.") ||
		!strings.Contains(r.Body, `role="img"`) || !strings.Contains(r.Body, "8.00%") {
		t.Fatalf("charts: %s", apptest.Snippet(r.Body))
	}
	if r := park.Get("/admin/enterprises/" + itoa(other.ID) + "/figures"); r.Status != 200 || strings.Contains(r.Body, "echarts") ||
		!strings.Contains(r.Body, "尚未填报任何年度的数据") {
		t.Fatalf("an enterprise without figures: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	// The recent years without figures are offered as buttons.
	for y := time.Now().Year() - 3; y < time.Now().Year(); y++ {
		link := fmt.Sprintf(`href="%s/%d">填报 %d 年度`, base, y, y)
		if want := y != 2023; strings.Contains(r.Body, link) != want {
			t.Errorf("button for %d shown: %v, want %v", y, !want, want)
		}
	}
	if r := park.Get(base + "?year=2021"); r.Status != 303 || r.Location != base+"/2021" {
		t.Fatalf("the other-year form: %d %s", r.Status, r.Location)
	}
	if r := park.Get(base + "/1999"); r.Status != 404 {
		t.Fatalf("a year before 2000: %d", r.Status)
	}

	// The enterprise user drafts 2024, submits it, and the park sees it in the queue.
	r = qiye.Get(base)
	if r.Status != 200 || !strings.Contains(r.Body, "已审核") || strings.Contains(r.Body, "返回企业库") {
		t.Fatalf("the enterprise's figures tab: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := qiye.Get(base + "/2024"); r.Status != 200 || !strings.Contains(r.Body, "保存草稿") || !strings.Contains(r.Body, "提交审核") ||
		!strings.Contains(r.Body, "上年 1,234.57 万元") {
		t.Fatalf("the enterprise's form: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = qiye.Post(base+"/2024", url.Values{"revenue": {"1500"}, "staff_total": {"45"}, "action": {"draft"}})
	if r.Status != 303 {
		t.Fatalf("draft: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := park.Get("/admin/enterprises/reports"); strings.Contains(r.Body, "中科慧远") {
		t.Fatal("a draft is in the review queue")
	}
	r = qiye.Post(base+"/2024", url.Values{"revenue": {"1500"}, "staff_total": {"45"}, "action": {"submit"}})
	if r.Status != 303 {
		t.Fatalf("submit: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = park.Get("/admin/enterprises/reports")
	if r.Status != 200 || !strings.Contains(r.Body, "中科慧远") || !strings.Contains(r.Body, base+"/2024?from=queue") {
		t.Fatalf("queue: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := park.Get("/admin/notifications"); !strings.Contains(r.Body, "中科慧远视觉技术（洛阳）有限公司 提交了 2024 年度经营数据") {
		t.Fatalf("the park was not notified of the submission: %s", apptest.Snippet(r.Body))
	}
	if r := park.Get(base + "/2024?from=queue"); !strings.Contains(r.Body, "审核通过") || !strings.Contains(r.Body, "退回修改") ||
		!strings.Contains(r.Body, "返回审核列表") {
		t.Fatalf("the review form: %s", apptest.Snippet(r.Body))
	}

	// The park returns it: a comment is required; the user sees it, fixes the figures and resubmits.
	r = park.Post(base+"/2024/review", url.Values{"decision": {"return"}, "comment": {"  "}, "from": {"queue"}})
	if r.Status != 422 || !strings.Contains(r.Body, "退回时请写明需要修改的地方") || !strings.Contains(r.Body, `value="1500"`) {
		t.Fatalf("a return without a comment: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = park.Post(base+"/2024/review", url.Values{"decision": {"return"}, "comment": {"请补充研究开发费用"}, "from": {"queue"}})
	if r.Status != 303 || r.Location != "/admin/enterprises/reports" {
		t.Fatalf("return: %d %s", r.Status, r.Location)
	}
	if r := qiye.Get(base); !strings.Contains(r.Body, "退回修改") || !strings.Contains(r.Body, "退回意见：请补充研究开发费用") {
		t.Fatalf("the user's tab after a return: %s", apptest.Snippet(r.Body))
	}
	if r := qiye.Get(base + "/2024"); !strings.Contains(r.Body, "园区退回修改：请补充研究开发费用") {
		t.Fatalf("the user's form after a return: %s", apptest.Snippet(r.Body))
	}
	r = qiye.Post(base+"/2024", url.Values{"revenue": {"1500"}, "staff_total": {"45"}, "rnd_spending": {"120"}, "action": {"submit"}})
	if r.Status != 303 {
		t.Fatalf("resubmit: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := park.Post(base+"/2024/review", url.Values{"decision": {"approve"}}); r.Status != 303 || r.Location != base {
		t.Fatalf("approve: %d %s", r.Status, r.Location)
	}

	// Approved, the year is read-only for the enterprise user.
	r = qiye.Get(base + "/2024")
	if r.Status != 200 || strings.Contains(r.Body, `name="revenue"`) || !strings.Contains(r.Body, "不能再修改") || !strings.Contains(r.Body, "1,500 万元") {
		t.Fatalf("an approved year for the user: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if r := qiye.Post(base+"/2024", url.Values{"revenue": {"9999"}, "action": {"submit"}}); r.Status != 409 || !strings.Contains(r.Body, "已经园区审核") {
		t.Fatalf("changing an approved year: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	if rep, _ := env.App.Enterprises.FindReport(ctxBG(), sys, own.ID, 2024); *rep.Figures.Revenue != 1_500_000_000 || *rep.Figures.RnDSpending != 120_000_000 {
		t.Fatalf("approved figures changed: %+v", rep.Figures)
	}

	// Another enterprise's figures, the queue and the review are refused to the enterprise user.
	ob := "/admin/enterprises/" + itoa(other.ID) + "/figures"
	for _, p := range []string{ob, ob + "/2024", "/admin/enterprises/reports", "/api/v1/enterprises/" + itoa(other.ID) + "/figures",
		"/api/v1/enterprises/" + itoa(other.ID) + "/figures/2024"} {
		if r := qiye.Get(p); r.Status != 403 {
			t.Errorf("GET %s as another enterprise's user: %d", p, r.Status)
		}
	}
	for _, p := range []string{ob + "/2024", base + "/2024/review"} {
		if r := qiye.Post(p, url.Values{"revenue": {"1"}, "decision": {"approve"}}); r.Status != 403 {
			t.Errorf("POST %s as the enterprise user: %d", p, r.Status)
		}
	}
	if r := qiye.Get("/api/v1/enterprises/" + itoa(own.ID) + "/figures/2024"); r.Status != 200 || !strings.Contains(r.Body, `"revenue":1500000000`) {
		t.Fatalf("the user's own year through the API: %d %s", r.Status, r.Body)
	}
}
