package enterprise

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// importRoutes: the import page, the template, the upload that starts a run, the run's page (polled while it
// runs) and its report, and the export of a filtered list. A run's page lives under /import/runs/ because a
// pattern /admin/enterprises/import/{run} would clash with /admin/enterprises/{id}/figures in the router.
func (h *Handler) importRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/import", Perm: PermManage, Handler: h.importPage},
		{Method: "GET", Path: "/admin/enterprises/import/template.xlsx", Perm: PermRead, Handler: h.importTemplate},
		{Method: "POST", Path: "/admin/enterprises/import", Perm: PermManage, Handler: h.importUpload},
		{Method: "GET", Path: "/admin/enterprises/import/runs/{run}", Perm: PermManage, Handler: h.importRun},
		{Method: "GET", Path: "/admin/enterprises/import/runs/{run}/report.xlsx", Perm: PermManage, Handler: h.importReport},
		{Method: "GET", Path: "/admin/enterprises/export.xlsx", Perm: PermRead, Handler: h.export},
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendXLSX answers with a workbook to download under a Chinese file name (RFC 6266 filename*).
func sendXLSX(w http.ResponseWriter, name string, body []byte) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"parkos.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm()
	f.Values.Set("kind", string(EnterpriseImport))
	h.renderImport(w, r, http.StatusOK, f)
}

func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	runs, err := h.svc.ImportRuns(r.Context(), auth.FromContext(r.Context()), 10)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "import.html", web.View{Title: "批量导入", Form: f, Data: map[string]any{
		"Runs": runs, "Kinds": ImportKindNames, "MaxMB": MaxImportBytes >> 20}})
}

func (h *Handler) importTemplate(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	sendXLSX(w, "企业库导入模板.xlsx", buf.Bytes())
}

// importUpload takes the workbook, starts the run in the background and shows its page.
func (h *Handler) importUpload(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, MaxImportBytes+1<<20)
	f := web.NewForm()
	for _, k := range []string{"kind", "dry_run", "partial"} {
		f.Values.Set(k, r.FormValue(k))
	}
	fail := func(err error) {
		f.Fail(err)
		h.renderImport(w, r, web.Status(err), f)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		fail(errs.Invalidf("file", "请选择要导入的 .xlsx 文件（不超过 %d MB）", MaxImportBytes>>20))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxImportBytes+1))
	if err != nil {
		fail(errs.Invalidf("file", "文件没有完整收到，请重新上传"))
		return
	}
	if len(data) > MaxImportBytes {
		fail(errs.Invalidf("file", "文件超过 %d MB，请分成几个文件导入", MaxImportBytes>>20))
		return
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	o := ImportOptions{DryRun: f.Bool("dry_run"), Partial: f.Bool("partial"), File: name}
	run, err := h.svc.StartImport(r.Context(), a, ImportKind(f.Get("kind")), data, o)
	if err != nil {
		if web.Status(err) >= 500 || errs.Is(err, errs.Forbidden) {
			h.rnd.Error(w, r, err)
			return
		}
		fail(err)
		return
	}
	http.Redirect(w, r, "/admin/enterprises/import/runs/"+run.ID, http.StatusSeeOther)
}

// maxShownProblems bounds the report table on the page; the report workbook has all the run kept.
const maxShownProblems = 1000

// runView is what the run page and its polled status fragment show.
type runView struct {
	Run      *ImportRun
	Kind     string
	Phase    string
	Stale    bool
	Problems []CellError
	Hidden   int // problems not shown on the page
}

func (h *Handler) runView(r *http.Request) (*runView, error) {
	run, err := h.svc.FindImportRun(r.Context(), auth.FromContext(r.Context()), r.PathValue("run"))
	if err != nil {
		return nil, err
	}
	v := &runView{Run: run, Kind: ImportKindNames[run.Kind], Phase: PhaseNames[run.Phase], Stale: run.Stale(time.Now())}
	if res := run.Result; res != nil {
		v.Problems = res.Problems
		if len(v.Problems) > maxShownProblems {
			v.Problems = v.Problems[:maxShownProblems]
		}
		v.Hidden = len(res.Problems) - len(v.Problems) + res.Omitted
	}
	return v, nil
}

// importRun shows a run: while it runs, a status that htmx polls every second (?part=status answers the
// fragment alone); then its result and the table of bad cells.
func (h *Handler) importRun(w http.ResponseWriter, r *http.Request) {
	v, err := h.runView(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("part") == "status" {
		body, err := h.pages.Execute("import_run.html", "runstatus", v)
		if err != nil {
			h.rnd.Error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
		return
	}
	title := "导入" + v.Kind
	if v.Run.FileName != "" {
		title += "：" + v.Run.FileName
	}
	h.pages.Render(w, r, http.StatusOK, "import_run.html", web.View{Title: title, Data: v})
}

// importReport downloads a run's bad cells as a workbook, to fix the file beside it.
func (h *Handler) importReport(w http.ResponseWriter, r *http.Request) {
	v, err := h.runView(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	if v.Run.Result == nil {
		h.rnd.Error(w, r, errs.NotFoundf("导入报告"))
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "错误报告"
	_ = x.SetSheetName("Sheet1", sheet)
	rows := [][]any{{"工作表", "单元格", "行", "列", "表头", "内容", "问题"}}
	for _, p := range v.Run.Result.Problems {
		cell := ""
		if p.Column != "" && p.Row > 0 {
			cell = fmt.Sprintf("%s%d", p.Column, p.Row)
		}
		rows = append(rows, []any{p.Sheet, cell, p.Row, p.Column, p.Header, p.Value, p.Reason})
	}
	for i, row := range rows {
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &row); err != nil {
			h.rnd.Error(w, r, err)
			return
		}
	}
	for col, width := range map[string]float64{"A": 12, "B": 8, "C": 6, "D": 6, "E": 22, "F": 30, "G": 70} {
		_ = x.SetColWidth(sheet, col, col, width)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	sendXLSX(w, "导入错误报告-"+strings.TrimSuffix(v.Run.FileName, filepath.Ext(v.Run.FileName))+".xlsx", buf.Bytes())
}

// export downloads the enterprises the list page's filters select (q, status, industry, tag), all of them.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := Filter{Query: q.Get("q"), Status: Status(q.Get("status")), IndustryCode: q.Get("industry"), Tag: q.Get("tag")}
	var buf bytes.Buffer
	if _, err := h.svc.ExportEnterprises(r.Context(), auth.FromContext(r.Context()), f, &buf); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	sendXLSX(w, "企业名录-"+time.Now().In(cst).Format("20060102-1504")+".xlsx", buf.Bytes())
}
