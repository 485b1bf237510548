package criteria

import (
	"testing"
	"time"
)

// 科小 profiles for the 2025 evaluation: "上一会计年度" = 2024 (criteria.md §2.4, §7.3).

var kexiaoDate = date(2025, time.May, 10)

// kexiaoBase scores 100 (115号 art. 7): 科技人员 30 of 100 = 30% → 20; R&D 300万 / sales 5,000万 = 6% → 50;
// one Ⅰ类 item → 30. Every record is complete and holds no direct-confirmation title.
func kexiaoBase() *Profile {
	p := &Profile{
		Name:                     "洛阳某智能装备有限公司",
		Founded:                  date(2019, time.April, 1),
		MainlandResident:         Bool(true),
		RestrictedProducts:       Bool(false),
		IP:                       IPCounts{ClassIMain: Count(1), ClassIIMain: Count(0)},
		QualificationsKnown:      true,
		AwardsKnown:              true,
		RDInstitutionsKnown:      true,
		StandardsKnown:           true,
		ComplianceCheckedThrough: kexiaoDate,
	}
	setFigures(p, 2024, &YearFigures{
		Revenue: Wan(5000), RDExpense: Wan(300), TotalCost: Wan(4000), TotalAssets: Wan(8000),
		StaffKexiao: StaffCounts{Total: People(100), Tech: People(30)},
	})
	return p
}

// noStaffScore puts 科技人员 at 9.99%, which scores 0 (115号 art. 7: < 10% → 0).
func noStaffScore(p *Profile) { p.Years[2024].StaffKexiao.Tech = &Frac{999, 100} }

func TestKexiao(t *testing.T) {
	set := NewKexiao2017()
	rows := []row{
		{
			// 115号 art. 6: conditions (1)–(4) hold and the score is 20 + 50 + 30 = 100 ≥ 60.
			name: "clear pass scores 100",
			want: expect{verdict: Eligible, score: ps(100, 100),
				status: map[string]Status{"kexiao.c1": Pass, "kexiao.c2": Pass, "kexiao.c3": Pass, "kexiao.c4": Pass,
					"kexiao.score": Pass, "kexiao.d1": Fail, "kexiao.c5": Pass},
				points: map[string]Points{"kexiao.staff": {20, 20}, "kexiao.rd": {50, 50}, "kexiao.ip": {30, 30}}},
		},
		{
			// "不低于60分": 20% → 12 (C, "20%(含)"), R&D 4% → 30 (C), 3 Ⅱ类 → 18: exactly 60 passes.
			name: "score exactly 60 passes",
			edit: func(p *Profile) {
				p.Years[2024].StaffKexiao.Tech = People(20)
				p.Years[2024].RDExpense = Wan(200)
				p.IP = IPCounts{ClassIMain: Count(0), ClassIIMain: Count(3)}
			},
			want: expect{verdict: Eligible, score: ps(60, 60),
				points: map[string]Points{"kexiao.staff": {12, 12}, "kexiao.rd": {30, 30}, "kexiao.ip": {18, 18}}},
		},
		{
			// 25% → 16, 4% → 30, 2 Ⅱ类 → 12: 58 < 60 fails, and only the score condition fails.
			name: "score 58 fails the score condition only",
			edit: func(p *Profile) {
				p.Years[2024].StaffKexiao.Tech = People(25)
				p.Years[2024].RDExpense = Wan(200)
				p.IP = IPCounts{ClassIMain: Count(0), ClassIIMain: Count(2)}
			},
			want: expect{verdict: NotEligible, score: ps(58, 58), status: map[string]Status{"kexiao.score": Fail, "kexiao.c5": Fail},
				missing: "kexiao.c5"},
		},
		{
			// 115号 art. 6(5): "科技人员指标得分不得为0分". 9.99% → 0 points; the total 0 + 50 + 30 = 80 does not
			// save it.
			name: "tech staff score 0 fails despite 80 points",
			edit: noStaffScore,
			want: expect{verdict: NotEligible, score: ps(80, 80), points: map[string]Points{"kexiao.staff": {0, 0}},
				status: map[string]Status{"kexiao.score": Fail}, missing: "kexiao.c5"},
		},
		{
			// Exactly 10% is band E ("10%(含)–15%") → 4 points, not 0.
			name: "tech staff exactly 10% scores 4",
			edit: func(p *Profile) { p.Years[2024].StaffKexiao.Tech = People(10) },
			want: expect{verdict: Eligible, points: map[string]Points{"kexiao.staff": {4, 4}}},
		},
		{
			// "30%(含)以上" → 20; 29.99% → 16.
			name: "tech staff 29.99% scores 16",
			edit: func(p *Profile) { p.Years[2024].StaffKexiao.Tech = &Frac{2999, 100} },
			want: expect{verdict: Eligible, points: map[string]Points{"kexiao.staff": {16, 16}}},
		},
		{
			// Quarterly averages (115号 填报说明): (20 + 2·24 + 2·28 + 2·32 + 36) / 8 = 28 of (100 … 100) = 28%
			// → 16.
			name: "quarterly averages feed the staff score",
			edit: func(p *Profile) {
				p.Years[2024].StaffKexiao = StaffCounts{Total: QuarterlyAverage([5]int64{100, 100, 100, 100, 100}),
					Tech: QuarterlyAverage([5]int64{20, 24, 28, 32, 36})}
			},
			want: expect{points: map[string]Points{"kexiao.staff": {16, 16}}},
		},
		{
			// R&D/sales 5.99% → 40 ("5%(含)–6%"); the cost option (7.49%) scores 0, so 40 counts.
			name: "R&D 5.99% of sales scores 40",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Fen(2995 * fenPerWan / 10) },
			want: expect{points: map[string]Points{"kexiao.rd": {40, 40}}},
		},
		{
			// The enterprise picks the option (115号 art. 7(2)); the engine scores the better one: sales 2% →
			// 10, cost 100万 / 400万 = 25% → 40.
			name: "better of the two R&D options counts",
			edit: func(p *Profile) {
				p.Years[2024].RDExpense = Wan(100)
				p.Years[2024].TotalCost = Wan(400)
			},
			want: expect{points: map[string]Points{"kexiao.rd": {40, 40}}},
		},
		{
			// Sales exactly 2亿 meets "不超过2亿元"; R&D 300万 / cost 1,000万 = 30% exactly → 50 on option 2,
			// while option 1 (1.5%) scores 0.
			name: "sales exactly 2亿 and cost ratio exactly 30%",
			edit: func(p *Profile) {
				p.Years[2024].Revenue = Fen(2 * fenPerYi)
				p.Years[2024].TotalCost = Wan(1000)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.c2": Pass}, points: map[string]Points{"kexiao.rd": {50, 50}}},
		},
		{
			// Sales one fen over 2亿 fails art. 6(2) (R&D 1,300万 keeps the score at 100).
			name: "sales 2亿 + 1分 fails the size condition",
			edit: func(p *Profile) {
				p.Years[2024].Revenue = Fen(2*fenPerYi + 1)
				p.Years[2024].RDExpense = Wan(1300)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c2": Fail}, missing: "kexiao.c2"},
		},
		{
			// Assets exactly 2亿 pass; staff exactly 500 pass (150 of them 科技人员: 30%).
			name: "assets exactly 2亿 and 500 staff pass",
			edit: func(p *Profile) {
				p.Years[2024].TotalAssets = Fen(2 * fenPerYi)
				p.Years[2024].StaffKexiao = StaffCounts{Total: People(500), Tech: People(150)}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.c2": Pass}},
		},
		{
			// A quarterly average of 500.125 exceeds 500: (500 + 3·1000 + 501) / 8.
			name: "average staff 500.125 fails the size condition",
			edit: func(p *Profile) {
				p.Years[2024].StaffKexiao = StaffCounts{Total: QuarterlyAverage([5]int64{500, 500, 500, 500, 501}), Tech: People(150)}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c2": Fail}, missing: "kexiao.c2"},
		},
		{
			// Unknown assets are not zero assets: review.
			name: "assets unknown: review",
			edit: func(p *Profile) { p.Years[2024].TotalAssets = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"kexiao.c2": Review}},
		},
		{
			// Unknown headcounts leave the staff score open (0–20): the total is 80–100 but the "not 0" rule is
			// undecided, so the score route needs review.
			name: "staff unknown: the not-0 rule needs review",
			edit: func(p *Profile) { p.Years[2024].StaffKexiao = StaffCounts{} },
			want: expect{verdict: NeedsReview, score: ps(80, 100), status: map[string]Status{"kexiao.score": Review, "kexiao.c5": Review}},
		},
		{
			// 115号 art. 6(1).
			name: "not a mainland resident enterprise",
			edit: func(p *Profile) { p.MainlandResident = Bool(false) },
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c1": Fail}, missing: "kexiao.c1"},
		},
		{
			// 115号 art. 6(3).
			name: "restricted products",
			edit: func(p *Profile) { p.RestrictedProducts = Bool(true) },
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c3": Fail}, missing: "kexiao.c3"},
		},
		{
			// 115号 art. 6(4): "填报上一年及当年内" = 2024-01-01 to the application date.
			name: "research misconduct in 2024 fails",
			edit: func(p *Profile) {
				p.Incidents = []Incident{{Kind: IncidentMisconduct, Date: date(2024, time.March, 1)}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c4": Fail}, missing: "kexiao.c4"},
		},
		{
			// Listed as abnormal but removed before the application date: not listed now.
			name: "abnormal listing removed before applying passes",
			edit: func(p *Profile) {
				p.Incidents = []Incident{{Kind: IncidentAbnormal, Date: date(2024, time.January, 1), Until: date(2025, time.January, 1)}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.c4": Pass}},
		},
		{
			name: "still on the abnormal list fails",
			edit: func(p *Profile) {
				p.Incidents = []Incident{{Kind: IncidentAbnormal, Date: date(2024, time.January, 1)}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c4": Fail}, missing: "kexiao.c4"},
		},
		{
			// The record must be checked up to the application date.
			name: "compliance checked only to 2025-05-01: review",
			edit: func(p *Profile) { p.ComplianceCheckedThrough = date(2025, time.May, 1) },
			want: expect{verdict: NeedsReview, status: map[string]Status{"kexiao.c4": Review}},
		},

		// Direct confirmation (115号 art. 8): conditions (1)–(4) hold and any one route saves a failed score.
		{
			// art. 8(1): a valid 高企 certificate.
			name: "valid 高企 certificate confirms directly",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Qualifications = []Qualification{{Kind: TitleGaoqi, Number: "GR202341000123", ValidFrom: date(2023, time.December, 8), ValidTo: date(2026, time.December, 7)}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.score": Fail, "kexiao.d1": Pass, "kexiao.c5": Pass}},
		},
		{
			// A certificate that expired the day before the application is not valid.
			name: "expired 高企 certificate does not confirm",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Qualifications = []Qualification{{Kind: TitleGaoqi, ValidFrom: date(2022, time.May, 10), ValidTo: date(2025, time.May, 9)}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.d1": Fail}, missing: "kexiao.c5"},
		},
		{
			// art. 8(2): national award in the last five years (2020–2024), ranked in the top 3.
			name: "national award 2020, third unit, confirms",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Awards = []Award{{Name: "国家科学技术进步奖二等奖", Level: LevelNational, Year: 2020, Rank: 3}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.d2": Pass}},
		},
		{
			name: "national award ranked fourth does not confirm",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Awards = []Award{{Name: "国家科学技术进步奖二等奖", Level: LevelNational, Year: 2022, Rank: 4}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.d2": Fail}, missing: "kexiao.c5"},
		},
		{
			// 2019 is outside "近五年" (2020–2024).
			name: "national award in 2019 is too old",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Awards = []Award{{Level: LevelNational, Year: 2019, Rank: 1}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.d2": Fail}, missing: "kexiao.c5"},
		},
		{
			// An award whose rank is not recorded may or may not qualify: review.
			name: "national award with unknown rank: review",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Awards = []Award{{Level: LevelNational, Year: 2023}}
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"kexiao.d2": Review, "kexiao.c5": Review}},
		},
		{
			// art. 8(3): a provincial R&D institution.
			name: "provincial R&D institution confirms",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.RDInstitutions = []RDInstitution{{Name: "河南省某材料工程技术研究中心", Kind: "工程技术研究中心", Level: LevelProvincial}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.d3": Pass}},
		},
		{
			name: "city-level R&D institution does not confirm",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.RDInstitutions = []RDInstitution{{Kind: "工程技术研究中心", Level: LevelCity}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.d3": Fail}, missing: "kexiao.c5"},
		},
		{
			// art. 8(4): led (rank 1) a national standard in 2022.
			name: "first drafter of a national standard confirms",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Standards = []Standard{{Name: "某装备通用技术条件", Level: LevelNational, Year: 2022, Rank: 1}}
			},
			want: expect{verdict: Eligible, status: map[string]Status{"kexiao.d4": Pass}},
		},
		{
			// Rank 3: "主导" is top 5 only per one transcription (criteria.md §2.3, UNCONFIRMED) → review.
			name: "third drafter of an industry standard: review",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Standards = []Standard{{Level: LevelIndustry, Year: 2022, Rank: 3}}
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"kexiao.d4": Review}},
		},
		{
			// Group (团体) standards are not in art. 8(4).
			name: "group standard does not confirm",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.Standards = []Standard{{Level: LevelGroup, Year: 2022, Rank: 1}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.d4": Fail}, missing: "kexiao.c5"},
		},
		{
			// Records not checked: the routes need review instead of failing.
			name: "unchecked records leave the routes in review",
			edit: func(p *Profile) {
				noStaffScore(p)
				p.QualificationsKnown, p.AwardsKnown, p.RDInstitutionsKnown, p.StandardsKnown = false, false, false, false
			},
			want: expect{verdict: NeedsReview, status: map[string]Status{"kexiao.d1": Review, "kexiao.d2": Review,
				"kexiao.d3": Review, "kexiao.d4": Review, "kexiao.c5": Review}},
		},
		{
			// A direct route does not excuse art. 6(1)–(4): with a valid 高企 but sales over 2亿 it still fails.
			name: "direct route does not excuse the size limit",
			edit: func(p *Profile) {
				p.Years[2024].Revenue = Wan(30000)
				p.Qualifications = []Qualification{{Kind: TitleGaoqi, ValidFrom: date(2023, time.December, 8), ValidTo: date(2026, time.December, 7)}}
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"kexiao.c2": Fail, "kexiao.c5": Pass}, missing: "kexiao.c2"},
		},
	}
	runRows(t, set, kexiaoBase, 2025, kexiaoDate, rows)
}

func TestAverages(t *testing.T) {
	// 195号: (h0 + 2·h1 + … + 2·h11 + h12) / 24. 100 at the start, 112 at the end, +1 a month: 106.
	m := MonthlyAverage([13]int64{100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112})
	if m.rat().Cmp(ratInt(106)) != 0 {
		t.Errorf("MonthlyAverage = %d/%d, want 106", m.Num, m.Den)
	}
	// Only the year-end changes: (11·2·10 + 10 + 11)/24 = 241/24.
	m = MonthlyAverage([13]int64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 11})
	if *m != (Frac{241, 24}) {
		t.Errorf("MonthlyAverage = %d/%d, want 241/24", m.Num, m.Den)
	}
	// 115号 填报说明: (h0 + 2·h1 + 2·h2 + 2·h3 + h4) / 8.
	q := QuarterlyAverage([5]int64{100, 104, 108, 112, 116})
	if q.rat().Cmp(ratInt(108)) != 0 {
		t.Errorf("QuarterlyAverage = %d/%d, want 108", q.Num, q.Den)
	}
}
