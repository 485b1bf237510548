package app_test

// Browser test of the registry's Excel import: a park administrator goes from the enterprise list to the
// import page, downloads the template with a click, fills it in (here with excelize: 10,000 enterprises),
// uploads it, watches the progress, and reads the result; then a file with mistakes and its report.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run ImportBrowser -v -count=1
//
// The Chromium set-up and the helpers (tab, open, submit, shot, axeCheck, ...) are those of browser_test.go.

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"parkos/internal/auth"
	"parkos/internal/enterprise"
	"parkos/internal/zh"
)

// creditCode completes a 16-character body into a valid credit code (GB 32100-2015) with the check
// characters CheckUSCC names.
func creditCode(body string) string {
	c := body + "00"
	for range 3 {
		if e, ok := zh.CheckUSCC(c).(*zh.USCCError); ok && e.Want != "" {
			c = c[:e.Pos-1] + e.Want + c[e.Pos:]
		}
	}
	return c
}

// fillTemplate writes rows into the 企业 sheet of the downloaded template, as a person would type them.
func fillTemplate(t *testing.T, tpl []byte, rows [][]any, path string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, r := range rows {
		if err := f.SetSheetRow(enterprise.SheetEnterprises, fmt.Sprintf("A%d", i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestImportBrowser(t *testing.T) {
	b := startBrowser(t)
	b.env.User("daoru", "Excel-Piliang-2026", auth.RoleParkAdmin)
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "daoru", "Excel-Piliang-2026", http.StatusOK)
	b.open(t, ctx, "/admin/enterprises", http.StatusOK)
	b.submit(t, ctx, `.pagehead a[href="/admin/enterprises/import"]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/enterprises/import")
	b.wantText(t, ctx, "批量导入", "下载导入模板", "试导入", "跳过错误行", "还没有导入记录")
	b.shot(t, ctx, "31-import-page")
	b.axeCheck(t, ctx, "import page")

	// Download the template by clicking its link.
	dir := t.TempDir()
	done := make(chan string, 1)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		DownloadPath: dir, EventsEnabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/admin/enterprises/import/template.xlsx"]`))); err != nil {
		t.Fatal(err)
	}
	var tpl []byte
	select {
	case guid := <-done:
		var err error
		if tpl, err = os.ReadFile(filepath.Join(dir, guid)); err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the template did not download")
	}

	// 10,000 enterprises typed into the template.
	rows := make([][]any, 10_000)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("洛阳第%05d号科技有限公司", i), creditCode(fmt.Sprintf("91410300%08d", i)), "张三", "2019-06-01", 500 + i,
			"企业", "C3963", "", "", "创新大厦", []string{"入驻", "在孵"}[i%2], "2020-01-01", nil, nil, "智能装备", "", "", "是"}
	}
	good := filepath.Join(dir, "入驻企业.xlsx")
	fillTemplate(t, tpl, rows, good)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`input[name="file"]`), []string{good})); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form[action="/admin/enterprises/import"] button[type="submit"]`, http.StatusOK)
	if loc := b.location(t, ctx); !strings.Contains(loc, "/admin/enterprises/import/runs/") {
		t.Fatalf("after the upload the page is %s", loc)
	}
	if strings.Contains(b.text(t, ctx), "正在导入") {
		b.shot(t, ctx, "32-import-running") // a moment of the progress, when the page comes before the end
	}
	// The page follows the run by itself (htmx polls the status every second) until the result shows.
	deadline := time.Now().Add(45 * time.Second)
	for b.eval(t, ctx, `document.querySelector('#run-status[hx-trigger]') ? 'running' : 'done'`) == "running" {
		if time.Now().After(deadline) {
			t.Fatalf("the run page did not finish: %s", b.text(t, ctx))
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.wantText(t, ctx, "导入完成：新增 10000 家，更新 0 家", "入驻企业.xlsx", "10000\n数据行")
	b.shot(t, ctx, "33-import-done")
	b.axeCheck(t, ctx, "import result")
	if _, total, err := b.env.App.Enterprises.FindEnterprises(ctx, auth.System("test"), enterprise.Filter{}); err != nil || total != 10_000 {
		t.Fatalf("registry after the import: %d %v", total, err)
	}

	// A file with mistakes: refused whole, each bad cell in the table.
	bad := filepath.Join(dir, "有错误的台账.xlsx")
	fillTemplate(t, tpl, [][]any{
		{"新企业甲", creditCode("9141030199000001"), "", "2019-02-30", 100, "企业", "C39", "", "", "", "入驻"},
		{"新企业乙", "914403001922038217", "", "", "一百", "企业", "A39", "", "", "", "休眠"},
		{"新企业丙", creditCode("9141030199000003"), "", "", 100, "企业", "C39", "", "", "", "毕业"},
	}, bad)
	b.open(t, ctx, "/admin/enterprises/import", http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`input[name="file"]`), []string{bad})); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form[action="/admin/enterprises/import"] button[type="submit"]`, http.StatusOK)
	deadline = time.Now().Add(20 * time.Second)
	for b.eval(t, ctx, `document.querySelector('#run-status[hx-trigger]') ? 'running' : 'done'`) == "running" && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	b.wantText(t, ctx, "文件有 6 处错误，未导入任何企业", "企业!D2", "没有这一天", "企业!B3", "第 18 位校验码应为“6”", "企业!E3", "企业!G3",
		"企业!K3", "企业!M4", "毕业企业须填写毕业日期", "下载错误报告")
	b.shot(t, ctx, "34-import-refused")
	b.axeCheck(t, ctx, "import report")
	b.open(t, ctx, "/admin/enterprises/import", http.StatusOK)
	b.wantText(t, ctx, "入驻企业.xlsx", "已导入", "有错误的台账.xlsx", "未导入")
	b.shot(t, ctx, "35-import-runs")
}
