package enterprise

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"parkos/internal/errs"
)

// Money is kept in fen (分) and typed and shown in 万元 (10^6 fen), so that six decimals of 万元 are exact.

// numberFold turns full-width digits, point and minus, as Chinese input methods type them, into ASCII and
// drops the separators people paste (1,234.5 or 1 234.5).
var numberFold = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6",
	"７", "7", "８", "8", "９", "9", "．", ".", "－", "-", "−", "-", ",", "", "，", "", " ", "")

// wanRE is an amount in 万元: up to 12 whole digits (under 1 万亿元) and up to 6 decimals, with a minus sign
// for a loss.
var wanRE = regexp.MustCompile(`^-?[0-9]{1,12}(\.[0-9]{1,6})?$`)

// countRE is a whole count, such as a headcount or a number of patents.
var countRE = regexp.MustCompile(`^-?[0-9]{1,9}$`)

// ParseWan reads an amount typed in 万元 into fen, exactly, without going through a float: "1200.5" is
// 1,200,500,000 fen, "-35.5" a loss of 35,500,000 fen. It takes full-width digits and thousands separators;
// anything else (letters, two points, more than six decimals, 1 万亿元 or more) is refused.
func ParseWan(s string) (int64, error) {
	s = numberFold.Replace(strings.TrimSpace(s))
	if !wanRE.MatchString(s) {
		return 0, errs.Invalidf("amount", "金额应为万元数，如 1200.5，最多 6 位小数")
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	fen := w*1_000_000 + f
	if neg {
		fen = -fen
	}
	return fen, nil
}

// Wan writes fen as 万元 with every decimal it needs (up to six), so that a form shows back exactly what is
// stored: 12345678 fen is "12.345678", 1200500000 fen is "1200.5".
func Wan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	s := strconv.FormatInt(fen/1_000_000, 10)
	if fr := fen % 1_000_000; fr != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", fr), "0")
	}
	return sign + s
}
