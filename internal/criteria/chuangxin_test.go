package criteria

import (
	"testing"
	"time"
)

// 创新型中小企业 profiles for 2025: "上年度" = 2024, "近三年" = 2022–2024 (criteria.md §7.3).

var chuangxinDate = date(2025, time.May, 20)

// chuangxinBase scores 95 under 63号 附件1: IP own-R&D Ⅰ类 15 + R&D 150万/3,000万 = 5% → 20 (创新能力 35);
// 主营 growth 2,000万 → 2,400万 = 20% → 20 + 资产负债率 50% → 10 (成长性 30); strategic emerging field 10 +
// 主营 share 2,400万/3,000万 = 80% → 20 (专业化 30).
func chuangxinBase() *Profile {
	p := &Profile{
		Name:                     "洛阳某视觉检测科技有限公司",
		Founded:                  date(2018, time.September, 1),
		Scale:                    ScaleSmall,
		IP:                       IPCounts{ClassILeading: Count(1), ClassILeadingOwnRD: Count(1), ClassILeadingHighValue: Count(0), ClassIILeading: Count(2)},
		Market:                   Market{StrategicEmerging: Bool(true)},
		QualificationsKnown:      true,
		AwardsKnown:              true,
		RDInstitutionsKnown:      true,
		ComplianceCheckedThrough: chuangxinDate,
	}
	setFigures(p, 2022, &YearFigures{EquityRaised: Wan(0)})
	setFigures(p, 2023, &YearFigures{MainRevenue: Wan(2000), EquityRaised: Wan(0)})
	setFigures(p, 2024, &YearFigures{Revenue: Wan(3000), MainRevenue: Wan(2400), RDExpense: Wan(150),
		TotalAssets: Wan(5000), TotalLiabilities: Wan(2500), EquityRaised: Wan(0)})
	return p
}

// weakInnovation leaves 创新能力 at 15 < 20 (Ⅱ类 only → 5; R&D exactly 2% → 10, band "2%–3%") while the
// total stays 15 + 30 + 30 = 75.
func weakInnovation(p *Profile) {
	p.IP = IPCounts{ClassILeading: Count(0), ClassIILeading: Count(1)}
	p.Years[2024].RDExpense = Wan(60)
}

func TestChuangxin(t *testing.T) {
	set := NewChuangxin2022()
	rows := []row{
		{
			name: "clear pass scores 95",
			want: expect{verdict: Eligible, score: ps(95, 95), status: map[string]Status{"chuangxin.score": Pass, "chuangxin.c3": Pass},
				points: map[string]Points{"chuangxin.ip": {15, 15}, "chuangxin.rd": {20, 20}, "chuangxin.growth": {20, 20},
					"chuangxin.debt": {10, 10}, "chuangxin.field": {10, 10}, "chuangxin.focus": {20, 20}}},
		},
		{
			// Every band on its lower edge (criteria.md §7.2: "a%–b%" is a ≤ x < b; a shared edge takes the
			// higher band): Ⅱ类 5 + R&D exactly 3% → 15 = 创新能力 20; growth exactly 10% → 15 + 资产负债率
			// exactly 75% → 5 = 成长性 20; field 10 + 主营 share exactly 55% → 10 = 专业化 20. Total 60 with
			// every group at or above its minimum (≥ 60, 20, 15, 15): eligible.
			name: "score exactly 60 with groups at their minimums",
			edit: func(p *Profile) {
				p.IP = IPCounts{ClassILeading: Count(0), ClassIILeading: Count(1)}
				f := p.Years[2024]
				f.Revenue, f.RDExpense = Wan(4000), Wan(120)
				p.Years[2023].MainRevenue, f.MainRevenue = Wan(2000), Wan(2200)
				f.TotalAssets, f.TotalLiabilities = Wan(4000), Wan(3000)
			},
			want: expect{verdict: Eligible, score: ps(60, 60),
				points: map[string]Points{"chuangxin.ip": {5, 5}, "chuangxin.rd": {15, 15}, "chuangxin.growth": {15, 15},
					"chuangxin.debt": {5, 5}, "chuangxin.focus": {10, 10}}},
		},
		{
			// 创新能力 must be ≥ 20 even when the total (75) passes: the score route fails, no direct route.
			name: "创新能力 under 20 fails despite 75 points",
			edit: weakInnovation,
			want: expect{verdict: NotEligible, score: ps(75, 75), status: map[string]Status{"chuangxin.score": Fail, "chuangxin.c3": Fail},
				missing: "chuangxin.c3"},
		},
		{
			// Direct route 4: new equity in the last three years (2022–2024) of exactly 500万 ("500万元以上").
			name: "equity exactly 500万 in three years is a direct route",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.Years[2022].EquityRaised, p.Years[2024].EquityRaised = Wan(200), Wan(300)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"chuangxin.d4": Pass}},
		},
		{
			name: "equity one fen short of 500万 is not",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.Years[2022].EquityRaised, p.Years[2024].EquityRaised = Wan(200), Fen(300*fenPerWan-1)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"chuangxin.d4": Fail}, missing: "chuangxin.c3"},
		},
		{
			// Equity of one year unknown and the known part short: review.
			name: "equity of 2023 unknown: review",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.Years[2023].EquityRaised = nil
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"chuangxin.d4": Review}},
		},
		{
			// Direct route 1: a provincial S&T award in the last three years, any rank.
			name: "provincial award in 2022 is a direct route",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.Awards = []Award{{Name: "河南省科学技术进步奖三等奖", Level: LevelProvincial, Year: 2022, Rank: 5}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"chuangxin.d1": Pass}},
		},
		{
			// Direct route 2 lists the 知识产权示范企业 title as well as 高企 (criteria.md §8).
			name: "valid IP-demonstration title is a direct route",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.Qualifications = []Qualification{{Kind: TitleIPDemonstration, ValidFrom: date(2023, time.January, 1), ValidTo: date(2027, time.December, 31)}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"chuangxin.d2": Pass}},
		},
		{
			// Direct route 3: a provincial R&D institution.
			name: "provincial R&D institution is a direct route",
			edit: func(p *Profile) {
				weakInnovation(p)
				p.RDInstitutions = []RDInstitution{{Kind: "企业技术中心", Level: LevelProvincial}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"chuangxin.d3": Pass}},
		},
		{
			// Only SMEs (工信部联企业〔2011〕300号) may be evaluated.
			name: "large enterprise fails",
			edit: func(p *Profile) { p.Scale = ScaleLarge },
			want: expect{verdict: NotEligible, status: map[string]Status{"chuangxin.c1": Fail}, missing: "chuangxin.c1"},
		},
		{
			name: "size unknown: review",
			edit: func(p *Profile) { p.Scale = ScaleUnknown },
			want: expect{verdict: NeedsReview, status: map[string]Status{"chuangxin.c1": Review}},
		},
		{
			// An environmental accident in 2022 is within "近三年" (2022–2024).
			name: "environmental accident in 2022 fails",
			edit: func(p *Profile) { p.Incidents = []Incident{{Kind: IncidentEnv, Date: date(2022, time.July, 1)}} },
			want: expect{verdict: NotEligible, status: map[string]Status{"chuangxin.c2": Fail}, missing: "chuangxin.c2"},
		},
		{
			name: "accident in 2021 is outside the window",
			edit: func(p *Profile) { p.Incidents = []Incident{{Kind: IncidentEnv, Date: date(2021, time.July, 1)}} },
			want: expect{verdict: Eligible, status: map[string]Status{"chuangxin.c2": Pass}},
		},
		{
			// A high-value Ⅰ类 item → 20.
			name: "high-value Ⅰ类 IP scores 20",
			edit: func(p *Profile) { p.IP.ClassILeadingHighValue = Count(1) },
			want: expect{points: map[string]Points{"chuangxin.ip": {20, 20}}},
		},
		{
			// Two Ⅰ类 items whose origin and value are unknown: at least 10 (Ⅰ类), at most 20 (高价值).
			name: "Ⅰ类 IP of unknown origin scores 10–20",
			edit: func(p *Profile) {
				p.IP = IPCounts{ClassILeading: Count(2), ClassIILeading: Count(0)}
			},
			want: expect{verdict: Eligible, score: ps(90, 100), points: map[string]Points{"chuangxin.ip": {10, 20}}},
		},
		{
			// No Ⅰ类 item settles the sub-counts at 0: one Ⅱ类 item scores exactly 5.
			name: "no Ⅰ类 IP settles the sub-counts",
			edit: func(p *Profile) { p.IP = IPCounts{ClassILeading: Count(0), ClassIILeading: Count(1)} },
			want: expect{points: map[string]Points{"chuangxin.ip": {5, 5}}},
		},
		{
			// R&D 4.99% is in "3%–5%" → 15.
			name: "R&D 4.99% scores 15",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Fen(1497 * fenPerWan / 10) },
			want: expect{points: map[string]Points{"chuangxin.rd": {15, 15}}},
		},
		{
			// Growth exactly 0 is "0–5%" → 5 (2,400万 → 2,400万); shrinkage scores 0.
			name: "growth exactly 0 scores 5",
			edit: func(p *Profile) { p.Years[2023].MainRevenue = Wan(2400) },
			want: expect{points: map[string]Points{"chuangxin.growth": {5, 5}}},
		},
		{
			// Shrinking 主营 (−5%) → 0; 成长性 0 + 10 = 10 < 15 fails the group minimum.
			name: "shrinking revenue fails the 成长性 minimum",
			edit: func(p *Profile) { p.Years[2023].MainRevenue = Wan(2527) },
			want: expect{verdict: NotEligible, points: map[string]Points{"chuangxin.growth": {0, 0}},
				status: map[string]Status{"chuangxin.score": Fail}, missing: "chuangxin.c3"},
		},
		{
			// 资产负债率 exactly 55% → 10 ("≤ 55%").
			name: "debt ratio exactly 55% scores 10",
			edit: func(p *Profile) { p.Years[2024].TotalLiabilities = Wan(2750) },
			want: expect{points: map[string]Points{"chuangxin.debt": {10, 10}}},
		},
		{
			// Unknown previous-year 主营 leaves growth open (0–20): total 75–95, review only if it matters;
			// here 成长性 is 10–30, which may fall under 15, so review.
			name: "previous 主营 unknown: review",
			edit: func(p *Profile) { p.Years[2023].MainRevenue = nil },
			want: expect{verdict: NeedsReview, points: map[string]Points{"chuangxin.growth": {0, 20}}, status: map[string]Status{"chuangxin.score": Review}},
		},
	}
	runRows(t, set, chuangxinBase, 2025, chuangxinDate, rows)
}
