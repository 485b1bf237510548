package enterprise

// The full code table of GB/T 4754-2017 《国民经济行业分类》 (sections, divisions, groups and classes), loaded
// from a file into industry_codes. The sections and divisions are built into internal/industry; once the
// table is loaded, group (中类, 3 digits) and class (小类, 4 digits) codes must also exist in it.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/industry"
)

// IndustryCodeResult counts the codes of a loaded table.
type IndustryCodeResult struct {
	Sections, Divisions, Groups, Classes int
}

// industryCode is one row of the table as stored: the code with its section letter (A, A01, A011, A0111).
type industryCode struct {
	code, name, level, parent string
}

// ImportIndustryCodes replaces the industry code table with the full GB/T 4754-2017 table read from an
// .xlsx or .csv file (UTF-8 or GB18030). Two layouts are read: the standard's own, with columns 门类, 大类,
// 中类, 小类 and 类别名称 (a code in the column of its level; leading zeros lost in number cells are put back),
// or two columns 代码 and 名称 (codes such as A, 01 or A01, 011, 0111). Every division of the standard must be
// present, each group under a division listed before it, each class under a group. A table with problems is
// refused whole with a *CellsError naming each bad cell.
func (s *Service) ImportIndustryCodes(ctx context.Context, a *auth.Actor, name string, r io.Reader) (*IndustryCodeResult, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "industry_codes.import", 0, "没有导入行业代码表的权限")
	}
	sheet, rows, err := tableRows(name, r)
	if err != nil {
		return nil, err
	}
	codes, probs := parseIndustryTable(sheet, rows)
	if len(probs) > 0 {
		return nil, &CellsError{Problems: probs}
	}
	res := &IndustryCodeResult{}
	for _, c := range codes {
		switch c.level {
		case "section":
			res.Sections++
		case "division":
			res.Divisions++
		case "group":
			res.Groups++
		case "class":
			res.Classes++
		}
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM industry_codes`); err != nil {
			return err
		}
		if err := batches(ctx, tx, len(codes), 4, `INSERT INTO industry_codes (code, name, level, parent) VALUES `, "", "",
			func(i int) []any { c := codes[i]; return []any{c.code, c.name, c.level, c.parent} }, nil, nil); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "industry_codes.import", ObjectType: "industry_codes",
			After: map[string]any{"file": filepath.Base(name), "sections": res.Sections, "divisions": res.Divisions, "groups": res.Groups, "classes": res.Classes},
			Note:  fmt.Sprintf("载入 GB/T 4754-2017 行业代码表：%d 个门类、%d 个大类、%d 个中类、%d 个小类", res.Sections, res.Divisions, res.Groups, res.Classes)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// tableRows reads the rows of a CSV file or of the first sheet of a workbook, as text.
func tableRows(name string, r io.Reader) (sheet string, rows [][]string, err error) {
	defer recoverBroken(&err)
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > MaxImportBytes {
		return "", nil, errs.Invalidf("file", "文件超过 %d MB", MaxImportBytes>>20)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		if !utf8.Valid(data) {
			if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
				return "", nil, errs.Invalidf("file", "文件的文字编码无法识别：请存为 UTF-8 或 GB18030 编码的 CSV，或 .xlsx")
			}
		}
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord, cr.LazyQuotes = -1, true
		rows, err := cr.ReadAll()
		if err != nil {
			return "", nil, errs.Invalidf("file", "CSV 文件无法读取：%v", err)
		}
		return filepath.Base(name), rows, nil
	}
	f, err := openBook(bytes.NewReader(data))
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	sheet = f.GetSheetName(0)
	rows, err = f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", nil, errs.Invalidf("file", "“%s”工作表无法读取", sheet)
	}
	return sheet, rows, nil
}

// parseIndustryTable reads the code table's rows; see ImportIndustryCodes.
func parseIndustryTable(sheet string, rows [][]string) ([]industryCode, []CellError) {
	var probs []CellError
	bad := func(row, col int, value, reason string) {
		letter, _ := excelize.ColumnNumberToName(col + 1)
		probs = append(probs, CellError{Sheet: sheet, Row: row + 1, Column: letter, Value: short(value), Reason: reason})
	}
	// The header: the standard's level columns, or 代码 and 名称; without one, code and name are the first two.
	levelCol := map[string]int{}
	codeCol, nameCol, start := 0, 1, 0
	for i := 0; i < min(10, len(rows)); i++ {
		found := false
		for j, h := range rows[i] {
			switch n, _ := normHeader(h); n {
			case "门类":
				levelCol["section"], found = j, true
			case "大类":
				levelCol["division"] = j
			case "中类":
				levelCol["group"] = j
			case "小类":
				levelCol["class"] = j
			case "代码", "行业代码", "类别代码":
				codeCol, found = j, true
			case "名称", "类别名称", "行业名称":
				nameCol = j
			}
		}
		if found {
			start = i + 1
			break
		}
	}
	width := map[string]int{"division": 2, "group": 3, "class": 4}
	cell := func(r []string, j int) string {
		if j < len(r) {
			return strings.TrimSpace(r[j])
		}
		return ""
	}
	var out []industryCode
	have := map[string]string{} // digits (or the letter) -> stored code
	section := ""
	for i := start; i < len(rows); i++ {
		r := rows[i]
		var level, raw string
		col := codeCol
		if len(levelCol) > 0 {
			for _, l := range []string{"section", "division", "group", "class"} {
				if j, ok := levelCol[l]; ok && cell(r, j) != "" {
					level, raw, col = l, strings.ToUpper(cell(r, j)), j
					break
				}
			}
			if level != "" && level != "section" && strings.Trim(raw, "0123456789") == "" && len(raw) < width[level] {
				raw = strings.Repeat("0", width[level]-len(raw)) + raw // a number cell lost the leading zeros
			}
		} else {
			raw = strings.ToUpper(strings.Join(strings.Fields(cell(r, codeCol)), ""))
		}
		name := cell(r, nameCol)
		if raw == "" {
			if name != "" {
				bad(i, col, name, "这一行有名称没有代码")
			}
			continue
		}
		digits := raw
		if raw[0] >= 'A' && raw[0] <= 'Z' {
			if len(raw) == 1 {
				digits = ""
			} else {
				digits = raw[1:]
			}
		}
		if strings.Trim(digits, "0123456789") != "" {
			bad(i, col, raw, "代码应为门类字母或 2 至 4 位数字")
			continue
		}
		if name == "" {
			bad(i, nameCol, "", "缺少类别名称")
			continue
		}
		c := industryCode{name: name}
		switch len(digits) {
		case 0:
			sec, ok := industry.SectionByCode(raw)
			if !ok {
				bad(i, col, raw, "GB/T 4754-2017 没有这个门类（门类为 A 至 T）")
				continue
			}
			section = sec.Code
			c.code, c.level = sec.Code, "section"
		case 2:
			d, err := industry.DivisionOf(digits)
			switch {
			case err != nil:
				bad(i, col, raw, err.Error())
				continue
			case len(raw) == 3 && raw[:1] != d.Section, section != "" && d.Section != section:
				bad(i, col, raw, fmt.Sprintf("大类 %s %s 属于门类 %s", d.Code, d.Name, d.Section))
				continue
			}
			c.code, c.level, c.parent = d.Section+digits, "division", d.Section
		case 3, 4:
			c.level = map[int]string{3: "group", 4: "class"}[len(digits)]
			up := digits[:len(digits)-1]
			parent, ok := have[up]
			if !ok {
				bad(i, col, raw, fmt.Sprintf("%s %s 之前没有它所属的%s %s", map[int]string{3: "中类", 4: "小类"}[len(digits)], digits,
					map[int]string{3: "大类", 4: "中类"}[len(digits)], up))
				continue
			}
			if len(raw) > len(digits) && raw[:1] != parent[:1] {
				bad(i, col, raw, fmt.Sprintf("代码 %s 属于门类 %s", digits, parent[:1]))
				continue
			}
			c.code, c.parent = parent[:1]+digits, parent
		default:
			bad(i, col, raw, "代码应为门类字母或 2 至 4 位数字")
			continue
		}
		key := digits
		if key == "" {
			key = c.code
		}
		if _, dup := have[key]; dup {
			bad(i, col, raw, "代码重复")
			continue
		}
		have[key] = c.code
		out = append(out, c)
	}
	var missing []string
	classes := 0
	for _, s := range industry.Sections() {
		for _, d := range s.Divisions {
			if _, ok := have[d.Code]; !ok {
				missing = append(missing, d.Code)
			}
		}
	}
	for _, c := range out {
		if c.level == "class" {
			classes++
		}
	}
	if len(probs) == 0 && len(missing) > 0 {
		probs = append(probs, CellError{Sheet: sheet, Reason: fmt.Sprintf("不是完整的代码表：缺少大类 %s", strings.Join(missing, "、"))})
	}
	if len(probs) == 0 && classes == 0 {
		probs = append(probs, CellError{Sheet: sheet, Reason: "文件中没有小类（4 位）代码：需要 GB/T 4754-2017 的完整代码表"})
	}
	return out, probs
}

// industryTable loads the codes of the loaded table, nil when none is loaded.
func industryTable(ctx context.Context, q db.Querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM industry_codes WHERE level IN ('group', 'class')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out map[string]bool
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[c] = true
	}
	return out, rows.Err()
}

// checkIndustryCodeIn checks an industry code as checkIndustryCode does, against a table loaded with
// industryTable (nil: not loaded).
func checkIndustryCodeIn(table map[string]bool, code string) error {
	c := strings.ToUpper(strings.TrimSpace(code))
	if c == "" {
		return nil
	}
	d, err := industry.DivisionOf(c)
	if err != nil {
		return err
	}
	digits := strings.TrimLeft(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	if table == nil || len(digits) <= 2 || table[d.Section+digits] {
		return nil
	}
	return notInTable(code, d, digits)
}

func notInTable(code string, d industry.Division, digits string) error {
	level := "中类"
	if len(digits) == 4 {
		level = "小类"
	}
	return fmt.Errorf("行业代码“%s”不在 GB/T 4754-2017 代码表中：大类 %s %s 下没有%s %s", code, d.Code, d.Name, level, digits)
}

// checkIndustryCode checks an industry code: what industry.DivisionOf accepts (a section letter and two to
// four digits, the division built in), and, when the full code table is loaded, a group or class code must
// be in it. An empty code (not yet classified) passes. The error is errs.Invalid on field industry_code.
func checkIndustryCode(ctx context.Context, q db.Querier, code string) error {
	c := strings.ToUpper(strings.TrimSpace(code))
	if c == "" {
		return nil
	}
	d, err := industry.DivisionOf(c)
	if err != nil {
		return errs.Invalidf("industry_code", "%s", err.Error())
	}
	digits := strings.TrimLeft(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	if len(digits) <= 2 {
		return nil
	}
	var found, loaded int
	err = q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM industry_codes WHERE code = $1),
		(SELECT COUNT(*) FROM (SELECT 1 FROM industry_codes LIMIT 1) t)`, d.Section+digits).Scan(&found, &loaded)
	if err != nil {
		return err
	}
	if loaded == 0 || found > 0 {
		return nil
	}
	return errs.Invalidf("industry_code", "%s", notInTable(code, d, digits).Error())
}
