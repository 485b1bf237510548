package criteria

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"parkos/internal/errs"
)

func TestBuiltinSetsAreWellFormed(t *testing.T) {
	for _, s := range Sets() {
		if len(s.Documents) == 0 {
			t.Errorf("%s cites no document", s.ID)
		}
		if s.Name == "" || s.Version == "" {
			t.Errorf("%s lacks a name or version", s.ID)
		}
		for _, c := range s.Criteria {
			if c.Label == "" || c.Cite == "" {
				t.Errorf("%s/%s lacks a label or citation", s.ID, c.ID)
			}
		}
		// Every set evaluates an empty profile without panicking, and an empty profile is never eligible:
		// unknown is not zero, so nothing can pass on it (criteria.md §7.5).
		r := Evaluate(s, &Profile{}, 2025, date(2025, time.May, 1))
		if r.Verdict == Eligible {
			t.Errorf("%s: an empty profile is eligible", s.ID)
		}
		if len(r.Criteria) != len(s.Criteria) {
			t.Errorf("%s: %d outcomes for %d criteria", s.ID, len(r.Criteria), len(s.Criteria))
		}
	}
}

// An empty profile: every figure unknown. Unknown must give review, never a silent fail (criteria.md §7.5).
// The only fails allowed are ones that follow from what is known, and an empty profile knows nothing.
func TestUnknownIsNeverFail(t *testing.T) {
	for _, s := range Sets() {
		r := Evaluate(s, &Profile{}, 2025, date(2025, time.May, 1))
		for _, o := range r.Criteria {
			if o.Status == Fail {
				t.Errorf("%s/%s fails on an empty profile: %s", s.ID, o.ID, o.Note)
			}
		}
		if r.Verdict != NeedsReview {
			t.Errorf("%s: empty profile verdict %s, want needs_review", s.ID, r.Verdict)
		}
	}
}

func TestApplicable(t *testing.T) {
	tests := []struct {
		scheme, region string
		on             time.Time
		want           string // "" = not found
	}{
		{SchemeGaoqi, "CN-HA-LY", date(2025, time.June, 1), "gaoqi-2016"},
		{SchemeGaoqi, "", date(2016, time.January, 1), "gaoqi-2016"},
		{SchemeGaoqi, "CN", date(2015, time.December, 31), ""}, // before 32号 applied
		{SchemeKexiao, "CN-HA-LY", date(2025, time.May, 1), "kexiao-2017"},
		{SchemeChuangxin, "CN-HA-LY", date(2026, time.June, 1), "chuangxin-2022"}, // kept by the 2026办法 art. 30
		// criteria.md §0: 63号 附件2/3 apply to applications before 2026-04-01; from that date the 2026办法.
		{SchemeZhuanjingtexin, "CN-HA-LY", date(2026, time.March, 31), "zhuanjingtexin-2022"},
		{SchemeZhuanjingtexin, "CN-HA-LY", date(2026, time.April, 1), "zhuanjingtexin-2026"},
		{SchemeXiaojuren, "CN-HA-LY", date(2026, time.March, 31), "xiaojuren-2022"},
		{SchemeXiaojuren, "CN-HA-LY", date(2026, time.April, 1), "xiaojuren-2026"},
		// 瞪羚 is local: Luoyang and its districts get the typical set, other regions none.
		{SchemeDengling, "CN-HA-LY", date(2025, time.May, 1), "dengling-typical"},
		{SchemeDengling, "CN-HA-LY-JX", date(2025, time.May, 1), "dengling-typical"},
		{SchemeDengling, "CN-HA-ZZ", date(2025, time.May, 1), ""},
		{SchemeDengling, "CN-HA-LYX", date(2025, time.May, 1), ""}, // a prefix that is not a subdivision
		{"unknown", "CN", date(2025, time.May, 1), ""},
	}
	for _, tc := range tests {
		s, err := Applicable(tc.scheme, tc.region, tc.on)
		switch {
		case tc.want == "" && !errs.Is(err, errs.NotFound):
			t.Errorf("Applicable(%s, %s, %s) = %v, %v; want not found", tc.scheme, tc.region, tc.on.Format(time.DateOnly), s, err)
		case tc.want != "" && (err != nil || s.ID != tc.want):
			t.Errorf("Applicable(%s, %s, %s) = %v, %v; want %s", tc.scheme, tc.region, tc.on.Format(time.DateOnly), s, err, tc.want)
		}
	}
}

// The unverified 2026 sets never decide: every application from 2026-04-01 needs review, with the reason.
func TestMIIT2026Unverifieds(t *testing.T) {
	for _, id := range []string{"zhuanjingtexin-2026", "xiaojuren-2026"} {
		s, err := ByID(id)
		if err != nil {
			t.Fatal(err)
		}
		r := Evaluate(s, zjtxBase(), 2026, date(2026, time.May, 1))
		if r.Verdict != NeedsReview {
			t.Errorf("%s verdict = %s, want needs_review", id, r.Verdict)
		}
		for _, o := range r.Criteria {
			if o.Status != Review || !strings.Contains(o.Note, "工信部企业〔2026〕2号") {
				t.Errorf("%s/%s = %s %q, want review with the explanation", id, o.ID, o.Status, o.Note)
			}
		}
	}
}

func TestNewRegistryRefusesAmbiguity(t *testing.T) {
	a := NewDengling(TypicalDengling())
	b := NewDengling(TypicalDengling())
	b.ID = "dengling-other"
	if _, err := NewRegistry(a, b); !errs.Is(err, errs.Conflict) {
		t.Errorf("overlapping sets accepted: %v", err)
	}
	// The same scheme and region in consecutive periods is fine.
	b.EffectiveFrom, a.EffectiveTo = date(2027, time.January, 1), date(2027, time.January, 1)
	reg, err := NewRegistry(a, b)
	if err != nil {
		t.Fatalf("consecutive sets refused: %v", err)
	}
	if s, _ := reg.Applicable(SchemeDengling, "CN-HA-LY", date(2026, time.December, 31)); s.ID != a.ID {
		t.Errorf("2026-12-31 got %s", s.ID)
	}
	if s, _ := reg.Applicable(SchemeDengling, "CN-HA-LY", date(2027, time.January, 1)); s.ID != b.ID {
		t.Errorf("2027-01-01 got %s", s.ID)
	}
	if _, err := NewRegistry(a, a); !errs.Is(err, errs.Conflict) {
		t.Errorf("duplicate ID accepted: %v", err)
	}
	broken := NewDengling(TypicalDengling())
	broken.Criteria[0].Eval = nil
	if _, err := NewRegistry(broken); !errs.Is(err, errs.Invalid) {
		t.Errorf("criterion without Eval accepted: %v", err)
	}
}

// 瞪羚 is configurable. The typical default (CONTEXT.md): 营业收入 1,000万–5亿, CAGR ≥ 20% over 2022–2024, R&D
// ≥ 5%, for an application in 2025.
func TestDengling(t *testing.T) {
	base := func() *Profile {
		p := &Profile{}
		setFigures(p, 2022, &YearFigures{Revenue: Wan(10000)})
		setFigures(p, 2023, &YearFigures{Revenue: Wan(12000)})
		// 10,000万 → 14,400万 over two periods: √1.44 − 1 = 20% exactly.
		setFigures(p, 2024, &YearFigures{Revenue: Wan(14400), RDExpense: Wan(720)}) // 720/14,400 = 5% exactly
		return p
	}
	rows := []row{
		{name: "at every edge passes", want: expect{verdict: Eligible,
			status: map[string]Status{"dengling.revenue": Pass, "dengling.growth": Pass, "dengling.rd": Pass}}},
		{
			name: "CAGR just under 20% fails",
			edit: func(p *Profile) { p.Years[2024].Revenue, p.Years[2024].RDExpense = Fen(14400*fenPerWan-1), Wan(720) },
			want: expect{verdict: NotEligible, status: map[string]Status{"dengling.growth": Fail}, missing: "dengling.growth"},
		},
		{
			name: "R&D just under 5% fails",
			edit: func(p *Profile) { p.Years[2024].RDExpense = Fen(720*fenPerWan - 1) },
			want: expect{verdict: NotEligible, status: map[string]Status{"dengling.rd": Fail}, missing: "dengling.rd"},
		},
		{
			// Revenue exactly 5亿 is inside the range (both ends inclusive); growth from 2022 kept at 20%+.
			name: "revenue exactly 5亿 passes",
			edit: func(p *Profile) {
				p.Years[2022].Revenue = Wan(30000)
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Wan(50000), Wan(2500)
			},
			want: expect{verdict: Eligible, status: map[string]Status{"dengling.revenue": Pass}},
		},
		{
			name: "revenue 5亿 + 1分 fails",
			edit: func(p *Profile) {
				p.Years[2022].Revenue = Wan(30000)
				p.Years[2024].Revenue, p.Years[2024].RDExpense = Fen(5*fenPerYi+1), Wan(2600)
			},
			want: expect{verdict: NotEligible, status: map[string]Status{"dengling.revenue": Fail}, missing: "dengling.revenue"},
		},
		{
			name: "base-year revenue unknown: review",
			edit: func(p *Profile) { p.Years[2022].Revenue = nil },
			want: expect{verdict: NeedsReview, status: map[string]Status{"dengling.growth": Review}},
		},
	}
	runRows(t, NewDengling(TypicalDengling()), base, 2025, date(2025, time.May, 1), rows)

	// A city's own rule: revenue ≥ 500万 only, growth ≥ 30% over three periods, no R&D requirement.
	custom := NewDengling(DenglingParams{
		ID: "dengling-test-2024", Name: "测试市瞪羚企业", Region: "CN-XX-YY", Version: "2024",
		EffectiveFrom: date(2024, time.January, 1),
		Documents:     []Document{{Short: "测试市办法", Title: "测试市瞪羚企业认定办法"}},
		RevenueMin:    500 * fenPerWan, GrowthMin: PercentOf(30, 100), GrowthPeriods: 3,
	})
	if len(custom.Criteria) != 2 {
		t.Fatalf("custom set has %d criteria, want 2 (no R&D rule)", len(custom.Criteria))
	}
	p := &Profile{}
	setFigures(p, 2021, &YearFigures{Revenue: Wan(1000)})
	setFigures(p, 2024, &YearFigures{Revenue: Wan(2197)}) // 1.3³ = 2.197 → exactly 30%
	check(t, Evaluate(custom, p, 2025, date(2025, time.May, 1)), expect{verdict: Eligible})
}

func TestDisplay(t *testing.T) {
	tests := []struct{ got, want string }{
		{fmtWan(5000 * fenPerWan), "5,000万元"},
		{fmtWan(12345 * fenPerWan / 100), "123.45万元"},
		{fmtWan(100), "0.0001万元"},
		{fmtWan(0), "0万元"},
		{fmtWan(-1500 * fenPerWan), "-1,500万元"},
		{fmtPct(big.NewRat(482, 10000)), "4.82%"},
		{fmtPct(big.NewRat(1, 3)), "约33.33%"},
		{fmtPct(big.NewRat(1, 20)), "5.00%"},
		{fmtNum(big.NewRat(25, 2)), "12.5"},
		{fmtNum(big.NewRat(241, 24)), "约10.04"},
		{fmtCAGR(big.NewRat(144, 100), 2), "20.00%"},
		{fmtCAGR(big.NewRat(117, 100), 2), "约8.17%"},
		{figPct("研发费用占比", big.NewRat(482, 10000)).String(), "研发费用占比 4.82%"},
		{figMoney("研发费用", nil).String(), "研发费用 未填报"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestFullYears(t *testing.T) {
	tests := []struct {
		since time.Time
		end   int
		want  int
	}{
		{date(2020, time.January, 1), 2021, 2},   // 2020-01-01 to 2021-12-31: two whole years
		{date(2020, time.January, 2), 2021, 1},   // one day short
		{date(2020, time.February, 29), 2023, 3}, // leap day
		{date(2025, time.January, 1), 2024, 0},   // not yet started
	}
	for _, tc := range tests {
		if got := fullYears(tc.since, tc.end); got != tc.want {
			t.Errorf("fullYears(%s, %d) = %d, want %d", tc.since.Format(time.DateOnly), tc.end, got, tc.want)
		}
	}
}

// Results are plain data for pages, exports and the JSON API.
func TestResultJSON(t *testing.T) {
	r := Evaluate(NewKexiao2017(), kexiaoBase(), 2025, kexiaoDate)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Verdict != Eligible || back.Score != (Points{100, 100}) || len(back.Criteria) != len(r.Criteria) {
		t.Errorf("round trip lost data: %s", b)
	}
	if !strings.Contains(string(b), `"value":"6.00%"`) {
		t.Errorf("JSON lacks the display value: %s", b)
	}
}

// "Who misses only one criterion, and which": MissingOne names it; NearMiss says whether the rest pass outright.
func TestNearMiss(t *testing.T) {
	p := kexiaoBase()
	p.MainlandResident = Bool(false)
	r := Evaluate(NewKexiao2017(), p, 2025, kexiaoDate)
	if r.MissingOne != "kexiao.c1" || !r.NearMiss() {
		t.Errorf("MissingOne = %q NearMiss = %v", r.MissingOne, r.NearMiss())
	}
	// 高企: a single failing condition while the score still needs the experts is a miss of one, not a near miss
	// on the figures alone.
	g := gaoqiBase()
	g.Years[2024].StaffGaoqi.Tech = People(9)
	r = Evaluate(NewGaoqi2016(), g, 2025, gaoqiDate)
	if r.MissingOne != "gaoqi.c4" || r.NearMiss() {
		t.Errorf("高企 MissingOne = %q NearMiss = %v", r.MissingOne, r.NearMiss())
	}
}
