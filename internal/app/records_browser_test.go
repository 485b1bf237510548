package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// TestRecordsBrowser walks the sections of one enterprise's record in Chromium: park staff record a
// qualification with its evidence, a contact whose number they see masked until they reveal it, a product
// and a supply link; the enterprise asks to change its registered name, and the park approves it from the
// review queue and its notifications.
func TestRecordsBrowser(t *testing.T) {
	b := startBrowser(t)
	b.env.User("yuanqu", "Chanye-Fuwu-2026x", auth.RoleParkAdmin)
	b.env.User("huiyuan", "Shijue-Jiance-2026", auth.RoleEnterprise) // bound to enterprise 1
	ctx0 := context.Background()
	sys := auth.System("test")
	if _, err := b.env.App.Enterprises.CreateEnterprise(ctx0, sys, enterprise.Input{Name: "中科慧远视觉技术（洛阳）有限公司",
		USCC: "914403001922038216", IndustryCode: "C3963", Public: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.env.App.Enterprises.CreateEnterprise(ctx0, sys, enterprise.Input{Name: "洛阳超硬材料科技有限公司",
		USCC: "91330100716105852F", IndustryCode: "C3099", Public: true}); err != nil {
		t.Fatal(err)
	}
	logo := filepath.Join(t.TempDir(), "标志.png")
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 {
		img.Set(i, i, color.RGBA{R: 21, G: 70, B: 160, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(logo, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "高企证书.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	park := b.tab(t)
	b.open(t, park, "/login", http.StatusOK)
	b.login(t, park, "yuanqu", "Chanye-Fuwu-2026x", http.StatusOK)

	// Qualification: a wrong period is refused on the form, naming the field, and what was typed stays.
	b.open(t, park, "/admin/enterprises/1/qualifications", http.StatusOK)
	b.fill(t, park, map[string]string{"cert_no": "GR202341000123"})
	setDate(t, park, `form[action="/admin/enterprises/1/qualifications"] input[name="issued_on"]`, "2023-12-08")
	setDate(t, park, `form[action="/admin/enterprises/1/qualifications"] input[name="expires_on"]`, "2022-12-07")
	b.submit(t, park, `form[action="/admin/enterprises/1/qualifications"] button[type="submit"]`, http.StatusUnprocessableEntity)
	b.wantText(t, park, "有效期至不能早于发证日期")
	if v := b.eval(t, park, `document.querySelector('form[action="/admin/enterprises/1/qualifications"] input[name="cert_no"]').value`); v != "GR202341000123" {
		t.Fatalf("the failed form lost the certificate number: %q", v)
	}
	setDate(t, park, `form[action="/admin/enterprises/1/qualifications"] input[name="expires_on"]`, "2026-12-07")
	b.submit(t, park, `form[action="/admin/enterprises/1/qualifications"] button[type="submit"]`, http.StatusOK)
	b.wantText(t, park, "资质已保存", "高新技术企业", "GR202341000123", "天后到期")
	if err := chromedp.Do(park, chromedp.SetUploadFiles(`input[type="file"]`, []string{pdf})); err != nil {
		t.Fatal(err)
	}
	b.submit(t, park, `form.upload-inline button[type="submit"]`, http.StatusOK)
	b.wantText(t, park, "证明材料已上传", "高企证书.pdf")
	b.shot(t, park, "31-qualifications")
	b.axeCheck(t, park, "qualifications")

	// Contact: the number is checked, then shown masked to park staff until revealed.
	b.open(t, park, "/admin/enterprises/1/contacts", http.StatusOK)
	b.fill(t, park, map[string]string{"name": "王建国", "title": "总经理", "phone": "1380379"})
	b.submit(t, park, `form[action="/admin/enterprises/1/contacts"] button[type="submit"]`, http.StatusUnprocessableEntity)
	b.wantText(t, park, "电话应为 11 位手机号")
	if err := chromedp.Do(park, chromedp.SetValue(`form[action="/admin/enterprises/1/contacts"] input[name="phone"]`, "13803795678")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, park, `form[action="/admin/enterprises/1/contacts"] button[type="submit"]`, http.StatusOK)
	b.wantText(t, park, "联系人已保存", "138****5678")
	b.submit(t, park, `form[action$="/reveal"] button`, http.StatusOK)
	b.wantText(t, park, "13803795678", "已记入审计日志")
	b.shot(t, park, "32-contacts")
	b.axeCheck(t, park, "contacts")

	// Product and supply link; a partner named as a registered enterprise is joined to its record.
	b.open(t, park, "/admin/enterprises/1/products", http.StatusOK)
	if err := chromedp.Do(park, chromedp.Click(`details.add > summary`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(park, chromedp.SendKeys(`form[action="/admin/enterprises/1/products"] input[name="name"]`, "手机盖板玻璃缺陷检测设备")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(park, chromedp.SetValue(`form[action="/admin/enterprises/1/products"] select[name="stage"]`, "industrial")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(park, chromedp.SendKeys(`form[action="/admin/enterprises/1/products"] textarea[name="raw_materials"]`, "工业相机、线阵光源、运动控制卡")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, park, `form[action="/admin/enterprises/1/products"] button[type="submit"]`, http.StatusOK)
	b.fill(t, park, map[string]string{"partner_name": "洛阳超硬材料科技有限公司", "product": "金刚石切割刀轮"})
	b.submit(t, park, `form[action="/admin/enterprises/1/links"] button[type="submit"]`, http.StatusOK)
	b.wantText(t, park, "手机盖板玻璃缺陷检测设备", "产业化", "洛阳超硬材料科技有限公司", "园区企业")
	b.shot(t, park, "33-products")
	b.axeCheck(t, park, "products and links")

	// The enterprise asks to change its registered name; the record keeps the old one until approved.
	firm := b.tab(t)
	b.open(t, firm, "/login", http.StatusOK)
	b.login(t, firm, "huiyuan", "Shijue-Jiance-2026", http.StatusOK)
	b.open(t, firm, "/admin/my-enterprise", http.StatusOK)
	// It uploads its logo, which the portal's directory shows.
	if err := chromedp.Do(firm, chromedp.SetUploadFiles(`input[name="logo"]`, []string{logo})); err != nil {
		t.Fatal(err)
	}
	b.submit(t, firm, `form[action$="/logo"] button[type="submit"]`, http.StatusOK)
	b.wantText(t, firm, "标志已更换")
	if w := b.eval(t, firm, `String(document.querySelector('img.entlogo').naturalWidth)`); w != "64" {
		t.Fatalf("the logo is not shown on the record (width %s)", w)
	}
	if err := chromedp.Do(firm, chromedp.SetValue(`input[name="name"]`, "中科慧远智能装备（洛阳）有限公司")); err != nil {
		t.Fatal(err)
	}
	b.submit(t, firm, `main form button[type="submit"]`, http.StatusOK)
	b.wantText(t, firm, "登记信息的变更已提交园区审核", "登记信息变更待园区审核")
	b.shot(t, firm, "34-change-requested")
	b.axeCheck(t, firm, "the enterprise's record with a pending change")

	b.open(t, park, "/admin/notifications", http.StatusOK)
	b.wantText(t, park, "申请变更登记信息")
	b.shot(t, park, "35-notifications")
	b.axeCheck(t, park, "notifications")
	b.submit(t, park, `ul.notices form button`, http.StatusOK)
	b.wantPath(t, park, "/admin/enterprise-changes")
	b.wantText(t, park, "中科慧远智能装备（洛阳）有限公司")
	b.shot(t, park, "36-change-review")
	b.axeCheck(t, park, "change review")
	b.submit(t, park, `button[value="approve"]`, http.StatusOK)
	b.wantText(t, park, "已通过，登记信息已更新")
	b.open(t, park, "/enterprises/1", http.StatusOK)
	if w := b.eval(t, park, `String(document.querySelector('img.entlogo').naturalWidth)`); w != "64" {
		t.Fatalf("the portal does not show the logo (width %s)", w)
	}
	b.open(t, park, "/admin/qualifications/expiring", http.StatusOK)
	b.wantText(t, park, "中科慧远智能装备（洛阳）有限公司", "高新技术企业")
	b.shot(t, park, "37-expiring")
	b.axeCheck(t, park, "expiring qualifications")
}

// setDate sets a date input (typing into one depends on the locale's field order).
func setDate(t *testing.T, ctx context.Context, sel, v string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetValue(sel, v)); err != nil {
		t.Fatalf("set %s: %v", sel, err)
	}
}
