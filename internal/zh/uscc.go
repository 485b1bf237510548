package zh

import (
	"fmt"
	"strings"
)

// The unified social credit code (统一社会信用代码) of GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》:
// 18 characters from a 31-character set (digits and capitals without I, O, Z, S, V); characters 9 to 17 are
// the organisation code of GB 11714-1997 《全国组织机构代码编制规则》, whose 9th character is its own check digit;
// the 18th character checks all of it.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i-1) mod 31 for positions 1 to 17 (GB 32100-2015, 4.2 and Annex B).
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the weights of GB 11714-1997 for the 8 body characters of an organisation code.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// USCCError says what is wrong with a credit code, in Chinese, naming the position.
type USCCError struct {
	Pos     int    // 1-based position of the wrong character; 0 when the length is wrong
	Got     string // the character found
	Want    string // the character expected there, when one can be computed
	Message string
}

func (e *USCCError) Error() string { return e.Message }

// CheckUSCC validates a unified social credit code and returns nil or a *USCCError. Lower-case letters are
// accepted as their capitals; spaces around are ignored.
func CheckUSCC(code string) error {
	c := strings.ToUpper(strings.TrimSpace(code))
	r := []rune(c)
	if len(r) != 18 {
		return &USCCError{Message: fmt.Sprintf("统一社会信用代码应为 18 位，现为 %d 位", len(r))}
	}
	vals := make([]int, 18)
	for i, ch := range r {
		v := strings.IndexRune(usccChars, ch)
		if v < 0 {
			msg := fmt.Sprintf("第 %d 位“%c”不是有效字符：只能是数字或除 I、O、Z、S、V 以外的大写字母", i+1, ch)
			return &USCCError{Pos: i + 1, Got: string(ch), Message: msg}
		}
		vals[i] = v
	}
	// Characters 3 to 8: the administrative division code, digits only.
	for i := 2; i < 8; i++ {
		if vals[i] > 9 {
			return &USCCError{Pos: i + 1, Got: string(r[i]), Message: fmt.Sprintf("第 %d 位“%c”应为数字（第 3 至 8 位是登记管理机关行政区划码）", i+1, r[i])}
		}
	}
	// Characters 9 to 17: the organisation code; its body (9 to 16) is digits or capitals, 17 its check.
	sum := 0
	for i := 0; i < 8; i++ {
		ch := r[8+i]
		var v int
		switch {
		case ch >= '0' && ch <= '9':
			v = int(ch - '0')
		case ch >= 'A' && ch <= 'Z':
			v = int(ch-'A') + 10
		}
		sum += v * orgWeights[i]
	}
	want := orgCheck(sum)
	if string(r[16]) != want {
		return &USCCError{Pos: 17, Got: string(r[16]), Want: want,
			Message: fmt.Sprintf("第 17 位（组织机构代码的校验码）应为“%s”，实为“%c”：第 9 至 16 位或第 17 位有误", want, r[16])}
	}
	sum = 0
	for i := 0; i < 17; i++ {
		sum += vals[i] * usccWeights[i]
	}
	w := (31 - sum%31) % 31
	if vals[17] != w {
		return &USCCError{Pos: 18, Got: string(r[17]), Want: string(usccChars[w]),
			Message: fmt.Sprintf("第 18 位校验码应为“%c”，实为“%c”：前 17 位中有字符有误，或校验码有误", usccChars[w], r[17])}
	}
	return nil
}

// orgCheck is the GB 11714 check character for a weighted sum: 11 - sum mod 11, with 10 written X and 11 as 0.
func orgCheck(sum int) string {
	switch c := 11 - sum%11; c {
	case 10:
		return "X"
	case 11:
		return "0"
	default:
		return string(rune('0' + c))
	}
}
