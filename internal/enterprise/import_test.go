package enterprise_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/db"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
)

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func count(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sheetBook builds an .xlsx with one sheet of rows.
func sheetBook(t testing.TB, sheet string, rows [][]any) []byte {
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

func (e *env) run(t *testing.T, kind enterprise.ImportKind, data []byte, o enterprise.ImportOptions) *enterprise.ImportResult {
	t.Helper()
	run, res, err := e.svc.RunImport(ctx, e.staff, kind, data, o, nil)
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	got, err := e.svc.FindImportRun(ctx, e.staff, run.ID)
	if err != nil || got.Status != enterprise.RunDone || got.Result == nil || got.Result.Created != res.Created || got.FinishedAt == nil {
		t.Fatalf("run record: %+v %v", got, err)
	}
	return res
}

// The workbook made with LibreOffice imports: a dry run first changes nothing, then every enterprise and
// year of figures is stored, with one audit record per import.
func TestImportLibreOfficeWorkbook(t *testing.T) {
	e := newEnv(t)
	data := testdata(t, "libreoffice-good.xlsx")
	audits := func(action string) int {
		return count(t, e.db, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action)
	}

	res := e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{DryRun: true, File: "台账.xlsx"})
	if res.Refused || res.Created != 5 || res.Updated != 0 || len(res.Problems) != 0 || !strings.Contains(res.Summary(), "未写入") {
		t.Fatalf("dry run: %+v", res)
	}
	if n := count(t, e.db, `SELECT COUNT(*) FROM enterprises`); n != 0 || audits("enterprise.import") != 0 {
		t.Fatalf("the dry run wrote %d enterprises", n)
	}

	res = e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{File: "台账.xlsx"})
	if res.Refused || res.Created != 5 || res.Sheet != "企业台账" || !slices.Equal(res.Ignored, []string{"序号", "备忘"}) {
		t.Fatalf("import: %+v", res)
	}
	if n := audits("enterprise.import"); n != 1 {
		t.Fatalf("%d audit records for one import", n)
	}
	list, total, err := e.svc.FindEnterprises(ctx, e.staff, enterprise.Filter{Query: "914103001700000035"})
	if err != nil || total != 1 {
		t.Fatalf("imported enterprise: %d %v", total, err)
	}
	a := list[0]
	if a.Name != "中科慧远视觉技术（洛阳）有限公司" || a.RegisteredCapital != 1_200_500_000 || a.Status != enterprise.Resident ||
		a.EnteredOn.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly) != "2019-06-01" || !a.Public ||
		strings.Join(a.Tags, "、") != "机器视觉、智能装备" || a.IndustryCode != "C3963" || a.HitechField != "先进制造与自动化" {
		t.Fatalf("imported record: %+v", a)
	}
	grad, _, _ := e.svc.FindEnterprises(ctx, e.staff, enterprise.Filter{Status: enterprise.Graduated})
	if len(grad) != 1 || grad[0].GraduatedOn == nil || grad[0].RegisteredCapital != 300_123_456 {
		t.Fatalf("graduated enterprise: %+v", grad)
	}

	res = e.run(t, enterprise.FigureImport, data, enterprise.ImportOptions{File: "台账.xlsx"})
	if res.Refused || res.Created != 3 {
		t.Fatalf("figures: %+v", res)
	}
	r, err := e.svc.FindReport(ctx, e.staff, a.ID, 2025)
	if err != nil || r.Status != enterprise.ReportApproved || *r.Figures.Revenue != 12_000_000_000 || *r.Figures.MainRevenue != 11_800_750_000 ||
		*r.Figures.RnDSpending != 1_500_123_456 || *r.Figures.StaffDoctorate != 8 || r.Figures.NetProfit != nil || r.Note != "快报数" {
		t.Fatalf("imported figures: %+v %v", r, err)
	}
	if audits("figures.import") != 1 {
		t.Fatal("no audit record of the figures import")
	}

	// The same file again updates, by credit code and year.
	res = e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{})
	if res.Created != 0 || res.Updated != 5 {
		t.Fatalf("second import: %+v", res)
	}
	res = e.run(t, enterprise.FigureImport, data, enterprise.ImportOptions{})
	if res.Created != 0 || res.Updated != 3 {
		t.Fatalf("second figures import: %+v", res)
	}
}

// A sheet with some columns updates those fields only; a blank cell clears a field, but keeps the name
// and the state.
func TestImportUpdatesByCode(t *testing.T) {
	e := newEnv(t)
	e.run(t, enterprise.EnterpriseImport, testdata(t, "libreoffice-good.xlsx"), enterprise.ImportOptions{})
	data := sheetBook(t, "企业", [][]any{
		{"统一社会信用代码", "企业名称", "状态", "毕业日期", "园区位置"},
		{"914103001700000035", "", "毕业", "2025-12-31", ""},
		{"91410300640000009A", "新企业", "", "", "孵化楼"},
	})
	res := e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{})
	if res.Created != 1 || res.Updated != 1 || res.Refused {
		t.Fatalf("update: %+v", res)
	}
	list, _, _ := e.svc.FindEnterprises(ctx, e.staff, enterprise.Filter{Query: "914103001700000035"})
	a := list[0]
	if a.Name != "中科慧远视觉技术（洛阳）有限公司" || a.Status != enterprise.Graduated || a.GraduatedOn == nil || a.Location != "" ||
		a.RegisteredCapital != 1_200_500_000 || !a.Public || len(a.Tags) != 2 {
		t.Fatalf("updated record: %+v", a)
	}
	list, _, _ = e.svc.FindEnterprises(ctx, e.staff, enterprise.Filter{Query: "91410300640000009A"})
	if len(list) != 1 || list[0].Status != enterprise.Resident || list[0].Kind != enterprise.KindEnterprise || list[0].Public {
		t.Fatalf("new record with defaults: %+v", list)
	}
}

// The broken workbook is refused whole, with every bad cell named; partial mode imports the good row.
func TestImportBrokenWorkbook(t *testing.T) {
	e := newEnv(t)
	data := testdata(t, "libreoffice-broken.xlsx")
	res := e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{File: "broken.xlsx"})
	want := map[string]string{"B3": "第 18 位校验码应为“6”", "D4": "没有这一天", "K5": "只能是在孵、入驻、毕业、迁出之一",
		"E6": "注册资本不能为负数", "G6": "门类应为 C", "A7": "请填写企业名称", "B8": "与第 2 行的统一社会信用代码重复", "B9": "科学计数法",
		"Q10": "网址应以 http://", "M11": "毕业企业须填写毕业日期", "G12": "存成了数字", "E13": "6 位小数"}
	checkProblems(t, res, "企业", want)
	if !res.Refused || res.Created != 0 || !strings.Contains(res.Summary(), "12 处错误") {
		t.Fatalf("broken file: %+v", res)
	}
	if n := count(t, e.db, `SELECT COUNT(*) FROM enterprises`); n != 0 {
		t.Fatalf("a refused file wrote %d enterprises", n)
	}
	if p := res.Problems[0]; p.Header != "统一社会信用代码" || p.Value != "914403001922038217" || p.Row != 3 {
		t.Fatalf("first problem: %+v", p)
	}

	res = e.run(t, enterprise.EnterpriseImport, data, enterprise.ImportOptions{Partial: true})
	if res.Refused || res.Created != 1 || res.Skipped != 11 || len(res.Problems) != len(want) {
		t.Fatalf("partial import: %+v", res)
	}
	if n := count(t, e.db, `SELECT COUNT(*) FROM enterprises WHERE name = '甲公司'`); n != 1 {
		t.Fatal("the good row of a partial import is missing")
	}
}

func checkProblems(t *testing.T, res *enterprise.ImportResult, sheet string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, p := range res.Problems {
		if p.Sheet != sheet || p.Header == "" || p.Reason == "" {
			t.Errorf("malformed problem %+v", p)
		}
		got[p.Column+itoa(int64(p.Row))] = p.Reason
	}
	for cell, reason := range want {
		if !strings.Contains(got[cell], reason) {
			t.Errorf("%s: %q, want %q", cell, got[cell], reason)
		}
	}
	for cell, reason := range got {
		if _, ok := want[cell]; !ok {
			t.Errorf("unexpected problem %s: %s", cell, reason)
		}
	}
}

func TestImportFigures(t *testing.T) {
	e := newEnv(t)
	e.run(t, enterprise.EnterpriseImport, testdata(t, "libreoffice-good.xlsx"), enterprise.ImportOptions{})
	data := testdata(t, "libreoffice-broken.xlsx")
	res := e.run(t, enterprise.FigureImport, data, enterprise.ImportOptions{})
	checkProblems(t, res, "年度数据", map[string]string{"A3": "未在企业库登记", "C4": "年度应在 2000 至", "E5": "主营业务收入不能大于营业收入",
		"F6": "应为整数"})
	if !res.Refused || count(t, e.db, `SELECT COUNT(*) FROM annual_reports`) != 0 {
		t.Fatalf("broken figures: %+v", res)
	}
	res = e.run(t, enterprise.FigureImport, data, enterprise.ImportOptions{Partial: true})
	if res.Created != 1 || res.Skipped != 4 {
		t.Fatalf("partial figures: %+v", res)
	}
	// An empty year says nothing: a row without any figure is refused as the form refuses it.
	empty := sheetBook(t, "年度数据", [][]any{{"统一社会信用代码", "年度", "营业收入（万元）"}, {"914103002000000058", 2023, ""}})
	res = e.run(t, enterprise.FigureImport, empty, enterprise.ImportOptions{})
	if !res.Refused || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Reason, "至少填写一项") {
		t.Fatalf("a row without figures: %+v", res)
	}
}

// Only park staff who manage the registry import; a background run is followed to its end.
func TestImportRuns(t *testing.T) {
	e := newEnv(t)
	data := testdata(t, "libreoffice-good.xlsx")
	if _, _, err := e.svc.RunImport(ctx, e.tenant, enterprise.EnterpriseImport, data, enterprise.ImportOptions{}, nil); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise user imported: %v", err)
	}
	if _, err := e.svc.ImportRuns(ctx, e.editor, 10); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor listed the runs: %v", err)
	}
	var phases []string
	_, res, err := e.svc.RunImport(ctx, e.staff, enterprise.EnterpriseImport, data, enterprise.ImportOptions{}, func(p enterprise.Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	})
	if err != nil || res.Created != 5 || !slices.Equal(phases, []string{enterprise.PhaseRead, enterprise.PhaseCheck, enterprise.PhaseWrite}) {
		t.Fatalf("progress phases %v: %v %v", phases, res, err)
	}
	run, err := e.svc.StartImport(ctx, e.staff, enterprise.FigureImport, data, enterprise.ImportOptions{File: "年度.xlsx", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for run.Status == enterprise.RunRunning && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if run, err = e.svc.FindImportRun(ctx, e.staff, run.ID); err != nil {
			t.Fatal(err)
		}
	}
	if run.Status != enterprise.RunDone || run.Result == nil || run.Result.Created != 3 || !run.DryRun || run.FileName != "年度.xlsx" || run.Percent() != 100 {
		t.Fatalf("background run: %+v", run)
	}
	runs, err := e.svc.ImportRuns(ctx, e.staff, 10)
	if err != nil || len(runs) != 2 || runs[0].ID != run.ID {
		t.Fatalf("runs: %+v %v", runs, err)
	}
	// A file that is no workbook fails the run with the reason.
	_, _, err = e.svc.RunImport(ctx, e.staff, enterprise.EnterpriseImport, []byte("not a workbook"), enterprise.ImportOptions{}, nil)
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("not a workbook: %v", err)
	}
	runs, _ = e.svc.ImportRuns(ctx, e.staff, 1)
	if runs[0].Status != enterprise.RunFailed || !strings.Contains(runs[0].Message, "不是 Excel") {
		t.Fatalf("failed run: %+v", runs[0])
	}
	if _, err := e.svc.FindImportRun(ctx, e.staff, "nope"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unknown run: %v", err)
	}
}

// Export writes the filtered list, which reads back as the same records.
func TestExportEnterprises(t *testing.T) {
	e := newEnv(t)
	e.run(t, enterprise.EnterpriseImport, testdata(t, "libreoffice-good.xlsx"), enterprise.ImportOptions{})
	var buf bytes.Buffer
	n, err := e.svc.ExportEnterprises(ctx, e.staff, enterprise.Filter{IndustryCode: "M"}, &buf)
	if err != nil || n != 2 {
		t.Fatalf("export: %d %v", n, err)
	}
	sh, err := enterprise.ReadEnterprises(&buf, nil)
	if err != nil || len(sh.Rows) != 2 || sh.Rows[0].Input.IndustryCode[0] != 'M' {
		t.Fatalf("exported file: %+v %v", sh, err)
	}
	if count(t, e.db, `SELECT COUNT(*) FROM audit_log WHERE action = 'enterprise.export'`) != 1 {
		t.Fatal("the export was not audited")
	}
	if _, err := e.svc.ExportEnterprises(ctx, e.editor, enterprise.Filter{}, &buf); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor exported: %v", err)
	}
}
