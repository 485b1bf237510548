package criteria

import (
	"strings"
	"testing"
	"time"
)

// 高企 profiles for an application in 2025 (Y = 2025): "近三个会计年度" = 2022–2024, "近一年" = 2024
// (criteria.md §7.3).

var gaoqiDate = date(2025, time.June, 15)

// gaoqiBase passes every condition the figures can decide (32号 art. 11), with the expert judgements of
// conditions 2 and 3 entered. Its score cannot be fixed without the expert-scored sub-items.
func gaoqiBase() *Profile {
	p := &Profile{
		Name:             "洛阳某新材料有限公司",
		Region:           "CN-HA-LY",
		Founded:          date(2015, time.March, 1),
		MainlandResident: Bool(true),
		IP: IPCounts{
			ClassI: Count(2), ClassII: Count(6), ClassIMain: Count(2), ClassIIMain: Count(6),
			ClassIIMainUsed: Count(0), OwnRD: Bool(true),
		},
		Standards:                []Standard{{Name: "某材料检测方法", Level: LevelNational, Year: 2023, Rank: 3}},
		StandardsKnown:           true,
		ComplianceCheckedThrough: date(2025, time.June, 1),
		Judgements:               Judgements{CoreIPSupport: Bool(true), KeyTechField: Bool(true)},
	}
	// Sales 4,000万 → 4,600万 → 5,000万 (latest exactly 5,000万: the ≤ 5,000万 band, ≥ 5%); R&D 200万 + 230万
	// + 250万 = 680万 = exactly 5% of 13,600万. Net assets 3,000万 → 3,600万 → 4,320万 (+20% a year).
	sales := []int64{4000, 4600, 5000}
	rd := []int64{200, 230, 250}
	assets := []int64{5000, 6000, 7200}
	liab := []int64{2000, 2400, 2880}
	for i, y := range []int{2022, 2023, 2024} {
		setFigures(p, y, &YearFigures{
			Revenue: Wan(sales[i]), RDExpense: Wan(rd[i]), RDDomestic: Wan(rd[i]),
			TotalAssets: Wan(assets[i]), TotalLiabilities: Wan(liab[i]), Conversions: Count(5),
		})
	}
	f := p.Years[2024]
	f.TotalIncome, f.HighTechIncome = Wan(5200), Wan(4000)
	f.StaffGaoqi = StaffCounts{Total: People(100), Tech: People(20)}
	return p
}

// allExpertPoints enters an expert score for every sub-item the figures leave open.
func allExpertPoints(adv, core, count, acq, bonus, conv, m1, m2, m3, m4, assets, sales int) map[string]int {
	return map[string]int{
		"gaoqi.ip.advancement": adv, "gaoqi.ip.core": core, "gaoqi.ip.count": count,
		"gaoqi.ip.acquisition": acq, "gaoqi.ip.standards": bonus, "gaoqi.conversion": conv,
		"gaoqi.mgmt.system": m1, "gaoqi.mgmt.institution": m2, "gaoqi.mgmt.conversion": m3, "gaoqi.mgmt.talent": m4,
		"gaoqi.growth.assets": assets, "gaoqi.growth.sales": sales,
	}
}

func sameEachYear(p *Profile, sales, rd int64) {
	for _, y := range []int{2022, 2023, 2024} {
		p.Years[y].Revenue, p.Years[y].RDExpense, p.Years[y].RDDomestic = Fen(sales), Fen(rd), Fen(rd)
	}
}

func TestGaoqi(t *testing.T) {
	set := NewGaoqi2016()
	conditionsPass := map[string]Status{
		"gaoqi.c1": Pass, "gaoqi.c2": Pass, "gaoqi.c3": Pass, "gaoqi.c4": Pass, "gaoqi.c5": Pass,
		"gaoqi.c5.domestic": Pass, "gaoqi.c6": Pass, "gaoqi.c8": Pass,
	}
	rows := []row{
		{
			// Every data condition passes; the expert-judged sub-items stay open, so the score is only bounded
			// and the verdict is needs-review, never pass (criteria.md §1.3 "Engine consequence", §7.5).
			// Bounds: IP 0+0+7+1+1 … 8+8+8+6+2 capped at 30 (9–30); conversion avg 5 → A 25–30; management
			// 0–20; net assets +20% → C 5–6; sales ½(4600/4000 + 5000/4600) − 1 ≈ 11.85% → D 3–4.
			name: "clear pass on the figures needs review",
			want: expect{verdict: NeedsReview, status: merge(conditionsPass, map[string]Status{"gaoqi.c7": Review}),
				points: map[string]Points{"gaoqi.ip.count": {7, 8}, "gaoqi.ip.acquisition": {1, 6}, "gaoqi.ip.standards": {1, 2},
					"gaoqi.conversion": {25, 30}, "gaoqi.growth.assets": {5, 6}, "gaoqi.growth.sales": {3, 4}},
				score: ps(9+25+0+8, 30+30+20+10)},
		},
		{
			// With every expert point entered the score is fixed: IP 8+8+8+6+2 = 32 capped at 30 (195号: the
			// bonus is inside the 30), + 30 + 20 + 6 + 4 = 90 > 70 (32号 art. 11(7)).
			name: "expert points entered: 90 points, eligible",
			edit: func(p *Profile) { p.Judgements.Points = allExpertPoints(8, 8, 8, 6, 2, 30, 6, 6, 4, 4, 6, 4) },
			want: expect{verdict: Eligible, status: map[string]Status{"gaoqi.c7": Pass}, score: ps(90, 90)},
		},
		{
			// 70 is not enough: "70分以上（不含70分）" (195号). 5+5+7+3+1 + 25 + 5+5+3+3 + 5+3 = 70.
			name: "expert points entered: exactly 70 fails",
			edit: func(p *Profile) { p.Judgements.Points = allExpertPoints(5, 5, 7, 3, 1, 25, 5, 5, 3, 3, 5, 3) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c7": Fail}, score: ps(70, 70), missing: "gaoqi.c7"},
		},
		{
			// 71 passes (> 70).
			name: "expert points entered: 71 passes",
			edit: func(p *Profile) { p.Judgements.Points = allExpertPoints(5, 5, 7, 3, 1, 25, 5, 5, 3, 3, 6, 3) },
			want: expect{verdict: Eligible, status: map[string]Status{"gaoqi.c7": Pass}, score: ps(71, 71)},
		},
		{
			// An entered point outside the band the figures fix is ignored: IP count band A is 7–8 (195号).
			name: "expert point outside the band is ignored",
			edit: func(p *Profile) { p.Judgements.Points = map[string]int{"gaoqi.ip.count": 5} },
			want: expect{verdict: NeedsReview, points: map[string]Points{"gaoqi.ip.count": {7, 8}}},
		},
		{
			// 32号 art. 11(1) with 195号's "365个日历天数以上": 2024-06-16 → 2025-06-15 is 364 days.
			name: "registered 364 days: fails the age condition only",
			edit: func(p *Profile) { p.Founded = date(2024, time.June, 16) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c1": Fail}, missing: "gaoqi.c1"},
		},
		{
			// 365 days exactly is enough. The window shrinks to 2024 alone (32号 art. 11(5): actual operating
			// period), where R&D 250万 / 5,000万 = 5% still passes.
			name: "registered exactly 365 days passes",
			edit: func(p *Profile) { p.Founded = date(2024, time.June, 15) },
			want: expect{status: map[string]Status{"gaoqi.c1": Pass, "gaoqi.c5": Pass}},
		},
		{
			// 32号 art. 11(2): no IP at all fails; it is the only failing condition, since the score's upper
			// bound (0+… ≤ 8+8+0+0+2 + 30 + 20 + 10 = 78) is still above 70.
			name: "no IP fails condition 2",
			edit: func(p *Profile) {
				p.IP = IPCounts{ClassI: Count(0), ClassII: Count(0), ClassIMain: Count(0), ClassIIMain: Count(0), ClassIIMainUsed: Count(0)}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c2": Fail, "gaoqi.c7": Review},
				points: map[string]Points{"gaoqi.ip.count": {0, 0}, "gaoqi.ip.acquisition": {0, 0}}, missing: "gaoqi.c2"},
		},
		{
			// Condition 2's core-support part is an expert judgement: unknown → review.
			name: "core support not judged: review",
			edit: func(p *Profile) { p.Judgements.CoreIPSupport = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c2": Review}},
		},
		{
			// 32号 art. 11(3) judged negative.
			name: "outside the supported fields fails condition 3",
			edit: func(p *Profile) { p.Judgements.KeyTechField = Bool(false) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c3": Fail}, missing: "gaoqi.c3"},
		},
		{
			// 32号 art. 11(4): ≥ 10%; exactly 10 of 100 passes.
			name: "tech staff exactly 10% passes",
			edit: func(p *Profile) { p.Years[2024].StaffGaoqi.Tech = People(10) },
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c4": Pass}},
		},
		{
			// Monthly averages (195号): 9.99 of 100 is below 10%.
			name: "tech staff 9.99% fails condition 4 only",
			edit: func(p *Profile) { p.Years[2024].StaffGaoqi.Tech = &Frac{999, 100} },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c4": Fail}, missing: "gaoqi.c4"},
		},
		{
			// A headcount that is unknown is not zero: review, not fail (criteria.md §7.5).
			name: "staff unknown: review",
			edit: func(p *Profile) { p.Years[2024].StaffGaoqi = StaffCounts{} },
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c4": Review}},
		},
		{
			// 32号 art. 11(5): latest sales exactly 5,000万 is in the "≤ 5,000万" band (≥ 5%); one fen less of
			// R&D puts the 3-year ratio just under 5%.
			name: "R&D one fen under 5% at sales 5,000万 fails",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Fen(250*fenPerWan - 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c5": Fail}, missing: "gaoqi.c5"},
		},
		{
			// Latest sales one fen above 5,000万 move to the 4% band: the same 5% ratio now clears ≥ 4% (and
			// 4% exactly would too, next row).
			name: "latest sales 5,000万 + 1分 uses the 4% band",
			edit: func(p *Profile) { p.Years[2024].Revenue = Fen(5000*fenPerWan + 1) },
			want: expect{status: map[string]Status{"gaoqi.c5": Pass}},
		},
		{
			// 6,000万 a year, R&D exactly 4%: the 5,000万–2亿 band, ≥ 4% includes its edge.
			name: "4% exactly in the 5,000万–2亿 band passes",
			edit: func(p *Profile) { sameEachYear(p, 6000*fenPerWan, 240*fenPerWan) },
			want: expect{status: map[string]Status{"gaoqi.c5": Pass}},
		},
		{
			// Latest sales exactly 2亿 stay in the 4% band ("2亿 inclusive", criteria.md §1.1): 3.5% fails.
			name: "sales exactly 2亿 with 3.5% fails (4% band)",
			edit: func(p *Profile) { sameEachYear(p, 2*fenPerYi, 700*fenPerWan) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c5": Fail}, missing: "gaoqi.c5"},
		},
		{
			// One fen above 2亿 in the latest year: the > 2亿 band, ≥ 3%; 3.5% passes.
			name: "latest sales 2亿 + 1分 with 3.5% passes (3% band)",
			edit: func(p *Profile) {
				sameEachYear(p, 2*fenPerYi, 700*fenPerWan)
				p.Years[2024].Revenue = Fen(2*fenPerYi + 1)
			},
			want: expect{status: map[string]Status{"gaoqi.c5": Pass}},
		},
		{
			// 3% exactly in the > 2亿 band passes.
			name: "3% exactly above 2亿 passes",
			edit: func(p *Profile) { sameEachYear(p, 3*fenPerYi, 900*fenPerWan) },
			want: expect{status: map[string]Status{"gaoqi.c5": Pass}},
		},
		{
			// The ratio is of sums, not the mean of yearly ratios (criteria.md §1.2): yearly 10%, 0%, 5.2%
			// (mean 5.07%) but sums 400+0+260 / 4000+4600+5000 = 4.85% → fails the 5% band.
			name: "ratio of sums, not mean of ratios",
			edit: func(p *Profile) {
				p.Years[2022].RDExpense, p.Years[2023].RDExpense, p.Years[2024].RDExpense = Wan(400), Wan(0), Wan(260)
				for _, y := range []int{2022, 2023, 2024} {
					p.Years[y].RDDomestic = p.Years[y].RDExpense
				}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c5": Fail}, missing: "gaoqi.c5"},
		},
		{
			// A missing year of R&D is unknown, not zero: review.
			name: "R&D of 2023 unknown: review",
			edit: func(p *Profile) { p.Years[2023].RDExpense = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c5": Review, "gaoqi.c5.domestic": Review}},
		},
		{
			// Domestic R&D ≥ 60% (32号 art. 11(5)): exactly 408万 of 680万 = 60% passes.
			name: "domestic R&D exactly 60% passes",
			edit: func(p *Profile) {
				p.Years[2022].RDDomestic, p.Years[2023].RDDomestic, p.Years[2024].RDDomestic = Wan(120), Wan(138), Wan(150)
			},
			want: expect{status: map[string]Status{"gaoqi.c5.domestic": Pass}},
		},
		{
			// One fen less is under 60%.
			name: "domestic R&D under 60% fails",
			edit: func(p *Profile) {
				p.Years[2022].RDDomestic, p.Years[2023].RDDomestic, p.Years[2024].RDDomestic = Wan(120), Wan(138), Fen(150*fenPerWan-1)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c5.domestic": Fail}, missing: "gaoqi.c5.domestic"},
		},
		{
			// 32号 art. 11(6): high-tech income / 总收入 ≥ 60%; 3,120万 / 5,200万 = 60% exactly.
			name: "high-tech income exactly 60% passes",
			edit: func(p *Profile) { p.Years[2024].HighTechIncome = Wan(3120) },
			want: expect{status: map[string]Status{"gaoqi.c6": Pass}},
		},
		{
			name: "high-tech income under 60% fails",
			edit: func(p *Profile) { p.Years[2024].HighTechIncome = Fen(3120*fenPerWan - 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c6": Fail}, missing: "gaoqi.c6"},
		},
		{
			// 32号 art. 11(8), window = 2024 (criteria.md §7.3 "近一年" = Y−1).
			name: "major safety accident in 2024 fails condition 8",
			edit: func(p *Profile) {
				p.Incidents = []Incident{{Kind: IncidentSafety, Date: date(2024, time.August, 1)}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c8": Fail}, missing: "gaoqi.c8"},
		},
		{
			// An accident before the window does not count.
			name: "accident in 2023 is outside the window",
			edit: func(p *Profile) {
				p.Incidents = []Incident{{Kind: IncidentSafety, Date: date(2023, time.December, 31)}}
			},
			want: expect{status: map[string]Status{"gaoqi.c8": Pass}},
		},
		{
			// A record checked only part of the window is unknown for the rest.
			name: "compliance record checked only to 2024-12-30: review",
			edit: func(p *Profile) { p.ComplianceCheckedThrough = date(2024, time.December, 30) },
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c8": Review}},
		},
		{
			// Enterprise founded in March 2023: the window is its actual operating years 2023–2024 (32号
			// art. 11(5)); 2022 has no data and is not needed. R&D (230+250)/(4600+5000) = 5%. Growth over two
			// years uses x₂/x₁ − 1 (criteria.md §1.3, UNCONFIRMED): sales +8.70% → D 3–4, net assets +20% → C.
			name: "two operating years use the actual period",
			edit: func(p *Profile) {
				p.Founded = date(2023, time.March, 1)
				delete(p.Years, 2022)
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c1": Pass, "gaoqi.c5": Pass},
				points: map[string]Points{"gaoqi.growth.sales": {3, 4}, "gaoqi.growth.assets": {5, 6}, "gaoqi.conversion": {25, 30}}},
		},
		{
			// criteria.md §1.3 worked example: sales 1,000万, 1,200万, 1,500万 → ½(1.2 + 1.25) − 1 = 22.5% → C 5–6.
			name: "growth worked example 22.5% is band C",
			edit: func(p *Profile) {
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(1000), Wan(1200), Wan(1500)
			},
			want: expect{points: map[string]Points{"gaoqi.growth.sales": {5, 6}}},
		},
		{
			// Band D is "≥ 5%" (criteria.md §8): 1,000万 → 1,050万 → 1,102.5万 is exactly 5%.
			name: "growth exactly 5% is band D",
			edit: func(p *Profile) {
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(1000), Wan(1050), Fen(11025*fenPerWan/10)
			},
			want: expect{points: map[string]Points{"gaoqi.growth.sales": {3, 4}}},
		},
		{
			// A rate of exactly 0 is band F (E needs > 0). R&D 250万 a year keeps condition 5 at 5%.
			name: "growth exactly 0 scores 0",
			edit: func(p *Profile) { sameEachYear(p, 5000*fenPerWan, 250*fenPerWan) },
			want: expect{points: map[string]Points{"gaoqi.growth.sales": {0, 0}}},
		},
		{
			// Year 1 at 0 → the last two years (195号): 1,000万 → 1,500万 = 50% → A 9–10.
			name: "first-year sales 0 uses the last two years",
			edit: func(p *Profile) {
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(0), Wan(1000), Wan(1500)
			},
			want: expect{points: map[string]Points{"gaoqi.growth.sales": {9, 10}}},
		},
		{
			// Year 2 at 0 → 0 points (195号).
			name: "second-year sales 0 scores 0",
			edit: func(p *Profile) {
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(1000), Wan(0), Wan(1500)
			},
			want: expect{points: map[string]Points{"gaoqi.growth.sales": {0, 0}}},
		},
		{
			// Upper bound exactly 70 fails (criteria.md §1.3): IP ≤ 30 (cap), conversions avg 3 → C ≤ 18,
			// management ≤ 20, sales growth +1.98% → E ≤ 2, net assets flat → F 0. 30+18+20+2 = 70.
			name: "score upper bound exactly 70 fails on the figures",
			edit: func(p *Profile) {
				for _, y := range []int{2022, 2023, 2024} {
					p.Years[y].Conversions = Count(3)
					p.Years[y].TotalAssets, p.Years[y].TotalLiabilities = Wan(5000), Wan(2000)
				}
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(5000), Wan(5100), Wan(5200)
				for _, y := range []int{2022, 2023, 2024} {
					p.Years[y].RDExpense, p.Years[y].RDDomestic = Wan(250), Wan(250)
				}
			},
			want: expect{verdict: NotEligible, status: merge(conditionsPass, map[string]Status{"gaoqi.c7": Fail}),
				points: map[string]Points{"gaoqi.conversion": {13, 18}, "gaoqi.growth.sales": {1, 2}, "gaoqi.growth.assets": {0, 0}},
				score:  ps(7+1+1+13+0+1, 70), missing: "gaoqi.c7"},
		},
		{
			// Same, but net assets grow exactly 5% a year (band D ≤ 4): the bound is 74 > 70, so review.
			name: "score upper bound 74 stays in review",
			edit: func(p *Profile) {
				for _, y := range []int{2022, 2023, 2024} {
					p.Years[y].Conversions = Count(3)
					p.Years[y].RDExpense, p.Years[y].RDDomestic = Wan(250), Wan(250)
				}
				p.Years[2022].Revenue, p.Years[2023].Revenue, p.Years[2024].Revenue = Wan(5000), Wan(5100), Wan(5200)
				p.Years[2022].TotalAssets, p.Years[2022].TotalLiabilities = Wan(5000), Wan(2000)
				p.Years[2023].TotalAssets, p.Years[2023].TotalLiabilities = Wan(5150), Wan(2000)
				p.Years[2024].TotalAssets, p.Years[2024].TotalLiabilities = Fen(53075*fenPerWan/10), Wan(2000)
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"gaoqi.c7": Review},
				points: map[string]Points{"gaoqi.growth.assets": {3, 4}}, score: ps(7+1+1+13+3+1, 74)},
		},
		{
			// A Ⅱ类 item counts in one 高企 application only (195号): 6 main Ⅱ类 with 2 already used leave 4 →
			// band C 3–4 (no Ⅰ类).
			name: "used Ⅱ类 IP is not counted again",
			edit: func(p *Profile) { p.IP.ClassIMain, p.IP.ClassIIMainUsed = Count(0), Count(2) },
			want: expect{points: map[string]Points{"gaoqi.ip.count": {3, 4}}},
		},
		{
			// Unknown "already used" count: anything from E (all used) to B (none used).
			name: "unknown used Ⅱ类 count leaves the band open",
			edit: func(p *Profile) { p.IP.ClassIMain, p.IP.ClassIIMainUsed = Count(0), nil },
			want: expect{points: map[string]Points{"gaoqi.ip.count": {0, 6}}},
		},
		{
			// 195号 获得方式: only by transfer → band B 1–3.
			name: "IP only by transfer is band B",
			edit: func(p *Profile) { p.IP.OwnRD = Bool(false) },
			want: expect{points: map[string]Points{"gaoqi.ip.acquisition": {1, 3}}},
		},
		{
			// Average 0.67 conversions a year lies between E (≥ 1) and F (0): experts judge (195号), 0–6. The
			// upper bound then drops to 30 + 6 + 20 + 6 + 4 = 66 ≤ 70, so the score condition fails on the figures.
			name: "fractional conversions below 1 need the experts",
			edit: func(p *Profile) {
				p.Years[2022].Conversions, p.Years[2023].Conversions, p.Years[2024].Conversions = Count(0), Count(1), Count(1)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"gaoqi.c7": Fail},
				points: map[string]Points{"gaoqi.conversion": {0, 6}}, missing: "gaoqi.c7"},
		},
	}
	runRows(t, set, gaoqiBase, 2025, gaoqiDate, rows)
}

func TestGaoqiFigures(t *testing.T) {
	r := Evaluate(NewGaoqi2016(), gaoqiBase(), 2025, gaoqiDate)
	o, _ := r.Outcome("gaoqi.c5")
	var got []string
	for _, f := range o.Figures {
		got = append(got, f.String())
	}
	want := []string{"2022–2024年研发费用合计 680万元", "2022–2024年销售收入合计 13,600万元", "2024年销售收入 5,000万元", "研发费用占比 5.00%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("figures = %q, want %q", got, want)
	}
	if !strings.Contains(o.Note, "≤ 5,000万元，适用 ≥ 5%") {
		t.Errorf("note %q does not name the band", o.Note)
	}
}

func merge(a, b map[string]Status) map[string]Status {
	out := map[string]Status{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
