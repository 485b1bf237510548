package app_test

// Browser test of 申报信息: park staff follow the evaluation's link from an open 科小 condition to the
// assessment, fill in the facts 115号 needs (quarter-end headcounts, restricted products, the credit records,
// IP related to the main products), get a mistake named at its field with everything typed kept, correct it,
// save, and see the evaluation turn from 需人工审核 to 符合条件 with 78 points; the enterprise user reads the
// same facts, as a list without a way to change them. Every page is photographed and checked with axe-core.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run AssessmentBrowser -v -count=1

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

func TestAssessmentBrowser(t *testing.T) {
	b := startBrowser(t)
	t.Logf("screenshots in %s", b.shots)
	b.env.User("shenbao", "Yuanqu-Hecha-2026", auth.RoleParkAdmin)
	b.env.User("qiye-sb", "Benqiye-Shenbao-2026", auth.RoleEnterprise) // bound to enterprise 1

	// Enterprise 1: the 科小 case of internal/enterprise's TestAssessmentDecidesKexiao, its 2024 figures
	// approved: 销售收入 3,000万元, 研发费用 150万元, 成本费用 2,600万元, 资产 2,500万元.
	ctx := context.Background()
	sys := auth.System("test")
	svc := b.env.App.Enterprises
	founded := time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)
	e, err := svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "洛阳启明视觉科技有限公司", USCC: critCode(t, 77), IndustryCode: "C3569",
		FoundedOn: &founded, EmergingIndustry: "高端装备制造产业"})
	if err != nil || e.ID != 1 {
		t.Fatalf("enterprise 1: %+v %v", e, err)
	}
	wan := func(v int64) *int64 { n := v * 1_000_000; return &n }
	n := func(v int64) *int64 { return &v }
	if _, err := svc.SaveReport(ctx, sys, e.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(150), TotalCost: wan(2600),
		TotalAssets: wan(2500), StaffTotal: n(84), TechStaff: n(26)}, "", false); err != nil {
		t.Fatal(err)
	}

	t.Run("ParkFillsIn", b.assessmentPark)
	t.Run("EnterpriseReads", b.assessmentEnterprise)
}

func (b *browserEnv) assessmentPark(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "shenbao", "Yuanqu-Hecha-2026", http.StatusOK)
	b.open(t, ctx, "/admin/enterprises/1/evaluation?year=2025&scheme=kexiao", http.StatusOK)
	b.wantText(t, ctx, "科技型中小企业", "需人工审核", "补充申报信息后可得出结论", "尚未录入申报信息")
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-01-evaluation-before")
	b.axeCheck(t, ctx, "evaluation with links to the assessment")

	// The link next to the open compliance condition leads to that section of the form.
	b.submit(t, ctx, `#s-kexiao a.crit-fix[href*="section=compliance"]`, http.StatusOK)
	if loc := b.location(t, ctx); !strings.Contains(loc, "/admin/enterprises/1/assessment?fy=2024&section=compliance#compliance") {
		t.Fatalf("the link led to %s", loc)
	}
	b.wantText(t, ctx, "申报信息", "2024 年人数（2025 年申报使用）", "合规记录", "按统一社会信用代码判断：是", "2025 年评估结论")
	if cur := b.eval(t, ctx, `document.querySelector('nav.tabs a[aria-current=page]')?.textContent ?? ''`); cur != "申报信息" {
		t.Errorf("current tab = %q", cur)
	}
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-02-empty-form")
	b.axeCheck(t, ctx, "the empty assessment form")

	// Type the facts as a person would; one 科技人员 count is mistyped above its 职工总数 (820 for 82).
	counts := map[string]string{}
	for i, v := range []string{"76", "78", "80", "82", "84"} {
		counts[fmt.Sprintf("staff_2024_q_total_%d", i)] = v
	}
	for i, v := range []string{"22", "23", "24", "820", "26"} {
		counts[fmt.Sprintf("staff_2024_q_tech_%d", i)] = v
	}
	counts["ip_i_main"], counts["ip_ii_main"] = "0", "3"
	b.fill(t, ctx, counts)
	b.setValue(t, ctx, map[string]string{"restricted": "no", "compliance_through": "2025-06-01"})
	b.submit(t, ctx, `form.assess-form button[type=submit]`, http.StatusUnprocessableEntity)
	b.wantText(t, ctx, "提交的内容有误", "2024 年季末：科技人员不能多于同期职工总数（82 人）")
	if v := b.eval(t, ctx, `document.querySelector('input[name=staff_2024_q_tech_3]').value + '|' + document.querySelector('input[name=ip_ii_main]').value +
		'|' + document.querySelector('select[name=restricted]').value + '|' + document.querySelector('input[name=compliance_through]').value`); v != "820|3|no|2025-06-01" {
		t.Errorf("the failed form kept %q", v)
	}
	if inv := b.eval(t, ctx, `document.querySelector('input[name=staff_2024_q_tech_3]').getAttribute('aria-invalid') ?? ''`); inv != "true" {
		t.Errorf("the wrong count is not marked invalid: %q", inv)
	}
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-03-error")
	b.axeCheck(t, ctx, "the assessment form with an error")

	// The summary's link leads to the field; correct it and save.
	if err := chromedp.Do(ctx, chromedp.Click(`.problems a[href="#f-staff_2024_q_tech_3"]`)); err != nil {
		t.Fatal(err)
	}
	if focus := b.eval(t, ctx, `location.hash`); focus != "#f-staff_2024_q_tech_3" {
		t.Errorf("the summary link went to %q", focus)
	}
	b.setValue(t, ctx, map[string]string{"staff_2024_q_tech_3": "25"})
	b.submit(t, ctx, `form.assess-form button[type=submit]`, http.StatusOK)
	b.wantText(t, ctx, "申报信息已保存", "科小全年季度平均：职工总数 80 人，科技人员 24 人，占 30.00%", "符合条件", "78 / 100 分")
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-04-saved")
	b.axeCheck(t, ctx, "the saved assessment")

	// The collapsed sections open: 高企's monthly counts, the records, the experts' points.
	for _, sel := range []string{"#monthly > summary", "#records > summary", "#market > summary", "#judgements > summary"} {
		if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
			t.Fatalf("open %s: %v", sel, err)
		}
	}
	b.wantText(t, ctx, "月末人数（195号，全年月平均）", "科技奖励", "技术的先进程度", "专精特新“小巨人”企业")
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-05-all-sections")
	b.axeCheck(t, ctx, "the assessment with every section open")

	// The evaluation changed: 科小 is decided, with the score 115号 gives.
	b.open(t, ctx, "/admin/enterprises/1/evaluation?year=2025&scheme=kexiao", http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.Click(`#s-kexiao details summary`)); err != nil {
		t.Fatal(err)
	}
	b.wantText(t, ctx, "符合条件", "78 / 100 分", "科技人员（季度平均） 24人", "科技人员占比 30.00%", "已计入园区录入的申报信息")
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-06-evaluation-after")
	b.open(t, ctx, "/admin/enterprises/criteria?scheme=kexiao&year=2025", http.StatusOK)
	if g := b.eval(t, ctx, `document.getElementById('eligible')?.innerText ?? ''`); !strings.Contains(g, "洛阳启明视觉科技有限公司") {
		t.Errorf("可申报:\n%s", g)
	}
}

func (b *browserEnv) assessmentEnterprise(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "qiye-sb", "Benqiye-Shenbao-2026", http.StatusOK)
	b.open(t, ctx, "/admin/enterprises/1/assessment?fy=2024", http.StatusOK)
	b.wantText(t, ctx, "申报信息由园区填写", "科小季度平均（115号）", "职工总数 80 人，科技人员 24 人，占 30.00%", "无记录", "与主要产品相关的Ⅱ类")
	if n := b.eval(t, ctx, `String(document.querySelectorAll('form[method=post] input:not([type=hidden]), form[method=post] select').length)`); n != "0" {
		t.Errorf("the enterprise's view has %s fields to change", n)
	}
	b.critTop(t, ctx)
	b.shot(t, ctx, "assessment-07-enterprise-reads")
	b.axeCheck(t, ctx, "the enterprise's read-only assessment")
	b.open(t, ctx, "/admin/enterprises/2/assessment", http.StatusForbidden)
}

// setValue sets fields by name, as a picker would (dates, selects), and tells the page they changed.
func (b *browserEnv) setValue(t *testing.T, ctx context.Context, fields map[string]string) {
	t.Helper()
	for name, v := range fields {
		js := fmt.Sprintf(`(() => { const el = document.querySelector('[name=%q]'); if (!el) return 'missing';
			el.value = %q; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); return el.value; })()`, name, v)
		if got := b.eval(t, ctx, js); got != v {
			t.Fatalf("set %s to %q: %q", name, v, got)
		}
	}
}
