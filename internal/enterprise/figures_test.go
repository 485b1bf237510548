package enterprise_test

import (
	"strings"
	"testing"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/dbtest"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
	"parkos/internal/pii"
)

// figuresEnv is a registry with two enterprises, park staff, each enterprise's user and an editor.
type figuresEnv struct {
	svc                  *enterprise.Service
	log                  *audit.Log
	staff, a, b, editor  *auth.Actor
	entA, entB, entEmpty *enterprise.Enterprise
}

func newFiguresEnv(t *testing.T) *figuresEnv {
	t.Helper()
	d := dbtest.Open(t)
	roles := auth.NewRoles(auth.BaseRoles(), enterprise.Grants()...)
	f := &figuresEnv{log: audit.New(d, []byte("k"))}
	f.svc = enterprise.NewService(d, f.log, enterprise.Options{Sealer: pii.NewKeyring(make([]byte, 32)).Sealer(), DataDir: t.TempDir()})
	f.staff = auth.NewActor(roles, 1, "park", []string{auth.RoleParkAdmin})
	f.editor = auth.NewActor(roles, 4, "ed", []string{auth.RoleEditor})
	var err error
	sys := auth.System("test")
	if f.entA, err = f.svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "甲材料公司", USCC: "914403001922038216"}); err != nil {
		t.Fatal(err)
	}
	if f.entB, err = f.svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "乙视觉公司", USCC: "91330100716105852F"}); err != nil {
		t.Fatal(err)
	}
	if f.entEmpty, err = f.svc.CreateEnterprise(ctx, sys, enterprise.Input{Name: "丙新设公司", USCC: "91110108551385082Q"}); err != nil {
		t.Fatal(err)
	}
	f.a = auth.NewActor(roles, 2, "qiye-a", []string{auth.RoleEnterprise})
	f.a.EnterpriseID = f.entA.ID
	f.b = auth.NewActor(roles, 3, "qiye-b", []string{auth.RoleEnterprise})
	f.b.EnterpriseID = f.entB.ID
	return f
}

func (f *figuresEnv) save(t *testing.T, a *auth.Actor, entID int64, year int, fig enterprise.Figures, submit bool) *enterprise.Report {
	t.Helper()
	r, err := f.svc.SaveReport(ctx, a, entID, year, fig, "", submit)
	if err != nil {
		t.Fatalf("save %d for %d as %s: %v", year, entID, a.Username, err)
	}
	return r
}

// FindReports gives every year of one enterprise, oldest first, to the park and to the enterprise itself;
// FindSubmittedReports is the park's queue across enterprises.
func TestFindReportsAndReviewQueue(t *testing.T) {
	f := newFiguresEnv(t)
	f.save(t, f.staff, f.entA.ID, 2023, enterprise.Figures{Revenue: i64(800_000_000), StaffTotal: i64(30)}, false)
	f.save(t, f.staff, f.entA.ID, 2022, enterprise.Figures{Revenue: i64(500_000_000)}, false)
	f.save(t, f.a, f.entA.ID, 2024, enterprise.Figures{Revenue: i64(1_234_567_800), NetProfit: i64(-35_500_000)}, false)

	list, err := f.svc.FindReports(ctx, f.a, f.entA.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("the enterprise's own years: %d %v", len(list), err)
	}
	if list[0].Year != 2022 || list[1].Year != 2023 || list[2].Year != 2024 {
		t.Fatalf("years out of order: %d %d %d", list[0].Year, list[1].Year, list[2].Year)
	}
	if list[1].Status != enterprise.ReportApproved || list[2].Status != enterprise.ReportDraft || *list[2].Figures.NetProfit != -35_500_000 ||
		list[2].Figures.StaffTotal != nil || list[1].ReviewedAt == nil || list[2].SubmittedAt != nil {
		t.Fatalf("reports: %+v %+v", list[1], list[2])
	}
	if list, err := f.svc.FindReports(ctx, f.staff, f.entA.ID); err != nil || len(list) != 3 {
		t.Fatalf("park staff see drafts too: %d %v", len(list), err)
	}
	if list, err := f.svc.FindReports(ctx, f.staff, f.entEmpty.ID); err != nil || len(list) != 0 {
		t.Fatalf("an enterprise without figures: %d %v", len(list), err)
	}
	// Another enterprise's figures are refused, and the refusal is recorded.
	if _, err := f.svc.FindReports(ctx, f.b, f.entA.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise read another's figures: %v", err)
	}
	if _, err := f.svc.FindReport(ctx, f.b, f.entA.ID, 2023); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise read another's year: %v", err)
	}
	if _, err := f.svc.FindReports(ctx, f.editor, f.entA.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor read figures: %v", err)
	}
	recs, _, err := f.log.Find(ctx, auth.System("t"), audit.Filter{Action: "figures.read", Result: audit.Denied})
	if err != nil || len(recs) != 3 || recs[0].ObjectID != itoa(f.entA.ID) {
		t.Fatalf("denied reads recorded: %d %v", len(recs), err)
	}
	if _, err := f.svc.FindReports(ctx, f.staff, 9999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("figures of no enterprise: %v", err)
	}

	// The queue: submissions of both enterprises, the longest waiting first; only the park sees it.
	if q, err := f.svc.FindSubmittedReports(ctx, f.staff); err != nil || len(q) != 0 {
		t.Fatalf("queue before any submission: %d %v", len(q), err)
	}
	f.save(t, f.b, f.entB.ID, 2025, enterprise.Figures{Revenue: i64(300_000_000), RnDSpending: i64(30_000_000)}, true)
	f.save(t, f.a, f.entA.ID, 2024, enterprise.Figures{Revenue: i64(1_234_567_800), NetProfit: i64(-35_500_000)}, true)
	q, err := f.svc.FindSubmittedReports(ctx, f.staff)
	if err != nil || len(q) != 2 {
		t.Fatalf("queue: %d %v", len(q), err)
	}
	if q[0].EnterpriseName != "乙视觉公司" || q[0].Year != 2025 || q[1].EnterpriseName != "甲材料公司" || q[1].Year != 2024 ||
		*q[1].Figures.Revenue != 1_234_567_800 || q[1].SubmittedAt == nil {
		t.Fatalf("queue order or content: %+v %+v", q[0], q[1])
	}
	for _, a := range []*auth.Actor{f.a, f.editor} {
		if _, err := f.svc.FindSubmittedReports(ctx, a); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("%s saw the review queue: %v", a.Username, err)
		}
	}

	// Returned with a comment, the year leaves the queue; resubmitted, it comes back with the comment that
	// explains the change; approved, it leaves for good.
	if err := f.svc.ReviewReport(ctx, f.staff, f.entA.ID, 2024, false, "净利润请核对"); err != nil {
		t.Fatal(err)
	}
	if q, _ := f.svc.FindSubmittedReports(ctx, f.staff); len(q) != 1 || q[0].EnterpriseID != f.entB.ID {
		t.Fatalf("queue after a return: %+v", q)
	}
	r, err := f.svc.FindReport(ctx, f.a, f.entA.ID, 2024)
	if err != nil || r.Status != enterprise.ReportReturned || r.ReviewComment != "净利润请核对" || r.ReviewedAt == nil {
		t.Fatalf("returned report: %+v %v", r, err)
	}
	f.save(t, f.a, f.entA.ID, 2024, enterprise.Figures{Revenue: i64(1_234_567_800), NetProfit: i64(35_500_000)}, true)
	q, _ = f.svc.FindSubmittedReports(ctx, f.staff)
	if len(q) != 2 || q[1].EnterpriseID != f.entA.ID || q[1].ReviewComment != "净利润请核对" {
		t.Fatalf("queue after resubmission: %+v", q)
	}
	if err := f.svc.ReviewReport(ctx, f.staff, f.entA.ID, 2024, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ReviewReport(ctx, f.staff, f.entA.ID, 2024, true, ""); !errs.Is(err, errs.Conflict) {
		t.Fatalf("an approved year approved again: %v", err)
	}
	if err := f.svc.ReviewReport(ctx, f.a, f.entB.ID, 2025, true, ""); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise user reviewed: %v", err)
	}
	if q, _ := f.svc.FindSubmittedReports(ctx, f.staff); len(q) != 1 {
		t.Fatalf("queue after the approval: %d", len(q))
	}
	recs, _, err = f.log.Find(ctx, auth.System("t"), audit.Filter{Action: "figures.review", ObjectID: itoa(f.entA.ID)})
	if err != nil || len(recs) != 2 {
		t.Fatalf("review records: %d %v", len(recs), err)
	}
}

// What the park enters settles the year: approved at once, and an old return comment is cleared.
func TestFiguresRules(t *testing.T) {
	f := newFiguresEnv(t)
	f.save(t, f.a, f.entA.ID, 2024, enterprise.Figures{Revenue: i64(100_000_000)}, true)
	if err := f.svc.ReviewReport(ctx, f.staff, f.entA.ID, 2024, false, "请补充研发费用"); err != nil {
		t.Fatal(err)
	}
	r := f.save(t, f.staff, f.entA.ID, 2024, enterprise.Figures{Revenue: i64(100_000_000), RnDSpending: i64(8_000_000)}, false)
	if r.Status != enterprise.ReportApproved || r.ReviewComment != "" {
		t.Fatalf("the park's entry: %+v", r)
	}
	// An empty year says nothing; counts and amounts have bounds; a loss is a negative profit, a negative
	// revenue is wrong.
	_, err := f.svc.SaveReport(ctx, f.a, f.entA.ID, 2023, enterprise.Figures{}, "", false)
	if e := errs.As(err); e == nil || e.Code != errs.Invalid || !strings.Contains(e.Message, "至少填写一项") {
		t.Fatalf("an empty year: %v", err)
	}
	_, err = f.svc.SaveReport(ctx, f.a, f.entA.ID, 2023, enterprise.Figures{StaffTotal: i64(10_000_000), Revenue: i64(-1),
		NetProfit: i64(-5_000_000), TotalAssets: i64(1_000_000_000_000_01)}, "", false)
	e := errs.As(err)
	if e == nil || e.Fields["staff_total"] == "" || e.Fields["revenue"] != "营业收入不能为负数" || e.Fields["net_profit"] != "" || e.Fields["total_assets"] == "" {
		t.Fatalf("bounds: %v", err)
	}
	if _, err := f.svc.SaveReport(ctx, f.a, f.entA.ID, 1999, enterprise.Figures{Revenue: i64(1)}, "", false); !errs.Is(err, errs.Invalid) {
		t.Fatalf("a year before 2000: %v", err)
	}
	if _, err := f.svc.SaveReport(ctx, f.b, f.entA.ID, 2023, enterprise.Figures{Revenue: i64(1)}, "", true); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise filed another's figures: %v", err)
	}
}
