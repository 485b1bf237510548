package zh

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// HasLostChars reports whether s seems to contain characters that an earlier encoding step lost, shown as
// question marks. It is meant to flag a text for an editor, never to change it, so where a genuine question and
// a lost character cannot be told apart it errs towards flagging.
//
// A run of one or more question marks ("?" or the full-width "？") counts as lost characters when
//
//  1. the rune after the run is a Han character ("创?新", "?国", and also "怎么办？请看下文", which cannot be
//     told from "创?新" without understanding the sentence), unless the text before the run ends with a
//     question particle or word (吗 呢 吧 么 嘛 啊 呀 谁 哪 为何 如何 哪里 哪儿 多少 是否 怎样 几何, or their
//     Traditional forms): "你好吗？我很好", "为什么？因为…" are genuine questions; or
//  2. the rune before the run is a Han character and the rune after it is a letter or digit ("第?2期"), or one of
//     the punctuation marks that never follow a real question mark: ， , 、 ； ; ： : 。 . ("地?："); or
//  3. the runes on both sides are ASCII digits ("2022?3?15?", where 年 and 月 were lost).
//
// A run is not counted when it ends the text or is followed by white space (a line break included), a closing
// quote or bracket, "!" or "！", since that is how a genuine question ends: "怎么办？", "他问：“为什么？”".
// Nor is a run after a latin letter ("index.php?id=3", "What? Yes."), or after any rune other than a Han
// character or a digit when it is not followed by a Han character.
//
// A line that holds question marks and nothing but question marks, white space and punctuation ("？？？",
// "? ?") is noise left by a lost line and is counted. So is any U+FFFD replacement character, which decoders
// write for bytes they could not decode, and any byte sequence that is not valid UTF-8.
func HasLostChars(s string) bool {
	if strings.ContainsRune(s, utf8.RuneError) { // U+FFFD, or bytes that are not valid UTF-8
		return true
	}
	if !strings.ContainsRune(s, '?') && !strings.ContainsRune(s, '？') {
		return false
	}
	for line := range strings.Lines(s) {
		if lineHasLostChars(strings.TrimRight(line, "\r\n")) {
			return true
		}
	}
	return false
}

func lineHasLostChars(line string) bool {
	rs := []rune(line)
	noise := true // only question marks, space and punctuation so far
	sawQ := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !isQuestion(r) {
			if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
				noise = false
			}
			continue
		}
		sawQ = true
		j := i
		for j < len(rs) && isQuestion(rs[j]) {
			j++
		}
		var before, after rune = -1, -1
		if i > 0 {
			before = rs[i-1]
		}
		if j < len(rs) {
			after = rs[j]
		}
		if lostRun(before, after) && !afterQuestionWord(rs[:i]) {
			return true
		}
		i = j - 1
	}
	return sawQ && noise
}

func lostRun(before, after rune) bool {
	if after < 0 {
		return false
	}
	if isHan(after) {
		return true
	}
	if isASCIIDigit(before) && isASCIIDigit(after) {
		return true
	}
	if !isHan(before) {
		return false
	}
	if unicode.IsLetter(after) || unicode.IsDigit(after) {
		return true
	}
	switch after {
	case '，', ',', '、', '；', ';', '：', ':', '。', '.':
		return true
	}
	return false
}

func isQuestion(r rune) bool { return r == '?' || r == '？' }

// questionEnds are the particles and question words that end a genuine question, in Simplified and
// Traditional characters.
var questionEnds = []string{
	"吗", "嗎", "呢", "吧", "么", "麼", "嘛", "啊", "呀", "谁", "誰", "哪",
	"为何", "為何", "如何", "哪里", "哪裡", "哪儿", "哪兒", "多少", "是否", "怎样", "怎樣", "几何", "幾何",
}

// afterQuestionWord reports whether the text before a question mark ends with a question particle or word.
func afterQuestionWord(before []rune) bool {
	for _, w := range questionEnds {
		n := utf8.RuneCountInString(w)
		if len(before) >= n && string(before[len(before)-n:]) == w {
			return true
		}
	}
	return false
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }
