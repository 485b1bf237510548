package app_test

// Browser tests of the content back office and the public portal: the rich-text editor under the site's CSP
// with Word paste and an XSS corpus through the whole review workflow, a walk through the portal in both
// scripts, axe-core on the main public pages and the editor, and the reading-aid toolbar.
//
//	PARKOS_SCREENSHOTS=/tmp/parkos-shots go test ./internal/app/ -run Portal -v -count=1
//
// The Chromium set-up and the helpers (tab, open, submit, shot, axeCheck, ...) are those of browser_test.go.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/cms"
)

// Accounts of the portal tests.
const (
	editorUser, editorPass = "bianji", "Zhuanxie-Gaojian-2026"
	rev1User, rev1Pass     = "rev1", "Chushen-Wenzhang-2026"
	rev2User, rev2Pass     = "rev2", "Zhongshen-Wenzhang-2026"
)

// portalEnv is the browser environment plus the content seeded for the portal walk.
type portalEnv struct {
	*browserEnv
	news, notice, policy int64 // published articles
	updates, notices     int64 // category ids
}

func TestPortalBrowser(t *testing.T) {
	start := time.Now()
	b := startBrowser(t)
	p := &portalEnv{browserEnv: b}
	b.env.User(editorUser, editorPass, auth.RoleEditor)
	b.env.User(rev1User, rev1Pass, auth.RoleReviewer)
	b.env.User(rev2User, rev2Pass, auth.RoleParkAdmin)
	p.seed(t)

	t.Run("EditorPasteXSS", p.editorPasteXSS)
	t.Run("RawPostXSS", p.rawPostXSS)
	t.Run("Walk", p.walk)
	t.Run("Axe", p.axe)
	t.Run("A11yToolbar", p.a11yToolbar)
	t.Run("Phone", p.phone)
	t.Logf("portal browser tests took %v", time.Since(start).Round(time.Millisecond))
}

// startBrowser starts parkos and Chromium as TestBrowser does, or skips the test without Chromium.
func startBrowser(t *testing.T) *browserEnv {
	t.Helper()
	path := os.Getenv("PARKOS_CHROMIUM")
	if path == "" {
		path = defaultChromium
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("chromium not found at %s: browser tests skipped; install Debian's chromium", path)
	}
	b := &browserEnv{env: apptest.Start(t, nil), shots: screenshotDir(t)}
	axe, err := os.ReadFile(filepath.Join("testdata", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	b.axe = string(axe)
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	b.browser = browserCtx
	return b
}

// seed publishes news, notices and a policy through the cms service; the system actor passes every level.
func (p *portalEnv) seed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	svc := p.env.App.CMS
	tree, err := svc.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.updates, p.notices = tree.BySlug("updates").ID, tree.BySlug("notices").ID
	policies := tree.BySlug("policies").ID
	day := func(s string) *time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return &d
	}
	publish := func(in cms.DraftInput) int64 {
		t.Helper()
		sys := auth.System("test")
		a, err := svc.CreateArticle(ctx, sys, in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Title, err)
		}
		if err := svc.SubmitArticle(ctx, sys, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		for range svc.Levels() {
			if err := svc.ReviewArticle(ctx, sys, a.ID, true, ""); err != nil {
				t.Fatalf("review %s: %v", in.Title, err)
			}
		}
		return a.ID
	}
	p.news = publish(cms.DraftInput{CategoryID: p.updates, Kind: cms.KindArticle, Title: "园区举办2026年人才交流会",
		Source: "园区运营部", Author: "李娜", Summary: "百余名博士、硕士与入驻企业面对面交流。",
		BodyHTML: "<p>3月18日，科技园在创新大厦举办2026年人才交流会，百余名博士、硕士与32家入驻企业面对面交流。</p>" +
			"<h2>一、人才政策解读</h2><p>园区人才服务中心介绍了安家补贴、人才公寓和子女入学等政策。</p>" +
			"<ul><li>博士安家补贴最高20万元</li><li>硕士租房补贴每月1500元</li></ul>"})
	publish(cms.DraftInput{CategoryID: p.updates, Kind: cms.KindArticle, Title: "科技园新增三家高新技术企业",
		BodyHTML: "<p>经认定，园区新增高新技术企业三家，累计达到46家。</p>"})
	p.notice = publish(cms.DraftInput{CategoryID: p.notices, Kind: cms.KindArticle, Title: "关于申报2026年度青年人才项目的通知",
		BodyHTML: "<p>各入驻企业：现将2026年度青年人才项目申报工作通知如下。</p><ol><li>申报时间：4月1日至4月30日</li><li>申报方式：网上申报</li></ol>"})
	publish(cms.DraftInput{CategoryID: p.notices, Kind: cms.KindArticle, Title: "关于开展科技创新券申领工作的通知",
		BodyHTML: "<p>创新券用于购买检验检测、研发设计等科技服务。</p>"})
	p.policy = publish(cms.DraftInput{CategoryID: policies, Kind: cms.KindPolicy, Title: "洛阳市支持大学科技园高质量发展的若干措施",
		BodyHTML: "<p>第一条 为加快大学科技园建设，集聚创新人才，制定本措施。</p>",
		Policy: &cms.PolicyDetails{Issuer: "洛阳市人民政府办公室", DocNumber: "洛政办〔2025〕18号", IssuedOn: day("2025-06-01"),
			EffectiveOn: day("2025-07-01"), Validity: cms.Valid, Topics: []string{"人才", "科技园区"}}})
	if err := p.env.App.Indexer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}

// cspWatch records the page's CSP violations in window.__csp from the start of every document of the tab.
// The script is added through the DevTools protocol, which the CSP does not govern.
const cspWatch = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') +
  ' @' + (e.target && e.target.nodeName) + (e.target && e.target.isConnected ? '' : ' detached') + ' ' + e.sourceFile + ':' + e.lineNumber));`

func (b *browserEnv) watchTab(t *testing.T) context.Context {
	t.Helper()
	ctx := b.tab(t)
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// noXSS checks that no payload ran (window.__xss unset, the title untouched) and, unless the page parsed
// pasted HTML, that the CSP reported nothing: Chromium reports an inline handler or style when it parses one,
// even in an inert DOMParser document, so on a page showing stored content a report means the sanitizer let
// such markup through. Pasting necessarily parses the payloads, so there the reports are only logged.
func (b *browserEnv) noXSS(t *testing.T, ctx context.Context, where string, pasted bool) {
	t.Helper()
	res := b.eval(t, ctx, `JSON.stringify({xss: window.__xss === undefined ? null : String(window.__xss), title: document.title, csp: window.__csp || ['(no watcher)']})`)
	if !strings.Contains(res, `"xss":null`) || strings.Contains(res, `"title":"XSS"`) {
		t.Errorf("%s: a payload ran: %s", where, res)
	}
	switch {
	case pasted:
		t.Logf("%s: %d CSP reports of parsing the pasted payloads (nothing ran)", where, strings.Count(res, "-src-"))
	case !strings.Contains(res, `"csp":[]`):
		t.Errorf("%s: the CSP reported inline script or style, so such markup reached the page: %s", where, res)
	}
}

// waitFor polls a JavaScript condition until it holds.
func (b *browserEnv) waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b.eval(t, ctx, `String(!!(`+cond+`))`) == "true" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s (%s): timed out; page %s reads:\n%s", what, cond, b.location(t, ctx), b.text(t, ctx))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// xssPayloads each try to set window.__xss or the document title. In the editor path they are pasted as
// they are; the raw path posts them straight to the server (images there carry alt text, or the server
// refuses the body before its sanitizer matters).
var xssPayloads = []string{
	`<script>window.__xss='script'</script>`,
	`<img src="x" alt="图1" onerror="window.__xss='img-onerror'">`,
	`<svg onload="window.__xss='svg-onload'"><circle r="1"></circle></svg>`,
	`<a href="javascript:window.__xss='js-link'">普通链接</a>`,
	`<iframe srcdoc="<script>parent.__xss='srcdoc'</script>"></iframe>`,
	`<object data="javascript:window.__xss='object'"></object>`,
	`<a href="jAvAsCrIpT:window.__xss='mixed-case'">大小写链接</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==">数据链接</a>`,
	`<style>@import 'javascript:window.__xss=1'; body{background:url("javascript:window.__xss='css'")}</style>`,
	`<table><tbody><tr><td onmouseover="window.__xss='td'" onclick="window.__xss='td-click'">单元格事件</td></tr></tbody></table>`,
	`<math><mtext><table><mglyph><style><img src="x" alt="图2" onerror="window.__xss='mxss'"></style></mglyph></table></mtext></math>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss='entities'">实体编码链接</a>`,
	`<a href="java&#x09;script:window.__xss='tab'">制表符链接</a>`,
	`<a href=" &#14; javascript:window.__xss='leading'">前导字符链接</a>`,
	`<input autofocus onfocus="window.__xss='autofocus'">`,
	`<details open ontoggle="window.__xss='details'"><summary>详情</summary></details>`,
	`<iframe src="data:text/html,<script>parent.__xss='data-iframe'</script>"></iframe>`,
	`<form action="javascript:window.__xss='form'"><button>提交</button></form>`,
	`<p style="background-image:url(javascript:window.__xss='style-attr')" onclick="window.__xss='p-click'">带样式的段落</p>`,
	`<noscript><p title="</noscript><img src=x alt=图3 onerror=window.__xss='noscript'>">`,
	`<embed src="javascript:window.__xss='embed'">`,
	`<meta http-equiv="refresh" content="0;url=javascript:window.__xss='meta'">`,
	`<base href="javascript:/">`,
	`<video><source onerror="window.__xss='video'"></video>`,
	`<svg><a xlink:href="javascript:window.__xss='svg-link'"><text x="0" y="10">矢量链接</text></a></svg>`,
	`<img src="x" alt="图4" onerror="document.title='XSS'">`,
	`<a href="vbscript:msgbox(1)">VB链接</a>`,
	`<template><img src=x alt=图5 onerror="window.__xss='template'"></template>`,
	`<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+" alt="图6">`,
}

// tinyPNG is a 64×48 PNG, as a pasted picture would be.
func tinyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(20 + x*3), uint8(70 + y*2), 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// wordHTML is what Word puts on the clipboard for a short report: a heading, a numbered list (Word's mso-list
// paragraphs), a table, a picture without alternative text and a local picture, followed by the payloads, one
// of them inside a list paragraph.
func wordHTML(t *testing.T) string {
	var b strings.Builder
	b.WriteString(`<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<style><!--
p.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt; font-family:等线;}
@list l0:level1 {mso-level-text:"%1\."; mso-level-tab-stop:none; mso-level-number-position:left;}
@list l1:level1 {mso-level-number-format:bullet; mso-level-text:; font-family:Wingdings;}
--></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<!--StartFragment-->
<h1><span style='font-family:黑体'>科技园2026年度人才引进工作总结</span></h1>
<p class=MsoNormal><span style='font-family:宋体'>为落实人才强园战略，园区今年开展了以下工作：</span></p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>举办人才交流会三场</p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>引进博士<b>12</b>名<img src=x onerror="window.__xss='word-list'"></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>3.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>新建人才公寓两栋</p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='font-family:Wingdings;mso-list:Ignore'>l<span>&nbsp; </span></span><![endif]>安家补贴按季度发放</p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='font-family:Wingdings;mso-list:Ignore'>l<span>&nbsp; </span></span><![endif]>人才公寓拎包入住</p>
<h2>一、主要数据</h2>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
 <tr><td width=184 valign=top style='width:138.25pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>项目</b></p></td>
  <td width=184 valign=top style='width:138.25pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>数量</b></p></td></tr>
 <tr><td width=184 valign=top><p class=MsoNormal>引进人才</p></td><td width=184 valign=top><p class=MsoNormal>36</p></td></tr>
 <tr><td width=184 valign=top><p class=MsoNormal>入驻企业</p></td><td width=184 valign=top><p class=MsoNormal>128</p></td></tr>
</table>
<p class=MsoNormal><img width=64 height=48 src="data:image/png;base64,`)
	b.WriteString(tinyPNG(t))
	b.WriteString(`"></p>
<p class=MsoNormal><img width=64 height=48 src="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" alt="园区全景" v:shapes="图片_1"></p>
<p class=MsoNormal>以下为测试内容：</p>
`)
	for _, x := range xssPayloads {
		b.WriteString("<p class=MsoNormal>" + x + "</p>\n")
	}
	b.WriteString("<p class=MsoNormal>全文完。</p>\n<!--EndFragment-->\n</body></html>")
	return b.String()
}

// pasteJS pastes html into the editor as Chromium would on Ctrl+V with the caret at the end: a paste
// ClipboardEvent whose clipboardData holds text/html and text/plain, dispatched on the editable area.
const pasteJS = `(html => {
  const ed = document.querySelector('.ql-editor');
  ed.focus();
  const caret = document.createRange();
  caret.selectNodeContents(ed);
  caret.collapse(false);
  getSelection().removeAllRanges();
  getSelection().addRange(caret);
  const dt = new DataTransfer();
  dt.setData('text/html', html);
  dt.setData('text/plain', '科技园2026年度人才引进工作总结');
  return String(ed.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})));
})`

// pasteFileJS pastes a PNG file (base64) as a screenshot would come: clipboardData with one file, no HTML.
const pasteFileJS = `(b64 => {
  const ed = document.querySelector('.ql-editor');
  ed.focus();
  const caret = document.createRange();
  caret.selectNodeContents(ed);
  caret.collapse(false);
  getSelection().removeAllRanges();
  getSelection().addRange(caret);
  const bin = atob(b64), buf = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
  const dt = new DataTransfer();
  dt.items.add(new File([buf], 'screenshot.png', {type: 'image/png'}));
  return String(ed.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})));
})`

// answerDialog types text into the editor's open dialog and confirms it.
func (b *browserEnv) answerDialog(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#rte-dlg-in`), text),
		chromedp.Click(chromedp.CSS(`dialog.rte-dialog button[value=ok]`))); err != nil {
		t.Fatal(err)
	}
}

// editorPasteXSS: an editor pastes a Word report with an XSS corpus, gives the pasted picture its alt text,
// saves and submits; two reviewers publish it; neither the public page nor the editor runs a payload, and the
// stored body keeps the structure and none of the payloads.
func (p *portalEnv) editorPasteXSS(t *testing.T) {
	ctx := p.watchTab(t)
	p.open(t, ctx, "/login", http.StatusOK)
	p.login(t, ctx, editorUser, editorPass, http.StatusOK)
	p.open(t, ctx, "/admin/cms/articles/new", http.StatusOK)
	p.waitFor(t, ctx, "the editor", `document.querySelector('.rte[data-ready] .ql-editor')`)
	p.fill(t, ctx, map[string]string{"title": "科技园2026年度人才引进工作总结", "source": "人才服务中心"})
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#f-category_id`), strconv.FormatInt(p.updates, 10))); err != nil {
		t.Fatal(err)
	}
	if r := p.eval(t, ctx, pasteJS+`(`+jsString(wordHTML(t))+`)`); r != "false" {
		t.Errorf("the paste event was not handled by the editor (dispatchEvent returned %s)", r)
	}

	// The pasted picture came without alt text: the editor uploads it and asks.
	p.waitFor(t, ctx, "the alt-text dialog", `document.querySelector('dialog.rte-dialog[open]')`)
	p.shot(t, ctx, "p07-editor-alt-dialog")
	p.answerDialog(t, ctx, "人才公寓效果图")
	p.waitFor(t, ctx, "the upload", `!document.querySelector('.rte[data-busy], dialog.rte-dialog[open]') &&
		!document.querySelector('.ql-editor img[src^="data:"]')`)
	// A picture pasted as a file (a screenshot): uploaded, and inserted only with its alt text.
	if r := p.eval(t, ctx, pasteFileJS+`(`+jsString(tinyPNG(t))+`)`); r != "false" {
		t.Errorf("the file paste was not handled by the editor (dispatchEvent returned %s)", r)
	}
	p.waitFor(t, ctx, "the alt-text dialog for the pasted file", `document.querySelector('dialog.rte-dialog[open]')`)
	p.answerDialog(t, ctx, "园区大门夜景")
	p.waitFor(t, ctx, "the pasted file", `document.querySelectorAll('.ql-editor img').length === 2 && !document.querySelector('.rte[data-busy]')`)

	ed := p.eval(t, ctx, `(() => { const e = document.querySelector('.ql-editor'); return JSON.stringify({
		h: e.querySelectorAll('h1, h2').length, ol: e.querySelectorAll('ol > li[data-list=ordered]').length,
		ul: e.querySelectorAll('ol > li[data-list=bullet]').length, td: e.querySelectorAll('table td').length,
		img: [...e.querySelectorAll('img')].map(i => i.getAttribute('src').replace(/[0-9a-f]{64}/, 'HASH') + ' ' + i.alt),
		notice: document.querySelector('.rte-notice')?.textContent || ''}) })()`)
	t.Logf("editor after paste: %s", ed)
	for _, want := range []string{`"ol":3`, `"ul":2`, `/media/HASH.png 人才公寓效果图`, `/media/HASH.png 园区大门夜景`, `无法直接粘贴`} {
		if !strings.Contains(ed, want) {
			t.Errorf("editor after paste: want %s in %s", want, ed)
		}
	}
	if m := regexp.MustCompile(`"td":(\d+)`).FindStringSubmatch(ed); m == nil || atoi(m[1]) < 6 {
		t.Errorf("editor after paste: the table lost cells: %s", ed)
	}
	p.noXSS(t, ctx, "editor after the paste", true)
	p.shot(t, ctx, "p06-editor")
	p.axeCheck(t, ctx, "article editor")

	// Tab leaves the editor (no keyboard trap, WCAG 2.1.2).
	_ = p.eval(t, ctx, `document.querySelector('.ql-editor').focus(), ''`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if f := p.eval(t, ctx, `document.activeElement.className + ' ' + document.activeElement.id`); strings.Contains(f, "ql-editor") {
		t.Errorf("Tab kept the focus in the editor (%s)", f)
	}

	// An image that lost its alt text stops the save and asks for it; the answer saves the article.
	_ = p.eval(t, ctx, `document.querySelector('.ql-editor img').removeAttribute('alt'), ''`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/admin/cms/articles"] button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, ctx, "the alt-text dialog on saving", `document.querySelector('dialog.rte-dialog[open]')`)
	p.wantPath(t, ctx, "/admin/cms/articles/new")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#rte-dlg-in`), "人才公寓效果图")); err != nil {
		t.Fatal(err)
	}
	p.submit(t, ctx, `dialog.rte-dialog button[value=ok]`, http.StatusOK)
	loc := strings.TrimPrefix(p.location(t, ctx), p.env.Server.URL)
	aid, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/cms/articles/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the page is %s; it reads:\n%s", loc, p.text(t, ctx))
	}
	p.wantText(t, ctx, "草稿已保存")
	p.waitFor(t, ctx, "the editor with the saved body", `document.querySelector('.rte[data-ready] .ql-editor table')`)
	if got := p.eval(t, ctx, `document.querySelector('textarea.rich').value.includes('<th scope="col">项目</th>') + ' ' + document.querySelectorAll('.ql-editor table td').length`); got != "true 7" {
		t.Errorf("saved body in the textarea has the header row / editor table cells: %s, want true 7", got)
	}
	p.noXSS(t, ctx, "editor with the saved body", false)
	p.submit(t, ctx, `form[action$="/submit"] button[type=submit]`, http.StatusOK)
	p.wantText(t, ctx, "已提交审核")

	p.publishByReviewers(t, aid)
	body := p.storedBody(t, aid)
	t.Logf("stored body of the pasted article:\n%s", regexp.MustCompile(`[0-9a-f]{64}`).ReplaceAllString(body, "HASH"))
	checkSanitized(t, "editor path", body)
	for _, want := range []string{"<h2>科技园2026年度人才引进工作总结</h2>", "<h2>一、主要数据</h2>", "<ol><li>举办人才交流会三场</li>",
		"<ul><li>安家补贴按季度发放</li>", "<table>", `<tr><th scope="col">项目</th><th scope="col">数量</th></tr>`, "<td>引进人才</td>", `alt="人才公寓效果图"`, `alt="园区大门夜景"`, `src="/media/`} {
		if !strings.Contains(body, want) {
			t.Errorf("stored body lacks %s:\n%s", want, body)
		}
	}

	p.open(t, ctx, "/article/"+strconv.FormatInt(aid, 10), http.StatusOK)
	p.wantText(t, ctx, "科技园2026年度人才引进工作总结", "举办人才交流会三场", "引进人才", "128")
	got := p.eval(t, ctx, `(() => { const b = document.getElementById('artbody'); return JSON.stringify({
		h2: b.querySelectorAll('h2').length, li: b.querySelectorAll('ol li, ul li').length, td: b.querySelector('table').querySelectorAll('td').length,
		th: [...b.querySelector('table').querySelectorAll('th[scope=col]')].map(th => th.textContent),
		img: [...b.querySelectorAll('img')].map(i => i.alt + ':' + i.naturalWidth)}) })()`)
	for _, want := range []string{`"h2":2`, `"li":5`, `"td":4`, `"th":["项目","数量"]`, `"img":["人才公寓效果图:64","园区大门夜景:64"]`} {
		if !strings.Contains(got, want) {
			t.Errorf("public article: want %s in %s", want, got)
		}
	}
	p.noXSS(t, ctx, "public article (editor path)", false)
	p.shot(t, ctx, "p19-article-pasted")
	p.axeCheck(t, ctx, "pasted article")
	p.open(t, ctx, "/admin/cms/articles/"+strconv.FormatInt(aid, 10), http.StatusOK)
	p.waitFor(t, ctx, "the editor with the published body", `document.querySelector('.rte[data-ready] .ql-editor table')`)
	if got := p.eval(t, ctx, `[...document.querySelector('.ql-editor table tr').querySelectorAll('td')].map(td => td.innerHTML).join('|')`); got != "<strong>项目</strong>|<strong>数量</strong>" {
		t.Errorf("the header row in the editor reads %q, want bold cells 项目|数量", got)
	}
	p.noXSS(t, ctx, "editor with the published body", false)
}

// rawPostXSS: the payloads posted straight to the server, past the editor, as a hostile client would; the
// sanitizer alone must stop them.
func (p *portalEnv) rawPostXSS(t *testing.T) {
	c := p.env.Client()
	c.MustLogin(editorUser, editorPass)
	body := "<h1>绕过编辑器的稿件</h1><ol><li>第一项</li></ol><table><tr><th scope=\"col\">项目</th></tr><tr><td>内容</td></tr></table>" +
		strings.Join(xssPayloads, "\n")
	r := c.Post("/admin/cms/articles", url.Values{"kind": {"article"}, "category_id": {strconv.FormatInt(p.updates, 10)},
		"title": {"绕过编辑器的稿件"}, "body": {body}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/admin/cms/articles/") {
		t.Fatalf("raw post: status %d, location %q: %s", r.Status, r.Location, apptest.Snippet(r.Body))
	}
	aid, err := strconv.ParseInt(strings.TrimPrefix(r.Location, "/admin/cms/articles/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Post(fmt.Sprintf("/admin/cms/articles/%d/submit", aid), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit: status %d", r.Status)
	}
	p.publishByReviewers(t, aid)
	stored := p.storedBody(t, aid)
	checkSanitized(t, "raw path", stored)
	for _, want := range []string{"<h2>绕过编辑器的稿件</h2>", "<li>第一项</li>", `<th scope="col">项目</th>`} {
		if !strings.Contains(stored, want) {
			t.Errorf("stored body lacks %s:\n%s", want, stored)
		}
	}
	t.Logf("stored body of the raw post:\n%s", stored)

	ctx := p.watchTab(t)
	p.open(t, ctx, fmt.Sprintf("/article/%d", aid), http.StatusOK)
	p.wantText(t, ctx, "绕过编辑器的稿件", "第一项")
	// Hover and click every element of the body, and give error and toggle events their chance.
	_ = p.eval(t, ctx, `(() => { document.querySelectorAll('#artbody *').forEach(e => {
		e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); e.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})); });
		return '' })()`)
	time.Sleep(200 * time.Millisecond)
	p.noXSS(t, ctx, "public article (raw path)", false)
	ctx2 := p.watchTab(t)
	p.open(t, ctx2, "/login", http.StatusOK)
	p.login(t, ctx2, editorUser, editorPass, http.StatusOK)
	p.open(t, ctx2, fmt.Sprintf("/admin/cms/articles/%d", aid), http.StatusOK)
	p.waitFor(t, ctx2, "the editor", `document.querySelector('.rte[data-ready] .ql-editor')`)
	p.noXSS(t, ctx2, "editor with the raw post", false)
}

// publishByReviewers passes both review levels with two different reviewers, checking on the way that the
// first may not pass the second level too.
func (p *portalEnv) publishByReviewers(t *testing.T, aid int64) {
	t.Helper()
	path := fmt.Sprintf("/admin/cms/articles/%d/review", aid)
	approve := func() url.Values { return url.Values{"decision": {"approve"}, "comment": {"同意"}} } // Post adds the client's token
	r1 := p.env.Client()
	r1.MustLogin(rev1User, rev1Pass)
	if r := r1.Post(path, approve()); r.Status != http.StatusSeeOther {
		t.Fatalf("first review: status %d", r.Status)
	}
	if r := r1.Post(path, approve()); r.Status != http.StatusSeeOther {
		t.Fatalf("second review by the same reviewer: status %d", r.Status)
	}
	if a := p.article(t, aid); a.Status != cms.InReview || a.ReviewLevel != 1 {
		t.Fatalf("after the same reviewer approved twice: status %s, level %d; want in review at level 1", a.Status, a.ReviewLevel)
	}
	r2 := p.env.Client()
	r2.MustLogin(rev2User, rev2Pass)
	if r := r2.Post(path, approve()); r.Status != http.StatusSeeOther {
		t.Fatalf("second level: status %d", r.Status)
	}
	if a := p.article(t, aid); a.Status != cms.Published {
		t.Fatalf("after both levels: status %s, want published", a.Status)
	}
}

func (p *portalEnv) article(t *testing.T, aid int64) *cms.Article {
	t.Helper()
	a, err := p.env.App.CMS.FindArticleByID(context.Background(), auth.System("test"), aid)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (p *portalEnv) storedBody(t *testing.T, aid int64) string { return p.article(t, aid).BodyHTML }

// allowedBody are the elements and attributes a stored body may hold (the sanitizer's allowlist).
var allowedBody = map[string][]string{
	"p": nil, "br": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil, "strong": nil, "b": nil, "em": nil, "i": nil,
	"u": nil, "s": nil, "sub": nil, "sup": nil, "blockquote": nil, "ul": nil, "ol": {"start"}, "li": nil, "hr": nil,
	"figure": nil, "figcaption": nil, "caption": nil, "table": nil, "thead": nil, "tbody": nil, "tfoot": nil, "tr": nil,
	"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "pre": nil, "code": nil,
	"a": {"href", "title", "rel", "target"}, "img": {"src", "alt", "title", "width", "height"},
}

// checkSanitized fails on anything in body outside the allowlist: other elements, event handlers, styles,
// and links or sources that are not http(s), mailto or relative.
func checkSanitized(t *testing.T, where, body string) {
	t.Helper()
	low := strings.ToLower(body)
	for _, bad := range []string{"<script", "onerror", "onload", "onclick", "onmouseover", "onfocus", "ontoggle", "javascript:",
		"vbscript:", "data:", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<form", "<input", "<meta", "<base",
		"srcdoc", "style=", "__xss", "document.title"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s: stored body contains %q:\n%s", where, bad, body)
		}
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data == "html" || n.Data == "head" || n.Data == "body" {
			continue
		}
		attrs, ok := allowedBody[n.Data]
		if !ok {
			t.Errorf("%s: stored body has a <%s> element", where, n.Data)
			continue
		}
		for _, a := range n.Attr {
			allowed := false
			for _, x := range attrs {
				allowed = allowed || a.Key == x
			}
			if !allowed {
				t.Errorf("%s: stored body has <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
			if a.Key == "href" || a.Key == "src" {
				u, err := url.Parse(strings.TrimSpace(a.Val))
				if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
					t.Errorf("%s: stored body has <%s %s=%q>", where, n.Data, a.Key, a.Val)
				}
			}
		}
	}
}

// walk: home → a category → an article → 繁體 → search, as a visitor clicks through, with screenshots.
func (p *portalEnv) walk(t *testing.T) {
	ctx := p.watchTab(t)
	p.open(t, ctx, "/", http.StatusOK)
	p.wantText(t, ctx, "新闻动态", "通知公告", "政策文件", "园区举办2026年人才交流会", "关于申报2026年度青年人才项目的通知")
	p.shot(t, ctx, "p01-home")

	p.submit(t, ctx, `nav.mainnav a[href="/c/news"]`, http.StatusOK)
	p.wantPath(t, ctx, "/c/news")
	p.wantText(t, ctx, "当前位置", "新闻中心", "园区举办2026年人才交流会", "[通知公告]")
	p.shot(t, ctx, "p02-category")

	p.submit(t, ctx, fmt.Sprintf(`.listmain a[href="/article/%d"]`, p.news), http.StatusOK)
	p.wantPath(t, ctx, fmt.Sprintf("/article/%d", p.news))
	p.wantText(t, ctx, "园区举办2026年人才交流会", "发布时间", "来源:园区运营部", "人才政策解读", "博士安家补贴最高20万元")
	p.shot(t, ctx, "p03-article")

	p.submit(t, ctx, `.toolbar a[lang="zh-Hant"]`, http.StatusOK)
	p.wantPath(t, ctx, fmt.Sprintf("/article/%d", p.news))
	p.wantText(t, ctx, "當前位置", "園區舉辦2026年人才交流會", "來源:園區運營部", "簡體")
	p.wantPublishedHant(t, ctx)
	if lang := p.eval(t, ctx, `document.documentElement.lang`); lang != "zh-Hant" {
		t.Errorf("html lang in Traditional = %q, want zh-Hant", lang)
	}
	p.shot(t, ctx, "p04-article-hant")

	// Search from the masthead box, still in Traditional, then switch the results back to Simplified.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#q`), "人才")); err != nil {
		t.Fatal(err)
	}
	p.submit(t, ctx, `form.search-box button[type=submit]`, http.StatusOK)
	p.wantPath(t, ctx, "/search")
	marks := `[...document.querySelectorAll('.results mark')].map(m => m.textContent).join(',')`
	p.wantText(t, ctx, "找到", "園區舉辦2026年人才交流會")
	if m := p.eval(t, ctx, marks); !strings.Contains(m, "人才") {
		t.Errorf("search results in Traditional mark %q, want 人才 highlighted", m)
	}
	p.shot(t, ctx, "p05-search-hant")
	p.submit(t, ctx, `.toolbar a[lang="zh-CN"]`, http.StatusOK)
	p.wantPath(t, ctx, "/search")
	p.wantText(t, ctx, "找到", "园区举办2026年人才交流会", "关于申报2026年度青年人才项目的通知")
	if m := p.eval(t, ctx, marks); !strings.Contains(m, "人才") {
		t.Errorf("search results mark %q, want 人才 highlighted", m)
	}
	p.shot(t, ctx, "p05-search")
	p.noXSS(t, ctx, "portal walk", false)
}

// axe runs axe-core on the main public pages and on the editor of a published article.
func (p *portalEnv) axe(t *testing.T) {
	ctx := p.watchTab(t)
	for _, pg := range []struct{ name, path string }{
		{"portal home", "/"},
		{"category list", "/c/notices"},
		{"article", fmt.Sprintf("/article/%d", p.news)},
		{"policy", fmt.Sprintf("/article/%d", p.policy)},
		{"search", "/search?q=" + url.QueryEscape("人才")},
		{"policy library", "/policies"},
	} {
		p.open(t, ctx, pg.path, http.StatusOK)
		p.axeCheck(t, ctx, pg.name)
		p.noXSS(t, ctx, pg.name, false)
	}
	p.open(t, ctx, "/policies", http.StatusOK)
	p.shot(t, ctx, "p08-policies")
	p.open(t, ctx, "/login", http.StatusOK)
	p.login(t, ctx, editorUser, editorPass, http.StatusOK)
	p.open(t, ctx, fmt.Sprintf("/admin/cms/articles/%d", p.news), http.StatusOK)
	p.waitFor(t, ctx, "the editor", `document.querySelector('.rte[data-ready] .ql-editor')`)
	p.axeCheck(t, ctx, "article editor (published article)")
	p.noXSS(t, ctx, "article editor (published article)", false)
	p.shot(t, ctx, "p09-editor-published")
}

// wantPublishedHant checks the publication-date label in Traditional characters: OpenCC writes 发布 as 發佈,
// Taiwan's dictionaries as 發布; either is right.
func (p *portalEnv) wantPublishedHant(t *testing.T, ctx context.Context) {
	t.Helper()
	if text := p.text(t, ctx); !strings.Contains(text, "發布時間") && !strings.Contains(text, "發佈時間") {
		t.Errorf("page %s shows no 發布時間 / 發佈時間; it reads:\n%s", p.location(t, ctx), text)
	}
}

// a11yToolbar: larger text in two steps and high contrast, kept across a reload.
func (p *portalEnv) a11yToolbar(t *testing.T) {
	ctx := p.watchTab(t)
	p.open(t, ctx, fmt.Sprintf("/article/%d", p.news), http.StatusOK)
	size := func() float64 {
		s := p.eval(t, ctx, `getComputedStyle(document.documentElement).fontSize`)
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
		if err != nil {
			t.Fatalf("font size %q", s)
		}
		return f
	}
	base := size()
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	click(`button[data-a11y=text]`)
	click(`button[data-a11y=text]`)
	click(`button[data-a11y=contrast]`)
	check := func(when string) {
		t.Helper()
		cls := p.eval(t, ctx, `document.documentElement.className`)
		for _, want := range []string{"a11y-text-2", "a11y-contrast"} {
			if !strings.Contains(" "+cls+" ", " "+want+" ") {
				t.Errorf("%s: html class %q lacks %s", when, cls, want)
			}
		}
		if s := size(); s <= base {
			t.Errorf("%s: font size %.1fpx, not larger than %.1fpx", when, s, base)
		}
		if pressed := p.eval(t, ctx, `document.querySelector('button[data-a11y=contrast]').getAttribute('aria-pressed')`); pressed != "true" {
			t.Errorf("%s: 高对比度 aria-pressed = %s", when, pressed)
		}
	}
	check("after clicking")
	p.shot(t, ctx, "p10-article-large-contrast")
	p.axeCheck(t, ctx, "article in large text and high contrast")
	if _, err := chromedp.RunResponse(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	check("after reloading")
	if v := p.eval(t, ctx, `localStorage.getItem('parkos-a11y') || ''`); !strings.Contains(v, `"text":2`) || !strings.Contains(v, `"contrast":true`) {
		t.Errorf("localStorage parkos-a11y = %s", v)
	}
	// The settings follow the visitor to other pages, which keep their contrast.
	for _, pg := range []struct{ name, path string }{
		{"home in large text and high contrast", "/"},
		{"category list in large text and high contrast", "/c/news"},
		{"search in large text and high contrast", "/search?q=" + url.QueryEscape("人才")},
		{"policy library in large text and high contrast", "/policies"},
	} {
		p.open(t, ctx, pg.path, http.StatusOK)
		if cls := p.eval(t, ctx, `document.documentElement.className`); !strings.Contains(cls, "a11y-contrast") {
			t.Errorf("%s: html class %q", pg.name, cls)
		}
		p.axeCheck(t, ctx, pg.name)
	}
	p.shot(t, ctx, "p18-policies-large-contrast")
}

// phone: the public pages and the editor on a 390×844 phone screen, without sideways scrolling.
func (p *portalEnv) phone(t *testing.T) {
	ctx := p.watchTab(t)
	const width = 390
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	for _, pg := range []struct{ name, path string }{
		{"p11-phone-home", "/"},
		{"p12-phone-category", "/c/news"},
		{"p13-phone-article", fmt.Sprintf("/article/%d", p.news)},
		{"p15-phone-search", "/search?q=" + url.QueryEscape("人才")},
		{"p16-phone-policies", "/policies"},
	} {
		p.open(t, ctx, pg.path, http.StatusOK)
		p.noSideScroll(t, ctx, width)
		p.shot(t, ctx, pg.name)
	}
	p.open(t, ctx, fmt.Sprintf("/article/%d?lang=zh-Hant", p.news), http.StatusOK)
	p.wantText(t, ctx, "當前位置")
	p.wantPublishedHant(t, ctx)
	p.noSideScroll(t, ctx, width)
	p.shot(t, ctx, "p14-phone-article-hant")

	p.open(t, ctx, "/login", http.StatusOK)
	p.login(t, ctx, editorUser, editorPass, http.StatusOK)
	p.open(t, ctx, "/admin/cms/articles/new", http.StatusOK)
	p.waitFor(t, ctx, "the editor", `document.querySelector('.rte[data-ready] .ql-editor')`)
	p.noSideScroll(t, ctx, width)
	p.shot(t, ctx, "p17-phone-editor")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
