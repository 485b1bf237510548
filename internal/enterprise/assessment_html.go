package enterprise

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// The 申报信息 page of one enterprise: park staff record the application facts (assessment.go); the
// enterprise user reads them. The page edits the headcounts of one fiscal year at a time (?fy=2025), since
// each application reads those of the year before it; the other years' counts are kept as they are.

func (h *Handler) assessmentRoutes() []auth.Route {
	return []auth.Route{
		// The service applies the data scope: park staff see every enterprise, an enterprise user its own.
		{Method: "GET", Path: "/admin/enterprises/{id}/assessment", Perm: auth.SignedIn, Handler: h.assessment},
		{Method: "POST", Path: "/admin/enterprises/{id}/assessment", Perm: PermManage, Handler: h.saveAssessment},
	}
}

// The sections of the form, by their anchors.
const (
	secBasic      = "basic"
	secStaff      = "staff"
	secMonthly    = "monthly" // 高企's monthly headcounts, within secStaff
	secCompliance = "compliance"
	secIP         = "ip"
	secRecords    = "records"
	secMarket     = "market"
	secJudgements = "judgements"
)

// sectionOf names the section of the assessment form whose facts decide a criterion that needs review, so
// that the evaluation page can lead there; "" when the assessment does not hold what the criterion needs
// (the annual figures do). Combined conditions and score routes are led by their parts (fixSection).
var sectionOf = map[string]string{
	"kexiao.c1": secBasic, "kexiao.c3": secBasic, "kexiao.d1": secBasic, "chuangxin.d2": secBasic,
	"kexiao.c2": secStaff, "kexiao.staff": secStaff, "gaoqi.c4": secMonthly,
	"kexiao.c4": secCompliance, "gaoqi.c8": secCompliance, "chuangxin.c2": secCompliance,
	"kexiao.ip": secIP, "gaoqi.ip.count": secIP, "gaoqi.ip.acquisition": secIP, "chuangxin.ip": secIP, "zjtx.s10": secIP, "xjr.xin.ip": secIP,
	"kexiao.d2": secRecords, "kexiao.d3": secRecords, "kexiao.d4": secRecords, "chuangxin.d1": secRecords, "chuangxin.d3": secRecords,
	"zjtx.d1": secRecords, "zjtx.d4": secRecords, "zjtx.s13": secRecords, "xjr.xin.institution": secRecords, "xjr.xin.d1": secRecords,
	"xjr.xin.d2": secRecords, "gaoqi.ip.standards": secRecords,
	"zjtx.c1": secMarket, "zjtx.s03": secMarket, "xjr.zhuan.niche": secMarket, "chuangxin.field": secMarket, "zjtx.s05": secMarket,
	"zjtx.s06": secMarket, "xjr.jing.certification": secMarket, "xjr.te.share": secMarket, "xjr.te.brand": secMarket,
	"gaoqi.c2": secJudgements, "gaoqi.c3": secJudgements, "gaoqi.ip.advancement": secJudgements, "gaoqi.ip.core": secJudgements,
	"gaoqi.conversion": secJudgements, "gaoqi.mgmt.system": secJudgements, "gaoqi.mgmt.institution": secJudgements,
	"gaoqi.mgmt.conversion": secJudgements, "gaoqi.mgmt.talent": secJudgements, "gaoqi.growth.assets": secJudgements,
	"gaoqi.growth.sales": secJudgements, "zjtx.s04": secJudgements, "zjtx.s09": secJudgements, "xjr.jing.governance": secJudgements,
	"xjr.jing.process": secJudgements, "xjr.jing.infosystem": secJudgements, "xjr.te.reputation": secJudgements, "xjr.lian": secJudgements,
	"xjr.pin": secJudgements,
}

// scoreRoutes are the criteria decided by a scheme's total: they are led to the first open score item.
var scoreRoutes = map[string]bool{"kexiao.score": true, "chuangxin.score": true, "zjtx.score": true, "gaoqi.c7": true}

// fixSection is the section where the facts of an open criterion are entered: its own, that of its first
// open part, or for a score route that of its first open score item.
func fixSection(r *criteria.Result, o criteria.Outcome) string {
	if o.Status != criteria.Review {
		return ""
	}
	if s := sectionOf[o.ID]; s != "" {
		return s
	}
	var next []criteria.Outcome
	switch {
	case len(o.Parts) > 0:
		for _, id := range o.Parts {
			if p, ok := r.Outcome(id); ok {
				next = append(next, p)
			}
		}
	case scoreRoutes[o.ID]:
		for _, p := range r.Criteria {
			if p.Kind == criteria.KindItem {
				next = append(next, p)
			}
		}
	}
	for _, p := range next {
		if s := fixSection(r, p); s != "" {
			return s
		}
	}
	return ""
}

// AssessmentLink is the address of the form's section where the facts of an open criterion are entered, for
// the evaluation of application year year; "" when the assessment cannot decide it.
func AssessmentLink(entID int64, year int, r *criteria.Result, o criteria.Outcome) string {
	sec := fixSection(r, o)
	if sec == "" {
		return ""
	}
	return fmt.Sprintf("/admin/enterprises/%d/assessment?fy=%d&section=%s#%s", entID, year-1, sec, sec)
}

// Labels of the headcount columns.
var (
	quarterLabels = []string{"年初", "一季度末", "二季度末", "三季度末", "四季度末"}
	monthLabels   = []string{"年初", "1月末", "2月末", "3月末", "4月末", "5月末", "6月末", "7月末", "8月末", "9月末", "10月末", "11月末", "12月末"}
	triChoices    = []Choice{{"yes", "是"}, {"no", "否"}}
	haveChoices   = []Choice{{"yes", "有"}, {"no", "无"}}
	digitalLevels = []Choice{{"1", "一级"}, {"2", "二级"}, {"3", "三级"}, {"4", "四级"}}
)

// The repeated groups of the form: their field names, in the order of the columns.
var (
	incFields   = []string{"inc_kind", "inc_date", "inc_until", "inc_note"}
	awardFields = []string{"award_name", "award_level", "award_year", "award_rank"}
	instFields  = []string{"inst_name", "inst_kind", "inst_level", "inst_joint", "inst_from", "inst_to"}
	stdFields   = []string{"std_name", "std_level", "std_year", "std_rank"}
	makerFields = []string{"maker_year", "maker_top"}
)

// fiscalYears are the years whose headcounts the page offers: this year back to four years ago, and any
// earlier year with counts on record.
func fiscalYears(a *Assessment, now time.Time) []int {
	cur := now.In(cst).Year()
	var ys []int
	for y := cur; y >= cur-4; y-- {
		ys = append(ys, y)
	}
	for _, s := range a.Staff {
		if !slices.Contains(ys, s.Year) {
			ys = append(ys, s.Year)
		}
	}
	slices.SortFunc(ys, func(x, y int) int { return y - x })
	return ys
}

// fiscalYear reads ?fy= (or the form's staff_year); the default is last year, which this year's applications
// read.
func fiscalYear(v string) (int, error) {
	cur := time.Now().In(cst).Year()
	if v = strings.TrimSpace(v); v == "" {
		return cur - 1, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2016 || y > cur {
		return 0, errs.Invalidf("fy", "人数所属年度应在 2016 至 %d 之间", cur)
	}
	return y, nil
}

func (h *Handler) assessment(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	fy, err := fiscalYear(r.URL.Query().Get("fy"))
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	a := auth.FromContext(r.Context())
	as, err := h.svc.FindAssessment(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.NewForm()
	f.Values = assessmentValues(as, fy)
	h.assessmentPage(w, r, http.StatusOK, entID, fy, as, f, r.URL.Query().Get("section"))
}

func (h *Handler) saveAssessment(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	ctx, a := r.Context(), auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	fy, err := fiscalYear(f.Get("staff_year"))
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	cur, err := h.svc.FindAssessment(ctx, a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	in, err := assessmentFromForm(f, fy)
	if err != nil {
		// Check what could be read as well, so that every problem shows at once; a field keeps its first message.
		y, m, d := time.Now().In(cst).Date()
		if more := errs.As(in.validate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))); more != nil {
			for k, v := range more.Fields {
				errs.As(err).Fields[k] = cmp.Or(errs.As(err).Fields[k], v)
			}
		}
	} else {
		// The form carries one year's headcounts; the other years stay as recorded.
		for _, s := range cur.Staff {
			if s.Year != fy {
				in.Staff = append(in.Staff, s)
			}
		}
		_, err = h.svc.SaveAssessment(ctx, a, entID, in)
	}
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.assessmentPage(w, r, web.Status(err), entID, fy, cur, f, "")
		return
	}
	web.Redirect(w, r, fmt.Sprintf("/admin/enterprises/%d/assessment?fy=%d", entID, fy), "申报信息已保存，认定评估已按新的信息重新计算")
}

// evalLine is one scheme's result in the page's summary.
type evalLine struct {
	Key, Name, Verdict, Class, Score string
}

// assessSection is a collapsible section of the form: open when a link asked for it (?section=) or when it
// holds an error; Filled counts its fields that hold a value, for its summary line.
type assessSection struct {
	Open   bool
	Filled int // how many of its fields hold a value
}

func (h *Handler) assessmentPage(w http.ResponseWriter, r *http.Request, status int, entID int64, fy int, as *Assessment, f *web.Form, open string) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	e, err := h.svc.FindEnterpriseByID(ctx, a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	results, err := h.svc.EvaluateAll(ctx, a, entID, fy+1)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	var lines []evalLine
	// bands are the points the figures allow for each item taking experts' points, by criterion ID: "7–8",
	// or a single number when the figures decide the item (entered points then change nothing).
	bands := map[string]string{}
	for _, res := range results {
		for _, it := range JudgedItems() {
			if o, ok := res.Outcome(it.ID); ok && it.SetID == res.SetID {
				bands[it.ID] = o.Score.String()
			}
		}
		if res.Scheme == criteria.SchemeDengling {
			continue // the figures decide 瞪羚 alone
		}
		lines = append(lines, evalLine{Key: res.Scheme, Name: SchemeName(res.Scheme), Verdict: res.Verdict.Label(), Class: verdictBadge(res.Verdict),
			Score: scoreText(res)})
	}
	resident, _ := residentEnterprise(e)
	residentText := "无法从统一社会信用代码判断"
	if resident != nil {
		residentText = "按统一社会信用代码判断：" + map[bool]string{true: "是", false: "否"}[*resident]
	}
	gaoqiItems, zjtxItems := []JudgedItem{}, []JudgedItem{}
	for _, it := range JudgedItems() {
		if it.SetID == "gaoqi-2016" {
			gaoqiItems = append(gaoqiItems, it)
		} else {
			zjtxItems = append(zjtxItems, it)
		}
	}
	sections := map[string]*assessSection{}
	prefixes := map[string][]string{
		secMonthly:    {fmt.Sprintf("staff_%d_m_", fy)},
		secRecords:    {"award", "inst_", "std_", "maker_"},
		secMarket:     {"niche_since", "emerging", "digital_level", "quality_award", "quality_cert", "own_brand", "national_share"},
		secJudgements: {"j_", "pts_"},
	}
	for sec, ps := range prefixes {
		s := &assessSection{Open: open == sec}
		for k, vs := range f.Values {
			if !slices.ContainsFunc(ps, func(p string) bool { return strings.HasPrefix(k, p) }) {
				continue
			}
			if len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
				s.Filled++
			}
			if f.Error(k) != "" {
				s.Open = true
			}
		}
		for k := range f.Errors {
			if slices.ContainsFunc(ps, func(p string) bool { return strings.HasPrefix(k, p) }) {
				s.Open = true
			}
		}
		sections[sec] = s
	}
	fys := fiscalYears(as, time.Now())
	if !slices.Contains(fys, fy) {
		fys = append(fys, fy)
	}
	gaoqiAvg, kexiaoAvg := as.StaffFor(fy).Averages()
	title := e.Name + " · 申报信息"
	h.pages.Render(w, r, status, "assessment.html", web.View{Title: title, Form: f, Data: map[string]any{
		"E": e, "A": as, "CanEdit": a.Can(PermManage), "FY": fy, "FYs": fys, "AppYear": fy + 1, "Results": lines,
		"Problems": assessmentProblems(f, fy), "Sections": sections, "ResidentText": residentText,
		"QLabels": quarterLabels, "MLabels": monthLabels, "QAvg": averageText(kexiaoAvg), "MAvg": averageText(gaoqiAvg),
		"IncRows": rowsOf(f, incFields), "AwardRows": rowsOf(f, awardFields), "InstRows": rowsOf(f, instFields),
		"StdRows": rowsOf(f, stdFields), "MakerRows": rowsOf(f, makerFields),
		"Tri": triChoices, "Have": haveChoices, "IncidentKinds": IncidentKinds, "AwardLevels": AwardLevels, "StandardLevels": StandardLevels,
		"InstitutionKinds": InstitutionKinds, "ChainPositions": ChainPositions, "DigitalLevels": digitalLevels,
		"GaoqiItems": gaoqiItems, "ZjtxItems": zjtxItems, "Bands": bands, "Facts": assessmentFacts(as, fy, residentText), "Updated": as.UpdatedAt, "UpdatedBy": as.UpdatedByName,
	}})
}

// averageText shows averaged headcounts and the share of 科技人员: "职工总数 80 人，科技人员 24 人，占 30.00%".
func averageText(s criteria.StaffCounts) string {
	if s.Total == nil {
		return ""
	}
	out := "职工总数 " + fracText(*s.Total) + " 人"
	if s.Tech != nil {
		out += "，科技人员 " + fracText(*s.Tech) + " 人"
		if s.Total.Num > 0 {
			// tech / total = (tn/td) / (Tn/Td), in hundredths of a percent, rounded down.
			num := s.Tech.Num * s.Total.Den * 10000
			den := s.Tech.Den * s.Total.Num
			bp := num / den
			out += fmt.Sprintf("，占 %d.%02d%%", bp/100, bp%100)
		}
	}
	return out
}

// fracText shows an averaged headcount: whole, or with two decimals (rounded down) and the exact fraction.
func fracText(f criteria.Frac) string {
	if f.Den == 1 {
		return strconv.FormatInt(f.Num, 10)
	}
	hundredths := f.Num * 100 / f.Den
	return fmt.Sprintf("%d.%02d（%d/%d）", hundredths/100, hundredths%100, f.Num, f.Den)
}

// rowsOf lists the row positions a repeated group shows: those holding values and one empty row to add to.
func rowsOf(f *web.Form, fields []string) []int {
	n := 0
	for k := range f.Values {
		for _, fl := range fields {
			if rest, ok := strings.CutPrefix(k, fl+"_"); ok {
				if i, err := strconv.Atoi(rest); err == nil && i+1 > n {
					n = i + 1
				}
			}
		}
	}
	rows := make([]int, n+1)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// compactRows renumbers the filled rows of a repeated group from 0 and drops the empty ones, in the form's
// values, so that the facts and the messages keyed by their position (award_year_0) match the rows shown
// again. It returns the number of rows kept.
func compactRows(f *web.Form, fields []string) int {
	var idx []int
	seen := map[int]bool{}
	for k := range f.Values {
		for _, fl := range fields {
			if rest, ok := strings.CutPrefix(k, fl+"_"); ok {
				if i, err := strconv.Atoi(rest); err == nil && i >= 0 && i < 1000 && !seen[i] {
					seen[i] = true
					idx = append(idx, i)
				}
			}
		}
	}
	sort.Ints(idx)
	old := url.Values{}
	for k, v := range f.Values {
		old[k] = v
	}
	for _, i := range idx {
		for _, fl := range fields {
			f.Values.Del(key(fl, i))
		}
	}
	n := 0
	for _, i := range idx {
		filled := false
		for _, fl := range fields {
			if strings.TrimSpace(old.Get(key(fl, i))) != "" {
				filled = true
			}
		}
		if !filled {
			continue
		}
		for _, fl := range fields {
			if v := old.Get(key(fl, i)); v != "" {
				f.Values.Set(key(fl, n), v)
			}
		}
		n++
	}
	return n
}

// formReader reads the assessment form, collecting every problem with its field.
type formReader struct {
	f  *web.Form
	fe errs.Fields
}

func (r *formReader) tri(name string) *bool {
	switch r.f.Get(name) {
	case "":
		return nil
	case "yes":
		return criteria.Bool(true)
	case "no":
		return criteria.Bool(false)
	}
	r.fe.Add(name, "请选择“是”“否”或不填")
	return nil
}

func (r *formReader) count(name, label string) *int64 {
	v := strings.ReplaceAll(r.f.Get(name), ",", "")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		r.fe.Add(name, label+"应为不小于 0 的整数")
		return nil
	}
	return &n
}

func (r *formReader) number(name, label string) int {
	if p := r.count(name, label); p != nil && *p <= 1<<31 {
		return int(*p)
	}
	return 0
}

func (r *formReader) date(name, label string) time.Time {
	v := r.f.Get(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		r.fe.Add(name, label+"的格式应为 2026-01-31")
		return time.Time{}
	}
	return t
}

// counts reads one row of headcounts: all n cells or none.
func (r *formReader) counts(year int, period, row, what string, n int) []int64 {
	var out []int64
	blank := -1
	for i := range n {
		name := staffKey(year, period, row, i)
		v := r.count(name, fmt.Sprintf("%d 年%s人数", year, what))
		switch {
		case v != nil:
			out = append(out, *v)
		case r.f.Get(name) == "" && blank < 0:
			blank = i
		}
	}
	switch {
	case len(out) == 0:
		return nil
	case blank >= 0:
		r.fe.Add(staffKey(year, period, row, blank), fmt.Sprintf("%d 年%s：须填全 %d 个人数（或全部不填）", year, what, n))
		return nil
	case len(out) != n:
		return nil // a cell that is not a number has its own message
	}
	return out
}

// percentBP reads a percentage with at most two decimals as basis points.
func (r *formReader) percentBP(name, label string) *int64 {
	v := strings.TrimSuffix(r.f.Get(name), "%")
	if v == "" {
		return nil
	}
	whole, frac, _ := strings.Cut(v, ".")
	if len(frac) > 2 {
		r.fe.Add(name, label+"最多保留两位小数")
		return nil
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	d, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || d < 0 || strings.HasPrefix(frac, "-") {
		r.fe.Add(name, label+"应为 0 至 100 之间的数，如 12.5")
		return nil
	}
	bp := w*100 + d
	return &bp
}

// assessmentFromForm reads the form into an assessment, with the headcounts of fiscal year fy. The repeated
// groups are compacted first (compactRows).
func assessmentFromForm(f *web.Form, fy int) (Assessment, error) {
	r := &formReader{f: f}
	a := Assessment{
		MainlandResident:   r.tri("resident"),
		RestrictedProducts: r.tri("restricted"),
		TitlesChecked:      f.Bool("titles_checked"),
		Note:               f.Get("note"),
	}
	sy := StaffYear{Year: fy,
		QuarterlyTotal: r.counts(fy, "q", "total", "职工总数（季末）", 5), QuarterlyTech: r.counts(fy, "q", "tech", "科技人员（季末）", 5),
		MonthlyTotal: r.counts(fy, "m", "total", "职工总数（月末）", 13), MonthlyTech: r.counts(fy, "m", "tech", "科技人员（月末）", 13)}
	if len(sy.QuarterlyTotal)+len(sy.QuarterlyTech)+len(sy.MonthlyTotal)+len(sy.MonthlyTech) > 0 {
		a.Staff = []StaffYear{sy}
	}

	a.ComplianceCheckedThrough = r.date("compliance_through", "合规记录核实日期")
	for i := range compactRows(f, incFields) {
		n := i + 1
		a.Incidents = append(a.Incidents, Incident{Kind: criteria.IncidentKind(f.Get(key("inc_kind", i))),
			Date:  r.date(key("inc_date", i), fmt.Sprintf("第 %d 条合规事件的日期", n)),
			Until: r.date(key("inc_until", i), fmt.Sprintf("第 %d 条合规事件的移出日期", n)), Note: f.Get(key("inc_note", i))})
	}

	a.IP = AssessedIP{
		ClassIMain: r.count("ip_i_main", "Ⅰ类知识产权数量"), ClassIIMain: r.count("ip_ii_main", "Ⅱ类知识产权数量"),
		ClassIIMainUsed: r.count("ip_ii_used", "已用于以往申请的Ⅱ类数量"), OwnRD: r.tri("ip_own_rd"),
		ClassILeading: r.count("ip_i_lead", "Ⅰ类知识产权数量"), ClassILeadingOwnRD: r.count("ip_i_lead_own", "自主研发的Ⅰ类数量"),
		ClassILeadingHighValue: r.count("ip_i_lead_hv", "高价值Ⅰ类数量"), ClassILeadingApplied: r.count("ip_i_lead_applied", "已应用的Ⅰ类数量"),
		ClassIILeading: r.count("ip_ii_lead", "Ⅱ类知识产权数量"),
	}

	a.AwardsKnown = f.Bool("awards_known")
	for i := range compactRows(f, awardFields) {
		n := i + 1
		a.Awards = append(a.Awards, Award{Name: f.Get(key("award_name", i)), Level: criteria.Level(f.Get(key("award_level", i))),
			Year: r.number(key("award_year", i), fmt.Sprintf("第 %d 项科技奖励的获奖年度", n)),
			Rank: r.number(key("award_rank", i), fmt.Sprintf("第 %d 项科技奖励的排名", n))})
	}
	a.InstitutionsKnown = f.Bool("inst_known")
	for i := range compactRows(f, instFields) {
		n := i + 1
		a.Institutions = append(a.Institutions, RDInstitution{Name: f.Get(key("inst_name", i)), Kind: f.Get(key("inst_kind", i)),
			Level: criteria.Level(f.Get(key("inst_level", i))), Joint: f.Bool(key("inst_joint", i)),
			ValidFrom: r.date(key("inst_from", i), fmt.Sprintf("第 %d 个研发机构的认定日期", n)),
			ValidTo:   r.date(key("inst_to", i), fmt.Sprintf("第 %d 个研发机构的有效期截止日期", n))})
	}
	a.StandardsKnown = f.Bool("std_known")
	for i := range compactRows(f, stdFields) {
		n := i + 1
		a.Standards = append(a.Standards, Standard{Name: f.Get(key("std_name", i)), Level: criteria.Level(f.Get(key("std_level", i))),
			Year: r.number(key("std_year", i), fmt.Sprintf("第 %d 项标准的发布年度", n)),
			Rank: r.number(key("std_rank", i), fmt.Sprintf("第 %d 项标准的起草单位排名", n))})
	}
	a.MakerChinaKnown = f.Bool("maker_known")
	for i := range compactRows(f, makerFields) {
		n := i + 1
		a.MakerChina = append(a.MakerChina, MakerChinaPlacing{Year: r.number(key("maker_year", i), fmt.Sprintf("第 %d 项创客中国获奖的年度", n)),
			Top: r.number(key("maker_top", i), fmt.Sprintf("第 %d 项创客中国获奖的名次范围", n))})
	}

	a.NicheSince = r.date("niche_since", "进入细分市场时间")
	a.Market = AssessedMarket{StrategicEmerging: r.tri("emerging"), DigitalLevel: r.count("digital_level", "数字化水平等级"),
		QualityAward: r.tri("quality_award"), QualityCertified: r.tri("quality_cert"), OwnBrand: r.tri("own_brand"),
		NationalShareBP: r.percentBP("national_share", "全国细分市场占有率")}

	a.Judgements = AssessedJudgements{CoreIPSupport: r.tri("j_core_ip"), KeyTechField: r.tri("j_tech_field"),
		ChainPosition: criteria.ChainPosition(f.Get("j_chain")), SoundGovernance: r.tri("j_governance"), LeadingProcess: r.tri("j_process"),
		InfoSystem: r.tri("j_infosystem"), HighReputation: r.tri("j_reputation"), KeyChainRole: r.tri("j_chain_role"),
		KeyFieldProduct: r.tri("j_key_field")}
	for _, it := range JudgedItems() {
		if p := r.count(it.FormName(), "“"+it.Label+"”的专家评分"); p != nil {
			if a.Judgements.Points == nil {
				a.Judgements.Points = map[string]int{}
			}
			a.Judgements.Points[it.ID] = int(min(*p, 1000))
		}
	}
	return a, r.fe.Err()
}

// assessmentValues fills the form from an assessment, with the headcounts of fiscal year fy.
func assessmentValues(a *Assessment, fy int) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	tri := func(k string, b *bool) {
		if b != nil {
			set(k, map[bool]string{true: "yes", false: "no"}[*b])
		}
	}
	count := func(k string, n *int64) {
		if n != nil {
			set(k, strconv.FormatInt(*n, 10))
		}
	}
	check := func(k string, b bool) {
		if b {
			set(k, "on")
		}
	}
	num := func(k string, n int) {
		if n != 0 {
			set(k, strconv.Itoa(n))
		}
	}
	v.Set("staff_year", strconv.Itoa(fy))
	tri("resident", a.MainlandResident)
	tri("restricted", a.RestrictedProducts)
	check("titles_checked", a.TitlesChecked)
	s := a.StaffFor(fy)
	for _, row := range []struct {
		period, name string
		counts       []int64
	}{{"q", "total", s.QuarterlyTotal}, {"q", "tech", s.QuarterlyTech}, {"m", "total", s.MonthlyTotal}, {"m", "tech", s.MonthlyTech}} {
		for i, c := range row.counts {
			set(staffKey(fy, row.period, row.name, i), strconv.FormatInt(c, 10))
		}
	}
	set("compliance_through", isoDate(a.ComplianceCheckedThrough))
	for i, in := range a.Incidents {
		set(key("inc_kind", i), string(in.Kind))
		set(key("inc_date", i), isoDate(in.Date))
		set(key("inc_until", i), isoDate(in.Until))
		set(key("inc_note", i), in.Note)
	}
	ip := a.IP
	count("ip_i_main", ip.ClassIMain)
	count("ip_ii_main", ip.ClassIIMain)
	count("ip_ii_used", ip.ClassIIMainUsed)
	tri("ip_own_rd", ip.OwnRD)
	count("ip_i_lead", ip.ClassILeading)
	count("ip_i_lead_own", ip.ClassILeadingOwnRD)
	count("ip_i_lead_hv", ip.ClassILeadingHighValue)
	count("ip_i_lead_applied", ip.ClassILeadingApplied)
	count("ip_ii_lead", ip.ClassIILeading)
	check("awards_known", a.AwardsKnown)
	for i, x := range a.Awards {
		set(key("award_name", i), x.Name)
		set(key("award_level", i), string(x.Level))
		num(key("award_year", i), x.Year)
		num(key("award_rank", i), x.Rank)
	}
	check("inst_known", a.InstitutionsKnown)
	for i, x := range a.Institutions {
		set(key("inst_name", i), x.Name)
		set(key("inst_kind", i), x.Kind)
		set(key("inst_level", i), string(x.Level))
		check(key("inst_joint", i), x.Joint)
		set(key("inst_from", i), isoDate(x.ValidFrom))
		set(key("inst_to", i), isoDate(x.ValidTo))
	}
	check("std_known", a.StandardsKnown)
	for i, x := range a.Standards {
		set(key("std_name", i), x.Name)
		set(key("std_level", i), string(x.Level))
		num(key("std_year", i), x.Year)
		num(key("std_rank", i), x.Rank)
	}
	check("maker_known", a.MakerChinaKnown)
	for i, x := range a.MakerChina {
		num(key("maker_year", i), x.Year)
		num(key("maker_top", i), x.Top)
	}
	set("niche_since", isoDate(a.NicheSince))
	m := a.Market
	tri("emerging", m.StrategicEmerging)
	count("digital_level", m.DigitalLevel)
	tri("quality_award", m.QualityAward)
	tri("quality_cert", m.QualityCertified)
	tri("own_brand", m.OwnBrand)
	if m.NationalShareBP != nil {
		set("national_share", shareText(*m.NationalShareBP))
	}
	j := a.Judgements
	tri("j_core_ip", j.CoreIPSupport)
	tri("j_tech_field", j.KeyTechField)
	set("j_chain", string(j.ChainPosition))
	tri("j_governance", j.SoundGovernance)
	tri("j_process", j.LeadingProcess)
	tri("j_infosystem", j.InfoSystem)
	tri("j_reputation", j.HighReputation)
	tri("j_chain_role", j.KeyChainRole)
	tri("j_key_field", j.KeyFieldProduct)
	for id, p := range j.Points {
		set(pointsField(id), strconv.Itoa(p))
	}
	set("note", a.Note)
	return v
}

// assessmentProblems lists a failed form's messages in the order of the page, each linking to its field.
func assessmentProblems(f *web.Form, fy int) []problem {
	if len(f.Errors) == 0 {
		return nil
	}
	var order []string
	order = append(order, "resident", "restricted", "staff_year")
	for _, p := range []struct {
		period string
		n      int
	}{{"q", 5}, {"m", 13}} {
		for _, row := range []string{"total", "tech"} {
			for i := range p.n {
				order = append(order, staffKey(fy, p.period, row, i))
			}
		}
	}
	order = append(order, "compliance_through")
	rows := func(fields []string) {
		for _, i := range rowsOf(f, fields) {
			for _, fl := range fields {
				order = append(order, key(fl, i))
			}
		}
	}
	rows(incFields)
	order = append(order, "ip_i_main", "ip_ii_main", "ip_ii_used", "ip_own_rd", "ip_i_lead", "ip_i_lead_own", "ip_i_lead_hv", "ip_i_lead_applied", "ip_ii_lead")
	rows(awardFields)
	rows(instFields)
	rows(stdFields)
	rows(makerFields)
	order = append(order, "niche_since", "emerging", "digital_level", "quality_award", "quality_cert", "own_brand", "national_share",
		"j_core_ip", "j_tech_field", "j_chain")
	for _, it := range JudgedItems() {
		order = append(order, it.FormName())
	}
	order = append(order, "note")
	var out []problem
	done := map[string]bool{}
	for _, k := range order {
		if m := f.Errors[k]; m != "" && !done[k] {
			out = append(out, problem{ID: "f-" + k, Message: m})
			done[k] = true
		}
	}
	var rest []string
	for k := range f.Errors {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, problem{ID: "f-" + k, Message: f.Errors[k]})
	}
	return out
}

// factGroup is a section of the read-only view of an assessment (what the enterprise sees).
type factGroup struct {
	ID, Title string
	Facts     []fact
}

type fact struct{ Label, Value string }

// assessmentFacts describes an assessment for reading: every fact with its value, "未核实" where none was
// recorded.
func assessmentFacts(a *Assessment, fy int, residentText string) []factGroup {
	tri := func(b *bool, yes, no string) string {
		switch {
		case b == nil:
			return "未核实"
		case *b:
			return yes
		}
		return no
	}
	count := func(v *int64) string {
		if v == nil {
			return "未核实"
		}
		return strconv.FormatInt(*v, 10) + " 项"
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "未核实"
		}
		return t.Format(time.DateOnly)
	}
	list := func(known bool, items []string) string {
		switch {
		case len(items) > 0 && known:
			return strings.Join(items, "；") + "（已核实，即全部）"
		case len(items) > 0:
			return strings.Join(items, "；") + "（未核实是否完整）"
		case known:
			return "无（已核实）"
		}
		return "未核实"
	}
	resident := residentText
	if a.MainlandResident != nil {
		resident = tri(a.MainlandResident, "是（园区核实）", "否（园区核实）")
	}
	gaoqi, kexiao := a.StaffFor(fy).Averages()
	avg := func(s criteria.StaffCounts) string {
		if t := averageText(s); t != "" {
			return t
		}
		return "未填"
	}
	var incidents []string
	for _, in := range a.Incidents {
		s := in.Date.Format(time.DateOnly) + " " + choiceLabel(IncidentKinds, string(in.Kind))
		if !in.Until.IsZero() {
			s += "（" + in.Until.Format(time.DateOnly) + " 移出）"
		}
		if in.Note != "" {
			s += "：" + in.Note
		}
		incidents = append(incidents, s)
	}
	compliance := "未核实"
	if !a.ComplianceCheckedThrough.IsZero() {
		compliance = "无记录"
		if len(incidents) > 0 {
			compliance = strings.Join(incidents, "；")
		}
	}
	var awards, insts, stds, makers []string
	for _, x := range a.Awards {
		s := fmt.Sprintf("%d年%s%s", x.Year, choiceLabel(AwardLevels, string(x.Level)), x.Name)
		if x.Rank > 0 {
			s += fmt.Sprintf("（第%d完成单位）", x.Rank)
		}
		awards = append(awards, s)
	}
	for _, x := range a.Institutions {
		insts = append(insts, choiceLabel(AwardLevels, string(x.Level))+x.Kind+"："+x.Name)
	}
	for _, x := range a.Standards {
		s := fmt.Sprintf("%d年%s %s", x.Year, choiceLabel(StandardLevels, string(x.Level)), x.Name)
		if x.Rank > 0 {
			s += fmt.Sprintf("（第%d起草单位）", x.Rank)
		}
		stds = append(stds, s)
	}
	for _, x := range a.MakerChina {
		makers = append(makers, fmt.Sprintf("%d年全国%d强", x.Year, x.Top))
	}
	m, j := a.Market, a.Judgements
	share := "未核实"
	if m.NationalShareBP != nil {
		share = shareText(*m.NationalShareBP) + "%"
	}
	digital := "未核实"
	if m.DigitalLevel != nil {
		digital = choiceLabel(digitalLevels, strconv.FormatInt(*m.DigitalLevel, 10))
	}
	chain := "未判定"
	if j.ChainPosition != "" {
		chain = choiceLabel(ChainPositions, string(j.ChainPosition))
	}
	var points []string
	for _, it := range JudgedItems() {
		if v, ok := j.Points[it.ID]; ok {
			points = append(points, fmt.Sprintf("%s %d 分", it.Label, v))
		}
	}
	pointsText := "未录入"
	if len(points) > 0 {
		pointsText = strings.Join(points, "；")
	}
	return []factGroup{
		{secBasic, "基本条件", []fact{{"境内注册的居民企业", resident}, {"产品和服务属于禁止、限制或淘汰类", tri(a.RestrictedProducts, "是", "否")},
			{"资质栏目已列全", map[bool]string{true: "是", false: "未核实"}[a.TitlesChecked]}}},
		{secStaff, fmt.Sprintf("%d 年人数", fy), []fact{{"科小季度平均（115号）", avg(kexiao)}, {"高企月平均（195号）", avg(gaoqi)}}},
		{secCompliance, "合规记录", []fact{{"公开信用记录核实至", day(a.ComplianceCheckedThrough)}, {"核实结果", compliance}}},
		{secIP, "知识产权（申请日有效）", []fact{{"与主要产品相关的Ⅰ类", count(a.IP.ClassIMain)}, {"与主要产品相关的Ⅱ类", count(a.IP.ClassIIMain)},
			{"其中已用于以往高企申请的Ⅱ类", count(a.IP.ClassIIMainUsed)}, {"获得方式有自主研发", tri(a.IP.OwnRD, "是", "否")},
			{"与主导产品相关的Ⅰ类", count(a.IP.ClassILeading)}, {"其中自主研发", count(a.IP.ClassILeadingOwnRD)},
			{"其中高价值", count(a.IP.ClassILeadingHighValue)}, {"其中已应用并产生效益", count(a.IP.ClassILeadingApplied)},
			{"与主导产品相关的Ⅱ类", count(a.IP.ClassIILeading)}}},
		{secRecords, "奖励、研发机构、标准与创客中国", []fact{{"科技奖励", list(a.AwardsKnown, awards)}, {"研发机构", list(a.InstitutionsKnown, insts)},
			{"参与制定的标准", list(a.StandardsKnown, stds)}, {"创客中国", list(a.MakerChinaKnown, makers)}}},
		{secMarket, "细分市场与质量品牌", []fact{{"进入细分市场", day(a.NicheSince)},
			{"主导产品属于战略性新兴产业", tri(m.StrategicEmerging, "是", "否")}, {"数字化水平", digital},
			{"省级以上质量奖", tri(m.QualityAward, "有", "无")}, {"管理体系或产品认证", tri(m.QualityCertified, "有", "无")},
			{"自主品牌", tri(m.OwnBrand, "有", "无")}, {"全国细分市场占有率", share}}},
		{secJudgements, "专家判断与评分", []fact{{"知识产权对主要产品发挥核心支持作用", tri(j.CoreIPSupport, "是", "否")},
			{"核心技术属于国家重点支持的高新技术领域", tri(j.KeyTechField, "是", "否")}, {"专家评分", pointsText},
			{"主导产品所属领域（专精特新）", chain}}},
	}
}
