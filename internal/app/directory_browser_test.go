package app_test

// Browser test of the portal's tenant directory (入驻企业): from the home page's block and the main
// navigation to the list, filtered by industry and by qualification with the form alone (no script needed),
// one enterprise's page, axe-core on each, and the pages on a phone.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run DirectoryBrowser -v -count=1

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// dirUSCC makes a valid Luoyang credit code (GB 32100-2015, with the GB 11714 check inside) from a serial.
func dirUSCC(n int) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	body := fmt.Sprintf("%08d", 32000000+n)
	sum := 0
	for i, w := range []int{3, 7, 9, 10, 5, 8, 4, 2} {
		sum += int(body[i]-'0') * w
	}
	code := "91410305" + body + string("0123456789X0"[11-sum%11])
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(chars, code[i]) * w
		w = w * 3 % 31
	}
	return code + string(chars[(31-sum%31)%31])
}

// seedDirectory registers a small park: published enterprises in two industries, one with a valid 高企,
// one whose 高企 has expired, an unpublished one and one that moved out.
func seedDirectory(t *testing.T, b *browserEnv) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	sys := auth.System("test")
	svc := b.env.App.Enterprises
	cst := time.FixedZone("CST", 8*3600)
	day := func(offset int) *time.Time {
		y, m, d := time.Now().In(cst).Date()
		t := time.Date(y, m, d+offset, 0, 0, 0, 0, cst)
		return &t
	}
	ids := map[string]int64{}
	for i, in := range []enterprise.Input{
		{Name: "洛阳视界智能检测装备有限公司", IndustryCode: "C3569", Status: enterprise.Resident, Public: true, Website: "https://vision.example.cn",
			Tags: []string{"机器视觉", "智能检测装备"}, EnteredOn: day(-900), Description: "研制手机盖板玻璃外观缺陷智能检测设备，已实现产业化量产。\n" +
				"以视觉算法、光学成像和自动化系统集成为核心技术，带动上下游配套企业向洛阳集聚。"},
		{Name: "洛阳驰动运动控制技术有限公司", IndustryCode: "C4011", Status: enterprise.Resident, Public: true, EnteredOn: day(-700),
			Description: "研发多轴运动控制器和精密运动平台。"},
		{Name: "洛阳烯材碳材料科技有限公司", IndustryCode: "C3091", Status: enterprise.Incubating, Public: true, EnteredOn: day(-60),
			Description: "转化石墨烯导热膜制备技术，产品用于消费电子散热。"},
		{Name: "洛阳钼材新材料科技有限公司", IndustryCode: "C3254", Status: enterprise.Graduated, GraduatedOn: day(-400), Public: true, EnteredOn: day(-3000),
			Description: "生产高纯钼板和钼钨合金异形件。"},
		{Name: "洛阳知产知识产权代理有限公司", Kind: enterprise.KindAgency, IndustryCode: "M7520", Status: enterprise.Resident, Public: true,
			EnteredOn: day(-1500), Description: "为园区企业提供专利代理和知识产权贯标服务。"},
		{Name: "洛阳未公开测试有限公司", IndustryCode: "C3569", Status: enterprise.Resident},
		{Name: "洛阳已迁出测试有限公司", IndustryCode: "C3425", Status: enterprise.MovedOut, MovedOutOn: day(-30), Public: true},
	} {
		in.USCC = dirUSCC(i)
		e, err := svc.CreateEnterprise(ctx, sys, in)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		ids[in.Name] = e.ID
	}
	for _, q := range []enterprise.Qualification{
		{EnterpriseID: ids["洛阳视界智能检测装备有限公司"], Kind: "gaoqi", Level: "national", IssuedOn: day(-300), ExpiresOn: day(795)},
		{EnterpriseID: ids["洛阳视界智能检测装备有限公司"], Kind: "chuangxin", Level: "provincial", IssuedOn: day(-100), ExpiresOn: day(995)},
		{EnterpriseID: ids["洛阳驰动运动控制技术有限公司"], Kind: "gaoqi", Level: "national", IssuedOn: day(-1200), ExpiresOn: day(-105)},
		{EnterpriseID: ids["洛阳驰动运动控制技术有限公司"], Kind: "kexiao", Level: "national", IssuedOn: day(-30), ExpiresOn: day(30)},
		{EnterpriseID: ids["洛阳钼材新材料科技有限公司"], Kind: "gaoqi", Level: "national", IssuedOn: day(-200), ExpiresOn: day(895)},
		{EnterpriseID: ids["洛阳已迁出测试有限公司"], Kind: "gaoqi", Level: "national", IssuedOn: day(-20), ExpiresOn: day(1000)},
	} {
		if _, err := svc.AddQualification(ctx, sys, q); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func TestDirectoryBrowser(t *testing.T) {
	b := startBrowser(t)
	ids := seedDirectory(t, b)
	ctx := b.watchTab(t)
	listed := func() string {
		return b.eval(t, ctx, `[...document.querySelectorAll('.entlist h2 a')].map(a => a.textContent).join('|')`)
	}
	// wantListed compares the names listed, in any order (the order by name follows the database's collation).
	wantListed := func(want ...string) {
		t.Helper()
		got := strings.Split(listed(), "|")
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s lists %q, want %q", b.location(t, ctx), got, want)
		}
	}
	// choose picks an option of a select as a keyboard or mouse user would, firing its change event.
	choose := func(sel, value string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
			t.Fatalf("choose %s in %s: %v", value, sel, err)
		}
	}

	// From the home page's block to the directory through the main navigation.
	b.open(t, ctx, "/", http.StatusOK)
	b.wantText(t, ctx, "入驻企业", "洛阳烯材碳材料科技有限公司")
	b.shot(t, ctx, "d00-home")
	b.submit(t, ctx, `nav.mainnav a[href="/enterprises"]`, http.StatusOK)
	b.wantPath(t, ctx, "/enterprises")
	wantListed("洛阳驰动运动控制技术有限公司", "洛阳钼材新材料科技有限公司", "洛阳视界智能检测装备有限公司", "洛阳烯材碳材料科技有限公司", "洛阳知产知识产权代理有限公司")
	b.wantText(t, ctx, "共 5 家企业", "高新技术企业", "在孵", "毕业", "中介机构")
	if text := b.text(t, ctx); strings.Contains(text, "未公开测试") || strings.Contains(text, "已迁出测试") {
		t.Errorf("the directory shows an unpublished or moved-out record:\n%s", text)
	}
	b.axeCheck(t, ctx, "tenant directory")
	b.shot(t, ctx, "d01-directory")

	// Filter by industry: a division of 制造业.
	choose("#ef-industry", "C35")
	b.submit(t, ctx, `form.pfilters button[type=submit]`, http.StatusOK)
	wantListed("洛阳视界智能检测装备有限公司")
	b.wantText(t, ctx, "符合条件的企业 1 家（共 5 家）")
	// The whole section, then a qualification: only a title in force counts (驰动's 高企 has expired).
	choose("#ef-industry", "C")
	choose("#ef-qual", "gaoqi")
	b.submit(t, ctx, `form.pfilters button[type=submit]`, http.StatusOK)
	wantListed("洛阳钼材新材料科技有限公司", "洛阳视界智能检测装备有限公司")
	if v := b.eval(t, ctx, `document.querySelector('#ef-industry').value + ' ' + document.querySelector('#ef-qual').value`); v != "C gaoqi" {
		t.Errorf("the form does not keep the filters: %q", v)
	}
	b.axeCheck(t, ctx, "tenant directory filtered")
	b.shot(t, ctx, "d02-directory-filtered")

	// One enterprise's page.
	vision := ids["洛阳视界智能检测装备有限公司"]
	b.submit(t, ctx, fmt.Sprintf(`.entlist a[href="/enterprises/%d"]`, vision), http.StatusOK)
	b.wantPath(t, ctx, fmt.Sprintf("/enterprises/%d", vision))
	b.wantText(t, ctx, "洛阳视界智能检测装备有限公司", "所属行业", "制造业 · 专用设备制造业", "高新技术企业", "创新型中小企业",
		"机器视觉、智能检测装备", "vision.example.cn", "企业简介", "返回入驻企业名录")
	if text := b.text(t, ctx); strings.Contains(text, dirUSCC(0)) {
		t.Error("the public page shows the credit code")
	}
	b.axeCheck(t, ctx, "tenant page")
	b.shot(t, ctx, "d03-enterprise")

	// A name query, typed into the form.
	b.open(t, ctx, "/enterprises", http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#ef-q"), "碳材料")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form.pfilters button[type=submit]`, http.StatusOK)
	wantListed("洛阳烯材碳材料科技有限公司")

	// Large text and high contrast.
	b.open(t, ctx, "/enterprises", http.StatusOK)
	for _, sel := range []string{`button[data-a11y=text]`, `button[data-a11y=text]`, `button[data-a11y=contrast]`} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatal(err)
		}
	}
	b.axeCheck(t, ctx, "tenant directory in large text and high contrast")
	b.shot(t, ctx, "d04-directory-large-contrast")
	b.noXSS(t, ctx, "tenant directory", false)

	// On a phone: one column, nothing wider than the screen.
	phone := b.watchTab(t)
	ctx = phone
	const width = 390
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	for _, pg := range []struct{ name, path string }{
		{"d05-phone-directory", "/enterprises?industry=C"},
		{"d06-phone-enterprise", fmt.Sprintf("/enterprises/%d", vision)},
	} {
		b.open(t, ctx, pg.path, http.StatusOK)
		b.noSideScroll(t, ctx, width)
		b.axeCheck(t, ctx, pg.name)
		b.shot(t, ctx, pg.name)
	}
	t.Logf("screenshots in %s", b.shots)
}
