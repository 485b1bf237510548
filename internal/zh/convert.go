package zh

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
)

// The conversion tables are OpenCC's (Open Chinese Convert, https://github.com/BYVoid/OpenCC, Apache-2.0):
// STPhrases/STCharacters for "s2t" and TSPhrases/TSCharacters for "t2s", embedded in the binary by the pure-Go
// port github.com/longbridgeapp/opencc. Conversion is phrase-level: at each position the longest entry of the
// phrase table wins, then the character table, so 头发 becomes 頭髮 while 发展 becomes 發展.
//
// We use the plain OpenCC standard ("s2t", "t2s"), not the regional variants ("s2tw", "s2hk") or the ones that
// also swap vocabulary ("s2twp": 软件 -> 軟體): the park's archive was converted character by character and
// must come back unchanged in wording, and pages we publish in Traditional are for readers of the same texts.
//
// Building a converter parses the embedded dictionaries into double-array tries (the phrase table alone has
// about 49,000 entries, roughly 1 MB of text), which takes a noticeable fraction of a second, so each converter
// is built once, on first use. After construction an *opencc.OpenCC is only read: Convert keeps its state in
// local variables and the tries' lookups (liuzl/cedar-go) do not write, so one instance serves all goroutines
// without a lock. TestConvertConcurrent runs it under the race detector.
var (
	s2t = sync.OnceValue(func() *opencc.OpenCC { return mustConverter("s2t") })
	t2s = sync.OnceValue(func() *opencc.OpenCC { return mustConverter("t2s") })
)

func mustConverter(conversion string) *opencc.OpenCC {
	cc, err := opencc.New(conversion)
	if err != nil {
		// The dictionaries are embedded in the binary: failing to read them is a build defect, not a run-time
		// condition a caller could handle.
		panic(fmt.Sprintf("zh: loading OpenCC %q: %v", conversion, err))
	}
	return cc
}

// ToTraditional converts Simplified Chinese to Traditional Chinese (OpenCC standard "s2t", phrase-level).
// Text without Han characters is returned as is. Characters that are already Traditional stay unchanged.
// In text with Han characters, bytes that are not valid UTF-8 become U+FFFD.
func ToTraditional(s string) string {
	out := convert(s2t(), s)
	// The Go port adds its own entry 讲下 -> 講吓 (Cantonese, for Hong Kong finance texts) to OpenCC's
	// STPhrases (longbridgeapp/opencc, addition-dictionary/STPhrases.txt), which turns the mainland
	// "讲下一步工作" into "講吓一步工作". OpenCC itself has no such entry; undo it unless the input really has 吓.
	if strings.Contains(out, "講吓") && !strings.Contains(s, "吓") {
		out = strings.ReplaceAll(out, "講吓", "講下")
	}
	return out
}

// ToSimplified converts Traditional Chinese to Simplified Chinese (OpenCC standard "t2s", phrase-level).
// Text without Han characters is returned as is; Simplified text passes through essentially unchanged.
// In text with Han characters, bytes that are not valid UTF-8 become U+FFFD.
func ToSimplified(s string) string { return convert(t2s(), s) }

func convert(cc *opencc.OpenCC, s string) string {
	if !hasHan(s) {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil {
		// Convert fails only on a corrupt trie (the dictionaries are embedded), never because of the input.
		// Returning the input unchanged keeps the text intact rather than losing it.
		return s
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
