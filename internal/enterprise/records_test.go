package enterprise_test

import (
	"bytes"
	"image"
	"image/color"
	pngenc "image/png"
	"io"
	"strings"
	"testing"
	"time"

	"parkos/internal/enterprise"
	"parkos/internal/errs"
)

// twoEnterprises registers the tenant's enterprise and another, and binds the two enterprise users.
func twoEnterprises(t *testing.T, e *env) (mine, theirs *enterprise.Enterprise) {
	t.Helper()
	var err error
	if mine, err = e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "洛阳慧眼视觉", USCC: "914403001922038216", Public: true}); err != nil {
		t.Fatal(err)
	}
	if theirs, err = e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "洛阳新材", USCC: "91330100716105852F", Public: true}); err != nil {
		t.Fatal(err)
	}
	e.tenant.EnterpriseID, e.other.EnterpriseID = mine.ID, theirs.ID
	return mine, theirs
}

func TestContactsSealedAndMasked(t *testing.T) {
	e := newEnv(t)
	mine, theirs := twoEnterprises(t, e)
	// Bad input names each field.
	_, err := e.svc.SaveContact(ctx, e.tenant, mine.ID, 0, enterprise.ContactInput{Name: "", Phone: "12345", Email: "a@"})
	if ee := errs.As(err); ee == nil || ee.Fields["name"] == "" || !strings.Contains(ee.Fields["phone"], "11 位手机号") || ee.Fields["email"] == "" {
		t.Fatalf("bad contact: %v", err)
	}
	cid, err := e.svc.SaveContact(ctx, e.tenant, mine.ID, 0, enterprise.ContactInput{Name: "王建国", Title: "总经理", Phone: "138 0379 5678", Primary: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveContact(ctx, e.other, mine.ID, 0, enterprise.ContactInput{Name: "x", Phone: "13800000000"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise added a contact: %v", err)
	}
	// At rest the number is sealed: neither the digits nor the masked form are in the row.
	var raw string
	if err := e.db.R.QueryRowContext(ctx, `SELECT phone_enc FROM enterprise_contacts WHERE id = $1`, cid).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "13803795678") || strings.Contains(raw, "5678") || !strings.HasPrefix(raw, "v1:") {
		t.Fatalf("phone stored as %q", raw)
	}
	// The enterprise sees its own number; park staff see it masked and may reveal it, which is audited.
	own, err := e.svc.Contacts(ctx, e.tenant, mine.ID)
	if err != nil || len(own) != 1 || own[0].Phone != "13803795678" || own[0].Masked {
		t.Fatalf("own contacts: %+v %v", own, err)
	}
	staff, err := e.svc.Contacts(ctx, e.staff, mine.ID)
	if err != nil || staff[0].Phone != "138****5678" || !staff[0].Masked {
		t.Fatalf("staff contacts: %+v %v", staff[0], err)
	}
	if p, err := e.svc.RevealPhone(ctx, e.staff, mine.ID, cid); err != nil || p != "13803795678" {
		t.Fatalf("reveal: %q %v", p, err)
	}
	var note string
	if err := e.db.R.QueryRowContext(ctx, `SELECT detail FROM audit_log WHERE action = 'contact.reveal'`).Scan(&note); err != nil || strings.Contains(note, "13803795678") || !strings.Contains(note, "138****5678") {
		t.Fatalf("reveal audit: %q %v", note, err)
	}
	if _, err := e.svc.RevealPhone(ctx, e.tenant, theirs.ID, cid); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise revealed a number: %v", err)
	}
	if _, err := e.svc.Contacts(ctx, e.other, mine.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise read the contacts: %v", err)
	}
	// Saving with an empty phone keeps the number (a masked number is never put back into a form).
	if _, err := e.svc.SaveContact(ctx, e.staff, mine.ID, cid, enterprise.ContactInput{Name: "王建国", Title: "董事长"}); err != nil {
		t.Fatal(err)
	}
	own, _ = e.svc.Contacts(ctx, e.tenant, mine.ID)
	if own[0].Phone != "13803795678" || own[0].Title != "董事长" {
		t.Fatalf("after an edit without the phone: %+v", own[0])
	}
	// A landline with its area code is a phone too; a contact of another enterprise cannot be reached by id.
	if _, err := e.svc.SaveContact(ctx, e.tenant, mine.ID, 0, enterprise.ContactInput{Name: "李梅", Phone: "0379-65123456"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteContact(ctx, e.other, theirs.ID, cid); !errs.Is(err, errs.NotFound) {
		t.Fatalf("deleting another enterprise's contact through its own id: %v", err)
	}
}

func TestQualificationsEvidenceAndReminders(t *testing.T) {
	e := newEnv(t)
	mine, _ := twoEnterprises(t, e)
	day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
	now := time.Now().UTC()
	soon := now.AddDate(0, 0, 20)
	q, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: mine.ID, Kind: "gaoqi", Level: "national",
		CertNo: "GR202341000123", IssuedOn: day("2023-12-08"), ExpiresOn: &soon})
	if err != nil {
		t.Fatal(err)
	}
	if q.Name != "高新技术企业" {
		t.Fatalf("name from kind: %q", q.Name)
	}
	if _, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: mine.ID, Kind: "other", IssuedOn: day("2024-01-01"),
		ExpiresOn: day("2023-01-01")}); errs.As(err) == nil || errs.As(err).Fields["name"] == "" || errs.As(err).Fields["expires_on"] == "" {
		t.Fatalf("bad qualification: %v", err)
	}
	if _, err := e.svc.AddQualification(ctx, e.tenant, enterprise.Qualification{EnterpriseID: mine.ID, Kind: "kexiao"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise recorded its own title: %v", err)
	}

	// Evidence: sniffed, kept out of the public media, readable by the enterprise and park staff only.
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if _, err := e.svc.AddEvidence(ctx, e.staff, mine.ID, q.ID, "证书.exe", bytes.NewReader([]byte("MZ\x90\x00 not a document"))); errs.As(err) == nil {
		t.Fatalf("a program was taken as evidence: %v", err)
	}
	ev, err := e.svc.AddEvidence(ctx, e.staff, mine.ID, q.ID, `C:\扫描\高企证书.pdf`, bytes.NewReader(pdf))
	if err != nil || ev.Name != "高企证书.pdf" || ev.Mime != "application/pdf" {
		t.Fatalf("evidence: %+v %v", ev, err)
	}
	got, body, err := e.svc.OpenEvidence(ctx, e.tenant, mine.ID, q.ID, ev.ID)
	if err != nil || got.Name != "高企证书.pdf" {
		t.Fatalf("open evidence: %v", err)
	}
	if b, _ := io.ReadAll(body); !bytes.Equal(b, pdf) {
		t.Fatal("evidence content changed")
	}
	if _, _, err := e.svc.OpenEvidence(ctx, e.other, mine.ID, q.ID, ev.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise read the evidence: %v", err)
	}
	list, err := e.svc.Qualifications(ctx, e.tenant, mine.ID)
	if err != nil || len(list) != 1 || len(list[0].Files) != 1 {
		t.Fatalf("qualifications with files: %+v %v", list, err)
	}

	// Expiring within 30 days: listed, and one reminder per window however often the job runs.
	exp, err := e.svc.Expiring(ctx, e.staff, 30)
	if err != nil || len(exp) != 1 || exp[0].EnterpriseName != "洛阳慧眼视觉" || exp[0].DaysLeft < 19 || exp[0].DaysLeft > 20 {
		t.Fatalf("expiring: %+v %v", exp, err)
	}
	for range 2 {
		if _, err := e.svc.RemindExpiring(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := e.notices.Unread(ctx, e.staff); err != nil || n != 1 {
		t.Fatalf("reminders for staff: %d %v", n, err)
	}
	if n, _ := e.notices.Unread(ctx, e.tenant); n != 0 {
		t.Fatalf("the enterprise got the park's reminder: %d", n)
	}
	items, _, err := e.notices.List(ctx, e.staff, 10, 0)
	if err != nil || len(items) != 1 || !strings.Contains(items[0].Title, "高新技术企业将于") || !strings.Contains(items[0].Title, "还有") {
		t.Fatalf("reminder: %+v %v", items, err)
	}
	if err := e.notices.MarkRead(ctx, e.staff, 0); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.notices.Unread(ctx, e.staff); n != 0 {
		t.Fatalf("unread after marking all read: %d", n)
	}
	// A renewal moves the expiry out of the window.
	later := now.AddDate(3, 0, 0)
	q.ExpiresOn = &later
	if _, err := e.svc.UpdateQualification(ctx, e.staff, *q); err != nil {
		t.Fatal(err)
	}
	if exp, _ := e.svc.Expiring(ctx, e.staff, 90); len(exp) != 0 {
		t.Fatalf("renewed title still expiring: %+v", exp)
	}
	if err := e.svc.DeleteQualification(ctx, e.staff, mine.ID, q.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.Qualifications(ctx, e.staff, mine.ID); len(list) != 0 {
		t.Fatalf("after delete: %+v", list)
	}
}

func TestProductsAndLinks(t *testing.T) {
	e := newEnv(t)
	mine, theirs := twoEnterprises(t, e)
	if _, err := e.svc.SaveProduct(ctx, e.tenant, enterprise.Product{EnterpriseID: mine.ID, Stage: "mass"}); errs.As(err) == nil ||
		errs.As(err).Fields["name"] == "" || errs.As(err).Fields["stage"] == "" {
		t.Fatalf("bad product: %v", err)
	}
	pid, err := e.svc.SaveProduct(ctx, e.tenant, enterprise.Product{EnterpriseID: mine.ID, Name: "手机盖板玻璃缺陷检测设备", Stage: enterprise.StageIndustrial,
		RawMaterials: "工业相机、光源", Customers: "盖板玻璃厂"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveProduct(ctx, e.other, enterprise.Product{ID: pid, EnterpriseID: mine.ID, Name: "x", Stage: enterprise.StageRnD}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise changed a product: %v", err)
	}
	// The other enterprise reports us as its customer by our exact name: the link joins the two records, and
	// we see it from our side as a supplier.
	if _, err := e.svc.SaveLink(ctx, e.other, enterprise.Link{EnterpriseID: theirs.ID, Kind: enterprise.LinkCustomer, PartnerName: "洛阳慧眼视觉", Product: "光学镀膜玻璃"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveLink(ctx, e.tenant, enterprise.Link{EnterpriseID: mine.ID, Kind: enterprise.LinkCustomer, PartnerName: "某手机厂商"}); err != nil {
		t.Fatal(err)
	}
	links, err := e.svc.Links(ctx, e.tenant, mine.ID)
	if err != nil || len(links) != 2 {
		t.Fatalf("links: %+v %v", links, err)
	}
	var reported *enterprise.Link
	for _, l := range links {
		if l.Reported {
			reported = l
		}
	}
	if reported == nil || reported.Kind != enterprise.LinkSupplier || reported.PartnerID != theirs.ID || reported.PartnerName != "洛阳新材" {
		t.Fatalf("reverse link: %+v", reported)
	}
	if err := e.svc.DeleteProduct(ctx, e.other, theirs.ID, pid); !errs.Is(err, errs.NotFound) {
		t.Fatalf("deleting another's product through one's own record: %v", err)
	}
	if err := e.svc.DeleteProduct(ctx, e.tenant, mine.ID, pid); err != nil {
		t.Fatal(err)
	}
}

func TestNoticesByPermission(t *testing.T) {
	e := newEnv(t)
	mine, _ := twoEnterprises(t, e)
	// A change request notifies park staff once; the editor, who cannot act on it, sees nothing.
	in := enterprise.Input{Name: "洛阳慧眼视觉科技", USCC: mine.USCC, Description: "新简介", Public: true}
	if _, err := e.svc.UpdateEnterprise(ctx, e.tenant, mine.ID, in); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.notices.Unread(ctx, e.staff); n != 1 {
		t.Fatalf("staff notices: %d", n)
	}
	if n, _ := e.notices.Unread(ctx, e.editor); n != 0 {
		t.Fatalf("editor notices: %d", n)
	}
	got, _ := e.svc.FindEnterpriseByID(ctx, e.staff, mine.ID)
	if got.Name != "洛阳慧眼视觉" || got.Description != "新简介" {
		t.Fatalf("after the request: %q %q", got.Name, got.Description)
	}
	if _, err := e.svc.FindChanges(ctx, e.other, "", mine.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise read the requests: %v", err)
	}
}

func TestLogo(t *testing.T) {
	e := newEnv(t)
	mine, theirs := twoEnterprises(t, e)
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 21, G: 70, B: 160, A: 255})
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetLogo(ctx, e.tenant, mine.ID, "logo.png", bytes.NewReader(png.Bytes())); err != nil {
		t.Fatal(err)
	}
	got, _ := e.svc.FindEnterpriseByID(ctx, e.staff, mine.ID)
	if !strings.HasPrefix(got.Logo, "/media/") || !strings.HasSuffix(got.Logo, ".png") {
		t.Fatalf("logo: %q", got.Logo)
	}
	if err := e.svc.SetLogo(ctx, e.tenant, theirs.ID, "logo.png", bytes.NewReader(png.Bytes())); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise changed another's logo: %v", err)
	}
	err := e.svc.SetLogo(ctx, e.staff, mine.ID, "logo.pdf", strings.NewReader("%PDF-1.4 not an image"))
	if ee := errs.As(err); ee == nil || !strings.Contains(ee.Fields["logo"], "图片") {
		t.Fatalf("a PDF as logo: %v", err)
	}
	if err := e.svc.RemoveLogo(ctx, e.staff, mine.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.FindEnterpriseByID(ctx, e.staff, mine.ID); got.Logo != "" {
		t.Fatalf("after removal: %q", got.Logo)
	}
}

// 战略性新兴产业 and 高新技术领域 are the official lists; the short form of a category is read as the category.
func TestIndustryLists(t *testing.T) {
	e := newEnv(t)
	got, err := e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "洛阳新材", USCC: "914403001922038216",
		EmergingIndustry: "新材料", HitechField: "新材料"})
	if err != nil || got.EmergingIndustry != "新材料产业" || got.HitechField != "新材料" {
		t.Fatalf("short form: %+v %v", got, err)
	}
	_, err = e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "x", USCC: "91330100716105852F",
		EmergingIndustry: "人工智能", HitechField: "先进制造"})
	if ee := errs.As(err); ee == nil || !strings.Contains(ee.Fields["emerging_industry"], "新材料产业") || !strings.Contains(ee.Fields["hitech_field"], "先进制造与自动化") {
		t.Fatalf("outside the lists: %v", err)
	}
}
