package enterprise

// The registry's workbooks (.xlsx, written and read with excelize): the import template, the reading of a
// filled-in workbook into rows with a report of every cell that cannot be read, and the export of a list.
//
// A workbook has a sheet 企业 (one enterprise a row, every field of Input), a sheet 年度数据 (one enterprise
// and year a row, every figure of Figures), a sheet 说明 explaining both, and a sheet 行业代码 with the
// sections and divisions of GB/T 4754-2017. Columns are found by their header, so their order may change and
// columns the registry does not know are ignored. Money is in 万元 and converted to fen exactly (ParseWan).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/industry"
)

// The sheets of the registry's workbook.
const (
	SheetEnterprises = "企业"
	SheetFigures     = "年度数据"
	SheetHelp        = "说明"
	sheetIndustry    = "行业代码"
)

// Limits of an imported workbook.
const (
	MaxImportBytes = 20 << 20 // the uploaded file
	MaxImportRows  = 100_000  // data rows of one sheet
)

// CellError is one cell of an imported workbook that cannot be taken, or one problem of a whole sheet (Row 0).
type CellError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`    // as the spreadsheet numbers it, from 1; 0 for the sheet as a whole
	Column string `json:"column"` // the column's letter, e.g. "C"; empty when the sheet has no such column
	Header string `json:"header"` // the column's header
	Value  string `json:"value"`  // what the cell holds, shortened
	Reason string `json:"reason"` // in Chinese
}

// Cell names the cell as a person finds it: 企业!C5.
func (c CellError) Cell() string {
	switch {
	case c.Row == 0:
		return c.Sheet
	case c.Column == "":
		return fmt.Sprintf("%s!第 %d 行", c.Sheet, c.Row)
	}
	return fmt.Sprintf("%s!%s%d", c.Sheet, c.Column, c.Row)
}

func (c CellError) String() string {
	s := c.Cell()
	if c.Header != "" {
		s += "（" + c.Header + "）"
	}
	if c.Value != "" {
		s += "“" + c.Value + "”"
	}
	return s + "：" + c.Reason
}

// cellKind is how a column's cells are read.
type cellKind int

const (
	textCell   cellKind = iota
	codeCell            // a code kept as text: credit code, industry code
	dateCell            // an Excel date or 2026-01-31, 2026/1/31, 2026年1月31日
	wanCell             // an amount in 万元, kept in fen
	intCell             // a count
	yearCell            // a year
	choiceCell          // one of the column's choices, by Chinese name or stored value
	boolCell            // 是 or 否
	tagsCell            // words separated by 、 , ， ; or spaces
)

// choice is one allowed value of a choice column.
type choice struct{ value, name string }

// column is one column of a sheet.
type column struct {
	key     string   // the field's key, as errs.Fields names it
	field   string   // the Go field of Input it fills ("" for columns that are not an Input field)
	header  string   // the header the template writes
	aliases []string // other headers read as this column
	kind    cellKind
	// keep: on an update, a blank cell keeps what is recorded (fields that cannot be blank).
	keep    bool
	need    bool // the sheet cannot be read without this column
	choices []choice
	width   float64
	note    string // explained on the 说明 sheet and as the cell's input message
	fig     int    // for a figure column, 1 + its index in Figures.fields(); 0 otherwise
}

func kindChoices() []choice {
	return []choice{{string(KindEnterprise), KindNames[KindEnterprise]}, {string(KindRnDInstitute), KindNames[KindRnDInstitute]},
		{string(KindUniversity), KindNames[KindUniversity]}, {string(KindAgency), KindNames[KindAgency]}}
}

// namedChoices are choices stored by their Chinese name.
func namedChoices(names []string) []choice {
	out := make([]choice, len(names))
	for i, n := range names {
		out[i] = choice{n, n}
	}
	return out
}

func statusChoices() []choice {
	return []choice{{string(Incubating), StatusNames[Incubating]}, {string(Resident), StatusNames[Resident]},
		{string(Graduated), StatusNames[Graduated]}, {string(MovedOut), StatusNames[MovedOut]}}
}

// entColumns are the columns of the 企业 sheet, one for every field of Input, in the template's order.
var entColumns = []*column{
	{key: "name", field: "Name", header: "企业名称", aliases: []string{"名称", "单位名称", "企业（单位）名称"}, kind: textCell, keep: true, width: 34,
		note: "必填（新登记的企业），最多 100 字"},
	{key: "uscc", field: "USCC", header: "统一社会信用代码", aliases: []string{"信用代码", "社会信用代码", "uscc"}, kind: codeCell, need: true, width: 22,
		note: "必填，18 位；已登记的代码更新该企业，未登记的新增企业。请保持“文本”格式，否则会被改成科学计数法"},
	{key: "legal_rep", field: "LegalRep", header: "法定代表人", aliases: []string{"法人代表", "法人"}, kind: textCell, width: 12},
	{key: "founded_on", field: "FoundedOn", header: "成立日期", aliases: []string{"注册日期", "成立时间"}, kind: dateCell, width: 12,
		note: "日期，如 2016-05-01"},
	{key: "registered_capital", field: "RegisteredCapital", header: "注册资本（万元）", aliases: []string{"注册资本"}, kind: wanCell, width: 14,
		note: "万元，最多 6 位小数（精确到分）"},
	{key: "kind", field: "Kind", header: "类型", aliases: []string{"单位类型", "机构类型"}, kind: choiceCell, keep: true, choices: kindChoices(), width: 14,
		note: "从下拉列表选择；空白时新企业按“企业”登记"},
	{key: "industry_code", field: "IndustryCode", header: "行业代码", aliases: []string{"国民经济行业代码", "行业代码（GB/T 4754-2017）", "行业"}, kind: codeCell, width: 12,
		note: "GB/T 4754-2017 代码，门类字母加大类、中类或小类代码，如 C39、C3963（见“行业代码”表）"},
	{key: "emerging_industry", field: "EmergingIndustry", header: "战略性新兴产业", kind: choiceCell, choices: namedChoices(industry.EmergingIndustries),
		width: 18, note: "从下拉列表选择《战略性新兴产业分类（2018）》的九类之一（“新材料”即“新材料产业”）；可空白"},
	{key: "hitech_field", field: "HitechField", header: "高新技术领域", aliases: []string{"国家重点支持的高新技术领域"}, kind: choiceCell,
		choices: namedChoices(industry.HitechFields), width: 16, note: "从下拉列表选择《国家重点支持的高新技术领域》的八个领域之一；可空白"},
	{key: "location", field: "Location", header: "园区位置", aliases: []string{"位置", "楼宇房间", "地址"}, kind: textCell, width: 18,
		note: "楼宇与房间，如 创新大厦 A 座 501"},
	{key: "status", field: "Status", header: "状态", aliases: []string{"入驻状态", "企业状态"}, kind: choiceCell, keep: true, choices: statusChoices(), width: 10,
		note: "从下拉列表选择；空白时新企业按“入驻”登记"},
	{key: "entered_on", field: "EnteredOn", header: "入驻日期", aliases: []string{"入园日期", "入孵日期"}, kind: dateCell, width: 12},
	{key: "graduated_on", field: "GraduatedOn", header: "毕业日期", kind: dateCell, width: 12, note: "状态为“毕业”时必填"},
	{key: "moved_out_on", field: "MovedOutOn", header: "迁出日期", kind: dateCell, width: 12, note: "状态为“迁出”时必填"},
	{key: "tags", field: "Tags", header: "标签", kind: tagsCell, width: 18, note: "多个标签用顿号分隔，如 机器视觉、智能装备"},
	{key: "description", field: "Description", header: "简介", aliases: []string{"企业简介"}, kind: textCell, width: 40, note: "最多 5000 字"},
	{key: "website", field: "Website", header: "网址", aliases: []string{"网站", "企业网址"}, kind: textCell, width: 24, note: "以 http:// 或 https:// 开头"},
	{key: "public", field: "Public", header: "门户公开", aliases: []string{"是否公开", "公开"}, kind: boolCell, keep: true, width: 10,
		choices: []choice{{"true", "是"}, {"false", "否"}}, note: "是：在门户“入驻企业”中公开名称、行业、简介与网址；空白时新企业不公开"},
}

// figColumns are the columns of the 年度数据 sheet: the enterprise and year, every figure of Figures (money
// in 万元), and a note.
var figColumns = func() []*column {
	cols := []*column{
		{key: "uscc", header: "统一社会信用代码", aliases: []string{"信用代码", "社会信用代码", "uscc"}, kind: codeCell, need: true, width: 22,
			note: "必填，须是企业库中已登记的企业"},
		{key: "name", header: "企业名称", aliases: []string{"名称", "单位名称"}, kind: textCell, width: 30, note: "仅供核对，不导入"},
		{key: "year", header: "年度", aliases: []string{"年份", "统计年度"}, kind: yearCell, need: true, width: 8, note: "必填，如 2025"},
	}
	var f Figures
	for i, x := range f.fields() {
		c := &column{key: x.col, header: x.label, kind: intCell, width: 12, fig: i + 1}
		if x.money {
			c.header += "（万元）"
			c.aliases = []string{x.label}
			c.kind = wanCell
			c.width = 14
		}
		if short, ok := strings.CutPrefix(x.label, "其中："); ok {
			c.aliases = append(c.aliases, short)
		}
		cols = append(cols, c)
	}
	return append(cols, &column{key: "note", header: "备注", aliases: []string{"说明"}, kind: textCell, width: 24})
}()

// Progress reports how far an import has come. Total is 0 while unknown (reading).
type Progress struct {
	Phase string // PhaseRead, PhaseCheck or PhaseWrite
	Done  int
	Total int
}

// The phases of an import. The first call with PhaseWrite comes before the import's transaction opens; the
// calls after it come from inside that transaction, so a callback must not use the database for them (on
// SQLite the one write connection is taken).
const (
	PhaseRead  = "read"
	PhaseCheck = "check"
	PhaseWrite = "write"
)

// PhaseNames are the Chinese names of the phases.
var PhaseNames = map[string]string{PhaseRead: "读取文件", PhaseCheck: "校验", PhaseWrite: "写入数据库", "": "排队"}

// foundCol is a column found in a sheet.
type foundCol struct {
	*column
	pos    int    // position in sheetData.cols and rawRow.cells
	idx    int    // 0-based position in the sheet's rows
	letter string // e.g. "C"
	header string // as written in the sheet
}

// sheetData is a sheet as read: the columns found by their headers and the rows' raw cells.
type sheetData struct {
	name     string
	date1904 bool
	cols     []*foundCol
	byKey    map[string]*foundCol
	ignored  []string // headers that name no column
	rows     []rawRow
	problems []CellError
	bad      map[int][]string // rows (by index into rows) with cells that could not be read: their columns' keys
	specs    []*column
}

// rawRow is one data row: its number in the sheet and its cells, in the order of sheetData.cols.
type rawRow struct {
	n     int
	cells []string
}

// cell returns the raw text of a row's column, "" when the sheet has no such column.
func (sd *sheetData) cell(r *rawRow, key string) (string, bool) {
	c, ok := sd.byKey[key]
	if !ok {
		return "", false
	}
	return r.cells[c.pos], true
}

// problem records a bad cell of row r in the column of key (or, when the sheet lacks it, names the column by
// its template header).
func (sd *sheetData) problem(r *rawRow, key, reason string) CellError {
	ce := CellError{Sheet: sd.name, Row: r.n, Reason: reason}
	if c, ok := sd.byKey[key]; ok {
		ce.Column, ce.Header = c.letter, c.header
		ce.Value = short(r.cells[c.pos])
	} else {
		for _, s := range sd.specs {
			if s.key == key {
				ce.Header = s.header
			}
		}
	}
	return ce
}

func short(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:59]) + "…"
}

// Columns reports the headers of the sheet that were recognised, in the sheet's order, and those ignored.
func (sd *sheetData) Columns() (used, ignored []string) {
	for _, c := range sd.cols {
		used = append(used, c.header)
	}
	return used, sd.ignored
}

// EnterpriseSheet is the 企业 sheet of a workbook, read: one row per enterprise, and the cells that could not
// be read. Validation against the registry (Input.validate, the credit code, the industry code table) is the
// import's: see Service.ImportEnterprises.
type EnterpriseSheet struct {
	*sheetData
	Rows     []EnterpriseRow
	Problems []CellError // cells that could not be read, and problems of the sheet as a whole
}

// EnterpriseRow is one enterprise row: what its cells say by themselves (blank cells give zero values).
type EnterpriseRow struct {
	Row   int // its number in the sheet
	Input Input
	raw   *rawRow
	bad   []string // keys of the cells that could not be read
}

// FigureSheet is the 年度数据 sheet of a workbook, read.
type FigureSheet struct {
	*sheetData
	Rows     []FigureRow
	Problems []CellError
}

// FigureRow is one enterprise's figures for one year.
type FigureRow struct {
	Row     int
	USCC    string
	Year    int
	Figures Figures
	Note    string
	raw     *rawRow
	bad     []string
}

// openBook opens an uploaded workbook, explaining in Chinese what is wrong with a file that is not one.
func openBook(r io.Reader) (*excelize.File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, errs.Invalidf("file", "文件是空的")
	case len(data) > MaxImportBytes:
		return nil, errs.Invalidf("file", "文件超过 %d MB，请分成几个文件导入", MaxImportBytes>>20)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return nil, errs.Invalidf("file", "这是旧版 Excel（.xls）文件或设了密码的文件：请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再导入")
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, errs.Invalidf("file", "这不是 Excel 工作簿（.xlsx）文件")
	case bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument")):
		return nil, errs.Invalidf("file", "这是 OpenDocument 表格（.ods）：请在 LibreOffice 或 WPS 中“另存为” .xlsx 格式后再导入")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: 512 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, errs.Invalidf("file", "文件已损坏或不是 .xlsx 工作簿，无法读取")
	}
	return f, nil
}

// ReadEnterprises reads the 企业 sheet of a workbook (or, when it has none, the sheet whose header row has a
// credit-code column and no year column). A file that is not a readable workbook, or has no such sheet, is
// an errs.Invalid error; bad cells are listed in Problems.
func ReadEnterprises(r io.Reader, progress func(Progress)) (sh *EnterpriseSheet, err error) {
	defer recoverBroken(&err)
	f, err := openBook(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sd, err := readSheet(f, SheetEnterprises, entColumns, false, progress)
	if err != nil {
		return nil, err
	}
	sh = &EnterpriseSheet{sheetData: sd}
	for i := range sd.rows {
		raw := &sd.rows[i]
		row := EnterpriseRow{Row: raw.n, raw: raw, bad: sd.bad[i]}
		for j, c := range sd.cols {
			if err := applyEnterpriseCell(&row.Input, c.column, raw.cells[j], sd.date1904); err != nil {
				sd.problems = append(sd.problems, sd.problem(raw, c.key, err.Error()))
				row.bad = append(row.bad, c.key)
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	sh.Problems = sd.problems
	return sh, nil
}

// ReadFigures reads the 年度数据 sheet of a workbook (or the sheet whose header row has a credit-code and a
// year column).
func ReadFigures(r io.Reader, progress func(Progress)) (sh *FigureSheet, err error) {
	defer recoverBroken(&err)
	f, err := openBook(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sd, err := readSheet(f, SheetFigures, figColumns, true, progress)
	if err != nil {
		return nil, err
	}
	sh = &FigureSheet{sheetData: sd}
	for i := range sd.rows {
		raw := &sd.rows[i]
		row := FigureRow{Row: raw.n, raw: raw, bad: sd.bad[i]}
		flds := row.Figures.fields()
		for j, c := range sd.cols {
			v := raw.cells[j]
			var err error
			switch {
			case c.key == "uscc":
				row.USCC, err = readCode(v)
			case c.key == "year":
				row.Year, err = readYear(v)
			case c.key == "note":
				row.Note = v
			case c.fig > 0:
				*flds[c.fig-1].v, err = readFigure(c.column, v)
			}
			if err != nil {
				sd.problems = append(sd.problems, sd.problem(raw, c.key, err.Error()))
				row.bad = append(row.bad, c.key)
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	sh.Problems = sd.problems
	return sh, nil
}

// recoverBroken turns a panic of the workbook library on a malformed file into an Invalid error: an upload
// must not bring the server down.
func recoverBroken(err *error) {
	if p := recover(); p != nil {
		*err = errs.Invalidf("file", "文件已损坏，无法读取")
	}
}

// normHeader reduces a header to what identifies it: no spaces, asterisks or line breaks, half-width
// brackets and colons, lower-case Latin letters. The unit in brackets at the end is cut off and returned.
func normHeader(s string) (name, unit string) {
	s = strings.NewReplacer("（", "(", "）", ")", "：", ":", "＊", "", "*", "", " ", "", "\u3000", "", "\n", "", "\r", "", "\t", "").Replace(s)
	s = strings.ToLower(s)
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		u := s[i+1 : len(s)-1]
		switch u {
		case "万元", "元", "千元", "亿元", "人", "个", "件", "项", "家":
			return s[:i], u
		}
	}
	return s, ""
}

// readSheet finds the sheet (by name, or by its headers), its header row (within the first ten rows, the
// one naming the credit code) and its columns, and reads its data rows.
func readSheet(f *excelize.File, want string, specs []*column, figures bool, progress func(Progress)) (*sheetData, error) {
	byHeader := map[string]*column{}
	for _, c := range specs {
		h, _ := normHeader(c.header)
		byHeader[h] = c
		byHeader[strings.ToLower(c.key)] = c
		for _, a := range c.aliases {
			h, _ := normHeader(a)
			byHeader[h] = c
		}
	}
	props, _ := f.GetWorkbookProps()
	sd := &sheetData{byKey: map[string]*foundCol{}, bad: map[int][]string{}, specs: specs, date1904: props.Date1904 != nil && *props.Date1904}

	// The sheet: by its name, else the first whose header row has the columns this sheet needs.
	names := f.GetSheetList()
	headerAt := func(sheet string) (int, []string) {
		rows, err := f.Rows(sheet)
		if err != nil {
			return 0, nil
		}
		defer rows.Close()
		for n := 1; n <= 10 && rows.Next(); n++ {
			cells, _ := rows.Columns(excelize.Options{RawCellValue: true})
			found := map[string]bool{}
			for _, h := range cells {
				n, _ := normHeader(h)
				if c := byHeader[n]; c != nil {
					found[c.key] = true
				}
			}
			if found["uscc"] && (!figures || found["year"]) {
				return n, cells
			}
		}
		return 0, nil
	}
	var header []string
	for _, name := range append([]string{want}, names...) {
		if !slices.Contains(names, name) {
			continue
		}
		if n, cells := headerAt(name); n > 0 {
			if !figures {
				// A sheet with a year column holds figures, not the register.
				if yr, _ := normHeader("年度"); slices.ContainsFunc(cells, func(h string) bool { n, _ := normHeader(h); return n == yr }) && name != want {
					continue
				}
			}
			sd.name, sd.problems, header = name, nil, cells
			headerRow := n
			if err := sd.columns(header, headerRow, byHeader); err != nil {
				return nil, err
			}
			return sd, sd.readRows(f, headerRow, progress)
		}
	}
	need := "“统一社会信用代码”"
	if figures {
		need += "和“年度”"
	}
	if slices.Contains(names, want) {
		return nil, errs.Invalidf("file", "“%s”工作表的前 10 行里找不到表头：表头须有%s列。请使用导入模板", want, need)
	}
	return nil, errs.Invalidf("file", "文件中没有“%s”工作表，也没有哪张工作表的表头有%s列。请使用导入模板", want, need)
}

// columns matches the header row's cells to the sheet's columns. Unknown headers are ignored; a column named
// twice, or a money column in another unit than 万元, stops the import of the whole sheet.
func (sd *sheetData) columns(header []string, headerRow int, byHeader map[string]*column) error {
	var probs []CellError
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		letter, _ := excelize.ColumnNumberToName(i + 1)
		n, unit := normHeader(h)
		c := byHeader[n]
		if c == nil {
			sd.ignored = append(sd.ignored, strings.TrimSpace(h))
			continue
		}
		if prev, dup := sd.byKey[c.key]; dup {
			probs = append(probs, CellError{Sheet: sd.name, Row: headerRow, Column: letter, Header: h, Value: h,
				Reason: fmt.Sprintf("与 %s 列“%s”重复：同一项只能有一列", prev.letter, prev.header)})
			continue
		}
		if c.kind == wanCell && unit != "" && unit != "万元" {
			probs = append(probs, CellError{Sheet: sd.name, Row: headerRow, Column: letter, Header: h, Value: h,
				Reason: fmt.Sprintf("金额须以万元为单位，这一列写的是“%s”：请换算成万元并把表头改为“%s”", unit, c.header)})
			continue
		}
		fc := &foundCol{column: c, pos: len(sd.cols), idx: i, letter: letter, header: strings.TrimSpace(h)}
		sd.cols = append(sd.cols, fc)
		sd.byKey[c.key] = fc
	}
	if len(probs) > 0 {
		return &CellsError{Problems: probs}
	}
	return nil
}

// CellsError refuses a whole file for the cells it names: a header row the import cannot use, a code table
// with wrong codes.
type CellsError struct{ Problems []CellError }

func (e *CellsError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "文件有误：" + strings.Join(parts, "；")
}

// readRows reads the data rows below the header, skipping rows whose known columns are all blank.
func (sd *sheetData) readRows(f *excelize.File, headerRow int, progress func(Progress)) error {
	rows, err := f.Rows(sd.name)
	if err != nil {
		return errs.Invalidf("file", "“%s”工作表无法读取", sd.name)
	}
	defer rows.Close()
	n := 0
	var industryCells []int // rows whose industry code is digits only and short: maybe a number that lost its leading 0
	for rows.Next() {
		n++
		if n <= headerRow {
			continue
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return errs.Invalidf("file", "“%s”工作表第 %d 行无法读取", sd.name, n)
		}
		r := rawRow{n: n, cells: make([]string, len(sd.cols))}
		blank := true
		for j, c := range sd.cols {
			if c.idx < len(cells) {
				r.cells[j] = strings.TrimSpace(cells[c.idx])
				if r.cells[j] != "" {
					blank = false
				}
			}
		}
		if blank {
			continue
		}
		if len(sd.rows) == MaxImportRows {
			return errs.Invalidf("file", "“%s”工作表超过 %d 行，请分成几个文件导入", sd.name, MaxImportRows)
		}
		if v, ok := sd.cell(&r, "industry_code"); ok && len(v) <= 3 && v != "" && strings.Trim(v, "0123456789") == "" {
			industryCells = append(industryCells, len(sd.rows))
		}
		sd.rows = append(sd.rows, r)
		if progress != nil && len(sd.rows)%500 == 0 {
			progress(Progress{Phase: PhaseRead, Done: len(sd.rows)})
		}
	}
	if err := rows.Error(); err != nil {
		return errs.Invalidf("file", "“%s”工作表无法读取", sd.name)
	}
	if progress != nil {
		progress(Progress{Phase: PhaseRead, Done: len(sd.rows), Total: len(sd.rows)})
	}
	// An industry code such as 0111 typed into a number cell arrives as 111, which would silently name
	// another class: such cells are refused unless they are text.
	for _, i := range industryCells {
		r := &sd.rows[i]
		name, _ := excelize.CoordinatesToCellName(sd.byKey["industry_code"].idx+1, r.n)
		if t, err := f.GetCellType(sd.name, name); err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset) {
			sd.problems = append(sd.problems, sd.problem(r, "industry_code",
				"行业代码存成了数字，开头的 0 可能已丢失：请在代码前加门类字母（如 A0111），或把这一列设为“文本”格式后重新输入"))
			sd.bad[i] = append(sd.bad[i], "industry_code")
		}
	}
	return nil
}

// applyEnterpriseCell sets the field of column c from a cell's text; a blank cell sets the zero value.
func applyEnterpriseCell(in *Input, c *column, v string, date1904 bool) error {
	var err error
	switch c.key {
	case "name":
		in.Name = v
	case "uscc":
		in.USCC, err = readCode(v)
	case "legal_rep":
		in.LegalRep = v
	case "founded_on":
		in.FoundedOn, err = readDate(v, date1904)
	case "registered_capital":
		in.RegisteredCapital = 0
		if v != "" {
			in.RegisteredCapital, err = readWan(v)
		}
	case "kind":
		var s string
		s, err = readChoice(c, v)
		in.Kind = Kind(s)
	case "industry_code":
		in.IndustryCode, err = readCode(v)
	case "emerging_industry":
		in.EmergingIndustry = v
	case "hitech_field":
		in.HitechField = v
	case "location":
		in.Location = v
	case "status":
		var s string
		s, err = readChoice(c, v)
		in.Status = Status(s)
	case "entered_on":
		in.EnteredOn, err = readDate(v, date1904)
	case "graduated_on":
		in.GraduatedOn, err = readDate(v, date1904)
	case "moved_out_on":
		in.MovedOutOn, err = readDate(v, date1904)
	case "tags":
		in.Tags = readTags(v)
	case "description":
		in.Description = v
	case "website":
		in.Website = v
	case "public":
		in.Public, err = readBool(v)
	default:
		panic("enterprise: no field for column " + c.key)
	}
	return err
}

// readCode reads a code kept as text. A long number shown in scientific notation has lost its last digits.
func readCode(v string) (string, error) {
	v = strings.ToUpper(strings.Join(strings.Fields(v), ""))
	if strings.Contains(v, "E+") && strings.Trim(strings.Replace(strings.Replace(v, "E+", "", 1), ".", "", 1), "0123456789") == "" {
		return v, errors.New("代码被存成了数字（科学计数法），末尾几位已丢失：请把这一列设为“文本”格式后重新输入")
	}
	return v, nil
}

var dateText = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)

// readDate reads an Excel date (a serial number) or a typed date; nil for a blank cell. Dates are days in
// China Standard Time, as the forms take them.
func readDate(v string, date1904 bool) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	bad := errors.New("日期应为 2026-01-31 这样的格式（也可用 2026/1/31、2026年1月31日或 Excel 日期）")
	var y, m, d int
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		switch {
		case f >= 10000101 && f <= 99991231 && f == math.Trunc(f): // 20190601 typed as a number
			n := int(f)
			y, m, d = n/10000, n/100%100, n%100
		case f >= 1 && f < 2958466: // an Excel serial date (up to 9999-12-31)
			t, err := excelize.ExcelDateToTime(f, date1904)
			if err != nil {
				return nil, bad
			}
			y, m, d = t.Year(), int(t.Month()), t.Day()
		default:
			return nil, bad
		}
	} else if p := dateText.FindStringSubmatch(v); p != nil {
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		d, _ = strconv.Atoi(p[3])
	} else {
		return nil, bad
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, cst)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return nil, fmt.Errorf("没有这一天：%d 年 %d 月 %d 日", y, m, d)
	}
	if y < 1900 || y > 2100 {
		return nil, fmt.Errorf("年份 %d 不合理", y)
	}
	return &t, nil
}

// readWan reads an amount in 万元 into fen, exactly: the text of the cell is read as a decimal, never as a
// float. A value computed in the spreadsheet may carry binary noise (1234.5600000000001): it is rounded to 15
// significant digits, which is what the spreadsheet shows, before it is read.
func readWan(v string) (int64, error) {
	s := strings.NewReplacer(",", "", "，", "", " ", "", "¥", "", "￥", "").Replace(v)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "万元"), "万")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	bad := errors.New("应为以万元为单位的数字，如 1200.5")
	if s == "" || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		return 0, bad
	}
	if _, frac, _ := strings.Cut(s, "."); strings.ContainsAny(s, "eE") || len(frac) > 6 {
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
			s = strconv.FormatFloat(g, 'f', -1, 64)
		}
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) > 12 {
		return 0, errors.New("金额过大：请确认单位是万元")
	}
	if len(frac) > 6 {
		return 0, errors.New("金额最多精确到分，即万元数最多 6 位小数")
	}
	fen, err := ParseWan(s)
	if err != nil || whole == "" && frac == "" {
		return 0, bad
	}
	if neg {
		fen = -fen
	}
	return fen, nil
}

// readFigure reads a figure: money in 万元 or a count; nil for a blank cell (not reported).
func readFigure(c *column, v string) (*int64, error) {
	if v == "" {
		return nil, nil
	}
	read := readInt
	if c.kind == wanCell {
		read = readWan
	}
	n, err := read(v)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// readInt reads a whole number; 12.0 is accepted, 12.5 is not.
func readInt(v string) (int64, error) {
	s := strings.NewReplacer(",", "", "，", "", " ", "").Replace(v)
	for _, u := range []string{"人", "件", "项", "个", "家"} {
		s = strings.TrimSuffix(s, u)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return int64(f), nil
	}
	return 0, errors.New("应为整数")
}

func readYear(v string) (int, error) {
	s := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(v), "年度"), "年")
	n, err := readInt(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0, errors.New("年度应为四位年份，如 2025")
	}
	return int(n), nil
}

// readChoice reads one of a column's choices, by its Chinese name or its stored value; "" for a blank cell.
func readChoice(c *column, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	for _, ch := range c.choices {
		// A 战略性新兴产业 category is often written without its last word: 新材料 for 新材料产业.
		if v == ch.name || strings.EqualFold(v, ch.value) || v+"产业" == ch.name {
			return ch.value, nil
		}
	}
	names := make([]string, len(c.choices))
	for i, ch := range c.choices {
		names[i] = ch.name
	}
	return "", fmt.Errorf("只能是%s之一（可从下拉列表选择）", strings.Join(names, "、"))
}

func readBool(v string) (bool, error) {
	switch strings.ToUpper(v) {
	case "", "否", "不公开", "N", "NO", "FALSE", "0", "×":
		return false, nil
	case "是", "公开", "Y", "YES", "TRUE", "1", "√":
		return true, nil
	}
	return false, errors.New("只能填“是”或“否”")
}

func readTags(v string) []string {
	tags := strings.FieldsFunc(v, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '\u3000' || r == '\n'
	})
	if len(tags) == 0 {
		return nil
	}
	return tags
}

// wanNumber is an amount as the number cell a spreadsheet sums: its shortest decimal form is wanText, so
// reading the cell back gives the same fen.
func wanNumber(fen int64) float64 {
	f, _ := strconv.ParseFloat(Wan(fen), 64)
	return f
}

// book builds the registry's workbook; list fills the 企业 sheet (the template has none), figures adds the
// 年度数据 sheet.
type book struct {
	f      *excelize.File
	header int // style of the header row
	text   int // style of code columns: text, so that 18 digits and leading zeros survive
	date   int
}

func newBook() (*book, error) {
	b := &book{f: excelize.NewFile()}
	var err error
	if b.header, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F5FAD"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}); err != nil {
		return nil, err
	}
	if b.text, err = b.f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd"
	if b.date, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	return b, nil
}

// sheet writes a sheet's header row, column formats, widths, drop-down lists and input messages.
func (b *book) sheet(name string, cols []*column, first bool) error {
	f := b.f
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.header
		letter, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, letter, letter, c.width); err != nil {
			return err
		}
		switch c.kind {
		case codeCell:
			if err := f.SetColStyle(name, letter, b.text); err != nil {
				return err
			}
		case dateCell:
			if err := f.SetColStyle(name, letter, b.date); err != nil {
				return err
			}
		}
		sqref := fmt.Sprintf("%s2:%s%d", letter, letter, MaxImportRows+1)
		var dv *excelize.DataValidation
		switch c.kind {
		case choiceCell, boolCell:
			dv = excelize.NewDataValidation(true)
			names := make([]string, len(c.choices))
			for i, ch := range c.choices {
				names[i] = ch.name
			}
			if err := dv.SetDropList(names); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.header, "请从下拉列表中选择："+strings.Join(names, "、"))
		case yearCell:
			dv = excelize.NewDataValidation(true)
			if err := dv.SetRange(2000, 2100, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.header, "年度应为四位年份，如 2025")
		}
		if c.note != "" {
			if dv == nil {
				dv = excelize.NewDataValidation(true)
			}
			dv.SetInput(c.header, c.note)
		}
		if dv != nil {
			dv.SetSqref(sqref)
			if err := f.AddDataValidation(name, dv); err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(name, "A1", last+"1", b.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, 32); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

// help writes the 说明 sheet and the 行业代码 reference.
func (b *book) help(figures bool) error {
	f := b.f
	if _, err := f.NewSheet(SheetHelp); err != nil {
		return err
	}
	lines := [][]any{
		{"企业库导入模板说明"},
		{"1. “企业”表每行一家企业；“年度数据”表每行一家企业的一个年度。请勿改动表头文字，列的顺序可以调整，多余的列会被忽略。"},
		{"2. 按统一社会信用代码匹配：企业库中已有的代码更新该企业，没有的新增企业。表中没有的列保持原值不变。"},
		{"3. 空白单元格：文字、日期、金额清空；企业名称、类型、状态、门户公开保持原值（新企业取默认值）。年度数据中空白表示“未填报”，不是 0。"},
		{"4. 金额一律以万元为单位，最多 6 位小数（精确到分）；人数、件数填整数。"},
		{"5. 日期填 2026-01-31，也可用 2026/1/31 或 2026年1月31日。"},
		{"6. 信用代码和行业代码两列是“文本”格式，请保持，否则 18 位代码会变成科学计数法，行业代码开头的 0 会丢失。"},
		{"7. 导入时先检查整份文件：有任何错误就一行也不导入，并列出每个有问题的单元格（工作表、行、列、内容、原因）；选择“跳过错误行”则只导入没有错误的行。可先“试导入”，只检查不写入。"},
		{"8. 命令行：parkos import enterprises 文件.xlsx [--dry-run] [--partial]；parkos import figures 文件.xlsx [--dry-run] [--partial]。"},
		{},
		{"工作表", "列", "说明"},
	}
	add := func(sheet string, cols []*column) {
		for _, c := range cols {
			note := c.note
			if c.kind == choiceCell || c.kind == boolCell {
				names := make([]string, len(c.choices))
				for i, ch := range c.choices {
					names[i] = ch.name
				}
				if note != "" {
					note += "。"
				}
				note += "可选：" + strings.Join(names, "、")
			}
			lines = append(lines, []any{sheet, c.header, note})
		}
	}
	add(SheetEnterprises, entColumns)
	if figures {
		add(SheetFigures, figColumns)
	}
	for i, l := range lines {
		if err := f.SetSheetRow(SheetHelp, fmt.Sprintf("A%d", i+1), &l); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(SheetHelp, "A", "A", 14)
	_ = f.SetColWidth(SheetHelp, "B", "B", 34)
	_ = f.SetColWidth(SheetHelp, "C", "C", 90)
	if err := f.SetCellStyle(SheetHelp, "A11", "C11", b.header); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetIndustry); err != nil {
		return err
	}
	rows := [][]any{{"门类", "门类名称", "大类代码", "大类名称", "填写示例"}}
	for _, s := range industry.Sections() {
		for _, d := range s.Divisions {
			rows = append(rows, []any{s.Code, s.Name, d.Code, d.Name, s.Code + d.Code})
		}
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheetIndustry, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sheetIndustry, "A", "A", 6)
	_ = f.SetColWidth(sheetIndustry, "B", "B", 30)
	_ = f.SetColWidth(sheetIndustry, "C", "C", 9)
	_ = f.SetColWidth(sheetIndustry, "D", "D", 40)
	_ = f.SetColWidth(sheetIndustry, "E", "E", 10)
	_ = f.SetCellStyle(sheetIndustry, "A1", "E1", b.header)
	_ = f.SetCellStyle(sheetIndustry, "C2", fmt.Sprintf("C%d", len(rows)), b.text)
	return nil
}

// WriteTemplate writes the import template: the 企业 and 年度数据 sheets with their headers, drop-down lists
// and formats, the 说明 sheet and the 行业代码 reference.
func WriteTemplate(w io.Writer) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	if err := b.sheet(SheetEnterprises, entColumns, true); err != nil {
		return err
	}
	if err := b.sheet(SheetFigures, figColumns, false); err != nil {
		return err
	}
	if err := b.help(true); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	return b.f.Write(w)
}

// WriteEnterprises writes enterprises into the template's 企业 sheet: the file can be edited and imported
// again. Money is written as numbers in 万元 whose decimal form is exact.
func WriteEnterprises(w io.Writer, list []*Enterprise) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	if err := b.sheet(SheetEnterprises, entColumns, true); err != nil {
		return err
	}
	row := make([]any, len(entColumns))
	for i, e := range list {
		for j, c := range entColumns {
			row[j] = enterpriseCell(e, c)
		}
		if err := b.f.SetSheetRow(SheetEnterprises, fmt.Sprintf("A%d", i+2), &row); err != nil {
			return err
		}
	}
	if err := b.help(false); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	return b.f.Write(w)
}

// ExportEnterprises writes every enterprise that f selects (not one page: Limit and Offset are ignored) as
// a workbook in the template's layout, which can be edited and imported again. The export is audited.
func (s *Service) ExportEnterprises(ctx context.Context, a *auth.Actor, f Filter, w io.Writer) (int, error) {
	if !a.Can(PermRead) {
		return 0, s.deny(ctx, a, "enterprise.export", 0, "没有导出企业库的权限")
	}
	f.Limit, f.Offset = MaxImportRows, 0
	list, _, err := s.FindEnterprises(ctx, a, f)
	if err != nil {
		return 0, err
	}
	var cond []string
	for _, c := range [][2]string{{"名称或代码", f.Query}, {"状态", StatusNames[f.Status]}, {"行业", f.IndustryCode}, {"标签", f.Tag}} {
		if c[1] != "" {
			cond = append(cond, c[0]+"="+c[1])
		}
	}
	note := fmt.Sprintf("导出企业名录 %d 家", len(list))
	if len(cond) > 0 {
		note += "（筛选：" + strings.Join(cond, "，") + "）"
	}
	if err := s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "enterprise.export", ObjectType: "enterprise", Note: note}); err != nil {
		return 0, err
	}
	return len(list), WriteEnterprises(w, list)
}

// excelEpoch is day 0 of the 1900 date system as spreadsheets count it (serial 60 is the fictitious
// 1900-02-29, so later dates count from 1899-12-30).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// enterpriseCell is the value of an enterprise's cell in column c, as the import reads it back.
func enterpriseCell(e *Enterprise, c *column) any {
	// A date is written as its serial number (days since 1899-12-30, the 1900 date system) in a column
	// formatted as a date: excelize's own time cells look a style up for every cell, a third of an export.
	day := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		y, m, d := t.In(cst).Date()
		return float64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(excelEpoch) / (24 * time.Hour))
	}
	switch c.key {
	case "name":
		return e.Name
	case "uscc":
		return e.USCC
	case "legal_rep":
		return e.LegalRep
	case "founded_on":
		return day(e.FoundedOn)
	case "registered_capital":
		if e.RegisteredCapital == 0 {
			return nil
		}
		return wanNumber(e.RegisteredCapital)
	case "kind":
		return KindNames[e.Kind]
	case "industry_code":
		return e.IndustryCode
	case "emerging_industry":
		return e.EmergingIndustry
	case "hitech_field":
		return e.HitechField
	case "location":
		return e.Location
	case "status":
		return StatusNames[e.Status]
	case "entered_on":
		return day(e.EnteredOn)
	case "graduated_on":
		return day(e.GraduatedOn)
	case "moved_out_on":
		return day(e.MovedOutOn)
	case "tags":
		return strings.Join(e.Tags, "、")
	case "description":
		return e.Description
	case "website":
		return e.Website
	case "public":
		if e.Public {
			return "是"
		}
		return "否"
	}
	panic("enterprise: no value for column " + c.key)
}
