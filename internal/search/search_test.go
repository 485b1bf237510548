package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSearchWordsFindExactlyTheDocumentsContainingThem(t *testing.T) {
	docs := parkDocs()
	ix := openTest(t, docs...)
	for _, w := range []string{"人才", "园区", "科技创新券", "揭榜挂帅", "入驻企业", "园", "补", "ICP", "火炬统计"} {
		t.Run(w, func(t *testing.T) {
			want, _ := containing(docs, w)
			res := mustSearch(t, ix, Query{Q: w, PerPage: 100})
			got := ids(res)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || res.Total != len(want) {
				t.Errorf("Search(%q) = %v (total %d), want %v", w, got, res.Total, want)
			}
		})
	}
}

func TestSearchTalentMarksAndRanksTitleMatchesFirst(t *testing.T) {
	docs := parkDocs()
	ix := openTest(t, docs...)
	res := mustSearch(t, ix, Query{Q: "人才"})
	all, inTitle := containing(docs, "人才")
	if res.Total != len(all) || len(inTitle) == 0 || len(inTitle) == len(all) {
		t.Fatalf("total %d, fixtures: %d with 人才, %d in the title", res.Total, len(all), len(inTitle))
	}
	for i, h := range res.Hits {
		titleMatch := slices.Contains(inTitle, h.ID)
		if (i < len(inTitle)) != titleMatch {
			t.Errorf("hit %d %s (title %q): title matches must come before body-only matches", i, h.ID, h.Title)
		}
		if titleMatch && !strings.Contains(string(h.Title), "<mark>人才</mark>") {
			t.Errorf("%s: title %q lacks <mark>人才</mark>", h.ID, h.Title)
		}
		if !strings.Contains(string(h.Snippet), "<mark>人才</mark>") {
			t.Errorf("%s: snippet %q lacks <mark>人才</mark>", h.ID, h.Snippet)
		}
		if h.Score <= 0 || h.URL == "" || h.Kind == "" || h.Category == "" || h.CategoryName == "" || h.Date.IsZero() {
			t.Errorf("%s: incomplete hit %+v", h.ID, h)
		}
	}
}

func TestSearchPhraseMarkedAsOneSpan(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	res := mustSearch(t, ix, Query{Q: "科技创新券"})
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		if !strings.Contains(string(h.Snippet), "<mark>科技创新券</mark>") {
			t.Errorf("%s: snippet %q", h.ID, h.Snippet)
		}
	}
	// Words are phrases: 创新券 is not 创新 … 券.
	if res := mustSearch(t, ix, Query{Q: "创新大赛券"}); res.Total != 0 {
		t.Errorf("创新大赛券: %v", ids(res))
	}
}

func TestSearchAllWordsMustMatch(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	res := mustSearch(t, ix, Query{Q: "人才  补贴"})
	if got := ids(res); !slices.Equal(got, []string{"policy:2"}) {
		t.Errorf("人才 补贴 = %v, want [policy:2]", got)
	}
	if !strings.Contains(string(res.Hits[0].Snippet), "<mark>补贴</mark>") {
		t.Errorf("snippet %q", res.Hits[0].Snippet)
	}
}

func TestSearchLatinAndNumbers(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"ICP", []string{"article:8"}},
		{"icp备案", []string{"article:8"}},
		{"ＩＣＰ", []string{"article:8"}}, // full width
		{"2.0", []string{"article:8"}},
		{"2022年", []string{"article:10", "article:8"}},
		{"2024年度", []string{"article:1", "article:3"}},
		{"A座", []string{"article:7"}},
	} {
		got := ids(mustSearch(t, ix, Query{Q: tc.q, PerPage: 50}))
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSearchTraditionalQueryFindsSimplifiedText(t *testing.T) {
	docs := parkDocs()
	ix := openTest(t, docs...)
	want := ids(mustSearch(t, ix, Query{Q: "园区入驻", PerPage: 50}))
	if len(want) == 0 {
		t.Fatal("no hits for 园区入驻")
	}
	got := ids(mustSearch(t, ix, Query{Q: "園區入駐", PerPage: 50})) // 駐 is not in the fake map
	if len(got) != 0 {
		t.Errorf("園區入駐 (駐 not converted) = %v, want none", got)
	}
	got = ids(mustSearch(t, ix, Query{Q: "園區入驻", PerPage: 50}))
	if !slices.Equal(got, want) {
		t.Errorf("園區入驻 = %v, want %v", got, want)
	}
	res := mustSearch(t, ix, Query{Q: "安居補貼"})
	if !slices.Equal(ids(res), []string{"policy:2"}) || !strings.Contains(string(res.Hits[0].Title), "<mark>安居补贴</mark>") {
		t.Errorf("安居補貼 = %v", ids(res))
	}

	// Without a normalizer the Traditional query finds nothing.
	plain, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, d := range docs {
		if err := plain.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	if res := mustSearch(t, plain, Query{Q: "園區"}); res.Total != 0 {
		t.Errorf("without normalizer 園區 = %v", ids(res))
	}
}

func TestSearchFilters(t *testing.T) {
	docs := parkDocs()
	ix := openTest(t, docs...)
	all := mustSearch(t, ix, Query{Q: "企业", PerPage: 100})
	if all.Total < 10 {
		t.Fatalf("企业: only %d hits", all.Total)
	}
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	tests := []struct {
		name string
		q    Query
		keep func(Doc) bool
	}{
		{"kind policy", Query{Kind: KindPolicy}, func(d Doc) bool { return d.Kind == KindPolicy }},
		{"kind article", Query{Kind: KindArticle}, func(d Doc) bool { return d.Kind == KindArticle }},
		{"category", Query{Category: "settle"}, func(d Doc) bool { return d.Category == "settle" }},
		{"category is exact", Query{Category: "settl"}, func(Doc) bool { return false }},
		{"from", Query{From: time.Date(2024, 4, 10, 0, 0, 0, 0, cst)},
			func(d Doc) bool { return !d.Date.Before(time.Date(2024, 4, 10, 0, 0, 0, 0, cst)) }},
		// To is inclusive: article:3 is dated 2024-05-20 09:30, article:2 2024-04-10 09:30.
		{"from to inclusive days", Query{From: time.Date(2024, 4, 10, 23, 0, 0, 0, cst), To: time.Date(2024, 5, 20, 0, 0, 0, 0, cst)},
			func(d Doc) bool {
				return !d.Date.Before(time.Date(2024, 4, 10, 0, 0, 0, 0, cst)) && d.Date.Before(time.Date(2024, 5, 21, 0, 0, 0, 0, cst))
			}},
		{"to", Query{To: time.Date(2022, 12, 31, 0, 0, 0, 0, cst)}, func(d Doc) bool { return d.Date.Year() <= 2022 }},
		{"kind and category and dates", Query{Kind: KindPolicy, Category: "innovation", From: day(2023, 1, 1), To: day(2024, 12, 31)},
			func(d Doc) bool { return d.Kind == KindPolicy && d.Category == "innovation" && d.Date.Year() >= 2023 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, id := range ids(all) {
				if tc.keep(byID[id]) {
					want = append(want, id)
				}
			}
			q := tc.q
			q.Q, q.PerPage = "企业", 100
			res := mustSearch(t, ix, q)
			got := ids(res)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || res.Total != len(want) {
				t.Errorf("got %v (total %d), want %v", got, res.Total, want)
			}
		})
	}
	// The inclusive days really include both ends.
	res := mustSearch(t, ix, Query{Q: "企业", From: day(2024, 4, 10), To: day(2024, 5, 20), PerPage: 100})
	if got := ids(res); !slices.Contains(got, "article:2") || !slices.Contains(got, "article:3") {
		t.Errorf("2024-04-10..2024-05-20 = %v, want article:2 and article:3", got)
	}
}

func TestSearchFacetsIgnoreTheCategoryFilter(t *testing.T) {
	docs := parkDocs()
	ix := openTest(t, docs...)
	want := map[string]int{}
	names := map[string]string{}
	for _, d := range docs {
		if strings.Contains(d.Title+d.Body, "人才") {
			want[d.Category]++
			names[d.Category] = d.CategoryName
		}
	}
	for _, cat := range []string{"", "talent"} {
		res := mustSearch(t, ix, Query{Q: "人才", Category: cat})
		got := map[string]int{}
		for i, f := range res.Facets {
			got[f.Category] = f.Count
			if f.Name != names[f.Category] {
				t.Errorf("facet %s name %q, want %q", f.Category, f.Name, names[f.Category])
			}
			if i > 0 && res.Facets[i-1].Count < f.Count {
				t.Errorf("facets not sorted by count: %+v", res.Facets)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("category %q: facets %v, want %v", cat, got, want)
		}
		if cat != "" && res.Total != want[cat] {
			t.Errorf("category %q: total %d, want %d", cat, res.Total, want[cat])
		}
	}
}

func TestSearchSortByDate(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	res := mustSearch(t, ix, Query{Q: "科技园", Sort: SortDate, PerPage: 100})
	if len(res.Hits) < 5 {
		t.Fatalf("only %d hits", len(res.Hits))
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Date.After(res.Hits[i-1].Date) {
			t.Errorf("hit %d (%s, %v) is newer than hit %d (%s, %v)", i, res.Hits[i].ID, res.Hits[i].Date,
				i-1, res.Hits[i-1].ID, res.Hits[i-1].Date)
		}
	}
	rel := mustSearch(t, ix, Query{Q: "科技园", PerPage: 100})
	if slices.Equal(ids(rel), ids(res)) {
		t.Error("relevance and date order are the same; the test does not tell them apart")
	}
}

func TestSearchPagination(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	full := mustSearch(t, ix, Query{Q: "企业", PerPage: 100})
	var paged []string
	for page := 1; ; page++ {
		res := mustSearch(t, ix, Query{Q: "企业", Page: page, PerPage: 3})
		if res.Total != full.Total {
			t.Fatalf("page %d: total %d, want %d", page, res.Total, full.Total)
		}
		if len(res.Hits) == 0 {
			break
		}
		if len(res.Hits) > 3 {
			t.Fatalf("page %d: %d hits", page, len(res.Hits))
		}
		paged = append(paged, ids(res)...)
	}
	if !slices.Equal(paged, ids(full)) {
		t.Errorf("pages %v, want %v", paged, ids(full))
	}
	// Out-of-range paging values are clamped, not errors.
	for _, q := range []Query{{Q: "企业", Page: -1, PerPage: -5}, {Q: "企业", Page: 1 << 40, PerPage: 1000}} {
		res := mustSearch(t, ix, q)
		if res.Total != full.Total || len(res.Hits) > MaxPerPage {
			t.Errorf("%+v: total %d, %d hits", q, res.Total, len(res.Hits))
		}
	}
	if res := mustSearch(t, ix, Query{Q: "企业"}); len(res.Hits) != min(DefaultPerPage, full.Total) {
		t.Errorf("default page size: %d hits", len(res.Hits))
	}
}

func TestDeleteRemovesDocument(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	before, _ := ix.Count()
	if err := ix.Delete("policy:2"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete("policy:does-not-exist"); err != nil {
		t.Errorf("deleting an absent document: %v", err)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "安居补贴"})); len(got) != 0 {
		t.Errorf("安居补贴 after delete = %v", got)
	}
	if n, _ := ix.Count(); n != before-1 {
		t.Errorf("count %d, want %d", n, before-1)
	}
}

func TestPutReplacesDocument(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	d := parkDocs()[11] // article:12, 科技园食堂开始试运营
	d.Title = "科技园咖啡馆开业"
	d.Body = "位于B座一层的咖啡馆自即日起营业。"
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "咖啡馆"})); !slices.Equal(got, []string{"article:12"}) {
		t.Errorf("咖啡馆 = %v", got)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "食堂"})); len(got) != 0 {
		t.Errorf("食堂 after update = %v", got)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count %d, want 20", n)
	}
}

func TestPutRejectsInvalidDocuments(t *testing.T) {
	ix := openTest(t)
	for _, d := range []Doc{{Kind: KindArticle, Title: "无ID"}, {ID: "x:1", Kind: "page", Title: "未知类型"}} {
		if err := ix.Put(d); !errors.Is(err, ErrInvalidDoc) {
			t.Errorf("Put(%+v) = %v, want ErrInvalidDoc", d, err)
		}
	}
}

func TestHitsAreEscaped(t *testing.T) {
	evil := Doc{ID: "article:666", Kind: KindArticle, Category: "news", CategoryName: "新闻动态", Date: day(2024, 1, 1),
		Title: `<script>alert(1)</script>人才 "quoted" & 'single'`,
		Body:  `正文<img src=x onerror="alert('人才')"> 人才 <b>粗体</b> a&amp;b "引号" 'x' <mark>假标记</mark>`,
		URL:   "/articles/666"}
	ix := openTest(t, evil)
	for _, q := range []string{"人才", "script", "alert", "假标记"} {
		res := mustSearch(t, ix, Query{Q: q})
		if len(res.Hits) != 1 {
			t.Fatalf("%s: %d hits", q, len(res.Hits))
		}
		h := res.Hits[0]
		if !strings.Contains(string(h.Title+h.Snippet), "<mark>"+q+"</mark>") {
			t.Errorf("%s: no <mark> in %q / %q", q, h.Title, h.Snippet)
		}
		for name, s := range map[string]string{"title": string(h.Title), "snippet": string(h.Snippet)} {
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
			if strings.ContainsAny(rest, `<>"'`) {
				t.Errorf("%s %s: unescaped markup or quote in %q", q, name, s)
			}
		}
	}
	h := mustSearch(t, ix, Query{Q: "script"}).Hits[0]
	if want := "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;人才 &#34;quoted&#34; &amp; &#39;single&#39;"; string(h.Title) != want {
		t.Errorf("title\n got %s\nwant %s", h.Title, want)
	}
	h = mustSearch(t, ix, Query{Q: "假标记"}).Hits[0]
	if !strings.Contains(string(h.Snippet), "&lt;mark&gt;<mark>假标记</mark>&lt;/mark&gt;") {
		t.Errorf("snippet %s", h.Snippet)
	}
}

func TestQueriesWithoutSearchableTextReturnNothing(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	for _, q := range []string{"", "   ", "\t\n", "！？。，、", `"*:()[]{}^~\+-&&||!/`, "\xff\xfe", "「」《》…"} {
		res, err := ix.Search(Query{Q: q, Category: "news", Kind: KindArticle})
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		if res.Total != 0 || len(res.Hits) != 0 || res.Hits == nil {
			t.Errorf("Search(%q) = total %d, hits %v", q, res.Total, ids(res))
		}
	}
}

func TestOperatorsAndSyntaxAreText(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	for _, q := range []string{"+人才 -政策", "title:人才", "人才*", "人才~2", `"人才"`, "人才 OR 园区", "(人才)", "人才^10", "/人.才/", "人才\x00"} {
		res, err := ix.Search(Query{Q: q})
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		t.Logf("%-12q -> %d", q, res.Total)
	}
	// Punctuation around a word is ignored.
	a := ids(mustSearch(t, ix, Query{Q: "人才", PerPage: 50}))
	b := ids(mustSearch(t, ix, Query{Q: "“人才”！", PerPage: 50}))
	if !slices.Equal(a, b) {
		t.Errorf("“人才”！ = %v, want %v", b, a)
	}
}

func TestSnippetIsAboutOneHundredTwentyCharacters(t *testing.T) {
	long := strings.Repeat("园区的各项服务工作稳步推进。", 20) + "今年新设立的人才驿站为青年提供短期住宿。" + strings.Repeat("企业发展态势良好，", 20)
	ix := openTest(t, Doc{ID: "article:1", Kind: KindArticle, Title: "长文", Body: long, Date: day(2024, 1, 1)})
	h := mustSearch(t, ix, Query{Q: "人才驿站"}).Hits[0]
	s := string(h.Snippet)
	if !strings.HasPrefix(s, "…今年新设立的<mark>人才驿站</mark>") || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet %s", s)
	}
	if n := utf8.RuneCountInString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)); n < 110 || n > 125 {
		t.Errorf("snippet has %d characters: %s", n, s)
	}
	// Title-only match: the snippet is the beginning of the body.
	h = mustSearch(t, ix, Query{Q: "长文"}).Hits[0]
	if !strings.HasPrefix(string(h.Snippet), "园区的各项服务") || h.Title != "<mark>长文</mark>" {
		t.Errorf("title %s, snippet %s", h.Title, h.Snippet)
	}
}

func TestHitDateKeepsItsZone(t *testing.T) {
	d := parkDocs()[0]
	ix := openTest(t, d)
	h := mustSearch(t, ix, Query{Q: "人才"}).Hits[0]
	if !h.Date.Equal(d.Date) || h.Date.Format(time.RFC3339) != d.Date.Format(time.RFC3339) {
		t.Errorf("date %v, want %v", h.Date, d.Date)
	}
	// A document without a date is found, has a zero Date, and sorts last by date.
	undated := Doc{ID: "article:99", Kind: KindArticle, Title: "人才公寓", Body: "无日期"}
	if err := ix.Put(undated); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Q: "人才", Sort: SortDate})
	if got := ids(res); !slices.Equal(got, []string{d.ID, undated.ID}) || !res.Hits[1].Date.IsZero() {
		t.Errorf("by date %v", got)
	}
}

func TestReopenKeepsDocuments(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, fakeT2S)
	if err != nil {
		t.Fatal(err)
	}
	if !ix.NeedsRebuild() {
		t.Error("a new index should report NeedsRebuild")
	}
	for _, d := range parkDocs() {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	want := ids(mustSearch(t, ix, Query{Q: "人才"}))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(Query{Q: "人才"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close: %v", err)
	}
	if err := ix.Put(parkDocs()[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v", err)
	}

	ix, err = Open(dir, fakeT2S)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.NeedsRebuild() {
		t.Error("a reopened index should not report NeedsRebuild")
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count after reopen %d", n)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "人才"})); !slices.Equal(got, want) {
		t.Errorf("after reopen %v, want %v", got, want)
	}
}

func TestSecondOpenOfSameDirectoryFails(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the lock timeout")
	}
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	start := time.Now()
	other, err := Open(dir, nil)
	if err == nil {
		other.Close()
		t.Fatal("second Open of the same directory succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second Open took %v", d)
	}
	t.Logf("second Open: %v", err)
}

func TestSchemaChangeStartsEmpty(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(parkDocs()[0]); err != nil {
		t.Fatal(err)
	}
	if err := ix.idx.SetInternal([]byte(internalSchemaKey), []byte("0")); err != nil {
		t.Fatal(err)
	}
	old := ix.name
	ix.Close()
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 0 || !ix.NeedsRebuild() {
		t.Errorf("count %d, NeedsRebuild %v", n, ix.NeedsRebuild())
	}
	if _, err := os.Stat(filepath.Join(dir, old)); !os.IsNotExist(err) {
		t.Errorf("old index directory still there: %v", err)
	}
}

func TestRebuildSwapsContent(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, fakeT2S)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := parkDocs()
	for _, d := range docs[:10] {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	oldName := ix.name

	var progress []int
	if err := ix.Rebuild(context.Background(), seq(docs[10:]), func(n int) {
		progress = append(progress, n)
		if _, err := ix.Count(); err != nil { // the callback may use the index
			t.Error(err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 10 {
		t.Errorf("progress %v", progress)
	}
	if n, _ := ix.Count(); n != 10 {
		t.Errorf("count %d, want 10", n)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "ICP"})); len(got) != 0 { // article:8 was only in the old index
		t.Errorf("ICP after rebuild = %v", got)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "安居补贴"})); !slices.Equal(got, []string{"policy:2"}) {
		t.Errorf("安居补贴 after rebuild = %v", got)
	}
	if ix.NeedsRebuild() {
		t.Error("NeedsRebuild after Rebuild")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || !slices.Contains(names, currentFile) || slices.Contains(names, oldName) {
		t.Errorf("directory after rebuild: %v", names)
	}

	// The swapped index is the one reopened.
	ix.Close()
	ix2, err := Open(dir, fakeT2S)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if n, _ := ix2.Count(); n != 10 {
		t.Errorf("count after reopen %d", n)
	}
}

func TestRebuildKeepsWritesMadeMeanwhile(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	docs := parkDocs()
	stale := docs[0] // the source read article:1 before the update below
	updated := stale
	updated.Title = "人才工作会议改期举行"
	added := Doc{ID: "article:100", Kind: KindArticle, Title: "新建人才公寓交付", Date: day(2024, 10, 1)}

	source := func(yield func(Doc, error) bool) {
		for i, d := range docs {
			if i == 5 {
				// Meanwhile, HTTP handlers write and read; the live index serves them.
				for _, err := range []error{ix.Put(updated), ix.Put(added), ix.Delete("policy:2")} {
					if err != nil {
						t.Error(err)
					}
				}
				if got := ids(mustSearch(t, ix, Query{Q: "人才公寓"})); !slices.Equal(got, []string{"article:100"}) {
					t.Errorf("during rebuild: 人才公寓 = %v", got)
				}
			}
			if d.ID == stale.ID {
				d = stale
			}
			if !yield(d, nil) {
				return
			}
		}
	}
	// Yield article:1 late, after the update, so the replay has to override it.
	docs = append(docs[1:], docs[0])
	if err := ix.Rebuild(context.Background(), source, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "改期"})); !slices.Equal(got, []string{"article:1"}) {
		t.Errorf("改期 = %v: the update made during the rebuild was lost", got)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "人才公寓"})); !slices.Equal(got, []string{"article:100"}) {
		t.Errorf("人才公寓 = %v: the insert made during the rebuild was lost", got)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "安居补贴"})); len(got) != 0 {
		t.Errorf("安居补贴 = %v: the delete made during the rebuild was lost", got)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count %d, want 20", n)
	}
}

func TestRebuildFailureKeepsLiveIndex(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, d := range parkDocs() {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	boom := errors.New("database gone")
	failing := func(yield func(Doc, error) bool) {
		if yield(parkDocs()[0], nil) {
			yield(Doc{}, boom)
		}
	}
	if err := ix.Rebuild(context.Background(), failing, nil); !errors.Is(err, boom) {
		t.Errorf("Rebuild = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Rebuild(ctx, seq(parkDocs()), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Rebuild with cancelled context = %v", err)
	}
	if err := ix.Rebuild(context.Background(), seq([]Doc{{ID: "x"}}), nil); !errors.Is(err, ErrInvalidDoc) {
		t.Errorf("Rebuild with invalid doc = %v", err)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count %d, want 20", n)
	}
	if res := mustSearch(t, ix, Query{Q: "人才"}); res.Total == 0 {
		t.Error("no hits after failed rebuilds")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory after failed rebuilds has %d entries", len(entries))
	}
	// Writes after a failed rebuild are not journaled forever.
	if err := ix.Put(parkDocs()[1]); err != nil {
		t.Fatal(err)
	}
	if len(ix.journal) != 0 || ix.journaling {
		t.Errorf("journal still active: %d entries", len(ix.journal))
	}
}

func TestRebuildOneAtATime(t *testing.T) {
	ix := openTest(t)
	started, release := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- ix.Rebuild(context.Background(), func(yield func(Doc, error) bool) {
			close(started)
			<-release
		}, nil)
	}()
	<-started
	if err := ix.Rebuild(context.Background(), seq(nil), nil); !errors.Is(err, ErrRebuildRunning) {
		t.Errorf("concurrent Rebuild = %v", err)
	}
	close(release)
	if err := <-errc; err != nil {
		t.Error(err)
	}
}

func TestConcurrentPutSearchRebuild(t *testing.T) {
	ix := openTest(t, parkDocs()...)
	// db stands for the database: writers commit there first, then Put, as the app does.
	var mu sync.Mutex
	db := map[string]Doc{}
	for _, d := range parkDocs() {
		db[d.ID] = d
	}
	snapshot := func(yield func(Doc, error) bool) {
		mu.Lock()
		docs := make([]Doc, 0, len(db))
		for _, d := range db {
			docs = append(docs, d)
		}
		mu.Unlock()
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				d := Doc{ID: fmt.Sprintf("article:%d-%d", w, i), Kind: KindArticle, Title: "园区动态", Body: "人才服务", Date: day(2024, 1, 1)}
				mu.Lock()
				db[d.ID] = d
				mu.Unlock()
				if err := ix.Put(d); err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 50 {
				if _, err := ix.Search(Query{Q: "人才"}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		if err := ix.Rebuild(context.Background(), snapshot, nil); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	if n, _ := ix.Count(); n != 20+4*50 {
		t.Errorf("count %d, want %d", n, 20+4*50)
	}
	if res := mustSearch(t, ix, Query{Q: "园区动态"}); res.Total != 4*50 {
		t.Errorf("园区动态: %d hits, want %d", res.Total, 4*50)
	}
}
