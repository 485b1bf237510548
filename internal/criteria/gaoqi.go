package criteria

import (
	"fmt"
	"math/big"
	"time"
)

// 高新技术企业: 《高新技术企业认定管理办法》(国科发火〔2016〕32号) art. 11 and the 企业创新能力评价 of
// 《高新技术企业认定管理工作指引》(国科发火〔2016〕195号). criteria.md §1.

var gaoqiDocuments = []Document{
	{
		Short: "32号",
		Title: "《高新技术企业认定管理办法》（国科发火〔2016〕32号）",
		URL:   "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2016/201602/t20160205_123998.html",
		Note:  "第十一条条件经4份转载本核对一致（criteria.md §1.1）；上线前须与科技部官方文本再核对。",
	},
	{
		Short: "195号",
		Title: "《高新技术企业认定管理工作指引》（国科发火〔2016〕195号）",
		URL:   "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2016/201606/t20160629_126169.html",
		Note:  "创新能力评价分档及成长性公式经至少4份转载本核对一致（criteria.md §1.3）；短经营期处理未见明文。",
	},
}

// NewGaoqi2016 builds the 高企 rule set of 32号 and 195号.
func NewGaoqi2016() *RuleSet {
	return &RuleSet{
		ID:            "gaoqi-2016",
		Scheme:        SchemeGaoqi,
		Name:          "高新技术企业认定（2016年办法）",
		Region:        RegionNational,
		Version:       "2016",
		EffectiveFrom: day(2016, time.January, 1),
		Documents:     gaoqiDocuments,
		PassScore:     70,
		Groups: []ScoreGroup{
			{ID: "ip", Label: "知识产权", Max: 30},
			{ID: "conversion", Label: "科技成果转化能力", Max: 30},
			{ID: "management", Label: "研究开发组织管理水平", Max: 20},
			{ID: "growth", Label: "企业成长性", Max: 20},
		},
		Notes: []string{
			"近三个会计年度为申请年前三年（Y−3至Y−1）；成立不足三年的按实际经营年度，成立当年（不足一年）计为一个年度（指引未明文，UNCONFIRMED）。",
			"研发费用占比为窗口内研发费用合计除以销售收入合计（比值之和而非比值平均）。",
			"科技成果转化年均数在经营不足三年时按实际经营年度数平均（UNCONFIRMED）。",
			"成长性：第一年数值为0时按后两年计算；第二年为0得0分；仅有两个年度时按 S₂/S₁−1（UNCONFIRMED）；净资产为负或仅有一个年度时待审核。",
			"创新能力评价中专家评价部分无法由数据确定：数据最多证明不合格，不能证明合格（criteria.md §1.3）。录入专家评分（Judgements.Points）后可得确定分值。",
			"“申请认定前一年内”按申请年前一会计年度（Y−1）核查（criteria.md §7.3）。",
		},
		Criteria: []Criterion{
			{ID: "gaoqi.c1", Label: "注册成立一年以上", Cite: "32号 第十一条(一)；195号（365个日历天数以上）", Kind: KindCondition, Eval: gaoqiAge},
			{ID: "gaoqi.c2", Label: "拥有对主要产品（服务）发挥核心支持作用的知识产权所有权", Cite: "32号 第十一条(二)", Kind: KindCondition, Eval: gaoqiOwnsIP},
			{ID: "gaoqi.c3", Label: "核心技术属于《国家重点支持的高新技术领域》", Cite: "32号 第十一条(三)", Kind: KindCondition, Eval: gaoqiField},
			{ID: "gaoqi.c4", Label: "科技人员占当年职工总数的比例不低于10%", Cite: "32号 第十一条(四)；195号（科技人员、职工总数按月平均）", Kind: KindCondition, Eval: gaoqiTechStaff},
			{ID: "gaoqi.c5", Label: "近三个会计年度研究开发费用总额占同期销售收入总额的比例", Cite: "32号 第十一条(五)", Kind: KindCondition, Eval: gaoqiRDRatio},
			{ID: "gaoqi.c5.domestic", Label: "境内研究开发费用占全部研究开发费用的比例不低于60%", Cite: "32号 第十一条(五)", Kind: KindCondition, Eval: gaoqiRDDomestic},
			{ID: "gaoqi.c6", Label: "近一年高新技术产品（服务）收入占同期总收入的比例不低于60%", Cite: "32号 第十一条(六)；195号（总收入=收入总额−不征税收入）", Kind: KindCondition, Eval: gaoqiHighTechIncome},

			{ID: "gaoqi.ip.advancement", Label: "技术的先进程度", Cite: "195号 创新能力评价 一、知识产权 1", Kind: KindItem, Group: "ip", MaxScore: 8, Eval: gaoqiExpert(8, "A 高 7–8；B 较高 5–6；C 一般 3–4；D 较低 1–2；E 无 0")},
			{ID: "gaoqi.ip.core", Label: "对主要产品（服务）在技术上发挥核心支持作用", Cite: "195号 创新能力评价 一、知识产权 2", Kind: KindItem, Group: "ip", MaxScore: 8, Eval: gaoqiExpert(8, "A 强 7–8；B 较强 5–6；C 一般 3–4；D 较弱 1–2；E 无 0")},
			{ID: "gaoqi.ip.count", Label: "知识产权数量", Cite: "195号 创新能力评价 一、知识产权 3", Kind: KindItem, Group: "ip", MaxScore: 8, Eval: gaoqiIPCount},
			{ID: "gaoqi.ip.acquisition", Label: "知识产权获得方式", Cite: "195号 创新能力评价 一、知识产权 4", Kind: KindItem, Group: "ip", MaxScore: 6, Eval: gaoqiIPAcquisition},
			{ID: "gaoqi.ip.standards", Label: "参与编制国家标准、行业标准、检测方法、技术规范（加分项）", Cite: "195号 创新能力评价 一、知识产权 5", Kind: KindItem, Group: "ip", MaxScore: 2, Eval: gaoqiStandardsBonus},
			{ID: "gaoqi.conversion", Label: "科技成果转化能力（近三年年均转化数）", Cite: "195号 创新能力评价 二、科技成果转化能力", Kind: KindItem, Group: "conversion", MaxScore: 30, Eval: gaoqiConversion},
			{ID: "gaoqi.mgmt.system", Label: "研究开发组织管理制度、研发投入核算体系、研发费用辅助账", Cite: "195号 创新能力评价 三、研究开发组织管理水平 1", Kind: KindItem, Group: "management", MaxScore: 6, Eval: gaoqiExpert(6, "专家评价 0–6")},
			{ID: "gaoqi.mgmt.institution", Label: "内部研究开发机构及产学研合作", Cite: "195号 创新能力评价 三、研究开发组织管理水平 2", Kind: KindItem, Group: "management", MaxScore: 6, Eval: gaoqiExpert(6, "专家评价 0–6")},
			{ID: "gaoqi.mgmt.conversion", Label: "成果转化组织实施与激励奖励制度、开放式创新创业平台", Cite: "195号 创新能力评价 三、研究开发组织管理水平 3", Kind: KindItem, Group: "management", MaxScore: 4, Eval: gaoqiExpert(4, "专家评价 0–4")},
			{ID: "gaoqi.mgmt.talent", Label: "科技人员培养进修、职工技能培训、人才引进及绩效评价奖励制度", Cite: "195号 创新能力评价 三、研究开发组织管理水平 4", Kind: KindItem, Group: "management", MaxScore: 4, Eval: gaoqiExpert(4, "专家评价 0–4")},
			{ID: "gaoqi.growth.assets", Label: "净资产增长率", Cite: "195号 创新能力评价 四、企业成长性", Kind: KindItem, Group: "growth", MaxScore: 10, Eval: gaoqiGrowth(true)},
			{ID: "gaoqi.growth.sales", Label: "销售收入增长率", Cite: "195号 创新能力评价 四、企业成长性", Kind: KindItem, Group: "growth", MaxScore: 10, Eval: gaoqiGrowth(false)},

			{ID: "gaoqi.c7", Label: "企业创新能力评价得分70分以上（不含70分）", Cite: "32号 第十一条(七)；195号", Kind: KindCondition, Eval: gaoqiScore},
			{ID: "gaoqi.c8", Label: "申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为", Cite: "32号 第十一条(八)", Kind: KindCondition, Eval: gaoqiCompliance},
		},
	}
}

// gaoqiWindow is 近三个会计年度 (Y−3…Y−1), shortened to the actual operating years when the enterprise was
// founded later (32号 art. 11(5)). The founding year counts as an operating year even when it is partial:
// the documents do not say (criteria.md §1.2, UNCONFIRMED).
func gaoqiWindow(c *Context) (years []int, note string) {
	start := c.Year - 3
	if f := c.Profile.Founded; !f.IsZero() && f.Year() > start {
		start = f.Year()
		note = fmt.Sprintf("成立于%d年，按实际经营年度计算。", f.Year())
	}
	return yearRange(start, c.Year-1), note
}

func gaoqiAge(c *Context) Outcome {
	const th = "注册成立至申请日 ≥ 365个日历天数"
	f := c.Profile.Founded
	if f.IsZero() {
		return outcome(Review, th, "成立日期未填报。", figUnknown("成立日期", unknownText))
	}
	figs := []Figure{figText("成立日期", f.Format(time.DateOnly))}
	if c.Date.IsZero() {
		return outcome(Review, th, "未给出申请日期。", figs...)
	}
	days := int(c.Date.Sub(dateOnly(f)).Hours() / 24)
	figs = append(figs, figText("申请日期", c.Date.Format(time.DateOnly)), figText("已成立", fmt.Sprintf("%d天", days)))
	return outcome(statusOf(days >= 365), th, "", figs...)
}

func gaoqiOwnsIP(c *Context) Outcome {
	const th = "拥有知识产权所有权，且对主要产品（服务）发挥核心支持作用（专家判断）"
	ip := c.Profile.IP
	figs := []Figure{figCount("Ⅰ类知识产权", ip.ClassI, "项"), figCount("Ⅱ类知识产权", ip.ClassII, "项")}
	has, none := false, ip.ClassI != nil && ip.ClassII != nil && *ip.ClassI == 0 && *ip.ClassII == 0
	for _, v := range []*int64{ip.ClassI, ip.ClassII, ip.ClassIMain, ip.ClassIIMain} {
		if v != nil && *v > 0 {
			has = true
		}
	}
	switch {
	case none && !has:
		return outcome(Fail, th, "未拥有知识产权。", figs...)
	case !has:
		return outcome(Review, th, "知识产权数量未填报。", figs...)
	}
	j := c.Profile.Judgements.CoreIPSupport
	figs = append(figs, figBool("核心支持作用（专家判断）", j, "是", "否"))
	if j == nil {
		return outcome(Review, th, "知识产权是否对主要产品（服务）发挥核心支持作用由专家判断。", figs...)
	}
	return outcome(statusOf(*j), th, "", figs...)
}

func gaoqiField(c *Context) Outcome {
	const th = "属于《国家重点支持的高新技术领域》规定的范围（专家判断）"
	j := c.Profile.Judgements.KeyTechField
	fig := figBool("技术领域（专家判断）", j, "属于", "不属于")
	if j == nil {
		return outcome(Review, th, "核心技术所属领域由专家判断。", fig)
	}
	return outcome(statusOf(*j), th, "", fig)
}

func gaoqiTechStaff(c *Context) Outcome {
	const th = "科技人员 / 职工总数 ≥ 10%"
	y := c.Prev()
	s := c.FY(y).StaffGaoqi
	figs := []Figure{figPeople(fmt.Sprintf("%d年科技人员（月平均）", y), s.Tech), figPeople(fmt.Sprintf("%d年职工总数（月平均）", y), s.Total)}
	if s.Tech == nil || s.Total == nil || !s.Tech.valid() || !s.Total.valid() {
		return outcome(Review, th, "人数未填报（高企按195号月平均口径）。", figs...)
	}
	r, ok := fracRatio(*s.Tech, *s.Total)
	if !ok {
		return outcome(Review, th, "职工总数为0。", figs...)
	}
	figs = append(figs, figPct("科技人员占比", r))
	return outcome(statusOf(geq(r, pct(10))), th, "", figs...)
}

// gaoqiRDEdge returns the minimum R&D ratio chosen by the latest year's sales: ≤ 5,000万 → 5%; 5,000万 to 2亿
// (2亿 included) → 4%; > 2亿 → 3% (32号 art. 11(5)).
func gaoqiRDEdge(latestSales int64) (*big.Rat, string) {
	switch {
	case latestSales <= 5000*fenPerWan:
		return pct(5), "最近一年销售收入 ≤ 5,000万元，适用 ≥ 5%"
	case latestSales <= 2*fenPerYi:
		return pct(4), "最近一年销售收入在5,000万元至2亿元（含）之间，适用 ≥ 4%"
	}
	return pct(3), "最近一年销售收入 > 2亿元，适用 ≥ 3%"
}

func gaoqiRDRatio(c *Context) Outcome {
	const th = "最近一年销售收入 ≤ 5,000万元：≥ 5%；5,000万元–2亿元（含）：≥ 4%；> 2亿元：≥ 3%"
	years, wnote := gaoqiWindow(c)
	if len(years) == 0 {
		return outcome(Review, th, "申请前无会计年度数据。")
	}
	rd, missRD := sumOver(c, years, func(f *YearFigures) *int64 { return f.RDExpense })
	sales, missS := sumOver(c, years, func(f *YearFigures) *int64 { return f.Revenue })
	latest := c.FY(c.Prev()).Revenue
	span := yearsText(years)
	figs := []Figure{figMoney(span+"研发费用合计", &rd), figMoney(span+"销售收入合计", &sales),
		figMoney(fmt.Sprintf("%d年销售收入", c.Prev()), latest)}
	if len(missRD)+len(missS) > 0 {
		figs[0], figs[1] = figMoney(span+"研发费用合计", nil), figMoney(span+"销售收入合计", nil)
		return outcome(Review, th, joinNote(wnote, missingNote("研发费用或销售收入", append(missRD, missS...))), figs...)
	}
	r, ok := ratio(rd, sales)
	if !ok {
		return outcome(Review, th, joinNote(wnote, "销售收入合计为0，无法计算。"), figs...)
	}
	figs = append(figs, figPct("研发费用占比", r))
	// The window ends with Y−1, so the latest year's sales are known here.
	edge, band := gaoqiRDEdge(*latest)
	return outcome(statusOf(geq(r, edge)), th, joinNote(wnote, band+"。"), figs...)
}

func gaoqiRDDomestic(c *Context) Outcome {
	const th = "境内研发费用 / 全部研发费用 ≥ 60%"
	years, wnote := gaoqiWindow(c)
	if len(years) == 0 {
		return outcome(Review, th, "申请前无会计年度数据。")
	}
	dom, missD := sumOver(c, years, func(f *YearFigures) *int64 { return f.RDDomestic })
	rd, missRD := sumOver(c, years, func(f *YearFigures) *int64 { return f.RDExpense })
	span := yearsText(years)
	if len(missD)+len(missRD) > 0 {
		return outcome(Review, th, joinNote(wnote, missingNote("研发费用或境内研发费用", append(missD, missRD...))),
			figMoney(span+"境内研发费用合计", nil), figMoney(span+"研发费用合计", nil))
	}
	figs := []Figure{figMoney(span+"境内研发费用合计", &dom), figMoney(span+"研发费用合计", &rd)}
	r, ok := ratio(dom, rd)
	if !ok {
		return outcome(Review, th, joinNote(wnote, "研发费用合计为0。"), figs...)
	}
	figs = append(figs, figPct("境内研发费用占比", r))
	return outcome(statusOf(geq(r, pct(60))), th, wnote, figs...)
}

func gaoqiHighTechIncome(c *Context) Outcome {
	const th = "高新技术产品（服务）收入 / 总收入 ≥ 60%"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年高新技术产品（服务）收入", y), f.HighTechIncome),
		figMoney(fmt.Sprintf("%d年总收入", y), f.TotalIncome)}
	if f.HighTechIncome == nil || f.TotalIncome == nil {
		return outcome(Review, th, "收入未填报。", figs...)
	}
	r, ok := ratio(*f.HighTechIncome, *f.TotalIncome)
	if !ok {
		return outcome(Review, th, "总收入为0。", figs...)
	}
	figs = append(figs, figPct("高新技术产品（服务）收入占比", r))
	return outcome(statusOf(geq(r, pct(60))), th, "", figs...)
}

func gaoqiCompliance(c *Context) Outcome {
	y := c.Prev()
	return compliance(c, day(y, time.January, 1), day(y, time.December, 31),
		[]IncidentKind{IncidentSafety, IncidentQuality, IncidentEnv}, nil,
		"申请前一年内无重大安全事故、重大质量事故、严重环境违法行为")
}

// gaoqiExpert is a sub-item the experts score from 0 to max.
func gaoqiExpert(max int, bands string) func(*Context) Outcome {
	return func(c *Context) Outcome {
		return scored(Points{0, max}, bands+"（专家评价）", "由专家评价，数据无法确定。", true)
	}
}

// interval is a count known to lie in [lo, hi]; hi < 0 means unbounded.
type interval struct{ lo, hi int64 }

func exactly(v *int64) interval {
	if v == nil {
		return interval{0, -1}
	}
	return interval{*v, *v}
}

func gaoqiCountBand(classI, classII int64) (Points, string) {
	switch {
	case classI >= 1:
		return Points{7, 8}, "A"
	case classII >= 5:
		return Points{5, 6}, "B"
	case classII >= 3:
		return Points{3, 4}, "C"
	case classII >= 1:
		return Points{1, 2}, "D"
	}
	return pts(0), "E"
}

func gaoqiIPCount(c *Context) Outcome {
	const th = "A ≥1项Ⅰ类 7–8；B ≥5项Ⅱ类 5–6；C 3–4项Ⅱ类 3–4；D 1–2项Ⅱ类 1–2；E 无 0"
	ip := c.Profile.IP
	one := exactly(ip.ClassIMain)
	two := exactly(ip.ClassIIMain)
	// A Ⅱ类 item counts in one 高企 application only (195号): subtract those already used.
	switch {
	case ip.ClassIIMain == nil:
	case ip.ClassIIMainUsed == nil:
		two = interval{0, *ip.ClassIIMain}
	default:
		two = interval{max(0, *ip.ClassIIMain-*ip.ClassIIMainUsed), max(0, *ip.ClassIIMain-*ip.ClassIIMainUsed)}
	}
	figs := []Figure{figCount("Ⅰ类知识产权（主要产品相关）", ip.ClassIMain, "项"),
		figCount("Ⅱ类知识产权（主要产品相关）", ip.ClassIIMain, "项"),
		figCount("其中已用于以往高企申请的Ⅱ类", ip.ClassIIMainUsed, "项")}
	loPts, loBand := gaoqiCountBand(one.lo, two.lo)
	hiI, hiII := one.hi, two.hi
	if hiI < 0 {
		hiI = 1
	}
	if hiII < 0 {
		hiII = 5
	}
	hiPts, hiBand := gaoqiCountBand(hiI, hiII)
	if loBand == hiBand {
		note := "档次 " + loBand + "，档内分值由专家评价。"
		if loPts.Fixed() {
			note = "档次 " + loBand + "。"
		}
		return scored(loPts, th, note, true, figs...)
	}
	return scored(Points{loPts.Lo, hiPts.Hi}, th, "知识产权数量未填全（或已用于以往申请的Ⅱ类数量未填报），档次未定。", false, figs...)
}

func gaoqiIPAcquisition(c *Context) Outcome {
	const th = "A 有自主研发 1–6；B 仅受让、受赠和并购等 1–3"
	ip := c.Profile.IP
	figs := []Figure{figBool("知识产权获得方式", ip.OwnRD, "有自主研发", "仅受让、受赠、并购等")}
	noneKnown := ip.ClassIMain != nil && ip.ClassIIMain != nil && *ip.ClassIMain == 0 && *ip.ClassIIMain == 0
	someKnown := ip.ClassIMain != nil && *ip.ClassIMain > 0 || ip.ClassIIMain != nil && *ip.ClassIIMain > 0
	switch {
	case noneKnown:
		return scored(pts(0), th, "无知识产权。", false, figs...)
	case ip.OwnRD == nil || !someKnown:
		return scored(Points{0, 6}, th, "知识产权数量或获得方式未填报。", false, figs...)
	case *ip.OwnRD:
		return scored(Points{1, 6}, th, "档次 A，档内分值由专家评价。", true, figs...)
	}
	return scored(Points{1, 3}, th, "档次 B，档内分值由专家评价。", true, figs...)
}

func gaoqiStandardsBonus(c *Context) Outcome {
	const th = "参与编制国家标准、行业标准、检测方法、技术规范：1–2；否：0"
	p := c.Profile
	for _, s := range p.Standards {
		if s.Level == LevelNational || s.Level == LevelIndustry {
			return scored(Points{1, 2}, th, "分值由专家评价。", true,
				figText("参与编制标准", fmt.Sprintf("%s%s标准 %s", yearPrefix(s.Year), levelLabel(s.Level), s.Name)))
		}
	}
	if !p.StandardsKnown {
		return scored(Points{0, 2}, th, "标准参与记录未核实。", false, figUnknown("参与编制标准", unknownText))
	}
	return scored(pts(0), th, "", false, figText("参与编制标准", "无"))
}

func yearPrefix(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d年", y)
}

var gaoqiConversionScale = scale{
	atLeast(big.NewRat(5, 1), Points{25, 30}, "A"),
	atLeast(big.NewRat(4, 1), Points{19, 24}, "B"),
	atLeast(big.NewRat(3, 1), Points{13, 18}, "C"),
	atLeast(big.NewRat(2, 1), Points{7, 12}, "D"),
	atLeast(big.NewRat(1, 1), Points{1, 6}, "E"),
	otherwise(pts(0), "F"),
}

func gaoqiConversion(c *Context) Outcome {
	const th = "年均转化 A ≥5项 25–30；B ≥4项 19–24；C ≥3项 13–18；D ≥2项 7–12；E ≥1项 1–6；F 0项 0"
	years, wnote := gaoqiWindow(c)
	if len(years) == 0 {
		return scored(Points{0, 30}, th, "申请前无会计年度数据。", false)
	}
	sum, missing := sumOver(c, years, func(f *YearFigures) *int64 { return f.Conversions })
	span := yearsText(years)
	if len(missing) > 0 {
		return scored(Points{0, 30}, th, joinNote(wnote, missingNote("科技成果转化数", missing)), false,
			figCount(span+"科技成果转化数", nil, "项"))
	}
	avg := big.NewRat(sum, int64(len(years)))
	figs := []Figure{figCount(span+"科技成果转化数合计", &sum, "项"), figRatNum("年均转化数", avg, "项")}
	if len(years) < 3 {
		wnote = joinNote(wnote, fmt.Sprintf("按%d个年度平均（经营不足三年时的除数，UNCONFIRMED）。", len(years)))
	}
	if sum > 0 && !geq(avg, big.NewRat(1, 1)) {
		// Between F (0 items) and E (≥ 1 item): the experts judge from the whole record (195号).
		return scored(Points{0, 6}, th, joinNote(wnote, "年均转化数不足1项但不为0，介于E档与F档之间，由专家结合转化情况判断。"), true, figs...)
	}
	b := gaoqiConversionScale.pick(avg)
	note := bandNote(b)
	if !b.pts.Fixed() {
		note = "档次 " + b.label + "，档内分值由专家评价。"
	}
	return scored(b.pts, th, joinNote(wnote, note), !b.pts.Fixed(), figs...)
}

var gaoqiGrowthScale = scale{
	atLeast(pct(35), Points{9, 10}, "A"),
	atLeast(pct(25), Points{7, 8}, "B"),
	atLeast(pct(15), Points{5, 6}, "C"),
	atLeast(pct(5), Points{3, 4}, "D"),
	above(new(big.Rat), Points{1, 2}, "E"),
	otherwise(pts(0), "F"),
}

// gaoqiGrowth scores 净资产增长率 (assets true) or 销售收入增长率 with 195号's formula:
// rate = ½ × (x₂/x₁ + x₃/x₂) − 1; x₁ = 0 → the last two years (x₃/x₂ − 1); x₂ = 0 → 0 points; a rate ≤ 0
// scores 0. Fewer than three operating years use the actual period: two years give x₂/x₁ − 1 (UNCONFIRMED).
func gaoqiGrowth(assets bool) func(*Context) Outcome {
	return func(c *Context) Outcome {
		const th = "A ≥35% 9–10；B ≥25% 7–8；C ≥15% 5–6；D ≥5% 3–4；E >0 1–2；F ≤0 0"
		name := "销售收入"
		if assets {
			name = "净资产"
		}
		years, wnote := gaoqiWindow(c)
		if len(years) > 3 {
			years = years[len(years)-3:]
		}
		var xs []*int64
		var figs []Figure
		for _, y := range years {
			f := c.FY(y)
			v := f.Revenue
			if assets {
				v = nil
				if f.TotalAssets != nil && f.TotalLiabilities != nil {
					v = Fen(*f.TotalAssets - *f.TotalLiabilities)
				}
			}
			xs = append(xs, v)
			figs = append(figs, figMoney(fmt.Sprintf("%d年%s", y, name), v))
		}
		span := gaoqiGrowthScale.span()
		for i, v := range xs {
			if v == nil {
				return scored(span, th, joinNote(wnote, missingNote(name, []int{years[i]})), false, figs...)
			}
		}
		if len(xs) < 2 {
			return scored(span, th, joinNote(wnote, "经营不足两个会计年度，无法计算增长率（指引未规定，待审核）。"), false, figs...)
		}
		for _, v := range xs[:len(xs)-1] {
			if *v < 0 {
				return scored(span, th, joinNote(wnote, name+"为负，指引未规定计算方法，待审核。"), false, figs...)
			}
		}
		var rate *big.Rat
		if len(xs) == 3 {
			x1, x2, x3 := *xs[0], *xs[1], *xs[2]
			switch {
			case x2 == 0:
				return scored(pts(0), th, joinNote(wnote, fmt.Sprintf("%d年%s为0，得0分（195号）。", years[1], name)), false, figs...)
			case x1 == 0:
				rate = new(big.Rat).Sub(big.NewRat(x3, x2), one())
				wnote = joinNote(wnote, fmt.Sprintf("%d年%s为0，按后两年计算（195号）。", years[0], name))
			default:
				rate = new(big.Rat).Add(big.NewRat(x2, x1), big.NewRat(x3, x2))
				rate.Mul(rate, big.NewRat(1, 2)).Sub(rate, one())
			}
		} else {
			x1, x2 := *xs[0], *xs[1]
			if x1 == 0 {
				return scored(span, th, joinNote(wnote, fmt.Sprintf("%d年%s为0，两年经营期无法计算增长率，待审核。", years[0], name)), false, figs...)
			}
			rate = new(big.Rat).Sub(big.NewRat(x2, x1), one())
			wnote = joinNote(wnote, "仅两个会计年度，按 x₂/x₁−1 计算（UNCONFIRMED）。")
		}
		figs = append(figs, figPct(name+"增长率", rate))
		b := gaoqiGrowthScale.pick(rate)
		note := "档次 " + b.label + "。"
		if !b.pts.Fixed() {
			note = "档次 " + b.label + "，档内分值由专家评价。"
		}
		return scored(b.pts, th, joinNote(wnote, note), !b.pts.Fixed(), figs...)
	}
}

func gaoqiScore(c *Context) Outcome {
	o := scoreAtLeast(c, 70, true, "创新能力评价得分 > 70分")
	if o.Status == Review {
		o.Note = joinNote(o.Note, "专家评价部分无法由数据确定；录入专家评分后可确定。")
	}
	return o
}
