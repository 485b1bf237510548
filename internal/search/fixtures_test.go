package search

import (
	"iter"
	"strings"
	"testing"
	"time"
)

// cst is China Standard Time, the zone the site's dates are written in.
var cst = time.FixedZone("CST", 8*3600)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, cst) }

// fakeT2S stands in for the Traditional→Simplified converter the app passes to Open.
var fakeT2S = strings.NewReplacer("園", "园", "區", "区", "創", "创", "業", "业", "貼", "贴", "補", "补").Replace

// parkDocs returns twenty documents of a university science park: news, notices and policies.
func parkDocs() []Doc {
	art := func(id, cat, catName, title, body string, date time.Time) Doc {
		return Doc{ID: "article:" + id, Kind: KindArticle, Category: cat, CategoryName: catName,
			Title: title, Body: body, Date: date, URL: "/articles/" + id}
	}
	pol := func(id, cat, catName, title, body string, date time.Time) Doc {
		return Doc{ID: "policy:" + id, Kind: KindPolicy, Category: cat, CategoryName: catName,
			Title: title, Body: body, Date: date, URL: "/policies/" + id}
	}
	const news, notice = "news", "notice"
	const newsN, noticeN = "新闻动态", "通知公告"
	return []Doc{
		art("1", news, newsN, "大学科技园召开2024年度人才工作会议",
			"3月5日，大学科技园召开2024年度人才工作会议。会议总结了上一年度人才引进与培养工作，部署了新一年的重点任务。"+
				"管委会主任指出，要把人才作为园区高质量发展的第一资源。", day(2024, 3, 5)),
		art("2", news, newsN, "入园企业参加高新技术企业认定培训",
			"为帮助企业了解高新技术企业认定政策，科技园组织三十余家企业参加专题培训，邀请税务专家解读研发费用加计扣除。",
			day(2024, 4, 10)),
		art("3", notice, noticeN, "关于申报2024年度科技创新券的通知",
			"各有关企业：为降低科技型中小企业研发成本，现组织申报2024年度科技创新券。申报截止时间为6月30日，逾期不予受理。",
			day(2024, 5, 20)),
		art("4", notice, noticeN, "关于征集揭榜挂帅技术需求的通知",
			"为推动关键核心技术攻关，科技园面向入驻企业征集揭榜挂帅技术需求，请于7月10日前提交需求表。",
			day(2024, 6, 1)),
		art("5", news, newsN, "第三届创新创业大赛决赛圆满落幕",
			"11月18日，第三届创新创业大赛决赛在科技园举行，二十支团队同台竞技，最终评出一等奖两项。",
			day(2023, 11, 18)),
		art("6", news, newsN, "市领导调研科技园企业发展情况",
			"市领导一行来到科技园，走访了三家入驻企业，听取了企业在融资、用工、市场开拓方面的诉求。",
			day(2023, 9, 2)),
		art("7", notice, noticeN, "关于A座停电检修的通知",
			"因供电线路检修，A座将于7月15日8:00至12:00停电，请各单位提前做好准备。",
			day(2024, 7, 15)),
		art("8", news, newsN, "网站ICP备案与网络安全培训举行",
			"本次培训讲解了ICP备案流程、等级保护2.0要求以及2022年以来的典型网络安全事件。",
			day(2022, 8, 8)),
		art("9", news, newsN, "科技园获评国家级优秀孵化器",
			"在年度考核中，大学科技园获评优秀（A类）国家级科技企业孵化器。",
			day(2022, 12, 30)),
		art("10", notice, noticeN, "关于填报2022年度火炬统计报表的通知",
			"请各入驻企业于1月31日前完成2022年度火炬统计报表的网上填报。",
			day(2022, 1, 10)),
		art("11", news, newsN, "青年创业者沙龙活动回顾",
			"本期沙龙邀请三位青年创业者分享经验，与会嘉宾认为，吸引青年人才离不开良好的创业生态。",
			day(2024, 2, 2)),
		art("12", news, newsN, "科技园食堂开始试运营",
			"位于B座一层的食堂自即日起试运营，供应早餐和午餐。",
			day(2024, 1, 2)),
		pol("1", "talent", "人才政策", "大学科技园人才引进与培养实施办法",
			"第一条 为吸引和集聚各类人才，支持入驻企业引进高层次人才，制定本办法。第二条 本办法适用于在园区注册的企业。",
			day(2023, 1, 15)),
		pol("2", "talent", "人才政策", "高层次人才安居补贴管理细则",
			"符合条件的高层次人才可申请安居补贴，补贴期限最长三年。",
			day(2023, 6, 30)),
		pol("3", "innovation", "科技创新", "科技创新券管理办法（试行）",
			"科技创新券用于支持科技型中小企业购买研发、检验检测等科技服务。每家企业每年额度不超过20万元。",
			day(2022, 5, 1)),
		pol("4", "innovation", "科技创新", "揭榜挂帅项目管理暂行办法",
			"揭榜挂帅项目实行“谁能干就让谁干”，不论资历、不设门槛。",
			day(2023, 3, 3)),
		pol("5", "settle", "园区入驻", "园区入驻企业管理办法",
			"申请入驻的企业应当具有独立法人资格，主营业务符合园区产业定位。",
			day(2021, 9, 9)),
		pol("6", "settle", "园区入驻", "孵化企业入驻与退出管理规定",
			"在孵企业孵化期一般不超过四十八个月，期满后应办理退出手续。",
			day(2022, 10, 10)),
		pol("7", "innovation", "科技创新", "科技成果转化奖励办法",
			"对完成科技成果转化并实现产业化的团队，按照技术合同成交额给予奖励。",
			day(2024, 8, 8)),
		pol("8", "talent", "人才政策", "博士后科研工作站管理办法",
			"博士后科研工作站是培养青年科技人才的重要平台，设站单位应提供必要的科研条件。",
			day(2024, 9, 9)),
	}
}

// openTest opens an index in a temporary directory, closed when the test ends.
func openTest(t testing.TB, docs ...Doc) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), fakeT2S)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	for _, d := range docs {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func mustSearch(t testing.TB, ix *Index, q Query) *Result {
	t.Helper()
	res, err := ix.Search(q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(res *Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// containing returns the IDs of docs whose title or body contains s, and whose title does.
func containing(docs []Doc, s string) (all, inTitle []string) {
	for _, d := range docs {
		if strings.Contains(d.Title, s) {
			inTitle = append(inTitle, d.ID)
		}
		if strings.Contains(d.Title, s) || strings.Contains(d.Body, s) {
			all = append(all, d.ID)
		}
	}
	return all, inTitle
}

func seq(docs []Doc) iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
}
