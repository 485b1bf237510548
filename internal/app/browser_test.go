package app_test

// Browser tests: the real server (apptest) driven by Debian's Chromium through chromedp. They sign in through
// the real forms, click through the navigation, check what a person would read, take a full-page screenshot
// of every page and run axe-core on the main pages.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run Browser -v -count=1
//
// PARKOS_CHROMIUM names another Chromium binary; without one the tests are skipped with a message.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"parkos/internal/account"
	"parkos/internal/apptest"
	"parkos/internal/auth"
)

const defaultChromium = "/usr/bin/chromium"

// browserEnv is one parkos and one Chromium shared by the browser subtests; each subtest gets its own tab in
// its own browser context (fresh cookies).
type browserEnv struct {
	env     *apptest.Env
	browser context.Context
	shots   string
	axe     string
}

func TestBrowser(t *testing.T) {
	start := time.Now()
	b := startBrowser(t)
	t.Logf("chromium started in %v; screenshots in %s", time.Since(start).Round(time.Millisecond), b.shots)

	// Env.User fails the test it was started with, so the accounts are made here and not in the subtests.
	b.env.User("lina", "Zhengque-mima-2026", auth.RoleEditor)
	b.env.User("shenji", "Chayue-Rizhi-2026", auth.RoleAuditAdmin)
	b.env.User("wangfang", "Bianji-Wenzhang-2026", auth.RoleEditor)
	b.env.User("qiye", "Yuanqu-Fuwu-2026", auth.RoleEnterprise)
	b.env.User("liuyang", "Shouji-Denglu-2026", auth.RoleParkAdmin)

	t.Run("TemporaryPasswordChangeAndUsers", b.temporaryPassword)
	t.Run("WrongPassword", b.wrongPassword)
	t.Run("AuditViewer", b.auditViewer)
	t.Run("Forbidden", b.forbidden)
	t.Run("Phone", b.phone)
	t.Run("Registry", b.registry)
}

// registry: the park administrator registers an enterprise through the form and finds it in the list.
func (b *browserEnv) registry(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "liuyang", "Shouji-Denglu-2026", http.StatusOK)
	b.open(t, ctx, "/admin/enterprises/new", http.StatusOK)
	b.fill(t, ctx, map[string]string{"name": "中科慧远视觉技术（洛阳）有限公司", "uscc": "914403001922038217",
		"registered_capital": "1200", "industry_code": "C3963", "location": "创新大厦 A 座 501"})
	b.submit(t, ctx, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	b.wantText(t, ctx, "第 18 位校验码应为“6”")
	b.shot(t, ctx, "11-registry-error")
	b.axeCheck(t, ctx, "registry form with an error")
	if err := chromedp.Do(ctx, chromedp.SetValue(`input[name="uscc"]`, "914403001922038216")); err != nil { // the form kept the wrong code
		t.Fatal(err)
	}
	b.submit(t, ctx, `main form button[type="submit"]`, http.StatusOK)
	b.wantText(t, ctx, "企业已登记", "资质")
	b.open(t, ctx, "/admin/enterprises", http.StatusOK)
	b.wantText(t, ctx, "入驻企业库", "中科慧远视觉技术（洛阳）有限公司", "914403001922038216")
	b.shot(t, ctx, "12-registry-list")
	b.axeCheck(t, ctx, "registry list")
}

// temporaryPassword: a system administrator with a temporary password signs in, must change it, lands on the
// home page and opens the user list through the navigation.
func (b *browserEnv) temporaryPassword(t *testing.T) {
	ctx := b.tab(t)
	_, _, err := b.env.App.Accounts.CreateUser(context.Background(), auth.System("test"), account.NewUser{
		Username: "zhangwei", DisplayName: "张伟", Password: "Chushi-mima-2026", Temporary: true, Roles: []string{auth.RoleSysAdmin}})
	if err != nil {
		t.Fatal(err)
	}

	b.open(t, ctx, "/login", http.StatusOK)
	b.wantText(t, ctx, "登录", "用户名", "密码")
	b.shot(t, ctx, "01-login")
	b.axeCheck(t, ctx, "login")

	b.login(t, ctx, "zhangwei", "Chushi-mima-2026", http.StatusOK)
	b.wantPath(t, ctx, "/admin/account/password")
	b.wantText(t, ctx, "修改密码", "请先设置新密码")
	b.shot(t, ctx, "02-password-change")
	b.axeCheck(t, ctx, "password change")

	b.fill(t, ctx, map[string]string{"current": "Chushi-mima-2026", "password": "Xin-mima-Keyan-2026", "confirm": "Xin-mima-Keyan-2026"})
	b.submit(t, ctx, `form[action="/admin/account/password"] button[type=submit]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin")
	b.wantText(t, ctx, "工作台", "密码已修改", "您好，张伟", "系统管理员", "账号管理")
	b.shot(t, ctx, "03-home")
	b.axeCheck(t, ctx, "home")

	b.submit(t, ctx, `nav.sidenav a[href="/admin/users"]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/users")
	b.wantText(t, ctx, "账号管理", "zhangwei", "张伟", "系统管理员", "正常")
	if cur := b.eval(t, ctx, `document.querySelector('nav.sidenav a[aria-current=page]')?.textContent ?? ''`); cur != "账号管理" {
		t.Errorf("current navigation entry = %q, want 账号管理", cur)
	}
	b.shot(t, ctx, "04-users")
	b.axeCheck(t, ctx, "users list")
}

// wrongPassword: the login page says so in Chinese and keeps the typed username.
func (b *browserEnv) wrongPassword(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "lina", "cuowu-mima-123", http.StatusUnauthorized)
	b.wantPath(t, ctx, "/login")
	b.wantText(t, ctx, "用户名或密码错误")
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=username]`))); err != nil || v != "lina" {
		t.Errorf("username field after a failed login = %q (%v), want lina", v, err)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=password]`))); err != nil || v != "" {
		t.Errorf("password field after a failed login = %q (%v), want empty", v, err)
	}
	b.shot(t, ctx, "05-login-error")
	b.axeCheck(t, ctx, "login error")
}

// auditViewer: the audit administrator reads the sign-in records and filters them by result.
func (b *browserEnv) auditViewer(t *testing.T) {
	if r := b.env.Client().Login("wangfang", "not-her-password"); r.Status != http.StatusUnauthorized {
		t.Fatalf("failed login of wangfang: status %d", r.Status)
	}
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "shenji", "Chayue-Rizhi-2026", http.StatusOK)
	b.wantPath(t, ctx, "/admin")
	b.wantText(t, ctx, "审计管理员", "审计日志")

	b.submit(t, ctx, `nav.sidenav a[href="/admin/audit"]`, http.StatusOK)
	b.wantPath(t, ctx, "/admin/audit")
	b.wantText(t, ctx, "审计日志", "登录成功", "shenji", "登录失败", "wangfang")
	b.shot(t, ctx, "06-audit")
	b.axeCheck(t, ctx, "audit viewer")

	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`select[name=result]`), "failed")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, ctx, `form[action="/admin/audit"] button[type=submit]`, http.StatusOK)
	if loc := b.location(t, ctx); !strings.Contains(loc, "result=failed") {
		t.Errorf("filtered location = %s, want result=failed", loc)
	}
	results := b.eval(t, ctx, `[...document.querySelectorAll('main tbody tr td:nth-child(7)')].map(td => td.textContent.trim()).join(',')`)
	if results == "" || strings.Trim(strings.ReplaceAll(results, "失败", ""), ",") != "" {
		t.Errorf("result column after filtering by 失败 = %q, want only 失败", results)
	}
	actors := b.eval(t, ctx, `[...document.querySelectorAll('main tbody tr td:nth-child(3)')].map(td => td.textContent.trim()).join(',')`)
	if !strings.Contains(actors, "wangfang") || strings.Contains(actors, "shenji") {
		t.Errorf("actors after filtering by 失败 = %q, want wangfang and not shenji", actors)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`select[name=result]`))); v != "failed" {
		t.Errorf("result filter after submitting = %q, want failed", v)
	}
	b.shot(t, ctx, "07-audit-failed")
}

// forbidden: an enterprise user gets the 403 page for the user list.
func (b *browserEnv) forbidden(t *testing.T) {
	ctx := b.tab(t)
	b.open(t, ctx, "/login", http.StatusOK)
	b.login(t, ctx, "qiye", "Yuanqu-Fuwu-2026", http.StatusOK)
	b.wantPath(t, ctx, "/admin")
	if n := b.eval(t, ctx, `String(document.querySelectorAll('nav.sidenav a[href="/admin/users"]').length)`); n != "0" {
		t.Errorf("enterprise user sees %s links to 账号管理", n)
	}
	b.open(t, ctx, "/admin/users", http.StatusForbidden)
	b.wantText(t, ctx, "403", "没有权限", "返回首页")
	b.shot(t, ctx, "08-forbidden")
	b.axeCheck(t, ctx, "403 page")
}

// phone: the login page and the home page on a 390×844 phone screen, with no sideways scrolling.
func (b *browserEnv) phone(t *testing.T) {
	ctx := b.tab(t)
	const width = 390
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	b.open(t, ctx, "/login", http.StatusOK)
	b.noSideScroll(t, ctx, width)
	b.shot(t, ctx, "09-phone-login")
	b.axeCheck(t, ctx, "phone login")

	b.login(t, ctx, "liuyang", "Shouji-Denglu-2026", http.StatusOK)
	b.wantPath(t, ctx, "/admin")
	b.wantText(t, ctx, "工作台", "您好")
	b.noSideScroll(t, ctx, width)
	b.shot(t, ctx, "10-phone-home")
	b.axeCheck(t, ctx, "phone home")
}

// tab opens a new tab in a fresh browser context; its actions share a 60 s deadline.
func (b *browserEnv) tab(t *testing.T) context.Context {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// open navigates to path and checks the status of the document.
func (b *browserEnv) open(t *testing.T, ctx context.Context, path string, status int) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.env.Server.URL+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil || int(resp.Status) != status {
		t.Fatalf("open %s: status %v, want %d", path, statusOf(resp), status)
	}
}

// submit clicks sel and waits for the page it leads to, checking its status.
func (b *browserEnv) submit(t *testing.T, ctx context.Context, sel string, status int) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil || int(resp.Status) != status {
		t.Fatalf("click %s: page %s has status %v, want %d", sel, b.location(t, ctx), statusOf(resp), status)
	}
}

// fill types values into the named fields of the page.
func (b *browserEnv) fill(t *testing.T, ctx context.Context, fields map[string]string) {
	t.Helper()
	for name, v := range fields {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("input[name=%q]", name)), v)); err != nil {
			t.Fatalf("type into %s: %v", name, err)
		}
	}
}

// login fills the login form as a person would and submits it.
func (b *browserEnv) login(t *testing.T, ctx context.Context, username, password string, status int) {
	t.Helper()
	b.fill(t, ctx, map[string]string{"username": username, "password": password})
	b.submit(t, ctx, `form[action="/login"] button[type=submit]`, status)
}

func (b *browserEnv) location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// wantPath checks the path of the page shown.
func (b *browserEnv) wantPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	loc := strings.TrimPrefix(b.location(t, ctx), b.env.Server.URL)
	if p, _, _ := strings.Cut(loc, "?"); p != path {
		t.Fatalf("page is %s, want %s; it reads:\n%s", loc, path, b.text(t, ctx))
	}
}

func (b *browserEnv) eval(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// text is what the page shows.
func (b *browserEnv) text(t *testing.T, ctx context.Context) string {
	t.Helper()
	return b.eval(t, ctx, `document.body.innerText`)
}

// wantText checks that the page shows every one of want.
func (b *browserEnv) wantText(t *testing.T, ctx context.Context, want ...string) {
	t.Helper()
	text := b.text(t, ctx)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("page %s does not show %q; it reads:\n%s", b.location(t, ctx), w, text)
		}
	}
}

// noSideScroll checks that the page fits a screen width wide (in CSS pixels). A phone widens the layout
// viewport to the content, so the content is compared with the screen, not with window.innerWidth.
func (b *browserEnv) noSideScroll(t *testing.T, ctx context.Context, width int) {
	t.Helper()
	var sw int
	s := b.eval(t, ctx, `String(Math.max(document.documentElement.scrollWidth, document.body.scrollWidth))`)
	if _, err := fmt.Sscan(s, &sw); err != nil || sw > width {
		t.Errorf("page %s is %s px wide on a %d px screen: it scrolls sideways", b.location(t, ctx), s, width)
	}
}

// shot writes a full-page PNG screenshot named name.png.
func (b *browserEnv) shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeResult is the part of an axe-core result the tests read.
type axeResult struct {
	Passes     int `json:"passes"`
	Violations []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Nodes  []string `json:"nodes"`
	} `json:"violations"`
}

// axeRun runs axe-core on the document for WCAG 2.0 and 2.1, levels A and AA, and returns the result in a
// small shape (the full result is large).
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})
  .then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' '))}))}))`

// axeCheck injects axe-core into the page (Runtime.evaluate is not bound by the page's CSP) and fails the test
// on any WCAG 2.1 A/AA violation.
func (b *browserEnv) axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeRun, func(p *runtime.EvaluateParams) {
		p.AwaitPromise = new(true)
	}))
	if err != nil {
		t.Fatalf("axe-core on %s: %v", page, err)
	}
	if res.Passes == 0 {
		t.Errorf("axe-core on %s: no rule passed; did it run?", page)
	}
	for _, v := range res.Violations {
		t.Errorf("axe-core on %s: %s (%s) on %d nodes: %s\n\t%s", page, v.ID, v.Impact, len(v.Nodes), v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	if len(res.Violations) == 0 {
		t.Logf("axe-core on %s: no WCAG 2.1 A/AA violations (%d rules passed)", page, res.Passes)
	}
}

func statusOf(resp *network.Response) string {
	if resp == nil {
		return "none"
	}
	return fmt.Sprint(resp.Status)
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PARKOS_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
