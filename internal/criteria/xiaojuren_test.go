package criteria

import (
	"strings"
	"testing"
	"time"
)

// 专精特新"小巨人" (63号 附件3) profiles for an application on 2025-03-01: thresholds at the end of 2024,
// "近2年" = 2023–2024, "近三年" = 2022–2024 (criteria.md §5, §7.3).

var xjrDate = date(2025, time.March, 1)

// xjrBase meets all six aspects:
//
//	专: niche since 2012 (12 years ≥ 3); 主营 10,000万 / 营业收入 12,000万 = 83.3% ≥ 70%; 主营 8,000万 →
//	    9,000万 → 10,000万: mean ½(1.125 + 1.111) − 1 ≈ 11.8%, CAGR √1.25 − 1 ≈ 11.8%, both ≥ 5%.
//	精: judgements yes, QMS certificate, 资产负债率 50% ≤ 70%.
//	特: national share 12% ≥ 10%, reputation, own brand.
//	新: 营业收入 1.2亿 ≥ 1亿 → R&D ≥ 3% in 2023 (400万/1亿 = 4%) and 2024 (480万/1.2亿 = 4%); a city-level
//	    enterprise technology centre; 2 applied Ⅰ类 items.
//	链, 品: judged yes.
func xjrBase() *Profile {
	p := &Profile{
		Name:       "洛阳某耐磨材料股份有限公司",
		Founded:    date(2008, time.July, 1),
		Scale:      ScaleMedium,
		NicheSince: date(2012, time.January, 1),
		IP:         IPCounts{ClassILeading: Count(3), ClassILeadingApplied: Count(2)},
		Market:     Market{QualityCertified: Bool(true), OwnBrand: Bool(true), NationalShare: PercentOf(12, 100)},
		Judgements: Judgements{SoundGovernance: Bool(true), LeadingProcess: Bool(true), InfoSystem: Bool(true),
			HighReputation: Bool(true), KeyChainRole: Bool(true), KeyFieldProduct: Bool(true)},
		RDInstitutions:      []RDInstitution{{Name: "洛阳市某企业技术中心", Kind: "企业技术中心", Level: LevelCity}},
		RDInstitutionsKnown: true,
		AwardsKnown:         true,
		MakerChinaKnown:     true,
	}
	setFigures(p, 2022, &YearFigures{MainRevenue: Wan(8000)})
	setFigures(p, 2023, &YearFigures{Revenue: Wan(10000), MainRevenue: Wan(9000), RDExpense: Wan(400), EquityRaised: Wan(0)})
	setFigures(p, 2024, &YearFigures{Revenue: Wan(12000), MainRevenue: Wan(10000), RDExpense: Wan(480),
		TotalAssets: Wan(20000), TotalLiabilities: Wan(10000), EquityRaised: Wan(0),
		Staff: StaffCounts{Total: People(200), RD: People(40)}})
	return p
}

// noInstitution makes 新 fail through its general conditions only.
func noInstitution(p *Profile) { p.RDInstitutions = nil }

func mainRevenues(p *Profile, a, b, c int64) {
	p.Years[2022].MainRevenue, p.Years[2023].MainRevenue, p.Years[2024].MainRevenue = Fen(a), Fen(b), Fen(c)
}

func TestXiaojuren(t *testing.T) {
	set := NewXiaojuren2022()
	rows := []row{
		{
			name: "clear pass",
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.zhuan.niche": Pass, "xjr.zhuan.focus": Pass,
				"xjr.zhuan.growth": Pass, "xjr.jing.debt": Pass, "xjr.te.share": Pass, "xjr.xin.rd": Pass,
				"xjr.xin.institution": Pass, "xjr.xin.ip": Pass, "xjr.xin.general": Pass, "xjr.xin": Pass}},
		},
		{
			// 专: "3年以上"; since 2022-06-01 is 2 full years at 2024-12-31.
			name: "two years in the niche fails",
			edit: func(p *Profile) { p.NicheSince = date(2022, time.June, 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.zhuan.niche": Fail}, missing: "xjr.zhuan.niche"},
		},
		{
			name: "exactly three years in the niche passes",
			edit: func(p *Profile) { p.NicheSince = date(2022, time.January, 1) },
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.zhuan.niche": Pass}},
		},
		{
			// 专: 主营 share exactly 70% passes ("不低于70%"); 主营 7,000万 → 7,700万 → 8,400万 keeps growth ≥ 5%.
			name: "主营 share exactly 70% passes",
			edit: func(p *Profile) { mainRevenues(p, 7000*fenPerWan, 7700*fenPerWan, 8400*fenPerWan) },
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.zhuan.focus": Pass}},
		},
		{
			name: "主营 share just under 70% fails",
			edit: func(p *Profile) { mainRevenues(p, 7000*fenPerWan, 7700*fenPerWan, 8400*fenPerWan-1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.zhuan.focus": Fail}, missing: "xjr.zhuan.focus"},
		},
		{
			// 专: growth exactly 5% a year, 8,000万 → 8,400万 → 8,820万: mean and CAGR both exactly 5% → passes.
			name: "growth exactly 5% passes both ways",
			edit: func(p *Profile) { mainRevenues(p, 8000*fenPerWan, 8400*fenPerWan, 8820*fenPerWan) },
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.zhuan.growth": Pass}},
		},
		{
			name: "growth just under 5% fails both ways",
			edit: func(p *Profile) { mainRevenues(p, 8000*fenPerWan, 8400*fenPerWan, 8820*fenPerWan-1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.zhuan.growth": Fail}, missing: "xjr.zhuan.growth"},
		},
		{
			// +30% then −19.2%: mean ½(1.3 + 0.8077) − 1 ≈ 5.4% passes, CAGR √1.05 − 1 ≈ 2.5% fails. The formula
			// is UNCONFIRMED (criteria.md §4), so review.
			name: "mean and CAGR disagree: review",
			edit: func(p *Profile) { mainRevenues(p, 8000*fenPerWan, 10400*fenPerWan, 8400*fenPerWan) },
			want: expect{verdict: NeedsReview, status: map[string]Status{"xjr.zhuan.growth": Review}},
		},
		{
			// 精: 资产负债率 exactly 70% passes ("不高于70%"); one fen more fails.
			name: "debt ratio exactly 70% passes",
			edit: func(p *Profile) { p.Years[2024].TotalLiabilities = Wan(14000) },
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.jing.debt": Pass}},
		},
		{
			name: "debt ratio over 70% fails",
			edit: func(p *Profile) { p.Years[2024].TotalLiabilities = Fen(14000*fenPerWan + 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.jing.debt": Fail}, missing: "xjr.jing.debt"},
		},
		{
			// 特: "10%以上" includes 10%.
			name: "market share exactly 10% passes",
			edit: func(p *Profile) { p.Market.NationalShare = PercentOf(1, 10) },
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.te.share": Pass}},
		},
		{
			name: "market share 9.99% fails",
			edit: func(p *Profile) { p.Market.NationalShare = PercentOf(999, 10000) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.te.share": Fail}, missing: "xjr.te.share"},
		},
		{
			// Market-share data missing → review (criteria.md §7.5).
			name: "market share unknown: review",
			edit: func(p *Profile) { p.Market.NationalShare = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"xjr.te.share": Review}},
		},
		{
			// 链 not judged → review (criteria.md §7.5).
			name: "chain role not judged: review",
			edit: func(p *Profile) { p.Judgements.KeyChainRole = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"xjr.lian": Review}},
		},
		{
			name: "not a key-field product fails",
			edit: func(p *Profile) { p.Judgements.KeyFieldProduct = Bool(false) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.pin": Fail}, missing: "xjr.pin"},
		},

		// 新 (1): the R&D band is chosen by 2024 营业收入 (a ≤ x < b at the overlapping edges, criteria.md §5, §7.2).
		{
			// Exactly 1亿 is in the "≥ 1亿" band: 3% in each year (300万 of 1亿 in both) passes.
			name: "revenue exactly 1亿 uses the 3% band",
			edit: func(p *Profile) {
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(10000), Wan(300)
				p.Years[2023].RDExpense = Wan(300)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.xin.rd": Pass}},
		},
		{
			// One fen under 1亿 is the 5,000万–1亿 band: 3% is short of 6%, and 新 fails without a direct route.
			name: "revenue just under 1亿 needs 6%",
			edit: func(p *Profile) {
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Fen(fenPerYi-1), Wan(300)
				p.Years[2024].MainRevenue = Wan(9000)
				p.Years[2023].RDExpense = Wan(300)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.rd": Fail, "xjr.xin": Fail}, missing: "xjr.xin"},
		},
		{
			// The 6% band needs it in each of the last 2 years: 2024 at 6% exactly (300万 / 5,000万) but 2023 at
			// 5.99% fails. (主营 3,000万 → 3,500万 → 4,000万 keeps 专 satisfied.)
			name: "6% band needs both years",
			edit: func(p *Profile) {
				mainRevenues(p, 3000*fenPerWan, 3500*fenPerWan, 4000*fenPerWan)
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(5000), Wan(300)
				p.Years[2023].Revenue, p.Years[2023].RDExpense = Wan(5000), Fen(2995*fenPerWan/10)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.rd": Fail}, missing: "xjr.xin"},
		},
		{
			// Revenue exactly 5,000万 is in the 6% band; 6% in both years passes.
			name: "revenue exactly 5,000万 with 6% in both years",
			edit: func(p *Profile) {
				mainRevenues(p, 3000*fenPerWan, 3500*fenPerWan, 4000*fenPerWan)
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(5000), Wan(300)
				p.Years[2023].Revenue, p.Years[2023].RDExpense = Wan(5000), Wan(300)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.xin.rd": Pass}},
		},
		{
			// Under 5,000万: equity in 2023–2024 exactly 8,000万, 2024 R&D exactly 3,000万, R&D staff exactly 50%.
			name: "small-revenue path at its edges passes",
			edit: func(p *Profile) {
				mainRevenues(p, 2800*fenPerWan, 3100*fenPerWan, 3500*fenPerWan)
				f := p.Years[2024]
				f.Revenue, f.MainRevenue, f.RDExpense = Wan(4000), Wan(3500), Wan(3000)
				p.Years[2023].EquityRaised, f.EquityRaised = Wan(5000), Wan(3000)
				f.Staff = StaffCounts{Total: People(200), RD: People(100)}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.xin.rd": Pass}},
		},
		{
			// 3,000万 over two years but 1,500万 in 2024: the two readings of "研发费用总额3000万元以上" disagree
			// (criteria.md §5, UNCONFIRMED) → review.
			name: "small-revenue path: R&D 3,000万 only over two years is review",
			edit: func(p *Profile) {
				mainRevenues(p, 2800*fenPerWan, 3100*fenPerWan, 3500*fenPerWan)
				f := p.Years[2024]
				f.Revenue, f.MainRevenue, f.RDExpense = Wan(4000), Wan(3500), Wan(1500)
				p.Years[2023].RDExpense = Wan(1500)
				p.Years[2023].EquityRaised, f.EquityRaised = Wan(5000), Wan(3000)
				f.Staff = StaffCounts{Total: People(200), RD: People(100)}
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"xjr.xin.rd": Review, "xjr.xin": Review}},
		},
		{
			// R&D staff 49.5% fails the small-revenue path.
			name: "small-revenue path: R&D staff under 50% fails",
			edit: func(p *Profile) {
				mainRevenues(p, 2800*fenPerWan, 3100*fenPerWan, 3500*fenPerWan)
				f := p.Years[2024]
				f.Revenue, f.MainRevenue, f.RDExpense = Wan(4000), Wan(3500), Wan(3000)
				p.Years[2023].EquityRaised, f.EquityRaised = Wan(5000), Wan(3000)
				f.Staff = StaffCounts{Total: People(200), RD: People(99)}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.rd": Fail}, missing: "xjr.xin"},
		},
		{
			// 新 (2): no R&D institution of any kind → the general conditions fail → 新 fails.
			name: "no R&D institution fails 新",
			edit: noInstitution,
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.institution": Fail, "xjr.xin.general": Fail, "xjr.xin": Fail},
				missing: "xjr.xin"},
		},
		{
			// 新 (3): "2项以上" applied Ⅰ类 items; one is not enough.
			name: "one applied Ⅰ类 item fails 新",
			edit: func(p *Profile) { p.IP.ClassILeadingApplied = Count(1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.ip": Fail}, missing: "xjr.xin"},
		},
		{
			// Fewer than 2 leading Ⅰ类 items settle the applied count.
			name: "one Ⅰ类 item in all settles the applied count",
			edit: func(p *Profile) { p.IP = IPCounts{ClassILeading: Count(1)} },
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.ip": Fail}, missing: "xjr.xin"},
		},
		{
			// Direct route: a national award, second unit, in 2023 replaces the general conditions.
			name: "national award ranked second replaces the general conditions",
			edit: func(p *Profile) {
				noInstitution(p)
				p.Awards = []Award{{Name: "国家技术发明奖二等奖", Level: LevelNational, Year: 2023, Rank: 2}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.xin.general": Fail, "xjr.xin.d1": Pass, "xjr.xin": Pass}},
		},
		{
			// A provincial award is not a 小巨人 direct route.
			name: "provincial award is not a direct route",
			edit: func(p *Profile) {
				noInstitution(p)
				p.Awards = []Award{{Level: LevelProvincial, Year: 2023, Rank: 1}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.d1": Fail}, missing: "xjr.xin"},
		},
		{
			// Direct route: 创客中国 national top 50 in 2022.
			name: "创客中国 top 50 replaces the general conditions",
			edit: func(p *Profile) {
				noInstitution(p)
				p.MakerChina = []MakerChinaPlacement{{Year: 2022, Top: 50}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"xjr.xin.d2": Pass}},
		},
		{
			// Top 500 (the 专精特新 route) is not enough for 小巨人.
			name: "创客中国 top 500 is not enough",
			edit: func(p *Profile) {
				noInstitution(p)
				p.MakerChina = []MakerChinaPlacement{{Year: 2022, Top: 500}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.xin.d2": Fail}, missing: "xjr.xin"},
		},
		{
			// Two failing aspects: no single missing criterion.
			name: "two failures name no single criterion",
			edit: func(p *Profile) {
				p.NicheSince = date(2023, time.January, 1)
				p.Years[2024].TotalLiabilities = Wan(15000)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"xjr.zhuan.niche": Fail, "xjr.jing.debt": Fail}},
		},
	}
	runRows(t, set, xjrBase, 2025, xjrDate, rows)
}

// The 2026 复核 of existing 小巨人 applies the 2022 set after its period (工信厅企业函〔2026〕117号): taken by ID,
// it still evaluates, with a note that it is outside its period.
func TestXiaojurenReviewAfterPeriod(t *testing.T) {
	set, err := ByID("xiaojuren-2022")
	if err != nil {
		t.Fatal(err)
	}
	p := xjrBase()
	// Shift the figures one year on for the 2026 复核.
	p.Years = map[int]*YearFigures{2023: p.Years[2022], 2024: p.Years[2023], 2025: p.Years[2024]}
	r := Evaluate(set, p, 2026, date(2026, time.June, 1))
	if r.Verdict != Eligible {
		t.Errorf("verdict = %s\n%s", r.Verdict, dump(r))
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "2026 年小巨人复核") {
		t.Errorf("notes = %q, want the out-of-period note", r.Notes)
	}
}
