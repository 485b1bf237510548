package app_test

// Browser test of the annual figures: park staff open an enterprise with several years of figures, the
// growth charts are drawn by ECharts under the site's CSP (canvases of real size, in the admin's colours, no
// console error, no CSP report), the unit switch changes the table, a year entered with a wrong value shows
// the message at its field, and the pages are photographed on a desktop and a phone.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run FiguresBrowser -v -count=1

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

const figParkUser, figParkPass = "tongji", "Nianbao-Shuju-2026"

func TestFiguresBrowser(t *testing.T) {
	b := startBrowser(t)
	t.Logf("screenshots in %s", b.shots)
	b.env.User(figParkUser, figParkPass, auth.RoleParkAdmin)
	b.env.User("qiye-nb", "Qiye-Tianbao-2026", auth.RoleEnterprise) // bound to enterprise 1
	seedFigures(t, b)

	t.Run("Desktop", b.figuresDesktop)
	t.Run("Phone", b.figuresPhone)
	t.Run("NoScript", b.figuresNoScript)
}

// figuresNoScript: without script the charts stay hidden and their data tables open.
func (b *browserEnv) figuresNoScript(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, figParkUser, figParkPass, http.StatusOK)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.open(t, ctx, "/admin/enterprises/1/figures", http.StatusOK)
	// Script back on to read the page; the page itself ran without it.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	state := b.eval(t, ctx, `JSON.stringify([...document.querySelectorAll('[data-chart]')].map(el => [el.hidden, el.childElementCount,
	  el.parentNode.querySelector('details').open, el.parentNode.querySelector('table').getBoundingClientRect().height > 0]))`)
	if state != `[[true,0,true,true],[true,0,true,true],[true,0,true,true],[true,0,true,true]]` {
		t.Errorf("without script, [hidden, children, table open, table shown] per chart = %s", state)
	}
	b.wantText(t, ctx, "研究开发费用（万元）", "研发投入强度（%）", "1,052.90", "8.35%")
	b.shot(t, ctx, "figures-9-noscript")
}

// seedFigures registers enterprise 1 with five approved years (2020–2024) and a 2025 its user submitted.
func seedFigures(t *testing.T, b *browserEnv) {
	t.Helper()
	ctx := context.Background()
	svc := b.env.App.Enterprises
	sys := auth.System("test")
	e, err := svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "中科慧远视觉技术（洛阳）有限公司", USCC: "914403001922038216", IndustryCode: "C3963"})
	if err != nil || e.ID != 1 {
		t.Fatalf("enterprise: %+v %v", e, err)
	}
	wan := func(v float64) *int64 { n := int64(math.Round(v * 1_000_000)); return &n } // 万元 to fen
	n := func(v int64) *int64 { return &v }
	years := []struct {
		year                                   int
		revenue, main, hitech, profit, rnd     float64
		staff, tech, rndStaff, inv, util, soft int64
	}{
		{2020, 2810.5, 2702.3, 1980, -352.4, 421.2, 48, 21, 15, 0, 3, 2},
		{2021, 4620, 4410.8, 3350, 118.6, 610.5, 67, 30, 22, 1, 5, 4},
		{2022, 6985.2, 6702, 5230.4, 540.3, 702.8, 89, 38, 27, 2, 6, 3},
		{2023, 9410.8, 9001.5, 7420, 905.7, 845.2, 112, 47, 33, 3, 8, 6},
		{2024, 12603.4, 12050, 10110.6, 1480.2, 1052.9, 136, 58, 41, 5, 7, 9},
	}
	for _, y := range years {
		f := enterprise.Figures{Revenue: wan(y.revenue), MainRevenue: wan(y.main), HitechRevenue: wan(y.hitech), NetProfit: wan(y.profit),
			RnDSpending: wan(y.rnd), RnDDomestic: wan(y.rnd * 0.9), StaffTotal: n(y.staff), TechStaff: n(y.tech), RnDStaff: n(y.rndStaff),
			IPInventionApplied: n(y.inv + 3), IPInventionGranted: n(y.inv), IPUtilityGranted: n(y.util), IPSoftware: n(y.soft), IPDesignGranted: n(1)}
		if _, err := svc.SaveReport(ctx, sys, e.ID, y.year, f, "", false); err != nil {
			t.Fatalf("%d: %v", y.year, err)
		}
	}
	tenant := auth.NewActor(b.env.App.Roles, 0, "qiye-nb", []string{auth.RoleEnterprise})
	tenant.EnterpriseID = e.ID
	if _, err := svc.SaveReport(ctx, tenant, e.ID, 2025, enterprise.Figures{Revenue: wan(15320), StaffTotal: n(150)}, "", true); err != nil {
		t.Fatal(err)
	}
}

// consoleErrors collects the errors a tab reports: exceptions, console.error and the browser's own error
// entries (failed loads, CSP refusals).
type consoleErrors struct {
	mu   sync.Mutex
	list []string
}

func (c *consoleErrors) listen(t *testing.T, ctx context.Context) {
	t.Helper()
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException && m.Type != chromedp.ConsoleWarning {
				continue
			}
			// A page answered 403 or 422 on purpose; the test checks each document's status itself.
			if m.Source == "network" && !strings.Contains(m.URL, "/static/") && strings.Contains(m.Text, "status of 4") {
				continue
			}
			c.mu.Lock()
			c.list = append(c.list, fmt.Sprintf("%s %s (%s:%d)", m.Type, m.Text, m.URL, m.Line))
			c.mu.Unlock()
		}
	}()
}

func (c *consoleErrors) check(t *testing.T, where string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.list {
		t.Errorf("%s: %s", where, m)
	}
	c.list = nil
}

// chartsDrawn waits for the four charts and checks that each is a canvas of real size with ink on it, in
// the admin's brand colour, and that the data tables were folded away under their charts.
func (b *browserEnv) chartsDrawn(t *testing.T, ctx context.Context) {
	t.Helper()
	b.waitFor(t, ctx, "four charts drawn", `document.querySelectorAll('[data-chart][data-drawn] canvas').length === 4`)
	res := b.eval(t, ctx, `JSON.stringify([...document.querySelectorAll('[data-chart]')].map(el => {
	  const c = el.querySelector('canvas'), r = c.getBoundingClientRect();
	  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
	  let ink = 0, brand = 0;
	  for (let i = 0; i < px.length; i += 4) {
	    if (px[i+3] > 0 && (px[i] < 235 || px[i+1] < 235 || px[i+2] < 235)) ink++;
	    if (Math.abs(px[i] - 0x15) < 6 && Math.abs(px[i+1] - 0x46) < 6 && Math.abs(px[i+2] - 0xa0) < 6 && px[i+3] > 200) brand++;
	  }
	  return {id: el.dataset.chart, w: Math.round(r.width), h: Math.round(r.height), ink, brand, role: el.getAttribute('role'),
	    label: el.getAttribute('aria-label'), open: el.parentNode.querySelector('details').open, hidden: el.hidden};
	}))`)
	t.Logf("charts: %s", res)
	for _, id := range []string{"income", "rnd", "staff", "ip"} {
		if !strings.Contains(res, `"id":"`+id+`"`) {
			t.Errorf("chart %s is missing: %s", id, res)
		}
	}
	for _, bad := range []string{`"w":0`, `"h":0`, `"ink":0,`, `"brand":0,`, `"open":true`, `"hidden":true`, `"label":null`} {
		if strings.Contains(res, bad) {
			t.Errorf("a chart has %s: %s", bad, res)
		}
	}
	if strings.Count(res, `"role":"img"`) != 4 {
		t.Errorf("charts without role=img: %s", res)
	}
}

func (b *browserEnv) figuresDesktop(t *testing.T) {
	ctx := b.watchTab(t)
	var errs consoleErrors
	errs.listen(t, ctx)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, figParkUser, figParkPass, http.StatusOK)
	b.open(t, ctx, "/admin/enterprises", http.StatusOK)
	b.submit(t, ctx, `main a[href="/admin/enterprises/1"]`, http.StatusOK)
	b.submit(t, ctx, `nav.tabs a[href="/admin/enterprises/1/figures"]`, http.StatusOK)
	b.wantText(t, ctx, "历年数据", "金额单位：万元", "12,603.40", "待审核", "增长趋势", "图表只含已审核的年度", "2025 年（待审核）")
	b.chartsDrawn(t, ctx)
	b.noCSPReports(t, ctx, "figures page")
	b.shot(t, ctx, "figures-1-desktop")
	b.axeCheck(t, ctx, "figures with charts")
	errs.check(t, "figures page")

	// The tooltip is drawn on the canvas (richText), so hovering shows values without any style attribute.
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(`[data-chart="income"]`)); err != nil {
		t.Fatal(err)
	}
	var at []float64
	box := b.eval(t, ctx, `(r => JSON.stringify([r.left + r.width * 0.8, r.top + r.height * 0.6]))(document.querySelector('[data-chart="income"]').getBoundingClientRect())`)
	if err := json.Unmarshal([]byte(box), &at); err != nil || len(at) != 2 {
		t.Fatalf("chart box %s: %v", box, err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1])); err != nil {
		t.Fatal(err)
	}
	b.shot(t, ctx, "figures-2-tooltip")
	b.noCSPReports(t, ctx, "tooltip")

	// 千元 for the Torch statistics.
	b.submit(t, ctx, `nav.seg a[href="?unit=qian"]`, http.StatusOK)
	b.wantText(t, ctx, "金额单位：千元", "126,034")
	b.chartsDrawn(t, ctx)

	// A year entered with a wrong value: the message names the field and the form keeps what was typed.
	if err := chromedp.Do(ctx, chromedp.SendKeys(`#f-year`, "2019")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form.yearform button[type=submit]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/enterprises/1/figures/2019")
	b.wantText(t, ctx, "2019 年度经营数据", "未填报", "收入与利润", "研究开发", "资产负债", "人员", "知识产权", "融资")
	b.fill(t, ctx, map[string]string{"revenue": "2150.5", "main_revenue": "2100,3O", "staff_total": "36", "tech_staff": "40"})
	b.submit(t, ctx, `form.figform button[type=submit]`, http.StatusUnprocessableEntity)
	b.wantText(t, ctx, "主营业务收入请填写以万元计的金额", "科技人员不能多于从业人员", "提交的内容有误")
	if v := b.eval(t, ctx, `document.querySelector('input[name=main_revenue]').value + '|' + document.querySelector('input[name=revenue]').value`); v != "2100,3O|2150.5" {
		t.Errorf("the form did not keep what was typed: %s", v)
	}
	b.shot(t, ctx, "figures-3-form-error")
	b.axeCheck(t, ctx, "year form with errors")
	if err := chromedp.Do(ctx, chromedp.SetValue(`input[name=main_revenue]`, "2100.3"), chromedp.SetValue(`input[name=tech_staff]`, "14")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form.figform button[type=submit]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/enterprises/1/figures")
	b.wantText(t, ctx, "2019 年度数据已保存", "2,150.50")
	b.chartsDrawn(t, ctx)
	if years := b.eval(t, ctx, `JSON.parse(document.getElementById('figure-charts').textContent).years.join(',')`); years != "2019,2020,2021,2022,2023,2024" {
		t.Errorf("chart years after entering 2019: %s", years)
	}

	// The review queue, and the submitted year with its review form.
	b.submit(t, ctx, `nav.sidenav a[href="/admin/enterprises/reports"]`, http.StatusOK)
	b.wantText(t, ctx, "年度数据审核", "中科慧远视觉技术（洛阳）有限公司", "2025", "15,320.00")
	b.shot(t, ctx, "figures-4-queue")
	b.axeCheck(t, ctx, "review queue")
	b.submit(t, ctx, `main a[href="/admin/enterprises/1/figures/2025?from=queue"]`, http.StatusOK)
	b.wantText(t, ctx, "审核意见", "审核通过", "退回修改", "上年 12,603.40 万元")
	b.shot(t, ctx, "figures-5-review")
	b.axeCheck(t, ctx, "review form")
	b.submit(t, ctx, `button[name=decision][value=return]`, http.StatusUnprocessableEntity)
	b.wantText(t, ctx, "退回时请写明需要修改的地方")
	if err := chromedp.Do(ctx, chromedp.SendKeys(`#f-comment`, "请补充研究开发费用和知识产权数据")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `button[name=decision][value=return]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/enterprises/reports")
	b.wantText(t, ctx, "2025 年度数据已退回企业修改", "没有待审核的年度数据")
	b.noCSPReports(t, ctx, "review")
	errs.check(t, "figures walk")
}

func (b *browserEnv) figuresPhone(t *testing.T) {
	ctx := b.watchTab(t)
	var errs consoleErrors
	errs.listen(t, ctx)
	const width = 390
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "qiye-nb", "Qiye-Tianbao-2026", http.StatusOK)
	b.open(t, ctx, "/admin/enterprises/1/figures", http.StatusOK)
	b.wantText(t, ctx, "退回修改", "退回意见：请补充研究开发费用和知识产权数据")
	b.chartsDrawn(t, ctx)
	b.noSideScroll(t, ctx, width)
	b.shot(t, ctx, "figures-6-phone")
	b.axeCheck(t, ctx, "figures on a phone")
	b.open(t, ctx, "/admin/enterprises/1/figures/2025", http.StatusOK)
	b.wantText(t, ctx, "园区退回修改：请补充研究开发费用和知识产权数据", "保存草稿", "提交审核")
	b.noSideScroll(t, ctx, width)
	b.shot(t, ctx, "figures-7-phone-form")
	b.axeCheck(t, ctx, "year form on a phone")
	b.open(t, ctx, "/admin/enterprises/1/figures/2024", http.StatusOK)
	b.wantText(t, ctx, "不能再修改", "12,603.4 万元")
	b.shot(t, ctx, "figures-8-phone-approved")
	b.open(t, ctx, "/admin/enterprises/2/figures", http.StatusForbidden)
	b.noCSPReports(t, ctx, "phone")
	errs.check(t, "phone")
}

// noCSPReports fails when the CSP refused anything on the page (window.__csp from watchTab).
func (b *browserEnv) noCSPReports(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if res := b.eval(t, ctx, `JSON.stringify(window.__csp || ['(no watcher)'])`); res != "[]" {
		t.Errorf("%s: the CSP reported: %s", where, res)
	}
}
