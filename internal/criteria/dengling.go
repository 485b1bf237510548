package criteria

import (
	"fmt"
	"math/big"
	"time"
)

// 瞪羚企业 is defined locally: each province or city publishes its own thresholds. The rule set is built from
// parameters, so a region's rule is data; TypicalDengling gives the common shape of such rules as a default,
// clearly marked as not any region's official text.

// DenglingParams configure a 瞪羚 rule set. Money is fen; shares are exact fractions.
type DenglingParams struct {
	ID      string
	Name    string
	Region  string
	Version string
	// EffectiveFrom (inclusive) and EffectiveTo (exclusive, zero: open-ended).
	EffectiveFrom time.Time
	EffectiveTo   time.Time
	Documents     []Document
	Notes         []string

	// RevenueMin and RevenueMax bound 营业收入 of Y−1, both inclusive; 0 means no bound.
	RevenueMin int64
	RevenueMax int64
	// GrowthMin is the minimum compound annual growth of 营业收入 over GrowthPeriods years ending in Y−1
	// (2 periods: from Y−3 to Y−1, the "近三年" window of criteria.md §7.3). nil: not required.
	GrowthMin     *Frac
	GrowthPeriods int
	// RDRatioMin is the minimum R&D / 营业收入 of Y−1; nil: not required.
	RDRatioMin *Frac
}

// TypicalDengling is the common shape of local 瞪羚 rules (CONTEXT.md: 营业收入 1,000万–5亿元, 近三年营业收入复合
// 增长率 ≥ 20%, 研发费用占比 ≥ 5%), scoped to Luoyang as the park's default. It is not Luoyang's or Henan's
// official rule: replace the parameters and the document with the local text before relying on it.
func TypicalDengling() DenglingParams {
	return DenglingParams{
		ID:            "dengling-typical",
		Name:          "瞪羚企业（典型口径，待按地方文件配置）",
		Region:        "CN-HA-LY",
		Version:       "典型口径",
		EffectiveFrom: day(2020, time.January, 1),
		Documents: []Document{{
			Short: "典型口径",
			Title: "各地瞪羚企业认定办法的常见口径（非某一地方的正式文件）",
			Note:  "洛阳市、河南省现行瞪羚企业认定文件未核实；营业收入区间、增长率和研发占比均为可配置参数。",
		}},
		Notes: []string{
			"本规则集为地方性、可配置口径，不是洛阳市或河南省的正式标准。",
			"复合增长率按Y−3至Y−1两个增长期计算（“近三年”窗口，criteria.md §7.3）；地方文件采用其他基期时修改 GrowthPeriods。",
		},
		RevenueMin:    1000 * fenPerWan,
		RevenueMax:    5 * fenPerYi,
		GrowthMin:     PercentOf(20, 100),
		GrowthPeriods: 2,
		RDRatioMin:    PercentOf(5, 100),
	}
}

// NewDengling builds a 瞪羚 rule set from its parameters.
func NewDengling(p DenglingParams) *RuleSet {
	cite := "地方瞪羚企业认定办法"
	if len(p.Documents) > 0 {
		cite = p.Documents[0].Short
	}
	set := &RuleSet{
		ID: p.ID, Scheme: SchemeDengling, Name: p.Name, Region: p.Region, Version: p.Version,
		EffectiveFrom: p.EffectiveFrom, EffectiveTo: p.EffectiveTo, Documents: p.Documents, Notes: p.Notes,
	}
	set.Criteria = append(set.Criteria, Criterion{
		ID: "dengling.revenue", Label: "上年度营业收入" + revenueRangeText(p.RevenueMin, p.RevenueMax), Cite: cite,
		Kind: KindCondition, Eval: func(c *Context) Outcome { return denglingRevenue(c, p) },
	})
	if p.GrowthMin != nil {
		set.Criteria = append(set.Criteria, Criterion{
			ID: "dengling.growth", Label: fmt.Sprintf("营业收入%d年复合增长率不低于%s", p.GrowthPeriods, fmtPct(p.GrowthMin.rat())),
			Cite: cite, Kind: KindCondition, Eval: func(c *Context) Outcome { return denglingGrowth(c, p) },
		})
	}
	if p.RDRatioMin != nil {
		set.Criteria = append(set.Criteria, Criterion{
			ID: "dengling.rd", Label: "上年度研发费用占营业收入比重不低于" + fmtPct(p.RDRatioMin.rat()),
			Cite: cite, Kind: KindCondition, Eval: func(c *Context) Outcome { return denglingRD(c, p) },
		})
	}
	return set
}

func revenueRangeText(lo, hi int64) string {
	switch {
	case lo > 0 && hi > 0:
		return fmt.Sprintf("在%s至%s之间（含）", fmtWan(lo), fmtWan(hi))
	case lo > 0:
		return "不低于" + fmtWan(lo)
	case hi > 0:
		return "不超过" + fmtWan(hi)
	}
	return "（不限）"
}

func denglingRevenue(c *Context, p DenglingParams) Outcome {
	th := "营业收入" + revenueRangeText(p.RevenueMin, p.RevenueMax)
	y := c.Prev()
	rev := c.FY(y).Revenue
	fig := figMoney(fmt.Sprintf("%d年营业收入", y), rev)
	if rev == nil {
		return outcome(Review, th, "营业收入未填报。", fig)
	}
	ok := (p.RevenueMin == 0 || *rev >= p.RevenueMin) && (p.RevenueMax == 0 || *rev <= p.RevenueMax)
	return outcome(statusOf(ok), th, "", fig)
}

func denglingGrowth(c *Context, p DenglingParams) Outcome {
	n := p.GrowthPeriods
	if n < 1 {
		n = 1
	}
	base, end := c.Prev()-n, c.Prev()
	th := fmt.Sprintf("%d–%d年营业收入复合增长率 ≥ %s", base, end, fmtPct(p.GrowthMin.rat()))
	b, e := c.FY(base).Revenue, c.FY(end).Revenue
	figs := []Figure{figMoney(fmt.Sprintf("%d年营业收入", base), b), figMoney(fmt.Sprintf("%d年营业收入", end), e)}
	if b == nil || e == nil {
		return outcome(Review, th, "营业收入未填报。", figs...)
	}
	if *b <= 0 {
		return outcome(Review, th, fmt.Sprintf("%d年营业收入不为正，无法计算复合增长率。", base), figs...)
	}
	f := big.NewRat(*e, *b)
	figs = append(figs, figText("复合增长率", fmtCAGR(f, n)))
	return outcome(statusOf(cagrHolds(atLeast(p.GrowthMin.rat(), Points{}, ""), f, n)), th, "", figs...)
}

func denglingRD(c *Context, p DenglingParams) Outcome {
	th := "研发费用 / 营业收入 ≥ " + fmtPct(p.RDRatioMin.rat())
	y := c.Prev()
	f := c.FY(y)
	figs := []Figure{figMoney(fmt.Sprintf("%d年研发费用", y), f.RDExpense), figMoney(fmt.Sprintf("%d年营业收入", y), f.Revenue)}
	if f.RDExpense == nil || f.Revenue == nil {
		return outcome(Review, th, "数据未填报。", figs...)
	}
	r, ok := ratio(*f.RDExpense, *f.Revenue)
	if !ok {
		return outcome(Review, th, "营业收入为0。", figs...)
	}
	return outcome(statusOf(geq(r, p.RDRatioMin.rat())), th, "", append(figs, figPct("研发费用占比", r))...)
}
