package portal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/cms"
)

// benchSite starts a whole parkos with 40 published articles in 新闻动态 (two list pages) and returns the
// handler and the path of one article. Content goes through the real editorial workflow.
func benchSite(b *testing.B) (http.Handler, string) {
	b.Helper()
	env := apptest.Start(b, nil)
	ctx := context.Background()
	sys := auth.System("bench")
	tree, err := env.App.CMS.Categories(ctx)
	if err != nil {
		b.Fatal(err)
	}
	// A body of about 3 KB of text, the size of a typical news item.
	body := "<p>" + strings.Repeat("园区管委会组织召开科技型中小企业政策宣讲会，解读研发费用加计扣除、高新技术企业认定等政策。", 12) + "</p>" +
		"<h2>一、会议内容</h2><p>" + strings.Repeat("与会企业就知识产权、人才引进和融资服务提出诉求，园区逐一登记并明确办理时限。", 8) + "</p>"
	var last int64
	for i := range 40 {
		a, err := env.App.CMS.CreateArticle(ctx, sys, cms.DraftInput{CategoryID: tree.BySlug("updates").ID,
			Title: "园区举办第" + strconv.Itoa(i+1) + "期科技企业政策宣讲会", Summary: "园区举办政策宣讲会。", BodyHTML: body, Source: "园区管委会"})
		if err != nil {
			b.Fatal(err)
		}
		if err := env.App.CMS.SubmitArticle(ctx, sys, a.ID, ""); err != nil {
			b.Fatal(err)
		}
		for range env.App.CMS.Levels() {
			if err := env.App.CMS.ReviewArticle(ctx, sys, a.ID, true, ""); err != nil {
				b.Fatal(err)
			}
		}
		last = a.ID
	}
	return env.App.Handler(), "/article/" + strconv.FormatInt(last-5, 10)
}

// get serves path through the whole handler (middleware, guard, page) as an anonymous visitor, without the
// network; hdr are header names and values.
func get(b *testing.B, h http.Handler, path string, hdr ...string) {
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: %d", path, w.Code)
	}
}

// BenchmarkArticleCached serves an article from the rendered-page cache: the cost of every visit but the
// first after a change, for a client that does not ask for compression (as wrk and bench/portal.sh).
func BenchmarkArticleCached(b *testing.B) {
	h, path := benchSite(b)
	get(b, h, path)
	for b.Loop() {
		get(b, h, path)
	}
}

// BenchmarkArticleCachedGzip is BenchmarkArticleCached for a browser, which asks for gzip (or zstd).
func BenchmarkArticleCachedGzip(b *testing.B) {
	h, path := benchSite(b)
	const ae = "gzip, deflate, br, zstd"
	get(b, h, path, "Accept-Encoding", ae)
	for b.Loop() {
		get(b, h, path, "Accept-Encoding", ae)
	}
}

// BenchmarkArticleUncached renders an article each time: a query parameter the page ignores gives each
// request its own cache key, so every request misses the cache and pays the database reads, the template,
// the ETag hash and the gzipped copy, as the first visit after a publication does.
func BenchmarkArticleUncached(b *testing.B) {
	h, path := benchSite(b)
	i := 0
	for b.Loop() {
		i++
		get(b, h, path+"?bench="+strconv.Itoa(i))
	}
}

// BenchmarkListPage renders the first page of a category list (15 of 40 articles, with the total and the
// pager) each time, bypassing the cache the same way.
func BenchmarkListPage(b *testing.B) {
	h, _ := benchSite(b)
	i := 0
	for b.Loop() {
		i++
		get(b, h, "/c/updates?bench="+strconv.Itoa(i))
	}
}
