package legacy

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"parkos/internal/zh"
)

// parseLines reads a page from its lines in document order (the lines of a text file, or the blocks of an
// HTML page). titles are the texts an HTML page marks as a title, best first; they are used when one of them
// is also a line after the breadcrumb.
//
// The page is read in this order:
//
//  1. Each line loses its pinyin annotations and is converted to Simplified Chinese.
//  2. The breadcrumb is the first line with "当前位置:" (or 您的位置 etc.); lines before it are navigation and
//     are dropped. Its path, split at ">", "＞", "»" or "->", without 首页, is the Category.
//  3. The title is the first of the HTML's title candidates (h1, class or id with "title", h2) that is a line
//     between the breadcrumb and the date line; otherwise the first line after the breadcrumb that is text
//     and not a date, a field ("来源：…"), boilerplate, or a column heading (the name of a column of the path
//     followed by a title and a date). Without a breadcrumb it is the text line just before the date line.
//  4. The lines right after the title that hold the date, fields or tool bars ("【字体：大 中 小】") form the
//     header; the date is read there, else before the title (or on the breadcrumb's line), else from a short
//     "发布时间：…" line in the body, which is then dropped from it.
//  5. The body runs from there to the first footer line (版权所有, ICP备, 公网安备, ©, ...) or trailer line
//     (打印本页, 关闭窗口, 上一篇, a heading such as 相关文章, ...). Boilerplate lines (浏览次数, 【字体…】)
//     and lines of nothing but punctuation inside it are dropped; lines of "?" are kept. When the
//     body ends at the footer, contact lines just before it (主办单位, 地址：, 电话：, ...) belong to the footer
//     and are dropped too; a lone "电话：…" or "地址：…" line is reported in Warnings, since a notice may end
//     with its own contact. At the end of a text without footer, only a line that is certainly the site's
//     goes, with a warning ("主办单位：… 技术支持：…"). Such lines are kept anywhere else: 主办单位, 电话 and 技术支持 are ordinary words
//     in the park's notices ("为企业提供技术支持").
//  6. A trailing "（来源：…）" on the last paragraph, or a last paragraph "来源：…", becomes the Source.
func parseLines(raw []string, titles []string) *Page {
	p := &Page{}
	var lines []string
	for _, l := range raw {
		if l = normalize(l); l != "" {
			lines = append(lines, l)
		}
	}
	n := len(lines)

	// 2. breadcrumb
	start, crumb := 0, -1
	for i, l := range lines {
		if loc := crumbRE.FindStringIndex(l); loc != nil {
			crumb = i
			p.Category = parseCrumbs(l[loc[1]:])
			start = i + 1
			break
		}
	}

	// 3. title
	title := -1
	first := firstTitle(lines, start, p.Category)
	// A title the HTML marks is taken when it is consistent with the text: a line after the breadcrumb and
	// before the date line (or, without one, near the first possible title), not an entry of a list of related
	// articles further down.
	limit := n
	if d := firstDateLine(lines, start); d >= 0 {
		limit = d
	} else if first >= 0 {
		limit = min(n, first+4)
	}
	for _, t := range titles {
		t = normalize(t)
		if !titleEligible(t) || slices.Contains(p.Category, t) {
			continue
		}
		if i := slices.Index(lines[start:limit], t); i >= 0 {
			title = start + i
			break
		}
	}
	if title < 0 && crumb < 0 {
		// Without a breadcrumb, the title is the text line right before the first date line, if any.
		for i := start; i < n && title < 0; i++ {
			if isEnd(lines[i]) {
				break
			}
			if _, _, ok := findDate(lines[i]); ok {
				for j := i - 1; j >= max(start, i-3); j-- {
					if titleEligible(lines[j]) {
						title = j
						break
					}
				}
				break
			}
		}
	}
	if title < 0 {
		title = first
	}

	// 4. header: date, fields and tool bars right after the title
	bodyStart, dateLine := start, -1
	var headerSource string
	if title >= 0 {
		p.Title = lines[title]
		i := title + 1
		for ; i < n; i++ {
			l := lines[i]
			if dateLine < 0 {
				if d, _, ok := findDate(l); ok {
					p.Date, dateLine = d, i
					if s := sourceField(l); s != "" && headerSource == "" {
						headerSource = s
					}
					continue
				}
			}
			if isMeta(l) || isChrome(l) || isTrailer(l) || !hasText(l) && !strings.ContainsAny(l, "?？") {
				if s := sourceField(l); s != "" && headerSource == "" {
					headerSource = s
				}
				continue
			}
			break
		}
		bodyStart = i
		if dateLine < 0 {
			from := start
			if crumb >= 0 {
				from = crumb // a table row may hold the breadcrumb and the date
			}
			for j := from; j < title; j++ {
				if d, _, ok := findDate(lines[j]); ok {
					p.Date, dateLine = d, j
					if s := sourceField(lines[j]); s != "" {
						headerSource = s
					}
					break
				}
			}
		}
	}

	// 5. body
	bodyEnd, atFooter := n, false
	for i := bodyStart; i < n; i++ {
		if isFooter(lines[i]) && !longProse(lines[i]) {
			bodyEnd, atFooter = i, true
			break
		}
		if isTrailer(lines[i]) {
			bodyEnd = i
			break
		}
	}
	var body []string
	for i := bodyStart; i < bodyEnd; i++ {
		l := lines[i]
		switch {
		case isFooter(l):
			p.Warnings = append(p.Warnings, fmt.Sprintf("正文中含有版权声明的一行已删除，请核对：「%s」", clip(l)))
			continue
		case isChrome(l):
			continue
		case !hasText(l) && !strings.ContainsAny(l, "?？"):
			continue // separators such as "|" or "———"
		}
		// a short "发布时间：…" line in the body is the page's data, not text (shown at the end by some pages)
		if d, strength, ok := findDate(l); ok && strength == strongLabel && runeLen(l) <= 80 {
			if p.Date.IsZero() {
				p.Date = d
			}
			if s := sourceField(l); s != "" && headerSource == "" {
				headerSource = s
			}
			continue
		}
		body = append(body, l)
	}
	if atFooter || bodyEnd == n {
		for len(body) > 0 {
			last := body[len(body)-1]
			soft, silent := softFooter(last)
			if !atFooter {
				// at the end of a text without footer, only a line that is certainly the site's goes
				soft, silent = siteFooter(last), false
			}
			if !soft {
				break
			}
			if !silent {
				p.Warnings = append(p.Warnings, fmt.Sprintf("正文末尾疑似页脚的一行已删除，请核对：「%s」", clip(last)))
			}
			body = body[:len(body)-1]
		}
	}

	// 6. source
	if len(body) > 0 {
		last := len(body) - 1
		if rest, src, ok := trailingSource(body[last]); ok {
			p.Source = src
			if rest == "" {
				body = body[:last]
			} else {
				body[last] = rest
			}
		}
	}
	if p.Source == "" {
		p.Source = headerSource
	}
	p.Body = body

	if k := len(p.Category); k > 0 && crumbIsTitle(p.Category[k-1], p.Title) {
		p.Category = p.Category[:k-1]
		if len(p.Category) == 0 {
			p.Category = nil
		}
	}

	// warnings
	if p.Title == "" {
		p.Warnings = append(p.Warnings, WarnNoTitle)
	} else if zh.HasLostChars(p.Title) {
		p.Warnings = append(p.Warnings, WarnLostCharsTitle)
	}
	if p.Date.IsZero() {
		p.Warnings = append(p.Warnings, WarnNoDate)
	}
	if len(p.Category) == 0 {
		p.Warnings = append(p.Warnings, WarnNoCategory)
	}
	if len(p.Body) == 0 {
		p.Warnings = append(p.Warnings, WarnNoBody)
	}
	var lost []string
	for i, l := range p.Body {
		if zh.HasLostChars(l) {
			lost = append(lost, strconv.Itoa(i+1))
		}
	}
	if len(lost) > 0 {
		p.Warnings = append(p.Warnings, WarnLostChars+"：第"+strings.Join(lost, "、")+"段")
	}
	return p
}

const maxTitle = 150 // runes; a longer "title" is a paragraph

// normalize prepares a line: annotations out, Simplified characters, no zero-width characters, non-breaking
// spaces as spaces, no surrounding white space (ideographic spaces included).
func normalize(s string) string {
	s = zh.ToSimplified(zh.StripPinyin(s))
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		case '\u00a0':
			return ' '
		}
		return r
	}, s)
	return strings.TrimFunc(s, unicode.IsSpace)
}

// ---- breadcrumb

var (
	crumbRE    = regexp.MustCompile(`(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在的位置|所在位置)[\s\p{Zs}]*(?:是)?[\s\p{Zs}]*[:：][\s\p{Zs}]*`)
	crumbSepRE = regexp.MustCompile(`[\s\p{Zs}]*(?:->|>|＞|»|›|→)+[\s\p{Zs}]*`)
	crumbCutRE = regexp.MustCompile(`【|\[|[\s\p{Zs}]{2,}|(?:发布|更新)?(?:时间|日期)[\s\p{Zs}]*[:：]`)
	homeNames  = []string{"首页", "网站首页", "主页", "返回首页", "home", "Home", "HOME"}
	leafNames  = []string{"正文", "详情", "内容", "正文内容", "详细内容", "文章内容", "内容详情", "浏览文章", "阅读文章", "信息详情", "新闻详情", "文章详情", "查看详情"}
)

func parseCrumbs(path string) []string {
	if loc := crumbCutRE.FindStringIndex(path); loc != nil {
		path = path[:loc[0]]
	}
	var out []string
	for _, c := range crumbSepRE.Split(path, -1) {
		c = strings.TrimFunc(c, unicode.IsSpace)
		if c == "" || slices.Contains(homeNames, strings.Join(strings.Fields(c), "")) {
			continue
		}
		out = append(out, c)
	}
	for len(out) > 0 && slices.Contains(leafNames, out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ---- dates

const (
	bareDate    = iota // a line that is only a date
	weakLabel          // 时间：, 日期：
	strongLabel        // 发布时间：, 发布日期：, 更新时间：, ...
)

var (
	dateLabelRE = regexp.MustCompile(`(` + dateLabels + `)[\s\p{Zs}]*[:：][\s\p{Zs}]*` + dateExpr)
	bareDateRE  = regexp.MustCompile(`^[\[【(（]?[\s\p{Zs}]*` + dateExpr + `[\s\p{Zs}]*(?:\d{1,2}:\d{2}(?::\d{2})?)?[\s\p{Zs}]*[\]】)）]?$`)
	dateNorm    = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7",
		"８", "8", "９", "9", "－", "-", "／", "/", "．", ".", "：", ":")
)

// dateExpr matches YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD and YYYY年M月D日, not followed by another digit.
const dateExpr = `(\d{4})[\s\p{Zs}]*(?:-|/|\.|年)[\s\p{Zs}]*(\d{1,2})[\s\p{Zs}]*(?:-|/|\.|月)[\s\p{Zs}]*(\d{1,2})(?:\D|$)`

// dateLabels are the labels of a publication date; 时间 and 日期 alone are weaker (an event has them too).
const (
	strongDateLabels = `发布时间|发布日期|发表时间|发表日期|发稿时间|发文日期|成文日期|更新时间|更新日期|上传时间|录入时间|添加时间`
	dateLabels       = strongDateLabels + `|时间|日期`
)

// findDate returns the date a line gives, and how sure the line is to be a publication date.
func findDate(line string) (time.Time, int, bool) {
	l := dateNorm.Replace(line)
	if m := dateLabelRE.FindStringSubmatch(l); m != nil {
		if d, ok := makeDate(m[2], m[3], m[4]); ok {
			strength := strongLabel
			if m[1] == "时间" || m[1] == "日期" {
				strength = weakLabel
			}
			return d, strength, true
		}
	}
	if m := bareDateRE.FindStringSubmatch(l); m != nil {
		if d, ok := makeDate(m[1], m[2], m[3]); ok {
			return d, bareDate, true
		}
	}
	return time.Time{}, 0, false
}

func makeDate(ys, ms, ds string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, cst)
	if t.Day() != d { // 2月30日
		return time.Time{}, false
	}
	return t, true
}

// ---- fields and sources

var (
	// (发布时间 with an unreadable date is a field; 时间 and 日期 alone are not, an event notice starts so)
	metaRE        = regexp.MustCompile(`^【?(?:` + strongDateLabels + `|信息来源|文章来源|稿件来源|来源|作者|编辑|责任编辑|撰稿|撰稿人|供稿|摄影|审核|审稿|校对|点击|点击数|点击量|阅读|阅读数|阅读次数|浏览|浏览量|访问量|字号|字体|发布者|发布人|发布单位|发布机构|信息提供|分享到|索引号|文号|发文机关|主题分类)[\s\p{Zs}]*[:：]`)
	sourceFieldRE = regexp.MustCompile(`(?:信息|文章|稿件|新闻)?来源[\s\p{Zs}]*[:：][\s\p{Zs}]*([^\s\p{Zs}|｜]+)`)
	sourceCutRE   = regexp.MustCompile(`作者|责任编辑|编辑|浏览|点击|阅读|发布|时间|日期|字号|字体|【|\[`)
	// "…工作。（来源：园区运营部）" or "(来源:园区运营部)" at the end of a paragraph
	noteRE = regexp.MustCompile(`[（(][\s\p{Zs}]*(?:信息|文章|稿件|新闻)?来源[\s\p{Zs}]*[:：][\s\p{Zs}]*([^（）()]*?)[\s\p{Zs}]*[)）][\s\p{Zs}]*$`)
	// a last paragraph "来源：园区运营部", or "…工作。来源：园区运营部"
	noteLineRE = regexp.MustCompile(`(?:^|[。！？!?])[\s\p{Zs}]*(?:信息|文章|稿件|新闻)?来源[\s\p{Zs}]*[:：][\s\p{Zs}]*([^。，,；;：:（）()]{1,40}?)[\s\p{Zs}]*$`)
)

func isMeta(l string) bool { return runeLen(l) <= 120 && metaRE.MatchString(l) }

// sourceField returns the value of a "来源：" field on a header line ("来源：园区运营部 浏览次数：12").
func sourceField(l string) string {
	m := sourceFieldRE.FindStringSubmatch(l)
	if m == nil {
		return ""
	}
	v := m[1]
	if loc := sourceCutRE.FindStringIndex(v); loc != nil {
		v = v[:loc[0]]
	}
	return strings.TrimRightFunc(strings.TrimRight(v, ",，;；|｜、"), unicode.IsSpace)
}

// trailingSource splits a trailing source note off a paragraph.
func trailingSource(l string) (rest, source string, ok bool) {
	for _, re := range []*regexp.Regexp{noteRE, noteLineRE} {
		if loc := re.FindStringSubmatchIndex(l); loc != nil {
			src := strings.TrimFunc(l[loc[2]:loc[3]], unicode.IsSpace)
			if src == "" {
				return l, "", false
			}
			cut := loc[0]
			if re == noteLineRE && cut < len(l) {
				// keep the sentence's own end mark
				if r, size := utf8.DecodeRuneInString(l[cut:]); strings.ContainsRune("。！？!?", r) {
					cut += size
				}
			}
			return strings.TrimFunc(l[:cut], unicode.IsSpace), src, true
		}
	}
	return l, "", false
}

// ---- boilerplate

var (
	// footerMarks end the body wherever they appear: the site footer.
	footerMarks = []string{"版权所有", "copyright", "©", "icp备", "icp证", "公网安备", "网站标识码", "我为政府网站找错"}
	// trailerMarks follow the article: tool links and the neighbours.
	trailerMarks = []string{"打印本页", "打印此页", "打印文章", "【打印】", "[打印]", "关闭窗口", "关闭本页", "【关闭】", "[关闭]", "上一篇", "下一篇", "上一条", "下一条", "返回顶部", "返回列表"}
	// trailerHeadings head the lists that follow an article, when they are the whole line.
	trailerHeadings = []string{"相关文章", "相关新闻", "相关阅读", "相关信息", "相关链接", "延伸阅读", "推荐阅读", "热点新闻", "热门文章", "最新文章", "猜你喜欢"}
	// chromeMarks are dropped wherever they are.
	chromeMarks = []string{"浏览次数", "点击次数", "阅读次数", "访问次数", "【字体", "[字体", "字体：大", "字体:大", "字号：大", "字号:大", "【字号", "分享到："}
	// softMarks are the contact lines of a footer, which notices have too.
	softMarks = []string{"主办单位", "承办单位", "协办单位", "技术支持", "地址", "电话", "传真", "邮编", "邮政编码", "电子邮箱", "邮箱", "联系我们", "网站地图", "友情链接", "设为首页", "加入收藏", "网站声明", "免责声明", "隐私声明", "无障碍"}
	// siteMarks name the site itself: no article text starts with them.
	siteMarks = []string{"技术支持", "联系我们", "网站地图", "友情链接", "设为首页", "加入收藏", "网站声明", "免责声明", "隐私声明", "无障碍"}
	// softStrongStart: a contact line starting with one of these is the footer's, right before it.
	softStrongStart = append([]string{"主办单位", "承办单位", "协办单位"}, siteMarks...)
)

func containsAny(l string, marks []string) bool {
	lower := strings.ToLower(l)
	for _, m := range marks {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

func isFooter(l string) bool { return containsAny(l, footerMarks) }

// isTrailer: a trailer mark at the start of a line, or anywhere in a short one ("【打印本页】【关闭窗口】"), but
// not in a sentence such as "本文是上一篇报道的续篇……".
func isTrailer(l string) bool {
	if slices.Contains(trailerHeadings, strings.Trim(l, "：:【】[] ")) {
		return true
	}
	if !containsAny(l, trailerMarks) {
		return false
	}
	if runeLen(l) <= 40 {
		return true
	}
	t := strings.TrimLeft(l, "【[ ")
	for _, m := range trailerMarks {
		if strings.HasPrefix(t, strings.TrimLeft(m, "【[")) {
			return true
		}
	}
	return false
}

func isChrome(l string) bool { return containsAny(l, chromeMarks) }

// isEnd reports a line after which no title is searched.
func isEnd(l string) bool { return isFooter(l) && !longProse(l) || isTrailer(l) }

// longProse reports a long line that mentions 版权所有 in passing, without any other footer mark: a paragraph
// about copyright, not the footer. It is dropped (the body must not carry footer text) but does not end the
// body.
func longProse(l string) bool {
	if runeLen(l) <= 150 {
		return false
	}
	lower := strings.ToLower(l)
	for _, m := range footerMarks[1:] {
		if strings.Contains(lower, m) {
			return false
		}
	}
	return true
}

// softFooter reports whether a line is a footer contact line, and whether it is certain enough to drop
// silently: it starts with 主办单位, 技术支持, ..., or holds two contact marks ("地址：… 邮编：…"). A line with
// only "电话：…" or "地址：…" may be a notice's own contact and is dropped with a warning.
func softFooter(l string) (soft, silent bool) {
	count := 0
	for _, m := range softMarks {
		if strings.Contains(l, m) {
			count++
		}
	}
	// 邮政编码 contains 邮编? no; 电子邮箱 contains 邮箱: count it once
	if strings.Contains(l, "电子邮箱") {
		count--
	}
	if count >= 2 {
		return true, true
	}
	for _, m := range softStrongStart {
		if strings.HasPrefix(l, m) {
			return true, true
		}
	}
	for _, m := range softMarks {
		if strings.HasPrefix(l, m) {
			rest := strings.TrimLeft(l[len(m):], " ")
			if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
				return true, false
			}
		}
	}
	return false, false
}

// siteFooter reports a line that only a site footer has: a mark of the site itself (技术支持, 网站地图, ...)
// together with another contact mark ("主办单位：国家大学科技园　技术支持：某某公司"). 主办单位 and 承办单位
// together are not enough: an event notice ends so.
func siteFooter(l string) bool {
	site := false
	for _, m := range siteMarks {
		if strings.Contains(l, m) {
			site = true
			break
		}
	}
	if !site {
		return false
	}
	count := 0
	for _, m := range softMarks {
		if strings.Contains(l, m) {
			count++
		}
	}
	return count >= 2
}

// ---- small helpers

// titleEligible reports whether a line can be the title.
func titleEligible(l string) bool {
	if l == "" || !hasText(l) || runeLen(l) > maxTitle {
		return false
	}
	if isFooter(l) || isTrailer(l) || isChrome(l) || isMeta(l) || crumbRE.MatchString(l) {
		return false
	}
	_, _, isDate := findDate(l)
	return !isDate
}

// firstTitle returns the first line from start that can be the title, or -1. A line that repeats a column of
// the path ("通知公告") is a column heading when a title and its date line follow; on a single-page column
// ("园区简介") it is the title.
func firstTitle(lines []string, start int, category []string) int {
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if isEnd(l) {
			break
		}
		if runeLen(l) > maxTitle {
			return -1 // the page starts with a paragraph: it has no title
		}
		if !titleEligible(l) {
			continue
		}
		if slices.Contains(category, l) && i+2 < len(lines) && titleEligible(lines[i+1]) {
			if _, _, ok := findDate(lines[i+2]); ok {
				continue
			}
		}
		return i
	}
	return -1
}

// firstDateLine returns the index of the first line from start that gives a date, before the footer, or -1.
func firstDateLine(lines []string, start int) int {
	for i := start; i < len(lines); i++ {
		if isEnd(lines[i]) {
			break
		}
		if _, _, ok := findDate(lines[i]); ok {
			return i
		}
	}
	return -1
}

// crumbIsTitle reports whether the last crumb of a path is the article's title rather than its column: equal
// to a title longer than a column name, or a prefix of it cut with an ellipsis.
func crumbIsTitle(crumb, title string) bool {
	if title == "" {
		return false
	}
	if crumb == title {
		return runeLen(title) > 12
	}
	cut := strings.TrimRight(crumb, ".…")
	return cut != crumb && runeLen(cut) >= 6 && strings.HasPrefix(title, cut)
}

// hasText reports whether a line holds a letter or digit of any script (so not only punctuation or "?").
func hasText(l string) bool {
	for _, r := range l {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
