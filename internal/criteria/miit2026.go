package criteria

import "time"

// The 2026 MIIT revision, 《优质中小企业梯度培育管理办法》(工信部企业〔2026〕2号), in force from 2026-04-01,
// supersedes 63号 附件2 and 附件3 for new applications. Its thresholds are known only from secondary sources
// (criteria.md §6, UNCONFIRMED), so parkos does not encode them: these unverified sets make every application
// from 2026-04-01 need review, with the reason, instead of silently applying the 2022 standard. Replace them
// with real sets once the official text has been read.

var miit2026Document = Document{
	Short: "2026办法",
	Title: "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）",
	URL:   "http://ceccweb.org.cn/listshow.php?cid=69&id=3879",
	Note:  "自2026-04-01起施行；该地址为工信部新闻稿的转载。认定标准只见于二手资料，未与官方文本核对（criteria.md §6，UNCONFIRMED）。",
}

const miit2026Explanation = "2026-04-01起的新申报适用工信部企业〔2026〕2号，其认定标准（含专精特新发展评价得分，" +
	"由工信部平台按工信厅企业〔2024〕75号计算）尚未对照官方文本核实，本系统暂不自动判定；" +
	"请按当期通知人工审核。2022年标准不适用于新申报。"

func miit2026Unverified(id, scheme, name string) *RuleSet {
	return &RuleSet{
		ID:            id,
		Scheme:        scheme,
		Name:          name,
		Region:        RegionNational,
		Version:       "2026（待核实）",
		EffectiveFrom: day(2026, time.April, 1),
		Documents:     []Document{miit2026Document},
		Notes:         []string{miit2026Explanation},
		Criteria: []Criterion{{
			ID:    scheme + "-2026.unverified",
			Label: "2026年认定标准（待核实）",
			Cite:  "工信部企业〔2026〕2号 附件",
			Kind:  KindCondition,
			Eval: func(c *Context) Outcome {
				return outcome(Review, "按工信部企业〔2026〕2号认定标准（未编入）", miit2026Explanation)
			},
		}},
	}
}

// NewZhuanjingtexin2026Unverified is the unverified set for 专精特新中小企业 applications from 2026-04-01.
func NewZhuanjingtexin2026Unverified() *RuleSet {
	return miit2026Unverified("zhuanjingtexin-2026", SchemeZhuanjingtexin, "专精特新中小企业认定（2026年办法，标准待核实）")
}

// NewXiaojuren2026Unverified is the unverified set for 小巨人 applications from 2026-04-01.
func NewXiaojuren2026Unverified() *RuleSet {
	return miit2026Unverified("xiaojuren-2026", SchemeXiaojuren, "专精特新“小巨人”企业认定（2026年办法，标准待核实）")
}
