package zh

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripPinyin removes the pinyin annotations that a Simplified-to-Traditional converter inserted right after
// some characters of the park's old pages: "當(dāng)前位置: 首頁(yè)" becomes "當前位置: 首頁".
//
// An annotation is removed when all of these hold:
//
//   - it opens with "(" or "（" immediately after a Han character (no space between);
//   - it holds exactly one Hanyu Pinyin syllable in lower case: latin letters, tone-marked vowels
//     (āáǎà ēéěè īíǐì ōóǒò ūúǔù ǖǘǚǜ, ü, ê, also "v" for ü and combining tone marks), at most one tone mark,
//     or instead of a tone mark a tone digit 1-5;
//   - the letters without their tone marks form a syllable of the standard syllable table (see syllables);
//   - a syllable written without a tone mark (the neutral tone: 的(de), 們(men), or with a tone digit) has at
//     least two letters, so that labels such as "(a)" or "(e2)" stay; ê is the exception, never being a label;
//   - it closes with ")" or "）" right after the syllable.
//
// Ordinary parentheses are never touched: "（来源：园区运营部）", "(2022)", "(ICP)", "（试行）", "(Kuang-Chi)" after
// a latin word, and "深圳光启(KC)" (upper case: real annotations are lower case), "(pdf)" (not a syllable),
// "(m2)" (interjections such as m, n, ng, hm are left out of the table because they collide with units).
//
// Whether a character is followed by an annotation is decided against the text already kept, so that
// "創(chuàng)(xīn)" loses both annotations and StripPinyin(StripPinyin(s)) == StripPinyin(s). Bytes that are not
// valid UTF-8 are copied unchanged; the result is never longer than s.
func StripPinyin(s string) string {
	if !strings.Contains(s, "(") && !strings.Contains(s, "（") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var last rune = utf8.RuneError // last rune written to b
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && isHan(last) {
			if n := annotationLen(s[i:]); n > 0 {
				i += n
				continue // last stays the Han character before the annotation
			}
		}
		b.WriteString(s[i : i+size])
		if r == utf8.RuneError && size == 1 {
			last = utf8.RuneError
		} else {
			last = r
		}
		i += size
	}
	return b.String()
}

// annotationLen returns the length in bytes of the pinyin annotation at the start of s ("(dāng)"), or 0 when s
// does not start with one. s starts with "(" or "（".
func annotationLen(s string) int {
	_, open := utf8.DecodeRuneInString(s)
	var base strings.Builder
	tones := 0 // tone marks seen
	digit := false
	letters := 0
	for i := open; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ')' || r == '）':
			if letters == 0 {
				return 0
			}
			if !validSyllable(base.String(), letters, tones) {
				return 0
			}
			return i + size
		case digit:
			return 0 // the tone digit must be last
		case r >= '1' && r <= '5':
			if letters == 0 || tones > 0 {
				return 0
			}
			digit = true
		case isCombiningTone(r):
			if letters == 0 || !isVowel(lastRune(base.String())) {
				return 0
			}
			if r == '\u0308' { // diaeresis: u + ̈ is ü
				if lastRune(base.String()) != 'u' {
					return 0
				}
				str := base.String()
				base.Reset()
				base.WriteString(str[:len(str)-1])
				base.WriteRune('ü')
			} else {
				tones++
			}
		default:
			plain, marked, ok := pinyinLetter(r)
			if !ok {
				return 0
			}
			if marked {
				tones++
			}
			base.WriteRune(plain)
			letters++
			if letters > 6 { // the longest syllables (zhuang, chuang, shuang) have six letters
				return 0
			}
		}
		i += size
		if tones > 1 {
			return 0
		}
	}
	return 0
}

func validSyllable(base string, letters, tones int) bool {
	if _, ok := syllables[base]; !ok {
		return false
	}
	if tones == 0 && letters < 2 && base != "ê" {
		return false // "(a)", "(e2)": too likely an enumeration or a label
	}
	return true
}

// pinyinLetter maps a lower-case pinyin letter to its toneless form and reports whether it carried a tone mark.
func pinyinLetter(r rune) (plain rune, marked, ok bool) {
	if r >= 'a' && r <= 'z' {
		if r == 'v' {
			return 'ü', false, true
		}
		return r, false, true
	}
	switch r {
	case 'ü', 'ê':
		return r, false, true
	case 'ā', 'á', 'ǎ', 'à':
		return 'a', true, true
	case 'ē', 'é', 'ě', 'è':
		return 'e', true, true
	case 'ī', 'í', 'ǐ', 'ì':
		return 'i', true, true
	case 'ō', 'ó', 'ǒ', 'ò':
		return 'o', true, true
	case 'ū', 'ú', 'ǔ', 'ù':
		return 'u', true, true
	case 'ǖ', 'ǘ', 'ǚ', 'ǜ':
		return 'ü', true, true
	case 'ế', 'ề': // ê with the rising and falling tones (precomposed in Unicode)
		return 'ê', true, true
	}
	return 0, false, false
}

// isCombiningTone reports the combining marks a decomposed (NFD) annotation may use: macron, acute, caron and
// grave for the four tones, and the diaeresis of ü.
func isCombiningTone(r rune) bool {
	switch r {
	case '\u0304', '\u0301', '\u030C', '\u0300', '\u0308':
		return true
	}
	return false
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'ü', 'ê':
		return true
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isHan(r rune) bool {
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// syllables is the inventory of standard Mandarin syllables in Hanyu Pinyin, toneless, with ü written as ü
// (after the table in the Scheme for the Chinese Phonetic Alphabet, 汉语拼音方案 1958, and the syllable table
// of 现代汉语词典). Left out on purpose: the interjection syllables m, n, ng, hm, hng, which collide with
// units and labels such as "(m)" or "(m2)".
var syllables = func() map[string]struct{} {
	const table = `
a o e ê ai ei ao ou an en ang eng er
yi ya ye yao you yan yin yang ying yong yo
wu wa wo wai wei wan wen wang weng
yu yue yuan yun
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu
fa fo fei fou fan fen fang feng fu
da de dai dei dao dou dan den dang deng dong di dia die diao diu dian ding du duo dui duan dun
ta te tai tei tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nun nü nüe
la lo le lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun lü lüe
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang
cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
sa se si sai sao sou san sen sang seng song su suo sui suan sun
`
	m := make(map[string]struct{}, 420)
	for _, s := range strings.Fields(table) {
		m[s] = struct{}{}
	}
	return m
}()
