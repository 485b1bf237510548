package enterprise_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// upload posts a workbook to the import form as a browser would, and returns the response.
func upload(t *testing.T, env *apptest.Env, c *apptest.Client, name string, data []byte, fields map[string]string) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.Token())
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if data != nil {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", env.Server.URL+"/admin/enterprises/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", env.Server.URL)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &apptest.Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
}

// follow polls a run's status fragment as the page's htmx does, until the run stops polling, and returns
// the run's full page.
func follow(t *testing.T, c *apptest.Client, run string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := c.Get(run + "?part=status")
		if r.Status != http.StatusOK || strings.Contains(r.Body, "<html") {
			t.Fatalf("status fragment: %d %s", r.Status, apptest.Snippet(r.Body))
		}
		if !strings.Contains(r.Body, "hx-trigger") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run did not finish: %s", r.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := c.Get(run)
	if r.Status != http.StatusOK {
		t.Fatalf("run page: %d", r.Status)
	}
	return r.Body
}

func TestImportPages(t *testing.T) {
	env := apptest.Start(t, nil)
	env.User("park1", "Park#Pass2026x", auth.RoleParkAdmin)
	c := env.Client()
	c.MustLogin("park1", "Park#Pass2026x")

	r := c.Get("/admin/enterprises")
	if !strings.Contains(r.Body, `href="/admin/enterprises/import"`) || !strings.Contains(r.Body, `/admin/enterprises/export.xlsx?q=&amp;status=`) {
		t.Fatalf("the list page lacks the import and export links: %s", apptest.Snippet(r.Body))
	}
	r = c.Get("/admin/enterprises/import")
	if r.Status != 200 || !strings.Contains(r.Body, "下载导入模板") || !strings.Contains(r.Body, `enctype="multipart/form-data"`) {
		t.Fatalf("import page: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Get("/admin/enterprises/import/template.xlsx")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/vnd.openxmlformats") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("template: %d %v", r.Status, r.Header)
	}
	if sh, err := enterprise.ReadEnterprises(strings.NewReader(r.Body), nil); err != nil || len(sh.Rows) != 0 {
		t.Fatalf("template reads as %v %v", sh, err)
	}

	// No file: the form again, with the reason at the field.
	r = upload(t, env, c, "", nil, map[string]string{"kind": "enterprises", "partial": "1"})
	if r.Status != 422 || !strings.Contains(r.Body, "请选择要导入的 .xlsx 文件") || !strings.Contains(r.Body, `name="partial" value="1" checked`) {
		t.Fatalf("no file: %d %s", r.Status, apptest.Snippet(r.Body))
	}

	// The LibreOffice workbook: the run page follows it to its result.
	r = upload(t, env, c, "台账.xlsx", testdata(t, "libreoffice-good.xlsx"), map[string]string{"kind": "enterprises"})
	if r.Status != 303 || !regexp.MustCompile(`^/admin/enterprises/import/runs/[0-9a-f]{32}$`).MatchString(r.Location) {
		t.Fatalf("upload: %d %s", r.Status, r.Location)
	}
	page := follow(t, c, r.Location)
	if !strings.Contains(page, "导入完成：新增 5 家，更新 0 家") || !strings.Contains(page, "台账.xlsx") || !strings.Contains(page, "序号、备忘") {
		t.Fatalf("run page: %s", apptest.Snippet(page))
	}

	// The broken workbook: refused, every bad cell in the table, and the report as a workbook.
	r = upload(t, env, c, "有错.xlsx", testdata(t, "libreoffice-broken.xlsx"), map[string]string{"kind": "enterprises"})
	brokenRun := r.Location
	page = follow(t, c, brokenRun)
	if !strings.Contains(page, "文件有 12 处错误，未导入任何企业") {
		t.Fatalf("broken run: %s", apptest.Snippet(page))
	}
	for _, cell := range []string{"企业!B3", "企业!D4", "企业!K5", "企业!E6", "企业!G6", "企业!A7", "企业!B8", "企业!B9", "企业!Q10", "企业!M11", "企业!G12", "企业!E13"} {
		if !strings.Contains(page, ">"+cell+"<") {
			t.Errorf("the report lacks %s", cell)
		}
	}
	rep := c.Get(brokenRun + "/report.xlsx")
	x, err := excelize.OpenReader(strings.NewReader(rep.Body))
	if err != nil {
		t.Fatalf("report: %d %v", rep.Status, err)
	}
	rows, _ := x.GetRows("错误报告")
	x.Close()
	if len(rows) != 13 || rows[1][1] != "B3" || !strings.Contains(rows[1][6], "校验码") {
		t.Fatalf("report rows: %q", rows)
	}

	// Figures, as a dry run.
	r = upload(t, env, c, "台账.xlsx", testdata(t, "libreoffice-good.xlsx"), map[string]string{"kind": "figures", "dry_run": "1"})
	if page = follow(t, c, r.Location); !strings.Contains(page, "试导入：共 3 行，可新增 3 条") {
		t.Fatalf("figures dry run: %s", apptest.Snippet(page))
	}
	if r = c.Get("/admin/enterprises/import"); !strings.Contains(r.Body, "有错.xlsx") || !strings.Contains(r.Body, "试导入") {
		t.Fatalf("the import page lacks the last runs: %s", apptest.Snippet(r.Body))
	}

	// The export follows the list's filters.
	r = c.Get("/admin/enterprises/export.xlsx?status=graduated")
	sh, err := enterprise.ReadEnterprises(strings.NewReader(r.Body), nil)
	if r.Status != 200 || err != nil || len(sh.Rows) != 1 || sh.Rows[0].Input.Name != "洛阳新材料科技有限公司" {
		t.Fatalf("export: %d %v", r.Status, err)
	}

	// An enterprise user neither imports nor exports.
	env.User("qiye1", "Qiye#Pass2026x", auth.RoleEnterprise)
	q := env.Client()
	q.MustLogin("qiye1", "Qiye#Pass2026x")
	for _, p := range []string{"/admin/enterprises/import", "/admin/enterprises/export.xlsx", brokenRun} {
		if r := q.Get(p); r.Status != 403 {
			t.Errorf("%s as an enterprise user: %d", p, r.Status)
		}
	}
}
