package legacy

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractHTML returns the visible text of a page, one line per block, in document order, and the texts that
// the page marks as a title (h1, then elements whose class or id contains "title", then h2), to be checked
// against the lines by the caller.
func extractHTML(src string) (lines []string, titles []string, err error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, nil, err
	}
	x := &extractor{}
	x.walk(doc)
	x.flush()
	titles = append(append(x.h1, x.titled...), x.h2...)
	return x.lines, titles, nil
}

type extractor struct {
	lines  []string
	cur    strings.Builder
	pre    int // depth inside <pre>
	h1, h2 []string
	titled []string // elements with "title" in their class or id
}

// skipped elements hold no visible text of the page.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Title: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Nav: true, atom.Iframe: true, atom.Template: true, atom.Select: true, atom.Option: true,
	atom.Textarea: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true,
	atom.Button: true,
}

// blocks end the current line before and after them. <td> and <th> only add a space, so that a row such as
// "发布时间：" | "2022-03-15" stays one line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Tr: true, atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Main: true, atom.Blockquote: true, atom.Pre: true, atom.Form: true, atom.Fieldset: true,
	atom.Hr: true, atom.Address: true, atom.Center: true, atom.Figure: true, atom.Figcaption: true,
	atom.Caption: true, atom.Legend: true, atom.Body: true, atom.Html: true,
}

func (x *extractor) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		x.text(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || hidden(n) {
			return
		}
		switch {
		case n.DataAtom == atom.H1:
			x.h1 = appendText(x.h1, n)
		case n.DataAtom == atom.H2:
			x.h2 = appendText(x.h2, n)
		case hasTitleAttr(n):
			x.titled = appendText(x.titled, n)
		}
		block := blocks[n.DataAtom]
		if block {
			x.flush()
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			x.cur.WriteByte(' ')
		}
		if n.DataAtom == atom.Pre {
			x.pre++
			defer func() { x.pre-- }()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			x.walk(c)
		}
		if block {
			x.flush()
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			x.cur.WriteByte(' ')
		}
		return
	case html.CommentNode, html.DoctypeNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c)
	}
}

// text adds the text of a text node, collapsing white space as a browser does (except inside <pre>, where a
// line break starts a new line).
func (x *extractor) text(s string) {
	if x.pre > 0 {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				x.flush()
			}
			x.cur.WriteString(part)
		}
		return
	}
	x.cur.WriteString(collapseSpace(s))
}

func (x *extractor) flush() {
	line := strings.TrimSpace(collapseSpace(x.cur.String()))
	x.cur.Reset()
	if line != "" {
		x.lines = append(x.lines, line)
	}
}

// collapseSpace turns every run of ASCII white space into one space. Non-breaking and ideographic spaces are
// kept; the line parser trims them.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return b.String()
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

func hasTitleAttr(n *html.Node) bool {
	for _, a := range n.Attr {
		if k := strings.ToLower(a.Key); (k == "class" || k == "id") && strings.Contains(strings.ToLower(a.Val), "title") {
			return true
		}
	}
	return false
}

// appendText appends the collapsed visible text of n, if any and not too long for a title.
func appendText(list []string, n *html.Node) []string {
	if len(list) >= 20 {
		return list // enough candidates; also bounds the work on deeply nested pages
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if skipped[n.DataAtom] || hidden(n) {
				return
			}
			if n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	t := strings.TrimSpace(collapseSpace(b.String()))
	if t == "" || len([]rune(t)) > 200 {
		return list
	}
	return append(list, t)
}
