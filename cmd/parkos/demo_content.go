package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"parkos/internal/app"
	"parkos/internal/auth"
	"parkos/internal/cms"
)

// demoItem is one article of the demonstration portal. The texts are written for parkos about the reference
// park; events and figures in them are illustrative.
type demoItem struct {
	cat, title, source, summary string
	date                        string
	paras                       []string
	policy                      *cms.PolicyDetails
}

func d(s string) *time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	if err != nil {
		panic(err)
	}
	return &t
}

func demoItems() []demoItem {
	return []demoItem{
		{cat: "updates", date: "2021-07-16", source: "园区运营部", title: "市委主要领导到洛阳国家大学科技园调研",
			paras: []string{
				"7月16日，市委主要领导带领市发展改革委、市工业和信息化局、市科技局及涧西区主要负责同志，到洛阳国家大学科技园调研科技创新和产业发展工作。",
				"调研组一行参观了园区科技成果展厅，听取了园区发展规划、运营模式、产业招商和科技金融工作汇报，了解了洛阳新材料及智能装备科创小镇的规划建设情况。",
				"在深圳光启洛阳尖端技术研究院和中科慧远视觉技术（洛阳）有限公司，调研组详细了解企业核心技术、原材料供应、市场拓展、人才引进和团队建设情况，询问引进人才在洛工作生活和人才政策落实情况。",
				"调研组要求，要完善政府产业引导基金体系，吸引社会资本参与，对专精特新和高成长性中小企业给予滚动支持；要培育壮大中介服务机构；重大科技项目要实行“揭榜挂帅”；要深入开展“万人助万企”活动，对重点企业一企一策、一事一议，直至问题解决。",
			}},
		{cat: "updates", date: "2026-10-28", source: "园区运营部", title: "园区召开重点企业“一企一策”服务推进会",
			paras: []string{
				"10月28日，园区召开重点企业服务推进会，包联干部逐一通报所联系企业的诉求办理情况。",
				"会议梳理了融资、用地、人才公寓和产品推广等方面的23项诉求，已办结19项，其余4项明确了责任单位和办结时限，纳入督办。",
				"园区将继续落实“万人助万企”要求，对重点企业实行一企一策，对跨部门难题一事一议，办理结果由企业评价。",
			}},
		{cat: "updates", date: "2026-09-15", source: "园区运营部", title: "新材料及智能装备科创小镇首批项目集中开工",
			paras: []string{
				"9月15日，洛阳新材料及智能装备科创小镇首批项目集中开工，涉及中试基地、科研办公楼和人才公寓三个项目。",
				"中试基地建成后将为入驻企业提供小批量试制和检测服务，推动实验室成果走向产业化。",
				"科创小镇以园区为核心区，规划建设研发孵化、中试加速、产业化三级载体，形成新材料与智能装备产业集聚。",
			}},
		{cat: "updates", date: "2026-08-20", source: "企业服务部", title: "园区企业机器视觉检测装备实现批量交付",
			paras: []string{
				"园区企业中科慧远视觉技术（洛阳）有限公司研制的手机盖板玻璃智能检测装备实现批量交付，产品已进入多家龙头企业生产线。",
				"该装备以机器视觉替代人工目检，检测效率和一致性显著提高，并带动上下游配套企业向洛阳集聚。",
				"园区将围绕企业产业链需求，开展精准招商，补齐光学部件、精密运动控制等配套环节。",
			}},
		{cat: "updates", date: "2026-06-30", source: "人才服务中心", title: "园区举办青年人才创新创业沙龙",
			paras: []string{
				"6月30日，园区举办青年人才创新创业沙龙，来自入驻企业和驻洛高校的六十余名青年科技人才参加。",
				"活动介绍了人才公寓申请、安家补贴和子女入学等人才政策的办理流程，现场解答了人才关心的问题。",
			}},
		{cat: "updates", date: "2026-05-12", source: "科技金融部", title: "园区组织产业引导基金路演对接会",
			paras: []string{
				"5月12日，园区组织产业引导基金路演对接会，8家入驻企业与12家投资机构进行了面对面交流。",
				"会上，企业介绍了技术路线、市场前景和融资需求，投资机构就估值、资金用途等问题深入交流，3家企业与机构达成初步投资意向。",
			}},
		{cat: "notices", date: "2026-03-10", source: "园区运营部", title: "关于2026年度科技创新券申报工作的通知",
			paras: []string{
				"各入驻企业：",
				"根据市科技局安排，现开展2026年度科技创新券申报工作。符合条件的科技型中小企业可在平台上选择服务机构和服务项目，申领创新券用于检验检测、技术开发、知识产权等科技服务。",
				"请于3月31日前在平台提交申请材料。服务完成后，请上传合同、发票、付款凭证和服务成果，经园区审核后兑付。",
				"联系电话：0379-00000000。",
			}},
		{cat: "notices", date: "2026-04-02", source: "企业服务部", title: "关于开展2025年度火炬统计调查的通知",
			paras: []string{
				"各在孵企业、毕业企业：",
				"按照国家火炬统计调查工作要求，现开展2025年度统计数据填报。请各企业于4月20日前在平台“年度经营数据”中填报营业收入、研发投入、从业人员和知识产权等数据，金额单位为千元。",
			}},
		{cat: "notices", date: "2026-07-01", source: "园区运营部", title: "“揭榜挂帅”关键核心技术攻关榜单发布公告",
			paras: []string{
				"为加快解决产业发展中的关键技术问题，园区联合重点企业发布2026年度“揭榜挂帅”榜单，共5项技术需求。",
				"榜单面向全国高校、科研院所和企业公开征集解决方案，揭榜方案经专家评审后择优支持，收益分配方式在榜单中约定。",
			}},
		{cat: "notices", date: "2026-11-05", source: "综合办公室", title: "关于园区人才公寓第二批入住申请的通知",
			paras: []string{"园区人才公寓第二批房源已具备入住条件，现接受入驻企业引进人才的入住申请。", "申请人须为入驻企业全职引进人才，提交劳动合同和社保缴纳证明。"}},
		{cat: "media", date: "2026-09-18", source: "洛阳日报", title: "科创小镇：让实验室成果在家门口转化",
			paras: []string{"记者走进洛阳新材料及智能装备科创小镇，看到中试基地正在加紧建设。", "“以前成果要拿到外地中试，现在在园区就能完成。”一家入驻企业负责人说。"}},
		{cat: "media", date: "2026-06-08", source: "河南日报", title: "洛阳：大学科技园成为创新策源地",
			paras: []string{"依托驻洛高校和科研院所，洛阳国家大学科技园累计孵化科技型企业数百家，成为区域创新的重要策源地。"}},
		{cat: "policies", date: "2025-12-20", title: "洛阳市支持人才创新创业若干措施", source: "洛阳市人民政府",
			policy: &cms.PolicyDetails{Issuer: "洛阳市人民政府", DocNumber: "洛政〔2025〕30号", IssuedOn: d("2025-12-18"), EffectiveOn: d("2026-01-01"), Validity: cms.Valid, Topics: []string{"人才", "安居"}},
			paras:  []string{"第一条　为吸引各类人才来洛创新创业，制定本措施。", "第二条　对新引进的全职博士、硕士，按规定给予安家补贴和生活补贴。", "第三条　对人才创办的科技型企业，优先入驻大学科技园孵化载体，三年内给予房租减免。"}},
		{cat: "policies", date: "2025-06-10", title: "洛阳市科技创新券管理办法", source: "洛阳市科学技术局",
			policy: &cms.PolicyDetails{Issuer: "洛阳市科学技术局", DocNumber: "洛科〔2025〕12号", IssuedOn: d("2025-06-05"), EffectiveOn: d("2025-07-01"), Validity: cms.Valid, Topics: []string{"科技创新券", "科技服务"}},
			paras:  []string{"第一条　科技创新券用于支持科技型中小企业购买检验检测、技术开发、知识产权等科技服务。", "第二条　服务机构实行名录管理，企业自主选择服务机构。", "第三条　对弄虚作假套取创新券的，收回已兑付资金并记入信用记录。"}},
		{cat: "policies", date: "2024-03-01", title: "洛阳市政府产业引导基金管理办法", source: "洛阳市财政局",
			policy: &cms.PolicyDetails{Issuer: "洛阳市财政局", DocNumber: "洛财〔2024〕8号", IssuedOn: d("2024-02-26"), EffectiveOn: d("2024-03-01"), Validity: cms.Valid, Topics: []string{"科技金融", "引导基金"}},
			paras:  []string{"第一条　引导基金通过参股子基金方式，吸引社会资本支持我市重点产业发展。", "第二条　引导基金对单只子基金的出资比例一般不超过20%，天使投资基金不超过30%。"}},
		{cat: "policies", date: "2019-05-01", title: "洛阳市大学科技园孵化企业房租补贴办法（试行）", source: "洛阳市科学技术局",
			policy: &cms.PolicyDetails{Issuer: "洛阳市科学技术局", DocNumber: "洛科〔2019〕5号", IssuedOn: d("2019-04-25"), Validity: cms.Repealed, Topics: []string{"孵化", "房租补贴"}},
			paras:  []string{"本办法已由《洛阳市支持人才创新创业若干措施》替代。"}},
		{cat: "interpretations", date: "2025-12-25", source: "洛阳市人力资源和社会保障局", title: "《洛阳市支持人才创新创业若干措施》政策解读",
			paras: []string{"一、出台背景：为落实人才强市战略，进一步优化人才发展环境。", "二、主要内容：安家补贴、生活补贴、创业支持和安居保障四个方面。", "三、申请方式：人才通过园区平台在线申请，材料一次提交。"}},
	}
}

// seedDemoContent fills an empty portal with the demonstration articles, through the same service calls an
// editor and the reviewers would make.
func seedDemoContent(ctx context.Context, a *app.App) error {
	_, total, err := a.CMS.FindArticles(ctx, auth.System("demo"), cms.ArticleFilter{Limit: 1})
	if err != nil || total > 0 {
		return err
	}
	tree, err := a.CMS.Categories(ctx)
	if err != nil {
		return err
	}
	// The demo's own editor writes, the reviewer passes 初审 and the park administrator 终审 (further
	// levels, if configured, by the command line).
	editor, err := demoActor(ctx, a, "editor")
	if err != nil {
		return err
	}
	reviewers := []*auth.Actor{}
	for _, name := range []string{"reviewer", "park"} {
		r, err := demoActor(ctx, a, name)
		if err != nil {
			return err
		}
		reviewers = append(reviewers, r)
	}
	sys := auth.System("demo")
	ids := map[string]int64{}
	for _, it := range demoItems() {
		c := tree.BySlug(it.cat)
		if c == nil {
			return fmt.Errorf("demo: no category %s", it.cat)
		}
		var body strings.Builder
		for _, p := range it.paras {
			body.WriteString("<p>" + p + "</p>\n")
		}
		in := cms.DraftInput{CategoryID: c.ID, Kind: cms.KindArticle, Title: it.title, Source: it.source, Summary: it.summary,
			BodyHTML: body.String(), PublishedAt: d(it.date), Note: "演示内容"}
		if it.policy != nil {
			in.Kind, in.Policy = cms.KindPolicy, it.policy
		}
		art, err := a.CMS.CreateArticle(ctx, editor, in)
		if err != nil {
			return fmt.Errorf("demo article %q: %w", it.title, err)
		}
		ids[it.title] = art.ID
		if err := a.CMS.SubmitArticle(ctx, editor, art.ID, ""); err != nil {
			return err
		}
		for level := range a.CMS.Levels() {
			r := sys
			switch level {
			case 0:
				r = reviewers[0]
			case a.CMS.Levels() - 1:
				r = reviewers[1]
			}
			if err := a.CMS.ReviewArticle(ctx, r, art.ID, true, "同意"); err != nil {
				return err
			}
		}
	}
	return a.CMS.LinkInterpretation(ctx, editor, ids["洛阳市支持人才创新创业若干措施"], ids["《洛阳市支持人才创新创业若干措施》政策解读"])
}

// demoActor acts as one of the demo accounts.
func demoActor(ctx context.Context, a *app.App, username string) (*auth.Actor, error) {
	u, err := a.Accounts.FindUserByUsername(ctx, auth.System("demo"), username)
	if err != nil {
		return nil, fmt.Errorf("demo account %s: %w", username, err)
	}
	act := auth.NewActor(a.Roles, u.ID, u.Username, u.Roles)
	act.DisplayName = u.DisplayName
	return act, nil
}
