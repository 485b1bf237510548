package criteria

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
)

// Building blocks shared by the rule sets.

// outcome builds a criterion's outcome tersely.
func outcome(s Status, threshold, note string, figs ...Figure) Outcome {
	return Outcome{Status: s, Threshold: threshold, Note: note, Figures: figs}
}

// statusOf turns a comparison into a status.
func statusOf(ok bool) Status {
	if ok {
		return Pass
	}
	return Fail
}

// scored is a score item's outcome: Pass when the points are fixed, Review when only bounded.
func scored(p Points, threshold, note string, judgeable bool, figs ...Figure) Outcome {
	s := Pass
	if !p.Fixed() {
		s = Review
	}
	return Outcome{Status: s, Score: p, Threshold: threshold, Note: note, Figures: figs, judgeable: judgeable}
}

// scaleText describes a scale for the Threshold column: "≥6%：50分；5%–6%：40分；…".
func scaleText(parts ...string) string { return strings.Join(parts, "；") }

// yearRange lists the fiscal years from..to inclusive.
func yearRange(from, to int) []int {
	var ys []int
	for y := from; y <= to; y++ {
		ys = append(ys, y)
	}
	return ys
}

// sumOver adds a money field over years; missing lists the years where it is unknown.
func sumOver(c *Context, years []int, field func(*YearFigures) *int64) (sum int64, missing []int) {
	for _, y := range years {
		v := field(c.FY(y))
		if v == nil {
			missing = append(missing, y)
			continue
		}
		sum += *v
	}
	return sum, missing
}

func yearsText(ys []int) string {
	if len(ys) == 0 {
		return ""
	}
	if len(ys) == 1 {
		return fmt.Sprintf("%d年", ys[0])
	}
	return fmt.Sprintf("%d–%d年", ys[0], ys[len(ys)-1])
}

// missingNote names what is not reported and in which years, each year once and in order (two figures
// missing in the same year name it once).
func missingNote(what string, ys []int) string {
	ys = slices.Compact(slices.Sorted(slices.Values(ys)))
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprintf("%d", y)
	}
	return fmt.Sprintf("%s未填报（%s年）。", what, strings.Join(parts, "、"))
}

// fullYears counts the whole years from since to the end of fiscal year endYear (that is, to 1 January of the
// next year): 2020-01-01 to the end of 2021 is 2 years. The reference date follows criteria.md §4's
// recommendation (UNCONFIRMED for 专精特新; stated by 小巨人): 31 December of the previous year.
func fullYears(since time.Time, endYear int) int {
	end := day(endYear+1, time.January, 1)
	since = dateOnly(since)
	if since.After(end) {
		return 0
	}
	n := end.Year() - since.Year()
	for n > 0 && since.AddDate(n, 0, 0).After(end) {
		n--
	}
	return n
}

// nicheYears returns the full years in the niche market up to the end of Y−1, or ok false when unknown.
func nicheYears(c *Context) (n int, fig Figure, ok bool) {
	if c.Profile.NicheSince.IsZero() {
		return 0, figUnknown("进入细分市场时间", unknownText), false
	}
	n = fullYears(c.Profile.NicheSince, c.Prev())
	return n, figText(fmt.Sprintf("截至%d年底从事细分市场年限", c.Prev()),
		fmt.Sprintf("%d年（自%s）", n, c.Profile.NicheSince.Format(time.DateOnly))), true
}

// compliance checks the incident record: no event of the given kinds dated within [from, to], and no listing
// of the given kinds in force at the application date. The record must be checked through the later of to and
// the application date, otherwise the result needs review (an unchecked record is unknown, not clean).
func compliance(c *Context, from, to time.Time, events, listings []IncidentKind, threshold string) Outcome {
	p := c.Profile
	var hits []string
	undated := false
	for _, in := range p.Incidents {
		if (containsKind(events, in.Kind) || containsKind(listings, in.Kind)) && in.Date.IsZero() {
			undated = true
		}
		if containsKind(events, in.Kind) && !in.Date.IsZero() && !dateOnly(in.Date).Before(from) &&
			!dateOnly(in.Date).After(to) {
			hits = append(hits, fmt.Sprintf("%s %s", in.Date.Format(time.DateOnly), incidentLabel(in.Kind)))
		}
		if containsKind(listings, in.Kind) && !c.Date.IsZero() && !dateOnly(in.Date).After(c.Date) &&
			(in.Until.IsZero() || dateOnly(in.Until).After(c.Date)) {
			hits = append(hits, fmt.Sprintf("%s起%s", in.Date.Format(time.DateOnly), incidentLabel(in.Kind)))
		}
	}
	window := figText("核查期间", from.Format(time.DateOnly)+" 至 "+to.Format(time.DateOnly))
	if len(hits) > 0 {
		return outcome(Fail, threshold, "", window, figText("记录", strings.Join(hits, "；")))
	}
	if undated {
		return outcome(Review, threshold, "有未填日期的合规事件，无法判断是否在核查期间内。", window)
	}
	need := to
	if len(listings) > 0 && c.Date.After(need) {
		need = c.Date
	}
	if c.Date.IsZero() && len(listings) > 0 {
		return outcome(Review, threshold, "未给出申请日期，无法核对名录状态。", window)
	}
	through := p.ComplianceCheckedThrough
	if through.IsZero() {
		return outcome(Review, threshold, "合规记录未核实。", window, figUnknown("合规记录核实至", "未核实"))
	}
	checked := figText("合规记录核实至", through.Format(time.DateOnly))
	if dateOnly(through).Before(need) {
		return outcome(Review, threshold,
			fmt.Sprintf("合规记录只核实到 %s，需核实到 %s。", through.Format(time.DateOnly), need.Format(time.DateOnly)),
			window, checked)
	}
	return outcome(Pass, threshold, "", window, checked, figText("记录", "无"))
}

func containsKind(ks []IncidentKind, k IncidentKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func incidentLabel(k IncidentKind) string {
	switch k {
	case IncidentSafety:
		return "重大安全事故"
	case IncidentQuality:
		return "重大质量事故"
	case IncidentEnv:
		return "严重环境违法行为"
	case IncidentMisconduct:
		return "科研严重失信行为"
	case IncidentAbnormal:
		return "列入经营异常名录"
	case IncidentDishonest:
		return "列入严重违法失信名单"
	}
	return string(k)
}

func levelLabel(l Level) string {
	switch l {
	case LevelInternational:
		return "国际"
	case LevelNational:
		return "国家级"
	case LevelProvincial:
		return "省部级"
	case LevelCity:
		return "市级"
	case LevelBelowCity:
		return "市级以下"
	case LevelIndustry:
		return "行业"
	case LevelGroup:
		return "团体"
	case LevelLocal:
		return "地方"
	case LevelEnterprise:
		return "企业"
	}
	return string(l)
}

// awardRoute looks for an award won in fiscal years from..to at one of the levels, ranked within maxRank at
// that level (0: any rank). An award with an unknown rank where a rank matters makes the route need review.
func awardRoute(c *Context, from, to int, maxRank map[Level]int, threshold string) Outcome {
	p := c.Profile
	maybe := ""
	for _, a := range p.Awards {
		limit, ok := maxRank[a.Level]
		if !ok || a.Year < from || a.Year > to {
			continue
		}
		desc := fmt.Sprintf("%d年%s%s", a.Year, levelLabel(a.Level), a.Name)
		switch {
		case limit == 0 || (a.Rank > 0 && a.Rank <= limit):
			if a.Rank > 0 {
				desc += fmt.Sprintf("（第%d完成单位）", a.Rank)
			}
			return outcome(Pass, threshold, "", figText("获奖", desc))
		case a.Rank == 0:
			maybe = desc + "（排名未填报）"
		}
	}
	if maybe != "" {
		return outcome(Review, threshold, "获奖单位排名未填报。", figText("获奖", maybe))
	}
	if !p.AwardsKnown {
		return outcome(Review, threshold, "获奖记录未核实。", figUnknown("获奖", unknownText))
	}
	return outcome(Fail, threshold, "", figText("获奖", fmt.Sprintf("%d–%d年无符合条件的奖项", from, to)))
}

// titleRoute passes when the enterprise holds one of the titles, valid on the application date.
func titleRoute(c *Context, kinds []string, names string, threshold string) Outcome {
	p := c.Profile
	if c.Date.IsZero() {
		return outcome(Review, threshold, "未给出申请日期，无法核对资质有效期。")
	}
	for _, q := range p.Qualifications {
		for _, k := range kinds {
			if q.Kind == k && q.validOn(c.Date) {
				v := titleLabel(q.Kind)
				if q.Number != "" {
					v += " " + q.Number
				}
				if !q.ValidTo.IsZero() {
					v += "，有效期至 " + q.ValidTo.Format(time.DateOnly)
				}
				return outcome(Pass, threshold, "", figText("有效资质", v))
			}
		}
	}
	if !p.QualificationsKnown {
		return outcome(Review, threshold, "资质记录未核实。", figUnknown("有效资质", unknownText))
	}
	return outcome(Fail, threshold, "", figText("有效资质", "无"+names))
}

func titleLabel(kind string) string {
	switch kind {
	case TitleGaoqi:
		return "高新技术企业"
	case TitleKexiao:
		return "科技型中小企业"
	case TitleChuangxin:
		return "创新型中小企业"
	case TitleZhuanjingtexin:
		return "专精特新中小企业"
	case TitleXiaojuren:
		return "专精特新“小巨人”企业"
	case TitleDengling:
		return "瞪羚企业"
	case TitleInnovationDemo:
		return "国家技术创新示范企业"
	case TitleIPAdvantage:
		return "国家知识产权优势企业"
	case TitleIPDemonstration:
		return "国家知识产权示范企业"
	case TitleTechAdvancedService:
		return "技术先进型服务企业"
	}
	return kind
}

var levelOrder = map[Level]int{LevelNational: 4, LevelProvincial: 3, LevelCity: 2, LevelBelowCity: 1}

// bestInstitution returns the highest-level recognised R&D institution valid on the application date, and
// whether the record is complete enough to settle "none".
func bestInstitution(c *Context) (best *RDInstitution, known bool) {
	p := c.Profile
	for i := range p.RDInstitutions {
		r := &p.RDInstitutions[i]
		if c.Date.IsZero() || !r.validOn(c.Date) {
			continue
		}
		if best == nil || levelOrder[r.Level] > levelOrder[best.Level] {
			best = r
		}
	}
	return best, p.RDInstitutionsKnown && !c.Date.IsZero()
}

func institutionText(r *RDInstitution) string {
	s := levelLabel(r.Level) + r.Kind
	if r.Name != "" {
		s += "（" + r.Name + "）"
	}
	return s
}

// institutionRoute passes with a recognised R&D institution at the provincial/ministerial level or above.
func institutionRoute(c *Context, threshold string) Outcome {
	best, known := bestInstitution(c)
	if best != nil && levelOrder[best.Level] >= levelOrder[LevelProvincial] {
		return outcome(Pass, threshold, "", figText("研发机构", institutionText(best)))
	}
	if !known {
		return outcome(Review, threshold, "研发机构记录未核实。", figUnknown("研发机构", unknownText))
	}
	v := "无"
	if best != nil {
		v = institutionText(best)
	}
	return outcome(Fail, threshold, "", figText("省部级以上研发机构", v))
}

// makerChinaRoute passes with a place in the national 创客中国 top-N list in fiscal years from..to.
func makerChinaRoute(c *Context, from, to, top int, threshold string) Outcome {
	p := c.Profile
	for _, m := range p.MakerChina {
		if m.Year >= from && m.Year <= to && m.Top > 0 && m.Top <= top {
			return outcome(Pass, threshold, "", figText("创客中国", fmt.Sprintf("%d年全国%d强", m.Year, m.Top)))
		}
	}
	if !p.MakerChinaKnown {
		return outcome(Review, threshold, "创客中国获奖记录未核实。", figUnknown("创客中国", unknownText))
	}
	return outcome(Fail, threshold, "", figText("创客中国", fmt.Sprintf("%d–%d年未进入全国%d强", from, to, top)))
}

// equityAtLeast compares the equity raised in fiscal years from..to with a minimum (inclusive).
func equityAtLeast(c *Context, from, to int, minFen int64, threshold string) Outcome {
	years := yearRange(from, to)
	sum, missing := sumOver(c, years, func(f *YearFigures) *int64 { return f.EquityRaised })
	fig := figMoney(yearsText(years)+"新增股权融资", &sum)
	if sum >= minFen {
		return outcome(Pass, threshold, "", fig)
	}
	if len(missing) > 0 {
		return outcome(Review, threshold, missingNote("股权融资额", missing), fig)
	}
	return outcome(Fail, threshold, "", fig)
}

// combine decides a condition from earlier outcomes, all or any of them, and names the parts.
func combine(c *Context, all bool, threshold string, ids ...string) Outcome {
	statuses := make([]Status, len(ids))
	var failed, open []string
	for i, id := range ids {
		o := c.Outcome(id)
		statuses[i] = o.Status
		switch o.Status {
		case Fail:
			failed = append(failed, o.Label)
		case Review:
			open = append(open, o.Label)
		}
	}
	var s Status
	if all {
		s = allOf(statuses...)
	} else {
		s = anyOf(statuses...)
	}
	note := ""
	switch {
	case s == Fail && all:
		note = "未满足：" + strings.Join(failed, "；")
	case s == Fail:
		note = "各项均未满足：" + strings.Join(failed, "；")
	case s == Review:
		note = "待审核：" + strings.Join(open, "；")
	}
	return Outcome{Status: s, Threshold: threshold, Note: note, Parts: ids}
}

// scoreAtLeast is the condition "score ≥ min" (or "> min" when strict) on the total so far.
func scoreAtLeast(c *Context, min int, strict bool, threshold string) Outcome {
	t := c.Total()
	ok := func(v int) bool {
		if strict {
			return v > min
		}
		return v >= min
	}
	fig := figText("评价得分", t.String()+"分")
	switch {
	case ok(t.Lo):
		return outcome(Pass, threshold, "", fig)
	case !ok(t.Hi):
		note := fmt.Sprintf("可能的最高得分为 %d 分。", t.Hi)
		return outcome(Fail, threshold, note, fig)
	}
	return outcome(Review, threshold, fmt.Sprintf("得分在 %s 分之间，取决于待审核的指标。", t), fig)
}

// tierCount is a tri-state "at least n" on an optional count.
func tierCount(v *int64, n int64) Status {
	switch {
	case v == nil:
		return Review
	case *v >= n:
		return Pass
	}
	return Fail
}

// tiers scores the first tier that holds, in order from the best: the lowest possible score is that of the
// first tier that surely holds, the highest that of the first tier that may hold. last is the points when no
// tier holds.
func tiers(statuses []Status, points []int, last int) Points {
	lo, hi := last, last
	hiSet := false
	for i, s := range statuses {
		if s != Fail && !hiSet {
			hi, hiSet = points[i], true
		}
		if s == Pass {
			lo = points[i]
			break
		}
	}
	return Points{lo, hi}
}

// leadingIP scores IP related to the leading product on the MIIT ladder: 高价值 Ⅰ类, own-R&D Ⅰ类, Ⅰ类, Ⅱ类
// (63号 附件1 and 附件2 item 10). The Ⅰ类 sub-counts are subsets of ClassILeading, so a known zero there
// settles them.
func leadingIP(c *Context, points [4]int, threshold string) Outcome {
	ip := c.Profile.IP
	hv, own := ip.ClassILeadingHighValue, ip.ClassILeadingOwnRD
	if ip.ClassILeading != nil && *ip.ClassILeading == 0 {
		hv, own = Count(0), Count(0)
	}
	st := []Status{tierCount(hv, 1), tierCount(own, 1), tierCount(ip.ClassILeading, 1), tierCount(ip.ClassIILeading, 1)}
	// A high-value or own-R&D item is a Ⅰ类 item.
	if st[0] == Pass || st[1] == Pass {
		st[2] = Pass
	}
	p := tiers(st, points[:], 0)
	figs := []Figure{
		figCount("Ⅰ类知识产权（主导产品相关）", ip.ClassILeading, "项"),
		figCount("其中自主研发", ip.ClassILeadingOwnRD, "项"),
		figCount("其中高价值", ip.ClassILeadingHighValue, "项"),
		figCount("Ⅱ类知识产权（主导产品相关）", ip.ClassIILeading, "项"),
	}
	note := ""
	if !p.Fixed() {
		note = "知识产权分类数量未填全。"
	}
	return scored(p, threshold, note, false, figs...)
}

// ratioScale scores num/den on a scale; an unknown figure or a zero denominator leaves the whole span open.
func ratioScale(num, den *int64, sc scale, threshold string, judgeable bool, numFig, denFig Figure, ratioName string) Outcome {
	if num == nil || den == nil {
		return scored(sc.span(), threshold, "数据未填报。", false, numFig, denFig)
	}
	r, ok := ratio(*num, *den)
	if !ok {
		return scored(sc.span(), threshold, "分母为0，无法计算。", false, numFig, denFig)
	}
	b := sc.pick(r)
	return scored(b.pts, threshold, bandNote(b), judgeable, numFig, denFig, figPct(ratioName, r))
}

func bandNote(b band) string {
	if b.label == "" {
		return ""
	}
	return "档次 " + b.label + "。"
}

// growthRate is cur/prev − 1; ok false when a figure is unknown or prev is not positive.
func growthRate(prev, cur *int64) (*big.Rat, bool) {
	if prev == nil || cur == nil || *prev <= 0 {
		return nil, false
	}
	r := big.NewRat(*cur, *prev)
	return r.Sub(r, one()), true
}
