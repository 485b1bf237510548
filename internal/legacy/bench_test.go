package legacy

import (
	"fmt"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	for name, data := range map[string][]byte{
		"text":        []byte(contextExample),
		"html-utf8":   []byte(fmt.Sprintf(exampleHTML, "utf-8")),
		"html-gb2312": gbk(b, fmt.Sprintf(exampleHTML, "gb2312")),
		"news":        []byte(newsPage),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
