package cms_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/db"
	"parkos/internal/dbtest"
	"parkos/internal/errs"
	"parkos/internal/legacy"
)

var ctx = context.Background()

type env struct {
	svc      *cms.Service
	tree     *cms.Tree
	roles    *auth.Roles
	log      *audit.Log
	editor   *auth.Actor
	reviewer *auth.Actor
	chief    *auth.Actor // park administrator: edits and reviews
	outsider *auth.Actor
	changes  int
}

func newEnv(t *testing.T, levels int) *env {
	t.Helper()
	d := dbtest.Open(t)
	l := audit.New(d, []byte("k"))
	e := &env{svc: cms.NewService(d, l, levels), log: l, roles: auth.NewRoles(auth.BaseRoles(), cms.Grants()...)}
	e.svc.Changed = func() { e.changes++ }
	if err := e.svc.EnsureCategories(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.tree, err = e.svc.Categories(ctx); err != nil {
		t.Fatal(err)
	}
	e.editor = auth.NewActor(e.roles, 1, "editor1", []string{auth.RoleEditor})
	e.reviewer = auth.NewActor(e.roles, 2, "reviewer1", []string{auth.RoleReviewer})
	e.chief = auth.NewActor(e.roles, 3, "chief", []string{auth.RoleParkAdmin})
	e.outsider = auth.NewActor(e.roles, 4, "tenant", []string{auth.RoleEnterprise})
	return e
}

func (e *env) draft(t *testing.T, title string) *cms.Article {
	t.Helper()
	a, err := e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("updates").ID, Title: title,
		BodyHTML: "<p>园区人才服务工作取得新进展。</p>", Source: "园区运营部"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDefaultCategories(t *testing.T) {
	e := newEnv(t, 2)
	for _, slug := range []string{"news", "updates", "notices", "media", "policies", "interpretations"} {
		if e.tree.BySlug(slug) == nil {
			t.Errorf("no default category %s", slug)
		}
	}
	c := e.tree.BySlug("notices")
	if len(c.Path) != 2 || c.Path[0].Name != "新闻中心" || c.Path[1].Name != "通知公告" {
		t.Fatalf("path of 通知公告: %v", c.Path)
	}
	if err := e.svc.EnsureCategories(ctx); err != nil { // idempotent
		t.Fatal(err)
	}
	tree, _ := e.svc.Categories(ctx)
	if len(tree.All) != len(e.tree.All) {
		t.Fatal("EnsureCategories added categories twice")
	}
}

// The whole workflow: draft → review at two levels by two people → published; an edit goes through review
// again while the public keeps the published version; withdrawal takes it down with its reason.
func TestWorkflow(t *testing.T) {
	e := newEnv(t, 2)
	a := e.draft(t, "园区举办人才沙龙")
	if a.Status != cms.Draft || a.Version != 1 || a.Live != 0 {
		t.Fatalf("new draft: %+v", a)
	}
	if err := e.svc.ReviewArticle(ctx, e.reviewer, a.ID, true, ""); !errs.Is(err, errs.Conflict) {
		t.Fatalf("reviewing a draft: %v", err)
	}
	if err := e.svc.SubmitArticle(ctx, e.editor, a.ID, "请审核"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UpdateArticle(ctx, e.editor, a.ID, 1, cms.DraftInput{CategoryID: a.CategoryID, Title: "改", BodyHTML: "x"}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("editing during review: %v", err)
	}
	if err := e.svc.ReviewArticle(ctx, e.editor, a.ID, true, ""); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor reviewed: %v", err)
	}
	if err := e.svc.ReviewArticle(ctx, e.reviewer, a.ID, false, ""); errs.As(err) == nil || errs.As(err).Fields["comment"] == "" {
		t.Fatalf("a return without a comment: %v", err)
	}
	if err := e.svc.ReviewArticle(ctx, e.reviewer, a.ID, true, "初审同意"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ReviewArticle(ctx, e.reviewer, a.ID, true, ""); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("one reviewer passed both levels: %v", err)
	}
	if _, err := e.svc.LiveArticle(ctx, a.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("public before the last level: %v", err)
	}
	if err := e.svc.ReviewArticle(ctx, e.chief, a.ID, true, "终审同意"); err != nil {
		t.Fatal(err)
	}
	live, err := e.svc.LiveArticle(ctx, a.ID)
	if err != nil || live.Title != "园区举办人才沙龙" || live.Editor != "chief" {
		t.Fatalf("published: %+v %v", live, err)
	}
	if e.changes != 1 {
		t.Fatalf("the portal was told of %d changes, want 1 (the publication)", e.changes)
	}
	published := live.PublishedAt

	// An edit of the published article: a new draft version; the public still sees version 1.
	cur, _ := e.svc.FindArticleByID(ctx, e.editor, a.ID)
	up, err := e.svc.UpdateArticle(ctx, e.editor, a.ID, cur.Version, cms.DraftInput{CategoryID: a.CategoryID, Title: "园区举办青年人才沙龙",
		BodyHTML: "<p>修改后的正文。</p>", Note: "标题加上青年"})
	if err != nil || up.Version != 2 || up.Status != cms.Draft || up.Live == 0 {
		t.Fatalf("edit of a published article: %+v %v", up, err)
	}
	if _, err := e.svc.UpdateArticle(ctx, e.editor, a.ID, 1, cms.DraftInput{CategoryID: a.CategoryID, Title: "旧版上改"}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("a save from a stale version: %v", err)
	}
	if live, _ := e.svc.LiveArticle(ctx, a.ID); live.Title != "园区举办人才沙龙" {
		t.Fatalf("the public saw an unreviewed edit: %s", live.Title)
	}
	_ = e.svc.SubmitArticle(ctx, e.editor, a.ID, "")
	_ = e.svc.ReviewArticle(ctx, e.reviewer, a.ID, true, "")
	if err := e.svc.ReviewArticle(ctx, e.chief, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	live, _ = e.svc.LiveArticle(ctx, a.ID)
	if live.Title != "园区举办青年人才沙龙" || !live.PublishedAt.Equal(published) {
		t.Fatalf("after the second review: %q published %v (want the first date %v kept)", live.Title, live.PublishedAt, published)
	}

	// History: two revisions, and the steps in order.
	revs, reviews, err := e.svc.History(ctx, e.reviewer, a.ID)
	if err != nil || len(revs) != 2 || revs[0].Version != 2 || revs[0].Note != "标题加上青年" {
		t.Fatalf("revisions: %+v %v", revs, err)
	}
	var steps []string
	for _, r := range reviews {
		steps = append(steps, r.Decision)
	}
	if got := strings.Join(steps, ","); got != "submit,approve,approve,publish,submit,approve,approve,publish" {
		t.Fatalf("steps: %s", got)
	}

	// Restore version 1 as a new draft.
	r, err := e.svc.RestoreRevision(ctx, e.editor, a.ID, 1)
	if err != nil || r.Version != 3 || r.Title != "园区举办人才沙龙" || r.Status != cms.Draft {
		t.Fatalf("restore: %+v %v", r, err)
	}

	// Withdrawal needs a reason and takes the article off the site.
	if err := e.svc.WithdrawArticle(ctx, e.reviewer, a.ID, " "); errs.As(err) == nil {
		t.Fatal("withdrawal without a reason")
	}
	if err := e.svc.WithdrawArticle(ctx, e.editor, a.ID, "信息有误"); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor withdrew: %v", err)
	}
	if err := e.svc.WithdrawArticle(ctx, e.reviewer, a.ID, "信息有误"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.LiveArticle(ctx, a.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("still public after withdrawal: %v", err)
	}
	w, _ := e.svc.FindArticleByID(ctx, e.editor, a.ID)
	if w.Status != cms.Withdrawn || w.Withdrawn != "信息有误" {
		t.Fatalf("withdrawn article: %+v", w)
	}
	// The search index follows: a put for each publication, a delete for the withdrawal.
	evs, _ := e.svc.SearchEventsAfter(ctx, 0, 100)
	if len(evs) != 3 || evs[2].Op != "delete" {
		t.Fatalf("search events: %+v", evs)
	}
}

func TestThreeLevelsAndSchedule(t *testing.T) {
	e := newEnv(t, 3)
	if got := strings.Join(cms.LevelNames(3), ","); got != "初审,复审,终审" {
		t.Fatalf("level names: %s", got)
	}
	in := cms.DraftInput{CategoryID: e.tree.BySlug("notices").ID, Title: "定时发布的通知", BodyHTML: "<p>正文</p>"}
	future := time.Now().Add(2 * time.Hour)
	in.PublishAt = &future
	a, err := e.svc.CreateArticle(ctx, e.editor, in)
	if err != nil {
		t.Fatal(err)
	}
	_ = e.svc.SubmitArticle(ctx, e.editor, a.ID, "")
	third := auth.NewActor(e.roles, 9, "reviewer2", []string{auth.RoleReviewer})
	for _, r := range []*auth.Actor{e.reviewer, e.chief, third} {
		if err := e.svc.ReviewArticle(ctx, r, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := e.svc.FindArticleByID(ctx, e.editor, a.ID)
	if got.Status != cms.Approved || got.Live != 0 {
		t.Fatalf("scheduled article after three levels: %s live %d", got.Status, got.Live)
	}
	if n, err := e.svc.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("published before its time: %d %v", n, err)
	}
	cms.SetClock(e.svc, func() time.Time { return db.Time(time.Now().Add(3 * time.Hour)) })
	if n, err := e.svc.PublishDue(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDue: %d %v", n, err)
	}
	if _, err := e.svc.LiveArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
}

func TestSanitizedBodiesAndValidation(t *testing.T) {
	e := newEnv(t, 2)
	body := `<h1>标题一</h1><p style="mso-line-height:1" onclick="alert(1)">段落<script>alert(2)</script></p>` +
		`<a href="javascript:alert(3)">链接</a><a href="https://example.cn/x">外链</a><img src="/media/a.png" alt="园区大门">` +
		`<table><tr><td onmouseover="x()" colspan="2">表格</td></tr></table><iframe src="https://evil"></iframe>`
	a, err := e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("updates").ID, Title: "清洗", BodyHTML: body})
	if err != nil {
		t.Fatal(err)
	}
	if got := cms.Sanitize(`<p>a</p><img alt="图6" src="data:image/png;base64,AAAA"><img alt="x" src="javascript:alert(1)">`); got != "<p>a</p>" {
		t.Errorf("images without an allowed source survived: %s", got)
	}
	for _, bad := range []string{"<script", "onclick", "onmouseover", "javascript:", "<iframe", "style=", "<h1"} {
		if strings.Contains(a.BodyHTML, bad) {
			t.Errorf("stored body keeps %q: %s", bad, a.BodyHTML)
		}
	}
	for _, good := range []string{"<h2>标题一</h2>", `colspan="2"`, `alt="园区大门"`, `rel="nofollow noopener"`, "<table>"} {
		if !strings.Contains(a.BodyHTML, good) {
			t.Errorf("stored body lost %q: %s", good, a.BodyHTML)
		}
	}
	_, err = e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("updates").ID, Title: "", BodyHTML: `<img src="/media/a.png">`})
	fe := errs.As(err)
	if fe == nil || fe.Fields["title"] == "" || !strings.Contains(fe.Fields["body"], "替代文字") {
		t.Fatalf("missing title and alt text: %v", err)
	}
	_, err = e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("policies").ID, Title: "文章放进政策栏目"})
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("an article in the policy category: %v", err)
	}
	if _, err := e.svc.CreateArticle(ctx, e.outsider, cms.DraftInput{CategoryID: 1, Title: "x"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise user wrote an article: %v", err)
	}
}

func TestPolicies(t *testing.T) {
	e := newEnv(t, 1)
	issued := time.Date(2025, 12, 18, 0, 0, 0, 0, time.UTC)
	mk := func(title, issuer string, v cms.Validity, topics ...string) int64 {
		a, err := e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("policies").ID, Kind: cms.KindPolicy, Title: title,
			BodyHTML: "<p>条文</p>", Policy: &cms.PolicyDetails{Issuer: issuer, DocNumber: "洛政〔2025〕30号", IssuedOn: &issued, Validity: v, Topics: topics}})
		if err != nil {
			t.Fatal(err)
		}
		_ = e.svc.SubmitArticle(ctx, e.editor, a.ID, "")
		if err := e.svc.ReviewArticle(ctx, e.reviewer, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	p1 := mk("人才措施", "洛阳市人民政府", cms.Valid, "人才", "安居")
	mk("旧办法", "洛阳市科学技术局", cms.Repealed, "孵化")
	list, total, err := e.svc.LivePolicies(ctx, cms.PolicyFilter{Topic: "人才"})
	if err != nil || total != 1 || list[0].ID != p1 || list[0].Policy.DocNumber != "洛政〔2025〕30号" {
		t.Fatalf("by topic: %d %+v %v", total, list, err)
	}
	if _, total, _ := e.svc.LivePolicies(ctx, cms.PolicyFilter{Validity: cms.Repealed}); total != 1 {
		t.Fatalf("by validity: %d", total)
	}
	if _, total, _ := e.svc.LivePolicies(ctx, cms.PolicyFilter{Year: 2025, Issuer: "洛阳市人民政府"}); total != 1 {
		t.Fatalf("by year and issuer: %d", total)
	}
	issuers, topics, _ := e.svc.PolicyFacets(ctx)
	if len(issuers) != 2 || len(topics) != 3 {
		t.Fatalf("facets: %v %v", issuers, topics)
	}
	_, err = e.svc.CreateArticle(ctx, e.editor, cms.DraftInput{CategoryID: e.tree.BySlug("policies").ID, Kind: cms.KindPolicy, Title: "无发文机关",
		Policy: &cms.PolicyDetails{Validity: cms.Valid}})
	if errs.As(err) == nil || errs.As(err).Fields["issuer"] == "" {
		t.Fatalf("a policy without issuer: %v", err)
	}
}

func TestImportLegacy(t *testing.T) {
	e := newEnv(t, 2)
	pages := []*legacy.Page{
		{File: "a.html", Title: "关于2022年度科技创新券申报工作的通知", Date: time.Date(2022, 3, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)),
			Category: []string{"新闻中心", "通知公告"}, Source: "园区运营部", Body: []string{"各入驻企业：", "请于3月31日前提交材料。"}},
		{File: "b.txt", Title: "园区举办招聘会", Date: time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC), Category: []string{"新闻中心", "园区活动"},
			Body: []string{"五月二日，园区举办招聘?。"}, Warnings: []string{"正文含有丢失的字符（?），请编辑核对"}},
	}
	if _, err := e.svc.ImportLegacy(ctx, e.editor, pages, nil); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor imported: %v", err)
	}
	res, err := e.svc.ImportLegacy(ctx, auth.System("import"), pages, nil)
	if err != nil || len(res) != 2 || res[0].Skipped {
		t.Fatalf("import: %+v %v", res, err)
	}
	a, err := e.svc.LiveArticle(ctx, res[0].ArticleID)
	if err != nil || a.PublishedAt.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly) != "2022-03-15" || a.Source != "园区运营部" {
		t.Fatalf("imported article: %+v %v", a, err)
	}
	tree, _ := e.svc.Categories(ctx)
	if c := tree.ByID(a.CategoryID); c == nil || c.Slug != "notices" {
		t.Fatalf("imported into %+v, want the existing 通知公告", c)
	}
	b, _ := e.svc.FindArticleByID(ctx, e.editor, res[1].ArticleID)
	if b.Attention == "" {
		t.Fatal("a page with lost characters was not flagged")
	}
	tree, _ = e.svc.Categories(ctx)
	if c := tree.ByID(b.CategoryID); c == nil || c.Name != "园区活动" || c.Path[0].Slug != "news" {
		t.Fatalf("a missing category was not created under 新闻中心: %+v", c)
	}
	again, err := e.svc.ImportLegacy(ctx, auth.System("import"), pages, nil)
	if err != nil || !again[0].Skipped || !again[1].Skipped {
		t.Fatalf("a second run imported again: %+v %v", again, err)
	}
	_, total, _ := e.svc.FindArticles(ctx, e.editor, cms.ArticleFilter{Attention: true})
	if total != 1 {
		t.Fatalf("articles to check: %d", total)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{"通知公告": "tzgg", "新闻动态": "xwdt", "2024年报": "2024nb", "ICP备案": "icpba"} {
		if got := cms.Slugify(in); got != want {
			t.Errorf("Slugify(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestAttachmentsFollowTheReview(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, []byte("k"))
	svc := cms.NewService(d, l, 1)
	if err := svc.EnsureCategories(ctx); err != nil {
		t.Fatal(err)
	}
	tree, _ := svc.Categories(ctx)
	roles := auth.NewRoles(auth.BaseRoles(), cms.Grants()...)
	editor := auth.NewActor(roles, 1, "ed", []string{auth.RoleEditor})
	reviewer := auth.NewActor(roles, 2, "rv", []string{auth.RoleReviewer})
	media := cms.NewMedia(d, l, t.TempDir())
	if _, err := media.Save(ctx, editor, "evil.pdf", strings.NewReader("<html><script>alert(1)</script>")); !errs.Is(err, errs.Invalid) {
		t.Fatalf("an HTML file named .pdf was accepted: %v", err)
	}
	pdf, err := media.Save(ctx, editor, "申报指南.pdf", strings.NewReader("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"))
	if err != nil || pdf.Kind != "file" || pdf.Ext != ".pdf" {
		t.Fatalf("pdf upload: %+v %v", pdf, err)
	}
	a, _ := svc.CreateArticle(ctx, editor, cms.DraftInput{CategoryID: tree.BySlug("notices").ID, Title: "带附件的通知", BodyHTML: "<p>见附件</p>"})
	publishOnce := func() {
		t.Helper()
		if err := svc.SubmitArticle(ctx, editor, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := svc.ReviewArticle(ctx, reviewer, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	publishOnce()
	if _, err := svc.AttachFile(ctx, editor, a.ID, pdf); err != nil {
		t.Fatal(err)
	}
	live, _ := svc.LiveArticle(ctx, a.ID)
	if len(live.Files) != 0 {
		t.Fatal("an attachment reached the public before review")
	}
	publishOnce()
	live, _ = svc.LiveArticle(ctx, a.ID)
	if len(live.Files) != 1 || live.Files[0].Name != "申报指南.pdf" || !strings.HasSuffix(live.Files[0].URL(), ".pdf") {
		t.Fatalf("published attachments: %+v", live.Files)
	}
	if p, ok := media.File(strings.TrimPrefix(live.Files[0].URL(), "/media/")); !ok || p == "" {
		t.Fatal("the attachment's URL does not resolve to its file")
	}
	if _, ok := media.File("../../etc/passwd"); ok {
		t.Fatal("a path outside the uploads resolved")
	}
}

// Fixes found in review: lowering the levels mid-review, old policy pages, the 待核对 flag, 责任编辑.
func TestEdgeCases(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, []byte("k"))
	three := cms.NewService(d, l, 3)
	if err := three.EnsureCategories(ctx); err != nil {
		t.Fatal(err)
	}
	tree, _ := three.Categories(ctx)
	roles := auth.NewRoles(auth.BaseRoles(), cms.Grants()...)
	ed := auth.NewActor(roles, 1, "ed", []string{auth.RoleEditor})
	r1 := auth.NewActor(roles, 2, "r1", []string{auth.RoleReviewer})
	r1.DisplayName = "初审人"
	r2 := auth.NewActor(roles, 3, "r2", []string{auth.RoleReviewer})
	r2.DisplayName = "终审人"
	a, _ := three.CreateArticle(ctx, ed, cms.DraftInput{CategoryID: tree.BySlug("updates").ID, Title: "三级审核中", BodyHTML: "<p>x</p>"})
	_ = three.SubmitArticle(ctx, ed, a.ID, "")
	_ = three.ReviewArticle(ctx, r1, a.ID, true, "")
	_ = three.ReviewArticle(ctx, r2, a.ID, true, "")
	// The park lowers the setting to one level while the article has passed two of three.
	one := cms.NewService(d, l, 1)
	r3 := auth.NewActor(roles, 4, "r3", []string{auth.RoleReviewer})
	if err := one.ReviewArticle(ctx, r3, a.ID, true, ""); err != nil {
		t.Fatalf("review after lowering the levels: %v", err)
	}
	live, err := one.LiveArticle(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 责任编辑 is the last approver of the live version, and stays so while an edit is in review.
	if live.Editor != "r3" {
		t.Fatalf("责任编辑 %q", live.Editor)
	}
	cur, _ := one.FindArticleByID(ctx, ed, a.ID)
	_, _ = one.UpdateArticle(ctx, ed, a.ID, cur.Version, cms.DraftInput{CategoryID: a.CategoryID, Title: "修改中", BodyHTML: "<p>y</p>"})
	_ = one.SubmitArticle(ctx, ed, a.ID, "")
	if live, _ := one.LiveArticle(ctx, a.ID); live.Editor != "r3" {
		t.Fatalf("责任编辑 changed by an edit still in review: %q", live.Editor)
	}

	// An old page of the policy section becomes a policy document, flagged for its details; an edit clears
	// the flag.
	res, err := one.ImportLegacy(ctx, auth.System("import"), []*legacy.Page{{File: "p.txt", Title: "旧站政策", Date: time.Date(2018, 1, 2, 0, 0, 0, 0, time.UTC),
		Category: []string{"政策文件"}, Source: "洛阳市科学技术局", Body: []string{"条文"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	list, total, _ := one.LivePolicies(ctx, cms.PolicyFilter{})
	if total != 1 || list[0].Policy.Issuer != "洛阳市科学技术局" {
		t.Fatalf("old policy page: %d %+v", total, list)
	}
	p, _ := one.FindArticleByID(ctx, ed, res[0].ArticleID)
	if !strings.Contains(p.Attention, "发布机关") && !strings.Contains(p.Attention, "发文机关") {
		t.Fatalf("attention: %q", p.Attention)
	}
	p2, err := one.UpdateArticle(ctx, ed, p.ID, p.Version, cms.DraftInput{CategoryID: p.CategoryID, Kind: cms.KindPolicy, Title: p.Title,
		BodyHTML: p.BodyHTML, Policy: &cms.PolicyDetails{Issuer: "洛阳市科学技术局", DocNumber: "洛科〔2018〕1号", Validity: cms.Expired}})
	if err != nil || p2.Attention != "" {
		t.Fatalf("the edit did not clear 待核对: %q %v", p2.Attention, err)
	}
}
