package zh

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStripPinyin(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"no parentheses", "当前位置: 首页 > 新闻中心", "当前位置: 首页 > 新闻中心"},
		{"breadcrumb", "當(dāng)前位置: 首頁(yè) > 新聞(wén)中心", "當前位置: 首頁 > 新聞中心"},
		{"two letters zh", "創(chuàng)新", "創新"},
		{"title", "關(guān)於2022年度科技創(chuàng)新券申報(bào)工作的通知", "關於2022年度科技創新券申報工作的通知"},
		{"inside a source note", "(來(lái)源:園區(qū)運(yùn)營(yíng)部)", "(來源:園區運營部)"},
		{"full-width parentheses", "當（dāng）前", "當前"},
		{"mixed parentheses", "當（dāng)前當(dāng）前", "當前當前"},
		{"tone digit", "當(dang1)前", "當前"},
		{"neutral tone digit", "們(men5)", "們"},
		{"neutral tone without mark", "我們(men)的(de)", "我們的"},
		{"ü with tone", "綠(lǜ)色", "綠色"},
		{"v for ü", "綠(lv4)色", "綠色"},
		{"plain ü", "女(nü)", "女"},
		{"nüe", "虐(nüè)", "虐"},
		{"ê", "誒(ê)", "誒"},
		{"ê with tone", "誒(ế)", "誒"},
		{"one-letter syllable with tone mark", "啊(ā)", "啊"},
		{"er", "兒(ér)童", "兒童"},
		{"decomposed tone mark", "當(da\u0304ng)前", "當前"},
		{"decomposed ü", "綠(lu\u0308\u0300)", "綠"},
		{"consecutive annotations", "創(chuàng)(xīn)", "創"},
		{"annotation then punctuation", "業(yè),現(xiàn)", "業,現"},
		{"at end of text", "部(bù)", "部"},
		{"zhuang six letters", "壯(zhuàng)大", "壯大"},
		{"several on a line", "發(fā)布時(shí)間:2022-03-15", "發布時間:2022-03-15"},

		// ordinary parentheses stay
		{"source note", "（来源：园区运营部）", "（来源：园区运营部）"},
		{"source note after text", "请于3月31日前提交材料。（来源：园区运营部）", "请于3月31日前提交材料。（来源：园区运营部）"},
		{"year", "年度报告(2022)", "年度报告(2022)"},
		{"year full-width", "年度报告（2022）", "年度报告（2022）"},
		{"acronym", "备案号(ICP)", "备案号(ICP)"},
		{"trial", "管理办法（试行）", "管理办法（试行）"},
		{"after latin word", "Kuang (Kuang-Chi)", "Kuang (Kuang-Chi)"},
		{"latin after latin", "Shenzhen(kc)", "Shenzhen(kc)"},
		{"upper-case acronym after Han", "深圳光启(KC)", "深圳光启(KC)"},
		{"capitalised syllable after Han", "深圳(Shen)", "深圳(Shen)"},
		{"upper-case with tone", "當(DĀNG)", "當(DĀNG)"},
		{"lower-case non-syllable", "深圳光启(kc)", "深圳光启(kc)"},
		{"file type", "见附件(pdf)", "见附件(pdf)"},
		{"unit m2", "面积(m2)", "面积(m2)"},
		{"unit m", "长度(m)", "长度(m)"},
		{"unit kw", "功率(kw)", "功率(kw)"},
		{"enumeration a", "情形(a)", "情形(a)"},
		{"label e2", "单元(e2)", "单元(e2)"},
		{"two syllables", "郑州(zhengzhou)", "郑州(zhengzhou)"},
		{"two syllables with tones", "鄭州(zhèngzhōu)", "鄭州(zhèngzhōu)"},
		{"space before", "當 (dāng)", "當 (dāng)"},
		{"space inside", "當( dāng )", "當( dāng )"},
		{"two tone marks", "當(dāāng)", "當(dāāng)"},
		{"tone mark and digit", "當(dāng1)", "當(dāng1)"},
		{"tone digit 6", "當(dang6)", "當(dang6)"},
		{"digit in the middle", "當(da1ng)", "當(da1ng)"},
		{"unclosed", "當(dāng", "當(dāng"},
		{"empty parentheses", "當()", "當()"},
		{"nested", "當((dāng))", "當((dāng))"},
		{"number with unit", "园区(5号楼)", "园区(5号楼)"},
		{"chinese inside", "企业(含个体户)", "企业(含个体户)"},
		{"after punctuation", "通知。(dāng)", "通知。(dāng)"},
		{"after digit", "2022(nián)", "2022(nián)"},
		{"at start", "(dāng)前", "(dāng)前"},
		{"combining mark without vowel", "當(d\u0304ang)", "當(d\u0304ang)"},
		{"invalid utf-8 kept", "當\xff(dāng)前", "當\xff(dāng)前"},
		{"invalid utf-8 elsewhere", "\xfe當(dāng)前\xff", "\xfe當前\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripPinyin(tt.in); got != tt.want {
				t.Errorf("StripPinyin(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripPinyinThenSimplify(t *testing.T) {
	in := "當(dāng)前位置: 首頁(yè) > 新聞(wén)中心 > 通知公告"
	want := "当前位置: 首页 > 新闻中心 > 通知公告"
	if got := ToSimplified(StripPinyin(in)); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSyllableTable(t *testing.T) {
	// a spot check of the table against well-known counts: about 400 toneless syllables
	if n := len(syllables); n < 395 || n > 420 {
		t.Errorf("syllable table has %d entries", n)
	}
	for _, s := range []string{"zhuang", "chuang", "shuang", "lüe", "nüe", "jiong", "er", "ê", "yo"} {
		if _, ok := syllables[s]; !ok {
			t.Errorf("missing %q", s)
		}
	}
	for _, s := range []string{"m", "n", "ng", "hm", "hng", "kc", "pdf", "ju\u0308"} {
		if _, ok := syllables[s]; ok {
			t.Errorf("unexpected %q", s)
		}
	}
}

func FuzzStripPinyin(f *testing.F) {
	for _, s := range []string{
		"當(dāng)前位置: 首頁(yè) > 新聞(wén)中心",
		"創(chuàng)新",
		"創(chuàng)(xīn)",
		"（来源：园区运营部）",
		"(2022)", "(ICP)", "（试行）", "Kuang (Kuang-Chi)", "深圳光启(KC)",
		"當(da\u0304ng)前", "綠(lu\u0308\u0300)", "當\xff(dāng)前", "當((dāng))", "當（dāng)前",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := StripPinyin(s)
		if len(out) > len(s) {
			t.Fatalf("output longer than input: %q -> %q", s, out)
		}
		if again := StripPinyin(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
		if !strings.Contains(s, "(") && !strings.Contains(s, "（") && out != s {
			t.Fatalf("text without parentheses changed: %q -> %q", s, out)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 became invalid: %q -> %q", s, out)
		}
	})
}
