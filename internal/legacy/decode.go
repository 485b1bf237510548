package legacy

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"parkos/internal/zh"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}

	// <meta charset="gb2312">, <meta http-equiv="Content-Type" content="text/html; charset=gbk">, and the XML
	// declaration of XHTML pages.
	metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)
	xmlEncodingRE = regexp.MustCompile(`(?i)<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)`)
	htmlRE        = regexp.MustCompile(`(?i)<(?:!doctype\s+html|html|head|body|meta|p|div|br|table|span|h[1-6])[\s>/]`)
)

// decode returns data as UTF-8 text and says whether it is HTML. The encoding is taken, in this order, from a
// byte order mark, from the page's own declaration (meta charset or XML declaration, HTML only), and otherwise
// from the bytes: UTF-8 when they are valid UTF-8, else whichever of GB18030 (the superset of GB2312 and GBK)
// and Big5 reads as more plausible Chinese. warnings are for the editor, in Chinese.
func decode(data []byte) (text string, isHTML bool, warnings []string, err error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		text = string(data[len(bomUTF8):])
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		return text, looksHTML(text), nil, nil
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", false, nil, fmt.Errorf("decoding UTF-16: %w", err)
		}
		text = string(b)
		return text, looksHTML(text), nil, nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", false, nil, errNotText
	}
	isHTML = looksHTML(string(data))
	if isHTML {
		if label := declaredCharset(data); label != "" {
			enc, name := charset.Lookup(label)
			switch {
			case enc == nil:
				warnings = append(warnings, fmt.Sprintf("页面声明的编码 %q 无法识别，已自动判断", label))
			case name == "utf-8":
				if utf8.Valid(data) {
					return string(data), true, nil, nil
				}
				text, name := sniff(data)
				if name == "UTF-8" {
					return text, true, []string{"页面含有不是有效 UTF-8 的字节，已作为丢失的字符标出"}, nil
				}
				return text, true, []string{fmt.Sprintf("页面声明为 UTF-8，但内容不是有效的 UTF-8，已按 %s 读取", name)}, nil
			default:
				if utf8.Valid(data) && hasNonASCII(data) {
					// Re-saved as UTF-8 by an editor that kept the old declaration: GBK or Big5 text of any
					// length is practically never valid UTF-8.
					return string(data), true, []string{fmt.Sprintf("页面声明的编码为 %s，但内容是 UTF-8，已按 UTF-8 读取", label)}, nil
				}
				b, err := enc.NewDecoder().Bytes(data)
				if err != nil {
					return "", false, nil, fmt.Errorf("decoding %s: %w", name, err)
				}
				return string(b), true, nil, nil
			}
		}
	}
	if utf8.Valid(data) {
		return string(data), isHTML, warnings, nil
	}
	text, _ = sniff(data)
	return text, isHTML, warnings, nil
}

var errNotText = errors.New("not a text or HTML file")

func looksHTML(s string) bool {
	if len(s) > 1<<16 {
		s = s[:1<<16]
	}
	return htmlRE.MatchString(s)
}

// declaredCharset returns the charset a page declares in its first 16 KiB, or "".
func declaredCharset(data []byte) string {
	if len(data) > 16<<10 {
		data = data[:16<<10]
	}
	if m := metaCharsetRE.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	if m := xmlEncodingRE.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}

func hasNonASCII(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// sniff decodes bytes that are not valid UTF-8 and carry no usable declaration. The park's old site is
// Simplified, so GB18030 (which reads GB2312 and GBK) is the default. Big5 (a page saved on a
// Traditional-Chinese system after the conversion) or UTF-8 with a few broken bytes (which become U+FFFD) is
// taken only when it reads as clearly more plausible Chinese.
func sniff(data []byte) (string, string) {
	best, name := decodeWith(simplifiedchinese.GB18030, data), "GB18030"
	score := plausibility(best)
	for _, c := range []struct {
		name string
		text string
	}{
		{"UTF-8", strings.ToValidUTF8(string(data), "\uFFFD")},
		{"Big5", decodeWith(traditionalchinese.Big5, data)},
	} {
		if s := plausibility(c.text); s > score+score/4+2 {
			best, name, score = c.text, c.name, s
		}
	}
	return best, name
}

func decodeWith(enc encoding.Encoding, data []byte) string {
	b, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return ""
	}
	return string(b)
}

// plausibility counts the common Chinese characters in s, after conversion to Simplified, minus the
// replacement characters a decoder wrote for bytes it could not read. Text decoded with the wrong one of
// GB18030 and Big5 turns into rare characters and replacement characters.
func plausibility(s string) int {
	n := 0
	for _, r := range zh.ToSimplified(s) {
		switch {
		case r == utf8.RuneError:
			n -= 2
		case commonSet[r]:
			n++
		}
	}
	return n
}

var commonSet = func() map[rune]bool {
	m := make(map[rune]bool)
	for _, r := range commonHan {
		m[r] = true
	}
	return m
}()

// commonHan holds some of the most frequent characters of modern Chinese text, and those of the park's pages.
const commonHan = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研创科技园企申报通知新闻心位置首页布务服政策项目"
