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
//     told from "创?新" without understanding the sentence); or
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
		if lostRun(before, after) {
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

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }
