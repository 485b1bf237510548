package criteria

import (
	"fmt"
	"math/big"
	"time"
)

// 创新型中小企业: 《优质中小企业梯度培育管理暂行办法》(工信部企业〔2022〕63号) 附件1. criteria.md §3.

var miit2022Document = Document{
	Short: "63号",
	Title: "《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）",
	Note: "起始日期按2022-06-01计（文件日期，未与官方文本核对）。附件1–3的条件和分档经至少4–5份转载本（区政府、高校网站等）核对一致（criteria.md §3–§5）；" +
		"附件2第12、13项主要依据一份公开转录及四川版本。上线前须与工信部官方文本再核对。",
}

// NewChuangxin2022 builds the 创新型中小企业 rule set of 63号 附件1. It has no end date: art. 30 of the 2026办法
// keeps the 附件1 standard until a merged 科技和创新型中小企业 standard is published (criteria.md §0, medium
// confidence).
func NewChuangxin2022() *RuleSet {
	return &RuleSet{
		ID:            "chuangxin-2022",
		Scheme:        SchemeChuangxin,
		Name:          "创新型中小企业评价（2022年标准）",
		Region:        RegionNational,
		Version:       "2022",
		EffectiveFrom: day(2022, time.June, 1),
		Documents: []Document{miit2022Document, {
			Short: "2026办法",
			Title: "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）第三十条",
			Note:  "据公开转录：合并的科技和创新型中小企业标准发布前沿用附件1（UNCONFIRMED）。",
		}},
		PassScore: 60,
		Groups: []ScoreGroup{
			{ID: "innovation", Label: "创新能力", Max: 40},
			{ID: "growth", Label: "成长性", Max: 30},
			{ID: "specialization", Label: "专业化", Max: 30},
		},
		Notes: []string{
			"合规条件的全国文本未核实（criteria.md §3，细则来自2026年广东通知，UNCONFIRMED）；事故按“近三年”（Y−3至Y−1）核查，名录状态按申请日核查。",
			"知识产权Ⅰ类、Ⅱ类及高价值的定义依据一份公开转录（UNCONFIRMED）。",
			"MIIT分档“a%–b%”按 a ≤ x < b；两档共用的边界取高分档（criteria.md §7.2）。",
			"上年度主营业务收入增长率 = Y−1 / Y−2 − 1；Y−2为0时待审核。",
		},
		Criteria: []Criterion{
			{ID: "chuangxin.c1", Label: "属于中小企业（《中小企业划型标准规定》）", Cite: "63号 附件1；工信部联企业〔2011〕300号", Kind: KindCondition, Eval: miitSME},
			{ID: "chuangxin.c2", Label: "依法经营，未被列入经营异常名录或严重失信主体名单，近三年未发生重大安全、质量、环境污染等事故", Cite: "63号 附件1（合规细则UNCONFIRMED）", Kind: KindCondition, Eval: chuangxinCompliance},

			{ID: "chuangxin.ip", Label: "与主导产品相关的有效知识产权", Cite: "63号 附件1 一、创新能力 1", Kind: KindItem, Group: "innovation", MaxScore: 20, Eval: func(c *Context) Outcome {
				return leadingIP(c, [4]int{20, 15, 10, 5}, "≥1项Ⅰ类高价值 20；≥1项自主研发Ⅰ类 15；≥1项Ⅰ类 10；≥1项Ⅱ类 5；无 0")
			}},
			{ID: "chuangxin.rd", Label: "上年度研发费用投入占营业收入比重", Cite: "63号 附件1 一、创新能力 2", Kind: KindItem, Group: "innovation", MaxScore: 20, Eval: chuangxinRD},
			{ID: "chuangxin.growth", Label: "上年度主营业务收入增长率", Cite: "63号 附件1 二、成长性 1", Kind: KindItem, Group: "growth", MaxScore: 20, Eval: chuangxinGrowth},
			{ID: "chuangxin.debt", Label: "上年度资产负债率", Cite: "63号 附件1 二、成长性 2", Kind: KindItem, Group: "growth", MaxScore: 10, Eval: func(c *Context) Outcome {
				return debtRatioScore(c, chuangxinDebtScale, "≤55% 10；55%–75% 5；>75% 0")
			}},
			{ID: "chuangxin.field", Label: "主导产品所属领域（《战略性新兴产业分类》）", Cite: "63号 附件1 三、专业化 1", Kind: KindItem, Group: "specialization", MaxScore: 10, Eval: chuangxinField},
			{ID: "chuangxin.focus", Label: "上年度主营业务收入占营业收入比重", Cite: "63号 附件1 三、专业化 2", Kind: KindItem, Group: "specialization", MaxScore: 20, Eval: func(c *Context) Outcome {
				return mainShareScore(c, chuangxinFocusScale, "≥70% 20；60%–70% 15；55%–60% 10；50%–55% 5；<50% 0")
			}},

			{ID: "chuangxin.score", Label: "评价得分达到60分以上，其中创新能力≥20分、成长性≥15分、专业化≥15分", Cite: "63号 附件1", Kind: KindAlternative, Eval: chuangxinScoreRoute},
			{ID: "chuangxin.d1", Label: "近三年内获得过国家级、省级科技奖励", Cite: "63号 附件1 直接认定(一)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return awardRoute(c, c.Year-3, c.Year-1, map[Level]int{LevelNational: 0, LevelProvincial: 0},
					fmt.Sprintf("%d–%d年获国家级或省级科技奖励", c.Year-3, c.Year-1))
			}},
			{ID: "chuangxin.d2", Label: "获得高新技术企业、国家级技术创新示范企业、知识产权优势企业和知识产权示范企业等荣誉（有效期内）", Cite: "63号 附件1 直接认定(二)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return titleRoute(c, []string{TitleGaoqi, TitleInnovationDemo, TitleIPAdvantage, TitleIPDemonstration},
					"所列有效荣誉", "申请日持有有效期内的所列荣誉之一")
			}},
			{ID: "chuangxin.d3", Label: "拥有经认定的省部级以上研发机构", Cite: "63号 附件1 直接认定(三)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return institutionRoute(c, "申请日拥有经认定的省部级以上研发机构")
			}},
			{ID: "chuangxin.d4", Label: "近三年新增股权融资总额（合格机构投资者的实缴额）500万元以上", Cite: "63号 附件1 直接认定(四)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return equityAtLeast(c, c.Year-3, c.Year-1, 500*fenPerWan, "近三年新增股权融资 ≥ 500万元")
			}},
			{ID: "chuangxin.c3", Label: "评价得分达标，或符合直接认定条件", Cite: "63号 附件1", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return combine(c, false, "得分 ≥ 60分且各类别达标，或满足任一直接认定条件",
					"chuangxin.score", "chuangxin.d1", "chuangxin.d2", "chuangxin.d3", "chuangxin.d4")
			}},
		},
	}
}

func miitSME(c *Context) Outcome {
	const th = "中型、小型或微型企业"
	s := c.Profile.Scale
	switch s {
	case ScaleUnknown:
		return outcome(Review, th, "企业规模未填报。", figUnknown("企业规模", unknownText))
	case ScaleLarge:
		return outcome(Fail, th, "", figText("企业规模", "大型"))
	}
	return outcome(Pass, th, "", figText("企业规模", map[Scale]string{ScaleMedium: "中型", ScaleSmall: "小型", ScaleMicro: "微型"}[s]))
}

func chuangxinCompliance(c *Context) Outcome {
	return compliance(c, day(c.Year-3, time.January, 1), day(c.Prev(), time.December, 31),
		[]IncidentKind{IncidentSafety, IncidentQuality, IncidentEnv},
		[]IncidentKind{IncidentAbnormal, IncidentDishonest},
		"近三年无重大安全、质量、环境污染事故；申请日未列入经营异常名录或严重失信主体名单")
}

var chuangxinRDScale = scale{
	atLeast(pct(5), pts(20), "≥5%"),
	atLeast(pct(3), pts(15), "3%–5%"),
	atLeast(pct(2), pts(10), "2%–3%"),
	atLeast(pct(1), pts(5), "1%–2%"),
	otherwise(pts(0), "<1%"),
}

func chuangxinRD(c *Context) Outcome {
	y := c.Prev()
	f := c.FY(y)
	return ratioScale(f.RDExpense, f.Revenue, chuangxinRDScale, "≥5% 20；3%–5% 15；2%–3% 10；1%–2% 5；<1% 0", false,
		figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue), "研发费用占营业收入比重")
}

var chuangxinGrowthScale = scale{
	atLeast(pct(15), pts(20), "≥15%"),
	atLeast(pct(10), pts(15), "10%–15%"),
	atLeast(pct(5), pts(10), "5%–10%"),
	atLeast(new(big.Rat), pts(5), "0–5%"),
	otherwise(pts(0), "<0"),
}

func chuangxinGrowth(c *Context) Outcome {
	const th = "≥15% 20；10%–15% 15；5%–10% 10；0–5% 5；<0 0"
	y := c.Prev()
	prev, cur := c.FY(y-1).MainRevenue, c.FY(y).MainRevenue
	figs := []Figure{figMoney(fmt.Sprintf("%d年主营业务收入", y-1), prev), figMoney(fmt.Sprintf("%d年主营业务收入", y), cur)}
	if prev == nil || cur == nil {
		return scored(chuangxinGrowthScale.span(), th, "主营业务收入未填报。", false, figs...)
	}
	r, ok := growthRate(prev, cur)
	if !ok {
		return scored(chuangxinGrowthScale.span(), th, fmt.Sprintf("%d年主营业务收入不为正，无法计算增长率。", y-1), false, figs...)
	}
	b := chuangxinGrowthScale.pick(r)
	return scored(b.pts, th, "档次 "+b.label+"。", false, append(figs, figPct("主营业务收入增长率", r))...)
}

var chuangxinDebtScale = scale{
	atMost(pct(55), pts(10), "≤55%"),
	atMost(pct(75), pts(5), "55%–75%"),
	otherwise(pts(0), ">75%"),
}

// debtRatioScore scores 资产负债率 = liabilities / assets at the end of Y−1 on a lower-is-better scale.
func debtRatioScore(c *Context, sc scale, th string) Outcome {
	y := c.Prev()
	f := c.FY(y)
	return ratioScale(f.TotalLiabilities, f.TotalAssets, sc, th, false,
		figMoney(fmt.Sprintf("%d年末负债总额", y), f.TotalLiabilities), figMoney(fmt.Sprintf("%d年末资产总额", y), f.TotalAssets), "资产负债率")
}

func chuangxinField(c *Context) Outcome {
	const th = "属于《战略性新兴产业分类》10；其他 5"
	v := c.Profile.Market.StrategicEmerging
	fig := figBool("主导产品属于战略性新兴产业", v, "是", "否")
	switch {
	case v == nil:
		return scored(Points{5, 10}, th, "未填报。", false, fig)
	case *v:
		return scored(pts(10), th, "", false, fig)
	}
	return scored(pts(5), th, "", false, fig)
}

var chuangxinFocusScale = scale{
	atLeast(pct(70), pts(20), "≥70%"),
	atLeast(pct(60), pts(15), "60%–70%"),
	atLeast(pct(55), pts(10), "55%–60%"),
	atLeast(pct(50), pts(5), "50%–55%"),
	otherwise(pts(0), "<50%"),
}

// mainShareScore scores 主营业务收入 / 营业收入 of Y−1.
func mainShareScore(c *Context, sc scale, th string) Outcome {
	y := c.Prev()
	f := c.FY(y)
	return ratioScale(f.MainRevenue, f.Revenue, sc, th, false,
		figMoney(fmt.Sprintf("%d年主营业务收入", y), f.MainRevenue), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue), "主营业务收入占比")
}

func chuangxinScoreRoute(c *Context) Outcome {
	const th = "总分 ≥ 60分，创新能力 ≥ 20分，成长性 ≥ 15分，专业化 ≥ 15分"
	type req struct {
		label string
		p     Points
		min   int
	}
	reqs := []req{
		{"总分", c.Total(), 60},
		{"创新能力", c.GroupScore("innovation"), 20},
		{"成长性", c.GroupScore("growth"), 15},
		{"专业化", c.GroupScore("specialization"), 15},
	}
	var figs []Figure
	var statuses []Status
	var short []string
	for _, r := range reqs {
		figs = append(figs, figText(r.label+"得分", r.p.String()+"分"))
		switch {
		case r.p.Lo >= r.min:
			statuses = append(statuses, Pass)
		case r.p.Hi < r.min:
			statuses = append(statuses, Fail)
			short = append(short, fmt.Sprintf("%s最高 %d 分，低于 %d 分", r.label, r.p.Hi, r.min))
		default:
			statuses = append(statuses, Review)
		}
	}
	s := allOf(statuses...)
	note := ""
	switch s {
	case Fail:
		note = joinList(short) + "。"
	case Review:
		note = "得分取决于未填全的数据。"
	}
	return outcome(s, th, note, figs...)
}
