package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/criteria"
	"parkos/internal/dbtest"
	"parkos/internal/enterprise"
	"parkos/internal/zh"
)

// TestDemoCreditCodes: every demo credit code passes the GB 32100-2015 check, carries a Luoyang area code
// and belongs to one enterprise only.
func TestDemoCreditCodes(t *testing.T) {
	seen := map[string]string{}
	for _, de := range demoEnterprises() {
		code := demoUSCC(de.org, de.area, de.name, d(de.founded).Year())
		if err := zh.CheckUSCC(code); err != nil {
			t.Errorf("%s: %s: %v", de.name, code, err)
		}
		if !strings.HasPrefix(code[2:], "4103") {
			t.Errorf("%s: %s is not registered in Luoyang", de.name, code)
		}
		if other, ok := seen[code]; ok {
			t.Errorf("%s and %s share the code %s", de.name, other, code)
		}
		seen[code] = de.name
	}
	if len(seen) != 38 {
		t.Errorf("%d demo enterprises, want the 2 real tenants and 36 invented ones", len(seen))
	}
}

// demoToday is the day the demo's figures were designed for: the 2026 applications read 2025 and before.
var demoToday = time.Date(2026, time.November, 28, 0, 0, 0, 0, cst)

// demoProfile is the criteria profile of a demo enterprise as the registry's figures give it. What the
// figures do not hold (residence, compliance, the experts' judgements on 高企's IP and field) is set as a
// clean record, so that the outcomes below turn on the figures alone.
func demoProfile(de demoEnt) *criteria.Profile {
	founded := *d(de.founded)
	p := &criteria.Profile{Name: de.name, Region: enterprise.DefaultRegion, Founded: founded, NicheSince: founded,
		MainlandResident: criteria.Bool(true), RestrictedProducts: criteria.Bool(false), Years: map[int]*criteria.YearFigures{},
		QualificationsKnown: true, AwardsKnown: true, RDInstitutionsKnown: true, StandardsKnown: true, MakerChinaKnown: true,
		ComplianceCheckedThrough: demoToday, Judgements: criteria.Judgements{CoreIPSupport: criteria.Bool(true), KeyTechField: criteria.Bool(true)}}
	rng := rand.New(rand.NewPCG(nameHash(de.name), 2022))
	var last enterprise.Figures
	for i := range demoLast - demoFirst + 1 {
		if de.plan.rev[i] == 0 {
			continue
		}
		f := de.plan.figures(i, rng)
		last = f
		staff := criteria.StaffCounts{Total: criteria.People(*f.StaffTotal), Tech: criteria.People(*f.TechStaff), RD: criteria.People(*f.RnDStaff)}
		p.Years[demoFirst+i] = &criteria.YearFigures{Revenue: f.Revenue, MainRevenue: f.MainRevenue, TotalIncome: f.TotalIncome,
			HighTechIncome: f.HitechRevenue, RDExpense: f.RnDSpending, RDDomestic: f.RnDDomestic, TotalCost: f.TotalCost, NetProfit: f.NetProfit,
			TotalAssets: f.TotalAssets, TotalLiabilities: f.TotalLiabilities, EquityRaised: f.EquityRaised, Conversions: f.Conversions,
			Staff: staff, StaffGaoqi: staff, StaffKexiao: staff}
	}
	p.IP = criteria.IPCounts{ClassI: last.IPClass1, ClassII: last.IPClass2, ClassIMain: last.IPClass1, ClassIIMain: last.IPClass2,
		ClassIIMainUsed: criteria.Count(0), OwnRD: criteria.Bool(true), ClassILeading: last.IPClass1, ClassILeadingOwnRD: last.IPClass1,
		ClassILeadingHighValue: criteria.Count(0), ClassILeadingApplied: last.IPClass1, ClassIILeading: last.IPClass2}
	// 工信部联企业〔2011〕300号, the industrial thresholds.
	staff, rev := *last.StaffTotal, *last.Revenue/fen(1)
	switch {
	case staff >= 1000 && rev >= 40000:
		p.Scale = criteria.ScaleLarge
	case staff >= 300 && rev >= 2000:
		p.Scale = criteria.ScaleMedium
	case staff >= 20 && rev >= 300:
		p.Scale = criteria.ScaleSmall
	default:
		p.Scale = criteria.ScaleMicro
	}
	for _, q := range de.quals {
		r := q.resolve(0, demoToday)
		cq := criteria.Qualification{Kind: r.Kind, Number: r.CertNo}
		if r.IssuedOn != nil {
			cq.ValidFrom = *r.IssuedOn
		}
		if r.ExpiresOn != nil {
			cq.ValidTo = *r.ExpiresOn
		}
		p.Qualifications = append(p.Qualifications, cq)
	}
	return p
}

// TestDemoFiguresForCriteria checks that the demo's figures say what they were designed to say about the
// 2026 applications: who is eligible, and who misses exactly one condition, and which.
func TestDemoFiguresForCriteria(t *testing.T) {
	byName := map[string]demoEnt{}
	for _, de := range demoEnterprises() {
		byName[de.name] = de
	}
	eval := func(t *testing.T, name, set string) *criteria.Result {
		t.Helper()
		de, ok := byName[name]
		if !ok {
			t.Fatalf("no demo enterprise %s", name)
		}
		rs, err := criteria.ByID(set)
		if err != nil {
			t.Fatal(err)
		}
		return criteria.Evaluate(rs, demoProfile(de), 2026, demoToday)
	}
	eligible := func(name string, sets ...string) {
		t.Helper()
		for _, set := range sets {
			if r := eval(t, name, set); r.Verdict != criteria.Eligible {
				t.Errorf("%s under %s: %s (failed %v), want eligible", name, set, r.Verdict, r.Failed)
			}
		}
	}
	missingOne := func(name, set, id string) {
		t.Helper()
		if r := eval(t, name, set); r.MissingOne != id {
			t.Errorf("%s under %s: missing %q (failed %v), want exactly %s", name, set, r.MissingOne, r.Failed, id)
		}
	}
	fails := func(name, set, id string) {
		t.Helper()
		r := eval(t, name, set)
		if o, ok := r.Outcome(id); !ok || o.Status != criteria.Fail {
			t.Errorf("%s under %s: %s is %s (%s), want fail", name, set, id, o.Status, o.Note)
		}
	}
	passes := func(name, set string, ids ...string) {
		t.Helper()
		r := eval(t, name, set)
		for _, id := range ids {
			if o, ok := r.Outcome(id); !ok || o.Status != criteria.Pass {
				t.Errorf("%s under %s: %s is %s (%s), want pass", name, set, id, o.Status, o.Note)
			}
		}
	}

	const vision = "中科慧远视觉技术（洛阳）有限公司"
	// The vision company: a growing 瞪羚, a 专精特新 candidate on the figures, 科小 and 创新型, and a 高企
	// renewal with every condition the figures decide met.
	eligible(vision, "dengling-typical", "kexiao-2017", "chuangxin-2022")
	passes(vision, "zhuanjingtexin-2022", "zjtx.c1", "zjtx.c2", "zjtx.c3")
	passes(vision, "gaoqi-2016", "gaoqi.c1", "gaoqi.c4", "gaoqi.c5", "gaoqi.c5.domestic", "gaoqi.c6")
	if r := eval(t, vision, "dengling-typical"); r.Verdict != criteria.Eligible {
		t.Errorf("the vision company is no 瞪羚: %v", r.Failed)
	}

	// Clear 科小 and 创新型 candidates.
	for _, n := range []string{"洛阳烯途碳材料科技有限公司", "洛阳瓷研精密陶瓷科技有限公司", "洛阳钛研增材科技有限公司", "洛阳层构增材制造装备有限公司",
		"洛阳明瞳光电科技有限公司", "洛阳熔准智能焊接装备有限公司", "洛阳履安特种机器人有限公司"} {
		eligible(n, "kexiao-2017", "chuangxin-2022")
	}
	// 高企 candidates: every condition the figures decide is met.
	for _, n := range []string{"洛阳瓷研精密陶瓷科技有限公司", "洛阳履安特种机器人有限公司", "洛阳田智农机电控科技有限公司", "洛阳睿检无损检测设备有限公司",
		"洛阳钼钺新材料科技有限公司", "洛阳驰衡运动控制技术有限公司"} {
		if r := eval(t, n, "gaoqi-2016"); len(r.Failed) > 0 {
			t.Errorf("%s: 高企 conditions failed: %v", n, r.Failed)
		}
	}
	// Those who miss exactly one condition.
	missingOne("洛阳澄晶特种玻璃有限公司", "gaoqi-2016", "gaoqi.c5")  // R&D 3.9% where sales of 5,000万–2亿 need 4%
	missingOne("洛阳研澈高纯化学品有限公司", "gaoqi-2016", "gaoqi.c5") // R&D 4.8% where sales ≤ 5,000万 need 5%
	missingOne("洛阳曜锂新能源材料有限公司", "gaoqi-2016", "gaoqi.c4") // 科技人员 9%
	missingOne("洛阳银辉电子浆料有限公司", "gaoqi-2016", "gaoqi.c6")  // 高新技术收入 under 60% of 总收入
	missingOne("洛阳镁铝轻合金科技有限公司", "dengling-typical", "dengling.growth")
	eligible("洛阳研澈高纯化学品有限公司", "kexiao-2017")
	fails("洛阳澄晶特种玻璃有限公司", "kexiao-2017", "kexiao.score")  // 58 points
	fails("洛阳链测物联网科技有限公司", "kexiao-2017", "kexiao.score") // too few 科技人员 for its score
	fails("洛阳曜锂新能源材料有限公司", "kexiao-2017", "kexiao.score")
	fails("洛阳耐锐高温材料有限公司", "kexiao-2017", "kexiao.c2")          // sales over 2亿
	fails("洛阳膜科功能涂层材料有限公司", "zhuanjingtexin-2022", "zjtx.c2")  // R&D under 100万
	fails("洛阳铜弈高导合金有限公司", "chuangxin-2022", "chuangxin.score") // shrinking sales
	eligible("洛阳磁驱电机科技有限公司", "dengling-typical")
	eligible("洛阳驰衡运动控制技术有限公司", "dengling-typical")
	// A 小巨人 candidate (2022 set, as its 复核 still uses) on every condition the figures decide.
	passes("洛阳研轴精密传动科技有限公司", "xiaojuren-2022", "xjr.zhuan.focus", "xjr.zhuan.growth", "xjr.jing.debt", "xjr.xin.rd", "xjr.xin.ip")
}

// TestDemoEnterprisesSeeded fills a new database as `parkos demo` does and checks what the registry and
// its public directory then hold; a second run adds nothing.
func TestDemoEnterprisesSeeded(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database = dbtest.URL(t)
	a, err := openApp(ctx, &cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := seedDemo(ctx, a, &cfg); err != nil {
		t.Fatal(err)
	}
	staff, err := demoActor(ctx, a, "park")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		_, n, err := a.Enterprises.FindEnterprises(ctx, staff, enterprise.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 38 {
		t.Fatalf("%d enterprises, want 38", n)
	}
	// The enterprise account belongs to the vision company, whose late 2022 figures wait in the queue with
	// the comment of their earlier return; the years the 2026 applications read are approved.
	u, err := a.Accounts.FindUserByUsername(ctx, auth.System("test"), "tenant")
	if err != nil {
		t.Fatal(err)
	}
	vision, err := a.Enterprises.FindEnterpriseByID(ctx, staff, u.EnterpriseID)
	if err != nil || vision.Name != "中科慧远视觉技术（洛阳）有限公司" {
		t.Fatalf("the tenant account is bound to %+v %v", vision, err)
	}
	queue, err := a.Enterprises.FindSubmittedReports(ctx, staff)
	if err != nil || len(queue) != 1 || queue[0].EnterpriseID != vision.ID || queue[0].Year != 2022 || queue[0].ReviewComment == "" {
		t.Fatalf("review queue: %+v %v", queue, err)
	}
	for _, y := range []int{2023, 2024, 2025} {
		if r, err := a.Enterprises.FindReport(ctx, staff, vision.ID, y); err != nil || r.Status != enterprise.ReportApproved {
			t.Errorf("the vision company's %d figures: %+v %v", y, r, err)
		}
	}
	// The registry's own evaluation, from the stored records and the 申报信息, agrees with the design: nothing
	// fails for the vision company.
	if r, err := a.Enterprises.EvaluateEnterprise(ctx, staff, vision.ID, "dengling", 2026); err != nil || r.Verdict != criteria.Eligible {
		t.Errorf("the vision company as a 瞪羚: %+v %v", r, err)
	}
	for _, scheme := range []string{"kexiao", "chuangxin", "gaoqi"} {
		if r, err := a.Enterprises.EvaluateEnterprise(ctx, staff, vision.ID, scheme, 2026); err != nil || len(r.Failed) > 0 {
			t.Errorf("the vision company under %s: failed %v %v", scheme, r.Failed, err)
		}
	}
	// With the 申报信息 the park recorded, "who may apply in 2026" names real candidates: 科小 and 创新型 for
	// the young enterprises, and a 高企 candidate whose score the experts' points fix.
	names := func(list []*enterprise.Candidate) []string {
		var out []string
		for _, c := range list {
			out = append(out, c.Enterprise.Name)
		}
		return out
	}
	for scheme, want := range map[string][]string{
		"kexiao":    {"洛阳明瞳光电科技有限公司", "洛阳烯途碳材料科技有限公司"},
		"chuangxin": {"洛阳明瞳光电科技有限公司", "洛阳烯途碳材料科技有限公司", "洛阳履安特种机器人有限公司"},
		"gaoqi":     {"洛阳履安特种机器人有限公司"},
	} {
		c, err := a.Enterprises.FindCandidates(ctx, staff, scheme, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := names(c.Eligible)
		for _, n := range want {
			if !slices.Contains(got, n) {
				t.Errorf("%s in 2026: eligible %v, want %s among them", scheme, got, n)
			}
		}
		if scheme == "gaoqi" {
			for _, cd := range c.Eligible {
				if !cd.Result.Score.Fixed() || cd.Result.Score.Lo <= 70 {
					t.Errorf("高企 candidate %s scores %v", cd.Enterprise.Name, cd.Result.Score)
				}
			}
		}
	}
	// The vision company's 高企 renewal: decided, with a fixed score.
	if r, err := a.Enterprises.EvaluateEnterprise(ctx, staff, vision.ID, "gaoqi", 2026); err != nil || r.Verdict != criteria.Eligible || !r.Score.Fixed() {
		t.Errorf("the vision company's 高企 renewal: %+v %v", r, err)
	}
	glass, _, err := a.Enterprises.FindEnterprises(ctx, staff, enterprise.Filter{Query: "洛阳澄晶特种玻璃"})
	if err != nil || len(glass) != 1 {
		t.Fatalf("洛阳澄晶特种玻璃: %v", err)
	}
	if r, err := a.Enterprises.EvaluateEnterprise(ctx, staff, glass[0].ID, "gaoqi", 2026); err != nil || r.MissingOne != "gaoqi.c5" {
		t.Errorf("洛阳澄晶特种玻璃 under 高企: failed %v %v", r.Failed, err)
	}
	links, err := a.Enterprises.Links(ctx, staff, vision.ID)
	inPark := 0
	for _, l := range links {
		if l.PartnerID != 0 {
			inPark++
		}
	}
	if err != nil || inPark < 3 {
		t.Errorf("the vision company's supply links: %d in the park of %d, %v", inPark, len(links), err)
	}
	// Reminders: titles expiring within 30 and 90 days.
	soon, err := a.Enterprises.Expiring(ctx, staff, 30)
	if err != nil || len(soon) < 2 {
		t.Errorf("titles expiring within 30 days: %d %v", len(soon), err)
	}
	later, err := a.Enterprises.Expiring(ctx, staff, 90)
	if err != nil || len(later) < 5 {
		t.Errorf("titles expiring within 90 days: %d %v", len(later), err)
	}
	// The directory: published records only, moved-out ones never.
	dir, total, err := a.Enterprises.FindPublicEnterprises(ctx, enterprise.DirectoryFilter{Limit: 100})
	if err != nil || total != 34 {
		t.Fatalf("public directory: %d %v", total, err)
	}
	for _, e := range dir {
		if e.Status == enterprise.MovedOut || slices.Contains([]string{"洛阳凝微气凝胶科技有限公司", "洛阳诚睿财税咨询有限公司"}, e.Name) {
			t.Errorf("the directory shows %s (%s)", e.Name, e.Status)
		}
	}
	saves := func() int {
		var n int
		if err := a.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.save'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := saves()
	if err := seedDemoEnterprises(ctx, a); err != nil {
		t.Fatal(err)
	}
	if n := saves(); n != before || n != 6 { // four assessments, two of them saved again with the experts' points
		t.Errorf("assessments saved: %d, then %d after a second run", before, n)
	}
	if n := count(); n != 38 {
		t.Fatalf("after a second run: %d enterprises", n)
	}
}
