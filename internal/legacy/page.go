// Package legacy reads pages saved from the park's old portal, as HTML or as extracted text, and returns
// their content in Simplified Chinese with the original date, the column path and the source, so that the
// importer can take in the old archive.
//
// The old pages share one shape (see the project's CONTEXT.md, "The old website"): a breadcrumb
// "当前位置: 首页 > 新闻中心 > 通知公告", the title, a line "发布时间:2022-03-15", the body in paragraphs often
// ending with "（来源：…）", then a footer with 版权所有, the ICP and public-security filing numbers, address,
// phone and 技术支持. Many copies went through a Simplified-to-Traditional converter that also put the pinyin
// of some characters in parentheses after them, and some characters were lost as "?". Parse undoes the
// conversion (zh.StripPinyin, then zh.ToSimplified), keeps lost characters as they are and warns about them.
//
// The package is pure: it reads bytes and returns values, without a database or files.
package legacy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Page is one page of the old portal, as far as Parse could recover it.
type Page struct {
	// Title is the article's title in Simplified Chinese.
	Title string
	// Date is the publication date (发布时间) at midnight China Standard Time (UTC+8); zero when not found.
	Date time.Time
	// Category is the breadcrumb path without 首页, e.g. ["新闻中心", "通知公告"]; nil when not found.
	Category []string
	// Source is the 来源 of the article: from a trailing note "（来源：园区运营部）", which is removed from the
	// body, or from the 来源 field next to the date.
	Source string
	// Body holds the paragraphs in Simplified Chinese, without annotations, navigation or footer.
	Body []string
	// Warnings tell an editor, in Chinese, what to check: missing title, date or column, lost characters,
	// lines dropped as footer that might belong to the text, the encoding guessed.
	Warnings []string
	// File is the name the page was parsed under.
	File string
}

// Warnings that Parse gives; a warning may carry details after a colon ("正文含有丢失的字符（?），请编辑核对：第2段").
const (
	WarnNoTitle        = "未找到标题"
	WarnNoDate         = "未找到发布时间"
	WarnNoCategory     = "未找到栏目路径"
	WarnNoBody         = "未找到正文"
	WarnLostChars      = "正文含有丢失的字符（?），请编辑核对"
	WarnLostCharsTitle = "标题含有丢失的字符（?），请编辑核对"
)

// ErrEmpty is returned for a file without any content; ErrNotText for one that is neither text nor HTML
// (for example a Word document or a PDF saved by mistake).
var (
	ErrEmpty   = errors.New("legacy: empty file")
	ErrNotText = errors.New("legacy: not a text or HTML file")
)

// China Standard Time, in which the old portal showed its dates.
var cst = time.FixedZone("CST", 8*60*60)

// Parse reads one saved page. data may be HTML (recognised by its tags) or text extracted from a page. The
// encoding comes from a byte order mark (UTF-8, UTF-16), else from the page's meta charset, else from the
// bytes: UTF-8 when valid, otherwise GB18030 (GB2312, GBK) or, when it reads clearly better, Big5. name is
// kept as Page.File and used in errors. Parse returns an error only when there is nothing to read (ErrEmpty,
// ErrNotText); a page it cannot fully make sense of comes back with Warnings.
func Parse(name string, data []byte) (*Page, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	text, isHTML, warnings, err := decode(data)
	if errors.Is(err, errNotText) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotText)
	}
	if err != nil {
		return nil, fmt.Errorf("legacy: %s: %w", name, err)
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	var lines, titles []string
	if isHTML {
		lines, titles, err = extractHTML(text)
		if err != nil {
			return nil, fmt.Errorf("legacy: %s: parsing HTML: %w", name, err)
		}
	} else {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		lines = strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n")
	}
	p := parseLines(lines, titles)
	p.File = name
	p.Warnings = append(warnings, p.Warnings...)
	return p, nil
}

// Key identifies the page across imports: the first 16 hex digits of the SHA-256 of the title (white space
// removed) and the date (YYYY-MM-DD in China Standard Time, empty when unknown). Importing the same page twice,
// from HTML or from text, gives the same key; a different title or date gives another.
func (p *Page) Key() string {
	date := ""
	if !p.Date.IsZero() {
		date = p.Date.In(cst).Format(time.DateOnly)
	}
	title := strings.Join(strings.Fields(p.Title), "")
	sum := sha256.Sum256([]byte(title + "\x00" + date))
	return hex.EncodeToString(sum[:8])
}
