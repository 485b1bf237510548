package portal_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/portal"
	"parkos/internal/site"
)

var ctx = context.Background()

// publish creates and publishes an article through the workflow.
func publish(t *testing.T, env *apptest.Env, slug, title, body string, date string) int64 {
	t.Helper()
	sys := auth.System("test")
	tree, err := env.App.CMS.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := cms.DraftInput{CategoryID: tree.BySlug(slug).ID, Title: title, BodyHTML: body, Source: "园区运营部"}
	if date != "" {
		d, _ := time.Parse(time.DateOnly, date)
		in.PublishedAt = &d
	}
	a, err := env.App.CMS.CreateArticle(ctx, sys, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.CMS.SubmitArticle(ctx, sys, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	for range env.App.CMS.Levels() {
		if err := env.App.CMS.ReviewArticle(ctx, sys, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID
}

func must(t *testing.T, r *apptest.Response, status int, contains ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, apptest.Snippet(r.Body))
	}
	for _, c := range contains {
		if !strings.Contains(r.Body, c) {
			t.Fatalf("page lacks %q: %s", c, apptest.Snippet(r.Body))
		}
	}
}

func TestPortal(t *testing.T) {
	env := apptest.Start(t, nil)
	if err := env.App.Site.UpdatePark(ctx, auth.System("test"), site.Park{Name: "测试大学科技园", Operator: "测试园区公司",
		ICP: "豫ICP备12345678号-1", PSB: "豫公网安备 41030502000123号", Address: "洛阳市涧西区"}); err != nil {
		t.Fatal(err)
	}
	id := publish(t, env, "notices", "关于人才公寓申请的通知", "<p>园区人才公寓开始接受申请。</p>", "2024-05-06")
	other := publish(t, env, "notices", "关于科技创新券的通知", "<p>创新券申报开始。</p>", "2024-06-01")
	c := env.Client()

	r := c.Get("/")
	must(t, r, 200, "测试大学科技园", "关于人才公寓申请的通知", `href="https://beian.miit.gov.cn/"`, "豫ICP备12345678号-1",
		"beian.mps.gov.cn/#/query/webSearch?code=41030502000123", "主办单位：测试园区公司")
	r = c.Get("/c/notices")
	must(t, r, 200, "当前位置: ", "通知公告", fmt.Sprintf(`/article/%d`, id))
	r = c.Get(fmt.Sprintf("/article/%d", id))
	must(t, r, 200, `当前位置: <a href="/">首页</a> &gt; <a href="/c/news">新闻中心</a> &gt; <span aria-current="page">通知公告</span>`,
		"发布时间:2024-05-06", "来源:园区运营部", `<link rel="canonical"`, `property="og:title" content="关于人才公寓申请的通知"`,
		fmt.Sprintf(`下一篇：<a href="/article/%d">`, other))
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatal("the portal page lacks the CSP")
	}

	// Traditional: by query parameter, and by the switch's cookie.
	r = c.Get(fmt.Sprintf("/article/%d?lang=zh-Hant", id))
	must(t, r, 200, `lang="zh-Hant"`, "當前位置", "通知公告", "關於人才公寓申請的通知")
	r = c.Get(fmt.Sprintf("/lang?to=zh-Hant&back=/article/%d", id))
	if r.Status != 303 || r.Location != fmt.Sprintf("/article/%d", id) {
		t.Fatalf("switch: %d %s", r.Status, r.Location)
	}
	must(t, c.Get(fmt.Sprintf("/article/%d", id)), 200, "當前位置")
	must(t, c.Get("/lang?to=zh-CN&back=//evil.example/"), 303)
	must(t, c.Get("/"), 200, "测试大学科技园")

	// Feeds and the sitemap.
	r = c.Get("/feed.xml")
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &feed); err != nil || len(feed.Entries) != 2 {
		t.Fatalf("feed: %v %+v", err, feed)
	}
	must(t, c.Get("/c/notices/feed.xml"), 200, "关于科技创新券的通知")
	must(t, c.Get("/sitemap.xml"), 200, fmt.Sprintf("/article/%d</loc>", id), "/c/notices</loc>")
	must(t, c.Get("/robots.txt"), 200, "Sitemap:")

	// Search, in both scripts, with a two-character word.
	if err := env.App.Indexer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	must(t, c.Get("/search?q=人才"), 200, "<mark>人才</mark>", "找到 1 条结果")
	must(t, c.Get("/search?q=%E5%85%AC%E5%AF%93&lang=zh-Hant"), 200, "找到 1 條結果")
	must(t, c.Get("/search?q=創新券"), 200, "<mark>创新券</mark>")

	// Withdrawal: gone from the page cache, the lists, the search index.
	if err := env.App.CMS.WithdrawArticle(ctx, auth.System("test"), id, "测试撤稿"); err != nil {
		t.Fatal(err)
	}
	must(t, c.Get(fmt.Sprintf("/article/%d", id)), 404, "页面不存在")
	if r := c.Get("/c/notices"); strings.Contains(r.Body, "关于人才公寓申请的通知") {
		t.Fatal("the list still shows a withdrawn article")
	}
	if err := env.App.Indexer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	must(t, c.Get("/search?q=人才"), 200, "找到 0 条结果")

	// A settings change reaches the cached pages too.
	if err := env.App.Site.UpdatePark(ctx, auth.System("test"), site.Park{Name: "改名后的科技园"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the generation is read at most once a second
	must(t, c.Get("/c/notices"), 200, "改名后的科技园")
	must(t, c.Get("/c/nosuch"), 404)
	must(t, c.Get("/article/999999"), 404)
}

func TestPolicyLibrary(t *testing.T) {
	env := apptest.Start(t, nil)
	sys := auth.System("test")
	tree, _ := env.App.CMS.Categories(ctx)
	issued := time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC)
	a, err := env.App.CMS.CreateArticle(ctx, sys, cms.DraftInput{CategoryID: tree.BySlug("policies").ID, Kind: cms.KindPolicy,
		Title: "科技创新券管理办法", BodyHTML: "<p>第一条</p>", Policy: &cms.PolicyDetails{Issuer: "洛阳市科学技术局", DocNumber: "洛科〔2025〕12号",
			IssuedOn: &issued, Validity: cms.Valid, Topics: []string{"科技创新券"}}})
	if err != nil {
		t.Fatal(err)
	}
	_ = env.App.CMS.SubmitArticle(ctx, sys, a.ID, "")
	for range env.App.CMS.Levels() {
		_ = env.App.CMS.ReviewArticle(ctx, sys, a.ID, true, "")
	}
	interp := publish(t, env, "interpretations", "创新券办法解读", "<p>解读</p>", "")
	if err := env.App.CMS.LinkInterpretation(ctx, sys, a.ID, interp); err != nil {
		t.Fatal(err)
	}
	c := env.Client()
	must(t, c.Get("/policies"), 200, "科技创新券管理办法", "洛科〔2025〕12号", "洛阳市科学技术局", "有效")
	must(t, c.Get("/policies?validity=repealed"), 200, "没有符合条件的政策文件")
	must(t, c.Get("/policies?year=2025&topic=科技创新券"), 200, "科技创新券管理办法")
	must(t, c.Get(fmt.Sprintf("/article/%d", a.ID)), 200, "发文机关", "洛科〔2025〕12号", "政策解读", "创新券办法解读")
	must(t, c.Get(fmt.Sprintf("/article/%d", interp)), 200, "相关政策", "科技创新券管理办法")
}

// Other modules fill blocks of the home page through Sections.
func TestHomeSections(t *testing.T) {
	env := apptest.Start(t, nil)
	env.App.Portal.Sections = append(env.App.Portal.Sections,
		func(context.Context) (*portal.Section, error) {
			return &portal.Section{Title: "入驻企业", MoreURL: "/tenants", Items: []portal.SectionItem{{Title: "中科慧远视觉技术（洛阳）有限公司", URL: "/tenants/1", Meta: "智能装备"}}}, nil
		},
		func(context.Context) (*portal.Section, error) { return nil, nil }, // nothing to show: no empty block
	)
	r := env.Client().Get("/")
	must(t, r, 200, "入驻企业", `href="/tenants/1"`, "中科慧远视觉技术（洛阳）有限公司", "智能装备")
	if strings.Count(r.Body, `class="panel"`) != 4 { // news, notices, policies, tenants
		t.Fatalf("home panels: %d", strings.Count(r.Body, `class="panel"`))
	}
}
