package search

import (
	"cmp"
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Our own formatter rather than Bleve's highlighter: Bleve's HTML fragment formatter escapes correctly, but it
// cuts fragments by bytes, and with bigrams it marks 人才政策 as <mark>人才</mark><mark>政策</mark> or drops
// overlapping terms. Here overlapping and touching matches merge into one <mark>, and every piece of text goes
// through html.EscapeString, so the output holds no markup but <mark> and </mark>.

const (
	snippetRunes = 120 // length of a snippet, in characters
	snippetLead  = 30  // characters shown before the first match, at most
	ellipsis     = "…"
)

// span is a byte range [start, end) of a match in a field's text.
type span struct{ start, end int }

// spans flattens the term locations of one field into sorted, merged byte ranges.
func spans(tlm search.TermLocationMap) []span {
	var ss []span
	for _, locs := range tlm {
		for _, l := range locs {
			ss = append(ss, span{int(l.Start), int(l.End)})
		}
	}
	slices.SortFunc(ss, func(a, b span) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.end, b.end)
	})
	out := ss[:0]
	for _, s := range ss {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// markAll returns text escaped, with every span in it wrapped in <mark>.
func markAll(text string, ss []span) template.HTML {
	return template.HTML(mark(text, 0, len(text), ss))
}

// snippet returns about n characters of text around the first span, escaped, with the spans in it marked.
// Without spans it returns the beginning of text.
func snippet(text string, ss []span, n int) template.HTML {
	ss = validSpans(text, ss)
	from := 0
	if len(ss) > 0 {
		from = snippetStart(text, ss[0].start)
	}
	to := advanceRunes(text, from, n)
	if to == len(text) && from > 0 {
		// Near the end: show a full-length snippet by starting earlier, but never after the first match.
		from = retreatRunes(text, len(text), n)
		if len(ss) > 0 {
			from = min(from, ss[0].start)
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString(ellipsis)
	}
	b.WriteString(mark(text, from, to, ss))
	if to < len(text) {
		b.WriteString(ellipsis)
	}
	return template.HTML(b.String())
}

// snippetStart chooses where a snippet showing a match at byte offset at begins: at most snippetLead
// characters earlier, preferably just after the end of a sentence.
func snippetStart(text string, at int) int {
	from := retreatRunes(text, at, snippetLead)
	if from == 0 {
		return 0
	}
	if i := strings.LastIndexAny(text[from:at], "。！？；!?;\n"); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[from+i:])
		return from + i + size
	}
	return from
}

// mark escapes text[from:to] and wraps the spans lying wholly inside it in <mark>. White space runs become a
// single space, so that paragraph breaks in a body do not break the snippet's line.
func mark(text string, from, to int, ss []span) string {
	var b strings.Builder
	cur := from
	for _, s := range validSpans(text, ss) {
		if s.start < cur || s.end > to {
			continue
		}
		b.WriteString(escape(text[cur:s.start]))
		b.WriteString("<mark>")
		b.WriteString(escape(text[s.start:s.end]))
		b.WriteString("</mark>")
		cur = s.end
	}
	b.WriteString(escape(text[cur:to]))
	return b.String()
}

func escape(s string) string {
	return html.EscapeString(collapseSpace(s))
}

func collapseSpace(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) &&
		!strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// validSpans drops spans that do not fit text or do not fall on character boundaries; an index written from
// another text than the one stored would otherwise produce broken output.
func validSpans(text string, ss []span) []span {
	ok := func(i int) bool { return i == len(text) || utf8.RuneStart(text[i]) }
	for _, s := range ss {
		if s.start < 0 || s.end > len(text) || s.start >= s.end || !ok(s.start) || !ok(s.end) {
			return slices.DeleteFunc(slices.Clone(ss), func(s span) bool {
				return s.start < 0 || s.end > len(text) || s.start >= s.end || !ok(s.start) || !ok(s.end)
			})
		}
	}
	return ss
}

// advanceRunes returns the byte offset n characters after byte offset i, or len(s).
func advanceRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// retreatRunes returns the byte offset n characters before byte offset i, or 0.
func retreatRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}
