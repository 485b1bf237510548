package criteria

import (
	"fmt"
	"time"
)

// The schemes. A scheme is the qualification; a RuleSet is one version of its rules for one region.
const (
	SchemeGaoqi          = "gaoqi"          // 高新技术企业
	SchemeKexiao         = "kexiao"         // 科技型中小企业
	SchemeChuangxin      = "chuangxin"      // 创新型中小企业
	SchemeZhuanjingtexin = "zhuanjingtexin" // 专精特新中小企业
	SchemeXiaojuren      = "xiaojuren"      // 专精特新"小巨人"企业
	SchemeDengling       = "dengling"       // 瞪羚企业
)

// RegionNational is the region code of national rules.
const RegionNational = "CN"

// Document is a governing document a rule set rests on.
type Document struct {
	// Short is the short title used in citations ("32号").
	Short string
	// Title is the full Chinese title with its number.
	Title string
	// Issued is the date on the document, when known.
	Issued time.Time
	// URL is the official address, or the reprint the rules were checked against.
	URL string
	// Note says how far the text was verified.
	Note string
}

// ScoreGroup is a group of score items with its cap: 高企's 知识产权 (30, bonus inside the cap), 创新型's
// 创新能力 (40). A rule set that scores without groups puts each item in a group of its own.
type ScoreGroup struct {
	ID    string
	Label string
	Max   int
}

// Criterion is one rule of a rule set.
type Criterion struct {
	// ID is stable across versions of a scheme where the rule is the same ("gaoqi.c4").
	ID string
	// Label is the Chinese name shown to users.
	Label string
	// Cite is the document and article or annex item ("32号 第十一条(四)").
	Cite string
	Kind Kind
	// Group and MaxScore are set for score items.
	Group    string
	MaxScore int
	// Eval decides the criterion. It fills Status, Figures, Threshold, Score and Note; Evaluate fills the rest
	// from the Criterion.
	Eval func(c *Context) Outcome
}

// RuleSet is one version of a scheme's rules for one region, in force for a period.
type RuleSet struct {
	ID     string
	Scheme string
	// Name is the Chinese name of the scheme and version.
	Name string
	// Region is the region covered: "CN" for national rules, "CN-HA-LY" for a city's.
	Region  string
	Version string
	// EffectiveFrom is the first application date the set applies to; EffectiveTo is the first date it no
	// longer applies to (zero: open-ended).
	EffectiveFrom time.Time
	EffectiveTo   time.Time
	Documents     []Document
	Groups        []ScoreGroup
	Criteria      []Criterion
	// PassScore is the score threshold shown with the total; the conditions that apply it decide the verdict.
	PassScore int
	// Notes record the choices made where the documents leave one, and what is UNCONFIRMED.
	Notes []string
}

// InForce reports whether the set applies to an application on date d.
func (s *RuleSet) InForce(d time.Time) bool {
	d = dateOnly(d)
	if d.Before(s.EffectiveFrom) {
		return false
	}
	return s.EffectiveTo.IsZero() || d.Before(s.EffectiveTo)
}

// Covers reports whether the set's region includes region: "CN" covers "CN-HA-LY", "CN-HA" covers
// "CN-HA-LY", "CN-HA-LY" covers only itself and its subdivisions.
func (s *RuleSet) Covers(region string) bool {
	if region == "" {
		region = RegionNational
	}
	return region == s.Region || (len(region) > len(s.Region) && region[:len(s.Region)] == s.Region &&
		region[len(s.Region)] == '-')
}

// Criterion returns the criterion with the given ID.
func (s *RuleSet) Criterion(id string) (Criterion, bool) {
	for _, c := range s.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return Criterion{}, false
}

// Scores reports whether the set computes a score.
func (s *RuleSet) Scores() bool { return len(s.Groups) > 0 }

// validate checks a set's internal consistency: unique criterion IDs, score items in declared groups, every
// criterion with an Eval.
func (s *RuleSet) validate() error {
	if s.ID == "" || s.Scheme == "" || s.Region == "" || s.EffectiveFrom.IsZero() {
		return fmt.Errorf("criteria: rule set %q lacks an ID, scheme, region or start date", s.ID)
	}
	if !s.EffectiveTo.IsZero() && !s.EffectiveTo.After(s.EffectiveFrom) {
		return fmt.Errorf("criteria: rule set %q ends before it starts", s.ID)
	}
	groups := map[string]bool{}
	for _, g := range s.Groups {
		groups[g.ID] = true
	}
	seen := map[string]bool{}
	for _, c := range s.Criteria {
		if seen[c.ID] {
			return fmt.Errorf("criteria: rule set %q has criterion %q twice", s.ID, c.ID)
		}
		seen[c.ID] = true
		if c.Eval == nil {
			return fmt.Errorf("criteria: criterion %q of %q has no Eval", c.ID, s.ID)
		}
		if c.Kind == KindItem && (!groups[c.Group] || c.MaxScore <= 0) {
			return fmt.Errorf("criteria: score item %q of %q has no group or maximum", c.ID, s.ID)
		}
	}
	return nil
}

// Context is what a criterion's Eval sees: the set, the profile, the application year and date, and the
// outcomes of the criteria evaluated before it.
type Context struct {
	Set     *RuleSet
	Profile *Profile
	// Year is the application year Y. "上年度" is Y−1, "近2年" Y−2…Y−1, "近三年" Y−3…Y−1 (criteria.md §7.3).
	Year int
	// Date is the application date (zero when unknown).
	Date time.Time

	outcomes []Outcome
	index    map[string]int
}

// Prev is the previous fiscal year, Y−1.
func (c *Context) Prev() int { return c.Year - 1 }

// FY returns the figures of fiscal year y.
func (c *Context) FY(y int) *YearFigures { return c.Profile.Year(y) }

// Outcome returns the outcome of a criterion evaluated earlier. Asking for one that was not is a defect in the
// rule set, caught by its tests.
func (c *Context) Outcome(id string) Outcome {
	i, ok := c.index[id]
	if !ok {
		panic(fmt.Sprintf("criteria: %s reads %q before it is evaluated", c.Set.ID, id))
	}
	return c.outcomes[i]
}

// GroupScore is the capped subtotal of a score group so far.
func (c *Context) GroupScore(id string) Points {
	var p Points
	for _, o := range c.outcomes {
		if o.Kind == KindItem && o.Group == id {
			p = p.add(o.Score)
		}
	}
	for _, g := range c.Set.Groups {
		if g.ID == id {
			return p.capped(g.Max)
		}
	}
	return p
}

// Total is the capped sum of all score groups so far.
func (c *Context) Total() Points {
	var p Points
	for _, g := range c.Set.Groups {
		p = p.add(c.GroupScore(g.ID))
	}
	return p
}

// Evaluate checks a profile against a rule set for application year year and application date date. year
// chooses the data windows (the figures of Y−1 and the years before it); date is used for ages, validity of
// titles and the compliance window. A set used outside its period still evaluates, with a note: the 2026 小巨人
// 复核 applies the 2022 set after it stopped applying to new applications.
func Evaluate(set *RuleSet, p *Profile, year int, date time.Time) *Result {
	if p == nil {
		p = &Profile{}
	}
	date = dateOnly(date)
	c := &Context{Set: set, Profile: p, Year: year, Date: date, index: map[string]int{}}
	for _, cr := range set.Criteria {
		o := cr.Eval(c)
		o.ID, o.Label, o.Cite, o.Kind, o.Group = cr.ID, cr.Label, cr.Cite, cr.Kind, cr.Group
		if cr.Kind == KindItem {
			o.MaxScore = cr.MaxScore
			applyJudgedPoints(&o, p.Judgements.Points)
		}
		if o.Status == "" {
			panic(fmt.Sprintf("criteria: %s/%s returned no status", set.ID, cr.ID))
		}
		c.index[cr.ID] = len(c.outcomes)
		c.outcomes = append(c.outcomes, o)
	}

	r := &Result{
		SetID: set.ID, SetName: set.Name, Version: set.Version, Scheme: set.Scheme,
		Year: year, ApplicationDate: date, Criteria: c.outcomes,
	}
	if set.Scores() {
		r.Score = c.Total()
		for _, g := range set.Groups {
			r.Groups = append(r.Groups, GroupScore{ID: g.ID, Label: g.Label, Score: c.GroupScore(g.ID), Max: g.Max})
			r.MaxScore += g.Max
		}
	}
	var statuses []Status
	for _, o := range c.outcomes {
		if o.Kind != KindCondition {
			continue
		}
		statuses = append(statuses, o.Status)
		if o.Status == Fail {
			r.Failed = append(r.Failed, o.ID)
		}
	}
	switch allOf(statuses...) {
	case Pass:
		r.Verdict = Eligible
	case Fail:
		r.Verdict = NotEligible
	default:
		r.Verdict = NeedsReview
	}
	if len(r.Failed) == 1 {
		r.MissingOne = r.Failed[0]
	}
	if date.IsZero() {
		r.Notes = append(r.Notes, "未给出申请日期：与日期有关的条件待审核。")
	} else if !set.InForce(date) {
		r.Notes = append(r.Notes, fmt.Sprintf("%s 的适用期为 %s，申请日期 %s 不在其内；仅当上级文件指定沿用时（如 2026 年小巨人复核）有效。",
			set.ID, periodText(set), date.Format(time.DateOnly)))
	}
	return r
}

// applyJudgedPoints fixes a judgeable score item's points from Judgements.Points when the entry lies within
// the range the figures allow.
func applyJudgedPoints(o *Outcome, entered map[string]int) {
	v, ok := entered[o.ID]
	if !ok || o.Score.Fixed() {
		return
	}
	if !o.judgeable {
		o.Note = joinNote(o.Note, fmt.Sprintf("录入的分值 %d 未采用：所需数据不全。", v))
		return
	}
	if v < o.Score.Lo || v > o.Score.Hi {
		o.Note = joinNote(o.Note, fmt.Sprintf("录入的分值 %d 超出数据允许的范围 %s，未采用。", v, o.Score))
		return
	}
	o.Score = pts(v)
	o.Status = Pass
	o.Note = joinNote(o.Note, fmt.Sprintf("分值 %d 为录入的专家评价。", v))
}

func periodText(s *RuleSet) string {
	from := s.EffectiveFrom.Format(time.DateOnly)
	if s.EffectiveTo.IsZero() {
		return from + " 起"
	}
	return from + " 至 " + s.EffectiveTo.AddDate(0, 0, -1).Format(time.DateOnly)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// dateOnly drops the clock time, keeping the calendar date in the time's own location.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Three-valued logic over statuses.

// allOf is Fail if any fails, else Review if any needs review, else Pass. allOf() is Pass.
func allOf(ss ...Status) Status {
	out := Pass
	for _, s := range ss {
		if s == Fail {
			return Fail
		}
		if s == Review {
			out = Review
		}
	}
	return out
}

// anyOf is Pass if any passes, else Review if any needs review, else Fail. anyOf() is Fail.
func anyOf(ss ...Status) Status {
	out := Fail
	for _, s := range ss {
		if s == Pass {
			return Pass
		}
		if s == Review {
			out = Review
		}
	}
	return out
}
