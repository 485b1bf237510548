package enterprise

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// The criteria pages: who may apply for a scheme this year (park staff), one enterprise's evaluation (park
// staff and the enterprise itself), their Excel export and JSON API.

func (h *Handler) criteriaRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/criteria", Perm: PermRead, Handler: h.candidates},
		{Method: "GET", Path: "/admin/enterprises/criteria/export.xlsx", Perm: PermRead, Handler: h.exportCandidates},
		// The service applies the data scope: park staff see every enterprise, an enterprise user its own.
		{Method: "GET", Path: "/admin/enterprises/{id}/evaluation", Perm: auth.SignedIn, Handler: h.evaluation},
		{Method: "GET", Path: "/api/v1/enterprises/{id}/evaluations", Perm: auth.SignedIn, Handler: h.apiEvaluations},
		{Method: "GET", Path: "/api/v1/criteria/candidates", Perm: PermRead, Handler: h.apiCandidates},
	}
}

// evalQuery reads scheme and year from the query string: scheme defaults to def, year to the current year.
func evalQuery(r *http.Request, def string) (scheme string, year int, err error) {
	q := r.URL.Query()
	scheme = strings.TrimSpace(q.Get("scheme"))
	if scheme == "" {
		scheme = def
	}
	year = time.Now().In(cst).Year()
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return "", 0, errs.Invalidf("year", "申报年度应为四位数字，如 %d", time.Now().In(cst).Year())
		}
	}
	return scheme, year, nil
}

func knownScheme(key string) bool {
	for _, s := range Schemes {
		if s.Key == key {
			return true
		}
	}
	return false
}

// yearChoices are the application years the pickers offer: next year back to four years ago.
func yearChoices() []int {
	cur := time.Now().In(cst).Year()
	var ys []int
	for y := cur + 1; y >= cur-4; y-- {
		ys = append(ys, y)
	}
	return ys
}

// statusBadge is the badge class of a criterion's status.
func statusBadge(s criteria.Status) string {
	switch s {
	case criteria.Pass:
		return "badge-ok"
	case criteria.Fail:
		return "badge-err"
	}
	return "badge-warn"
}

func verdictBadge(v criteria.Verdict) string {
	switch v {
	case criteria.Eligible:
		return "badge-ok"
	case criteria.NotEligible:
		return "badge-err"
	}
	return "badge-warn"
}

func figureTexts(figs []criteria.Figure) []string {
	out := make([]string, len(figs))
	for i, f := range figs {
		out[i] = f.String()
	}
	return out
}

func scoreText(r *criteria.Result) string {
	if r.MaxScore == 0 {
		return ""
	}
	return fmt.Sprintf("%s / %d 分", r.Score, r.MaxScore)
}

// condItem is a condition as a list shows it: its label, the reason, the figures in one line.
type condItem struct {
	ID, Label, Note, Figures string
}

func condItems(r *criteria.Result, os []criteria.Outcome) []condItem {
	out := make([]condItem, len(os))
	for i, o := range os {
		out[i] = condItem{ID: o.ID, Label: o.Label, Note: o.Note, Figures: strings.Join(figureTexts(decidingFigures(r, o)), "；")}
	}
	return out
}

// candRow is one enterprise in a group of the candidates page.
type candRow struct {
	ID                     int64
	Name, USCC, Industry   string
	Score                  string
	Missing                *criteria.Outcome
	MissingFigures, Others []string
	Open, Failed           []condItem
	Pending                string
}

func candRows(list []*Candidate) []candRow {
	out := make([]candRow, len(list))
	for i, c := range list {
		row := candRow{ID: c.Enterprise.ID, Name: c.Enterprise.Name, USCC: c.Enterprise.USCC, Industry: c.Enterprise.IndustryCode,
			Score: scoreText(c.Result), Missing: c.Missing, MissingFigures: figureTexts(c.MissingFigures),
			Open: condItems(c.Result, c.Open), Failed: condItems(c.Result, c.Failed), Pending: strings.Join(c.Pending, "、")}
		if c.Missing != nil {
			if len(c.Open) == 0 {
				row.Others = []string{"其余条件均符合"}
			} else {
				for _, o := range c.Open {
					row.Others = append(row.Others, "待审核："+o.Label)
				}
			}
		}
		out[i] = row
	}
	return out
}

// candGroup is a section of the candidates page.
type candGroup struct {
	ID, Title, Lead string
	Rows            []candRow
	// Common are the open conditions every enterprise of the group shares (those the registry can never
	// decide, such as expert judgements); they are named once and left out of the rows.
	Common []condItem
}

// withCommon moves the open conditions that every row of a group of three or more shares into Common, with
// their reason when it is the same for all.
func withCommon(g candGroup) candGroup {
	if len(g.Rows) < 3 {
		return g
	}
	count := map[string]int{}
	notes := map[string]map[string]bool{}
	for _, r := range g.Rows {
		for _, o := range r.Open {
			count[o.ID]++
			if notes[o.ID] == nil {
				notes[o.ID] = map[string]bool{}
			}
			notes[o.ID][o.Note] = true
		}
	}
	shared := map[string]bool{}
	for _, o := range g.Rows[0].Open {
		if count[o.ID] == len(g.Rows) {
			shared[o.ID] = true
			c := condItem{ID: o.ID, Label: o.Label}
			if len(notes[o.ID]) == 1 {
				c.Note = o.Note
			}
			g.Common = append(g.Common, c)
		}
	}
	for i := range g.Rows {
		var rest []condItem
		for _, o := range g.Rows[i].Open {
			if !shared[o.ID] {
				rest = append(rest, o)
			}
		}
		g.Rows[i].Open = rest
	}
	return g
}

func (h *Handler) candidates(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	scheme, year, err := evalQuery(r, criteria.SchemeGaoqi)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	data := map[string]any{"Schemes": Schemes, "Scheme": scheme, "SchemeName": SchemeName(scheme), "Year": year, "Years": yearChoices()}
	c, err := h.svc.FindCandidates(r.Context(), a, scheme, year)
	switch {
	case errs.Is(err, errs.NotFound):
		// No rule set of the scheme applies on that date: say so on the page, with the pickers.
		data["NoSet"] = fmt.Sprintf("%s在 %d 年（按申请日期 %s）没有适用的认定标准。", SchemeName(scheme), year,
			ApplicationDate(year, time.Now()).Format(time.DateOnly))
	case err != nil:
		h.rnd.Error(w, r, err)
		return
	default:
		q := url.Values{"scheme": {scheme}, "year": {strconv.Itoa(year)}}
		data["C"] = c
		data["Date"] = c.Date.Format(time.DateOnly)
		data["Export"] = "/admin/enterprises/criteria/export.xlsx?" + q.Encode()
		data["Scores"] = c.Set.Scores()
		data["Groups"] = []candGroup{
			{ID: "eligible", Title: "可申报", Lead: "按园区审核通过的数据，全部条件均符合。申报前仍须按当年通知核对材料。", Rows: candRows(c.Eligible)},
			{ID: "missing-one", Title: "差一项", Lead: "恰有一项条件不符合；列出该项的数据和标准。其余条件全部符合的排在前面。", Rows: candRows(c.MissingOne)},
			withCommon(candGroup{ID: "review", Title: "需人工审核", Lead: "没有不符合的条件，但有条件需要补充数据或由专家判断。待审核事项少的排在前面。",
				Rows: candRows(c.NeedsReview)}),
			{ID: "not-eligible", Title: "不符合", Lead: "两项或更多条件不符合。", Rows: candRows(c.NotEligible)},
		}
	}
	h.pages.Render(w, r, http.StatusOK, "criteria.html", web.View{Title: "认定评估", Data: data})
}

// The Excel export: one sheet per group, and a sheet that says what the list rests on.
func (h *Handler) exportCandidates(w http.ResponseWriter, r *http.Request) {
	scheme, year, err := evalQuery(r, criteria.SchemeGaoqi)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	c, err := h.svc.ExportCandidates(r.Context(), auth.FromContext(r.Context()), scheme, year)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	x, err := candidatesWorkbook(c)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	defer x.Close()
	name := fmt.Sprintf("认定评估-%s-%d年.xlsx", SchemeName(scheme), year)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"criteria.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_ = x.Write(w)
}

// Sheet names of the export.
const (
	SheetEligible    = "可申报"
	SheetMissingOne  = "差一项"
	SheetNeedsReview = "需人工审核"
	SheetNotEligible = "不符合"
	SheetAbout       = "说明"
)

func candidatesWorkbook(c *Candidates) (*excelize.File, error) {
	x := excelize.NewFile()
	head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"E8EEFB"}, Pattern: 1}})
	wrap, _ := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	lines := func(xs []string) string { return strings.Join(xs, "\n") }
	conds := func(os []criteria.Outcome, withNote bool) string {
		var parts []string
		for _, o := range os {
			s := o.Label
			if withNote && o.Note != "" {
				s += "：" + o.Note
			}
			parts = append(parts, s)
		}
		return lines(parts)
	}
	base := func(cd *Candidate) []any {
		return []any{cd.Enterprise.Name, cd.Enterprise.USCC, cd.Enterprise.IndustryCode, StatusNames[cd.Enterprise.Status]}
	}
	type sheet struct {
		name   string
		head   []string
		widths []float64
		list   []*Candidate
		row    func(*Candidate) []any
	}
	sheets := []sheet{
		{SheetEligible, []string{"企业名称", "统一社会信用代码", "行业代码", "入驻状态", "评价得分"}, []float64{36, 22, 10, 10, 16},
			c.Eligible, func(cd *Candidate) []any { return append(base(cd), scoreText(cd.Result)) }},
		{SheetMissingOne, []string{"企业名称", "统一社会信用代码", "行业代码", "入驻状态", "不符合的条件", "依据", "数据", "标准", "说明", "其余条件"},
			[]float64{36, 22, 10, 10, 36, 24, 40, 40, 40, 36}, c.MissingOne, func(cd *Candidate) []any {
				others := "其余条件均符合"
				if len(cd.Open) > 0 {
					others = "待审核：\n" + conds(cd.Open, false)
				}
				return append(base(cd), cd.Missing.Label, cd.Missing.Cite, lines(figureTexts(cd.MissingFigures)), cd.Missing.Threshold,
					cd.Missing.Note, others)
			}},
		{SheetNeedsReview, []string{"企业名称", "统一社会信用代码", "行业代码", "入驻状态", "待审核条件数", "待审核事项"},
			[]float64{36, 22, 10, 10, 12, 90}, c.NeedsReview, func(cd *Candidate) []any { return append(base(cd), len(cd.Open), conds(cd.Open, true)) }},
		{SheetNotEligible, []string{"企业名称", "统一社会信用代码", "行业代码", "入驻状态", "不符合条件数", "不符合的条件"},
			[]float64{36, 22, 10, 10, 12, 90}, c.NotEligible, func(cd *Candidate) []any { return append(base(cd), len(cd.Failed), conds(cd.Failed, true)) }},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.name); err != nil {
				return nil, err
			}
		} else if _, err := x.NewSheet(s.name); err != nil {
			return nil, err
		}
		if err := x.SetSheetRow(s.name, "A1", &s.head); err != nil {
			return nil, err
		}
		last, _ := excelize.ColumnNumberToName(len(s.head))
		_ = x.SetCellStyle(s.name, "A1", last+"1", head)
		for col, wd := range s.widths {
			n, _ := excelize.ColumnNumberToName(col + 1)
			_ = x.SetColWidth(s.name, n, n, wd)
		}
		for j, cd := range s.list {
			row := s.row(cd)
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := x.SetSheetRow(s.name, cell, &row); err != nil {
				return nil, err
			}
		}
		if len(s.list) > 0 {
			end, _ := excelize.CoordinatesToCellName(len(s.head), len(s.list)+1)
			_ = x.SetCellStyle(s.name, "A2", end, wrap)
		}
		_ = x.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	if _, err := x.NewSheet(SheetAbout); err != nil {
		return nil, err
	}
	about := [][]any{
		{"认定类别", SchemeName(c.Scheme)},
		{"申报年度", c.Year},
		{"申请日期", c.Date.Format(time.DateOnly)},
		{"认定标准", c.Set.Name + "（" + c.Set.ID + "）"},
		{"可申报", len(c.Eligible)}, {"差一项", len(c.MissingOne)}, {"需人工审核", len(c.NeedsReview)}, {"不符合", len(c.NotEligible)},
		{"已持有有效资质（未评估）", len(c.Held)},
		{"数据口径", "只采用园区审核通过的年度数据；草稿、待审核和退回修改的年度不计入。人数为年末人数；高企、科小的平均人数口径须企业另行提供。"},
	}
	for _, d := range c.Set.Documents {
		about = append(about, []any{"依据文件", d.Title})
	}
	for i, row := range about {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(SheetAbout, cell, &row); err != nil {
			return nil, err
		}
	}
	_ = x.SetColWidth(SheetAbout, "A", "A", 24)
	_ = x.SetColWidth(SheetAbout, "B", "B", 100)
	return x, nil
}

// evalRow is one criterion on the evaluation page.
type evalRow struct {
	O           criteria.Outcome
	StatusClass string
	KindLabel   string
	Figures     []string
	Points      string
	Sub         bool
	// Fix leads to the section of the assessment (申报信息) whose facts decide an open criterion.
	Fix string
}

// evalScheme is one scheme's card on the evaluation page.
type evalScheme struct {
	Key, Name    string
	R            *criteria.Result
	Set          *criteria.RuleSet
	VerdictClass string
	Score        string
	Groups       []string
	// Conditions decide the verdict; Details are the score items and the parts of combined conditions.
	Conditions, Details []evalRow
	Notes               []string
	Missing             string
}

var kindLabels = map[criteria.Kind]string{criteria.KindCondition: "条件", criteria.KindItem: "评分项", criteria.KindAlternative: "分项"}

func evalSchemeOf(r *criteria.Result, common map[string]bool, entID int64) evalScheme {
	s := evalScheme{Key: r.Scheme, Name: SchemeName(r.Scheme), R: r, VerdictClass: verdictBadge(r.Verdict), Score: scoreText(r)}
	s.Set, _ = criteria.ByID(r.SetID)
	for _, g := range r.Groups {
		s.Groups = append(s.Groups, fmt.Sprintf("%s %s/%d", g.Label, g.Score, g.Max))
	}
	for _, o := range r.Criteria {
		row := evalRow{O: o, StatusClass: statusBadge(o.Status), KindLabel: kindLabels[o.Kind], Figures: figureTexts(o.Figures),
			Sub: o.Kind != criteria.KindCondition, Fix: AssessmentLink(entID, r.Year, r, o)}
		if o.Scored() {
			row.Points = fmt.Sprintf("%s/%d", o.Score, o.MaxScore)
		}
		if o.ID == r.MissingOne {
			s.Missing = o.Label
		}
		if row.Sub {
			s.Details = append(s.Details, row)
		} else {
			s.Conditions = append(s.Conditions, row)
		}
	}
	for _, n := range r.Notes {
		if !common[n] {
			s.Notes = append(s.Notes, n)
		}
	}
	return s
}

func (h *Handler) evaluation(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	only, year, err := evalQuery(r, "")
	if err == nil && only != "" && !knownScheme(only) {
		err = errs.Invalidf("scheme", "没有这一认定类别：%s", only)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	e, err := h.svc.FindEnterpriseByID(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	results, err := h.svc.EvaluateAll(r.Context(), a, entID, year)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	// Notes every scheme shares (which figures counted, headcounts, size) are shown once at the top.
	count := map[string]int{}
	for _, res := range results {
		for _, n := range res.Notes {
			count[n]++
		}
	}
	common := map[string]bool{}
	var commonNotes []string
	if len(results) > 0 {
		for _, n := range results[0].Notes {
			if count[n] == len(results) {
				common[n] = true
				commonNotes = append(commonNotes, n)
			}
		}
	}
	schemes := make([]evalScheme, len(results))
	var shown []evalScheme // the cards: every scheme, or the one asked for
	for i, res := range results {
		schemes[i] = evalSchemeOf(res, common, entID)
		if only == "" || only == res.Scheme {
			shown = append(shown, schemes[i])
		}
	}
	h.pages.Render(w, r, http.StatusOK, "evaluation.html", web.View{Title: e.Name + " · 认定评估", Data: map[string]any{
		"E": e, "Year": year, "Years": yearChoices(), "Notes": commonNotes, "Schemes": schemes, "Shown": shown, "Only": only,
		"OnlyName": SchemeName(only), "Staff": a.Can(PermRead), "FixText": fixText(a),
		"Date": ApplicationDate(year, time.Now()).Format(time.DateOnly)}})
}

// fixText is the text of the link from an open criterion to the assessment: park staff complete it, the
// enterprise reads what the park recorded.
func fixText(a *auth.Actor) string {
	if a.Can(PermManage) {
		return "补充申报信息后可得出结论"
	}
	return "查看申报信息"
}

// apiEvaluations is the body of GET /api/v1/enterprises/{id}/evaluations.
type apiEvaluations struct {
	EnterpriseID int64              `json:"enterprise_id"`
	Year         int                `json:"year"`
	Results      []*criteria.Result `json:"results"`
}

func (h *Handler) apiEvaluations(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	scheme, year, err := evalQuery(r, "")
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	out := apiEvaluations{EnterpriseID: entID, Year: year, Results: []*criteria.Result{}}
	if scheme != "" {
		var res *criteria.Result
		if res, err = h.svc.EvaluateEnterprise(r.Context(), a, entID, scheme, year); err == nil {
			out.Results = append(out.Results, res)
		}
	} else {
		var all []*criteria.Result
		if all, err = h.svc.EvaluateAll(r.Context(), a, entID, year); err == nil {
			out.Results = append(out.Results, all...)
		}
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, out)
}

// apiCondition is a condition in the candidates API: a failing or open one, with the figures it used.
type apiCondition struct {
	ID        string            `json:"id"`
	Label     string            `json:"label"`
	Cite      string            `json:"cite"`
	Threshold string            `json:"threshold"`
	Note      string            `json:"note,omitempty"`
	Figures   []criteria.Figure `json:"figures"`
}

func apiConditionOf(o criteria.Outcome, figs []criteria.Figure) apiCondition {
	if figs == nil {
		figs = []criteria.Figure{}
	}
	return apiCondition{ID: o.ID, Label: o.Label, Cite: o.Cite, Threshold: o.Threshold, Note: o.Note, Figures: figs}
}

// apiCandidate is one enterprise in the candidates API.
type apiCandidate struct {
	EnterpriseID int64            `json:"enterprise_id"`
	Name         string           `json:"name"`
	USCC         string           `json:"uscc"`
	Verdict      criteria.Verdict `json:"verdict"`
	Score        *criteria.Points `json:"score,omitempty"`
	MaxScore     int              `json:"max_score,omitempty"`
	MissingOne   *apiCondition    `json:"missing_one,omitempty"`
	NeedsReview  []apiCondition   `json:"needs_review"`
	Failed       []apiCondition   `json:"failed"`
}

// apiEnterpriseRef names an enterprise.
type apiEnterpriseRef struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Name         string `json:"name"`
}

// apiCandidates is the body of GET /api/v1/criteria/candidates.
type apiCandidates struct {
	Scheme          string             `json:"scheme"`
	SchemeName      string             `json:"scheme_name"`
	Year            int                `json:"year"`
	ApplicationDate string             `json:"application_date"`
	SetID           string             `json:"set_id"`
	SetName         string             `json:"set_name"`
	Eligible        []apiCandidate     `json:"eligible"`
	MissingOne      []apiCandidate     `json:"missing_one"`
	NeedsReview     []apiCandidate     `json:"needs_review"`
	NotEligible     []apiCandidate     `json:"not_eligible"`
	Held            []apiEnterpriseRef `json:"held"`
}

func apiCandidateList(list []*Candidate) []apiCandidate {
	out := make([]apiCandidate, len(list))
	for i, c := range list {
		ac := apiCandidate{EnterpriseID: c.Enterprise.ID, Name: c.Enterprise.Name, USCC: c.Enterprise.USCC, Verdict: c.Result.Verdict,
			NeedsReview: []apiCondition{}, Failed: []apiCondition{}}
		if c.Result.MaxScore > 0 {
			sc := c.Result.Score
			ac.Score, ac.MaxScore = &sc, c.Result.MaxScore
		}
		if c.Missing != nil {
			m := apiConditionOf(*c.Missing, c.MissingFigures)
			ac.MissingOne = &m
		}
		for _, o := range c.Open {
			ac.NeedsReview = append(ac.NeedsReview, apiConditionOf(o, o.Figures))
		}
		for _, o := range c.Failed {
			ac.Failed = append(ac.Failed, apiConditionOf(o, decidingFigures(c.Result, o)))
		}
		out[i] = ac
	}
	return out
}

func (h *Handler) apiCandidates(w http.ResponseWriter, r *http.Request) {
	scheme, year, err := evalQuery(r, criteria.SchemeGaoqi)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	c, err := h.svc.FindCandidates(r.Context(), auth.FromContext(r.Context()), scheme, year)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	out := apiCandidates{Scheme: c.Scheme, SchemeName: SchemeName(c.Scheme), Year: c.Year, ApplicationDate: c.Date.Format(time.DateOnly),
		SetID: c.Set.ID, SetName: c.Set.Name, Eligible: apiCandidateList(c.Eligible), MissingOne: apiCandidateList(c.MissingOne),
		NeedsReview: apiCandidateList(c.NeedsReview), NotEligible: apiCandidateList(c.NotEligible), Held: []apiEnterpriseRef{}}
	for _, e := range c.Held {
		out.Held = append(out.Held, apiEnterpriseRef{EnterpriseID: e.ID, Name: e.Name})
	}
	web.JSON(w, http.StatusOK, out)
}
