package zh

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

func TestToTraditional(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"hello, world 2022", "hello, world 2022"},
		{"当前位置：首页 > 新闻中心", "當前位置：首頁 > 新聞中心"},
		{"关于2022年度科技创新券申报工作的通知", "關於2022年度科技創新券申報工作的通知"},
		// phrase level: 发 is 髮 in 头发 but 發 in 发展, 干 is 幹 in 干部 but 乾 in 干燥
		{"头发", "頭髮"},
		{"发展", "發展"},
		{"干部", "幹部"},
		{"干燥", "乾燥"},
		{"各入驻企业：根据市科技局安排", "各入駐企業：根據市科技局安排"},
		// plain s2t keeps the mainland vocabulary (s2twp would write 軟體)
		{"软件", "軟件"},
		// already Traditional stays
		{"當前位置", "當前位置"},
		// the Go port's own 讲下 -> 講吓 entry is undone for mainland text
		{"领导讲下一步工作安排", "領導講下一步工作安排"},
		{"讲下去", "講下去"},
	}
	for _, tt := range tests {
		if got := ToTraditional(tt.in); got != tt.want {
			t.Errorf("ToTraditional(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestToSimplified(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Copyright 2013-2022 (ICP)", "Copyright 2013-2022 (ICP)"},
		{"當前位置: 首頁 > 新聞中心 > 通知公告", "当前位置: 首页 > 新闻中心 > 通知公告"},
		{"關於2022年度科技創新券申報工作的通知", "关于2022年度科技创新券申报工作的通知"},
		{"發布時間:2022-03-15", "发布时间:2022-03-15"},
		{"各入駐企業:根據市科技局安排,現開展2022年度科技創新券申報工作。", "各入驻企业:根据市科技局安排,现开展2022年度科技创新券申报工作。"},
		{"請於3月31日前提交材料。(來源:園區運營部)", "请于3月31日前提交材料。(来源:园区运营部)"},
		{"版權所有:Copyright 2013-2022 豫ICP備12345678號", "版权所有:Copyright 2013-2022 豫ICP备12345678号"},
		{"頭髮", "头发"},
		// Simplified input passes through
		{"园区运营部发布了新的政策", "园区运营部发布了新的政策"},
	}
	for _, tt := range tests {
		if got := ToSimplified(tt.in); got != tt.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	in := article(3000)
	if got := ToSimplified(ToTraditional(in)); got != in {
		t.Errorf("round trip changed the text:\n%s\n%s", in, got)
	}
}

// TestConvertConcurrent uses the shared converters from many goroutines; run with -race it shows that they
// need no lock.
func TestConvertConcurrent(t *testing.T) {
	in := article(600)
	trad := ToTraditional(in)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if got := ToTraditional(in); got != trad {
					t.Errorf("concurrent ToTraditional differs")
					return
				}
				if got := ToSimplified(trad); got != in {
					t.Errorf("concurrent ToSimplified differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

const paragraph = "为深入贯彻落实创新驱动发展战略，进一步优化园区创新创业生态，园区运营部近日组织召开科技企业座谈会。" +
	"会上，来自新一代信息技术、生物医药、智能制造等领域的二十余家入驻企业负责人围绕人才引进、融资服务、成果转化等问题踊跃发言，" +
	"园区相关部门逐一作了回应。会议指出，要充分发挥大学科技园的平台作用，推动高校科研成果在园区就地转化，" +
	"完善“众创空间—孵化器—加速器”全链条孵化体系，帮助企业申报高新技术企业和科技型中小企业，用好科技创新券等政策工具。"

// article returns about n characters of news text in Simplified Chinese.
func article(n int) string {
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		b.WriteString(paragraph)
		b.WriteString("\n")
	}
	return string([]rune(b.String())[:n])
}

func BenchmarkToTraditional3000(b *testing.B) {
	in := article(3000)
	ToTraditional(in) // load the dictionaries outside the timing
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		ToTraditional(in)
	}
}

func BenchmarkToSimplified3000(b *testing.B) {
	in := ToTraditional(article(3000))
	ToSimplified(in)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		ToSimplified(in)
	}
}

// BenchmarkLoad measures what the first call of each converter pays: building OpenCC's tries from the embedded
// dictionaries.
func BenchmarkLoad(b *testing.B) {
	for _, conv := range []string{"s2t", "t2s"} {
		b.Run(conv, func(b *testing.B) {
			for b.Loop() {
				if _, err := opencc.New(conv); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
