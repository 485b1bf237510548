package criteria

import (
	"fmt"
	"math/big"
	"time"
)

// 专精特新"小巨人"企业: 63号 附件3, six aspects that must all hold. criteria.md §5.

// NewXiaojuren2022 builds the 小巨人 rule set of 63号 附件3. It applies to applications before 2026-04-01 and,
// by 工信厅企业函〔2026〕117号, to the 2026 复核 of existing 小巨人 (take it with ByID for that).
func NewXiaojuren2022() *RuleSet {
	return &RuleSet{
		ID:            "xiaojuren-2022",
		Scheme:        SchemeXiaojuren,
		Name:          "专精特新“小巨人”企业认定（2022年标准）",
		Region:        RegionNational,
		Version:       "2022",
		EffectiveFrom: day(2022, time.June, 1),
		EffectiveTo:   day(2026, time.April, 1),
		Documents: []Document{miit2022Document, {
			Short: "117号",
			Title: "《关于开展2026年专精特新“小巨人”企业复核工作的通知》（工信厅企业函〔2026〕117号）",
			Note:  "据公开转录：2026年复核沿用63号标准（UNCONFIRMED）。",
		}},
		Notes: []string{
			"各项指标按上年末（Y−1）数据；细分市场年限计至上年12月31日。",
			"研发投入分档按上年度营业收入：≥1亿元适用3%，5,000万元（含）至1亿元适用6%，<5,000万元适用股权融资与研发费用路径；原文在5,000万元和1亿元处重叠，按“a–b 即 a ≤ x < b”读法（criteria.md §5、§7.2，UNCONFIRMED）。",
			"<5,000万元路径的“研发费用总额3000万元以上”可指上年度或近2年合计，两种读法结论不同时待审核（UNCONFIRMED）。",
			"直通条件“近三年获得国家级科技奖励并排名前三”的“国家级”据2026年文本补足（UNCONFIRMED）。",
			"“近2年主营业务收入平均增长率”两种算法（平均值、复合增长率）结论不同时待审核（UNCONFIRMED）。",
			"是否须先具备专精特新中小企业资格未核实，本规则集不作要求（UNCONFIRMED）。",
		},
		Criteria: []Criterion{
			// 专
			{ID: "xjr.zhuan.niche", Label: "专：从事特定细分市场时间达到3年以上", Cite: "63号 附件3 一、专业化", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return nicheAtLeast(c, 3)
			}},
			{ID: "xjr.zhuan.focus", Label: "专：主营业务收入总额占营业收入总额比重不低于70%", Cite: "63号 附件3 一、专业化", Kind: KindCondition, Eval: xjrFocus},
			{ID: "xjr.zhuan.growth", Label: "专：近2年主营业务收入平均增长率不低于5%", Cite: "63号 附件3 一、专业化", Kind: KindCondition, Eval: xjrGrowth},
			// 精
			{ID: "xjr.jing.governance", Label: "精：长期发展战略、公司治理规范、信誉良好、社会责任感强", Cite: "63号 附件3 二、精细化", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.SoundGovernance }, "发展战略、公司治理、信誉与社会责任（专家判断）")},
			{ID: "xjr.jing.process", Label: "精：生产技术、工艺及产品质量性能国内领先", Cite: "63号 附件3 二、精细化", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.LeadingProcess }, "生产技术、工艺及产品质量性能国内领先（专家判断）")},
			{ID: "xjr.jing.infosystem", Label: "精：至少1项核心业务采用信息系统支撑", Cite: "63号 附件3 二、精细化", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.InfoSystem }, "研发设计、生产制造、供应链管理等核心业务至少1项采用信息系统支撑")},
			{ID: "xjr.jing.certification", Label: "精：取得相关管理体系认证，或产品通过发达国家和地区产品认证", Cite: "63号 附件3 二、精细化", Kind: KindCondition, Eval: xjrCertification},
			{ID: "xjr.jing.debt", Label: "精：资产负债率不高于70%", Cite: "63号 附件3 二、精细化", Kind: KindCondition, Eval: xjrDebt},
			// 特
			{ID: "xjr.te.share", Label: "特：主导产品在全国细分市场占有率达到10%以上", Cite: "63号 附件3 三、特色化", Kind: KindCondition, Eval: xjrShare},
			{ID: "xjr.te.reputation", Label: "特：主导产品享有较高知名度", Cite: "63号 附件3 三、特色化", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.HighReputation }, "主导产品享有较高知名度（专家判断）")},
			{ID: "xjr.te.brand", Label: "特：拥有直接面向市场并具有竞争优势的自主品牌", Cite: "63号 附件3 三、特色化", Kind: KindCondition, Eval: xjrBrand},
			// 新
			{ID: "xjr.xin.rd", Label: "新（一般条件1）：研发投入按营业收入分档达标", Cite: "63号 附件3 四、创新能力(一)1", Kind: KindAlternative, Eval: xjrRD},
			{ID: "xjr.xin.institution", Label: "新（一般条件2）：自建或与高等院校、科研机构联合建立研发机构", Cite: "63号 附件3 四、创新能力(一)2", Kind: KindAlternative, Eval: xjrInstitution},
			{ID: "xjr.xin.ip", Label: "新（一般条件3）：拥有2项以上与主导产品相关的Ⅰ类知识产权，且实际应用并已产生经济效益", Cite: "63号 附件3 四、创新能力(一)3", Kind: KindAlternative, Eval: xjrIP},
			{ID: "xjr.xin.general", Label: "新：同时满足三项一般条件", Cite: "63号 附件3 四、创新能力(一)", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return combine(c, true, "研发投入、研发机构、Ⅰ类知识产权三项同时满足", "xjr.xin.rd", "xjr.xin.institution", "xjr.xin.ip")
			}},
			{ID: "xjr.xin.d1", Label: "新（直通）：近三年获得国家级科技奖励，并在获奖单位中排名前三", Cite: "63号 附件3 四、创新能力(二)1", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return awardRoute(c, c.Year-3, c.Year-1, map[Level]int{LevelNational: 3},
					fmt.Sprintf("%d–%d年国家级科技奖励，获奖单位排名前三", c.Year-3, c.Year-1))
			}},
			{ID: "xjr.xin.d2", Label: "新（直通）：近三年进入“创客中国”中小企业创新创业大赛全国50强企业组名单", Cite: "63号 附件3 四、创新能力(二)2", Kind: KindAlternative, Eval: func(c *Context) Outcome {
				return makerChinaRoute(c, c.Year-3, c.Year-1, 50, "近三年“创客中国”全国50强")
			}},
			{ID: "xjr.xin", Label: "新：创新能力（一般条件或直通条件）", Cite: "63号 附件3 四、创新能力", Kind: KindCondition, Eval: func(c *Context) Outcome {
				return combine(c, false, "同时满足三项一般条件，或满足任一直通条件", "xjr.xin.general", "xjr.xin.d1", "xjr.xin.d2")
			}},
			// 链, 品
			{ID: "xjr.lian", Label: "链：位于产业链关键环节，发挥补短板、锻长板、填空白等作用", Cite: "63号 附件3 五、产业链配套", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.KeyChainRole }, "位于产业链关键环节并发挥补短板、锻长板、填空白作用（专家判断）")},
			{ID: "xjr.pin", Label: "品：主导产品属于关键领域（工业基础、制造强国十大重点产业、网络强国领域）", Cite: "63号 附件3 六、主导产品所属领域", Kind: KindCondition, Eval: judged(func(j Judgements) *bool { return j.KeyFieldProduct }, "主导产品属于关键领域（专家判断）")},
		},
	}
}

// judged is a condition that a judgement decides; unjudged it needs review.
func judged(get func(Judgements) *bool, th string) func(*Context) Outcome {
	return func(c *Context) Outcome {
		v := get(c.Profile.Judgements)
		fig := figBool("判断", v, "是", "否")
		if v == nil {
			return outcome(Review, th, "需专家或审核人员判断。", fig)
		}
		return outcome(statusOf(*v), th, "", fig)
	}
}

func xjrFocus(c *Context) Outcome {
	const th = "上年度主营业务收入 / 营业收入 ≥ 70%"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年主营业务收入", y), f.MainRevenue), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue)}
	if f.MainRevenue == nil || f.Revenue == nil {
		return outcome(Review, th, "收入未填报。", figs...)
	}
	r, ok := ratio(*f.MainRevenue, *f.Revenue)
	if !ok {
		return outcome(Review, th, "营业收入为0。", figs...)
	}
	return outcome(statusOf(geq(r, pct(70))), th, "", append(figs, figPct("主营业务收入占比", r))...)
}

func xjrGrowth(c *Context) Outcome {
	const th = "近2年主营业务收入平均增长率 ≥ 5%"
	g := mainRevenueGrowth(c)
	if g.mean == nil {
		return outcome(Review, th, g.note, g.figs...)
	}
	edge := atLeast(pct(5), Points{}, "")
	byMean, byCAGR := edge.holds(g.mean), cagrHolds(edge, g.factor, 2)
	if byMean == byCAGR {
		return outcome(statusOf(byMean), th, "两种算法结论一致。", g.figs...)
	}
	return outcome(Review, th, "两年增长率平均值与复合增长率结论不同；文件未明确算法（UNCONFIRMED），待审核。", g.figs...)
}

func xjrCertification(c *Context) Outcome {
	const th = "取得管理体系认证，或产品通过发达国家和地区产品认证"
	v := c.Profile.Market.QualityCertified
	fig := figBool("管理体系或产品认证", v, "有", "无")
	if v == nil {
		return outcome(Review, th, "认证情况未填报。", fig)
	}
	return outcome(statusOf(*v), th, "", fig)
}

func xjrDebt(c *Context) Outcome {
	const th = "上年末资产负债率 ≤ 70%"
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年末负债总额", y), f.TotalLiabilities), figMoney(fmt.Sprintf("%d年末资产总额", y), f.TotalAssets)}
	if f.TotalLiabilities == nil || f.TotalAssets == nil {
		return outcome(Review, th, "资产负债数据未填报。", figs...)
	}
	r, ok := ratio(*f.TotalLiabilities, *f.TotalAssets)
	if !ok {
		return outcome(Review, th, "资产总额为0。", figs...)
	}
	return outcome(statusOf(leq(r, pct(70))), th, "", append(figs, figPct("资产负债率", r))...)
}

func xjrShare(c *Context) Outcome {
	const th = "主导产品全国细分市场占有率 ≥ 10%"
	v := c.Profile.Market.NationalShare
	fig := figShare("全国细分市场占有率", v)
	if v == nil || !v.valid() {
		return outcome(Review, th, "市场占有率未填报。", fig)
	}
	return outcome(statusOf(geq(v.rat(), pct(10))), th, "", fig)
}

func xjrBrand(c *Context) Outcome {
	const th = "拥有自主品牌"
	v := c.Profile.Market.OwnBrand
	fig := figBool("自主品牌", v, "有", "无")
	if v == nil {
		return outcome(Review, th, "未填报。", fig)
	}
	return outcome(statusOf(*v), th, "", fig)
}

// xjrRD is 新 general condition 1: the R&D requirement chosen by Y−1 营业收入. ≥ 1亿: R&D / 营业收入 ≥ 3% in
// each of Y−2 and Y−1; 5,000万 (inclusive) to 1亿: ≥ 6% in each; < 5,000万: equity raised in Y−2…Y−1 ≥ 8,000万,
// R&D ≥ 3,000万 and R&D staff ≥ 50% of all staff.
func xjrRD(c *Context) Outcome {
	const th = "上年度营业收入 ≥1亿元：近2年研发费用占比均 ≥3%；5,000万–1亿元：均 ≥6%；<5,000万元：近2年新增股权融资 ≥8,000万元、研发费用 ≥3,000万元、研发人员占比 ≥50%"
	y := c.Prev()
	rev := c.FY(y).Revenue
	fig := figMoney(fmt.Sprintf("%d年营业收入", y), rev)
	if rev == nil {
		return outcome(Review, th, "上年度营业收入未填报，无法确定适用档次。", fig)
	}
	switch {
	case *rev >= fenPerYi:
		o := eachYearRDRatio(c, pct(3), th)
		o.Figures = append([]Figure{fig}, o.Figures...)
		o.Note = joinNote("营业收入 ≥ 1亿元，适用近2年均 ≥ 3%。", o.Note)
		return o
	case *rev >= 5000*fenPerWan:
		o := eachYearRDRatio(c, pct(6), th)
		o.Figures = append([]Figure{fig}, o.Figures...)
		o.Note = joinNote("营业收入在5,000万元（含）至1亿元之间，适用近2年均 ≥ 6%。", o.Note)
		return o
	}
	return xjrSmallPath(c, fig, th)
}

func eachYearRDRatio(c *Context, edge *big.Rat, th string) Outcome {
	var figs []Figure
	var statuses []Status
	for _, y := range yearRange(c.Year-2, c.Year-1) {
		f := c.FY(y)
		if f.RDExpense == nil || f.Revenue == nil {
			figs = append(figs, figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue))
			statuses = append(statuses, Review)
			continue
		}
		r, ok := ratio(*f.RDExpense, *f.Revenue)
		if !ok {
			statuses = append(statuses, Review)
			figs = append(figs, figUnknown(fmt.Sprintf("%d年研发费用占比", y), "营业收入为0"))
			continue
		}
		figs = append(figs, figPct(fmt.Sprintf("%d年研发费用占比", y), r))
		statuses = append(statuses, statusOf(geq(r, edge)))
	}
	return outcome(allOf(statuses...), th, "", figs...)
}

func xjrSmallPath(c *Context, revFig Figure, th string) Outcome {
	note := "营业收入 < 5,000万元，适用股权融资与研发费用路径。"
	eq := equityAtLeast(c, c.Year-2, c.Year-1, 8000*fenPerWan, th)
	figs := append([]Figure{revFig}, eq.Figures...)

	// 研发费用总额3000万元以上: the previous year, or the two years together (UNCONFIRMED). Decided when both
	// readings agree.
	y := c.Prev()
	last := c.FY(y).RDExpense
	two, missing := sumOver(c, yearRange(c.Year-2, c.Year-1), func(f *YearFigures) *int64 { return f.RDExpense })
	figs = append(figs, figMoney(fmt.Sprintf("%d年研发费用", y), last))
	var rdStatus Status
	switch {
	case last == nil:
		rdStatus = Review
	case *last >= 3000*fenPerWan:
		rdStatus = Pass // the two-year total is at least the last year's
	case len(missing) > 0:
		rdStatus = Review
	default:
		figs = append(figs, figMoney(yearsText(yearRange(c.Year-2, c.Year-1))+"研发费用合计", &two))
		if two >= 3000*fenPerWan {
			rdStatus = Review
			note = joinNote(note, "上年度研发费用不足3,000万元而近2年合计达到，文件口径未明确（UNCONFIRMED）。")
		} else {
			rdStatus = Fail
		}
	}

	s := c.FY(y).Staff
	figs = append(figs, figPeople(fmt.Sprintf("%d年研发人员", y), s.RD), figPeople(fmt.Sprintf("%d年职工总数", y), s.Total))
	staffStatus := Review
	if s.RD != nil && s.Total != nil && s.RD.valid() && s.Total.valid() {
		if r, ok := fracRatio(*s.RD, *s.Total); ok {
			figs = append(figs, figPct("研发人员占比", r))
			staffStatus = statusOf(geq(r, pct(50)))
		}
	}
	return outcome(allOf(eq.Status, rdStatus, staffStatus), th, note, figs...)
}

func xjrInstitution(c *Context) Outcome {
	const th = "自建或与高等院校、科研机构联合建立研发机构（任何级别）"
	best, known := bestInstitution(c)
	if best != nil {
		v := institutionText(best)
		if best.Joint {
			v += "（联合共建）"
		}
		return outcome(Pass, th, "", figText("研发机构", v))
	}
	if !known {
		return outcome(Review, th, "研发机构记录未核实。", figUnknown("研发机构", unknownText))
	}
	return outcome(Fail, th, "", figText("研发机构", "无"))
}

func xjrIP(c *Context) Outcome {
	const th = "与主导产品相关、实际应用并产生经济效益的Ⅰ类知识产权 ≥ 2项"
	ip := c.Profile.IP
	applied := ip.ClassILeadingApplied
	if ip.ClassILeading != nil && *ip.ClassILeading < 2 {
		// Applied items are a subset of the leading Ⅰ类 items.
		applied = ip.ClassILeading
	}
	figs := []Figure{figCount("Ⅰ类知识产权（主导产品相关）", ip.ClassILeading, "项"),
		figCount("其中已实际应用并产生经济效益", ip.ClassILeadingApplied, "项")}
	if applied == nil {
		return outcome(Review, th, "已应用的Ⅰ类知识产权数量未填报。", figs...)
	}
	return outcome(statusOf(*applied >= 2), th, "", figs...)
}
