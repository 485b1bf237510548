package enterprise_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/db"
	"parkos/internal/dbtest"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
	"parkos/internal/pii"
	"parkos/internal/zh"
)

// Evaluations of enterprises written into a real database. Each verdict below is derived by hand from the
// official rules cited next to it; the figures are the registry's approved annual figures.
//
// The application year of every case is 2025, a past year, so the application date is 2025-06-01
// (enterprise.ApplicationDate) whatever day the tests run: the 2022 MIIT sets apply, and the windows are
// 上年度 = 2024 and 近三年 = 2022–2024.

const evalYear = 2025

type critEnv struct {
	svc    *enterprise.Service
	db     *db.DB
	staff  *auth.Actor
	tenant *auth.Actor
	n      int
}

func newCritEnv(t *testing.T) *critEnv {
	t.Helper()
	d := dbtest.Open(t)
	roles := auth.NewRoles(auth.BaseRoles(), enterprise.Grants()...)
	return &critEnv{
		svc: enterprise.NewService(d, audit.New(d, []byte("k")), enterprise.Options{Sealer: pii.NewKeyring(make([]byte, 32)).Sealer(),
			DataDir: t.TempDir()}),
		db:     d,
		staff:  auth.NewActor(roles, 1, "park", []string{auth.RoleParkAdmin}),
		tenant: auth.NewActor(roles, 2, "tenant", []string{auth.RoleEnterprise}),
	}
}

// creditCode makes a valid unified social credit code of a Luoyang enterprise (登记管理部门 9, 类别 1) with
// serial n, letting zh.CheckUSCC name the two check characters.
func creditCode(t *testing.T, n int) string {
	t.Helper()
	code := fmt.Sprintf("91410305%08d00", n)
	for range 2 {
		err := zh.CheckUSCC(code)
		if err == nil {
			return code
		}
		e, ok := err.(*zh.USCCError)
		if !ok || e.Want == "" {
			t.Fatalf("credit code %s: %v", code, err)
		}
		code = code[:e.Pos-1] + e.Want + code[e.Pos:]
	}
	if err := zh.CheckUSCC(code); err != nil {
		t.Fatalf("credit code %s: %v", code, err)
	}
	return code
}

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func wan(v int64) *int64 { x := v * 1_000_000; return &x }
func num(v int64) *int64 { return &v }

// add registers an enterprise (park staff).
func (e *critEnv) add(t *testing.T, name, industry string, founded *time.Time, mut ...func(*enterprise.Input)) *enterprise.Enterprise {
	t.Helper()
	e.n++
	in := enterprise.Input{Name: name, USCC: creditCode(t, e.n), IndustryCode: industry, FoundedOn: founded}
	for _, m := range mut {
		m(&in)
	}
	ent, err := e.svc.CreateEnterprise(context.Background(), e.staff, in)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return ent
}

// approve stores figures entered by park staff, which are approved at once.
func (e *critEnv) approve(t *testing.T, entID int64, year int, f enterprise.Figures) {
	t.Helper()
	if _, err := e.svc.SaveReport(context.Background(), e.staff, entID, year, f, "", false); err != nil {
		t.Fatalf("figures %d of %d: %v", year, entID, err)
	}
}

func (e *critEnv) qualify(t *testing.T, entID int64, kind, name, level string, from, to *time.Time) {
	t.Helper()
	if _, err := e.svc.AddQualification(context.Background(), e.staff, enterprise.Qualification{EnterpriseID: entID, Kind: kind,
		Name: name, Level: level, IssuedOn: from, ExpiresOn: to}); err != nil {
		t.Fatalf("qualification %s of %d: %v", kind, entID, err)
	}
}

func outcome(t *testing.T, r *criteria.Result, id string) criteria.Outcome {
	t.Helper()
	o, ok := r.Outcome(id)
	if !ok {
		t.Fatalf("%s has no criterion %s", r.SetID, id)
	}
	return o
}

func wantStatus(t *testing.T, r *criteria.Result, want map[string]criteria.Status) {
	t.Helper()
	for id, s := range want {
		if o := outcome(t, r, id); o.Status != s {
			t.Errorf("%s: %s is %s, want %s (%s)", r.SetID, id, o.Status, s, o.Note)
		}
	}
}

func figuresText(figs []criteria.Figure) string {
	var parts []string
	for _, f := range figs {
		parts = append(parts, f.String())
	}
	return strings.Join(parts, "；")
}

// 高新技术企业 that fails only the R&D ratio (国科发火〔2016〕32号 第十一条(五)).
//
// Sales 2022–2024: 3,000 + 3,500 + 4,000 = 10,500万元; R&D 120 + 140 + 160 = 420万元, all in China. The
// latest year's sales, 4,000万元, are ≤ 5,000万元, so art. 11(5) asks for ≥ 5%; 420 / 10,500 = 4.00% fails.
// Domestic R&D is 100% ≥ 60% (art. 11(5)); 2024 high-tech income 3,000 of 总收入 4,100 = 73.17% ≥ 60% (art.
// 11(6)); founded 2015-03-01, more than 365 days before 2025-06-01 (art. 11(1), 195号). Art. 11(2), (3) and the
// innovation score (7) are expert judgements, the 195号 monthly-average headcount (4) is not in the registry,
// and no compliance record was checked (8): those need review, so 11(5) is the one failing condition.
func TestEvaluateGaoqiFailsOnlyRDRatio(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳甲光电科技有限公司", "C3976", day(2015, 3, 1))
	for i, y := range []int{2022, 2023, 2024} {
		f := enterprise.Figures{Revenue: wan([]int64{3000, 3500, 4000}[i]), RnDSpending: wan([]int64{120, 140, 160}[i]),
			RnDDomestic: wan([]int64{120, 140, 160}[i]), TotalAssets: wan([]int64{2000, 2400, 3000}[i]),
			TotalLiabilities: wan([]int64{800, 900, 1000}[i]), Conversions: num([]int64{2, 3, 4}[i])}
		if y == 2024 {
			f.HitechRevenue, f.TotalIncome = wan(3000), wan(4100)
			f.StaffTotal, f.TechStaff = num(80), num(20)
			f.IPClass1, f.IPClass2 = num(2), num(6)
		}
		e.approve(t, ent.ID, y, f)
	}
	r, err := e.svc.EvaluateEnterprise(context.Background(), e.staff, ent.ID, criteria.SchemeGaoqi, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	if r.SetID != "gaoqi-2016" || !r.ApplicationDate.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("set %s on %s", r.SetID, r.ApplicationDate)
	}
	wantStatus(t, r, map[string]criteria.Status{
		"gaoqi.c1": criteria.Pass, "gaoqi.c2": criteria.Review, "gaoqi.c3": criteria.Review, "gaoqi.c4": criteria.Review,
		"gaoqi.c5": criteria.Fail, "gaoqi.c5.domestic": criteria.Pass, "gaoqi.c6": criteria.Pass, "gaoqi.c7": criteria.Review,
		"gaoqi.c8": criteria.Review,
	})
	if r.Verdict != criteria.NotEligible || r.MissingOne != "gaoqi.c5" || r.NearMiss() {
		t.Fatalf("verdict %s, missing %q, near miss %v", r.Verdict, r.MissingOne, r.NearMiss())
	}
	c5 := outcome(t, r, "gaoqi.c5")
	if got := figuresText(c5.Figures); !strings.Contains(got, "420万元") || !strings.Contains(got, "10,500万元") ||
		!strings.Contains(got, "4.00%") || !strings.Contains(c5.Note, "≥ 5%") {
		t.Errorf("gaoqi.c5 figures %q note %q", got, c5.Note)
	}
	// The year-end headcount is in the registry but is not 195号's monthly average: the note says so.
	if c4 := outcome(t, r, "gaoqi.c4"); !strings.Contains(c4.Note, "2024年末人数（职工总数 80 人、科技人员 20 人）") || !strings.Contains(c4.Note, "月平均") {
		t.Errorf("gaoqi.c4 note %q", c4.Note)
	}
	// The IP held is the 2024 year-end count: two Ⅰ类 items, so 11(2) waits for the experts instead of failing.
	if c2 := outcome(t, r, "gaoqi.c2"); !strings.Contains(figuresText(c2.Figures), "Ⅰ类知识产权 2项") || !strings.Contains(c2.Note, "2024年末") {
		t.Errorf("gaoqi.c2 %q %q", figuresText(c2.Figures), c2.Note)
	}
	// 195号: sales growth ½(3,500/3,000 + 4,000/3,500) − 1 = 15.48% (band C, 5–6); net assets 1,200 → 1,500 →
	// 2,000: ½(1.25 + 1.333) − 1 = 29.17% (band B, 7–8); conversions average 3 (band C, 13–18).
	for id, p := range map[string]criteria.Points{"gaoqi.growth.sales": {Lo: 5, Hi: 6}, "gaoqi.growth.assets": {Lo: 7, Hi: 8}, "gaoqi.conversion": {Lo: 13, Hi: 18}} {
		if o := outcome(t, r, id); o.Score != p {
			t.Errorf("%s = %v, want %v", id, o.Score, p)
		}
	}
	notes := strings.Join(r.Notes, "\n")
	for _, want := range []string{"只采用园区审核通过的年度数据：2022、2023、2024年", "2025-06-01", "年末人数"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// 科技型中小企业 (国科发政〔2017〕115号).
func TestEvaluateKexiao(t *testing.T) {
	e := newCritEnv(t)
	bg := context.Background()

	// Sales of 2.5亿元 in 2024 exceed art. 6(2)'s 2亿元: the one failing condition. The credit code "91…" makes
	// art. 6(1) pass; art. 6(3), 6(4) and the score (quarterly-average headcount unknown) stay open.
	big := e.add(t, "洛阳乙软件有限公司", "I6513", day(2016, 1, 1))
	e.approve(t, big.ID, 2024, enterprise.Figures{Revenue: wan(25000), RnDSpending: wan(1500), TotalAssets: wan(9000),
		StaffTotal: num(300), TechStaff: num(120)})
	r, err := e.svc.EvaluateEnterprise(bg, e.staff, big.ID, criteria.SchemeKexiao, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, r, map[string]criteria.Status{"kexiao.c1": criteria.Pass, "kexiao.c2": criteria.Fail, "kexiao.c3": criteria.Review,
		"kexiao.c4": criteria.Review, "kexiao.c5": criteria.Review})
	if r.MissingOne != "kexiao.c2" || r.Verdict != criteria.NotEligible {
		t.Fatalf("missing %q verdict %s", r.MissingOne, r.Verdict)
	}
	if c2 := outcome(t, r, "kexiao.c2"); !strings.Contains(c2.Note, "年销售收入超过2亿元") || !strings.Contains(figuresText(c2.Figures), "25,000万元") {
		t.Errorf("kexiao.c2: %q %q", c2.Note, figuresText(c2.Figures))
	}
	if c1 := outcome(t, r, "kexiao.c1"); !strings.Contains(c1.Note, "“91”") {
		t.Errorf("kexiao.c1 note %q", c1.Note)
	}
	// R&D 1,500 / 25,000 = 6% scores the full 50 of art. 7(2) on the first option.
	if o := outcome(t, r, "kexiao.rd"); o.Score != (criteria.Points{Lo: 50, Hi: 50}) {
		t.Errorf("kexiao.rd = %v", o.Score)
	}

	// A valid 高企 certificate is art. 8(1)'s direct route, so the score condition passes; what is left open is
	// art. 6(2)'s headcount (a quarterly average the registry does not keep), 6(3) and 6(4).
	hq := e.add(t, "洛阳丙材料有限公司", "C3985", day(2018, 5, 1))
	e.approve(t, hq.ID, 2024, enterprise.Figures{Revenue: wan(3000), TotalAssets: wan(5000), StaffTotal: num(60), TechStaff: num(15)})
	e.qualify(t, hq.ID, "gaoqi", "", "national", day(2023, 12, 1), day(2026, 11, 30))
	r, err = e.svc.EvaluateEnterprise(bg, e.staff, hq.ID, criteria.SchemeKexiao, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, r, map[string]criteria.Status{"kexiao.d1": criteria.Pass, "kexiao.c5": criteria.Pass, "kexiao.c2": criteria.Review})
	if r.Verdict != criteria.NeedsReview || r.MissingOne != "" {
		t.Fatalf("verdict %s missing %q", r.Verdict, r.MissingOne)
	}
	if c2 := outcome(t, r, "kexiao.c2"); !strings.Contains(c2.Note, "季度平均") {
		t.Errorf("kexiao.c2 should say why the headcount is open: %q", c2.Note)
	}
}

// The size class under 工信部联企业〔2011〕300号 reaches 63号 附件1's first condition, and 战略性新兴产业 in the
// record its 专业化 item 1.
func TestEvaluateChuangxinUsesSizeClass(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳丁信息技术有限公司", "I6513", day(2019, 1, 1), func(in *enterprise.Input) { in.EmergingIndustry = "新一代信息技术产业" })
	// Software (300号 第四条(十二)): 60 staff (10–99) and 3,000万元 revenue: small.
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), MainRevenue: wan(2900), StaffTotal: num(60)})
	r, err := e.svc.EvaluateEnterprise(context.Background(), e.staff, ent.ID, criteria.SchemeChuangxin, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	c1 := outcome(t, r, "chuangxin.c1")
	if c1.Status != criteria.Pass || !strings.Contains(c1.Note, "第四条(十二)") || !strings.Contains(c1.Note, "小型") {
		t.Errorf("chuangxin.c1: %s %q", c1.Status, c1.Note)
	}
	if o := outcome(t, r, "chuangxin.field"); o.Score != (criteria.Points{Lo: 10, Hi: 10}) || !strings.Contains(o.Note, "新一代信息技术产业") {
		t.Errorf("chuangxin.field: %v %q", o.Score, o.Note)
	}
}

// Only approved figures count: a draft and a submitted year are ignored and named in the notes; once the park
// approves the submitted year, it counts.
func TestEvaluateIgnoresUnapprovedFigures(t *testing.T) {
	e := newCritEnv(t)
	bg := context.Background()
	ent := e.add(t, "洛阳戊装备有限公司", "C3491", day(2012, 1, 1))
	e.tenant.EnterpriseID = ent.ID
	e.approve(t, ent.ID, 2022, enterprise.Figures{Revenue: wan(2000), RnDSpending: wan(100)})
	// The enterprise drafts 2023 and submits 2024: neither counts yet.
	if _, err := e.svc.SaveReport(bg, e.tenant, ent.ID, 2023, enterprise.Figures{Revenue: wan(2500), RnDSpending: wan(150)}, "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveReport(bg, e.tenant, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(200)}, "", true); err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.EvaluateEnterprise(bg, e.tenant, ent.ID, criteria.SchemeDengling, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	// dengling-typical reads 2024 revenue and R&D and the 2022–2024 growth: all unknown without 2024.
	wantStatus(t, r, map[string]criteria.Status{"dengling.revenue": criteria.Review, "dengling.growth": criteria.Review, "dengling.rd": criteria.Review})
	notes := strings.Join(r.Notes, "\n")
	if !strings.Contains(notes, "只采用园区审核通过的年度数据：2022年") || !strings.Contains(notes, "2023年（草稿）") || !strings.Contains(notes, "2024年（待审核）") {
		t.Fatalf("notes:\n%s", notes)
	}
	if err := e.svc.ReviewReport(bg, e.staff, ent.ID, 2024, true, ""); err != nil {
		t.Fatal(err)
	}
	// Now 2024 counts: 3,000万元 within 1,000万–5亿; 200/3,000 = 6.67% ≥ 5%; growth 2022→2024 is
	// √(3,000/2,000) − 1 = 22.47% ≥ 20% per year. The typical 瞪羚 rule (dengling-typical) is met.
	r, err = e.svc.EvaluateEnterprise(bg, e.tenant, ent.ID, criteria.SchemeDengling, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != criteria.Eligible {
		t.Fatalf("after approval: %s %+v", r.Verdict, r.Criteria)
	}
	if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, "2023年（草稿）") || strings.Contains(notes, "2024年（待审核）") {
		t.Fatalf("notes after approval:\n%s", notes)
	}
}

// Scope and input: an enterprise user evaluates its own enterprise only and never sees the park's lists.
func TestEvaluateScope(t *testing.T) {
	e := newCritEnv(t)
	bg := context.Background()
	own := e.add(t, "本企业", "M7320", day(2020, 1, 1))
	other := e.add(t, "别家", "M7320", day(2020, 1, 1))
	e.tenant.EnterpriseID = own.ID
	if _, err := e.svc.EvaluateEnterprise(bg, e.tenant, own.ID, criteria.SchemeGaoqi, evalYear); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.EvaluateEnterprise(bg, e.tenant, other.ID, criteria.SchemeGaoqi, evalYear); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise's evaluation: %v", err)
	}
	if _, err := e.svc.EvaluateAll(bg, e.tenant, other.ID, evalYear); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise's evaluations: %v", err)
	}
	if _, err := e.svc.FindCandidates(bg, e.tenant, criteria.SchemeGaoqi, evalYear); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an enterprise user listed candidates: %v", err)
	}
	if _, err := e.svc.EvaluateEnterprise(bg, e.staff, own.ID, "nobel", evalYear); errs.As(err) == nil || errs.As(err).Fields["scheme"] == "" {
		t.Fatalf("unknown scheme: %v", err)
	}
	if _, err := e.svc.EvaluateEnterprise(bg, e.staff, own.ID, criteria.SchemeGaoqi, 1999); errs.As(err) == nil || errs.As(err).Fields["year"] == "" {
		t.Fatalf("year 1999: %v", err)
	}
	if _, err := e.svc.EvaluateEnterprise(bg, e.staff, 9999, criteria.SchemeGaoqi, evalYear); !errs.Is(err, errs.NotFound) {
		t.Fatalf("no such enterprise: %v", err)
	}
	// 2025 (2025-06-01): the six schemes, the MIIT ones under their 2022 standards.
	all, err := e.svc.EvaluateAll(bg, e.tenant, own.ID, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, r := range all {
		sets = append(sets, r.SetID)
	}
	if want := []string{"gaoqi-2016", "kexiao-2017", "chuangxin-2022", "zhuanjingtexin-2022", "xiaojuren-2022", "dengling-typical"}; !slices.Equal(sets, want) {
		t.Fatalf("sets %v, want %v", sets, want)
	}
	// 2021 (2021-06-01): 63号 did not exist yet, so 创新型, 专精特新 and 小巨人 have no set.
	all, err = e.svc.EvaluateAll(bg, e.staff, own.ID, 2021)
	if err != nil || len(all) != 3 {
		t.Fatalf("2021: %d results, %v", len(all), err)
	}
	// Nothing in the registry: every condition that needs figures is open, none fails silently.
	for _, r := range all {
		if len(r.Failed) > 0 {
			t.Errorf("%s fails %v on an empty record", r.SetID, r.Failed)
		}
	}
}

// FindCandidates groups the park's enterprises for the typical 瞪羚 rule (dengling-typical, for Luoyang):
// 2024 营业收入 in 1,000万–5亿元, 2022→2024 compound growth ≥ 20% a year, 2024 R&D ≥ 5% of revenue.
func TestFindCandidates(t *testing.T) {
	e := newCritEnv(t)
	bg := context.Background()
	three := func(id int64, rev [3]int64, rd int64) {
		for i, y := range []int{2022, 2023, 2024} {
			f := enterprise.Figures{Revenue: wan(rev[i])}
			if y == 2024 {
				f.RnDSpending = wan(rd)
			}
			e.approve(t, id, y, f)
		}
	}
	// Eligible: 3,000万元; √1.5 − 1 = 22.47%; 200 / 3,000 = 6.67%.
	a := e.add(t, "甲·可申报", "C3981", day(2015, 1, 1))
	three(a.ID, [3]int64{2000, 2500, 3000}, 200)
	// Misses one: the same but R&D 120 / 3,000 = 4.00% < 5%.
	b := e.add(t, "乙·差研发", "C3981", day(2015, 1, 1))
	three(b.ID, [3]int64{2000, 2500, 3000}, 120)
	// Needs review: only 2024 is approved, so the growth is unknown.
	c := e.add(t, "丙·缺数据", "C3981", day(2015, 1, 1))
	e.approve(t, c.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(200)})
	// Not eligible: 800万元 < 1,000万元; 8 / 800 = 1%; √(800/700) − 1 = 6.9%.
	d := e.add(t, "丁·三项不符", "C3981", day(2015, 1, 1))
	three(d.ID, [3]int64{700, 750, 800}, 8)
	// Moved out: not evaluated.
	mv := e.add(t, "戊·已迁出", "C3981", day(2015, 1, 1), func(in *enterprise.Input) {
		in.Status, in.MovedOutOn = enterprise.MovedOut, day(2024, 3, 1)
	})
	three(mv.ID, [3]int64{2000, 2500, 3000}, 200)
	// Holds a 瞪羚 title valid on 2025-06-01: listed as holding it, not evaluated.
	h := e.add(t, "己·已认定", "C3981", day(2015, 1, 1))
	three(h.ID, [3]int64{2000, 2500, 3000}, 200)
	e.qualify(t, h.ID, "dengling", "", "municipal", day(2024, 1, 1), day(2026, 12, 31))
	// An expired title does not count: evaluated, eligible.
	x := e.add(t, "庚·资质过期", "C3981", day(2015, 1, 1))
	three(x.ID, [3]int64{2000, 2500, 3000}, 200)
	e.qualify(t, x.ID, "dengling", "", "municipal", day(2021, 1, 1), day(2024, 12, 31))
	// A university is not an enterprise.
	u := e.add(t, "辛·某大学", "P8341", nil, func(in *enterprise.Input) { in.Kind = enterprise.KindUniversity })

	got, err := e.svc.FindCandidates(bg, e.staff, criteria.SchemeDengling, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	names := func(list []*enterprise.Candidate) []string {
		var out []string
		for _, c := range list {
			out = append(out, c.Enterprise.Name)
		}
		return out
	}
	// Within a group the order is by name, which the two databases collate differently for Chinese: compare
	// the members.
	check := func(group string, list []*enterprise.Candidate, want ...string) {
		t.Helper()
		if got := names(list); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%s: %v, want %v", group, got, want)
		}
	}
	check("eligible", got.Eligible, a.Name, x.Name)
	check("missing one", got.MissingOne, b.Name)
	check("needs review", got.NeedsReview, c.Name)
	check("not eligible", got.NotEligible, d.Name)
	if len(got.Held) != 1 || got.Held[0].ID != h.ID || len(got.Skipped) != 1 || got.Skipped[0].ID != u.ID {
		t.Errorf("held %v, skipped %v", got.Held, got.Skipped)
	}
	if got.Set.ID != "dengling-typical" || got.Total() != 5 {
		t.Errorf("set %s, total %d", got.Set.ID, got.Total())
	}
	// The one criterion is named with its figures and threshold, and every other condition passes.
	miss := got.MissingOne[0]
	if miss.Missing == nil || miss.Missing.ID != "dengling.rd" || !miss.NearMiss() || len(miss.Open) != 0 {
		t.Fatalf("missing one: %+v", miss.Missing)
	}
	if f := figuresText(miss.MissingFigures); !strings.Contains(f, "2024年研发费用 120万元") || !strings.Contains(f, "研发费用占比 4.00%") ||
		!strings.Contains(miss.Missing.Threshold, "5.00%") {
		t.Errorf("missing figures %q threshold %q", f, miss.Missing.Threshold)
	}
	if open := got.NeedsReview[0].Open; len(open) != 1 || open[0].ID != "dengling.growth" {
		t.Errorf("needs review: %+v", open)
	}
	if failed := got.NotEligible[0].Failed; len(failed) != 3 {
		t.Errorf("not eligible fails %d conditions", len(failed))
	}

	// The export is audited; reading the list is not.
	if _, err := e.svc.ExportCandidates(bg, e.staff, criteria.SchemeDengling, evalYear); err != nil {
		t.Fatal(err)
	}
	var exports, reads int
	if err := e.db.R.QueryRowContext(bg, `SELECT COUNT(*) FROM audit_log WHERE action = 'criteria.export'`).Scan(&exports); err != nil {
		t.Fatal(err)
	}
	if err := e.db.R.QueryRowContext(bg, `SELECT COUNT(*) FROM audit_log WHERE action = 'criteria.candidates'`).Scan(&reads); err != nil {
		t.Fatal(err)
	}
	if exports != 1 || reads != 0 {
		t.Errorf("audit: %d exports, %d list reads", exports, reads)
	}
}

// A score that cannot reach 科小's 60 points fails the score route, but the condition that combines it with
// the direct routes of art. 8 stays open while the registry cannot rule those out: never a silent Fail.
func TestScoreRouteFailsDirectRoutesStayOpen(t *testing.T) {
	e := newCritEnv(t)
	// 115号 art. 7: R&D 10 / 3,000 = 0.33% < 2% and 10 / 2,900 (total cost) < 10%: 0 of 50. Even with 20 for
	// staff and 30 for IP the score is at most 50 < 60 (art. 6(5)); no 高企 certificate is recorded, so the
	// direct routes stay open and art. 6(5) needs review rather than failing.
	ent := e.add(t, "壬·研发少", "C3981", day(2015, 1, 1))
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(10), TotalCost: wan(2900), TotalAssets: wan(2000)})
	r, err := e.svc.EvaluateEnterprise(context.Background(), e.staff, ent.ID, criteria.SchemeKexiao, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, r, map[string]criteria.Status{"kexiao.score": criteria.Fail, "kexiao.d1": criteria.Review, "kexiao.c5": criteria.Review})
	if len(r.Failed) != 0 {
		t.Fatalf("failed %v", r.Failed)
	}
}

// Every criterion the registry annotates exists in the shipped rule sets, so a renamed ID cannot silently
// drop a note.
func TestAnnotatedCriteriaExist(t *testing.T) {
	for _, id := range enterprise.AnnotatedCriteria {
		found := false
		for _, s := range criteria.Sets() {
			if _, ok := s.Criterion(id); ok {
				found = true
			}
		}
		if !found {
			t.Errorf("criterion %s is annotated but no rule set has it", id)
		}
	}
}

func TestApplicationDate(t *testing.T) {
	now := time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC) // 2026-11-28 04:00 in China
	for year, want := range map[int]string{2026: "2026-11-28", 2025: "2025-06-01", 2027: "2027-06-01"} {
		if got := enterprise.ApplicationDate(year, now).Format(time.DateOnly); got != want {
			t.Errorf("ApplicationDate(%d) = %s, want %s", year, got, want)
		}
	}
}

// BenchmarkFindCandidates measures "who may apply" over a park of 300 enterprises with three approved years
// each, half of them with an assessment (申报信息): four queries and 300 evaluations per call.
//
//	go test ./internal/enterprise/ -run '^$' -bench FindCandidates -benchtime 20x
func BenchmarkFindCandidates(b *testing.B) {
	d := dbtest.Open(b)
	roles := auth.NewRoles(auth.BaseRoles(), enterprise.Grants()...)
	svc := enterprise.NewService(d, audit.New(d, []byte("k")), enterprise.Options{Sealer: pii.NewKeyring(make([]byte, 32)).Sealer(), DataDir: b.TempDir()})
	staff := auth.NewActor(roles, 1, "park", []string{auth.RoleParkAdmin})
	bg := context.Background()
	for i := range 300 {
		code := fmt.Sprintf("91410305%08d00", 9000+i)
		for range 2 {
			if e, ok := zh.CheckUSCC(code).(*zh.USCCError); ok && e.Want != "" {
				code = code[:e.Pos-1] + e.Want + code[e.Pos:]
			}
		}
		ent, err := svc.CreateEnterprise(bg, staff, enterprise.Input{Name: fmt.Sprintf("企业%03d", i), USCC: code, IndustryCode: "C3981",
			FoundedOn: day(2015, 1, 1)})
		if err != nil {
			b.Fatal(err)
		}
		for j, y := range []int{2022, 2023, 2024} {
			rev := int64(1000 + 37*i + 400*j)
			if _, err := svc.SaveReport(bg, staff, ent.ID, y, enterprise.Figures{Revenue: wan(rev), MainRevenue: wan(rev * 9 / 10),
				RnDSpending: wan(rev * int64(i%8) / 100), TotalAssets: wan(rev), TotalLiabilities: wan(rev / 3), StaffTotal: num(int64(20 + i%200))}, "", false); err != nil {
				b.Fatal(err)
			}
		}
		if i%2 == 0 {
			if _, err := svc.SaveAssessment(bg, staff, ent.ID, enterprise.Assessment{RestrictedProducts: criteria.Bool(false),
				Staff: []enterprise.StaffYear{{Year: 2024, MonthlyTotal: []int64{20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26},
					MonthlyTech: []int64{5, 5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7}}},
				ComplianceCheckedThrough: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
				IP:                       enterprise.AssessedIP{ClassIMain: num(1), ClassIIMain: num(4), OwnRD: criteria.Bool(true)},
				Judgements:               enterprise.AssessedJudgements{CoreIPSupport: criteria.Bool(true), KeyTechField: criteria.Bool(true)}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		c, err := svc.FindCandidates(bg, staff, criteria.SchemeGaoqi, evalYear)
		if err != nil || c.Total() != 300 {
			b.Fatalf("%v %v", c, err)
		}
	}
}
