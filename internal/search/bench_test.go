package search

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearch checks that no query text breaks a search or its output: no error, and titles and snippets
// that hold no markup but <mark>.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"人才", "園區", "ICP备案", "", "！？", `title:"人才" AND -园区^3~`, "<script>", "\xff", "人才*?", "a b c d e f g h i j k"} {
		f.Add(s)
	}
	ix := openTest(f, parkDocs()...)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := ix.Search(Query{Q: q, PerPage: 50})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range res.Hits {
			for _, s := range []string{string(h.Title), string(h.Snippet)} {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
				if strings.ContainsAny(rest, `<>"'`) || !utf8.ValidString(s) {
					t.Fatalf("Search(%q): unsafe output %q", q, s)
				}
			}
		}
	})
}

var vocabulary = strings.Fields(`大学科技园 人才 政策 园区 企业 入驻 孵化器 科技创新券 揭榜挂帅 高新技术企业 研发 投入 成果 转化
	知识产权 专利 融资 基金 投资 招商 项目 产业链 集成电路 生物医药 新材料 人工智能 数字经济 服务 平台 申报 通知 公告
	会议 调研 走访 培训 讲座 大赛 创新 创业 团队 博士 青年 补贴 奖励 办法 细则 管理 实施 年度 统计 报表 火炬 合同
	租赁 房源 办公 实验室 检验 检测 认定 资质 专精特新 科技型中小企业 税收 优惠 加计扣除 ICP 2022 2023 2024 A座 B座`)

// common is filler text: frequent Chinese characters, among which genDocs scatters the park vocabulary, so
// that a word of the vocabulary appears in a realistic share of the documents (roughly one in six).
const common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"

// genDocs returns n documents with titles of 10 to 30 and bodies of 300 to 800 characters, deterministic.
func genDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	chars := []rune(common)
	cats := []struct{ slug, name, kind string }{
		{"news", "新闻动态", KindArticle}, {"notice", "通知公告", KindArticle},
		{"talent", "人才政策", KindPolicy}, {"innovation", "科技创新", KindPolicy}, {"settle", "园区入驻", KindPolicy},
	}
	text := func(min, max, wordEvery int) string {
		var b strings.Builder
		for n, i := min+r.IntN(max-min), 0; i < n; i++ {
			switch {
			case r.IntN(wordEvery) == 0:
				b.WriteString(vocabulary[r.IntN(len(vocabulary))])
			case r.IntN(25) == 0:
				b.WriteString([]string{"，", "。", "；", "、", "\n"}[r.IntN(5)])
			default:
				b.WriteRune(chars[r.IntN(len(chars))])
			}
		}
		return b.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		c := cats[r.IntN(len(cats))]
		docs[i] = Doc{
			ID: fmt.Sprintf("%s:%d", c.kind, i), Kind: c.kind, Category: c.slug, CategoryName: c.name,
			Title: text(10, 30, 15), Body: text(300, 800, 60),
			Date: day(2020+r.IntN(5), 1, 1).AddDate(0, 0, r.IntN(365)), URL: fmt.Sprintf("/d/%d", i),
		}
	}
	return docs
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkRebuild1000 indexes 1,000 documents with Rebuild (batches) and reports the index size on disk.
func BenchmarkRebuild1000(b *testing.B) {
	docs := genDocs(1000)
	var text int64
	for _, d := range docs {
		text += int64(len(d.Title) + len(d.Body))
	}
	var size int64
	for b.Loop() {
		dir := b.TempDir()
		ix, err := Open(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Rebuild(context.Background(), seq(docs), nil); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		size = dirSize(dir)
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/1000docs")
	b.ReportMetric(float64(text)/(1<<20), "MiB-text/1000docs")
}

// BenchmarkPut1000 indexes 1,000 documents one Put at a time, as the CMS does on save.
func BenchmarkPut1000(b *testing.B) {
	docs := genDocs(1000)
	for b.Loop() {
		ix, err := Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range docs {
			if err := ix.Put(d); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch10k runs queries over 10,000 documents, first page of 10 with snippets and facets.
func BenchmarkSearch10k(b *testing.B) {
	ix, err := Open(b.TempDir(), fakeT2S)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Rebuild(context.Background(), seq(genDocs(10000)), nil); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		q    Query
	}{
		{"2char", Query{Q: "人才"}},
		{"2char-by-date", Query{Q: "人才", Sort: SortDate}},
		{"2char-category", Query{Q: "人才", Category: "talent"}},
		{"1char", Query{Q: "园"}},
		{"5char-phrase", Query{Q: "科技创新券"}},
		{"two-words", Query{Q: "人才 补贴"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var total int
			for b.Loop() {
				res, err := ix.Search(bc.q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}
