package industry

import (
	"fmt"
	"strings"
)

var byDivision = func() map[string]Division {
	m := map[string]Division{}
	for _, s := range sections {
		for _, d := range s.Divisions {
			m[d.Code] = d
		}
	}
	return m
}()

// Sections lists the 20 sections in order, each with its divisions.
func Sections() []Section { return sections }

// SectionByCode returns a section (门类) by its letter.
func SectionByCode(code string) (Section, bool) {
	for _, s := range sections {
		if s.Code == strings.ToUpper(code) {
			return s, true
		}
	}
	return Section{}, false
}

// DivisionOf returns the division (大类) a code belongs to: the code itself when it has two digits, the first
// two digits of a group (中类, three digits) or class (小类, four digits). A leading section letter, as in
// "C3963", is allowed and must agree.
func DivisionOf(code string) (Division, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	letter := ""
	if c != "" && c[0] >= 'A' && c[0] <= 'Z' {
		letter, c = c[:1], c[1:]
	}
	if len(c) < 2 || len(c) > 4 || strings.Trim(c, "0123456789") != "" {
		return Division{}, fmt.Errorf("行业代码“%s”格式不对：应为门类字母加 2 至 4 位数字，如 C39 或 C3963", code)
	}
	d, ok := byDivision[c[:2]]
	if !ok {
		return Division{}, fmt.Errorf("行业代码“%s”中的大类 %s 不存在（GB/T 4754-2017 大类为 01 至 97）", code, c[:2])
	}
	if letter != "" && letter != d.Section {
		return Division{}, fmt.Errorf("行业代码“%s”的门类应为 %s（大类 %s %s 属于门类 %s）", code, d.Section, d.Code, d.Name, d.Section)
	}
	return d, nil
}
