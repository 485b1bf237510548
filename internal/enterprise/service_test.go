package enterprise_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/db"
	"parkos/internal/dbtest"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
	"parkos/internal/notify"
	"parkos/internal/pii"
)

var ctx = context.Background()

type env struct {
	svc           *enterprise.Service
	staff, tenant *auth.Actor
	other, editor *auth.Actor
	db            *db.DB
	notices       *notify.Center
}

func newEnv(t *testing.T) *env {
	d := dbtest.Open(t)
	roles := auth.NewRoles(auth.BaseRoles(), enterprise.Grants()...)
	notices := notify.New(d)
	log := audit.New(d, []byte("k"))
	data := t.TempDir()
	e := &env{db: d, notices: notices, svc: enterprise.NewService(d, log, enterprise.Options{
		Sealer: pii.NewKeyring(make([]byte, 32)).Sealer(), DataDir: data, Notices: notices, Images: cms.NewMedia(d, log, data)}),
		staff: auth.NewActor(roles, 1, "park", []string{auth.RoleParkAdmin}), editor: auth.NewActor(roles, 4, "ed", []string{auth.RoleEditor})}
	e.tenant = auth.NewActor(roles, 2, "tenant", []string{auth.RoleEnterprise})
	e.other = auth.NewActor(roles, 3, "other", []string{auth.RoleEnterprise})
	return e
}

func i64(n int64) *int64 { return &n }

func TestRegistryAndScope(t *testing.T) {
	e := newEnv(t)
	founded := time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)
	a, err := e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "华为技术有限公司", USCC: "914403001922038216",
		FoundedOn: &founded, IndustryCode: "C3921", Status: enterprise.Incubating, EnteredOn: &founded, Public: true, Tags: []string{"通信"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "另一家", USCC: "91330100716105852F", IndustryCode: "M73"})
	if err != nil {
		t.Fatal(err)
	}
	// Duplicates are refused with a link to the record that has the code.
	_, err = e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "重复", USCC: "914403001922038216"})
	if ee := errs.As(err); ee == nil || ee.Code != errs.Conflict || !strings.HasSuffix(ee.Link, "/enterprises/"+itoa(a.ID)) {
		t.Fatalf("duplicate: %v", err)
	}
	// A one-character change of a real code is refused with the position.
	_, err = e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "错码", USCC: "914403001922038217", IndustryCode: "A39"})
	if ee := errs.As(err); ee == nil || !strings.Contains(ee.Fields["uscc"], "第 18 位") || !strings.Contains(ee.Fields["industry_code"], "门类应为 C") {
		t.Fatalf("bad code and industry: %v", err)
	}
	if _, err := e.svc.CreateEnterprise(ctx, e.editor, enterprise.Input{Name: "x", USCC: "91110108551385082Q"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor registered an enterprise: %v", err)
	}

	// Scope: an enterprise user sees its own enterprise only.
	e.tenant.EnterpriseID, e.other.EnterpriseID = a.ID, b.ID
	if _, err := e.svc.FindEnterpriseByID(ctx, e.tenant, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.FindEnterpriseByID(ctx, e.tenant, b.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise read another: %v", err)
	}
	list, total, err := e.svc.FindEnterprises(ctx, e.tenant, enterprise.Filter{})
	if err != nil || total != 1 || list[0].ID != a.ID {
		t.Fatalf("tenant's list: %d %v", total, err)
	}
	if _, total, _ := e.svc.FindEnterprises(ctx, e.staff, enterprise.Filter{IndustryCode: "C"}); total != 1 {
		t.Fatalf("filter by section: %d", total)
	}
	// Self-service changes descriptive fields only; legal facts stay as the park recorded them.
	up, err := e.svc.UpdateEnterprise(ctx, e.tenant, a.ID, enterprise.Input{Name: "改名", USCC: "91110108551385082Q",
		Description: "专注通信设备", Website: "https://www.example.cn"})
	if err != nil || up.Name != "华为技术有限公司" || up.USCC != "914403001922038216" || up.Description != "专注通信设备" {
		t.Fatalf("self-service update: %+v %v", up, err)
	}
	if _, err := e.svc.UpdateEnterprise(ctx, e.tenant, b.ID, enterprise.Input{Description: "x"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise changed another: %v", err)
	}
	dir, n, err := e.svc.PublicDirectory(ctx, "", 10, 0)
	if err != nil || n != 1 || dir[0].Name != "华为技术有限公司" {
		t.Fatalf("public directory: %d %v", n, err)
	}
	if m := a.MonthsIncubated(time.Date(2017, 4, 30, 0, 0, 0, 0, time.UTC)); m != 11 {
		t.Fatalf("months incubated: %d", m)
	}
}

func TestFiguresAndQualifications(t *testing.T) {
	e := newEnv(t)
	a, _ := e.svc.CreateEnterprise(ctx, e.staff, enterprise.Input{Name: "甲公司", USCC: "914403001922038216"})
	e.tenant.EnterpriseID = a.ID
	e.other.EnterpriseID = a.ID + 100
	bad := enterprise.Figures{Revenue: i64(100_000_00), MainRevenue: i64(200_000_00), StaffTotal: i64(10), TechStaff: i64(12)}
	_, err := e.svc.SaveReport(ctx, e.tenant, a.ID, 2025, bad, "", true)
	if ee := errs.As(err); ee == nil || ee.Fields["main_revenue"] == "" || ee.Fields["tech_staff"] == "" {
		t.Fatalf("inconsistent figures: %v", err)
	}
	good := enterprise.Figures{Revenue: i64(5_000_000_00), RnDSpending: i64(300_000_00), StaffTotal: i64(40), TechStaff: i64(12)}
	r, err := e.svc.SaveReport(ctx, e.tenant, a.ID, 2025, good, "首次填报", true)
	if err != nil || r.Status != enterprise.ReportSubmitted || *r.Figures.Revenue != 5_000_000_00 || r.Figures.NetProfit != nil {
		t.Fatalf("submitted: %+v %v", r, err)
	}
	if _, err := e.svc.SaveReport(ctx, e.other, a.ID, 2025, good, "", true); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise filed our figures: %v", err)
	}
	if err := e.svc.ReviewReport(ctx, e.staff, a.ID, 2025, false, ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("a return without a comment: %v", err)
	}
	if err := e.svc.ReviewReport(ctx, e.staff, a.ID, 2025, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveReport(ctx, e.tenant, a.ID, 2025, good, "", false); !errs.Is(err, errs.Conflict) {
		t.Fatalf("an enterprise changed approved figures: %v", err)
	}
	got, err := e.svc.FindReport(ctx, e.tenant, a.ID, 2025)
	if err != nil || got.Status != enterprise.ReportApproved {
		t.Fatalf("approved report: %+v %v", got, err)
	}

	issued := time.Now().AddDate(-2, 0, 0)
	soon := time.Now().AddDate(0, 0, 20)
	if _, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: a.ID, Kind: "gaoqi", Level: "national",
		CertNo: "GR202341000123", IssuedOn: &issued, ExpiresOn: &soon}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: a.ID, Kind: "other"}); errs.As(err) == nil {
		t.Fatal("an unnamed other qualification was accepted")
	}
	exp, err := e.svc.Expiring(ctx, e.staff, 30)
	if err != nil || len(exp) != 1 || exp[0].Name != "高新技术企业" {
		t.Fatalf("expiring within 30 days: %+v %v", exp, err)
	}
	if exp, _ := e.svc.Expiring(ctx, e.staff, 10); len(exp) != 0 {
		t.Fatal("a qualification expiring in 20 days is listed for 10")
	}
	if _, err := e.svc.Expiring(ctx, e.tenant, 30); !errs.Is(err, errs.Forbidden) {
		t.Fatal("an enterprise user saw the park's reminders")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ctxBG() context.Context { return context.Background() }
