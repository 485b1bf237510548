package legacy

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Pages used by the tests and as the seed corpus of FuzzParse.

// contextExample is the made-up example of CONTEXT.md ("The old website, and how its pages look when saved"),
// verbatim: Traditional characters with pinyin annotations, as the converter left the saved copies.
const contextExample = `當(dāng)前位置: 首頁(yè) > 新聞(wén)中心 > 通知公告
關(guān)於2022年度科技創(chuàng)新券申報(bào)工作的通知
發(fā)布時(shí)間:2022-03-15
各入駐企業(yè):根據(jù)市科技局安排,現(xiàn)開(kāi)展2022年度科技創(chuàng)新券申報(bào)工作。
請(qǐng)於3月31日前提交材料。(來(lái)源:園區(qū)運(yùn)營(yíng)部)
版權(quán)所有:Copyright 2013-2022 … 豫ICP備…號(hào)
`

// exampleHTML is the same page as the portal served it, converted in the same way, with the navigation, tool
// bar and footer of a classic government-style portal around it. %s is the charset it declares.
const exampleHTML = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%s" />
<title>關(guān)於2022年度科技創(chuàng)新券申報(bào)工作的通知 - 科技園</title>
<style>.nav{color:red}</style>
<script>var a = "當前位置: 首頁 > 腳本";</script>
</head>
<body>
<div class="top"><h1 class="logo">國家大學科技園</h1></div>
<div class="nav"><ul><li><a href="/">網站首頁</a></li><li><a href="/xw/">新聞中心</a></li><li><a href="/zc/">政策法規</a></li></ul></div>
<table width="1000"><tr>
<td class="left"><div class="lm_title">新聞中心</div><ul><li>新聞動態</li><li>通知公告</li></ul></td>
<td class="right">
<div class="position">當(dāng)前位置: <a href="/">首頁(yè)</a> &gt; <a href="/xw/">新聞(wén)中心</a> &gt; <a href="/xw/tzgg/">通知公告</a></div>
<div class="art_title"><h2>關(guān)於2022年度科技創(chuàng)新券申報(bào)工作的通知</h2></div>
<div class="info">發(fā)布時(shí)間:2022-03-15&nbsp;&nbsp;瀏覽次數:<span id="hits">128</span>&nbsp;&nbsp;【字體:<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="content" id="zoom">
<p style="text-indent:2em">&nbsp;&nbsp;&nbsp;&nbsp;各入駐企業(yè):根據(jù)市科技局安排,現(xiàn)開(kāi)展2022年度科技創(chuàng)新券申報(bào)工作。</p>
<p>　　請(qǐng)於3月31日前提交材料。(來(lái)源:園區(qū)運(yùn)營(yíng)部)</p>
<p style="display:none">隱藏的文字</p>
</div>
<div class="tools"><a href="javascript:window.print()">【打印本頁】</a> <a href="javascript:window.close()">【關閉窗口】</a></div>
<div class="prevnext">上一篇:<a href="#">關於舉辦創業沙龍的通知</a><br/>下一篇:<a href="#">園區召開安全生產會議</a></div>
</td></tr></table>
<div class="footer">
<p>主辦單位:國家大學科技園 承辦單位:園區運營部</p>
<p>地址:河南省鄭州市高新區科學大道100號 郵編:450001 電話:0371-12345678 傳真:0371-12345679</p>
<p>版權(quán)所有:Copyright 2013-2022 … 豫ICP備12345678號(hào) 豫公網安備41010202000000號</p>
<p>網站標識碼:4101000000 技術支持:某某網絡科技有限公司</p>
</div>
</body>
</html>
`

// newsPage is a news article with several paragraphs in the 媒体聚焦 column, already in Simplified Chinese,
// with the 来源 on the date line and a long footer.
const newsPage = `网站首页 | 园区概况 | 新闻中心 | 政策法规 | 企业服务 | 联系我们
您现在的位置：首页 » 新闻中心 » 媒体聚焦
科技园：打造高校成果转化“加速器”
发布日期：2021年11月3日 10:26　来源：河南日报　作者：张三　浏览次数：356
　　11月2日，记者走进国家大学科技园，看到一批来自高校实验室的科研成果正在这里加速落地。
　　“园区为入驻企业提供技术支持和融资服务，帮助团队跨过从样品到产品的‘死亡之谷’。”园区负责人介绍。
　　目前，园区已累计孵化科技型企业300余家，其中高新技术企业56家、专精特新企业12家。
　　主办单位：郑州市科学技术局　承办单位：国家大学科技园（这是活动信息，不是页脚）
　　下一步，园区将继续完善“众创空间—孵化器—加速器”全链条孵化体系。
【打印本页】【关闭窗口】
相关新闻
园区召开安全生产会议
主办单位：国家大学科技园
地址：郑州市高新区科学大道100号　邮编：450001
电话：0371-12345678　传真：0371-12345679
版权所有 © 2013-2021 国家大学科技园　豫ICP备12345678号-1
豫公网安备 41010202000000号　网站标识码：4101000000
技术支持：某某网络科技有限公司
`

// gbk encodes s as GBK, the encoding old Chinese sites declared as gb2312.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
