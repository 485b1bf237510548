package criteria

import (
	"fmt"
	"math/big"
	"time"
)

// 专精特新中小企业: 63号 附件2. criteria.md §4.

// DistinctiveRule scores 特色化 (63号 附件2 item 9, 15 points), which each province sets as 1–3 measurable
// indicators. A province's rule set passes its own rule to NewZhuanjingtexin2022.
type DistinctiveRule struct {
	// Label names the provincial indicators ("四川省特色化指标").
	Label string
	// Cite is the provincial document.
	Cite string
	// Documents are added to the set's documents.
	Documents []Document
	// Eval scores the indicators; its Score must lie within 0–15.
	Eval func(c *Context) Outcome
}

// NewZhuanjingtexin2022 builds the 专精特新中小企业 rule set of 63号 附件2 for a region. With distinctive nil it
// is the national set: 特色化 is open (0–15, needs review) unless the provincial points are entered in
// Judgements.Points["zjtx.s09"]. A province passes its DistinctiveRule and its region ("CN-SC"); the set ID then
// carries the region.
func NewZhuanjingtexin2022(region string, distinctive *DistinctiveRule) *RuleSet {
	id := "zhuanjingtexin-2022"
	docs := []Document{miit2022Document}
	distinctiveLabel, distinctiveCite := "特色化指标（由省级中小企业主管部门确定）", "63号 附件2 三、特色化"
	distinctiveEval := func(c *Context) Outcome {
		return scored(Points{0, 15}, "各省确定1–3个特色化指标，满分15分",
			"全国规则无法计算特色化指标；待按省级指标评分或录入省级评分。", true)
	}
	if region != RegionNational {
		id += "-" + region
	}
	if distinctive != nil {
		distinctiveLabel, distinctiveCite = distinctive.Label, distinctive.Cite
		distinctiveEval = distinctive.Eval
		docs = append(docs, distinctive.Documents...)
	}
	return &RuleSet{
		ID:            id,
		Scheme:        SchemeZhuanjingtexin,
		Name:          "专精特新中小企业认定（2022年标准）",
		Region:        region,
		Version:       "2022",
		EffectiveFrom: day(2022, time.June, 1),
		EffectiveTo:   day(2026, time.April, 1),
		Documents:     docs,
		PassScore:     60,
		Groups: []ScoreGroup{
			{ID: "zhuan", Label: "专业化", Max: 25},
			{ID: "jing", Label: "精细化", Max: 25},
			{ID: "te", Label: "特色化", Max: 15},
			{ID: "xin", Label: "创新能力", Max: 35},
		},
		Notes: []string{
			"2026-04-01起新申报适用《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号），本规则集仅适用于此前的申报（criteria.md §0）。",
			"细分市场年限计至上年12月31日的整年数（criteria.md §4建议，UNCONFIRMED）。",
			"“近2年主营业务收入平均增长率”按两年增长率平均和复合增长率两种读法计算；两者落在不同档次时待审核（criteria.md §4，UNCONFIRMED）。",
			"第6项：参与制定或修订标准按任意级别（企业标准除外）计。",
			"是否须先具备创新型中小企业资格（2022年文本）未核实，本规则集不作要求（UNCONFIRMED）。",
		},
		Criteria: []Criterion{
			{ID: "zjtx.c1", Label: "从事特定细分市场时间达到2年以上", Cite: "63号 附件2 认定条件(一)", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return nicheAtLeast(c, 2)
			}},
			{ID: "zjtx.c2", Label: "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%", Cite: "63号 附件2 认定条件(二)", Kind: KindCondition, Eval: zjtxRD},
			{ID: "zjtx.c3", Label: "上年度营业收入总额在1000万元以上，或近2年新增股权融资总额（合格机构投资者的实缴额）达到2000万元以上", Cite: "63号 附件2 认定条件(三)", Kind: KindCondition, Eval: zjtxRevenue},

			{ID: "zjtx.s01", Label: "上年度主营业务收入总额占营业收入总额比重", Cite: "63号 附件2 评分 一、专业化 1", Kind: KindItem, Group: "zhuan", MaxScore: 5, Eval: func(c *Context) Outcome {
				return mainShareScore(c, zjtxFocusScale, "≥80% 5；70%–80% 3；60%–70% 1；<60% 0")
			}},
			{ID: "zjtx.s02", Label: "近2年主营业务收入平均增长率", Cite: "63号 附件2 评分 一、专业化 2", Kind: KindItem, Group: "zhuan", MaxScore: 10, Eval: zjtxGrowth},
			{ID: "zjtx.s03", Label: "从事特定细分市场年限", Cite: "63号 附件2 评分 一、专业化 3", Kind: KindItem, Group: "zhuan", MaxScore: 5, Eval: zjtxNicheScore},
			{ID: "zjtx.s04", Label: "主导产品所属领域情况", Cite: "63号 附件2 评分 一、专业化 4", Kind: KindItem, Group: "zhuan", MaxScore: 5, Eval: zjtxChain},
			{ID: "zjtx.s05", Label: "数字化水平", Cite: "63号 附件2 评分 二、精细化 5", Kind: KindItem, Group: "jing", MaxScore: 5, Eval: zjtxDigital},
			{ID: "zjtx.s06", Label: "质量管理水平", Cite: "63号 附件2 评分 二、精细化 6", Kind: KindItem, Group: "jing", MaxScore: 5, Eval: zjtxQuality},
			{ID: "zjtx.s07", Label: "上年度净利润率", Cite: "63号 附件2 评分 二、精细化 7", Kind: KindItem, Group: "jing", MaxScore: 10, Eval: zjtxProfit},
			{ID: "zjtx.s08", Label: "上年度资产负债率", Cite: "63号 附件2 评分 二、精细化 8", Kind: KindItem, Group: "jing", MaxScore: 5, Eval: func(c *Context) Outcome {
				return debtRatioScore(c, zjtxDebtScale, "≤50% 5；50%–60% 3；60%–70% 1；>70% 0")
			}},
			{ID: "zjtx.s09", Label: distinctiveLabel, Cite: distinctiveCite, Kind: KindItem, Group: "te", MaxScore: 15, Eval: distinctiveEval},
			{ID: "zjtx.s10", Label: "与企业主导产品相关的有效知识产权数量", Cite: "63号 附件2 评分 四、创新能力 10", Kind: KindItem, Group: "xin", MaxScore: 10, Eval: func(c *Context) Outcome {
				return leadingIP(c, [4]int{10, 8, 6, 2}, "Ⅰ类高价值 10；自主研发Ⅰ类 8；Ⅰ类 6；Ⅱ类 2；无 0")
			}},
			{ID: "zjtx.s11", Label: "上年度研发费用投入", Cite: "63号 附件2 评分 四、创新能力 11", Kind: KindItem, Group: "xin", MaxScore: 10, Eval: zjtxRDScore},
			{ID: "zjtx.s12", Label: "上年度研发人员占比", Cite: "63号 附件2 评分 四、创新能力 12", Kind: KindItem, Group: "xin", MaxScore: 5, Eval: zjtxRDStaff},
			{ID: "zjtx.s13", Label: "建立研发机构级别", Cite: "63号 附件2 评分 四、创新能力 13", Kind: KindItem, Group: "xin", MaxScore: 10, Eval: zjtxInstitution},

			{ID: "zjtx.score", Label: "评价得分达到60分以上", Cite: "63号 附件2 认定条件(四)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return scoreAtLeast(c, 60, false, "专精特新中小企业评价得分 ≥ 60分")
			}},
			{ID: "zjtx.d1", Label: "近三年获得过省级科技奖励并排名前三，或国家级科技奖励并排名前五", Cite: "63号 附件2 认定条件(四)1", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return awardRoute(c, c.Year-3, c.Year-1, map[Level]int{LevelProvincial: 3, LevelNational: 5},
					fmt.Sprintf("%d–%d年省级科技奖励前三名或国家级科技奖励前五名", c.Year-3, c.Year-1))
			}},
			{ID: "zjtx.d2", Label: "近2年研发费用总额均值在1000万元以上", Cite: "63号 附件2 认定条件(四)2", Kind: KindAlternative, Eval: zjtxRDMean},
			{ID: "zjtx.d3", Label: "近2年新增股权融资总额（合格机构投资者的实缴额）6000万元以上", Cite: "63号 附件2 认定条件(四)3", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return equityAtLeast(c, c.Year-2, c.Year-1, 6000*fenPerWan, "近2年新增股权融资 ≥ 6,000万元")
			}},
			{ID: "zjtx.d4", Label: "近三年进入“创客中国”中小企业创新创业大赛全国500强企业组名单", Cite: "63号 附件2 认定条件(四)4", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return makerChinaRoute(c, c.Year-3, c.Year-1, 500, "近三年“创客中国”全国500强")
			}},
			{ID: "zjtx.c4", Label: "评价得分达到60分以上，或符合直通条件之一", Cite: "63号 附件2 认定条件(四)", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return combine(c, false, "得分 ≥ 60分，或满足任一直通条件", "zjtx.score", "zjtx.d1", "zjtx.d2", "zjtx.d3", "zjtx.d4")
			}},
		},
	}
}

// nicheAtLeast is "从事特定细分市场时间达到n年以上", counted in whole years to the end of Y−1.
func nicheAtLeast(c *Context, n int) Outcome {
	th := fmt.Sprintf("截至上年末从事特定细分市场 ≥ %d年", n)
	years, fig, ok := nicheYears(c)
	if !ok {
		return outcome(Review, th, "进入细分市场时间未填报。", fig)
	}
	return outcome(statusOf(years >= n), th, "", fig)
}

func zjtxRD(c *Context) Outcome {
	const th = "上年度研发费用 ≥ 100万元，且研发费用 / 营业收入 ≥ 3%"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue)}
	if f.RDExpense == nil {
		return outcome(Review, th, "研发费用未填报。", figs...)
	}
	amountOK := *f.RDExpense >= 100*fenPerWan
	if !amountOK {
		return outcome(Fail, th, "研发费用低于100万元。", figs...)
	}
	if f.Revenue == nil {
		return outcome(Review, th, "营业收入未填报。", figs...)
	}
	r, ok := ratio(*f.RDExpense, *f.Revenue)
	if !ok {
		return outcome(Review, th, "营业收入为0。", figs...)
	}
	figs = append(figs, figPct("研发费用占营业收入比重", r))
	if !geq(r, pct(3)) {
		return outcome(Fail, th, "研发费用占比低于3%。", figs...)
	}
	return outcome(Pass, th, "", figs...)
}

func zjtxRevenue(c *Context) Outcome {
	const th = "上年度营业收入 ≥ 1,000万元；或近2年新增股权融资 ≥ 2,000万元"
	y := c.Prev()
	rev := c.FY(y).Revenue
	fig := figMoney(fmt.Sprintf("%d年营业收入", y), rev)
	if rev != nil && *rev >= 1000*fenPerWan {
		return outcome(Pass, th, "", fig)
	}
	eq := equityAtLeast(c, c.Year-2, c.Year-1, 2000*fenPerWan, th)
	figs := append([]Figure{fig}, eq.Figures...)
	if rev == nil && eq.Status != Pass {
		return outcome(Review, th, "营业收入未填报。", figs...)
	}
	return outcome(eq.Status, th, eq.Note, figs...)
}

var zjtxFocusScale = scale{
	atLeast(pct(80), pts(5), "≥80%"),
	atLeast(pct(70), pts(3), "70%–80%"),
	atLeast(pct(60), pts(1), "60%–70%"),
	otherwise(pts(0), "<60%"),
}

var zjtxGrowthScale = scale{
	atLeast(pct(10), pts(10), "≥10%"),
	atLeast(pct(8), pts(8), "8%–10%"),
	atLeast(pct(6), pts(6), "6%–8%"),
	atLeast(pct(4), pts(4), "4%–6%"),
	atLeast(new(big.Rat), pts(2), "0–4%"),
	otherwise(pts(0), "<0"),
}

// twoYearGrowth reads "近2年主营业务收入平均增长率" both ways: the mean of the two yearly rates and the compound
// rate. It needs 主营业务收入 of Y−3, Y−2 and Y−1, the first two positive.
type twoYearGrowth struct {
	mean   *big.Rat // ½ × (M₂/M₁ + M₃/M₂) − 1
	factor *big.Rat // M₃/M₁, so that CAGR = √factor − 1
	figs   []Figure
	note   string // why it cannot be computed
}

func mainRevenueGrowth(c *Context) twoYearGrowth {
	var g twoYearGrowth
	ys := yearRange(c.Year-3, c.Year-1)
	var m []*int64
	for _, y := range ys {
		v := c.FY(y).MainRevenue
		m = append(m, v)
		g.figs = append(g.figs, figMoney(fmt.Sprintf("%d年主营业务收入", y), v))
	}
	for i, v := range m {
		if v == nil {
			g.note = missingNote("主营业务收入", []int{ys[i]})
			return g
		}
	}
	if *m[0] <= 0 || *m[1] <= 0 {
		g.note = "基期主营业务收入不为正，无法计算增长率。"
		return g
	}
	g.mean = meanGrowth(*m[0], *m[1], *m[2])
	g.factor = big.NewRat(*m[2], *m[0])
	g.figs = append(g.figs, figPct("两年增长率平均值", g.mean), figText("复合增长率", fmtCAGR(g.factor, 2)))
	return g
}

func zjtxGrowth(c *Context) Outcome {
	const th = "≥10% 10；8%–10% 8；6%–8% 6；4%–6% 4；0–4% 2；<0 0"
	g := mainRevenueGrowth(c)
	if g.mean == nil {
		return scored(zjtxGrowthScale.span(), th, g.note, false, g.figs...)
	}
	bm, bc := zjtxGrowthScale.pick(g.mean), zjtxGrowthScale.pickCAGR(g.factor, 2)
	if bm.label == bc.label {
		return scored(bm.pts, th, "档次 "+bm.label+"（两种算法一致）。", false, g.figs...)
	}
	p := Points{min(bm.pts.Lo, bc.pts.Lo), max(bm.pts.Hi, bc.pts.Hi)}
	return scored(p, th, fmt.Sprintf("两年增长率平均值落在 %s 档，复合增长率落在 %s 档；文件未明确算法（UNCONFIRMED），待审核。",
		bm.label, bc.label), false, g.figs...)
}

func zjtxNicheScore(c *Context) Outcome {
	const th = "每满2年得1分，最高5分（10年以上5；8–10年4；6–8年3；4–6年2；2–4年1）"
	years, fig, ok := nicheYears(c)
	if !ok {
		return scored(Points{0, 5}, th, "进入细分市场时间未填报。", false, fig)
	}
	return scored(pts(min(5, years/2)), th, "", false, fig)
}

func zjtxChain(c *Context) Outcome {
	const th = "A 在关键领域补短板、锻长板、填空白取得实际成效 5；B 属于工业“六基”、中华老字号或知名大企业直接配套 3；C 其他 0"
	switch c.Profile.Judgements.ChainPosition {
	case ChainKeyLink:
		return scored(pts(5), th, "", false, figText("主导产品所属领域", "A"))
	case ChainBase:
		return scored(pts(3), th, "", false, figText("主导产品所属领域", "B"))
	case ChainOther:
		return scored(pts(0), th, "", false, figText("主导产品所属领域", "C"))
	}
	return scored(Points{0, 5}, th, "主导产品所属领域由专家判断。", false, figUnknown("主导产品所属领域", "未判定"))
}

func zjtxDigital(c *Context) Outcome {
	const th = "数字化水平三级及以上 5；二级 3；一级 0"
	v := c.Profile.Market.DigitalLevel
	fig := figCount("数字化水平等级", v, "级")
	switch {
	case v == nil:
		return scored(Points{0, 5}, th, "数字化水平评测等级未填报。", false, fig)
	case *v >= 3:
		return scored(pts(5), th, "", false, fig)
	case *v == 2:
		return scored(pts(3), th, "", false, fig)
	}
	return scored(pts(0), th, "", false, fig)
}

func zjtxQuality(c *Context) Outcome {
	const th = "每满足一项加3分，最高5分：省级以上质量奖；质量管理体系认证；自主品牌；参与制修订标准"
	p := c.Profile
	yes, maybe := 0, 0
	count := func(b *bool) {
		switch {
		case b == nil:
			maybe++
		case *b:
			yes++
		}
	}
	count(p.Market.QualityAward)
	count(p.Market.QualityCertified)
	count(p.Market.OwnBrand)
	var std *bool
	for _, s := range p.Standards {
		if s.Level != LevelEnterprise {
			std = Bool(true)
			break
		}
	}
	if std == nil && p.StandardsKnown {
		std = Bool(false)
	}
	count(std)
	figs := []Figure{
		figBool("省级以上质量奖", p.Market.QualityAward, "有", "无"),
		figBool("质量管理体系认证", p.Market.QualityCertified, "有", "无"),
		figBool("自主品牌", p.Market.OwnBrand, "有", "无"),
		figBool("参与制修订标准", std, "有", "无"),
	}
	pp := Points{min(5, 3*yes), min(5, 3*(yes+maybe))}
	note := ""
	if !pp.Fixed() {
		note = "部分质量管理情况未填报。"
	}
	return scored(pp, th, note, false, figs...)
}

var zjtxProfitScale = scale{
	atLeast(pct(10), pts(10), "≥10%"),
	atLeast(pct(8), pts(8), "8%–10%"),
	atLeast(pct(6), pts(6), "6%–8%"),
	atLeast(pct(4), pts(4), "4%–6%"),
	atLeast(pct(2), pts(2), "2%–4%"),
	otherwise(pts(0), "<2%"),
}

func zjtxProfit(c *Context) Outcome {
	y := c.Prev()
	f := c.FY(y)
	return ratioScale(f.NetProfit, f.Revenue, zjtxProfitScale, "≥10% 10；8%–10% 8；6%–8% 6；4%–6% 4；2%–4% 2；<2% 0", false,
		figMoney(fmt.Sprintf("%d年净利润", y), f.NetProfit), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue), "净利润率")
}

var zjtxDebtScale = scale{
	atMost(pct(50), pts(5), "≤50%"),
	atMost(pct(60), pts(3), "50%–60%"),
	atMost(pct(70), pts(1), "60%–70%"),
	otherwise(pts(0), ">70%"),
}

var zjtxRDAmountScale = scale{
	atLeast(ratInt(500*fenPerWan), pts(10), "≥500万元"),
	atLeast(ratInt(400*fenPerWan), pts(8), "400万–500万元"),
	atLeast(ratInt(300*fenPerWan), pts(6), "300万–400万元"),
	atLeast(ratInt(200*fenPerWan), pts(4), "200万–300万元"),
	atLeast(ratInt(100*fenPerWan), pts(2), "100万–200万元"),
	otherwise(pts(0), "<100万元"),
}

var zjtxRDRatioScale = scale{
	atLeast(pct(10), pts(10), "≥10%"),
	atLeast(pct(8), pts(8), "8%–10%"),
	atLeast(pct(6), pts(6), "6%–8%"),
	atLeast(pct(4), pts(4), "4%–6%"),
	atLeast(pct(3), pts(2), "3%–4%"),
	otherwise(pts(0), "<3%"),
}

// zjtxRDScore is item 11: the better of the amount band and the ratio band counts.
func zjtxRDScore(c *Context) Outcome {
	const th = "研发费用 ≥500万元或占比 ≥10% 10；400–500万元或8%–10% 8；300–400万元或6%–8% 6；200–300万元或4%–6% 4；100–200万元或3%–4% 2；其他 0（取高）"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue)}
	if f.RDExpense == nil {
		return scored(Points{0, 10}, th, "研发费用未填报。", false, figs...)
	}
	amount := zjtxRDAmountScale.pick(ratInt(*f.RDExpense))
	byRatio := Points{amount.pts.Lo, 10}
	note := "营业收入未填报，按金额计至少 " + amount.pts.String() + " 分。"
	if f.Revenue != nil {
		if r, ok := ratio(*f.RDExpense, *f.Revenue); ok {
			b := zjtxRDRatioScale.pick(r)
			figs = append(figs, figPct("研发费用占营业收入比重", r))
			byRatio = b.pts
			note = fmt.Sprintf("金额档 %s（%s分），占比档 %s（%s分），取高。", amount.label, amount.pts, b.label, b.pts)
		}
	}
	p := Points{max(amount.pts.Lo, byRatio.Lo), max(amount.pts.Hi, byRatio.Hi)}
	return scored(p, th, note, false, figs...)
}

var zjtxRDStaffScale = scale{
	atLeast(pct(20), pts(5), "≥20%"),
	atLeast(pct(10), pts(3), "10%–20%"),
	atLeast(pct(5), pts(1), "5%–10%"),
	otherwise(pts(0), "<5%"),
}

func zjtxRDStaff(c *Context) Outcome {
	const th = "研发人员占比 ≥20% 5；10%–20% 3；5%–10% 1；<5% 0"
	y := c.Prev()
	s := c.FY(y).Staff
	figs := []Figure{figPeople(fmt.Sprintf("%d年研发人员", y), s.RD), figPeople(fmt.Sprintf("%d年职工总数", y), s.Total)}
	if s.RD == nil || s.Total == nil || !s.RD.valid() || !s.Total.valid() {
		return scored(zjtxRDStaffScale.span(), th, "人数未填报。", false, figs...)
	}
	r, ok := fracRatio(*s.RD, *s.Total)
	if !ok {
		return scored(zjtxRDStaffScale.span(), th, "职工总数为0。", false, figs...)
	}
	b := zjtxRDStaffScale.pick(r)
	return scored(b.pts, th, "档次 "+b.label+"。", false, append(figs, figPct("研发人员占比", r))...)
}

var institutionPoints = map[Level]int{LevelNational: 10, LevelProvincial: 8, LevelCity: 4, LevelBelowCity: 2}

func zjtxInstitution(c *Context) Outcome {
	const th = "国家级 10；省级 8；市级 4；市级以下 2；未建立 0"
	best, known := bestInstitution(c)
	got, fig := 0, figText("研发机构", "无")
	if best != nil {
		got, fig = institutionPoints[best.Level], figText("最高级别研发机构", institutionText(best))
	}
	if !known {
		return scored(Points{got, 10}, th, "研发机构记录未核实。", false, fig)
	}
	return scored(pts(got), th, "", false, fig)
}

func zjtxRDMean(c *Context) Outcome {
	const th = "近2年研发费用均值 ≥ 1,000万元（合计 ≥ 2,000万元）"
	years := yearRange(c.Year-2, c.Year-1)
	sum, missing := sumOver(c, years, func(f *YearFigures) *int64 { return f.RDExpense })
	fig := figMoney(yearsText(years)+"研发费用合计", &sum)
	switch {
	case sum >= 2000*fenPerWan:
		return outcome(Pass, th, "", fig)
	case len(missing) > 0:
		return outcome(Review, th, missingNote("研发费用", missing), fig)
	}
	return outcome(Fail, th, "", fig)
}
