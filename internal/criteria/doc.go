// Package criteria is the criteria engine: it checks an enterprise's profile and yearly figures against the
// national (and local) rules for the qualifications the park follows, and says for each rule whether it passes,
// fails or needs review, with the figures it used, the threshold, the points where the scheme scores, and a
// verdict for the whole scheme.
//
// The package is pure: no database, no HTTP, no files. The enterprise registry fills a Profile from its tables,
// picks a RuleSet with Applicable and calls Evaluate. Everything it knows about the documents is carried here in
// Go, with the document and article cited next to each rule; nothing is read at run time.
//
// # Shipped rule sets
//
//	gaoqi-2016           高新技术企业             32号 art. 11 + 195号 创新能力评价          CN, from 2016-01-01
//	kexiao-2017          科技型中小企业           115号 art. 6–8                             CN, from 2017-05-03
//	chuangxin-2022       创新型中小企业           63号 附件1                                 CN, from 2022-06-01
//	zhuanjingtexin-2022  专精特新中小企业         63号 附件2                                 CN, 2022-06-01 – 2026-03-31
//	xiaojuren-2022       专精特新"小巨人"企业     63号 附件3                                 CN, 2022-06-01 – 2026-03-31
//	zhuanjingtexin-2026  unverified, 工信部企业〔2026〕2号: every criterion needs review       CN, from 2026-04-01
//	xiaojuren-2026       unverified, 工信部企业〔2026〕2号: every criterion needs review       CN, from 2026-04-01
//	dengling-typical     瞪羚企业 (typical local rule, configurable)                       CN-HA-LY, from 2020-01-01
//
// The 2026 小巨人 复核 still applies the 2022 standard (工信厅企业函〔2026〕117号): callers evaluating a 复核 take
// the set by ID (ByID("xiaojuren-2022")) instead of by date.
//
// # Verdicts, unknowns and exact edges
//
// Every criterion returns Pass, Fail or Review. Review means that the figures neither prove nor refute it: an
// input is unknown (nil, distinct from zero) or an expert judgement decides it. An unknown input never fails
// silently. Scored criteria carry a Points range: Lo == Hi when the figures fix the points, a wider range when
// they do not, and the scheme's score threshold passes only when the lowest possible total clears it and fails
// only when the highest possible total cannot.
//
// Money is integer fen (分). Ratios and thresholds are compared exactly with math/big rationals, so a value that
// sits on an edge lands on the side the document gives: "不低于", "≥", "(含)" and "以上" include the edge; MIIT
// ranges "a%–b%" mean a ≤ x < b; on an edge shared by two MIIT bands the higher-scoring band applies.
//
// # Adding a rule set or a new version
//
//  1. Write a constructor in a new file (for example gaoqi2027.go) that returns a *RuleSet: a new ID
//     ("gaoqi-2027"), the same Scheme, the Region it covers ("CN" for national rules, "CN-HA" for Henan,
//     "CN-HA-LY" for Luoyang), the Version, EffectiveFrom (inclusive) and EffectiveTo (exclusive; zero means
//     open-ended), and the Documents it rests on with their numbers and, where known, official addresses.
//  2. List the Criteria in the order they should be shown. Each has a stable ID (keep the IDs of a scheme across
//     versions where the rule is the same, since Judgements.Points is keyed by them), a Chinese label, the
//     article or annex item it follows (Cite), its Kind, and an Eval function. Conditions (KindCondition) decide
//     the verdict; score items (KindItem) add points to a ScoreGroup; alternatives (KindAlternative) are branches
//     that a condition combines, such as the score route and the direct routes. A condition that combines other
//     criteria must come after them: criteria are evaluated in order and read earlier outcomes from the Context.
//  3. When the old version stops applying, give it an EffectiveTo equal to the new version's EffectiveFrom, then
//     add the constructor to builtinSets in registry.go. NewRegistry refuses two sets of the same scheme and
//     region whose periods overlap, so the choice by date is never ambiguous.
//  4. Add table-driven tests with profiles written from the document, one row per rule and edge, each citing
//     the article it checks.
//
// Local rules (a province's 特色化 indicators, a city's 瞪羚 definition) are built with the exported
// constructors and options (NewZhuanjingtexin2022 with a DistinctiveRule, NewDengling with DenglingParams) and
// registered with NewRegistry alongside the built-in sets; Applicable prefers the most specific region.
package criteria
