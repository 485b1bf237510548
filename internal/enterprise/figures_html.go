package enterprise

// Pages and API of the annual figures (年度经营数据): the figures tab of one enterprise with its growth charts,
// the form of one year, the park's review queue, and /api/v1/enterprises/{id}/figures.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

func (h *Handler) figureRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/reports", Perm: PermManage, Handler: h.reviewQueue},
		{Method: "GET", Path: "/admin/enterprises/{id}/figures", Perm: auth.SignedIn, Handler: h.figures},
		{Method: "GET", Path: "/admin/enterprises/{id}/figures/{year}", Perm: auth.SignedIn, Handler: h.reportPage},
		{Method: "POST", Path: "/admin/enterprises/{id}/figures/{year}", Perm: auth.SignedIn, Handler: h.saveReport},
		{Method: "POST", Path: "/admin/enterprises/{id}/figures/{year}/review", Perm: PermManage, Handler: h.reviewReport},
		{Method: "GET", Path: "/api/v1/enterprises/{id}/figures", Perm: auth.SignedIn, Handler: h.apiFigures},
		{Method: "GET", Path: "/api/v1/enterprises/{id}/figures/{year}", Perm: auth.SignedIn, Handler: h.apiReport},
	}
}

// Money on the pages. Amounts are kept in fen; tables show them in 元, 万元 or 千元 (the unit of the Torch
// statistics tables), chosen with ?unit=; forms take 万元.

// moneyUnit is a unit amounts are shown in.
type moneyUnit struct {
	Key, Name string
	fen       int64 // fen in one unit
	decimals  int   // decimals shown in tables
}

var moneyUnits = []moneyUnit{
	{Key: "yuan", Name: "元", fen: 100, decimals: 2},
	{Key: "wan", Name: "万元", fen: 1_000_000, decimals: 2},
	{Key: "qian", Name: "千元", fen: 100_000}, // whole 千元, as statistics tables print them
}

// unitOf picks the unit named by ?unit=, 万元 by default.
func unitOf(key string) moneyUnit {
	for _, u := range moneyUnits {
		if u.Key == key {
			return u
		}
	}
	return moneyUnits[1]
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// formatMoney shows fen in unit u, rounded half away from zero to the unit's decimals, with thousands
// separators: 123456789 fen is "1,234,567.89" 元, "123.46" 万元, "1,235" 千元.
func formatMoney(fen int64, u moneyUnit) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	q := u.fen / pow10(u.decimals) // fen per last digit shown
	n := (fen + q/2) / q
	p := pow10(u.decimals)
	s := groupThousands(n / p)
	if u.decimals > 0 {
		s += fmt.Sprintf(".%0*d", u.decimals, n%p)
	}
	if neg && n != 0 {
		s = "-" + s
	}
	return s
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// figuresOf reads the year form: money in 万元, counts as whole numbers, an empty field not reported.
func figuresOf(f *web.Form) (Figures, error) {
	var out Figures
	var fe errs.Fields
	for _, x := range out.fields() {
		v := f.Get(x.col)
		if v == "" {
			continue
		}
		var n int64
		if x.money {
			fen, err := ParseWan(v)
			if err != nil {
				fe.Add(x.col, x.label+"请填写以万元计的金额，最多 6 位小数，如 1234.5678")
				continue
			}
			n = fen
		} else {
			v = numberFold.Replace(v)
			if !countRE.MatchString(v) {
				fe.Add(x.col, x.label+"请填写整数，如 25")
				continue
			}
			n, _ = strconv.ParseInt(v, 10, 64)
		}
		*x.v = &n
	}
	if len(fe) > 0 {
		// Check what could be read as well, so that every problem shows at once; a field keeps its first message.
		if ve := errs.As(out.validate()); ve != nil {
			for k, m := range ve.Fields {
				fe.Add(k, m)
			}
		}
	}
	return out, fe.Err()
}

// formOfReport fills the year form from stored figures.
func formOfReport(r *Report) *web.Form {
	f := web.NewForm()
	if r == nil {
		return f
	}
	for _, x := range r.Figures.fields() {
		if *x.v == nil {
			continue
		}
		if x.money {
			f.Values.Set(x.col, Wan(**x.v))
		} else {
			f.Values.Set(x.col, strconv.FormatInt(**x.v, 10))
		}
	}
	f.Values.Set("note", r.Note)
	return f
}

// figureGroups are the fieldsets of the year form, by column.
var figureGroups = []struct {
	Legend string
	Cols   []string
}{
	{"收入与利润", []string{"revenue", "main_revenue", "hitech_revenue", "total_income", "net_profit", "taxes", "exports", "total_cost"}},
	{"研究开发", []string{"rnd_spending", "rnd_domestic", "conversions"}},
	{"资产负债", []string{"total_assets", "total_liabilities"}},
	{"人员", []string{"staff_total", "staff_doctorate", "staff_master", "staff_bachelor", "staff_college", "tech_staff", "rnd_staff", "returnees", "fresh_graduates"}},
	{"知识产权", []string{"ip_invention_applied", "ip_invention_granted", "ip_utility_granted", "ip_design_granted", "ip_software", "ip_ic_layout", "ip_class1", "ip_class2"}},
	{"融资", []string{"equity_raised"}},
}

// figureHints explain the fields whose meaning is easy to get wrong, after 《高新技术企业认定管理工作指引》
// (国科发火〔2016〕195号), which the criteria engine reads the figures by.
var figureHints = map[string]string{
	"revenue":        "主营业务收入与其他业务收入之和",
	"hitech_revenue": "高新技术产品（服务）收入与技术性收入之和",
	"net_profit":     "亏损填负数，如 -35.5",
	"staff_total":    "全年月平均数；含累计工作满 183 天的兼职、临时聘用人员",
	"tech_staff":     "直接从事或管理、服务于研发和技术创新活动，累计工作满 183 天的人员",
	"ip_class1":      "发明专利、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权",
	"ip_class2":      "实用新型专利、外观设计专利、软件著作权（不含商标）",
}

// formField is one input of the year form.
type formField struct {
	Name, Label, Hint string
	Plain             string // the label without the unit, for the read-only view
	Money             bool
	Shown             string // the stored value as read-only text, empty when not reported
}

type formGroup struct {
	Legend string
	Fields []formField
}

// groupsOf lays out the year form; prev, when set, is the year before, shown under each field as a check
// against slips of a digit or a unit.
func groupsOf(r, prev *Report) []formGroup {
	var cur, last Figures
	if r != nil {
		cur = r.Figures
	}
	if prev != nil {
		last = prev.Figures
	}
	byCol := map[string]int{}
	fs, ls := cur.fields(), last.fields()
	for i, x := range fs {
		byCol[x.col] = i
	}
	wan := unitOf("wan")
	out := make([]formGroup, len(figureGroups))
	for gi, g := range figureGroups {
		out[gi].Legend = g.Legend
		for _, col := range g.Cols {
			x := fs[byCol[col]]
			ff := formField{Name: col, Label: x.label, Plain: x.label, Money: x.money, Hint: figureHints[col]}
			if x.money {
				ff.Label += "（万元）"
			}
			v := *x.v
			if v != nil {
				ff.Shown = groupThousands(*v)
				if x.money {
					whole, frac, _ := strings.Cut(Wan(*v), ".")
					n, _ := strconv.ParseInt(whole, 10, 64)
					ff.Shown = groupThousands(n)
					if strings.HasPrefix(whole, "-") && n == 0 {
						ff.Shown = "-0"
					}
					if frac != "" {
						ff.Shown += "." + frac
					}
					ff.Shown += " 万元"
				}
			}
			if p := *ls[byCol[col]].v; prev != nil && p != nil {
				last := strconv.FormatInt(*p, 10)
				if x.money {
					last = formatMoney(*p, wan) + " 万元"
				}
				ff.Hint = strings.TrimPrefix(ff.Hint+"；上年 "+last+growth(v, *p), "；")
			}
			out[gi].Fields = append(out[gi].Fields, ff)
		}
	}
	return out
}

// growth is the change from last year's value, for the hint under a field: "，增长 21.6%".
func growth(cur *int64, last int64) string {
	if cur == nil || last <= 0 {
		return ""
	}
	pct := float64(*cur-last) * 100 / float64(last)
	if pct < 0 {
		return "，下降 " + strconv.FormatFloat(-pct, 'f', 1, 64) + "%"
	}
	return "，增长 " + strconv.FormatFloat(pct, 'f', 1, 64) + "%"
}

// The figures tab.

// keyColumn is a column of the figures table; a long head is split where it reads well.
type keyColumn struct {
	Head  []string
	money bool
	get   func(*Figures) *int64
}

var keyColumns = []keyColumn{
	{[]string{"营业收入"}, true, func(f *Figures) *int64 { return f.Revenue }},
	{[]string{"主营业务", "收入"}, true, func(f *Figures) *int64 { return f.MainRevenue }},
	{[]string{"高新技术产品", "（服务）收入"}, true, func(f *Figures) *int64 { return f.HitechRevenue }},
	{[]string{"净利润"}, true, func(f *Figures) *int64 { return f.NetProfit }},
	{[]string{"上缴税费"}, true, func(f *Figures) *int64 { return f.Taxes }},
	{[]string{"研究开发", "费用"}, true, func(f *Figures) *int64 { return f.RnDSpending }},
	{[]string{"从业人员"}, false, func(f *Figures) *int64 { return f.StaffTotal }},
	{[]string{"科技人员"}, false, func(f *Figures) *int64 { return f.TechStaff }},
	{[]string{"研发人员"}, false, func(f *Figures) *int64 { return f.RnDStaff }},
	{[]string{"知识产权", "授权（件）"}, false, ipGranted},
}

// ipGranted adds up the IP granted or registered in the year, of every kind.
func ipGranted(f *Figures) *int64 {
	var sum int64
	seen := false
	for _, p := range []*int64{f.IPInventionGranted, f.IPUtilityGranted, f.IPDesignGranted, f.IPSoftware, f.IPICLayout} {
		if p != nil {
			sum, seen = sum+*p, true
		}
	}
	if !seen {
		return nil
	}
	return &sum
}

// rndRatio is R&D spending over 营业收入 (销售收入, 195号), in per cent.
func rndRatio(f *Figures) (float64, bool) {
	if f.RnDSpending == nil || f.Revenue == nil || *f.Revenue <= 0 {
		return 0, false
	}
	return float64(*f.RnDSpending) * 100 / float64(*f.Revenue), true
}

// figureRow is one year of the figures table.
type figureRow struct {
	Report  *Report
	Status  string
	Badge   string
	Cells   []string
	Ratio   string
	Comment string // the review comment with what it is
	Action  string // the link's text
}

var statusBadges = map[ReportStatus]string{ReportDraft: "badge-muted", ReportSubmitted: "badge-warn", ReportApproved: "badge-ok", ReportReturned: "badge-err"}

// chartSeries is one series of a chart, as charts.js reads it.
type chartSeries struct {
	Name string     `json:"name"`
	Type string     `json:"type"` // "bar" or "line"
	Axis int        `json:"axis,omitempty"`
	Data []*float64 `json:"data"`
	text []string   // the values as the fallback table shows them
}

// chartSpec is one chart: its series over the years, and the names of its value axes (left, then right).
type chartSpec struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Axes   []string      `json:"axes"`
	Stack  bool          `json:"stack,omitempty"`
	Series []chartSeries `json:"series"`
}

// chartTable is a chart's data as a table: the fallback for screen readers and browsers without script.
type chartTable struct {
	Spec  *chartSpec
	Label string // the chart's accessible name
	Heads []string
	Rows  [][]string
}

// chartData is the data block of the page.
type chartData struct {
	Years  []string    `json:"years"`
	Charts []chartSpec `json:"charts"`
}

// seriesOf builds a series over years from a getter: money in unit u, or counts.
func seriesOf(name, typ string, years []*Report, u *moneyUnit, get func(*Figures) *int64) chartSeries {
	s := chartSeries{Name: name, Type: typ}
	for _, r := range years {
		var p *int64
		if r != nil {
			p = get(&r.Figures)
		}
		if p == nil {
			s.Data, s.text = append(s.Data, nil), append(s.text, "—")
			continue
		}
		v := float64(*p)
		t := strconv.FormatInt(*p, 10)
		if u != nil {
			v = float64(*p) / float64(u.fen)
			t = formatMoney(*p, *u)
		}
		s.Data, s.text = append(s.Data, &v), append(s.text, t)
	}
	return s
}

// chartsOf builds the growth charts from the approved years, filling the gaps between them so that the axis
// runs year by year.
func chartsOf(reports []*Report, u moneyUnit) (chartData, []chartTable) {
	var approved []*Report
	for _, r := range reports {
		if r.Status == ReportApproved {
			approved = append(approved, r)
		}
	}
	var d chartData
	if len(approved) == 0 {
		return d, nil
	}
	first, last := approved[0].Year, approved[len(approved)-1].Year
	years := make([]*Report, last-first+1)
	for _, r := range approved {
		years[r.Year-first] = r
	}
	for y := first; y <= last; y++ {
		d.Years = append(d.Years, strconv.Itoa(y))
	}
	ratio := chartSeries{Name: "研发投入强度", Type: "line", Axis: 1}
	for _, r := range years {
		if r == nil {
			ratio.Data, ratio.text = append(ratio.Data, nil), append(ratio.text, "—")
			continue
		}
		if v, ok := rndRatio(&r.Figures); ok {
			v = float64(int64(v*100+0.5)) / 100
			ratio.Data, ratio.text = append(ratio.Data, &v), append(ratio.text, strconv.FormatFloat(v, 'f', 2, 64)+"%")
		} else {
			ratio.Data, ratio.text = append(ratio.Data, nil), append(ratio.text, "—")
		}
	}
	d.Charts = []chartSpec{
		{ID: "income", Title: "收入与利润", Axes: []string{u.Name}, Series: []chartSeries{
			seriesOf("营业收入", "bar", years, &u, func(f *Figures) *int64 { return f.Revenue }),
			seriesOf("主营业务收入", "bar", years, &u, func(f *Figures) *int64 { return f.MainRevenue }),
			seriesOf("高新技术产品（服务）收入", "bar", years, &u, func(f *Figures) *int64 { return f.HitechRevenue }),
			seriesOf("净利润", "line", years, &u, func(f *Figures) *int64 { return f.NetProfit }),
		}},
		{ID: "rnd", Title: "研发投入", Axes: []string{u.Name, "%"}, Series: []chartSeries{
			seriesOf("研究开发费用", "bar", years, &u, func(f *Figures) *int64 { return f.RnDSpending }),
			ratio,
		}},
		{ID: "staff", Title: "人员", Axes: []string{"人"}, Series: []chartSeries{
			seriesOf("从业人员", "bar", years, nil, func(f *Figures) *int64 { return f.StaffTotal }),
			seriesOf("科技人员", "bar", years, nil, func(f *Figures) *int64 { return f.TechStaff }),
			seriesOf("研发人员", "bar", years, nil, func(f *Figures) *int64 { return f.RnDStaff }),
		}},
		{ID: "ip", Title: "知识产权授权（按类别）", Axes: []string{"件"}, Stack: true, Series: []chartSeries{
			seriesOf("发明专利", "bar", years, nil, func(f *Figures) *int64 { return f.IPInventionGranted }),
			seriesOf("实用新型专利", "bar", years, nil, func(f *Figures) *int64 { return f.IPUtilityGranted }),
			seriesOf("外观设计专利", "bar", years, nil, func(f *Figures) *int64 { return f.IPDesignGranted }),
			seriesOf("软件著作权", "bar", years, nil, func(f *Figures) *int64 { return f.IPSoftware }),
			seriesOf("集成电路布图设计", "bar", years, nil, func(f *Figures) *int64 { return f.IPICLayout }),
		}},
	}
	span := d.Years[0] + " 至 " + d.Years[len(d.Years)-1] + " 年"
	if first == last {
		span = d.Years[0] + " 年"
	}
	tables := make([]chartTable, len(d.Charts))
	for i := range d.Charts {
		c := &d.Charts[i]
		var names []string
		t := chartTable{Spec: c, Heads: []string{"年度"}}
		for _, s := range c.Series {
			names = append(names, s.Name)
			unit := c.Axes[min(s.Axis, len(c.Axes)-1)]
			t.Heads = append(t.Heads, s.Name+"（"+unit+"）")
		}
		t.Label = fmt.Sprintf("%s图，%s：%s。数据见图下的数据表", c.Title, span, strings.Join(names, "、"))
		for yi, y := range d.Years {
			row := []string{y}
			for _, s := range c.Series {
				row = append(row, s.text[yi])
			}
			t.Rows = append(t.Rows, row)
		}
		tables[i] = t
	}
	return d, tables
}

// figuresPage is what the figures tab shows.
type figuresPage struct {
	Enterprise *Enterprise
	Self       bool // an enterprise user looking at its own enterprise
	Unit       moneyUnit
	Units      []moneyUnit
	Columns    []keyColumn
	Rows       []figureRow
	Data       chartData
	Charts     []chartTable
	Unapproved []string // years left out of the charts
	NewYears   []int    // recent years without figures, offered as buttons
	MinYear    int
	MaxYear    int
}

func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < minYear || y > time.Now().Year() {
		return 0, errs.NotFoundf("该年度")
	}
	return y, nil
}

// minYear is the first year figures can be entered for.
const minYear = 2000

func (h *Handler) figures(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	// "其他年度": a plain GET form names the year; its page has the year in the path.
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || y < minYear || y > time.Now().Year() {
			h.rnd.ErrorPage(w, r, http.StatusNotFound, fmt.Sprintf("年度应在 %d 至 %d 之间", minYear, time.Now().Year()))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/admin/enterprises/%d/figures/%d", entID, y), http.StatusSeeOther)
		return
	}
	e, err := h.svc.FindEnterpriseByID(ctx, a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	reports, err := h.svc.FindReports(ctx, a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	staff := a.Can(PermManage)
	u := unitOf(q.Get("unit"))
	p := &figuresPage{Enterprise: e, Self: !a.Can(PermRead), Unit: u, Units: moneyUnits, Columns: keyColumns,
		MinYear: minYear, MaxYear: time.Now().Year()}
	have := map[int]bool{}
	for i := len(reports) - 1; i >= 0; i-- { // newest year first
		rep := reports[i]
		have[rep.Year] = true
		row := figureRow{Report: rep, Status: ReportStatusNames[rep.Status], Badge: statusBadges[rep.Status], Action: "查看"}
		for _, c := range keyColumns {
			v := c.get(&rep.Figures)
			switch {
			case v == nil:
				row.Cells = append(row.Cells, "—")
			case c.money:
				row.Cells = append(row.Cells, formatMoney(*v, u))
			default:
				row.Cells = append(row.Cells, strconv.FormatInt(*v, 10))
			}
		}
		row.Ratio = "—"
		if v, ok := rndRatio(&rep.Figures); ok {
			row.Ratio = strconv.FormatFloat(v, 'f', 2, 64) + "%"
		}
		if rep.ReviewComment != "" {
			row.Comment = "退回意见：" + rep.ReviewComment
			if rep.Status == ReportApproved {
				row.Comment = "审核意见：" + rep.ReviewComment
			}
		}
		switch {
		case staff && rep.Status == ReportSubmitted:
			row.Action = "审核"
		case staff || rep.Status != ReportApproved:
			row.Action = "修改"
		}
		p.Rows = append(p.Rows, row)
		if rep.Status != ReportApproved {
			p.Unapproved = append(p.Unapproved, fmt.Sprintf("%d 年（%s）", rep.Year, row.Status))
		}
	}
	for y := p.MaxYear - 1; y >= p.MaxYear-3; y-- {
		if !have[y] {
			p.NewYears = append(p.NewYears, y)
		}
	}
	p.Data, p.Charts = chartsOf(reports, u)
	h.pages.Render(w, r, http.StatusOK, "figures.html", web.View{Title: e.Name + " · 年度数据", Data: p})
}

// reportView is what the form of one year shows.
type reportView struct {
	Enterprise *Enterprise
	Year       int
	Report     *Report // nil before the year is first saved
	Status     string
	Badge      string
	Staff      bool
	ReadOnly   bool // an enterprise user's approved year
	Groups     []formGroup
	FromQueue  bool
	Problems   []problem // the form's errors in the order of the fields, each linking to its field
	Updated    *time.Time
}

// problem is one error of a failed form, for the summary above it.
type problem struct{ ID, Message string }

func (h *Handler) reportPage(w http.ResponseWriter, r *http.Request) {
	h.renderReport(w, r, http.StatusOK, nil)
}

// renderReport shows the form of one year; f, when set, is a failed form to show again as typed.
func (h *Handler) renderReport(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	year, err := pathYear(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	e, err := h.svc.FindEnterpriseByID(ctx, a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	rep, err := h.svc.FindReport(ctx, a, entID, year)
	if err != nil && !errs.Is(err, errs.NotFound) {
		h.rnd.Error(w, r, err)
		return
	}
	prev, err := h.svc.FindReport(ctx, a, entID, year-1)
	if err != nil && !errs.Is(err, errs.NotFound) {
		h.rnd.Error(w, r, err)
		return
	}
	staff := a.Can(PermManage)
	v := &reportView{Enterprise: e, Year: year, Report: rep, Staff: staff, Groups: groupsOf(rep, prev),
		FromQueue: r.URL.Query().Get("from") == "queue" || (f != nil && f.Get("from") == "queue")}
	if rep != nil {
		v.Status, v.Badge = ReportStatusNames[rep.Status], statusBadges[rep.Status]
		v.Updated = &rep.UpdatedAt
		v.ReadOnly = !staff && rep.Status == ReportApproved
	}
	if f == nil {
		f = formOfReport(rep)
	}
	for _, g := range v.Groups {
		for _, ff := range g.Fields {
			if m := f.Error(ff.Name); m != "" {
				v.Problems = append(v.Problems, problem{ID: "f-" + ff.Name, Message: m})
			}
		}
	}
	if m := f.Error("comment"); m != "" {
		v.Problems = append(v.Problems, problem{ID: "f-comment", Message: m})
	}
	h.pages.Render(w, r, status, "report.html", web.View{Title: fmt.Sprintf("%s · %d 年度经营数据", e.Name, year), Form: f, Data: v})
}

// formFailure reports whether a failed save is shown again as a form (wrong input, a state that forbids
// it); anything else is an error page.
func formFailure(err error) bool {
	return errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict)
}

func (h *Handler) saveReport(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	year, err := pathYear(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	fig, err := figuresOf(f)
	var rep *Report
	if err == nil {
		rep, err = h.svc.SaveReport(ctx, a, entID, year, fig, f.Get("note"), f.Get("action") == "submit")
	}
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.renderReport(w, r, web.Status(err), f)
		return
	}
	msg := fmt.Sprintf("%d 年度数据已保存为草稿", year)
	switch rep.Status {
	case ReportSubmitted:
		msg = fmt.Sprintf("%d 年度数据已提交，等待园区审核", year)
	case ReportApproved:
		msg = fmt.Sprintf("%d 年度数据已保存", year)
	}
	web.Redirect(w, r, fmt.Sprintf("/admin/enterprises/%d/figures", entID), msg)
}

func (h *Handler) reviewReport(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	year, err := pathYear(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	decision := f.Get("decision")
	switch decision {
	case "approve", "return":
		err = h.svc.ReviewReport(ctx, a, entID, year, decision == "approve", f.Get("comment"))
	default:
		err = errs.Invalidf("decision", "请选择审核通过或退回修改")
	}
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		// The figures are shown as stored, with the comment as typed.
		rep, ferr := h.svc.FindReport(ctx, a, entID, year)
		if ferr != nil {
			h.rnd.Error(w, r, ferr)
			return
		}
		g := formOfReport(rep)
		g.Values.Set("comment", f.Get("comment"))
		g.Values.Set("from", f.Get("from"))
		g.Fail(err)
		h.renderReport(w, r, web.Status(err), g)
		return
	}
	msg := fmt.Sprintf("%d 年度数据已审核通过", year)
	if decision == "return" {
		msg = fmt.Sprintf("%d 年度数据已退回企业修改", year)
	}
	target := fmt.Sprintf("/admin/enterprises/%d/figures", entID)
	if f.Get("from") == "queue" {
		target = "/admin/enterprises/reports"
	}
	web.Redirect(w, r, target, msg)
}

// queueRow is one line of the review queue.
type queueRow struct {
	*SubmittedReport
	Revenue string
}

func (h *Handler) reviewQueue(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.FindSubmittedReports(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	rows := make([]queueRow, len(list))
	for i, s := range list {
		rows[i] = queueRow{SubmittedReport: s, Revenue: "—"}
		if v := s.Figures.Revenue; v != nil {
			rows[i].Revenue = formatMoney(*v, unitOf("wan"))
		}
	}
	h.pages.Render(w, r, http.StatusOK, "figures_queue.html", web.View{Title: "年度数据审核", Data: rows})
}

// apiReportBody is a year's figures in the JSON API: money in fen and counts as integers under the column
// names, null where not reported.
type apiReportBody struct {
	EnterpriseID  int64             `json:"enterprise_id"`
	Year          int               `json:"year"`
	Status        string            `json:"status"`
	Note          string            `json:"note"`
	ReviewComment string            `json:"review_comment"`
	SubmittedAt   *time.Time        `json:"submitted_at"`
	ReviewedAt    *time.Time        `json:"reviewed_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
	Figures       map[string]*int64 `json:"figures"`
}

func reportToAPI(r *Report) apiReportBody {
	out := apiReportBody{EnterpriseID: r.EnterpriseID, Year: r.Year, Status: string(r.Status), Note: r.Note,
		ReviewComment: r.ReviewComment, SubmittedAt: r.SubmittedAt, ReviewedAt: r.ReviewedAt, UpdatedAt: r.UpdatedAt,
		Figures: map[string]*int64{}}
	for _, x := range r.Figures.fields() {
		out.Figures[x.col] = *x.v
	}
	return out
}

func (h *Handler) apiFigures(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	list, err := h.svc.FindReports(r.Context(), auth.FromContext(r.Context()), entID)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	items := make([]apiReportBody, len(list))
	for i, rep := range list {
		items[i] = reportToAPI(rep)
	}
	web.JSON(w, http.StatusOK, map[string]any{"enterprise_id": entID, "items": items})
}

func (h *Handler) apiReport(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		web.JSONError(w, r, errs.NotFoundf("该年度"))
		return
	}
	rep, err := h.svc.FindReport(r.Context(), auth.FromContext(r.Context()), entID, year)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, reportToAPI(rep))
}
