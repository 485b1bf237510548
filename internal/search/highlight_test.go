package search

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

func TestSpansMergeOverlappingAndTouching(t *testing.T) {
	// 人才政策 as bigrams: 人才[0:6] 才政[3:9] 政策[6:12]; then 园区 further on.
	tlm := search.TermLocationMap{
		"人才": {{Start: 0, End: 6}},
		"才政": {{Start: 3, End: 9}},
		"政策": {{Start: 6, End: 12}, {Start: 40, End: 46}},
		"园区": {{Start: 20, End: 26}},
	}
	got := fmt.Sprint(spans(tlm))
	if want := "[{0 12} {20 26} {40 46}]"; got != want {
		t.Errorf("spans = %s, want %s", got, want)
	}
}

func TestMark(t *testing.T) {
	tests := []struct {
		text string
		ss   []span
		want template.HTML
	}{
		{"人才政策", []span{{0, 12}}, "<mark>人才政策</mark>"},
		{"a<b>人才</b>", []span{{4, 10}}, "a&lt;b&gt;<mark>人才</mark>&lt;/b&gt;"},
		{`"人才"&'x'`, []span{{1, 7}}, "&#34;<mark>人才</mark>&#34;&amp;&#39;x&#39;"},
		{"第一行\n\n第二行", nil, "第一行 第二行"},
		// Spans that do not fit the text, or cut a character, are ignored rather than producing broken output.
		{"人才", []span{{1, 4}}, "人才"},
		{"人才", []span{{0, 99}}, "人才"},
		{"人才", []span{{3, 3}}, "人才"},
	}
	for _, tc := range tests {
		if got := markAll(tc.text, tc.ss); got != tc.want {
			t.Errorf("markAll(%q, %v) = %q, want %q", tc.text, tc.ss, got, tc.want)
		}
	}
}

func TestSnippetWindow(t *testing.T) {
	pad := strings.Repeat("甲", 200)
	at := func(text, w string) []span {
		i := strings.Index(text, w)
		return []span{{i, i + len(w)}}
	}
	plain := func(h template.HTML) string {
		return strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(string(h))
	}

	// Match in the middle: about snippetLead characters before it, ellipses on both sides.
	text := pad + "人才" + pad
	s := snippet(text, at(text, "人才"), 120)
	if !strings.HasPrefix(string(s), "…"+strings.Repeat("甲", snippetLead)+"<mark>人才</mark>") || !strings.HasSuffix(string(s), "…") {
		t.Errorf("middle: %s", s)
	}
	if n := utf8.RuneCountInString(plain(s)); n != 120 {
		t.Errorf("middle: %d characters", n)
	}

	// A sentence end shortly before the match starts the snippet.
	text = pad + "。人才" + pad
	if s := snippet(text, at(text, "人才"), 120); !strings.HasPrefix(string(s), "…<mark>人才</mark>") {
		t.Errorf("after sentence: %s", s)
	}

	// Match at the start: no leading ellipsis.
	text = "人才" + pad
	if s := snippet(text, at(text, "人才"), 120); !strings.HasPrefix(string(s), "<mark>人才</mark>") {
		t.Errorf("start: %s", s)
	}

	// Match near the end: the window moves back to stay full, and keeps the match.
	text = pad + "人才"
	s = snippet(text, at(text, "人才"), 120)
	if !strings.HasPrefix(string(s), "…") || !strings.HasSuffix(string(s), "<mark>人才</mark>") {
		t.Errorf("end: %s", s)
	}
	if n := utf8.RuneCountInString(plain(s)); n != 120 {
		t.Errorf("end: %d characters", n)
	}

	// Short text: all of it, no ellipsis.
	if s := snippet("园区人才", []span{{6, 12}}, 120); s != "园区<mark>人才</mark>" {
		t.Errorf("short: %s", s)
	}

	// A match cut by the end of the window is not marked, and no markup is broken.
	text = "人才" + strings.Repeat("乙", 117) + "园区企业"
	s = snippet(text, []span{{0, 6}, {len(text) - 12, len(text) - 6}}, 120)
	if strings.Count(string(s), "<mark>") != 1 || strings.Count(string(s), "</mark>") != 1 {
		t.Errorf("cut: %s", s)
	}
}

func TestCJKFilterPositions(t *testing.T) {
	m, err := buildMapping()
	if err != nil {
		t.Fatal(err)
	}
	show := func(analyzer, text string) string {
		var b []string
		for _, tk := range m.AnalyzerNamed(analyzer).Analyze([]byte(text)) {
			b = append(b, fmt.Sprintf("%s@%d", tk.Term, tk.Position))
		}
		return strings.Join(b, " ")
	}
	tests := []struct{ analyzer, text, want string }{
		{analyzerIndex, "人才政策", "人@1 人才@1 才@2 才政@2 政@3 政策@3 策@3"},
		{analyzerQuery, "人才政策", "人才@1 才政@2 政策@3"},
		{analyzerIndex, "园", "园@1"},
		{analyzerQuery, "园", "园@1"},
		// Positions of bigrams and other tokens agree between the analyzers, so phrases across them match.
		{analyzerIndex, "2022年度ICP备案", "2022@1 年@2 年度@2 度@2 icp@3 备@4 备案@4 案@4"},
		{analyzerQuery, "2022年度ICP备案", "2022@1 年度@2 icp@3 备案@4"},
		// Punctuation ends a run; full-width Latin is folded and lower-cased.
		{analyzerQuery, "科技，园区 ＩＣＰ", "科技@1 园区@2 icp@3"},
		{analyzerQuery, "园、区", "园@1 区@2"},
	}
	for _, tc := range tests {
		if got := show(tc.analyzer, tc.text); got != tc.want {
			t.Errorf("%s(%q) = %s, want %s", tc.analyzer, tc.text, got, tc.want)
		}
	}
}
