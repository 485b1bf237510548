package enterprise_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"parkos/internal/criteria"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
)

// The assessment (申报信息) end to end: an enterprise with approved figures, the facts park staff record by
// hand from the documents, and the verdicts that turn from needs-review to decided. Every expected score is
// computed by hand in the comments from the article it cites. The application year is 2025, so the date is
// 2025-06-01 (enterprise.ApplicationDate) and 上年度 is 2024, as in evaluate_test.go.

func utc(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (e *critEnv) assess(t *testing.T, entID int64, as enterprise.Assessment) *enterprise.Assessment {
	t.Helper()
	out, err := e.svc.SaveAssessment(context.Background(), e.staff, entID, as)
	if err != nil {
		t.Fatalf("assessment of %d: %v", entID, err)
	}
	return out
}

func (e *critEnv) eval(t *testing.T, entID int64, scheme string) *criteria.Result {
	t.Helper()
	r, err := e.svc.EvaluateEnterprise(context.Background(), e.staff, entID, scheme, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantScore(t *testing.T, r *criteria.Result, id string, lo, hi int) {
	t.Helper()
	if o := outcome(t, r, id); o.Score != (criteria.Points{Lo: lo, Hi: hi}) {
		t.Errorf("%s: %s = %v, want %d–%d (%s)", r.SetID, id, o.Score, lo, hi, o.Note)
	}
}

// 科技型中小企业, 《科技型中小企业评价办法》(国科发政〔2017〕115号), by the score of art. 7.
//
// The approved 2024 figures: 销售收入 3,000万元, 研发费用 150万元, 成本费用支出总额 2,600万元, 资产总额
// 2,500万元, year-end 职工 84 and 科技人员 26. On the figures alone 科小 needs review: art. 6(2) and the staff
// indicator need the quarterly-average headcount of the 115号 填报说明, art. 6(3) the restricted products,
// art. 6(4) the compliance record, and the IP indicator the IP related to the main products.
//
// The facts staff record:
//   - quarter-end headcounts of 2024 (start, Q1, Q2, Q3, Q4): 职工 76, 78, 80, 82, 84 and 科技人员 22, 23, 24,
//     25, 26. Quarter average = (start + end) / 2, year = sum / 4 = (h0 + 2·h1 + 2·h2 + 2·h3 + h4) / 8:
//     职工 (76 + 156 + 160 + 164 + 84) / 8 = 640 / 8 = 80; 科技人员 (22 + 46 + 48 + 50 + 26) / 8 = 192 / 8 = 24.
//   - not in a prohibited, restricted or eliminated category; credit records checked through the application
//     date with nothing found; IP related to the main products: no Ⅰ类, three Ⅱ类.
//
// Art. 6: (1) the credit code "91…" is a mainland enterprise; (2) 80 ≤ 500 staff, 3,000万 ≤ 2亿 sales, 2,500万
// ≤ 2亿 assets; (3) not restricted; (4) no incident from 2024-01-01 to 2025-06-01, checked through 2025-06-01.
// Art. 7: (1) 科技人员 24 / 80 = 30%, and "30%(含)以上" scores 20 — the average sits exactly on the edge; (2)
// R&D 150 / 3,000 = 5% scores 40 (5%(含)–6%), the second option 150 / 2,600 = 5.77% of total cost scores 0
// (< 10%), the higher counts: 40; (3) three Ⅱ类 items score 18. Total 20 + 40 + 18 = 78 ≥ 60 with the staff
// score not 0 (art. 6(5)): eligible with 78 points.
func TestAssessmentDecidesKexiao(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳启明视觉科技有限公司", "C3569", day(2019, 3, 1))
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(150), TotalCost: wan(2600), TotalAssets: wan(2500),
		StaffTotal: num(84), TechStaff: num(26)})

	before := e.eval(t, ent.ID, criteria.SchemeKexiao)
	wantStatus(t, before, map[string]criteria.Status{"kexiao.c1": criteria.Pass, "kexiao.c2": criteria.Review, "kexiao.c3": criteria.Review,
		"kexiao.c4": criteria.Review, "kexiao.staff": criteria.Review, "kexiao.ip": criteria.Review})
	if before.Verdict != criteria.NeedsReview || before.Score != (criteria.Points{Lo: 40, Hi: 90}) {
		t.Fatalf("before the assessment: %s %v", before.Verdict, before.Score)
	}

	e.assess(t, ent.ID, enterprise.Assessment{
		RestrictedProducts:       criteria.Bool(false),
		Staff:                    []enterprise.StaffYear{{Year: 2024, QuarterlyTotal: []int64{76, 78, 80, 82, 84}, QuarterlyTech: []int64{22, 23, 24, 25, 26}}},
		ComplianceCheckedThrough: utc(2025, 6, 1),
		IP:                       enterprise.AssessedIP{ClassIMain: num(0), ClassIIMain: num(3)},
		Note:                     "2025-06-01 查询信用中国、国家企业信用信息公示系统；季末人数据企业社保缴纳明细。",
	})
	r := e.eval(t, ent.ID, criteria.SchemeKexiao)
	wantStatus(t, r, map[string]criteria.Status{"kexiao.c1": criteria.Pass, "kexiao.c2": criteria.Pass, "kexiao.c3": criteria.Pass,
		"kexiao.c4": criteria.Pass, "kexiao.score": criteria.Pass, "kexiao.c5": criteria.Pass})
	wantScore(t, r, "kexiao.staff", 20, 20)
	wantScore(t, r, "kexiao.rd", 40, 40)
	wantScore(t, r, "kexiao.ip", 18, 18)
	if r.Verdict != criteria.Eligible || r.Score != (criteria.Points{Lo: 78, Hi: 78}) {
		t.Fatalf("after the assessment: %s %v, failed %v", r.Verdict, r.Score, r.Failed)
	}
	staff := outcome(t, r, "kexiao.staff")
	if f := figuresText(staff.Figures); !strings.Contains(f, "科技人员（季度平均） 24人") || !strings.Contains(f, "职工总数（季度平均） 80人") ||
		!strings.Contains(f, "科技人员占比 30.00%") {
		t.Errorf("kexiao.staff figures: %s", f)
	}
	if !strings.Contains(staff.Note, "5个季末人数") || strings.Contains(staff.Note, "年末人数（") {
		t.Errorf("kexiao.staff note: %q", staff.Note)
	}
	notes := strings.Join(r.Notes, "\n")
	if !strings.Contains(notes, "已计入园区录入的申报信息") || !strings.Contains(notes, "季末") {
		t.Errorf("notes:\n%s", notes)
	}

	// "Who may apply for 科小 in 2025" now names it.
	c, err := e.svc.FindCandidates(context.Background(), e.staff, criteria.SchemeKexiao, evalYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Eligible) != 1 || c.Eligible[0].Enterprise.ID != ent.ID || c.Eligible[0].Result.Score.Lo != 78 {
		t.Fatalf("eligible for 科小: %+v", c.Eligible)
	}
}

// 115号 art. 8, the direct routes, and the flags that say a list is complete.
//
// The approved 2024 figures: 销售收入 1,200万元, 研发费用 90万元 (7.5%: 50 points), 资产总额 800万元. Quarter-end
// headcounts: 职工 40 throughout, 科技人员 3, 3, 4, 4, 4: (3 + 6 + 8 + 8 + 4) / 8 = 29 / 8 = 3.625, and 3.625 /
// 40 = 9.06% < 10% scores 0 — art. 6(5) refuses a score whose staff indicator is 0, whatever the total. Only
// art. 8 can still qualify it:
//   - nothing checked about titles, awards, institutions or standards: the routes need review, so does art. 6(5);
//   - the lists confirmed, with a 2023 国家科学技术进步奖 (second place among the winning units): art. 8(2)
//     ("近五年内获得过国家级科技奖励，并在获奖单位中排在前三名", 2020–2024) holds, eligible;
//   - the same award with the enterprise fourth: no route holds, art. 6(5) fails and is the only failure.
func TestAssessmentKexiaoDirectRoutes(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳启航精密部件有限公司", "C3484", day(2016, 9, 1))
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(1200), RnDSpending: wan(90), TotalAssets: wan(800), StaffTotal: num(40), TechStaff: num(4)})
	base := enterprise.Assessment{
		RestrictedProducts:       criteria.Bool(false),
		Staff:                    []enterprise.StaffYear{{Year: 2024, QuarterlyTotal: []int64{40, 40, 40, 40, 40}, QuarterlyTech: []int64{3, 3, 4, 4, 4}}},
		ComplianceCheckedThrough: utc(2025, 6, 1),
		IP:                       enterprise.AssessedIP{ClassIMain: num(1), ClassIIMain: num(2)},
	}
	e.assess(t, ent.ID, base)
	r := e.eval(t, ent.ID, criteria.SchemeKexiao)
	wantScore(t, r, "kexiao.staff", 0, 0)
	wantStatus(t, r, map[string]criteria.Status{"kexiao.score": criteria.Fail, "kexiao.d1": criteria.Review, "kexiao.d2": criteria.Review,
		"kexiao.c5": criteria.Review, "kexiao.c2": criteria.Pass, "kexiao.c4": criteria.Pass})
	if r.Verdict != criteria.NeedsReview {
		t.Fatalf("lists unchecked: %s", r.Verdict)
	}

	award := enterprise.Award{Name: "国家科学技术进步奖二等奖", Level: criteria.LevelNational, Year: 2023, Rank: 2}
	checked := base
	checked.TitlesChecked, checked.AwardsKnown, checked.InstitutionsKnown, checked.StandardsKnown = true, true, true, true
	checked.Awards = []enterprise.Award{award}
	e.assess(t, ent.ID, checked)
	r = e.eval(t, ent.ID, criteria.SchemeKexiao)
	wantStatus(t, r, map[string]criteria.Status{"kexiao.d1": criteria.Fail, "kexiao.d2": criteria.Pass, "kexiao.d3": criteria.Fail,
		"kexiao.d4": criteria.Fail, "kexiao.c5": criteria.Pass})
	if r.Verdict != criteria.Eligible {
		t.Fatalf("with the award: %s, failed %v", r.Verdict, r.Failed)
	}

	award.Rank = 4
	checked.Awards = []enterprise.Award{award}
	e.assess(t, ent.ID, checked)
	r = e.eval(t, ent.ID, criteria.SchemeKexiao)
	if r.Verdict != criteria.NotEligible || r.MissingOne != "kexiao.c5" || !r.NearMiss() {
		t.Fatalf("fourth place: %s, missing %q, failed %v", r.Verdict, r.MissingOne, r.Failed)
	}
}

// 高新技术企业: 《高新技术企业认定管理办法》(国科发火〔2016〕32号) art. 11 and the 企业创新能力评价 of
// 《高新技术企业认定管理工作指引》(国科发火〔2016〕195号).
//
// Approved figures (万元), 2022 / 2023 / 2024: 销售收入 4,000 / 5,000 / 6,000; 研发费用 200 / 260 / 320, all in
// China; 资产 3,000 / 3,600 / 4,400 and 负债 1,000 / 1,100 / 1,200; 科技成果转化 4 / 5 / 6 items; 2024
// 高新技术产品收入 4,800 of 总收入 6,100.
//
// Conditions: (1) founded 2015-03-01, ≥ 365 days; (5) R&D 780 / 15,000 = 5.2%, and sales of 6,000万 in the
// latest year (5,000万–2亿) ask ≥ 4%; domestic 100% ≥ 60%; (6) 4,800 / 6,100 = 78.69% ≥ 60%. With the facts:
// (2) three Ⅰ类 items related to the main products, core support judged yes; (3) field judged yes; (4)
// 195号 monthly averages of 2024 from the 13 counts (start, end of Jan … Dec): 职工 100, 100, 102, 104, 106,
// 108, 110, 112, 114, 116, 118, 120, 120 → (100 + 2·1,210 + 120) / 24 = 2,640 / 24 = 110; 科技人员 28, 28, 29,
// 29, 30, 30, 30, 31, 31, 32, 32, 33, 33 → (28 + 2·335 + 33) / 24 = 731 / 24 ≈ 30.46; share 731 / 2,640 =
// 27.69% ≥ 10%; (8) records checked through 2025-05-20, nothing in 2024.
//
// 195号 scores, the band fixed by the figures and the points within it by the experts:
//
//	知识产权 (≤ 30): 技术先进程度 6 (0–8); 核心支持作用 7 (0–8); 数量 ≥ 1 Ⅰ类 → A 7–8: 7; 获得方式 有自主研发
//	  → A 1–6: 5; 参与编制行业标准 (加分) 1–2: 1. Sum 26.
//	科技成果转化 (≤ 30): (4 + 5 + 6) / 3 = 5 a year → A 25–30: 26.
//	研发组织管理 (≤ 20): 5 (0–6) + 4 (0–6) + 3 (0–4) + 3 (0–4) = 15.
//	成长性 (≤ 20): 净资产 2,000 → 2,500 → 3,200: ½(1.25 + 1.28) − 1 = 26.5% → B 7–8: 7; 销售收入
//	  ½(5,000/4,000 + 6,000/5,000) − 1 = 22.5% → C 5–6: 5. Sum 12.
//
// Total 26 + 26 + 15 + 12 = 79 > 70 (art. 11(7), "70分以上（不含70分）"): eligible with 79. With the management
// points 2 + 1 + 2 + 1 = 6 instead, the total is 70, which is not above 70: art. 11(7) fails, decided.
func TestAssessmentDecidesGaoqi(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳明睿智能检测装备有限公司", "C3569", day(2015, 3, 1))
	for i, y := range []int{2022, 2023, 2024} {
		f := enterprise.Figures{Revenue: wan([]int64{4000, 5000, 6000}[i]), RnDSpending: wan([]int64{200, 260, 320}[i]),
			RnDDomestic: wan([]int64{200, 260, 320}[i]), TotalAssets: wan([]int64{3000, 3600, 4400}[i]),
			TotalLiabilities: wan([]int64{1000, 1100, 1200}[i]), Conversions: num([]int64{4, 5, 6}[i])}
		if y == 2024 {
			f.HitechRevenue, f.TotalIncome = wan(4800), wan(6100)
			f.StaffTotal, f.TechStaff = num(120), num(33)
			f.IPClass1, f.IPClass2 = num(5), num(12)
		}
		e.approve(t, ent.ID, y, f)
	}
	as := enterprise.Assessment{
		Staff: []enterprise.StaffYear{{Year: 2024,
			MonthlyTotal: []int64{100, 100, 102, 104, 106, 108, 110, 112, 114, 116, 118, 120, 120},
			MonthlyTech:  []int64{28, 28, 29, 29, 30, 30, 30, 31, 31, 32, 32, 33, 33}}},
		ComplianceCheckedThrough: utc(2025, 5, 20),
		IP:                       enterprise.AssessedIP{ClassIMain: num(3), ClassIIMain: num(8), ClassIIMainUsed: num(2), OwnRD: criteria.Bool(true)},
		Standards:                []enterprise.Standard{{Name: "JB/T 00000 工业视觉外观缺陷检测设备 通用技术条件", Level: criteria.LevelIndustry, Year: 2023, Rank: 3}},
		StandardsKnown:           true,
		Judgements:               enterprise.AssessedJudgements{CoreIPSupport: criteria.Bool(true), KeyTechField: criteria.Bool(true)},
	}
	e.assess(t, ent.ID, as)
	r := e.eval(t, ent.ID, criteria.SchemeGaoqi)
	wantStatus(t, r, map[string]criteria.Status{"gaoqi.c1": criteria.Pass, "gaoqi.c2": criteria.Pass, "gaoqi.c3": criteria.Pass,
		"gaoqi.c4": criteria.Pass, "gaoqi.c5": criteria.Pass, "gaoqi.c5.domestic": criteria.Pass, "gaoqi.c6": criteria.Pass,
		"gaoqi.c7": criteria.Review, "gaoqi.c8": criteria.Pass})
	// Without the experts' points: 知识产权 0+0+7+1+1 = 9 … 8+8+8+6+2 = 32 capped at 30; 转化 25–30; 管理 0–20;
	// 成长性 12–14: 46–94, so art. 11(7) waits for them.
	if r.Verdict != criteria.NeedsReview || r.Score != (criteria.Points{Lo: 46, Hi: 94}) {
		t.Fatalf("without points: %s %v", r.Verdict, r.Score)
	}
	if f := figuresText(outcome(t, r, "gaoqi.c4").Figures); !strings.Contains(f, "职工总数（月平均） 110人") || !strings.Contains(f, "27.69%") {
		t.Errorf("gaoqi.c4 figures: %s", f)
	}

	points := map[string]int{"gaoqi.ip.advancement": 6, "gaoqi.ip.core": 7, "gaoqi.ip.count": 7, "gaoqi.ip.acquisition": 5,
		"gaoqi.ip.standards": 1, "gaoqi.conversion": 26, "gaoqi.mgmt.system": 5, "gaoqi.mgmt.institution": 4,
		"gaoqi.mgmt.conversion": 3, "gaoqi.mgmt.talent": 3, "gaoqi.growth.assets": 7, "gaoqi.growth.sales": 5}
	as.Judgements.Points = points
	e.assess(t, ent.ID, as)
	r = e.eval(t, ent.ID, criteria.SchemeGaoqi)
	for _, g := range r.Groups {
		want := map[string]int{"ip": 26, "conversion": 26, "management": 15, "growth": 12}[g.ID]
		if g.Score != (criteria.Points{Lo: want, Hi: want}) {
			t.Errorf("group %s = %v, want %d", g.ID, g.Score, want)
		}
	}
	if r.Verdict != criteria.Eligible || r.Score != (criteria.Points{Lo: 79, Hi: 79}) {
		t.Fatalf("with the points: %s %v, failed %v", r.Verdict, r.Score, r.Failed)
	}

	// 70 is not above 70.
	for id, v := range map[string]int{"gaoqi.mgmt.system": 2, "gaoqi.mgmt.institution": 1, "gaoqi.mgmt.conversion": 2, "gaoqi.mgmt.talent": 1} {
		points[id] = v
	}
	e.assess(t, ent.ID, as)
	r = e.eval(t, ent.ID, criteria.SchemeGaoqi)
	if r.Verdict != criteria.NotEligible || r.MissingOne != "gaoqi.c7" || r.Score != (criteria.Points{Lo: 70, Hi: 70}) {
		t.Fatalf("70 points: %s %v, missing %q", r.Verdict, r.Score, r.MissingOne)
	}

	// Points outside the band the figures fix are not taken: the count item stays 7–8, and says why.
	points["gaoqi.ip.count"] = 5
	e.assess(t, ent.ID, as)
	r = e.eval(t, ent.ID, criteria.SchemeGaoqi)
	if o := outcome(t, r, "gaoqi.ip.count"); o.Score != (criteria.Points{Lo: 7, Hi: 8}) || !strings.Contains(o.Note, "超出数据允许的范围 7–8") {
		t.Errorf("gaoqi.ip.count with 5 points: %v %q", o.Score, o.Note)
	}
}

// 创新型中小企业, 工信部企业〔2022〕63号 附件1.
//
// Approved figures: 2023 营业收入 2,600万元, 主营业务收入 2,500万元; 2024 营业收入 3,000万元, 主营业务收入
// 2,850万元, 研发费用 150万元, 资产 2,500万元, 负债 1,000万元, 84 staff. C3569 is industry: 84 staff and
// 3,000万元 make it small (工信部联企业〔2011〕300号), so the first condition holds on the figures. The record
// names no 战略性新兴产业 and nobody checked the credit records, so the verdict waits.
//
// The facts: credit records checked through the application date, nothing found; IP related to the leading
// product: two Ⅰ类 items, both from its own R&D, none of high value, five Ⅱ类; the leading product is listed
// in 《战略性新兴产业分类》.
//
// Scores: 创新能力 — 知识产权 "≥1项自主研发Ⅰ类" 15; 研发费用 150 / 3,000 = 5% → "≥5%" 20: 35 (≥ 20). 成长性 —
// 主营业务收入增长率 2,850 / 2,500 − 1 = 14% → "10%–15%" 15; 资产负债率 1,000 / 2,500 = 40% → "≤55%" 10: 25
// (≥ 15). 专业化 — 战略性新兴产业 10; 主营业务收入占比 2,850 / 3,000 = 95% → "≥70%" 20: 30 (≥ 15). Total 90 ≥ 60:
// eligible with 90.
func TestAssessmentDecidesChuangxin(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳晟光精密光学有限公司", "C3569", day(2018, 6, 1))
	e.approve(t, ent.ID, 2023, enterprise.Figures{Revenue: wan(2600), MainRevenue: wan(2500)})
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), MainRevenue: wan(2850), RnDSpending: wan(150), TotalAssets: wan(2500),
		TotalLiabilities: wan(1000), StaffTotal: num(84)})

	before := e.eval(t, ent.ID, criteria.SchemeChuangxin)
	wantStatus(t, before, map[string]criteria.Status{"chuangxin.c1": criteria.Pass, "chuangxin.c2": criteria.Review})
	wantScore(t, before, "chuangxin.ip", 0, 20)
	wantScore(t, before, "chuangxin.field", 5, 10)
	if before.Verdict != criteria.NeedsReview {
		t.Fatalf("before: %s", before.Verdict)
	}

	e.assess(t, ent.ID, enterprise.Assessment{
		ComplianceCheckedThrough: utc(2025, 6, 1),
		IP: enterprise.AssessedIP{ClassILeading: num(2), ClassILeadingOwnRD: num(2), ClassILeadingHighValue: num(0),
			ClassIILeading: num(5)},
		Market: enterprise.AssessedMarket{StrategicEmerging: criteria.Bool(true)},
	})
	r := e.eval(t, ent.ID, criteria.SchemeChuangxin)
	for id, p := range map[string]int{"chuangxin.ip": 15, "chuangxin.rd": 20, "chuangxin.growth": 15, "chuangxin.debt": 10,
		"chuangxin.field": 10, "chuangxin.focus": 20} {
		wantScore(t, r, id, p, p)
	}
	wantStatus(t, r, map[string]criteria.Status{"chuangxin.c2": criteria.Pass, "chuangxin.score": criteria.Pass, "chuangxin.c3": criteria.Pass})
	if r.Verdict != criteria.Eligible || r.Score != (criteria.Points{Lo: 90, Hi: 90}) {
		t.Fatalf("after: %s %v, failed %v", r.Verdict, r.Score, r.Failed)
	}
	if o := outcome(t, r, "chuangxin.field"); !strings.Contains(o.Note, "申报信息") {
		t.Errorf("chuangxin.field note: %q", o.Note)
	}
	// A listing in force on the application date is a fail of the compliance condition.
	e.assess(t, ent.ID, enterprise.Assessment{
		ComplianceCheckedThrough: utc(2025, 6, 1),
		Incidents:                []enterprise.Incident{{Kind: criteria.IncidentAbnormal, Date: utc(2025, 3, 10), Note: "未按时公示年度报告"}},
	})
	r = e.eval(t, ent.ID, criteria.SchemeChuangxin)
	if o := outcome(t, r, "chuangxin.c2"); o.Status != criteria.Fail || !strings.Contains(figuresText(o.Figures), "列入经营异常名录") {
		t.Errorf("listed: %s %s", o.Status, figuresText(o.Figures))
	}
}

// Saving and reading: the enterprise reads its own assessment, only park staff write it, every change is in
// the audit log with the facts that changed, and bad input is refused with a message at each field.
func TestAssessmentSaveAndScope(t *testing.T) {
	e := newCritEnv(t)
	bg := context.Background()
	own := e.add(t, "洛阳本企业科技有限公司", "M7320", day(2020, 1, 1))
	other := e.add(t, "洛阳别家科技有限公司", "M7320", day(2020, 1, 1))
	e.tenant.EnterpriseID = own.ID

	empty, err := e.svc.FindAssessment(bg, e.tenant, own.ID)
	if err != nil || empty.Recorded() || empty.EnterpriseID != own.ID {
		t.Fatalf("nothing recorded yet: %+v %v", empty, err)
	}
	in := enterprise.Assessment{
		MainlandResident: criteria.Bool(true), RestrictedProducts: criteria.Bool(false), TitlesChecked: true,
		Staff: []enterprise.StaffYear{{Year: 2024, QuarterlyTotal: []int64{10, 11, 12, 12, 13}, QuarterlyTech: []int64{4, 4, 5, 5, 5}},
			{Year: 2023, MonthlyTotal: []int64{9, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10}}},
		ComplianceCheckedThrough: utc(2025, 6, 1),
		Incidents:                []enterprise.Incident{{Kind: criteria.IncidentDishonest, Date: utc(2021, 4, 1), Until: utc(2022, 4, 1), Note: "已信用修复"}},
		IP:                       enterprise.AssessedIP{ClassIMain: num(1), ClassILeading: num(1), ClassILeadingOwnRD: num(1)},
		Awards:                   []enterprise.Award{{Name: "河南省科学技术进步奖", Level: criteria.LevelProvincial, Year: 2022, Rank: 1}},
		AwardsKnown:              true,
		Institutions:             []enterprise.RDInstitution{{Name: "洛阳市视觉检测工程技术研究中心", Kind: "工程技术研究中心", Level: criteria.LevelCity, ValidFrom: utc(2021, 12, 1)}},
		MakerChina:               []enterprise.MakerChinaPlacing{{Year: 2023, Top: 500}},
		MakerChinaKnown:          true,
		NicheSince:               utc(2020, 3, 1),
		Market:                   enterprise.AssessedMarket{DigitalLevel: num(3), OwnBrand: criteria.Bool(true), NationalShareBP: num(1250)},
		Judgements: enterprise.AssessedJudgements{ChainPosition: criteria.ChainBase, KeyChainRole: criteria.Bool(false),
			Points: map[string]int{"zjtx.s09": 12}},
		Note: "依据企业提交的材料核实",
	}
	saved, err := e.svc.SaveAssessment(bg, e.staff, own.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if !saved.Recorded() || saved.UpdatedBy != e.staff.UserID || saved.UpdatedByName != "park" {
		t.Fatalf("saved: %+v", saved)
	}
	// The enterprise reads exactly what was saved; the years come back in order.
	got, err := e.svc.FindAssessment(bg, e.tenant, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.Staff[0], in.Staff[1] = in.Staff[1], in.Staff[0]
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(in)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("read back:\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if g, q := got.StaffFor(2024).Averages(); g.Total != nil || q.Total == nil || *q.Total != (criteria.Frac{Num: 93, Den: 8}) {
		// (10 + 22 + 24 + 24 + 13) / 8 = 93 / 8
		t.Errorf("2024 averages: %+v %+v", g, q)
	}

	// Scope.
	if _, err := e.svc.FindAssessment(bg, e.tenant, other.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another enterprise's assessment: %v", err)
	}
	if _, err := e.svc.SaveAssessment(bg, e.tenant, own.ID, in); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("the enterprise wrote its own assessment: %v", err)
	}
	if _, err := e.svc.FindAssessment(bg, e.staff, 9999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("no such enterprise: %v", err)
	}
	if _, err := e.svc.SaveAssessment(bg, e.staff, 9999, enterprise.Assessment{}); !errs.Is(err, errs.NotFound) {
		t.Fatalf("saving for no such enterprise: %v", err)
	}

	// The audit: the first save lists the facts, the next one only what changed.
	changed := in
	changed.RestrictedProducts = criteria.Bool(true)
	if _, err := e.svc.SaveAssessment(bg, e.staff, own.ID, changed); err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.R.QueryContext(bg, `SELECT detail, result FROM audit_log WHERE action = 'assessment.save' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var details, results []string
	for rows.Next() {
		var d, r string
		if err := rows.Scan(&d, &r); err != nil {
			t.Fatal(err)
		}
		details, results = append(details, d), append(results, r)
	}
	rows.Close()
	if len(details) != 3 || results[1] != "denied" {
		t.Fatalf("audit records: %v %v", results, details)
	}
	if !strings.Contains(details[0], `"staff_2024_quarterly_total":"10,11,12,12,13"`) || !strings.Contains(details[0], "河南省科学技术进步奖") {
		t.Errorf("first save: %s", details[0])
	}
	if want := `{"before":{"restricted_products":"否"},"after":{"restricted_products":"是"}}`; details[2] != want {
		t.Errorf("second save: %s, want %s", details[2], want)
	}

	// Bad input: every problem at its field, in Chinese.
	bad := enterprise.Assessment{
		Staff: []enterprise.StaffYear{{Year: 2024, QuarterlyTotal: []int64{10, 10, 10, 10, 10}, QuarterlyTech: []int64{3, 12, 3, 3, 3}},
			{Year: 2023, MonthlyTotal: []int64{1, 2, 3}}},
		ComplianceCheckedThrough: utc(2099, 1, 1),
		Incidents:                []enterprise.Incident{{Kind: criteria.IncidentSafety, Until: utc(2024, 1, 1)}, {Kind: "fire"}},
		IP:                       enterprise.AssessedIP{ClassIIMain: num(2), ClassIIMainUsed: num(3), ClassILeadingHighValue: num(1)},
		Awards:                   []enterprise.Award{{Name: "", Level: "galactic", Year: 1900, Rank: -1}},
		Standards:                []enterprise.Standard{{Name: "某标准", Level: criteria.LevelGroup, Year: 2024}},
		MakerChina:               []enterprise.MakerChinaPlacing{{Year: 2015, Top: 0}},
		Market:                   enterprise.AssessedMarket{DigitalLevel: num(5), NationalShareBP: num(12000)},
		Judgements:               enterprise.AssessedJudgements{ChainPosition: "D", Points: map[string]int{"gaoqi.ip.advancement": 9, "nobel.prize": 1}},
	}
	_, err = e.svc.SaveAssessment(bg, e.staff, own.ID, bad)
	ee := errs.As(err)
	if ee == nil || ee.Code != errs.Invalid {
		t.Fatalf("bad input: %v", err)
	}
	for field, want := range map[string]string{
		"staff_2024_q_tech_1":      "2024 年季末：科技人员不能多于同期职工总数（10 人）",
		"staff_2023_m_total_3":     "2023 年职工总数：须填全 13 个月末人数",
		"compliance_through":       "合规记录核实日期不能晚于今天",
		"inc_date_0":               "第 1 条合规事件：请填写发生（列入）日期",
		"inc_until_0":              "只有列入名录的记录才有移出日期",
		"inc_kind_1":               "第 2 条合规事件：请选择事件类别",
		"ip_ii_used":               "不能多于与主要产品相关的Ⅱ类知识产权",
		"ip_i_lead":                "请同时填写与主导产品相关的Ⅰ类知识产权总数",
		"award_name_0":             "第 1 项科技奖励：请填写名称",
		"award_level_0":            "请选择奖励级别",
		"award_year_0":             "获奖年度应在 1978 至",
		"award_rank_0":             "获奖单位排名应为 1 至 100",
		"maker_year_0":             "应在 2016 至",
		"maker_top_0":              "全国 500 强填 500",
		"digital_level":            "一级至四级",
		"national_share":           "0 至 100",
		"j_chain":                  "A、B 或 C",
		"pts_gaoqi_ip_advancement": "“技术的先进程度”的专家评分应为 0 至 8 之间的整数",
		"pts_nobel_prize":          "没有可录入专家评分的评分项",
	} {
		if got := ee.Fields[field]; !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to contain %q", field, got, want)
		}
	}
	if _, ok := ee.Fields["std_name_0"]; ok {
		t.Errorf("a valid standard was refused: %v", ee.Fields)
	}
	// Nothing was written.
	after, err := e.svc.FindAssessment(bg, e.staff, own.ID)
	if err != nil || after.Market.DigitalLevel == nil || *after.Market.DigitalLevel != 3 {
		t.Fatalf("after the refused save: %+v %v", after, err)
	}
}

// Every score item offered for experts' points exists in its rule set and takes points (its band may leave
// them open), and the list keeps its order.
func TestJudgedItemsExist(t *testing.T) {
	items := enterprise.JudgedItems()
	if len(items) != 13 {
		t.Fatalf("%d judged items, want 13: %+v", len(items), items)
	}
	for _, it := range items {
		if it.Max <= 0 || it.Label == "" || it.Cite == "" || !strings.HasPrefix(it.FormName(), "pts_") || strings.Contains(it.FormName(), ".") {
			t.Errorf("judged item %+v", it)
		}
	}
	if items[0].ID != "gaoqi.ip.advancement" || items[0].Max != 8 || items[12].ID != "zjtx.s09" || items[12].Max != 15 {
		t.Errorf("first and last: %+v %+v", items[0], items[12])
	}
}

// The evaluation leads every open criterion the assessment can decide to its section, and the rest nowhere.
func TestAssessmentLinks(t *testing.T) {
	e := newCritEnv(t)
	ent := e.add(t, "洛阳链接测试有限公司", "C3569", day(2019, 3, 1))
	e.approve(t, ent.ID, 2024, enterprise.Figures{Revenue: wan(3000), RnDSpending: wan(150), TotalAssets: wan(2500), StaffTotal: num(84), TechStaff: num(26)})
	r := e.eval(t, ent.ID, criteria.SchemeKexiao)
	base := "/admin/enterprises/" + itoa(ent.ID) + "/assessment?fy=2024&section="
	for id, want := range map[string]string{
		"kexiao.c1": "", // decided by the credit code
		"kexiao.c2": base + "staff#staff", "kexiao.c3": base + "basic#basic", "kexiao.c4": base + "compliance#compliance",
		"kexiao.ip": base + "ip#ip", "kexiao.d2": base + "records#records",
		"kexiao.score": base + "staff#staff", // its first open score item is the staff indicator
		"kexiao.c5":    base + "staff#staff", // through the score route
		"kexiao.rd":    "",                   // decided by the figures
	} {
		if got := enterprise.AssessmentLink(ent.ID, evalYear, r, outcome(t, r, id)); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	g := e.eval(t, ent.ID, criteria.SchemeGaoqi)
	if got := enterprise.AssessmentLink(ent.ID, evalYear, g, outcome(t, g, "gaoqi.c4")); got != base+"monthly#monthly" {
		t.Errorf("gaoqi.c4: %q", got)
	}
	// gaoqi.c5 needs figures of 2022 and 2023, which the assessment does not hold.
	if got := enterprise.AssessmentLink(ent.ID, evalYear, g, outcome(t, g, "gaoqi.c5")); got != "" {
		t.Errorf("gaoqi.c5: %q", got)
	}
}
