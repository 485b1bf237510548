package zh

import (
	"strings"
	"testing"
)

// Credit codes of well-known companies as published in their business licences.
var realCodes = []string{
	"914403001922038216", // 华为技术有限公司
	"91330100716105852F", // 阿里巴巴（中国）有限公司
	"9144030071526726XG", // 深圳市腾讯计算机系统有限公司
	"91110108551385082Q", // 北京小米科技有限责任公司
}

func TestCheckUSCCAcceptsRealCodes(t *testing.T) {
	for _, c := range realCodes {
		if err := CheckUSCC(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
		if err := CheckUSCC(" " + strings.ToLower(c) + " "); err != nil {
			t.Errorf("lower case %s: %v", c, err)
		}
	}
}

// Every one-character change of a real code is refused, and the message names a position.
func TestCheckUSCCRefusesEveryOneCharacterChange(t *testing.T) {
	for _, c := range realCodes {
		for i := range 18 {
			for _, ch := range usccChars {
				if byte(ch) == c[i] {
					continue
				}
				bad := c[:i] + string(ch) + c[i+1:]
				err := CheckUSCC(bad)
				if err == nil {
					t.Fatalf("%s (position %d changed) was accepted", bad, i+1)
				}
				e := err.(*USCCError)
				if e.Pos == 0 || !strings.Contains(e.Message, "第") {
					t.Fatalf("%s: message without a position: %s", bad, e.Message)
				}
			}
		}
	}
}

func TestCheckUSCCMessages(t *testing.T) {
	for code, want := range map[string]string{
		"91440300192203821":  "应为 18 位，现为 17 位",
		"914403001922O38216": "第 13 位“O”不是有效字符",
		"91A403001922038216": "第 3 位“A”应为数字",
		"914403001922038217": "第 18 位校验码应为“6”，实为“7”",
		"914403001922038316": "第 17 位（组织机构代码的校验码）应为“X”，实为“1”",
	} {
		err := CheckUSCC(code)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", code, err, want)
		}
	}
}
