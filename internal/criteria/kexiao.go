package criteria

import (
	"fmt"
	"time"
)

// 科技型中小企业: 《科技型中小企业评价办法》(国科发政〔2017〕115号) art. 6–8. criteria.md §2.

var kexiaoDocuments = []Document{
	{
		Short: "115号",
		Title: "《科技型中小企业评价办法》（国科发政〔2017〕115号）",
		URL:   "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2017/201705/t20170510_132709.html",
		Note:  "第六至八条经4份以上转载本核对一致，含成都高新区2024年评分标准（带“(含)”）（criteria.md §2）；上线前须与官方文本再核对。",
	},
	{
		Short: "67号",
		Title: "《科技型中小企业评价服务工作指引》（国科火字〔2022〕67号）",
		Note:  "重述评价条件；基本条件措辞的变化仅见一份省级通知（criteria.md §2.5，UNCONFIRMED），本规则集按115号原文。",
	},
}

// NewKexiao2017 builds the 科小 rule set of 115号.
func NewKexiao2017() *RuleSet {
	return &RuleSet{
		ID:            "kexiao-2017",
		Scheme:        SchemeKexiao,
		Name:          "科技型中小企业评价（2017年办法）",
		Region:        RegionNational,
		Version:       "2017",
		EffectiveFrom: day(2017, time.May, 3),
		Documents:     kexiaoDocuments,
		PassScore:     60,
		Groups: []ScoreGroup{
			{ID: "staff", Label: "科技人员", Max: 20},
			{ID: "rd", Label: "研发投入", Max: 50},
			{ID: "ip", Label: "科技成果", Max: 30},
		},
		Notes: []string{
			"科技人员、研发投入用上一会计年度（Y−1）数据，资产总额取上年末；人数按季度平均（115号填报说明，单一转载本，UNCONFIRMED），与高企的月平均口径分开填报（StaffKexiao）。",
			"研发投入由企业在两种口径中选择，引擎取得分较高者（criteria.md §2.2）。",
			"“主导制定”标准：排名第一在任何解读下均符合；第二至五名按一份公开转录（近五年主导标准前五）待审核（UNCONFIRMED）。",
			"近五年为申请年前五年（Y−5至Y−1），按criteria.md §7.3的窗口写法类推。",
		},
		Criteria: []Criterion{
			{ID: "kexiao.c1", Label: "在中国境内（不包括港、澳、台地区）注册的居民企业", Cite: "115号 第六条(一)", Kind: KindCondition, Eval: kexiaoResident},
			{ID: "kexiao.c2", Label: "职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元", Cite: "115号 第六条(二)", Kind: KindCondition, Eval: kexiaoSize},
			{ID: "kexiao.c3", Label: "产品和服务不属于国家规定的禁止、限制和淘汰类", Cite: "115号 第六条(三)", Kind: KindCondition, Eval: kexiaoProducts},
			{ID: "kexiao.c4", Label: "填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，未列入经营异常名录和严重违法失信企业名单", Cite: "115号 第六条(四)", Kind: KindCondition, Eval: kexiaoCompliance},

			{ID: "kexiao.staff", Label: "科技人员指标", Cite: "115号 第七条 1", Kind: KindItem, Group: "staff", MaxScore: 20, Eval: kexiaoStaffScore},
			{ID: "kexiao.rd", Label: "研发投入指标（两种口径取高）", Cite: "115号 第七条 2", Kind: KindItem, Group: "rd", MaxScore: 50, Eval: kexiaoRDScore},
			{ID: "kexiao.ip", Label: "科技成果指标", Cite: "115号 第七条 3", Kind: KindItem, Group: "ip", MaxScore: 30, Eval: kexiaoIPScore},

			{ID: "kexiao.score", Label: "综合评价得分不低于60分，且科技人员指标得分不为0分", Cite: "115号 第六条(五)", Kind: KindAlternative, Eval: kexiaoScoreRoute},
			{ID: "kexiao.d1", Label: "拥有有效期内高新技术企业资格证书", Cite: "115号 第八条(一)", Kind: KindAlternative, Eval: kexiaoGaoqiRoute},
			{ID: "kexiao.d2", Label: "近五年内获得过国家级科技奖励，并在获奖单位中排在前三名", Cite: "115号 第八条(二)", Kind: KindAlternative, Eval: kexiaoAwardRoute},
			{ID: "kexiao.d3", Label: "拥有经认定的省部级以上研发机构", Cite: "115号 第八条(三)", Kind: KindAlternative, Eval: kexiaoInstitutionRoute},
			{ID: "kexiao.d4", Label: "近五年内主导制定过国际标准、国家标准或行业标准", Cite: "115号 第八条(四)", Kind: KindAlternative, Eval: kexiaoStandardRoute},
			{ID: "kexiao.c5", Label: "评价得分达标，或符合直接确认条件", Cite: "115号 第六条(五)、第八条", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return combine(c, false, "得分 ≥ 60分且科技人员指标得分不为0，或满足第八条任一项",
					"kexiao.score", "kexiao.d1", "kexiao.d2", "kexiao.d3", "kexiao.d4")
			}},
		},
	}
}

func kexiaoResident(c *Context) Outcome {
	const th = "中国境内（不含港澳台）注册的居民企业"
	v := c.Profile.MainlandResident
	fig := figBool("境内注册居民企业", v, "是", "否")
	if v == nil {
		return outcome(Review, th, "未填报。", fig)
	}
	return outcome(statusOf(*v), th, "", fig)
}

func kexiaoSize(c *Context) Outcome {
	const th = "职工总数 ≤ 500人；年销售收入 ≤ 2亿元；资产总额 ≤ 2亿元"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{
		figPeople(fmt.Sprintf("%d年职工总数（季度平均）", y), f.StaffKexiao.Total),
		figMoney(fmt.Sprintf("%d年销售收入", y), f.Revenue),
		figMoney(fmt.Sprintf("%d年末资产总额", y), f.TotalAssets),
	}
	var statuses []Status
	var over []string
	if t := f.StaffKexiao.Total; t == nil || !t.valid() {
		statuses = append(statuses, Review)
	} else {
		ok := leq(t.rat(), ratInt(500))
		statuses = append(statuses, statusOf(ok))
		if !ok {
			over = append(over, "职工总数超过500人")
		}
	}
	for i, v := range []*int64{f.Revenue, f.TotalAssets} {
		if v == nil {
			statuses = append(statuses, Review)
			continue
		}
		ok := *v <= 2*fenPerYi
		statuses = append(statuses, statusOf(ok))
		if !ok {
			over = append(over, []string{"年销售收入超过2亿元", "资产总额超过2亿元"}[i])
		}
	}
	s := allOf(statuses...)
	note := ""
	switch s {
	case Fail:
		note = joinList(over) + "。"
	case Review:
		note = "规模数据未填全。"
	}
	return outcome(s, th, note, figs...)
}

func kexiaoProducts(c *Context) Outcome {
	const th = "不属于国家规定的禁止、限制和淘汰类"
	v := c.Profile.RestrictedProducts
	fig := figBool("产品和服务属于禁止、限制或淘汰类", v, "是", "否")
	if v == nil {
		return outcome(Review, th, "未填报。", fig)
	}
	return outcome(statusOf(!*v), th, "", fig)
}

func kexiaoCompliance(c *Context) Outcome {
	const th = "上一年及当年内无重大安全、重大质量事故，无严重环境违法、科研严重失信行为；未列入经营异常名录和严重违法失信企业名单"
	if c.Date.IsZero() {
		return outcome(Review, th, "未给出申请日期。")
	}
	return compliance(c, day(c.Prev(), time.January, 1), c.Date,
		[]IncidentKind{IncidentSafety, IncidentQuality, IncidentEnv, IncidentMisconduct},
		[]IncidentKind{IncidentAbnormal, IncidentDishonest}, th)
}

var kexiaoStaffScale = scale{
	atLeast(pct(30), pts(20), "A"),
	atLeast(pct(25), pts(16), "B"),
	atLeast(pct(20), pts(12), "C"),
	atLeast(pct(15), pts(8), "D"),
	atLeast(pct(10), pts(4), "E"),
	otherwise(pts(0), "F"),
}

func kexiaoStaffScore(c *Context) Outcome {
	const th = "科技人员占比 ≥30% 20；25%(含)–30% 16；20%(含)–25% 12；15%(含)–20% 8；10%(含)–15% 4；<10% 0"
	y := c.Prev()
	s := c.FY(y).StaffKexiao
	figs := []Figure{figPeople(fmt.Sprintf("%d年科技人员（季度平均）", y), s.Tech),
		figPeople(fmt.Sprintf("%d年职工总数（季度平均）", y), s.Total)}
	if s.Tech == nil || s.Total == nil || !s.Tech.valid() || !s.Total.valid() {
		return scored(kexiaoStaffScale.span(), th, "人数未填报（科小按季度平均口径）。", false, figs...)
	}
	r, ok := fracRatio(*s.Tech, *s.Total)
	if !ok {
		return scored(kexiaoStaffScale.span(), th, "职工总数为0。", false, figs...)
	}
	b := kexiaoStaffScale.pick(r)
	return scored(b.pts, th, bandNote(b), false, append(figs, figPct("科技人员占比", r))...)
}

var kexiaoRDSalesScale = scale{
	atLeast(pct(6), pts(50), "A"),
	atLeast(pct(5), pts(40), "B"),
	atLeast(pct(4), pts(30), "C"),
	atLeast(pct(3), pts(20), "D"),
	atLeast(pct(2), pts(10), "E"),
	otherwise(pts(0), "F"),
}

var kexiaoRDCostScale = scale{
	atLeast(pct(30), pts(50), "A"),
	atLeast(pct(25), pts(40), "B"),
	atLeast(pct(20), pts(30), "C"),
	atLeast(pct(15), pts(20), "D"),
	atLeast(pct(10), pts(10), "E"),
	otherwise(pts(0), "F"),
}

func kexiaoRDScore(c *Context) Outcome {
	const th = "(1) 研发费用/销售收入 ≥6% 50；5%(含)–6% 40；4%(含)–5% 30；3%(含)–4% 20；2%(含)–3% 10；<2% 0。" +
		"(2) 研发费用/成本费用支出总额 ≥30% 50；25%(含)–30% 40；20%(含)–25% 30；15%(含)–20% 20；10%(含)–15% 10；<10% 0。取较高者"
	y := c.Prev()
	f := c.FY(y)
	o1 := ratioScale(f.RDExpense, f.Revenue, kexiaoRDSalesScale, th, false,
		figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年销售收入", y), f.Revenue), "研发费用占销售收入比例")
	o2 := ratioScale(f.RDExpense, f.TotalCost, kexiaoRDCostScale, th, false,
		figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年成本费用支出总额", y), f.TotalCost), "研发费用占成本费用支出总额比例")
	// The enterprise chooses the option, so the better one counts: the best it can surely have, and the best
	// it may have.
	p := Points{max(o1.Score.Lo, o2.Score.Lo), max(o1.Score.Hi, o2.Score.Hi)}
	figs := append(o1.Figures, o2.Figures[1:]...)
	note := ""
	switch {
	case !p.Fixed():
		note = "研发投入数据未填全。"
	case o1.Score.Lo >= o2.Score.Lo:
		note = fmt.Sprintf("按口径(1)计分（口径(2)为%s分）。", o2.Score)
	default:
		note = fmt.Sprintf("按口径(2)计分（口径(1)为%s分）。", o1.Score)
	}
	return scored(p, th, note, false, figs...)
}

func kexiaoIPScore(c *Context) Outcome {
	const th = "与主要产品（服务）相关的有效知识产权：≥1项Ⅰ类 30；≥4项Ⅱ类 24；3项Ⅱ类 18；2项Ⅱ类 12；1项Ⅱ类 6；无 0"
	ip := c.Profile.IP
	st := []Status{tierCount(ip.ClassIMain, 1), tierCount(ip.ClassIIMain, 4), tierCount(ip.ClassIIMain, 3),
		tierCount(ip.ClassIIMain, 2), tierCount(ip.ClassIIMain, 1)}
	p := tiers(st, []int{30, 24, 18, 12, 6}, 0)
	note := ""
	if !p.Fixed() {
		note = "知识产权数量未填全。"
	}
	return scored(p, th, note, false,
		figCount("Ⅰ类知识产权（主要产品相关）", ip.ClassIMain, "项"), figCount("Ⅱ类知识产权（主要产品相关）", ip.ClassIIMain, "项"))
}

func kexiaoScoreRoute(c *Context) Outcome {
	const th = "综合得分 ≥ 60分，且科技人员指标得分 ≠ 0"
	total := c.Total()
	staff := c.Outcome("kexiao.staff").Score
	figs := []Figure{figText("综合得分", total.String()+"分"), figText("科技人员指标得分", staff.String()+"分")}
	switch {
	case staff.Hi == 0:
		return outcome(Fail, th, "科技人员指标得分为0分（115号第六条(五)）。", figs...)
	case total.Hi < 60:
		return outcome(Fail, th, fmt.Sprintf("可能的最高得分为 %d 分。", total.Hi), figs...)
	case total.Lo >= 60 && staff.Lo > 0:
		return outcome(Pass, th, "", figs...)
	}
	return outcome(Review, th, "得分取决于未填全的数据。", figs...)
}

func kexiaoGaoqiRoute(c *Context) Outcome {
	return titleRoute(c, []string{TitleGaoqi}, "有效高新技术企业证书", "申请日持有有效期内的高新技术企业证书")
}

func kexiaoAwardRoute(c *Context) Outcome {
	return awardRoute(c, c.Year-5, c.Year-1, map[Level]int{LevelNational: 3},
		fmt.Sprintf("%d–%d年国家级科技奖励，获奖单位排名前三", c.Year-5, c.Year-1))
}

func kexiaoInstitutionRoute(c *Context) Outcome {
	return institutionRoute(c, "申请日拥有经认定的省部级以上研发机构")
}

// kexiaoStandardRoute: 主导制定 an international, national or industry standard in the last five years. Rank 1
// qualifies under any reading; ranks 2–5 qualify only under the "top 5" reading of one transcription, so they
// need review (criteria.md §2.3, UNCONFIRMED).
func kexiaoStandardRoute(c *Context) Outcome {
	from, to := c.Year-5, c.Year-1
	th := fmt.Sprintf("%d–%d年主导制定国际、国家或行业标准（排名第一）", from, to)
	p := c.Profile
	maybe := ""
	for _, s := range p.Standards {
		if s.Year < from || s.Year > to ||
			(s.Level != LevelInternational && s.Level != LevelNational && s.Level != LevelIndustry) {
			continue
		}
		desc := fmt.Sprintf("%d年%s标准 %s", s.Year, levelLabel(s.Level), s.Name)
		switch {
		case s.Rank == 1:
			return outcome(Pass, th, "", figText("主导制定标准", desc+"（第一起草单位）"))
		case s.Rank == 0:
			maybe = desc + "（起草单位排名未填报）"
		case s.Rank <= 5:
			maybe = desc + fmt.Sprintf("（第%d起草单位）", s.Rank)
		}
	}
	if maybe != "" {
		return outcome(Review, th, "“主导制定”是否含排名第二至五的起草单位未经官方文本核实（UNCONFIRMED）。", figText("参与制定标准", maybe))
	}
	if !p.StandardsKnown {
		return outcome(Review, th, "标准制定记录未核实。", figUnknown("主导制定标准", unknownText))
	}
	return outcome(Fail, th, "", figText("主导制定标准", "无"))
}
