package enterprise

// The import of enterprises and of annual figures from a workbook read by excel.go: every row checked with
// the validation the forms use, a report of every bad cell, all or nothing unless asked otherwise, update by
// credit code, a dry run; the whole import in one transaction with one audit record.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/zh"
)

// ImportKind names what an import brings in.
type ImportKind string

// What can be imported from a workbook.
const (
	EnterpriseImport ImportKind = "enterprises" // the 企业 sheet
	FigureImport     ImportKind = "figures"     // the 年度数据 sheet
)

// ImportKindNames are the Chinese names of the kinds of import.
var ImportKindNames = map[ImportKind]string{EnterpriseImport: "企业名录", FigureImport: "年度经营数据"}

// ImportOptions say how to import.
type ImportOptions struct {
	DryRun  bool   // check every row and report, write nothing
	Partial bool   // import the rows without errors and skip the others, instead of refusing the whole file
	File    string // the file's name, for the report and the audit record
}

// ImportResult is what an import did, or would do in a dry run, and every problem it found.
type ImportResult struct {
	Kind     ImportKind  `json:"kind"`
	File     string      `json:"file"`
	Sheet    string      `json:"sheet"`
	DryRun   bool        `json:"dry_run"`
	Partial  bool        `json:"partial"`
	Rows     int         `json:"rows"`    // data rows in the sheet
	Created  int         `json:"created"` // new enterprises, or new years of figures
	Updated  int         `json:"updated"` // records found by credit code (and year) and changed
	Skipped  int         `json:"skipped"` // rows left out for their problems (partial import)
	Refused  bool        `json:"refused"` // the file had problems and nothing was written
	Problems []CellError `json:"problems"`
	Omitted  int         `json:"omitted_problems,omitempty"` // problems left out of a stored report (see FindImportRun)
	Ignored  []string    `json:"ignored_columns,omitempty"`  // headers that name no column
}

// Summary says in one Chinese sentence what happened.
func (r *ImportResult) Summary() string {
	what := "企业"
	unit := "家"
	if r.Kind == FigureImport {
		what, unit = "年度数据", "条"
	}
	switch {
	case r.Refused:
		return fmt.Sprintf("文件有 %d 处错误，未导入任何%s：请按下表修改后重新导入，或选择只导入没有错误的行", len(r.Problems), what)
	case r.DryRun:
		s := fmt.Sprintf("试导入：共 %d 行，可新增 %d %s、更新 %d %s", r.Rows, r.Created, unit, r.Updated, unit)
		if r.Skipped > 0 {
			s += fmt.Sprintf("，%d 行有错误将被跳过", r.Skipped)
		}
		return s + "；未写入数据库"
	}
	s := fmt.Sprintf("导入完成：新增 %d %s，更新 %d %s", r.Created, unit, r.Updated, unit)
	if r.Skipped > 0 {
		s += fmt.Sprintf("，跳过 %d 行有错误的行", r.Skipped)
	}
	return s
}

func newResult(kind ImportKind, sd *sheetData, rows int, o ImportOptions) *ImportResult {
	return &ImportResult{Kind: kind, File: o.File, Sheet: sd.name, DryRun: o.DryRun, Partial: o.Partial, Rows: rows,
		Problems: append([]CellError{}, sd.problems...), Ignored: sd.ignored}
}

// rowCheck collects the problems of one row, at most one per column: a cell that could not be read was
// reported when the sheet was read, and what the validation then says about its field is left out (it
// would only repeat it); every other column is still checked, so that one pass names every bad cell.
type rowCheck struct {
	sd       *sheetData
	r        *rawRow
	unread   bool // a cell of the row could not be read
	reported map[string]bool
	probs    []CellError
}

func newRowCheck(sd *sheetData, r *rawRow, unread []string) *rowCheck {
	c := &rowCheck{sd: sd, r: r, unread: len(unread) > 0, reported: map[string]bool{}}
	for _, k := range unread {
		c.reported[k] = true
	}
	return c
}

// add records a problem with the column of key ("" for the row as a whole).
func (c *rowCheck) add(key, msg string) {
	if key != "" && c.reported[key] {
		return
	}
	c.reported[key] = true
	c.probs = append(c.probs, c.sd.problem(c.r, key, msg))
}

// addErr records a validation error: each field's message at its column.
func (c *rowCheck) addErr(err error) {
	e := errs.As(err)
	switch {
	case e == nil:
		c.add("", err.Error())
	case len(e.Fields) == 0:
		c.add("", e.Message)
	default:
		for k, msg := range e.Fields {
			c.add(k, msg)
		}
	}
}

func (c *rowCheck) failed() bool { return c.unread || len(c.probs) > 0 }

// sortProblems orders problems by row, then column.
func sortProblems(p []CellError) {
	col := func(c CellError) int {
		if c.Column == "" {
			return 1 << 20
		}
		n, _ := excelize.ColumnNameToNumber(c.Column)
		return n
	}
	sort.SliceStable(p, func(i, j int) bool {
		if p[i].Row != p[j].Row {
			return p[i].Row < p[j].Row
		}
		return col(p[i]) < col(p[j])
	})
}

// ImportEnterprises registers or updates the enterprises of a 企业 sheet. A credit code already registered
// updates that enterprise: the columns the sheet has replace its fields (a blank cell clears a field, except
// the name, kind, status and publication, which it keeps), the others stay. Every row is checked as the form
// checks it (Input.validate, the industry code table when loaded) and a credit code may appear once. With
// problems, nothing is written (Refused) unless o.Partial, which skips the rows with problems; o.DryRun
// writes nothing. The writing is one transaction with one audit record. progress may be nil.
func (s *Service) ImportEnterprises(ctx context.Context, a *auth.Actor, sh *EnterpriseSheet, o ImportOptions, progress func(Progress)) (*ImportResult, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "enterprise.import", 0, "没有导入企业的权限")
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	res := newResult(EnterpriseImport, sh.sheetData, len(sh.Rows), o)
	existing, err := enterprisesByCode(ctx, s.db.R)
	if err != nil {
		return nil, err
	}
	codes, err := industryTable(ctx, s.db.R)
	if err != nil {
		return nil, err
	}
	type planned struct {
		in     Input
		update bool
	}
	plan := make([]planned, 0, len(sh.Rows))
	seen := make(map[string]int, len(sh.Rows))
	bad := 0
	for i := range sh.Rows {
		if i%500 == 0 {
			progress(Progress{Phase: PhaseCheck, Done: i, Total: len(sh.Rows)})
		}
		r := &sh.Rows[i]
		code := r.Input.USCC
		chk := newRowCheck(sh.sheetData, r.raw, r.bad)
		switch first, dup := seen[code]; {
		case code == "":
			chk.add("uscc", "请填写统一社会信用代码：导入按它匹配企业")
		case dup:
			chk.add("uscc", fmt.Sprintf("与第 %d 行的统一社会信用代码重复：每家企业只能有一行", first))
		default:
			seen[code] = r.Row
		}
		e := existing[code]
		var in Input
		if e != nil {
			in = inputOf(e)
			in.Tags = slices.Clone(in.Tags)
		}
		for _, c := range sh.cols {
			v := r.raw.cells[c.pos]
			if v == "" && e != nil && c.keep {
				continue
			}
			_ = applyEnterpriseCell(&in, c.column, v, sh.date1904) // a cell that cannot be read was reported already
		}
		if err := in.validate(); err != nil {
			chk.addErr(err)
		}
		if !chk.reported["industry_code"] {
			if err := checkIndustryCodeIn(codes, in.IndustryCode); err != nil {
				chk.add("industry_code", err.Error())
			}
		}
		if chk.failed() {
			res.Problems = append(res.Problems, chk.probs...)
			bad++
			continue
		}
		plan = append(plan, planned{in: in, update: e != nil})
	}
	progress(Progress{Phase: PhaseCheck, Done: len(sh.Rows), Total: len(sh.Rows)})
	sortProblems(res.Problems)
	if len(res.Problems) > 0 && !o.Partial {
		res.Refused = true
		return res, nil
	}
	res.Skipped = bad
	var created, updated []string
	for _, p := range plan {
		if p.update {
			updated = append(updated, p.in.USCC)
		} else {
			created = append(created, p.in.USCC)
		}
	}
	res.Created, res.Updated = len(created), len(updated)
	if o.DryRun || len(plan) == 0 {
		return res, nil
	}
	inputs := make([]*Input, len(plan))
	for i := range plan {
		inputs[i] = &plan[i].in
	}
	progress(Progress{Phase: PhaseWrite, Done: 0, Total: len(plan)})
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := upsertEnterprises(ctx, tx, inputs, s.now(), func(done int) {
			progress(Progress{Phase: PhaseWrite, Done: done, Total: len(plan)})
		}); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.import", ObjectType: "enterprise",
			After: importDetail(res, created, updated), Note: "批量导入企业：" + res.Summary()})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importDetail is the audit record's account of an import: the counts, and the credit codes when there are
// not too many to read.
func importDetail(res *ImportResult, created, updated []string) map[string]any {
	m := map[string]any{"file": res.File, "sheet": res.Sheet, "rows": res.Rows, "created": res.Created, "updated": res.Updated,
		"skipped": res.Skipped, "partial": res.Partial}
	const listed = 200
	if len(created)+len(updated) <= listed {
		m["created_codes"] = strings.Join(created, "、")
		m["updated_codes"] = strings.Join(updated, "、")
	}
	return m
}

// enterprisesByCode loads the registry keyed by credit code.
func enterprisesByCode(ctx context.Context, q db.Querier) (map[string]*Enterprise, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+entCols+` FROM enterprises`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*Enterprise{}
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, err
		}
		out[e.USCC] = e
	}
	return out, rows.Err()
}

// upsertEnterprises writes enterprises in batches of multi-row INSERT ... ON CONFLICT (uscc) DO UPDATE, one
// prepared statement per batch size: an existing credit code updates its record, created_at and logo stay.
func upsertEnterprises(ctx context.Context, tx *sql.Tx, list []*Input, now time.Time, done func(int)) error {
	const per = 18
	cols := []string{"name", "uscc", "legal_rep", "founded_on", "registered_capital", "kind", "industry_code", "emerging_industry",
		"hitech_field", "location", "status", "entered_on", "graduated_on", "moved_out_on", "tags", "description", "website", "public"}
	set := make([]string, 0, len(cols))
	for _, c := range cols {
		if c != "uscc" {
			set = append(set, c+" = excluded."+c)
		}
	}
	head := `INSERT INTO enterprises (` + strings.Join(cols, ", ") + `, created_at, updated_at) VALUES `
	tail := ` ON CONFLICT (uscc) DO UPDATE SET ` + strings.Join(set, ", ") + `, updated_at = excluded.updated_at`
	row := func(in *Input) []any {
		return []any{in.Name, in.USCC, in.LegalRep, null(in.FoundedOn), in.RegisteredCapital, string(in.Kind), in.IndustryCode,
			in.EmergingIndustry, in.HitechField, in.Location, string(in.Status), null(in.EnteredOn), null(in.GraduatedOn),
			null(in.MovedOutOn), strings.Join(in.Tags, "、"), in.Description, in.Website, in.Public}
	}
	return batches(ctx, tx, len(list), per, head, tail, "$1, $1", func(i int) []any { return row(list[i]) }, []any{now}, done)
}

// batchParams bounds the parameters of one multi-row statement. The SQLite driver binds each parameter by
// looking its name up in a list, so a statement's binding time grows with the square of its parameters:
// measured on 10,000 enterprises (18 parameters a row, BenchmarkImportEnterprises10k), 8 rows a statement
// take 0.6 s where 200 rows take 1.4 s. PostgreSQL gains little from larger statements on the same machine.
const batchParams = 150

// batches writes n rows with multi-row statements of up to batchParams parameters: head, then each row's
// per placeholders followed by shared (placeholders of the leading args, e.g. "$1, $1"), then tail. The
// statement for a full batch is prepared once.
func batches(ctx context.Context, tx *sql.Tx, n, per int, head, tail, shared string, row func(int) []any, lead []any,
	done func(int)) error {
	size := max(1, batchParams/per)
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	text := func(rows int) string {
		var b strings.Builder
		b.WriteString(head)
		p := len(lead) + 1
		for r := range rows {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for c := range per {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(p))
				p++
			}
			if shared != "" {
				b.WriteString(", " + shared)
			}
			b.WriteString(")")
		}
		b.WriteString(tail)
		return b.String()
	}
	args := make([]any, 0, len(lead)+size*per)
	for start := 0; start < n; start += size {
		end := min(start+size, n)
		st := stmts[end-start]
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, text(end-start)); err != nil {
				return err
			}
			stmts[end-start] = st
		}
		args = append(args[:0], lead...)
		for i := start; i < end; i++ {
			args = append(args, row(i)...)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		if done != nil {
			done(end)
		}
	}
	return nil
}

// ImportFigures stores the annual figures of a 年度数据 sheet, one enterprise (by credit code, already
// registered) and year a row, as approved figures of the park. An existing year is updated: the columns the
// sheet has replace its figures (a blank cell means not reported), the others stay. Every row is checked
// as the figures form checks it (Figures.validate), and an enterprise's year may appear once. Otherwise as
// ImportEnterprises.
func (s *Service) ImportFigures(ctx context.Context, a *auth.Actor, sh *FigureSheet, o ImportOptions, progress func(Progress)) (*ImportResult, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "figures.import", 0, "没有导入年度经营数据的权限")
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	res := newResult(FigureImport, sh.sheetData, len(sh.Rows), o)
	ids, err := enterpriseIDs(ctx, s.db.R)
	if err != nil {
		return nil, err
	}
	minYear, maxYear := 0, 0
	for _, r := range sh.Rows {
		if r.Year != 0 && (minYear == 0 || r.Year < minYear) {
			minYear = r.Year
		}
		maxYear = max(maxYear, r.Year)
	}
	existing, err := reportsBetween(ctx, s.db.R, minYear, maxYear)
	if err != nil {
		return nil, err
	}
	thisYear := s.now().In(cst).Year()
	var plan []*Report
	created, updated := 0, 0
	seen := map[string]int{}
	bad := 0
	for i := range sh.Rows {
		if i%500 == 0 {
			progress(Progress{Phase: PhaseCheck, Done: i, Total: len(sh.Rows)})
		}
		r := &sh.Rows[i]
		chk := newRowCheck(sh.sheetData, r.raw, r.bad)
		k := r.USCC + "/" + strconv.Itoa(r.Year)
		if first, dup := seen[k]; dup && r.USCC != "" && r.Year != 0 {
			chk.add("year", fmt.Sprintf("与第 %d 行重复：同一企业同一年度只能有一行", first))
		} else {
			seen[k] = r.Row
		}
		var eid int64
		switch err := checkCode(r.USCC); {
		case r.USCC == "":
			chk.add("uscc", "请填写统一社会信用代码")
		case err != nil:
			chk.add("uscc", err.Error())
		default:
			if eid = ids[r.USCC]; eid == 0 {
				chk.add("uscc", "该统一社会信用代码未在企业库登记：请先导入或登记该企业")
			}
		}
		if r.Year < 2000 || r.Year > thisYear {
			chk.add("year", fmt.Sprintf("年度应在 2000 至 %d 之间", thisYear))
		}
		rep := &Report{EnterpriseID: eid, Year: r.Year}
		old := existing[[2]int64{eid, int64(r.Year)}]
		if old != nil {
			rep.Figures, rep.Note = old.Figures, old.Note
		}
		flds := rep.Figures.fields()
		for _, c := range sh.cols {
			v := r.raw.cells[c.pos]
			switch {
			case c.fig > 0:
				*flds[c.fig-1].v, _ = readFigure(c.column, v)
			case c.key == "note":
				rep.Note = v
			}
		}
		if err := rep.Figures.validate(); err != nil {
			chk.addErr(err)
		}
		if chk.failed() {
			res.Problems = append(res.Problems, chk.probs...)
			bad++
			continue
		}
		if old != nil {
			updated++
		} else {
			created++
		}
		plan = append(plan, rep)
	}
	progress(Progress{Phase: PhaseCheck, Done: len(sh.Rows), Total: len(sh.Rows)})
	sortProblems(res.Problems)
	if len(res.Problems) > 0 && !o.Partial {
		res.Refused = true
		return res, nil
	}
	res.Skipped, res.Created, res.Updated = bad, created, updated
	if o.DryRun || len(plan) == 0 {
		return res, nil
	}
	progress(Progress{Phase: PhaseWrite, Done: 0, Total: len(plan)})
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := upsertReports(ctx, tx, plan, s.now(), func(done int) {
			progress(Progress{Phase: PhaseWrite, Done: done, Total: len(plan)})
		}); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "figures.import", ObjectType: "enterprise",
			After: importDetail(res, nil, nil), Note: "批量导入年度经营数据：" + res.Summary()})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkCode checks a credit code as Input.validate does.
func checkCode(code string) error { return zh.CheckUSCC(code) }

// enterpriseIDs maps credit codes to enterprise ids.
func enterpriseIDs(ctx context.Context, q db.Querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, uscc FROM enterprises`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[code] = id
	}
	return out, rows.Err()
}

// reportsBetween loads the reports of the years from..to, keyed by enterprise and year.
func reportsBetween(ctx context.Context, q db.Querier, from, to int) (map[[2]int64]*Report, error) {
	out := map[[2]int64]*Report{}
	if from == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT `+reportCols("")+` FROM annual_reports WHERE year >= $1 AND year <= $2`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out[[2]int64{r.EnterpriseID, int64(r.Year)}] = r
	}
	return out, rows.Err()
}

// upsertReports writes years of figures as approved by the park, in batches of multi-row upserts.
func upsertReports(ctx context.Context, tx *sql.Tx, list []*Report, now time.Time, done func(int)) error {
	figCols := []string{}
	for _, x := range (&Figures{}).fields() {
		figCols = append(figCols, x.col)
	}
	cols := append([]string{"enterprise_id", "year", "note"}, figCols...)
	set := []string{"status = excluded.status", "note = excluded.note", "updated_at = excluded.updated_at", "reviewed_at = excluded.reviewed_at"}
	for _, c := range figCols {
		set = append(set, c+" = excluded."+c)
	}
	head := `INSERT INTO annual_reports (` + strings.Join(cols, ", ") + `, status, updated_at, reviewed_at) VALUES `
	tail := ` ON CONFLICT (enterprise_id, year) DO UPDATE SET ` + strings.Join(set, ", ")
	row := func(i int) []any {
		r := list[i]
		out := []any{r.EnterpriseID, r.Year, strings.TrimSpace(r.Note)}
		for _, x := range r.Figures.fields() {
			if *x.v == nil {
				out = append(out, nil)
			} else {
				out = append(out, **x.v)
			}
		}
		return out
	}
	return batches(ctx, tx, len(list), len(cols), head, tail, "$1, $2, $2", row, []any{string(ReportApproved), now}, done)
}
