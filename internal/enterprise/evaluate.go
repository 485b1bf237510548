package enterprise

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// The registry's side of the criteria engine: it turns what the registry holds about an enterprise into a
// criteria.Profile, picks the rule set in force for the park's region and the application date, and answers
// "who may apply for X this year" and "who misses only one criterion, and which".
//
// What the registry knows, and so what counts:
//   - the record: founding date, kind, credit code, industry code, 战略性新兴产业;
//   - annual figures APPROVED by the park; drafts, submitted and returned years are ignored (and named in the
//     notes), so a figure nobody checked never decides a verdict;
//   - qualifications: the titles of the schemes, 技术先进型服务企业, recognised R&D institutions, and the three
//     national titles 63号 附件1 names when recorded under their exact names;
//   - the assessment (申报信息, assessment.go) park staff recorded: the 195号 monthly and 115号 quarterly
//     headcounts, the compliance record, restricted products, IP related to the main or leading product,
//     awards, R&D institutions, standards, 创客中国, niche-market years, market facts and the experts'
//     judgements and points.
//
// Whatever none of these holds stays unknown (nil), and the engine answers Review for it, never a silent
// Fail; an empty list of awards (institutions, standards, titles) counts as "none" only when staff confirmed
// it in the assessment.

// Scheme is a qualification scheme the criteria pages offer.
type Scheme struct {
	Key  string // criteria.SchemeGaoqi, ...
	Name string
}

// Schemes are the schemes evaluated, in the order of the ladder from 科小 and 高企 to 小巨人, then 瞪羚.
var Schemes = []Scheme{
	{criteria.SchemeGaoqi, "高新技术企业"},
	{criteria.SchemeKexiao, "科技型中小企业"},
	{criteria.SchemeChuangxin, "创新型中小企业"},
	{criteria.SchemeZhuanjingtexin, "专精特新中小企业"},
	{criteria.SchemeXiaojuren, "专精特新“小巨人”企业"},
	{criteria.SchemeDengling, "瞪羚企业"},
}

// SchemeName is the Chinese name of a scheme.
func SchemeName(key string) string {
	for _, s := range Schemes {
		if s.Key == key {
			return s.Name
		}
	}
	return key
}

// figureWindow is how many fiscal years before the application year an evaluation reads. The rule sets read
// figures of at most three years (近三年, Y−3…Y−1); the IP counts come from the latest approved year within
// this window.
const figureWindow = 5

// ApplicationDate is the application date an evaluation for year assumes: today (China time) when year is
// the current year, otherwise 1 June of that year. 1 June lies in the usual windows: 科小 evaluations run from
// 1 June to 31 August (工企业函〔2026〕160号, per criteria.md §0), and the first batches of 高企 and of the MIIT
// schemes are declared between May and July in Henan. The date decides which rule set applies (the 2026 MIIT
// sets from 2026-04-01), the age of the enterprise and the validity of titles.
func ApplicationDate(year int, now time.Time) time.Time {
	y, m, d := now.In(cst).Date()
	if year == y {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year, time.June, 1, 0, 0, 0, 0, time.UTC)
}

// checkEvaluation validates a scheme and an application year.
func (s *Service) checkEvaluation(scheme string, year int) error {
	var f errs.Fields
	if scheme != "" && !slices.ContainsFunc(Schemes, func(x Scheme) bool { return x.Key == scheme }) {
		f.Add("scheme", "认定类别只能是高新技术企业、科技型中小企业、创新型中小企业、专精特新中小企业、专精特新“小巨人”企业或瞪羚企业")
	}
	if cur := s.now().In(cst).Year(); year < 2017 || year > cur+1 {
		f.Add("year", fmt.Sprintf("申报年度应在 2017 至 %d 之间", cur+1))
	}
	return f.Err()
}

// EvaluateEnterprise evaluates one enterprise against the rule set of scheme in force for the park's region
// on the application date of year (see ApplicationDate), within the actor's scope. The result's notes say
// which figures were used and which were left out.
func (s *Service) EvaluateEnterprise(ctx context.Context, a *auth.Actor, entID int64, scheme string, year int) (*criteria.Result, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "criteria.evaluate", entID, "没有查看该企业认定评估的权限")
	}
	if scheme == "" {
		return nil, errs.Invalidf("scheme", "请选择认定类别")
	}
	if err := s.checkEvaluation(scheme, year); err != nil {
		return nil, err
	}
	recs, err := s.loadForEvaluation(ctx, entID, year)
	if err != nil {
		return nil, err
	}
	date := ApplicationDate(year, s.now())
	set, err := criteria.Applicable(scheme, s.Region, date)
	if err != nil {
		return nil, err
	}
	r, _ := evaluate(set, recs[0], s.Region, year, date)
	return r, nil
}

// EvaluateAll evaluates one enterprise against every scheme that has a rule set in force on the application
// date of year, in the order of Schemes.
func (s *Service) EvaluateAll(ctx context.Context, a *auth.Actor, entID int64, year int) ([]*criteria.Result, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "criteria.evaluate", entID, "没有查看该企业认定评估的权限")
	}
	if err := s.checkEvaluation("", year); err != nil {
		return nil, err
	}
	recs, err := s.loadForEvaluation(ctx, entID, year)
	if err != nil {
		return nil, err
	}
	date := ApplicationDate(year, s.now())
	var out []*criteria.Result
	for _, sc := range Schemes {
		set, err := criteria.Applicable(sc.Key, s.Region, date)
		if errs.Is(err, errs.NotFound) {
			continue // no set yet (创新型 and 专精特新 before June 2022)
		}
		if err != nil {
			return nil, err
		}
		r, _ := evaluate(set, recs[0], s.Region, year, date)
		out = append(out, r)
	}
	return out, nil
}

// Candidate is one enterprise's standing for a scheme.
type Candidate struct {
	Enterprise *Enterprise
	Result     *criteria.Result
	// Missing is the only failing condition (Result.MissingOne), with the figures that decided it in
	// MissingFigures (its own, or those of the failing parts of a combining condition).
	Missing        *criteria.Outcome
	MissingFigures []criteria.Figure
	// Open are the conditions that need review, Failed those that fail.
	Open, Failed []criteria.Outcome
	// Pending names the years whose figures exist but are not approved, so do not count yet
	// ("2024年（待审核）"): approving them may change the result.
	Pending []string
}

// NearMiss reports whether every condition but the missing one passes.
func (c *Candidate) NearMiss() bool { return c.Result.NearMiss() }

// Candidates answers "who may apply for a scheme this year", grouped.
type Candidates struct {
	Scheme string
	Year   int
	Date   time.Time
	Set    *criteria.RuleSet
	// Eligible: every condition passes on the approved figures.
	Eligible []*Candidate
	// MissingOne: exactly one condition fails; the others pass or need review. Near misses first.
	MissingOne []*Candidate
	// NeedsReview: nothing fails, something needs review. Fewest open conditions first.
	NeedsReview []*Candidate
	// NotEligible: two or more conditions fail. Fewest failures first.
	NotEligible []*Candidate
	// Held are the enterprises that already hold a title of the scheme valid on the application date; they
	// are not evaluated. Skipped are universities and institutes (高校院所), which the schemes do not cover.
	Held    []*Enterprise
	Skipped []*Enterprise
}

// Total is how many enterprises were evaluated.
func (c *Candidates) Total() int {
	return len(c.Eligible) + len(c.MissingOne) + len(c.NeedsReview) + len(c.NotEligible)
}

// FindCandidates evaluates every enterprise of the park that has not moved out and does not already hold a
// valid title of the scheme, and groups the results. It reads the registry in four queries, whatever the
// number of enterprises (enterprises, approved-or-not reports of the window, qualifications, assessments).
// Park staff only.
func (s *Service) FindCandidates(ctx context.Context, a *auth.Actor, scheme string, year int) (*Candidates, error) {
	if !a.Can(PermRead) {
		return nil, s.deny(ctx, a, "criteria.candidates", 0, "没有查看认定评估名单的权限")
	}
	if scheme == "" {
		return nil, errs.Invalidf("scheme", "请选择认定类别")
	}
	if err := s.checkEvaluation(scheme, year); err != nil {
		return nil, err
	}
	date := ApplicationDate(year, s.now())
	set, err := criteria.Applicable(scheme, s.Region, date)
	if err != nil {
		return nil, err
	}
	recs, err := s.loadForEvaluation(ctx, 0, year)
	if err != nil {
		return nil, err
	}
	out := &Candidates{Scheme: scheme, Year: year, Date: date, Set: set}
	for _, rec := range recs {
		switch {
		case rec.ent.Kind == KindUniversity:
			out.Skipped = append(out.Skipped, rec.ent)
			continue
		case holds(rec.quals, scheme, date):
			out.Held = append(out.Held, rec.ent)
			continue
		}
		r, facts := evaluate(set, rec, s.Region, year, date)
		c := candidate(rec.ent, r)
		c.Pending = facts.ignored
		switch {
		case c.Result.Verdict == criteria.Eligible:
			out.Eligible = append(out.Eligible, c)
		case c.Missing != nil:
			out.MissingOne = append(out.MissingOne, c)
		case c.Result.Verdict == criteria.NeedsReview:
			out.NeedsReview = append(out.NeedsReview, c)
		default:
			out.NotEligible = append(out.NotEligible, c)
		}
	}
	// recs come ordered by name; stable sorts keep that order within a rank.
	sort.SliceStable(out.MissingOne, func(i, j int) bool {
		x, y := out.MissingOne[i], out.MissingOne[j]
		if x.NearMiss() != y.NearMiss() {
			return x.NearMiss()
		}
		return len(x.Open) < len(y.Open)
	})
	sort.SliceStable(out.NeedsReview, func(i, j int) bool { return len(out.NeedsReview[i].Open) < len(out.NeedsReview[j].Open) })
	sort.SliceStable(out.NotEligible, func(i, j int) bool { return len(out.NotEligible[i].Failed) < len(out.NotEligible[j].Failed) })
	return out, nil
}

// ExportCandidates is FindCandidates for an export: the export is recorded in the audit log (reading the
// list on screen is not).
func (s *Service) ExportCandidates(ctx context.Context, a *auth.Actor, scheme string, year int) (*Candidates, error) {
	c, err := s.FindCandidates(ctx, a, scheme, year)
	if err != nil {
		return nil, err
	}
	err = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "criteria.export", ObjectType: "criteria", ObjectID: scheme,
		Note: fmt.Sprintf("导出%d年%s认定评估名单：可申报 %d、差一项 %d、需人工审核 %d、不符合 %d", year, SchemeName(scheme),
			len(c.Eligible), len(c.MissingOne), len(c.NeedsReview), len(c.NotEligible))})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// candidate wraps a result with what the lists show.
func candidate(e *Enterprise, r *criteria.Result) *Candidate {
	c := &Candidate{Enterprise: e, Result: r}
	for i := range r.Criteria {
		o := r.Criteria[i]
		if o.Kind != criteria.KindCondition {
			continue
		}
		switch o.Status {
		case criteria.Review:
			c.Open = append(c.Open, o)
		case criteria.Fail:
			c.Failed = append(c.Failed, o)
		}
		if o.ID == r.MissingOne {
			c.Missing = &r.Criteria[i]
		}
	}
	if c.Missing != nil {
		c.MissingFigures = decidingFigures(r, *c.Missing)
	}
	return c
}

// decidingFigures are the figures behind a condition: its own, or, for a condition combining others (a score
// route with direct routes), the figures of the parts that failed.
func decidingFigures(r *criteria.Result, o criteria.Outcome) []criteria.Figure {
	if len(o.Figures) > 0 || len(o.Parts) == 0 {
		return o.Figures
	}
	var figs []criteria.Figure
	for _, id := range o.Parts {
		if p, ok := r.Outcome(id); ok && p.Status == criteria.Fail {
			figs = append(figs, p.Figures...)
		}
	}
	return figs
}

// holds reports whether the qualifications include a title of scheme valid on date.
func holds(quals []*Qualification, scheme string, date time.Time) bool {
	for _, q := range quals {
		if q.Kind == scheme && toCriteria(q).validOn(date) {
			return true
		}
	}
	return false
}

// evalRecord is what the registry holds about one enterprise for an evaluation.
type evalRecord struct {
	ent        *Enterprise
	reports    map[int]*Report // by year, every status, within the window
	quals      []*Qualification
	assessment *Assessment // nil: nothing recorded
}

// loadForEvaluation reads one enterprise (entID > 0; not found is an error) or every enterprise that has not
// moved out (entID 0), with its reports of the years before year within figureWindow, its qualifications and
// its assessment: four queries in all.
func (s *Service) loadForEvaluation(ctx context.Context, entID int64, year int) ([]*evalRecord, error) {
	q := s.db.R
	var ents []*Enterprise
	if entID > 0 {
		e, err := byID(ctx, q, entID)
		if err != nil {
			return nil, err
		}
		ents = []*Enterprise{e}
	} else {
		rows, err := q.QueryContext(ctx, `SELECT `+entCols+` FROM enterprises WHERE status <> 'moved_out' ORDER BY name, id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			ents = append(ents, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	recs := make([]*evalRecord, len(ents))
	byEnt := make(map[int64]*evalRecord, len(ents))
	for i, e := range ents {
		recs[i] = &evalRecord{ent: e, reports: map[int]*Report{}}
		byEnt[e.ID] = recs[i]
	}
	if err := loadReports(ctx, q, entID, year-figureWindow, year, byEnt); err != nil {
		return nil, err
	}
	if err := loadAssessments(ctx, q, entID, byEnt); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+qualCols+` FROM qualifications WHERE CAST($1 AS BIGINT) = 0 OR enterprise_id = $1
		ORDER BY enterprise_id, id`, entID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		ql, err := scanQualification(rows)
		if err != nil {
			return nil, err
		}
		if r := byEnt[ql.EnterpriseID]; r != nil {
			r.quals = append(r.quals, ql)
		}
	}
	return recs, rows.Err()
}

// loadReports reads the reports of years from..to−1 (of one enterprise, or of all when entID is 0) into the
// records they belong to.
func loadReports(ctx context.Context, q db.Querier, entID int64, from, to int, byEnt map[int64]*evalRecord) error {
	var probe Figures
	fields := probe.fields()
	cols := make([]string, len(fields))
	for i, x := range fields {
		cols[i] = x.col
	}
	rows, err := q.QueryContext(ctx, `SELECT enterprise_id, year, status, `+strings.Join(cols, ", ")+` FROM annual_reports
		WHERE year >= $1 AND year < $2 AND (CAST($3 AS BIGINT) = 0 OR enterprise_id = $3)`, from, to, entID)
	if err != nil {
		return err
	}
	defer rows.Close()
	nulls := make([]sql.NullInt64, len(fields))
	for rows.Next() {
		r := &Report{}
		dest := []any{&r.EnterpriseID, &r.Year, &r.Status}
		for i := range nulls {
			dest = append(dest, &nulls[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, x := range r.Figures.fields() {
			if nulls[i].Valid {
				v := nulls[i].Int64
				*x.v = &v
			}
		}
		if rec := byEnt[r.EnterpriseID]; rec != nil {
			rec.reports[r.Year] = r
		}
	}
	return rows.Err()
}

// The criteria the registry explains with a note of its own, because its data is of another kind than the
// criterion needs. TestAnnotatedCriteriaExist keeps these IDs in step with the rule sets.
const (
	critGaoqiStaff    = "gaoqi.c4"
	critGaoqiIP       = "gaoqi.c2"
	critKexiaoSize    = "kexiao.c2"
	critKexiaoStaff   = "kexiao.staff"
	critKexiaoRes     = "kexiao.c1"
	critChuangxinSME  = "chuangxin.c1"
	critChuangxinArea = "chuangxin.field"
)

// AnnotatedCriteria lists the criterion IDs whose outcomes evaluate() annotates.
var AnnotatedCriteria = []string{critGaoqiStaff, critGaoqiIP, critKexiaoSize, critKexiaoStaff, critKexiaoRes, critChuangxinSME, critChuangxinArea}

// evaluate builds the profile of one record and evaluates it, adding the registry's notes to the result.
func evaluate(set *criteria.RuleSet, rec *evalRecord, region string, year int, date time.Time) (*criteria.Result, *profileFacts) {
	p, facts := profileOf(rec, region, year)
	r := criteria.Evaluate(set, p, year, date)
	r.Notes = append(facts.notes(year, date), r.Notes...)
	prev := p.Year(year - 1)
	for i := range r.Criteria {
		o := &r.Criteria[i]
		add := ""
		switch o.ID {
		case critGaoqiStaff:
			switch n := staffText(prev.Staff); {
			case prev.StaffGaoqi.Total != nil:
				add = fmt.Sprintf("人数为申报信息中%d年13个月末人数按195号计算的全年月平均数。", year-1)
			case n != "" && o.Status == criteria.Review:
				add = fmt.Sprintf("园区登记的是%d年末人数（%s），本项须按195号的全年月平均人数计算：在申报信息中填入企业提供的月末人数即可计算。", year-1, n)
			}
		case critKexiaoSize, critKexiaoStaff:
			switch n := staffText(prev.Staff); {
			case prev.StaffKexiao.Total != nil:
				add = fmt.Sprintf("人数为申报信息中%d年5个季末人数按115号填报说明计算的季度平均数。", year-1)
			case n != "" && o.Status == criteria.Review:
				add = fmt.Sprintf("园区登记的是%d年末人数（%s），本项须按115号填报说明的季度平均人数计算：在申报信息中填入季末人数即可计算。", year-1, n)
			}
		case critKexiaoRes:
			add = facts.residency
		case critChuangxinSME:
			add = facts.sizeText(year)
		case critChuangxinArea:
			switch {
			case facts.emergingAssessed:
				add = "依据申报信息（园区核实）。"
			case p.Market.StrategicEmerging != nil:
				add = "依据企业档案登记的战略性新兴产业“" + rec.ent.EmergingIndustry + "”。"
			}
		case critGaoqiIP:
			if facts.ipYear > 0 && !facts.ipMain {
				add = fmt.Sprintf("知识产权数量取%d年末的有效数量（年度数据）。", facts.ipYear)
			}
		}
		if add != "" {
			o.Note = strings.TrimSpace(o.Note + " " + add)
		}
	}
	return r, facts
}

func staffText(s criteria.StaffCounts) string {
	var parts []string
	for _, x := range []struct {
		name string
		v    *criteria.Frac
	}{{"职工总数", s.Total}, {"科技人员", s.Tech}} {
		if x.v != nil && x.v.Den == 1 {
			parts = append(parts, fmt.Sprintf("%s %d 人", x.name, x.v.Num))
		}
	}
	return strings.Join(parts, "、")
}

// profileFacts records where the profile's values came from, for the notes.
type profileFacts struct {
	used      []int    // approved years used
	ignored   []string // years left out, with their state
	ipYear    int
	staff     bool // some approved year has headcounts
	size      SizeClass
	sizeFrom  string // the figures the size class used
	residency string

	assessed            *Assessment // the assessment applied, nil when none is recorded
	gaoqiAvg, kexiaoAvg bool        // the assessment gives the averaged headcounts of Y−1
	ipMain              bool        // the assessment gives IP related to the main or leading product
	emergingAssessed    bool        // the assessment decides 战略性新兴产业
}

func (f *profileFacts) notes(year int, date time.Time) []string {
	var n []string
	if len(f.used) == 0 {
		n = append(n, fmt.Sprintf("%d–%d年没有园区审核通过的年度数据，与数据有关的条件均待审核。", year-figureWindow, year-1))
	} else {
		ys := make([]string, len(f.used))
		for i, y := range f.used {
			ys[i] = strconv.Itoa(y)
		}
		n = append(n, "只采用园区审核通过的年度数据："+strings.Join(ys, "、")+"年。")
	}
	if len(f.ignored) > 0 {
		n = append(n, "未审核通过的年度数据不计入："+strings.Join(f.ignored, "；")+"。审核通过后重新评估即可计入。")
	}
	switch {
	case f.gaoqiAvg && f.kexiaoAvg:
		n = append(n, fmt.Sprintf("高企、科小的人数按申报信息中%d年的月末、季末人数求平均（195号全年月平均、115号填报说明季度平均）；专精特新、小巨人的研发人员占比按年度数据中的年末人数计算。", year-1))
	case f.kexiaoAvg:
		n = append(n, fmt.Sprintf("科小的人数按申报信息中%d年的季末人数求季度平均（115号填报说明）；高企的全年月平均人数（195号）须在申报信息中填入月末人数，否则相关条件待审核；专精特新、小巨人按年度数据中的年末人数计算。", year-1))
	case f.gaoqiAvg:
		n = append(n, fmt.Sprintf("高企的人数按申报信息中%d年的月末人数求全年月平均（195号）；科小的季度平均人数（115号填报说明）须在申报信息中填入季末人数，否则相关条件待审核；专精特新、小巨人按年度数据中的年末人数计算。", year-1))
	case f.staff:
		n = append(n, "人数取年度数据中的年末人数：专精特新、小巨人的研发人员占比按此计算；高企（195号，全年月平均）和科小（115号填报说明，季度平均）的人数口径与此不同，"+
			"须在申报信息中填入月末、季末人数，否则相关条件待审核。")
	}
	switch {
	case f.ipYear > 0 && f.ipMain:
		n = append(n, fmt.Sprintf("Ⅰ类、Ⅱ类知识产权总数取%d年末的有效数量；与主要产品（服务）或主导产品相关的数量取自申报信息。", f.ipYear))
	case f.ipYear > 0:
		n = append(n, fmt.Sprintf("Ⅰ类、Ⅱ类知识产权取%d年末的有效数量；与主要产品（服务）或主导产品相关的数量、获得方式由专家核定后填入申报信息。", f.ipYear))
	}
	if a := f.assessed; a != nil {
		n = append(n, fmt.Sprintf("已计入园区录入的申报信息（%s于 %s 更新）。", a.UpdatedByName, a.UpdatedAt.In(cst).Format(time.DateOnly)))
	} else {
		n = append(n, "尚未录入申报信息：平均人数、合规记录、与产品相关的知识产权、奖励与研发机构、专家判断等由园区核实后录入，相关条件才能得出结论。")
	}
	n = append(n, f.sizeText(year))
	return append(n, fmt.Sprintf("申请日期按 %s 计（%s）。", date.Format(time.DateOnly), dateReason(year, date)))
}

func dateReason(year int, date time.Time) string {
	if date.Month() == time.June && date.Day() == 1 {
		return fmt.Sprintf("%d年各类认定常见的申报时间", year)
	}
	return "今天"
}

func (f *profileFacts) sizeText(year int) string {
	if f.size.Scale == criteria.ScaleUnknown {
		return "企业规模未定：" + f.size.Reason + "（工信部联企业〔2011〕300号）。"
	}
	basis := f.size.Cite
	if f.size.Industry != "" {
		basis += "（" + f.size.Industry + "）"
	}
	if basis == "" {
		basis = "工信部联企业〔2011〕300号（" + f.size.Reason + "）"
	}
	return fmt.Sprintf("企业规模：按%s，以%d年%s划为%s企业。", basis, year-1, f.sizeFrom, ScaleNames[f.size.Scale])
}

// profileOf builds the criteria profile of a record for application year year.
func profileOf(rec *evalRecord, region string, year int) (*criteria.Profile, *profileFacts) {
	e := rec.ent
	facts := &profileFacts{}
	p := &criteria.Profile{Name: e.Name, Region: region, Years: map[int]*criteria.YearFigures{}}
	if e.FoundedOn != nil {
		p.Founded = chinaDate(*e.FoundedOn)
	}
	p.MainlandResident, facts.residency = residentEnterprise(e)
	if e.EmergingIndustry != "" {
		p.Market.StrategicEmerging = criteria.Bool(true)
	}

	for y := year - figureWindow; y < year; y++ {
		r := rec.reports[y]
		switch {
		case r == nil:
			continue
		case r.Status != ReportApproved:
			facts.ignored = append(facts.ignored, fmt.Sprintf("%d年（%s）", y, ReportStatusNames[r.Status]))
			continue
		}
		facts.used = append(facts.used, y)
		p.Years[y] = yearFigures(&r.Figures)
		if r.Figures.StaffTotal != nil || r.Figures.TechStaff != nil || r.Figures.RnDStaff != nil {
			facts.staff = true
		}
		// The year-end counts of the latest approved year that reports them stand for the IP held at the
		// application date.
		if r.Figures.IPClass1 != nil || r.Figures.IPClass2 != nil {
			p.IP.ClassI, p.IP.ClassII, facts.ipYear = r.Figures.IPClass1, r.Figures.IPClass2, y
		}
	}

	var staff, revenue, assets *int64
	if r := rec.reports[year-1]; r != nil && r.Status == ReportApproved {
		staff, revenue, assets = r.Figures.StaffTotal, r.Figures.Revenue, r.Figures.TotalAssets
	}
	facts.size = ClassifySize(e.IndustryCode, staff, revenue, assets)
	p.Scale = facts.size.Scale
	facts.sizeFrom = sizeFigures(staff, revenue, assets)

	for _, q := range rec.quals {
		cq := toCriteria(q)
		switch {
		case q.Kind == "rnd_institution":
			p.RDInstitutions = append(p.RDInstitutions, criteria.RDInstitution{Name: q.Name, Kind: "研发机构",
				Level: institutionLevels[q.Level], ValidFrom: cq.ValidFrom, ValidTo: cq.ValidTo})
		case cq.Kind != "":
			p.Qualifications = append(p.Qualifications, cq.Qualification)
		}
	}
	// The registry records the titles it is told of; it cannot show that an enterprise holds none, so
	// QualificationsKnown and RDInstitutionsKnown stay false (a missing title is Review, never Fail) unless
	// staff confirmed the lists in the assessment.
	applyAssessment(p, rec.assessment, year, facts)
	return p, facts
}

func sizeFigures(staff, revenue, assets *int64) string {
	var parts []string
	if staff != nil {
		parts = append(parts, fmt.Sprintf("从业人员 %d 人", *staff))
	}
	if revenue != nil {
		parts = append(parts, "营业收入 "+Wan(*revenue)+"万元")
	}
	if assets != nil {
		parts = append(parts, "资产总额 "+Wan(*assets)+"万元")
	}
	if len(parts) == 0 {
		return "的数据"
	}
	return strings.Join(parts, "、")
}

// residentEnterprise reads 115号 art. 6(1)'s "在中国境内（不包括港、澳、台地区）注册的居民企业" from the credit
// code (GB 32100-2015): "91" is an enterprise registered by a mainland market-regulation authority (登记管理
// 部门 9, 机构类别 1 企业), a resident enterprise under 企业所得税法 art. 2; "92" (个体工商户) and codes of
// institutions (1x 机构编制) or social organisations (5x 民政) are not enterprises. Anything else stays unknown.
func residentEnterprise(e *Enterprise) (*bool, string) {
	code := strings.ToUpper(e.USCC)
	switch {
	case strings.HasPrefix(code, "91"):
		return criteria.Bool(true), "依据统一社会信用代码第1–2位“91”（市场监管部门登记的企业）判断为境内注册的居民企业。"
	case strings.HasPrefix(code, "92"), strings.HasPrefix(code, "1"), strings.HasPrefix(code, "5"):
		return criteria.Bool(false), "统一社会信用代码第1–2位“" + code[:2] + "”表明登记主体不是企业。"
	case e.Kind == KindUniversity:
		return criteria.Bool(false), "登记类型为高校院所，不是企业。"
	}
	return nil, ""
}

// yearFigures maps approved figures to the engine's year figures. Money is fen on both sides; headcounts are
// year-end counts, so they go to Staff (the MIIT and local rules' headcount) and not to StaffGaoqi or
// StaffKexiao, whose averages the registry does not keep.
func yearFigures(f *Figures) *criteria.YearFigures {
	people := func(v *int64) *criteria.Frac {
		if v == nil {
			return nil
		}
		return criteria.People(*v)
	}
	return &criteria.YearFigures{
		Revenue: f.Revenue, MainRevenue: f.MainRevenue, TotalIncome: f.TotalIncome, HighTechIncome: f.HitechRevenue,
		RDExpense: f.RnDSpending, RDDomestic: f.RnDDomestic, TotalCost: f.TotalCost, NetProfit: f.NetProfit,
		TotalAssets: f.TotalAssets, TotalLiabilities: f.TotalLiabilities, EquityRaised: f.EquityRaised,
		Conversions: f.Conversions,
		Staff:       criteria.StaffCounts{Total: people(f.StaffTotal), Tech: people(f.TechStaff), RD: people(f.RnDStaff)},
		Education: criteria.Education{Doctorate: f.StaffDoctorate, Master: f.StaffMaster, Bachelor: f.StaffBachelor,
			College: f.StaffCollege},
	}
}

// titleKinds maps the registry's qualification kinds to the engine's title kinds.
var titleKinds = map[string]string{
	"gaoqi": criteria.TitleGaoqi, "kexiao": criteria.TitleKexiao, "chuangxin": criteria.TitleChuangxin,
	"zhuanjingtexin": criteria.TitleZhuanjingtexin, "xiaojuren": criteria.TitleXiaojuren, "dengling": criteria.TitleDengling,
	"tech_adv_service": criteria.TitleTechAdvancedService,
}

// otherTitles are national titles the registry keeps as kind "other" under their exact names; 63号 附件1's
// direct route for 创新型中小企业 accepts them.
var otherTitles = map[string]string{
	"国家技术创新示范企业": criteria.TitleInnovationDemo,
	"国家知识产权优势企业": criteria.TitleIPAdvantage,
	"国家知识产权示范企业": criteria.TitleIPDemonstration,
}

var institutionLevels = map[string]criteria.Level{"national": criteria.LevelNational, "provincial": criteria.LevelProvincial,
	"municipal": criteria.LevelCity, "district": criteria.LevelBelowCity}

// criteriaQual is a registry qualification as the engine sees it; Kind is empty for kinds it does not use.
type criteriaQual struct{ criteria.Qualification }

func (q criteriaQual) validOn(d time.Time) bool {
	if !q.ValidFrom.IsZero() && d.Before(q.ValidFrom) {
		return false
	}
	return q.ValidTo.IsZero() || !d.After(q.ValidTo)
}

func toCriteria(q *Qualification) criteriaQual {
	kind := titleKinds[q.Kind]
	if q.Kind == "other" {
		kind = otherTitles[strings.TrimSpace(q.Name)]
	}
	out := criteriaQual{criteria.Qualification{Kind: kind, Number: q.CertNo}}
	if q.IssuedOn != nil {
		out.ValidFrom = chinaDate(*q.IssuedOn)
	}
	if q.ExpiresOn != nil {
		out.ValidTo = chinaDate(*q.ExpiresOn)
	}
	return out
}

// chinaDate is the calendar date of t in China, as a UTC midnight (the engine compares dates that way).
// Dates typed into forms are stored as China midnight, that is 16:00 UTC of the day before.
func chinaDate(t time.Time) time.Time {
	y, m, d := t.In(cst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
