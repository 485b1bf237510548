package portal_test

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

// testUSCC makes a valid unified social credit code (GB 32100-2015) for Luoyang from a serial number:
// 91 + 410305 + an eight-digit body, its GB 11714 check character, then the code's own check character.
func testUSCC(n int) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	body := fmt.Sprintf("%08d", 31000000+n)
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

func day(offset int) *time.Time {
	cst := time.FixedZone("CST", 8*3600)
	y, m, d := time.Now().In(cst).Date()
	t := time.Date(y, m, d+offset, 0, 0, 0, 0, cst)
	return &t
}

// tenants registers the directory's fixture: three published enterprises, one unpublished, one moved out.
type tenants struct {
	vision, carbon, agency, hidden, gone *enterprise.Enterprise
}

func seedTenants(t *testing.T, env *apptest.Env) *tenants {
	t.Helper()
	sys := auth.System("test")
	svc := env.App.Enterprises
	n := 0
	add := func(in enterprise.Input) *enterprise.Enterprise {
		t.Helper()
		n++
		in.USCC = testUSCC(n)
		e, err := svc.CreateEnterprise(ctx, sys, in)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		return e
	}
	x := &tenants{
		vision: add(enterprise.Input{Name: "洛阳测视智能检测装备有限公司", LegalRep: "王测试", IndustryCode: "C3569", Status: enterprise.Resident,
			Location: "加速器 2 号厂房", Public: true, Tags: []string{"机器视觉", "检测装备"}, Website: "https://vision.example.cn", EnteredOn: day(-900),
			Description: "研制盖板玻璃外观缺陷检测设备。\n以视觉算法和光学成像为核心技术。"}),
		carbon: add(enterprise.Input{Name: "洛阳测碳新材料科技有限公司", IndustryCode: "C3091", Status: enterprise.Incubating, Public: true,
			Description: "转化石墨烯导热膜制备技术。", EnteredOn: day(-100)}),
		agency: add(enterprise.Input{Name: "洛阳测专知识产权代理有限公司", Kind: enterprise.KindAgency, IndustryCode: "M7520",
			Status: enterprise.Resident, Public: true, EnteredOn: day(-2000)}),
		hidden: add(enterprise.Input{Name: "洛阳测隐未公开有限公司", IndustryCode: "C3569", Status: enterprise.Resident}),
		gone: add(enterprise.Input{Name: "洛阳测迁已迁出有限公司", IndustryCode: "C3425", Status: enterprise.MovedOut, Public: true,
			MovedOutOn: day(-60)}),
	}
	for _, q := range []enterprise.Qualification{
		{EnterpriseID: x.vision.ID, Kind: "gaoqi", Level: "national", CertNo: "GR202341009999", IssuedOn: day(-300), ExpiresOn: day(795)},
		{EnterpriseID: x.carbon.ID, Kind: "gaoqi", Level: "national", IssuedOn: day(-1200), ExpiresOn: day(-105)}, // expired
		{EnterpriseID: x.carbon.ID, Kind: "kexiao", Level: "national", IssuedOn: day(-20), ExpiresOn: day(30)},
		{EnterpriseID: x.gone.ID, Kind: "gaoqi", Level: "national", IssuedOn: day(-20), ExpiresOn: day(1000)},
	} {
		if _, err := svc.AddQualification(ctx, sys, q); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

func TestTenantDirectory(t *testing.T) {
	env := apptest.Start(t, nil)
	x := seedTenants(t, env)
	c := env.Client()
	path := func(e *enterprise.Enterprise) string { return fmt.Sprintf("/enterprises/%d", e.ID) }
	lacks := func(r *apptest.Response, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(r.Body, b) {
				t.Fatalf("page shows %q: %s", b, apptest.Snippet(r.Body))
			}
		}
	}
	list := func(query string, want ...*enterprise.Enterprise) *apptest.Response {
		t.Helper()
		r := c.Get("/enterprises" + query)
		must(t, r, 200)
		for _, e := range []*enterprise.Enterprise{x.vision, x.carbon, x.agency, x.hidden, x.gone} {
			shown := strings.Contains(r.Body, `href="`+path(e)+`"`)
			wanted := false
			for _, w := range want {
				wanted = wanted || w == e
			}
			if shown != wanted {
				t.Fatalf("/enterprises%s: %s shown %v, want %v", query, e.Name, shown, wanted)
			}
		}
		return r
	}

	// The list: published records only, with their public fields and the filters' counts.
	r := list("", x.vision, x.carbon, x.agency)
	must(t, r, 200, "<h1>入驻企业</h1>", `<optgroup label="C 制造业">`, `<option value="C">制造业（全部 2 家）</option>`,
		`<option value="C35">专用设备制造业（1 家）</option>`, `<option value="gaoqi">高新技术企业（1 家）</option>`,
		`<option value="kexiao">科技型中小企业（1 家）</option>`, "共 3 家企业", `<a href="/enterprises" aria-current="page">入驻企业</a>`,
		"中介机构", "在孵", `<span class="badge">高新技术企业</span>`, `<label for="ef-industry">行业</label>`)
	lacks(r, "洛阳测隐未公开有限公司", "洛阳测迁已迁出有限公司", x.vision.USCC, "王测试", "加速器 2 号厂房", "GR202341009999")
	if r.Header.Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("the list is not served from the page cache: %q", r.Header.Get("Cache-Control"))
	}
	// Filters: industry section or division, a title in force (乙's 高企 has expired), both, a name; unknown
	// values are ignored rather than answered with an empty page.
	must(t, list("?industry=C35", x.vision), 200, `<option value="C35" selected>`, "符合条件的企业 1 家（共 3 家）", "清除筛选")
	list("?industry=C", x.vision, x.carbon)
	list("?qual=gaoqi", x.vision)
	list("?industry=C&qual=kexiao", x.carbon)
	list("?industry=M&qual=kexiao")
	list("?industry=C99&qual=other", x.vision, x.carbon, x.agency)
	r = list("?q="+url.QueryEscape("测碳"), x.carbon)
	if r.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("a name query was cached: %q", r.Header.Get("Cache-Control"))
	}
	list("?q="+url.QueryEscape("測碳"), x.carbon) // typed in Traditional characters

	// One enterprise: public fields and titles in force; unpublished and moved-out records are not found.
	r = c.Get(path(x.vision))
	must(t, r, 200, "<h1 id=\"ent-h\">洛阳测视智能检测装备有限公司</h1>", "制造业 · 专用设备制造业", "入驻", "机器视觉、检测装备",
		`<a href="https://vision.example.cn" rel="noopener nofollow">vision.example.cn</a>`, "<p>研制盖板玻璃外观缺陷检测设备。</p>",
		"<p>以视觉算法和光学成像为核心技术。</p>", `<span class="badge">高新技术企业</span>`,
		`当前位置: <a href="/">首页</a> &gt; <a href="/enterprises">入驻企业</a> &gt; <span aria-current="page">洛阳测视智能检测装备有限公司</span>`)
	lacks(r, x.vision.USCC, "王测试", "加速器 2 号厂房", "GR202341009999")
	must(t, c.Get(path(x.carbon)), 200, "科技型中小企业")
	lacks(c.Get(path(x.carbon)), "高新技术企业</span>")
	for _, p := range []string{path(x.hidden), path(x.gone), "/enterprises/99999", "/enterprises/abc"} {
		must(t, c.Get(p), 404)
	}

	// The home page's block, the sitemap and the Traditional script.
	must(t, c.Get("/"), 200, ">入驻企业</h2>", `href="`+path(x.carbon)+`"`, `<a href="/enterprises" aria-label="更多入驻企业">`)
	sm := c.Get("/sitemap.xml")
	must(t, sm, 200, env.Cfg.PublicURL()+"/enterprises</loc>", env.Cfg.PublicURL()+path(x.vision)+"</loc>")
	lacks(sm, path(x.hidden)+"<", path(x.gone)+"<")
	must(t, c.Get("/enterprises?lang=zh-Hant"), 200, "入駐企業", "測碳新材料")

	// A record withdrawn from the directory disappears once the cache reads the new generation.
	sys := auth.System("test")
	in := enterprise.Input{Name: x.carbon.Name, USCC: x.carbon.USCC, IndustryCode: x.carbon.IndustryCode, Status: x.carbon.Status, Public: false}
	if _, err := env.App.Enterprises.UpdateEnterprise(ctx, sys, x.carbon.ID, in); err != nil {
		t.Fatal(err)
	}
	env.App.Portal.Invalidate()
	list("", x.vision, x.agency)
	must(t, c.Get(path(x.carbon)), 404)
}

// TestTenantDirectoryPages: twenty enterprises to a page, the pager keeping the filters.
func TestTenantDirectoryPages(t *testing.T) {
	env := apptest.Start(t, nil)
	sys := auth.System("test")
	for i := range 23 {
		if _, err := env.App.Enterprises.CreateEnterprise(ctx, sys, enterprise.Input{Name: fmt.Sprintf("洛阳分页测试%02d有限公司", i),
			USCC: testUSCC(100 + i), IndustryCode: "C3985", Status: enterprise.Resident, Public: true}); err != nil {
			t.Fatal(err)
		}
	}
	c := env.Client()
	r := c.Get("/enterprises?industry=C39")
	must(t, r, 200, "第 1 / 2 页", "共 23 条", `href="/enterprises?industry=C39&amp;page=2"`, "洛阳分页测试19有限公司")
	if strings.Contains(r.Body, "洛阳分页测试20有限公司") {
		t.Fatal("the first page shows the 21st enterprise")
	}
	must(t, c.Get("/enterprises?industry=C39&page=2"), 200, "第 2 / 2 页", "洛阳分页测试22有限公司")
}
