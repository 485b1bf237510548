package zh

import "testing"

func TestHasLostChars(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// lost characters
		{"创?新", true},
		{"创？新", true},
		{"科技创??券", true},
		{"?国科技园", true}, // lost first character of a line
		{"各入驻企业：\n?据市科技局安排", true}, // on a later line
		{"第?2期", true},
		{"发布于2022年3月?5日", true},
		{"地?：郑州市", true},
		{"高新技术企?，科技型中小企业", true},
		{"园区运营?。", true},
		{"收到贵公司的?.", true},
		{"申报工作的?,请于", true},
		{"企业?、机构", true},
		{"企业?;机构", true},
		{"2022?3?15?", true}, // 年月日 lost between digits: followed by a digit after a digit... and by nothing
		{"（来源：园区?营部）", true},
		{"???", true}, // a line of nothing but lost characters
		{"？？？", true},
		{"正文\n? ? ?\n正文", true},
		{"——？——", true},
		{"园区\uFFFD运营部", true}, // decoder replacement character
		{"园区\xff运营部", true},   // invalid UTF-8
		// genuine questions (and the ambiguous case the rule accepts as lost)
		{"怎么办？请看下文", true}, // cannot be told from a lost character: flagged for the editor
		{"你好吗？我很好", false},
		{"为什么？因为园区", false},
		{"如何申报？请看附件", true}, // the question word is not right before the mark: flagged
		{"是否已提交?请核对", true},
		{"誰？他", false},
		{"什?申报", true}, // 么 lost after 什
		{"吗?", false},
		{"怎么办？", false},
		{"怎么办?", false},
		{"怎么办？\n下一段", false},
		{"怎么办？\r\n下一段", false},
		{"怎么办？ 下一段", false},
		{"他问：“为什么？”", false},
		{"（为什么？）", false},
		{"真的吗？！", false},
		{"真的吗？？？", false},
		{"What? Yes.", false},
		{"index.php?id=3", false},
		{"http://www.example.cn/a?b=1&c=2", false},
		{"见 www.example.cn/news?id=12", false},
		{"", false},
		{"没有问号的正文。", false},
		{"Is it? Maybe, maybe not.", false},
		{"问题1?", false},
	}
	for _, tt := range tests {
		if got := HasLostChars(tt.in); got != tt.want {
			t.Errorf("HasLostChars(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
