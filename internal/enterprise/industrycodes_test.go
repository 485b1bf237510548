package enterprise

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/dbtest"
	"parkos/internal/errs"
	"parkos/internal/industry"
)

// codeTable writes a code table in the standard's layout (门类, 大类, 中类, 小类, 类别名称): every section and
// division, and the groups and classes given. Division codes are written without their leading zero, as a
// number cell would keep them.
func codeTable(extra ...[2]string) string {
	var b strings.Builder
	b.WriteString("门类,大类,中类,小类,类别名称\n")
	for _, s := range industry.Sections() {
		fmt.Fprintf(&b, "%s,,,,%s\n", s.Code, s.Name)
		for _, d := range s.Divisions {
			fmt.Fprintf(&b, ",%s,,,%s\n", strings.TrimLeft(d.Code, "0"), d.Name)
			for _, x := range extra {
				if strings.HasPrefix(x[0], d.Code) {
					if len(x[0]) == 3 {
						fmt.Fprintf(&b, ",,%s,,%s\n", x[0], x[1])
					} else {
						fmt.Fprintf(&b, ",,,%s,%s\n", x[0], x[1])
					}
				}
			}
		}
	}
	return b.String()
}

// Groups and classes of GB/T 4754-2017 used by the tests (clause 5's table).
var someCodes = [][2]string{{"011", "谷物种植"}, {"0111", "稻谷种植"}, {"396", "智能消费设备制造"}, {"3961", "可穿戴智能设备制造"},
	{"3963", "智能无人飞行器制造"}, {"732", "工程和技术研究和试验发展"}, {"7320", "工程和技术研究和试验发展"}}

func TestIndustryCodes(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t)
	s := NewService(d, audit.New(d, []byte("k")), Options{})
	sys := auth.System("t")

	// Before a table is loaded, what DivisionOf accepts passes.
	for _, code := range []string{"", "C3969", "C39", "3963"} {
		if err := checkIndustryCode(ctx, d.R, code); err != nil {
			t.Errorf("%q before loading: %v", code, err)
		}
	}
	if err := checkIndustryCode(ctx, d.R, "A39"); !errs.Is(err, errs.Invalid) || !strings.Contains(errs.As(err).Fields["industry_code"], "门类应为 C") {
		t.Errorf("A39: %v", err)
	}

	// GB18030, as spreadsheets in China often save CSV.
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(codeTable(someCodes...))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportIndustryCodes(ctx, sys, "gbt4754.csv", strings.NewReader(gbk))
	if err != nil || *res != (IndustryCodeResult{Sections: 20, Divisions: 97, Groups: 3, Classes: 4}) {
		t.Fatalf("load: %+v %v", res, err)
	}
	var parent string
	if err := d.R.QueryRowContext(ctx, `SELECT parent FROM industry_codes WHERE code = 'A0111'`).Scan(&parent); err != nil || parent != "A011" {
		t.Fatalf("parent of A0111: %q %v", parent, err)
	}
	for code, ok := range map[string]bool{"C3963": true, "3963": true, "C396": true, "C39": true, "C3969": false, "C397": false, "A0111": true} {
		err := checkIndustryCode(ctx, d.R, code)
		if (err == nil) != ok {
			t.Errorf("%s after loading: %v", code, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "不在 GB/T 4754-2017 代码表中")) {
			t.Errorf("%s: %v", code, err)
		}
	}
	// The same table as an .xlsx in the two-column layout replaces it.
	rows := [][]any{{"代码", "名称"}}
	for _, sec := range industry.Sections() {
		rows = append(rows, []any{sec.Code, sec.Name})
		for _, dv := range sec.Divisions {
			rows = append(rows, []any{sec.Code + dv.Code, dv.Name})
		}
	}
	rows = append(rows, []any{"C396", "智能消费设备制造"}, []any{"C3961", "可穿戴智能设备制造"})
	if res, err = s.ImportIndustryCodes(ctx, sys, "codes.xlsx", bytes.NewReader(workbook(t, "Sheet1", rows))); err != nil || res.Classes != 1 {
		t.Fatalf("xlsx: %+v %v", res, err)
	}
	if err := checkIndustryCode(ctx, d.R, "C3963"); err == nil {
		t.Error("C3963 passed after a table without it replaced the first")
	}

	// A wrong table is refused whole, with its cells named; the loaded table stays.
	bad := codeTable(append(someCodes, [2]string{"3999", "无所属中类"})...)
	bad = strings.Replace(bad, ",,,0111,稻谷种植", ",,,0111,", 1)
	_, err = s.ImportIndustryCodes(ctx, sys, "bad.csv", strings.NewReader(bad))
	ce, ok := err.(*CellsError)
	if !ok || len(ce.Problems) != 2 || !strings.Contains(ce.Problems[0].Reason, "缺少类别名称") || !strings.Contains(ce.Problems[1].Reason, "中类 399") ||
		ce.Problems[1].Column != "D" {
		t.Fatalf("bad table: %v", err)
	}
	_, err = s.ImportIndustryCodes(ctx, sys, "part.csv", strings.NewReader("代码,名称\nC,制造业\nC39,计算机、通信和其他电子设备制造业\nC396,智能消费设备制造\nC3961,可穿戴智能设备制造\n"))
	if ce, ok := err.(*CellsError); !ok || !strings.Contains(ce.Problems[0].Reason, "缺少大类 01") {
		t.Fatalf("a partial table: %v", err)
	}
	if n := 0; d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM industry_codes WHERE level = 'class'`).Scan(&n) != nil || n != 1 {
		t.Fatalf("the loaded table changed after a refused one: %d classes", n)
	}

	// The import checks codes against the table.
	sh, err := ReadEnterprises(bytes.NewReader(workbook(t, SheetEnterprises, [][]any{{"企业名称", "统一社会信用代码", "行业代码"},
		{"甲", "914403001922038216", "C3961"}, {"乙", "91330100716105852F", "C3963"}})), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.ImportEnterprises(ctx, sys, sh, ImportOptions{}, nil)
	if err != nil || !r.Refused || len(r.Problems) != 1 || r.Problems[0].Row != 3 || r.Problems[0].Column != "C" {
		t.Fatalf("import against the table: %+v %v", r, err)
	}
	if _, err := s.ImportIndustryCodes(ctx, auth.Anonymous("1.2.3.4"), "x.csv", strings.NewReader(codeTable())); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("anonymous load: %v", err)
	}
}
