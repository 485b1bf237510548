package criteria

import (
	"fmt"
	"time"
)

// Status is the outcome of one criterion.
type Status string

// The three outcomes of a criterion (criteria.md §7.5).
const (
	// Pass: the figures prove the criterion holds. For a score item it means the figures fix its points.
	Pass Status = "pass"
	// Fail: the figures prove the criterion does not hold.
	Fail Status = "fail"
	// Review: the figures neither prove nor refute it, because an input is unknown or an expert judges it.
	Review Status = "review"
)

// Label is the Chinese name of the status.
func (s Status) Label() string {
	switch s {
	case Pass:
		return "符合"
	case Fail:
		return "不符合"
	case Review:
		return "待审核"
	}
	return string(s)
}

// Verdict is the outcome of a whole rule set.
type Verdict string

// The verdicts of a rule set.
const (
	Eligible    Verdict = "eligible"
	NotEligible Verdict = "not_eligible"
	NeedsReview Verdict = "needs_review"
)

// Label is the Chinese name of the verdict.
func (v Verdict) Label() string {
	switch v {
	case Eligible:
		return "符合条件"
	case NotEligible:
		return "不符合条件"
	case NeedsReview:
		return "需人工审核"
	}
	return string(v)
}

// Kind says what part a criterion plays in the verdict.
type Kind string

// The kinds of criteria.
const (
	// KindCondition must pass for the set to pass. Only conditions decide the verdict and MissingOne.
	KindCondition Kind = "condition"
	// KindItem is a score item: it gives points to its ScoreGroup and never decides the verdict alone.
	KindItem Kind = "item"
	// KindAlternative is one branch that a condition combines (the score route, a direct route, a band of a
	// requirement). It is shown with its status but decides nothing alone.
	KindAlternative Kind = "alternative"
)

// Points is a score that the figures may fix (Lo == Hi) or only bound (Lo < Hi).
type Points struct {
	Lo, Hi int
}

// Fixed reports whether the figures decide the points.
func (p Points) Fixed() bool { return p.Lo == p.Hi }

// String shows "45" for fixed points and "45–60" for a range.
func (p Points) String() string {
	if p.Fixed() {
		return fmt.Sprintf("%d", p.Lo)
	}
	return fmt.Sprintf("%d–%d", p.Lo, p.Hi)
}

func (p Points) add(q Points) Points { return Points{p.Lo + q.Lo, p.Hi + q.Hi} }

func (p Points) capped(max int) Points { return Points{min(p.Lo, max), min(p.Hi, max)} }

func pts(n int) Points { return Points{n, n} }

// Figure is one value a criterion used, ready to show: Name "研发费用占比", Value "4.82%". Exact holds the value
// for machines: fen for money, "num/den" for ratios and averaged headcounts, "" when unknown.
type Figure struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Exact string `json:"exact,omitempty"`
	Known bool   `json:"known"`
}

// String is "研发费用占比 4.82%".
func (f Figure) String() string { return f.Name + " " + f.Value }

// Outcome is the result of one criterion.
type Outcome struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Cite names the document and article or annex item the criterion follows.
	Cite   string `json:"cite"`
	Kind   Kind   `json:"kind"`
	Group  string `json:"group,omitempty"`
	Status Status `json:"status"`
	// Figures are the values used, in the order a reader checks them.
	Figures []Figure `json:"figures,omitempty"`
	// Threshold states the rule applied, with the band chosen where the rule depends on the figures.
	Threshold string `json:"threshold"`
	// Score and MaxScore are set for score items (MaxScore > 0).
	Score    Points `json:"score"`
	MaxScore int    `json:"max_score,omitempty"`
	// Note explains a review, a fail or a choice the engine made (for example an UNCONFIRMED reading).
	Note string `json:"note,omitempty"`
	// Parts lists the criteria a combining condition was decided from.
	Parts []string `json:"parts,omitempty"`

	// judgeable marks a score item whose range comes from expert judgement alone (every figure it needs is
	// known), so that points entered in Judgements.Points may fix it.
	judgeable bool
}

// Scored reports whether the outcome carries points.
func (o Outcome) Scored() bool { return o.MaxScore > 0 }

// GroupScore is the subtotal of one score group.
type GroupScore struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Score Points `json:"score"`
	Max   int    `json:"max"`
}

// Result is the evaluation of one rule set for one enterprise and application year.
type Result struct {
	SetID   string `json:"set_id"`
	SetName string `json:"set_name"`
	Version string `json:"version"`
	Scheme  string `json:"scheme"`
	// Year is the application year Y; the figures used are those of the years before it (criteria.md §7.3).
	Year            int       `json:"year"`
	ApplicationDate time.Time `json:"application_date"`
	Criteria        []Outcome `json:"criteria"`
	// Score is the total over the score groups (MaxScore 0 when the scheme does not score).
	Score    Points       `json:"score"`
	MaxScore int          `json:"max_score,omitempty"`
	Groups   []GroupScore `json:"groups,omitempty"`
	Verdict  Verdict      `json:"verdict"`
	// Failed lists the IDs of the conditions that failed.
	Failed []string `json:"failed,omitempty"`
	// MissingOne is the ID of the only failing condition when exactly one condition fails; the others pass or
	// need review (see NearMiss). Empty otherwise.
	MissingOne string `json:"missing_one,omitempty"`
	// Notes are remarks on the whole evaluation, such as a set used outside its period.
	Notes []string `json:"notes,omitempty"`
}

// Outcome returns the outcome with the given ID.
func (r *Result) Outcome(id string) (Outcome, bool) {
	for _, o := range r.Criteria {
		if o.ID == id {
			return o, true
		}
	}
	return Outcome{}, false
}

// NearMiss reports whether exactly one condition fails and every other condition passes: fixing that one
// condition would make the enterprise eligible on the figures alone. MissingOne is wider: it also names the
// single failing condition when others still need review (for 高企 the expert-judged score always does).
func (r *Result) NearMiss() bool {
	if r.MissingOne == "" {
		return false
	}
	for _, o := range r.Criteria {
		if o.Kind == KindCondition && o.ID != r.MissingOne && o.Status != Pass {
			return false
		}
	}
	return true
}
