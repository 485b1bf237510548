package enterprise

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/errs"
	"parkos/internal/zh"
)

// testCode completes a 16-character body into a valid credit code (GB 32100-2015), using the check
// characters CheckUSCC names.
func testCode(body string) string {
	c := body + "00"
	for range 3 {
		if e, ok := zh.CheckUSCC(c).(*zh.USCCError); ok && e.Want != "" {
			c = c[:e.Pos-1] + e.Want + c[e.Pos:]
		}
	}
	return c
}

// workbook builds an .xlsx with one sheet of rows.
func workbook(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The template has a column for every field of Input and every figure, the drop-down lists of the
// enumerations, and the explanation sheets.
func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	tpl := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetEnterprises, SheetFigures, SheetHelp, sheetIndustry}) {
		t.Fatalf("sheets %v", got)
	}
	head, _ := f.GetRows(SheetEnterprises)
	it := reflect.TypeFor[Input]()
	for i := range it.NumField() {
		name := it.Field(i).Name
		j := slices.IndexFunc(entColumns, func(c *column) bool { return c.field == name })
		if j < 0 {
			t.Errorf("Input.%s has no column in the 企业 sheet", name)
			continue
		}
		if head[0][j] != entColumns[j].header {
			t.Errorf("column %d is %q, want %q", j, head[0][j], entColumns[j].header)
		}
	}
	figHead, _ := f.GetRows(SheetFigures)
	for _, x := range (&Figures{}).fields() {
		want := x.label
		if x.money {
			want += "（万元）"
		}
		if !slices.Contains(figHead[0], want) {
			t.Errorf("年度数据 lacks %s", want)
		}
	}
	dvs, err := f.GetDataValidations(SheetEnterprises)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[strings.SplitN(dv.Sqref, "2:", 2)[0]] = dv.Formula1
		}
	}
	for letter, want := range map[string]string{"F": "企业,新型研发机构,高校院所,中介机构", "K": "在孵,入驻,毕业,迁出", "R": "是,否"} {
		if !strings.Contains(lists[letter], want) {
			t.Errorf("drop-down of column %s = %q, want %s", letter, lists[letter], want)
		}
	}
	help, _ := f.GetRows(SheetHelp)
	if len(help) < 30 || !strings.Contains(help[2][0], "统一社会信用代码") {
		t.Errorf("说明 sheet: %d rows", len(help))
	}
	// An empty template reads as a sheet without rows or problems.
	sh, err := ReadEnterprises(bytes.NewReader(tpl), nil)
	if err != nil || len(sh.Rows) != 0 || len(sh.Problems) != 0 {
		t.Fatalf("empty template: %v %v", sh, err)
	}
}

// An export reads back into the same records: money exactly, dates, tags, choices.
func TestExportReadsBack(t *testing.T) {
	day := func(s string) *time.Time { d, _ := time.ParseInLocation(time.DateOnly, s, cst); return &d }
	list := []*Enterprise{
		{Name: "中科慧远视觉技术（洛阳）有限公司", USCC: "914403001922038216", LegalRep: "张三", FoundedOn: day("2016-05-01"),
			RegisteredCapital: 1_234_567_891, Kind: KindRnDInstitute, IndustryCode: "C3963", Location: "创新大厦 A 座 501", Status: Graduated,
			EnteredOn: day("2016-06-01"), GraduatedOn: day("2021-12-31"), Tags: []string{"机器视觉", "智能装备"}, Description: "第一行\n第二行",
			Website: "https://www.example.cn", Public: true},
		{Name: "另一家", USCC: "91330100716105852F", RegisteredCapital: 1, Kind: KindEnterprise, Status: Resident},
	}
	var buf bytes.Buffer
	if err := WriteEnterprises(&buf, list); err != nil {
		t.Fatal(err)
	}
	sh, err := ReadEnterprises(&buf, nil)
	if err != nil || len(sh.Problems) != 0 || len(sh.Rows) != 2 {
		t.Fatalf("read back: %v %v", sh.Problems, err)
	}
	for i, e := range list {
		want := inputOf(e)
		if got := sh.Rows[i].Input; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i+2, got, want)
		}
	}
}

// Columns are found by their header: another order, a title row, extra and missing columns, other names.
func TestHeadersTolerated(t *testing.T) {
	code := testCode("9141030017000000")
	data := workbook(t, "台账", [][]any{
		{"2026 年入驻企业台账"},
		{},
		{"序号", "状 态", "信用代码", "名称", "注册资本(万元)", "联系人", "入园日期"},
		{1, "在孵", code, "  甲公司 ", 500, "某人", "2020/3/5"},
		{},
		{2, "", "91330100716105852F", "乙公司", "1,200.5万元", "", 43891},
	})
	sh, err := ReadEnterprises(bytes.NewReader(data), nil)
	if err != nil || len(sh.Problems) != 0 {
		t.Fatalf("%v %v", sh.Problems, err)
	}
	if sh.name != "台账" || len(sh.Rows) != 2 || sh.Rows[0].Row != 4 || sh.Rows[1].Row != 6 {
		t.Fatalf("sheet %s rows %+v", sh.name, sh.Rows)
	}
	a, b := sh.Rows[0].Input, sh.Rows[1].Input
	if a.Name != "甲公司" || a.USCC != code || a.Status != Incubating || a.RegisteredCapital != 500_000_000 ||
		a.EnteredOn.Format(time.DateOnly) != "2020-03-05" || b.RegisteredCapital != 1_200_500_000 || b.EnteredOn.Format(time.DateOnly) != "2020-03-01" {
		t.Fatalf("rows: %+v / %+v", a, b)
	}
	used, ignored := sh.Columns()
	if !slices.Equal(ignored, []string{"序号", "联系人"}) || len(used) != 5 {
		t.Fatalf("used %v ignored %v", used, ignored)
	}
}

func TestHeaderProblems(t *testing.T) {
	data := workbook(t, SheetEnterprises, [][]any{{"统一社会信用代码", "企业名称", "注册资本（元）", "名称"}})
	_, err := ReadEnterprises(bytes.NewReader(data), nil)
	ce, ok := err.(*CellsError)
	if !ok || len(ce.Problems) != 2 || ce.Problems[0].Column != "C" || !strings.Contains(ce.Problems[0].Reason, "万元") ||
		ce.Problems[1].Column != "D" || !strings.Contains(ce.Problems[1].Reason, "与 B 列") {
		t.Fatalf("header problems: %v", err)
	}
	data = workbook(t, SheetEnterprises, [][]any{{"企业名称", "状态"}, {"甲", "入驻"}})
	if _, err := ReadEnterprises(bytes.NewReader(data), nil); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "统一社会信用代码") {
		t.Fatalf("no code column: %v", err)
	}
	data = workbook(t, SheetFigures, [][]any{{"统一社会信用代码", "营业收入（万元）"}})
	if _, err := ReadFigures(bytes.NewReader(data), nil); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "年度") {
		t.Fatalf("no year column: %v", err)
	}
}

func TestNotAWorkbook(t *testing.T) {
	for name, data := range map[string][]byte{
		"空":    nil,
		".xls": append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
		"文本":   []byte("统一社会信用代码,企业名称\n"),
		".ods": []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"),
		"损坏":   []byte("PK\x03\x04 not really a zip"),
	} {
		_, err := ReadEnterprises(bytes.NewReader(data), nil)
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v, want Invalid", name, err)
		}
	}
}

// Cells as people type them.
func TestReadCells(t *testing.T) {
	for in, want := range map[string]string{"2019-06-01": "2019-06-01", "2019/6/1": "2019-06-01", "2019年6月1日": "2019-06-01",
		"2019.06.01": "2019-06-01", "43617": "2019-06-01", "20190601": "2019-06-01", "2019-06-01 00:00:00": "2019-06-01"} {
		d, err := readDate(in, false)
		if err != nil || d.Format(time.DateOnly) != want || d.Location() != cst {
			t.Errorf("date %q = %v %v", in, d, err)
		}
	}
	if d, _ := readDate("42156", true); d.Format(time.DateOnly) != "2019-06-02" {
		t.Errorf("1904 date system: %v", d)
	}
	for in, msg := range map[string]string{"2019-02-30": "没有这一天", "下个月": "日期应为", "-5": "日期应为", "1800-01-01": "不合理"} {
		if _, err := readDate(in, false); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("date %q: %v, want %s", in, err, msg)
		}
	}
	for in, fen := range map[string]int64{"1200.5": 1_200_500_000, "0.000001": 1, "1,234.567891": 1_234_567_891, "-3.2": -3_200_000,
		"1234.5600000000001": 1_234_560_000, "1.5E+3": 1_500_000_000, "500万元": 500_000_000, "0": 0, "¥8万": 8_000_000} {
		if got, err := readWan(in); err != nil || got != fen {
			t.Errorf("wan %q = %d %v, want %d", in, got, err, fen)
		}
		if fen >= 0 {
			if back, _ := readWan(Wan(fen)); back != fen {
				t.Errorf("Wan(%d) = %s reads back as %d", fen, Wan(fen), back)
			}
		}
	}
	for in, msg := range map[string]string{"12.3456789": "6 位小数", "五百": "万元为单位", "1-2": "万元为单位", "--3": "万元为单位",
		"9999999999999": "过大", ".": "万元为单位"} {
		if _, err := readWan(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("wan %q: %v, want %s", in, err, msg)
		}
	}
	if wanNumber(1_234_567_891) != 1234.567891 || Wan(-5) != "-0.000005" {
		t.Error("wanNumber/wanText")
	}
	for in, n := range map[string]int64{"12": 12, "12.0": 12, "1,200": 1200, "15人": 15} {
		if got, err := readInt(in); err != nil || got != n {
			t.Errorf("int %q = %d %v", in, got, err)
		}
	}
	if _, err := readInt("12.5"); err == nil {
		t.Error("12.5 people were read")
	}
	if _, err := readCode("9.14403001922038E+17"); err == nil || !strings.Contains(err.Error(), "科学计数法") {
		t.Errorf("a code in scientific notation: %v", err)
	}
	status := entColumns[slices.IndexFunc(entColumns, func(c *column) bool { return c.key == "status" })]
	if v, err := readChoice(status, "毕业"); err != nil || v != "graduated" {
		t.Errorf("choice: %s %v", v, err)
	}
	if _, err := readChoice(status, "休眠"); err == nil || !strings.Contains(err.Error(), "在孵、入驻、毕业、迁出") {
		t.Errorf("unknown choice: %v", err)
	}
	if b, err := readBool("是"); !b || err != nil {
		t.Error("是")
	}
	if _, err := readBool("也许"); err == nil {
		t.Error("也许 was read as yes or no")
	}
}

// The workbook made with LibreOffice: its ledger sheet found by its header, the broken one's cells reported.
func TestReadLibreOffice(t *testing.T) {
	data, err := os.ReadFile("testdata/libreoffice-good.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := ReadEnterprises(bytes.NewReader(data), nil)
	if err != nil || len(sh.Problems) != 0 || len(sh.Rows) != 5 || sh.name != "企业台账" {
		t.Fatalf("good file: %v %v", sh.Problems, err)
	}
	first := sh.Rows[0].Input
	if first.EnteredOn.Format(time.DateOnly) != "2019-06-01" || first.RegisteredCapital != 1_200_500_000 || !first.Public ||
		sh.Rows[2].Input.RegisteredCapital != 300_123_456 || sh.Rows[1].Input.Kind != KindRnDInstitute {
		t.Fatalf("good rows: %+v", sh.Rows)
	}
	fs, err := ReadFigures(bytes.NewReader(data), nil)
	if err != nil || len(fs.Problems) != 0 || len(fs.Rows) != 3 || *fs.Rows[1].Figures.RnDSpending != 1_500_123_456 || fs.Rows[1].Note != "快报数" {
		t.Fatalf("good figures: %v %v", fs.Problems, err)
	}
}

// FuzzReadEnterprises feeds the workbook reader arbitrary files: it must never panic, and what it reads must
// be well formed.
func FuzzReadEnterprises(f *testing.F) {
	var tpl, exp bytes.Buffer
	if err := WriteTemplate(&tpl); err != nil {
		f.Fatal(err)
	}
	if err := WriteEnterprises(&exp, []*Enterprise{{Name: "甲", USCC: "914403001922038216", Kind: KindEnterprise, Status: Resident}}); err != nil {
		f.Fatal(err)
	}
	f.Add(tpl.Bytes())
	f.Add(exp.Bytes())
	for _, name := range []string{"testdata/libreoffice-good.xlsx", "testdata/libreoffice-broken.xlsx"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() { defer close(done); checkRead(t, data) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("reading took more than 20 s")
		}
	})
}

// checkRead reads data as both sheets: an error must be Invalid, and what is read must be well formed.
func checkRead(t *testing.T, data []byte) {
	sh, err := ReadEnterprises(bytes.NewReader(data), nil)
	if err != nil {
		if _, ok := err.(*CellsError); !ok && !errs.Is(err, errs.Invalid) {
			t.Errorf("an unreadable file gave %v, want Invalid", err)
		}
		return
	}
	for _, p := range sh.Problems {
		if p.Sheet == "" || p.Row <= 0 || p.Reason == "" {
			t.Errorf("malformed problem %+v", p)
		}
	}
	for _, r := range sh.Rows {
		if r.Row <= 0 || len(r.raw.cells) != len(sh.cols) {
			t.Errorf("malformed row %+v", r)
		}
	}
	fs, err := ReadFigures(bytes.NewReader(data), nil)
	if err == nil && len(fs.Rows) > MaxImportRows {
		t.Error("too many rows")
	}
}

// Dates of an export are date cells: a serial number in a column formatted as a date.
func TestExportDates(t *testing.T) {
	d := time.Date(2019, 6, 1, 0, 0, 0, 0, cst)
	var buf bytes.Buffer
	if err := WriteEnterprises(&buf, []*Enterprise{{Name: "甲", USCC: "914403001922038216", FoundedOn: &d, Kind: KindEnterprise, Status: Resident}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shown, _ := f.GetCellValue(SheetEnterprises, "D2")
	raw, _ := f.GetCellValue(SheetEnterprises, "D2", excelize.Options{RawCellValue: true})
	if shown != "2019-06-01" || raw != "43617" {
		t.Fatalf("founded on: shown %q, stored %q", shown, raw)
	}
}
