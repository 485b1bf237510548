package cms

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// bodyPolicy is the allowlist for article bodies: what Word and the editor produce for structure (headings,
// paragraphs, lists, tables, links, images, emphasis), and nothing that runs or styles: no script, no event
// handler, no style attribute (Word's mso- styles), no javascript: or data: URL, no iframe or form.
var bodyPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs() // http, https, mailto; relative URLs
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowElements("p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
		"blockquote", "ul", "ol", "li", "hr", "figure", "figcaption", "caption", "thead", "tbody", "tfoot", "tr", "pre", "code")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("src", "alt", "title", "width", "height").OnElements("img")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,2}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowElements("table", "td", "th")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,4}$`)).OnElements("ol")
	// h1 belongs to the page title; a pasted h1 becomes h2 below (see Sanitize).
	return p
})

// Sanitize cleans an article body for storage: pasted Word headings h1 become h2, everything outside the
// allowlist goes, and so does an image whose source the allowlist removed (a data: or javascript: URL).
func Sanitize(body string) string {
	body = strings.NewReplacer("<h1", "<h2", "</h1>", "</h2>", "<H1", "<h2", "</H1>", "</h2>").Replace(body)
	return strings.TrimSpace(dropSourcelessImages(bodyPolicy().Sanitize(body)))
}

// dropSourcelessImages removes <img> tags without a src from sanitized HTML.
func dropSourcelessImages(body string) string {
	if !strings.Contains(body, "<img") {
		return body
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		raw := string(z.Raw())
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			t := z.Token()
			if t.Data == "img" && !hasAttr(t, "src") {
				continue
			}
		}
		b.WriteString(raw)
	}
}

func hasAttr(t html.Token, name string) bool {
	for _, a := range t.Attr {
		if a.Key == name && strings.TrimSpace(a.Val) != "" {
			return true
		}
	}
	return false
}

// missingAlt returns a message when an image of body has no alternative text (WCAG 2.1 1.1.1).
func missingAlt(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if n > 0 {
				return "正文中有 " + strconv.Itoa(n) + " 张图片缺少替代文字（alt），请为每张图片填写简短说明，方便视障用户"
			}
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data != "img" {
				continue
			}
			alt := false
			for _, a := range t.Attr {
				if a.Key == "alt" && strings.TrimSpace(a.Val) != "" {
					alt = true
				}
			}
			if !alt {
				n++
			}
		}
	}
}

// PlainText is the readable text of a body, paragraphs separated by newlines, for the search index, feeds
// and summaries.
func PlainText(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(collapseBlank(b.String()))
		case html.TextToken:
			b.WriteString(string(z.Text()))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "br", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "div", "table", "figure":
				b.WriteString("\n")
			case "td", "th":
				b.WriteString(" ")
			}
		}
	}
}

var blankLines = regexp.MustCompile(`[ \t\r\f\v]*\n[\s]*`)

func collapseBlank(s string) string { return blankLines.ReplaceAllString(s, "\n") }

// Summarize returns the first n characters of the text, ending at a sentence when one ends close by.
func Summarize(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndexAny(cut, "。！？；"); i > len(cut)/2 {
		return cut[:i+len("。")]
	}
	return cut + "…"
}
