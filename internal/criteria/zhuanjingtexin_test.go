package criteria

import (
	"testing"
	"time"
)

// 专精特新中小企业 (63号 附件2) profiles for an application on 2025-05-01 (before 2026-04-01, so the 2022 set
// applies): "上年度" = 2024, "近2年" = 2023–2024, "近三年" = 2022–2024 (criteria.md §7.3).

var zjtxDate = date(2025, time.May, 1)

// zjtxBase meets conditions 1–3 and scores 81 fixed points plus 0–15 for 特色化:
//
//	专业化 25: 主营 4,840万 / 营业收入 5,000万 = 96.8% → 5; 主营 4,000万 → 4,400万 → 4,840万 (+10% twice,
//	           both readings) → 10; niche since 2015 = 10 years → 5; chain position A → 5.
//	精细化 25: digital level 3 → 5; QMS certificate + own brand = 2 items → 5; net profit 500万 / 5,000万 =
//	           10% → 10; 资产负债率 50% → 5.
//	创新能力 31: own-R&D Ⅰ类 → 8; R&D 600万 (≥ 500万) and 12% → 10; R&D staff 20% → 5; provincial
//	           institution → 8.
func zjtxBase() *Profile {
	p := &Profile{
		Name:       "洛阳某精密轴承有限公司",
		Founded:    date(2012, time.May, 1),
		Scale:      ScaleMedium,
		NicheSince: date(2015, time.January, 1),
		IP: IPCounts{ClassILeading: Count(2), ClassILeadingOwnRD: Count(2), ClassILeadingHighValue: Count(0),
			ClassIILeading: Count(3)},
		Market:              Market{DigitalLevel: Count(3), QualityAward: Bool(false), QualityCertified: Bool(true), OwnBrand: Bool(true)},
		Judgements:          Judgements{ChainPosition: ChainKeyLink},
		RDInstitutions:      []RDInstitution{{Name: "河南省精密轴承工程技术研究中心", Kind: "工程技术研究中心", Level: LevelProvincial}},
		RDInstitutionsKnown: true,
		StandardsKnown:      true,
		AwardsKnown:         true,
		MakerChinaKnown:     true,
	}
	setFigures(p, 2022, &YearFigures{MainRevenue: Wan(4000)})
	setFigures(p, 2023, &YearFigures{MainRevenue: Wan(4400), RDExpense: Wan(500), EquityRaised: Wan(0)})
	setFigures(p, 2024, &YearFigures{Revenue: Wan(5000), MainRevenue: Wan(4840), RDExpense: Wan(600), NetProfit: Wan(500),
		TotalAssets: Wan(10000), TotalLiabilities: Wan(5000), EquityRaised: Wan(0),
		Staff: StaffCounts{Total: People(100), RD: People(20)}})
	return p
}

// lowFixed cuts the fixed points from 81 to 53: no R&D institution (−8), chain position C (−5), digital level
// 1 (−5), net profit 0 (−10).
func lowFixed(p *Profile) {
	p.RDInstitutions = nil
	p.Judgements.ChainPosition = ChainOther
	p.Market.DigitalLevel = Count(1)
	p.Years[2024].NetProfit = Wan(0)
}

// failingScore cuts the fixed points to 43 (53, then no Ⅰ类 IP: 8 → 2, and R&D staff 5% exactly: 5 → 1): even
// 15 points of 特色化 reach only 58.
func failingScore(p *Profile) {
	lowFixed(p)
	p.IP = IPCounts{ClassILeading: Count(0), ClassIILeading: Count(1)}
	p.Years[2024].Staff.RD = People(5)
}

func TestZhuanjingtexin(t *testing.T) {
	set := NewZhuanjingtexin2022(RegionNational, nil)
	rows := []row{
		{
			// Fixed 81 ≥ 60: recognised whatever the province's 特色化 gives (criteria.md §4 table).
			name: "clear pass: 81 fixed points",
			want: expect{verdict: Eligible, score: ps(81, 96), status: map[string]Status{"zjtx.c1": Pass, "zjtx.c2": Pass,
				"zjtx.c3": Pass, "zjtx.score": Pass, "zjtx.s09": Review},
				points: map[string]Points{"zjtx.s01": {5, 5}, "zjtx.s02": {10, 10}, "zjtx.s03": {5, 5}, "zjtx.s04": {5, 5},
					"zjtx.s05": {5, 5}, "zjtx.s06": {5, 5}, "zjtx.s07": {10, 10}, "zjtx.s08": {5, 5}, "zjtx.s09": {0, 15},
					"zjtx.s10": {8, 8}, "zjtx.s11": {10, 10}, "zjtx.s12": {5, 5}, "zjtx.s13": {8, 8}}},
		},
		{
			// Fixed points exactly 60 pass without 特色化 ("60分以上" includes 60, criteria.md §7.2). Edges: net
			// profit exactly 6% → 6 ("6%–8%"); 资产负债率 exactly 60% → 3 (the "≤ 60%" side of the shared edge);
			// R&D staff exactly 10% → 3; no institution → 0; chain position C → 0. 81 − 4 − 2 − 2 − 8 − 5 = 60.
			name: "fixed points exactly 60 pass",
			edit: func(p *Profile) {
				f := p.Years[2024]
				f.NetProfit, f.TotalLiabilities, f.Staff.RD = Wan(300), Wan(6000), People(10)
				p.RDInstitutions = nil
				p.Judgements.ChainPosition = ChainOther
			},
			want: expect{verdict: Eligible, score: ps(60, 75),
				points: map[string]Points{"zjtx.s07": {6, 6}, "zjtx.s08": {3, 3}, "zjtx.s12": {3, 3}, "zjtx.s13": {0, 0}, "zjtx.s04": {0, 0}}},
		},
		{
			// Fixed 53: 53–68 straddles 60, so 特色化 decides → needs review (criteria.md §4).
			name: "特色化 decides: review",
			edit: lowFixed,
			want: expect{verdict: NeedsReview, score: ps(53, 68), status: map[string]Status{"zjtx.score": Review, "zjtx.c4": Review}},
		},
		{
			// The province's 特色化 points entered (7): 60 → recognised.
			name: "provincial 特色化 points entered: 7 gives 60",
			edit: func(p *Profile) {
				lowFixed(p)
				p.Judgements.Points = map[string]int{"zjtx.s09": 7}
			},
			want: expect{verdict: Eligible, score: ps(60, 60), points: map[string]Points{"zjtx.s09": {7, 7}}},
		},
		{
			name: "provincial 特色化 points entered: 6 gives 59",
			edit: func(p *Profile) {
				lowFixed(p)
				p.Judgements.Points = map[string]int{"zjtx.s09": 6}
			},
			want: expect{verdict: NotEligible, score: ps(59, 59), missing: "zjtx.c4"},
		},
		{
			// Fixed 43 + 15 = 58 < 60 fails on the figures, with no direct route.
			name: "fixed 43 fails even with full 特色化",
			edit: failingScore,
			want: expect{verdict: NotEligible, score: ps(43, 58), status: map[string]Status{"zjtx.score": Fail, "zjtx.c4": Fail},
				points: map[string]Points{"zjtx.s10": {2, 2}, "zjtx.s12": {1, 1}}, missing: "zjtx.c4"},
		},
		{
			// Condition 1: "2年以上". Since 2023-06-01 is one full year at the end of 2024.
			name: "one year in the niche fails condition 1",
			edit: func(p *Profile) { p.NicheSince = date(2023, time.June, 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.c1": Fail}, points: map[string]Points{"zjtx.s03": {0, 0}},
				missing: "zjtx.c1"},
		},
		{
			// Since 2023-01-01: exactly 2 full years at 2024-12-31 → passes, and item 3 gives 1 point.
			name: "exactly two years in the niche passes",
			edit: func(p *Profile) { p.NicheSince = date(2023, time.January, 1) },
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.c1": Pass}, points: map[string]Points{"zjtx.s03": {1, 1}}},
		},
		{
			name: "niche start unknown: review",
			edit: func(p *Profile) { p.NicheSince = time.Time{} },
			want: expect{verdict: NeedsReview, status: map[string]Status{"zjtx.c1": Review}, points: map[string]Points{"zjtx.s03": {0, 5}}},
		},
		{
			// Condition 2: R&D 150万 = exactly 3% of 5,000万 and ≥ 100万 → passes. Item 11 falls to 2 (100–200万
			// and 3%–4%).
			name: "R&D exactly 3% passes condition 2",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Wan(150) },
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.c2": Pass}, points: map[string]Points{"zjtx.s11": {2, 2}}},
		},
		{
			name: "R&D just under 3% fails condition 2",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Fen(150*fenPerWan - 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.c2": Fail}, missing: "zjtx.c2"},
		},
		{
			// R&D exactly 100万 on revenue 2,000万 (5%) passes; 99.99万 fails the amount.
			name: "R&D exactly 100万 passes condition 2",
			edit: func(p *Profile) { p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(2000), Wan(100) },
			want: expect{status: map[string]Status{"zjtx.c2": Pass}},
		},
		{
			name: "R&D 99.99万 fails condition 2",
			edit: func(p *Profile) {
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(2000), Fen(100*fenPerWan-100*100)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.c2": Fail}, missing: "zjtx.c2"},
		},
		{
			// Condition 3: revenue under 1,000万, but new equity in 2023–2024 of exactly 2,000万 is accepted.
			name: "revenue under 1,000万 with 2,000万 equity passes condition 3",
			edit: func(p *Profile) {
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Fen(1000*fenPerWan-1), Wan(100)
				p.Years[2023].EquityRaised, p.Years[2024].EquityRaised = Wan(1200), Wan(800)
			},
			want: expect{status: map[string]Status{"zjtx.c3": Pass}},
		},
		{
			name: "revenue under 1,000万 without equity fails condition 3",
			edit: func(p *Profile) {
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Fen(1000*fenPerWan-1), Wan(100)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.c3": Fail}, missing: "zjtx.c3"},
		},
		{
			// Revenue exactly 1,000万 passes ("1000万元以上").
			name: "revenue exactly 1,000万 passes condition 3",
			edit: func(p *Profile) { p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(1000), Wan(100) },
			want: expect{status: map[string]Status{"zjtx.c3": Pass}},
		},
		{
			// criteria.md §4's example: +30% then −10% gives a mean of 10% (band 10) but a CAGR of about 8.17%
			// (band 8); the formula is UNCONFIRMED, so the item is 8–10 and needs review.
			name: "mean and CAGR in different growth bands: review",
			edit: func(p *Profile) {
				p.Years[2022].MainRevenue, p.Years[2023].MainRevenue, p.Years[2024].MainRevenue = Wan(4000), Wan(5200), Wan(4680)
			},
			want: expect{verdict: Eligible, points: map[string]Points{"zjtx.s02": {8, 10}}, status: map[string]Status{"zjtx.s02": Review}},
		},
		{
			// Growth exactly 0 both ways → "0–4%" → 2.
			name: "flat revenue scores 2",
			edit: func(p *Profile) {
				p.Years[2022].MainRevenue, p.Years[2023].MainRevenue, p.Years[2024].MainRevenue = Wan(4840), Wan(4840), Wan(4840)
			},
			want: expect{points: map[string]Points{"zjtx.s02": {2, 2}}},
		},
		{
			// Item 11, the better of amount and ratio: 150万 (2 points) at 10% of 1,500万 (10 points) → 10.
			name: "R&D ratio band beats the amount band",
			edit: func(p *Profile) { p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(1500), Wan(150) },
			want: expect{points: map[string]Points{"zjtx.s11": {10, 10}}},
		},
		{
			// Item 6: 3 points per item, at most 5: one item → 3.
			name: "one quality item scores 3",
			edit: func(p *Profile) { p.Market.OwnBrand = Bool(false) },
			want: expect{points: map[string]Points{"zjtx.s06": {3, 3}}},
		},
		{
			// Item 5 unknown → 0–5; item 13 with the institution list unchecked → 8–10.
			name: "unknown digital level and unchecked institutions",
			edit: func(p *Profile) {
				p.Market.DigitalLevel = nil
				p.RDInstitutionsKnown = false
			},
			want: expect{verdict: Eligible, points: map[string]Points{"zjtx.s05": {0, 5}, "zjtx.s13": {8, 10}}},
		},

		// Direct routes (附件2 认定条件(四)) rescue a failing score; conditions 1–3 still apply.
		{
			// Route 1: provincial award, third unit, in 2023.
			name: "provincial award ranked third is a direct route",
			edit: func(p *Profile) {
				failingScore(p)
				p.Awards = []Award{{Level: LevelProvincial, Year: 2023, Rank: 3}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.d1": Pass}},
		},
		{
			name: "provincial award ranked fourth is not",
			edit: func(p *Profile) {
				failingScore(p)
				p.Awards = []Award{{Level: LevelProvincial, Year: 2023, Rank: 4}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.d1": Fail}, missing: "zjtx.c4"},
		},
		{
			// National awards count to the fifth unit (criteria.md §8: "provincial top 3, or national top 5").
			name: "national award ranked fifth is a direct route",
			edit: func(p *Profile) {
				failingScore(p)
				p.Awards = []Award{{Level: LevelNational, Year: 2022, Rank: 5}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.d1": Pass}},
		},
		{
			// Route 2: mean R&D over 2023–2024 exactly 1,000万.
			name: "mean R&D exactly 1,000万 is a direct route",
			edit: func(p *Profile) {
				failingScore(p)
				p.Years[2023].RDExpense, p.Years[2024].RDExpense = Wan(900), Wan(1100)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.d2": Pass}},
		},
		{
			// Route 3: new equity in 2023–2024 of 6,000万.
			name: "equity 6,000万 in two years is a direct route",
			edit: func(p *Profile) {
				failingScore(p)
				p.Years[2023].EquityRaised, p.Years[2024].EquityRaised = Wan(2500), Wan(3500)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.d3": Pass}},
		},
		{
			// Route 4: 创客中国 national top 500 in 2022 (within 2022–2024).
			name: "创客中国 top 500 in 2022 is a direct route",
			edit: func(p *Profile) {
				failingScore(p)
				p.MakerChina = []MakerChinaPlacement{{Year: 2022, Top: 500}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"zjtx.d4": Pass}},
		},
		{
			name: "创客中国 in 2021 is too old",
			edit: func(p *Profile) {
				failingScore(p)
				p.MakerChina = []MakerChinaPlacement{{Year: 2021, Top: 50}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"zjtx.d4": Fail}, missing: "zjtx.c4"},
		},
	}
	runRows(t, set, zjtxBase, 2025, zjtxDate, rows)
}

// A province's 特色化 rule turns the national needs-review into a decision (criteria.md §4: "until a
// region-scoped 特色化 rule set is loaded").
func TestZhuanjingtexinProvincialRule(t *testing.T) {
	rule := &DistinctiveRule{
		Label: "特色化指标（测试省份）",
		Cite:  "测试省份专精特新认定细则",
		Eval: func(c *Context) Outcome {
			return scored(pts(8), "测试口径：固定8分", "", false)
		},
	}
	sc := NewZhuanjingtexin2022("CN-XX", rule)
	reg, err := NewRegistry(append(BuiltinSets(), sc)...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := reg.Applicable(SchemeZhuanjingtexin, "CN-XX-YY", zjtxDate)
	if err != nil || got.ID != "zhuanjingtexin-2022-CN-XX" {
		t.Fatalf("Applicable = %v, %v; want the provincial set", got, err)
	}
	national, _ := reg.Applicable(SchemeZhuanjingtexin, "CN-HA-LY", zjtxDate)
	if national.ID != "zhuanjingtexin-2022" {
		t.Errorf("Henan got %s, want the national set", national.ID)
	}
	p := zjtxBase()
	lowFixed(p)
	r := Evaluate(got, p, 2025, zjtxDate)
	// 53 fixed + 8 provincial = 61 ≥ 60.
	check(t, r, expect{verdict: Eligible, score: ps(61, 61)})
}
