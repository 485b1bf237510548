package app_test

// Browser test of the criteria pages: park staff open 认定评估 from the navigation, choose a scheme and a year
// with the pickers, read the groups (可申报, 差一项 with the one criterion and its figures, 需人工审核, 不符合),
// follow a near miss to its evaluation; an enterprise user reads its own evaluation and has no entry to the
// park's lists. Every page is photographed and checked with axe-core.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run CriteriaBrowser -v -count=1

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
	"parkos/internal/zh"
)

const critParkUser, critParkPass = "pinggu", "Rending-Mingdan-2026"

func TestCriteriaBrowser(t *testing.T) {
	b := startBrowser(t)
	t.Logf("screenshots in %s", b.shots)
	b.env.User(critParkUser, critParkPass, auth.RoleParkAdmin)
	b.env.User("qiye-pg", "Benqiye-Jieguo-2026", auth.RoleEnterprise) // bound to enterprise 1
	seedCriteria(t, b)

	t.Run("Candidates", b.criteriaCandidates)
	t.Run("EnterpriseUser", b.criteriaEnterprise)
}

// critCode is a valid credit code of a Luoyang enterprise with serial n; zh.CheckUSCC names the check
// characters.
func critCode(t *testing.T, n int) string {
	t.Helper()
	code := fmt.Sprintf("91410305%08d00", 500+n)
	for range 3 {
		err := zh.CheckUSCC(code)
		if err == nil {
			return code
		}
		e, ok := err.(*zh.USCCError)
		if !ok || e.Want == "" {
			t.Fatalf("credit code %s: %v", code, err)
		}
		code = code[:e.Pos-1] + e.Want + code[e.Pos:]
	}
	t.Fatalf("credit code %s", code)
	return ""
}

// seedCriteria registers a park of a dozen enterprises with approved figures for 2022–2024, so that the
// typical 瞪羚 rule of 2025 (revenue 1,000万–5亿, growth ≥ 20% a year, R&D ≥ 5%) puts some in every group.
func seedCriteria(t *testing.T, b *browserEnv) {
	t.Helper()
	ctx := context.Background()
	svc := b.env.App.Enterprises
	sys := auth.System("test")
	wan := func(v float64) *int64 { n := int64(v * 1_000_000); return &n }
	n := func(v int64) *int64 { return &v }
	founded := time.Date(2014, 4, 1, 0, 0, 0, 0, time.UTC)
	type seed struct {
		name, industry string
		rev            []float64 // 2022, 2023, 2024; fewer means only the last years are approved
		rd             float64
		staff          int64
		mut            func(*enterprise.Input)
	}
	seeds := []seed{
		{"洛阳智眼视觉科技有限公司", "C3963", []float64{2000, 2600, 3200}, 260, 86, nil},
		{"河南伊洛新材料股份有限公司", "C3985", []float64{5000, 6200, 7600}, 420, 140, nil},
		{"洛阳涧西精密轴承有限公司", "C3451", []float64{8000, 9000, 10500}, 310, 260, nil},
		{"洛阳瀍河数字科技有限公司", "I6513", []float64{1500, 1900, 2300}, 90, 45, nil},
		{"洛阳超材料技术研究院有限公司", "M7320", []float64{900, 1300, 1800}, 400, 70, nil},
		{"洛阳龙门机器人有限公司", "C3491", []float64{3000, 3300, 3500}, 200, 95, nil},
		{"洛阳洛浦环保科技有限公司", "N7723", []float64{2800}, 160, 38, nil},
		{"洛阳九都检测技术有限公司", "M7452", []float64{600, 700, 850}, 30, 26, nil},
		{"洛阳宜阳新能源汽车零部件有限公司", "C3670", []float64{12000, 16000, 21000}, 1200, 420, nil},
		{"洛阳古都文创有限公司", "R8890", []float64{300, 350, 420}, 5, 12, nil},
		{"洛阳栾川钼业科技服务有限公司", "M7520", []float64{2000, 2600, 3200}, 260, 30, func(in *enterprise.Input) {
			in.Status, in.MovedOutOn = enterprise.MovedOut, &founded
		}},
		{"洛阳孟津光电有限公司", "C3976", []float64{2100, 2700, 3400}, 240, 66, nil},
	}
	for i, s := range seeds {
		in := enterprise.Input{Name: s.name, USCC: critCode(t, i+1), IndustryCode: s.industry, FoundedOn: &founded, Status: enterprise.Resident,
			EmergingIndustry: "新材料产业"}
		if s.mut != nil {
			s.mut(&in)
		}
		e, err := svc.CreateEnterprise(ctx, sys, in)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for j, rev := range s.rev {
			year := 2024 - len(s.rev) + 1 + j
			f := enterprise.Figures{Revenue: wan(rev), MainRevenue: wan(rev * 0.92), TotalAssets: wan(rev * 0.8), TotalLiabilities: wan(rev * 0.3),
				RnDSpending: wan(s.rd * (0.8 + 0.1*float64(j))), RnDDomestic: wan(s.rd * (0.8 + 0.1*float64(j))), Conversions: n(int64(2 + j))}
			if year == 2024 {
				f.RnDSpending, f.RnDDomestic = wan(s.rd), wan(s.rd)
				f.StaffTotal, f.TechStaff, f.RnDStaff = n(s.staff), n(s.staff/4), n(s.staff/5)
				f.HitechRevenue, f.TotalIncome = wan(rev*0.7), wan(rev*1.02)
				f.IPClass1, f.IPClass2 = n(int64(i%4)), n(int64(3+i))
			}
			if _, err := svc.SaveReport(ctx, sys, e.ID, year, f, "", false); err != nil {
				t.Fatalf("%s %d: %v", s.name, year, err)
			}
		}
		if i == len(seeds)-1 {
			// Holds a 瞪羚 title valid in 2025: listed apart.
			if _, err := svc.AddQualification(ctx, sys, enterprise.Qualification{EnterpriseID: e.ID, Kind: "dengling", Level: "municipal",
				IssuedOn: &founded, ExpiresOn: new(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// An enterprise whose 2024 figures wait for review: they do not count yet.
	e, err := svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "洛阳青创空间管理有限公司", USCC: critCode(t, 40), IndustryCode: "L7221", FoundedOn: &founded})
	if err != nil {
		t.Fatal(err)
	}
	tenant := auth.NewActor(b.env.App.Roles, 0, "qiye-x", []string{auth.RoleEnterprise})
	tenant.EnterpriseID = e.ID
	if _, err := svc.SaveReport(ctx, tenant, e.ID, 2024, enterprise.Figures{Revenue: wan(1600), RnDSpending: wan(100)}, "", true); err != nil {
		t.Fatal(err)
	}
}

func (b *browserEnv) criteriaCandidates(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, critParkUser, critParkPass, http.StatusOK)
	b.submit(t, ctx, `nav.sidenav a[href="/admin/enterprises/criteria"]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/enterprises/criteria")
	b.wantText(t, ctx, "认定评估：谁可以申报高新技术企业", "可申报", "差一项", "需人工审核", "不符合")
	if cur := b.eval(t, ctx, `document.querySelector('nav.sidenav a[aria-current=page]')?.textContent ?? ''`); cur != "认定评估" {
		t.Errorf("current navigation entry = %q, want 认定评估", cur)
	}
	b.critTop(t, ctx)
	b.shot(t, ctx, "criteria-01-gaoqi-this-year")

	// The pickers submit themselves when changed (app.js data-autosubmit).
	pick := func(name, value string) {
		t.Helper()
		js := fmt.Sprintf(`(() => { const s = document.querySelector('select[name=%s]'); s.value = %q;
			s.dispatchEvent(new Event('change', {bubbles: true})); })()`, name, value)
		if _, err := chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			t.Fatalf("pick %s %s: %v", name, value, err)
		}
	}
	pick("scheme", "dengling")
	pick("year", "2025")
	if loc := b.location(t, ctx); !strings.Contains(loc, "scheme=dengling") || !strings.Contains(loc, "year=2025") {
		t.Fatalf("after the pickers: %s", loc)
	}
	b.wantText(t, ctx, "认定评估：谁可以申报瞪羚企业", "申请日期 2025-06-01", "已持有有效的瞪羚企业资质")
	group := func(id string) string {
		return b.eval(t, ctx, fmt.Sprintf(`document.getElementById(%q)?.innerText ?? ''`, id))
	}
	if g := group("eligible"); !strings.Contains(g, "洛阳智眼视觉科技有限公司") || !strings.Contains(g, "洛阳宜阳新能源汽车零部件有限公司") {
		t.Errorf("可申报:\n%s", g)
	}
	if g := group("missing-one"); !strings.Contains(g, "洛阳瀍河数字科技有限公司") || !strings.Contains(g, "研发费用占比") ||
		!strings.Contains(g, "洛阳龙门机器人有限公司") || !strings.Contains(g, "复合增长率") || !strings.Contains(g, "其余条件均符合") {
		t.Errorf("差一项:\n%s", g)
	}
	if g := group("review"); !strings.Contains(g, "洛阳洛浦环保科技有限公司") || !strings.Contains(g, "洛阳青创空间管理有限公司") {
		t.Errorf("需人工审核:\n%s", g)
	}
	if g := group("not-eligible"); !strings.Contains(g, "洛阳九都检测技术有限公司") || strings.Contains(b.text(t, ctx), "洛阳栾川钼业") {
		t.Errorf("不符合 (and the moved-out enterprise must not appear):\n%s", g)
	}
	b.critTop(t, ctx)
	b.shot(t, ctx, "criteria-02-dengling-2025")
	b.axeCheck(t, ctx, "criteria candidates")

	// A near miss leads to its evaluation of that scheme.
	b.submit(t, ctx, `#missing-one tbody tr:first-child a`, http.StatusOK)
	if p := b.location(t, ctx); !strings.Contains(p, "/evaluation?year=2025&scheme=dengling") {
		t.Fatalf("evaluation link: %s", p)
	}
	b.wantText(t, ctx, "2025 年申报评估（申请日期 2025-06-01）", "高新技术企业", "科技型中小企业", "瞪羚企业", "差一项：上年度研发费用占营业收入比重不低于5.00%",
		"只采用园区审核通过的年度数据", "研发费用占比 约3.91%", "不符合", "显示全部类别的明细")
	b.critTop(t, ctx)
	b.shot(t, ctx, "criteria-03-evaluation-dengling")
	b.axeCheck(t, ctx, "evaluation of one scheme")

	// Every scheme, with the score items of 高企 opened.
	b.submit(t, ctx, `a[href$="/evaluation?year=2025"]`, http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.Click(`#s-gaoqi details summary`)); err != nil {
		t.Fatal(err)
	}
	b.wantText(t, ctx, "32号 第十一条(五)", "技术的先进程度", "专精特新“小巨人”企业", "待审核")
	b.critTop(t, ctx)
	b.shot(t, ctx, "criteria-04-evaluation-all")
	b.axeCheck(t, ctx, "evaluation of every scheme")
}

func (b *browserEnv) criteriaEnterprise(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "qiye-pg", "Benqiye-Jieguo-2026", http.StatusOK)
	if n := b.eval(t, ctx, `String(document.querySelectorAll('nav.sidenav a[href="/admin/enterprises/criteria"]').length)`); n != "0" {
		t.Errorf("the enterprise user sees %s links to 认定评估", n)
	}
	b.open(t, ctx, "/admin/enterprises/1/evaluation?year=2025", http.StatusOK)
	b.wantText(t, ctx, "洛阳智眼视觉科技有限公司", "瞪羚企业", "符合条件")
	b.critTop(t, ctx)
	b.shot(t, ctx, "criteria-05-own-evaluation")
	b.open(t, ctx, "/admin/enterprises/criteria", http.StatusForbidden)
	b.open(t, ctx, "/admin/enterprises/2/evaluation", http.StatusForbidden)
}

// critTop scrolls to the top, so that the full-page screenshot starts with the page's head.
func (b *browserEnv) critTop(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
}
