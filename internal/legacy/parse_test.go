package legacy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

func mustParse(t *testing.T, name string, data []byte) *Page {
	t.Helper()
	p, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return p
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func hasWarning(p *Page, prefix string) bool {
	return slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.HasPrefix(w, prefix) })
}

// noFooter fails when anything of a footer got into the page's body.
func noFooter(t *testing.T, p *Page) {
	t.Helper()
	for _, l := range p.Body {
		for _, m := range []string{"版权", "Copyright", "ICP", "公网安备", "网站标识码", "技术支持：", "技术支持:", "打印本页", "关闭窗口", "上一篇", "下一篇", "浏览次数", "字体", "当前位置", "网站首页"} {
			if strings.Contains(l, m) {
				t.Errorf("body line %q contains %q", l, m)
			}
		}
	}
}

// checkExample checks what every version of the CONTEXT.md example must give.
func checkExample(t *testing.T, p *Page) {
	t.Helper()
	if want := "关于2022年度科技创新券申报工作的通知"; p.Title != want {
		t.Errorf("Title = %q, want %q", p.Title, want)
	}
	if want := day(2022, time.March, 15); !p.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", p.Date, want)
	}
	if p.Date.Format(time.RFC3339) != "2022-03-15T00:00:00+08:00" {
		t.Errorf("Date = %s, want midnight in UTC+8", p.Date.Format(time.RFC3339))
	}
	if want := []string{"新闻中心", "通知公告"}; !slices.Equal(p.Category, want) {
		t.Errorf("Category = %q, want %q", p.Category, want)
	}
	if p.Source != "园区运营部" {
		t.Errorf("Source = %q, want 园区运营部", p.Source)
	}
	want := []string{
		"各入驻企业:根据市科技局安排,现开展2022年度科技创新券申报工作。",
		"请于3月31日前提交材料。",
	}
	if !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}
	if len(p.Body) == 0 || !strings.HasPrefix(p.Body[0], "各入驻企业:根据市科技局安排") {
		t.Errorf("Body does not start with 各入驻企业:根据市科技局安排")
	}
	noFooter(t, p)
}

func TestParseContextExample(t *testing.T) {
	p := mustParse(t, "tzgg/2022/0315.txt", []byte(contextExample))
	checkExample(t, p)
	if len(p.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none", p.Warnings)
	}
	if p.File != "tzgg/2022/0315.txt" {
		t.Errorf("File = %q", p.File)
	}
}

func TestParseContextExampleLineEndings(t *testing.T) {
	for name, data := range map[string]string{
		"crlf":                        strings.ReplaceAll(contextExample, "\n", "\r\n"),
		"cr":                          strings.ReplaceAll(contextExample, "\n", "\r"),
		"utf-8 bom":                   "\uFEFF" + contextExample,
		"blank lines and indentation": strings.ReplaceAll(contextExample, "\n", "\n\n　　"),
	} {
		t.Run(name, func(t *testing.T) {
			checkExample(t, mustParse(t, name, []byte(data)))
		})
	}
}

func TestParseHTML(t *testing.T) {
	utf8Page := []byte(fmt.Sprintf(exampleHTML, "utf-8"))
	gbPage := gbk(t, fmt.Sprintf(exampleHTML, "gb2312"))
	if strings.Contains(string(gbPage), "关于") || !strings.Contains(string(gbPage), "charset=gb2312") {
		t.Fatal("the GB2312 page is not GBK-encoded")
	}
	text := mustParse(t, "text", []byte(contextExample))
	for name, data := range map[string][]byte{
		"utf-8":                    utf8Page,
		"gb2312":                   gbPage,
		"gbk":                      gbk(t, fmt.Sprintf(exampleHTML, "GBK")),
		"gb18030":                  gbk(t, fmt.Sprintf(exampleHTML, "gb18030")),
		"gb2312 without meta":      gbk(t, strings.Replace(fmt.Sprintf(exampleHTML, "x"), `<meta http-equiv="Content-Type" content="text/html; charset=x" />`, "", 1)),
		"html5 meta charset":       gbk(t, strings.Replace(fmt.Sprintf(exampleHTML, "x"), `<meta http-equiv="Content-Type" content="text/html; charset=x" />`, `<meta charset="gb2312">`, 1)),
		"utf-8 declared as gb2312": []byte(fmt.Sprintf(exampleHTML, "gb2312")),
		"utf-16 with byte order mark": func() []byte {
			b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(utf8Page)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			p := mustParse(t, name+".html", data)
			checkExample(t, p)
			if p.Key() != text.Key() {
				t.Errorf("Key = %s, the text version's is %s", p.Key(), text.Key())
			}
			for _, l := range p.Body {
				if strings.Contains(l, "隐藏") || strings.Contains(l, "脚本") {
					t.Errorf("hidden or script text in the body: %q", l)
				}
			}
			wantWarn := name == "utf-8 declared as gb2312"
			if got := hasWarning(p, "页面声明的编码为"); got != wantWarn {
				t.Errorf("encoding warning = %v, want %v (warnings %q)", got, wantWarn, p.Warnings)
			}
		})
	}
}

func TestParseNews(t *testing.T) {
	p := mustParse(t, "mtjj/20211103.txt", []byte(newsPage))
	if p.Title != "科技园：打造高校成果转化“加速器”" {
		t.Errorf("Title = %q", p.Title)
	}
	if !p.Date.Equal(day(2021, time.November, 3)) {
		t.Errorf("Date = %v", p.Date)
	}
	if want := []string{"新闻中心", "媒体聚焦"}; !slices.Equal(p.Category, want) {
		t.Errorf("Category = %q, want %q", p.Category, want)
	}
	if p.Source != "河南日报" {
		t.Errorf("Source = %q, want 河南日报 (from the date line)", p.Source)
	}
	if len(p.Body) != 5 {
		t.Fatalf("Body has %d paragraphs, want 5: %q", len(p.Body), p.Body)
	}
	if !strings.HasPrefix(p.Body[0], "11月2日，记者走进") {
		t.Errorf("Body[0] = %q (indentation should be trimmed)", p.Body[0])
	}
	// ordinary uses of footer words stay in the body
	if !strings.Contains(p.Body[1], "提供技术支持") || !strings.HasPrefix(p.Body[3], "主办单位：郑州市科学技术局") {
		t.Errorf("body lines with 技术支持 or 主办单位 were dropped: %q", p.Body)
	}
	if !strings.HasPrefix(p.Body[4], "下一步") {
		t.Errorf("last paragraph = %q", p.Body[4])
	}
	noFooter(t, p)
	if len(p.Warnings) != 0 {
		t.Errorf("Warnings = %q", p.Warnings)
	}
}

func TestParseLostCharacters(t *testing.T) {
	page := strings.Replace(contextExample, "科技創(chuàng)新券申報(bào)工作。", "科技創?券申報(bào)工作。", 1)
	page = strings.Replace(page, "請(qǐng)於", "???\n請(qǐng)於", 1)
	p := mustParse(t, "lost.txt", []byte(page))
	want := []string{
		"各入驻企业:根据市科技局安排,现开展2022年度科技创?券申报工作。",
		"???",
		"请于3月31日前提交材料。",
	}
	if !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q (lost characters are kept)", p.Body, want)
	}
	if !slices.Contains(p.Warnings, WarnLostChars+"：第1、2段") {
		t.Errorf("Warnings = %q, want %q", p.Warnings, WarnLostChars+"：第1、2段")
	}
	if p.Title == "" || p.Source != "园区运营部" {
		t.Errorf("Title %q, Source %q", p.Title, p.Source)
	}

	p = mustParse(t, "lost-title.txt", []byte(strings.Replace(contextExample, "關(guān)於2022", "關(guān)?2022", 1)))
	if p.Title != "关?2022年度科技创新券申报工作的通知" || !hasWarning(p, WarnLostCharsTitle) {
		t.Errorf("Title %q, Warnings %q", p.Title, p.Warnings)
	}

	// a genuine question at the end of a paragraph is not flagged
	p = mustParse(t, "question.txt", []byte(strings.Replace(contextExample, "請(qǐng)於3月31日前提交材料。", "有疑問怎麼辦？\n請(qǐng)於3月31日前提交材料。", 1)))
	if hasWarning(p, WarnLostChars) {
		t.Errorf("a genuine question was flagged: %q", p.Warnings)
	}
}

func TestParseWithoutBreadcrumb(t *testing.T) {
	page := strings.SplitN(contextExample, "\n", 2)[1]
	p := mustParse(t, "nocrumb.txt", []byte(page))
	if p.Category != nil {
		t.Errorf("Category = %q, want nil", p.Category)
	}
	if !slices.Contains(p.Warnings, WarnNoCategory) {
		t.Errorf("Warnings = %q, want %q", p.Warnings, WarnNoCategory)
	}
	if p.Title != "关于2022年度科技创新券申报工作的通知" || !p.Date.Equal(day(2022, time.March, 15)) || len(p.Body) != 2 {
		t.Errorf("Title %q, Date %v, Body %q", p.Title, p.Date, p.Body)
	}

	// without a breadcrumb, navigation before the title is recognised through the date line after it
	p = mustParse(t, "nocrumb-nav.txt", []byte("网站首页 新闻中心 政策法规\n园区简介\n"+page))
	if p.Title != "关于2022年度科技创新券申报工作的通知" {
		t.Errorf("Title = %q", p.Title)
	}
	if p.Body[0] != "各入驻企业:根据市科技局安排,现开展2022年度科技创新券申报工作。" {
		t.Errorf("Body = %q", p.Body)
	}
}

func TestParseMissingParts(t *testing.T) {
	p := mustParse(t, "nodate.txt", []byte(strings.Replace(contextExample, "發(fā)布時(shí)間:2022-03-15\n", "", 1)))
	if !p.Date.IsZero() || !slices.Contains(p.Warnings, WarnNoDate) {
		t.Errorf("Date %v, Warnings %q", p.Date, p.Warnings)
	}
	if len(p.Body) != 2 {
		t.Errorf("Body = %q", p.Body)
	}

	p = mustParse(t, "only-footer.txt", []byte("版权所有 © 2013-2022 国家大学科技园 豫ICP备12345678号\n"))
	for _, w := range []string{WarnNoTitle, WarnNoDate, WarnNoCategory, WarnNoBody} {
		if !slices.Contains(p.Warnings, w) {
			t.Errorf("Warnings = %q, want %q", p.Warnings, w)
		}
	}
	if len(p.Body) != 0 || p.Title != "" {
		t.Errorf("Title %q, Body %q", p.Title, p.Body)
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		line string
		want time.Time // zero: no date
	}{
		{"发布时间:2022-03-15", day(2022, 3, 15)},
		{"发布时间：2022-03-15 09:30:00", day(2022, 3, 15)},
		{"发布日期：2022/3/5", day(2022, 3, 5)},
		{"发布日期：2022年3月5日", day(2022, 3, 5)},
		{"发布日期： 2022 年 3 月 5 日 星期六", day(2022, 3, 5)},
		{"日期：2022年03月05日 来源：园区运营部 浏览次数：12", day(2022, 3, 5)},
		{"时间：2022.03.05", day(2022, 3, 5)},
		{"更新时间：2019-12-31", day(2019, 12, 31)},
		{"发布时间：２０２２－０３－１５", day(2022, 3, 15)},
		{"来源：园区运营部　发布时间：2022-03-15　作者：张三", day(2022, 3, 15)},
		{"[2022-03-15]", day(2022, 3, 15)},
		{"2022年3月15日", day(2022, 3, 15)},
		{"2022-03-15 10:20", day(2022, 3, 15)},
		{"发布时间：2022-02-30", time.Time{}},
		{"发布时间：2022-13-01", time.Time{}},
		{"发布时间：1899-01-01", time.Time{}},
		{"发布时间：2022-03-155", time.Time{}},
		{"发布时间：待定", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			page := strings.Replace(contextExample, "發(fā)布時(shí)間:2022-03-15", tt.line, 1)
			p := mustParse(t, "date.txt", []byte(page))
			if !p.Date.Equal(tt.want) {
				t.Errorf("Date = %v, want %v", p.Date, tt.want)
			}
			if tt.want.IsZero() != slices.Contains(p.Warnings, WarnNoDate) {
				t.Errorf("Warnings = %q", p.Warnings)
			}
			if p.Title != "关于2022年度科技创新券申报工作的通知" || len(p.Body) != 2 {
				t.Errorf("Title %q, Body %q", p.Title, p.Body)
			}
			if !tt.want.IsZero() && p.Date.Location() != cst {
				t.Errorf("Date is in %v", p.Date.Location())
			}
		})
	}
}

func TestParseDatePlacement(t *testing.T) {
	// the date before the title
	p := mustParse(t, "date-first.txt", []byte("当前位置：首页 > 通知公告\n发布时间：2022-03-15\n关于举办创业沙龙的通知\n正文第一段。\n"))
	if p.Title != "关于举办创业沙龙的通知" || !p.Date.Equal(day(2022, 3, 15)) || !slices.Equal(p.Body, []string{"正文第一段。"}) {
		t.Errorf("Title %q, Date %v, Body %q", p.Title, p.Date, p.Body)
	}
	// the date after the body, before the tool bar
	p = mustParse(t, "date-last.txt", []byte("当前位置：首页 > 通知公告\n关于举办创业沙龙的通知\n正文第一段。\n正文第二段。\n发布日期：2022年3月15日\n【打印本页】【关闭窗口】\n"))
	if !p.Date.Equal(day(2022, 3, 15)) || !slices.Equal(p.Body, []string{"正文第一段。", "正文第二段。"}) {
		t.Errorf("Date %v, Body %q", p.Date, p.Body)
	}
	// an event's 时间 in the body is not the publication date
	p = mustParse(t, "event.txt", []byte("当前位置：首页 > 通知公告\n关于举办创业沙龙的通知\n各企业：\n园区定于近期举办创业沙龙。\n时间：2022年4月1日\n地点：园区报告厅\n"))
	if !p.Date.IsZero() || len(p.Body) != 4 {
		t.Errorf("Date %v, Body %q", p.Date, p.Body)
	}
}

func TestParseBreadcrumbs(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"当前位置：首页 > 新闻中心 > 通知公告", []string{"新闻中心", "通知公告"}},
		{"当前位置: 首页 ＞ 新闻中心 ＞ 新闻动态", []string{"新闻中心", "新闻动态"}},
		{"您现在的位置：首页 » 园区概况 » 园区简介", []string{"园区概况", "园区简介"}},
		{"当前位置：网站首页->政策法规->国家政策", []string{"政策法规", "国家政策"}},
		{"当前位置：首页 >> 新闻中心 >> 媒体聚焦 >> 正文", []string{"新闻中心", "媒体聚焦"}},
		{"您的位置：首 页 > 企业服务", []string{"企业服务"}},
		{"» 当前位置：首页 > 通知公告　　【字体：大 中 小】", []string{"通知公告"}},
		{"當(dāng)前位置：首頁(yè) > 政策法規(guī)", []string{"政策法规"}},
		{"当前位置：首页 > 通知公告 > 关于2022年度科技创新券申报工作的通知", []string{"通知公告"}},
		{"当前位置：首页", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			page := tt.line + "\n" + strings.SplitN(contextExample, "\n", 2)[1]
			p := mustParse(t, "crumb.txt", []byte(page))
			if !slices.Equal(p.Category, tt.want) {
				t.Errorf("Category = %q, want %q", p.Category, tt.want)
			}
			if (tt.want == nil) != slices.Contains(p.Warnings, WarnNoCategory) {
				t.Errorf("Warnings = %q", p.Warnings)
			}
			if p.Title != "关于2022年度科技创新券申报工作的通知" {
				t.Errorf("Title = %q", p.Title)
			}
		})
	}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		name, last, wantLast, wantSource string
	}{
		{"ascii parentheses", "请于3月31日前提交材料。(来源:园区运营部)", "请于3月31日前提交材料。", "园区运营部"},
		{"full-width", "请于3月31日前提交材料。（来源：园区运营部）", "请于3月31日前提交材料。", "园区运营部"},
		{"spaces", "请于3月31日前提交材料。 （ 来源： 园区运营部 ）", "请于3月31日前提交材料。", "园区运营部"},
		{"文章来源", "请于3月31日前提交材料。（文章来源：郑州日报）", "请于3月31日前提交材料。", "郑州日报"},
		{"own line", "请于3月31日前提交材料。\n（来源：园区运营部）", "请于3月31日前提交材料。", "园区运营部"},
		{"own line without parentheses", "请于3月31日前提交材料。\n来源：园区运营部", "请于3月31日前提交材料。", "园区运营部"},
		{"after the sentence", "请于3月31日前提交材料。来源：园区运营部", "请于3月31日前提交材料。", "园区运营部"},
		{"not at the end", "（来源：园区运营部）请于3月31日前提交材料。", "（来源：园区运营部）请于3月31日前提交材料。", ""},
		{"data source is text", "数据来源：国家统计局", "数据来源：国家统计局", ""},
		{"empty note", "请于3月31日前提交材料。（来源：）", "请于3月31日前提交材料。（来源：）", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "当前位置：首页 > 通知公告\n关于2022年度科技创新券申报工作的通知\n发布时间：2022-03-15\n各入驻企业：\n" + tt.last + "\n版权所有 豫ICP备12345678号\n"
			p := mustParse(t, "source.txt", []byte(page))
			if p.Source != tt.wantSource {
				t.Errorf("Source = %q, want %q", p.Source, tt.wantSource)
			}
			if got := p.Body[len(p.Body)-1]; got != tt.wantLast {
				t.Errorf("last paragraph = %q, want %q", got, tt.wantLast)
			}
		})
	}
	// the header's 来源 when there is no trailing note; the trailing note wins otherwise
	p := mustParse(t, "header.txt", []byte("当前位置：首页 > 通知公告\n标题\n发布时间：2022-03-15 来源：科技局 浏览次数：3\n正文。\n"))
	if p.Source != "科技局" {
		t.Errorf("Source = %q, want 科技局", p.Source)
	}
	p = mustParse(t, "both.txt", []byte("当前位置：首页 > 通知公告\n标题\n发布时间：2022-03-15 来源：科技局\n正文。（来源：园区运营部）\n"))
	if p.Source != "园区运营部" || !slices.Equal(p.Body, []string{"正文。"}) {
		t.Errorf("Source = %q, Body %q", p.Source, p.Body)
	}
	p = mustParse(t, "field-line.txt", []byte("当前位置：首页 > 通知公告\n标题\n发布时间：2022-03-15\n来源：科技局\n作者：张三\n正文。\n"))
	if p.Source != "科技局" || !slices.Equal(p.Body, []string{"正文。"}) {
		t.Errorf("Source = %q, Body %q", p.Source, p.Body)
	}
}

func TestParseFooter(t *testing.T) {
	head := "当前位置：首页 > 通知公告\n关于举办创业沙龙的通知\n发布时间：2022-03-15\n各企业：\n园区定于4月1日举办创业沙龙，欢迎报名。\n联系人：张三\n"

	// a notice's own contact before the tool bar stays
	p := mustParse(t, "contact.txt", []byte(head+"电话：0371-12345678\n地址：郑州市高新区科学大道100号\n【打印本页】【关闭窗口】\n版权所有 豫ICP备12345678号\n"))
	if want := []string{"各企业：", "园区定于4月1日举办创业沙龙，欢迎报名。", "联系人：张三", "电话：0371-12345678", "地址：郑州市高新区科学大道100号"}; !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}

	// right before the footer, contact lines are the footer's; a lone 电话 line is dropped with a warning
	p = mustParse(t, "footer.txt", []byte(head+"电话：0371-12345678\n主办单位：国家大学科技园 地址：郑州市高新区 邮编：450001\n技术支持：某某公司\n版权所有 豫ICP备12345678号\n"))
	if want := []string{"各企业：", "园区定于4月1日举办创业沙龙，欢迎报名。", "联系人：张三"}; !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}
	if !hasWarning(p, "正文末尾疑似页脚的一行已删除，请核对：「电话：0371-12345678」") {
		t.Errorf("Warnings = %q", p.Warnings)
	}

	// boilerplate inside the body is dropped, the text around it kept
	p = mustParse(t, "chrome.txt", []byte("当前位置：首页 > 通知公告\n标题\n发布时间：2022-03-15\n第一段。\n【字体：大 中 小】\n浏览次数：12\n| |\n第二段。\n"))
	if want := []string{"第一段。", "第二段。"}; !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}

	// a sentence that mentions the previous article does not end the body
	p = mustParse(t, "prose.txt", []byte("当前位置：首页 > 新闻动态\n标题\n发布时间：2022-03-15\n本文是上一篇报道的续篇，介绍园区企业在人工智能领域取得的新进展和下一步的工作安排。\n第二段。\n"))
	if len(p.Body) != 2 {
		t.Errorf("Body = %q", p.Body)
	}

	// a long paragraph about copyright is dropped (with a warning), but the body goes on
	long := "根据著作权法，" + strings.Repeat("园区鼓励企业加强知识产权保护，", 12) + "作品版权所有人享有相应权利。"
	p = mustParse(t, "copyright.txt", []byte("当前位置：首页 > 政策法规\n标题\n发布时间：2022-03-15\n第一段。\n"+long+"\n第三段。\n"))
	if want := []string{"第一段。", "第三段。"}; !slices.Equal(p.Body, want) {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}
	if !hasWarning(p, "正文中含有版权声明的一行已删除") {
		t.Errorf("Warnings = %q", p.Warnings)
	}
}

func TestParseHTMLTitle(t *testing.T) {
	// a column heading between the breadcrumb and the title; the h1 tells which line is the title
	page := `<html><body>
<div>当前位置：<a>首页</a> &gt; <a>通知公告</a></div>
<div class="column">园区动态速递</div>
<h1>关于举办创业沙龙的通知</h1>
<div>发布时间：2022-03-15</div>
<p>正文。</p>
</body></html>`
	p := mustParse(t, "h1.html", []byte(page))
	if p.Title != "关于举办创业沙龙的通知" || !slices.Equal(p.Body, []string{"正文。"}) {
		t.Errorf("Title %q, Body %q", p.Title, p.Body)
	}

	// an element with "title" in its class
	page = `<html><body>
<div>当前位置：首页 &gt; 通知公告</div>
<span>园区动态速递</span>
<div id="ArticleTitle">关于举办创业沙龙的通知</div>
<div>发布时间：2022-03-15</div>
<p>正文。</p>
</body></html>`
	if p := mustParse(t, "class.html", []byte(page)); p.Title != "关于举办创业沙龙的通知" {
		t.Errorf("Title = %q", p.Title)
	}

	// an h1 that is not after the breadcrumb (the site's logo) is not the title
	page = `<html><body><h1>国家大学科技园</h1>
<div>当前位置：首页 &gt; 通知公告</div>
<div>关于举办创业沙龙的通知</div>
<div>发布时间：2022-03-15</div>
<p>正文。</p>
</body></html>`
	if p := mustParse(t, "logo.html", []byte(page)); p.Title != "关于举办创业沙龙的通知" {
		t.Errorf("Title = %q", p.Title)
	}

	// table cells of one row stay on one line; <br> breaks lines; <pre> keeps its lines
	page = `<html><body><table><tr><td>当前位置：首页 &gt; 通知公告</td></tr>
<tr><td>关于举办创业沙龙的通知</td></tr>
<tr><td>发布时间：</td><td>2022-03-15</td></tr>
<tr><td>第一段。<br>第二段。<pre>第三段。
第四段。</pre></td></tr></table></body></html>`
	p = mustParse(t, "table.html", []byte(page))
	if !p.Date.Equal(day(2022, 3, 15)) || !slices.Equal(p.Body, []string{"第一段。", "第二段。", "第三段。", "第四段。"}) {
		t.Errorf("Date %v, Body %q", p.Date, p.Body)
	}
}

func TestParseEncodings(t *testing.T) {
	simplified := "当前位置：首页 > 新闻中心 > 通知公告\n关于2022年度科技创新券申报工作的通知\n发布时间：2022-03-15\n各入驻企业：根据市科技局安排，现开展2022年度科技创新券申报工作。\n请于3月31日前提交材料。（来源：园区运营部）\n"
	big5, err := traditionalchinese.Big5.NewEncoder().String("當前位置：首頁 > 新聞中心 > 通知公告\n關於2022年度科技創新券申報工作的通知\n發布時間：2022-03-15\n各入駐企業：根據市科技局安排，現開展2022年度科技創新券申報工作。\n請於3月31日前提交材料。（來源：園區運營部）\n")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"gbk text without declaration": gbk(t, simplified),
		"big5 text":                    []byte(big5),
		"utf-8 text":                   []byte(simplified),
	} {
		t.Run(name, func(t *testing.T) {
			p := mustParse(t, name, data)
			if p.Title != "关于2022年度科技创新券申报工作的通知" || p.Source != "园区运营部" || len(p.Body) != 2 {
				t.Errorf("Title %q, Source %q, Body %q", p.Title, p.Source, p.Body)
			}
			if hasWarning(p, WarnLostChars) {
				t.Errorf("Warnings = %q", p.Warnings)
			}
		})
	}

	// invalid UTF-8 in a page that says it is UTF-8 and is not GBK either: kept as replacement characters, flagged
	page := strings.Replace(fmt.Sprintf(exampleHTML, "utf-8"), "提交材料", "提交\xff\xfe材料", 1)
	p := mustParse(t, "broken.html", []byte(page))
	if !hasWarning(p, WarnLostChars) || !hasWarning(p, "页面含有不是有效 UTF-8 的字节") {
		t.Errorf("Warnings = %q", p.Warnings)
	}
	if p.Title != "关于2022年度科技创新券申报工作的通知" || len(p.Body) != 2 || p.Body[1] != "请于3月31日前提交\uFFFD材料。" {
		t.Errorf("Title %q, Body %q: the rest of the page should read as UTF-8", p.Title, p.Body)
	}

	// the same in a text file without declaration
	p = mustParse(t, "broken.txt", []byte(strings.Replace(contextExample, "提交材料", "提交\xff材料", 1)))
	if p.Title != "关于2022年度科技创新券申报工作的通知" || !hasWarning(p, WarnLostChars) {
		t.Errorf("Title %q, Warnings %q", p.Title, p.Warnings)
	}
}

func TestParseErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":       nil,
		"white space": []byte(" \r\n\t\n"),
		"binary":      {0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Parse(name, data)
			if err == nil || p != nil {
				t.Fatalf("Parse = %v, %v; want an error", p, err)
			}
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNotText) {
				t.Errorf("error %v is neither ErrEmpty nor ErrNotText", err)
			}
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestKey(t *testing.T) {
	a := &Page{Title: "关于2022年度科技创新券申报工作的通知", Date: day(2022, 3, 15)}
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a.Key()) {
		t.Fatalf("Key = %q, want 16 hex digits", a.Key())
	}
	same := &Page{Title: " 关于2022年度 科技创新券申报工作的通知 ", Date: day(2022, 3, 15).UTC(), Body: []string{"x"}, File: "other"}
	if a.Key() != same.Key() {
		t.Errorf("Key differs for the same title and date: %s %s", a.Key(), same.Key())
	}
	for _, other := range []*Page{
		{Title: a.Title, Date: day(2022, 3, 16)},
		{Title: a.Title},
		{Title: "关于2023年度科技创新券申报工作的通知", Date: a.Date},
	} {
		if other.Key() == a.Key() {
			t.Errorf("Key of %q %v equals that of %q %v", other.Title, other.Date, a.Title, a.Date)
		}
	}
	// importing the same file twice gives the same key
	p1 := mustParse(t, "a.txt", []byte(contextExample))
	p2 := mustParse(t, "b.txt", []byte(contextExample))
	if p1.Key() != p2.Key() || p1.Key() != a.Key() {
		t.Errorf("keys %s %s %s", p1.Key(), p2.Key(), a.Key())
	}
}

func TestParseTitleAndColumn(t *testing.T) {
	tests := []struct {
		name, page, title string
		category          []string
		body              int
	}{
		{"column heading before the title",
			"当前位置：首页 > 新闻中心 > 通知公告\n通知公告\n关于举办创业沙龙的通知\n发布时间：2022-03-15\n正文。\n",
			"关于举办创业沙龙的通知", []string{"新闻中心", "通知公告"}, 1},
		{"single-page column",
			"当前位置：首页 > 园区概况 > 园区简介\n园区简介\n国家大学科技园成立于2003年。\n园区位于郑州市高新区。\n",
			"园区简介", []string{"园区概况", "园区简介"}, 2},
		{"title at the end of the path",
			"当前位置：首页 > 通知公告 > 关于举办2022年创业沙龙的通知\n关于举办2022年创业沙龙的通知\n发布时间：2022-03-15\n正文。\n",
			"关于举办2022年创业沙龙的通知", []string{"通知公告"}, 1},
		{"shortened title at the end of the path",
			"当前位置：首页 > 通知公告 > 关于举办2022年创业沙龙...\n关于举办2022年创业沙龙的通知\n发布时间：2022-03-15\n正文。\n",
			"关于举办2022年创业沙龙的通知", []string{"通知公告"}, 1},
		{"no title: a paragraph follows the path",
			"当前位置：首页 > 通知公告\n" + strings.Repeat("这是一段很长的正文，", 20) + "\n短句。\n",
			"", []string{"通知公告"}, 2},
		{"noise line is not the title",
			"当前位置：首页 > 通知公告\n???\n关于举办创业沙龙的通知\n发布时间：2022-03-15\n正文。\n",
			"关于举办创业沙龙的通知", []string{"通知公告"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, "t.txt", []byte(tt.page))
			if p.Title != tt.title || !slices.Equal(p.Category, tt.category) || len(p.Body) != tt.body {
				t.Errorf("Title %q, Category %q, Body %q; want %q, %q, %d paragraphs", p.Title, p.Category, p.Body, tt.title, tt.category, tt.body)
			}
			if (tt.title == "") != slices.Contains(p.Warnings, WarnNoTitle) {
				t.Errorf("Warnings = %q", p.Warnings)
			}
		})
	}
}

func TestParseHTMLTitleConsistency(t *testing.T) {
	// entries of a related-articles list carry class="title"; the article's own title is a plain <div>
	page := `<html><body>
<div>当前位置：首页 &gt; 通知公告</div>
<div>关于举办创业沙龙的通知</div>
<div>发布时间：2022-03-15</div>
<p>正文。</p>
<div>相关文章</div>
<ul><li class="title">园区召开安全生产会议</li><li class="title">关于申报科技创新券的通知</li></ul>
</body></html>`
	p := mustParse(t, "related.html", []byte(page))
	if p.Title != "关于举办创业沙龙的通知" || !slices.Equal(p.Body, []string{"正文。"}) {
		t.Errorf("Title %q, Body %q", p.Title, p.Body)
	}

	// without a breadcrumb, the <h1> is still preferred to the navigation before it
	page = `<html><body>
<div>网站首页 新闻中心 政策法规</div>
<div>园区简介</div>
<h1>关于举办创业沙龙的通知</h1>
<p>发布时间：2022-03-15</p>
<p>正文。</p>
</body></html>`
	p = mustParse(t, "nocrumb.html", []byte(page))
	if p.Title != "关于举办创业沙龙的通知" || !slices.Equal(p.Body, []string{"正文。"}) || !slices.Contains(p.Warnings, WarnNoCategory) {
		t.Errorf("Title %q, Body %q, Warnings %q", p.Title, p.Body, p.Warnings)
	}
}

func TestParseBreadcrumbAndDateInOneRow(t *testing.T) {
	page := `<html><body><table>
<tr><td>当前位置：首页 &gt; 通知公告</td><td>发布日期：2022年3月15日</td></tr>
<tr><td><h2>关于举办创业沙龙的通知</h2></td></tr>
<tr><td><p>正文。</p></td></tr>
</table></body></html>`
	p := mustParse(t, "row.html", []byte(page))
	if p.Title != "关于举办创业沙龙的通知" || !p.Date.Equal(day(2022, 3, 15)) || !slices.Equal(p.Category, []string{"通知公告"}) || !slices.Equal(p.Body, []string{"正文。"}) {
		t.Errorf("Title %q, Date %v, Category %q, Body %q", p.Title, p.Date, p.Category, p.Body)
	}
}

func TestParseEventNotice(t *testing.T) {
	// an event notice starts with 时间 and 地点 right after the date line: they are its text
	page := "当前位置：首页 > 通知公告\n关于举办创业沙龙的通知\n发布时间：2022-03-15\n时间：2022年4月1日14:00\n地点：园区报告厅\n主办单位：郑州市科学技术局\n"
	p := mustParse(t, "event.txt", []byte(page))
	want := []string{"时间：2022年4月1日14:00", "地点：园区报告厅", "主办单位：郑州市科学技术局"}
	if !p.Date.Equal(day(2022, 3, 15)) || !slices.Equal(p.Body, want) {
		t.Errorf("Date %v, Body %q, want %q", p.Date, p.Body, want)
	}

	// a footer without 版权所有 at the end of a text: only the certain footer lines go
	page = "当前位置：首页 > 通知公告\n标题\n发布时间：2022-03-15\n正文。\n电话：0371-12345678\n主办单位：国家大学科技园　技术支持：某某公司\n"
	p = mustParse(t, "tail.txt", []byte(page))
	if want := []string{"正文。", "电话：0371-12345678"}; !slices.Equal(p.Body, want) {
		t.Errorf("Body %q, want %q", p.Body, want)
	}
	if !hasWarning(p, "正文末尾疑似页脚的一行已删除，请核对：「主办单位：国家大学科技园") {
		t.Errorf("Warnings = %q", p.Warnings)
	}
}
