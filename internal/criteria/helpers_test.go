package criteria

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Test helpers. Profiles are written by hand from the documents; each table row changes one thing and cites
// the rule its expectation follows.

// expect is what a row asserts. Only the criteria named in status and points are checked, so each row states
// exactly what its rule decides. missing is always checked ("" means no single failing condition).
type expect struct {
	verdict Verdict
	status  map[string]Status
	points  map[string]Points
	score   *Points
	missing string
}

type row struct {
	name string
	edit func(p *Profile)
	want expect
}

// runRows evaluates every row on a fresh base profile.
func runRows(t *testing.T, set *RuleSet, base func() *Profile, year int, date time.Time, rows []row) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			if tc.edit != nil {
				tc.edit(p)
			}
			r := Evaluate(set, p, year, date)
			check(t, r, tc.want)
		})
	}
}

func check(t *testing.T, r *Result, want expect) {
	t.Helper()
	bad := false
	if want.verdict != "" && r.Verdict != want.verdict {
		t.Errorf("verdict = %s, want %s", r.Verdict, want.verdict)
		bad = true
	}
	for id, s := range want.status {
		o, ok := r.Outcome(id)
		if !ok {
			t.Errorf("no criterion %s", id)
			continue
		}
		if o.Status != s {
			t.Errorf("%s status = %s, want %s (%s)", id, o.Status, s, o.Note)
			bad = true
		}
	}
	for id, p := range want.points {
		o, ok := r.Outcome(id)
		if !ok {
			t.Errorf("no criterion %s", id)
			continue
		}
		if o.Score != p {
			t.Errorf("%s score = %s, want %s (%s)", id, o.Score, p, o.Note)
			bad = true
		}
	}
	if want.score != nil && r.Score != *want.score {
		t.Errorf("total score = %s, want %s", r.Score, *want.score)
		bad = true
	}
	if r.MissingOne != want.missing {
		t.Errorf("MissingOne = %q, want %q (failed: %v)", r.MissingOne, want.missing, r.Failed)
		bad = true
	}
	if bad {
		t.Log(dump(r))
	}
}

// dump renders a result for test logs.
func dump(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d: %s score %s/%d failed %v\n", r.SetID, r.Year, r.Verdict, r.Score, r.MaxScore, r.Failed)
	for _, o := range r.Criteria {
		fmt.Fprintf(&b, "  %-24s %-6s", o.ID, o.Status)
		if o.Scored() {
			fmt.Fprintf(&b, " [%s/%d]", o.Score, o.MaxScore)
		}
		var figs []string
		for _, f := range o.Figures {
			figs = append(figs, f.String())
		}
		fmt.Fprintf(&b, " %s | %s | %s\n", strings.Join(figs, "，"), o.Threshold, o.Note)
	}
	return b.String()
}

func ps(lo, hi int) *Points { return &Points{lo, hi} }

func date(y int, m time.Month, d int) time.Time { return day(y, m, d) }

// setFigures records the figures of fiscal year y.
func setFigures(p *Profile, y int, f *YearFigures) {
	if p.Years == nil {
		p.Years = map[int]*YearFigures{}
	}
	p.Years[y] = f
}

func TestMissingNoteNamesEachYearOnce(t *testing.T) {
	if got := missingNote("研发费用或销售收入", []int{2025, 2024, 2025}); got != "研发费用或销售收入未填报（2024、2025年）。" {
		t.Fatalf("missingNote = %q", got)
	}
}
