package legacy

import (
	"fmt"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(contextExample))
	f.Add([]byte(fmt.Sprintf(exampleHTML, "utf-8")))
	f.Add(gbk(f, fmt.Sprintf(exampleHTML, "gb2312")))
	f.Add([]byte(newsPage))
	f.Add([]byte(strings.Replace(contextExample, "科技創(chuàng)新券", "科技創?券", 1)))
	f.Add([]byte(strings.SplitN(contextExample, "\n", 2)[1]))
	f.Add([]byte("当前位置：首页 > 通知公告\n通知公告\n关于举办创业沙龙的通知\n日期：2022年3月5日\n正文。\n电话：0371-1\n版权所有\n"))
	f.Add([]byte("<html><body><table><tr><td>当前位置：首页 &gt; 通知公告</td></tr><tr><td>发布时间：</td><td>2022/3/5</td></tr><tr><td>第一段<br>第二段<pre>a\nb</pre></td></tr></table></body></html>"))
	f.Add([]byte("\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz", data)
		if err != nil {
			if p != nil {
				t.Fatalf("Parse returned both a page and an error: %v", err)
			}
			return
		}
		for _, l := range p.Body {
			if strings.Contains(l, "版权所有") || strings.Contains(l, "ICP备") {
				t.Fatalf("footer text in the body: %q", l)
			}
			if l == "" {
				t.Fatalf("empty paragraph in %q", p.Body)
			}
		}
		if strings.Contains(p.Title, "版权所有") || strings.Contains(p.Title, "ICP备") {
			t.Fatalf("footer text in the title: %q", p.Title)
		}
		if !p.Date.IsZero() {
			if p.Date.Location() != cst || p.Date.Hour() != 0 || p.Date.Minute() != 0 || p.Date.Second() != 0 || p.Date.Nanosecond() != 0 {
				t.Fatalf("Date %v is not midnight in UTC+8", p.Date)
			}
			if _, off := p.Date.Zone(); off != 8*3600 {
				t.Fatalf("Date %v is not in UTC+8", p.Date)
			}
		}
		for _, c := range p.Category {
			if c == "" || c == "首页" {
				t.Fatalf("Category %q", p.Category)
			}
		}
		if k := p.Key(); len(k) != 16 {
			t.Fatalf("Key %q", k)
		}
	})
}
