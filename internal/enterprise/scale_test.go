package enterprise_test

import (
	"strings"
	"testing"

	"parkos/internal/criteria"
	"parkos/internal/enterprise"
)

// Size classes under 《中小企业划型标准规定》(工信部联企业〔2011〕300号) 第四条, at the edges: "及以上" includes
// the bound, "以下" excludes it; large, medium and small need every indicator of the industry at its bound,
// micro needs only one below the small bound.
func TestClassifySize(t *testing.T) {
	const (
		L = criteria.ScaleLarge
		M = criteria.ScaleMedium
		S = criteria.ScaleSmall
		X = criteria.ScaleMicro
		U = criteria.ScaleUnknown
	)
	p := func(n int64) *int64 { return &n }
	w := func(wan int64) *int64 { v := wan * 1_000_000; return &v } // 万元 in fen
	fen := func(v int64) *int64 { return &v }
	rows := []struct {
		name                   string
		code                   string
		staff, revenue, assets *int64
		want                   criteria.Scale
		industry               string
	}{
		// (二) 工业: 从业人员 1000/300/20, 营业收入 40000/2000/300 万元.
		{"工业 large at both bounds", "C3963", p(1000), w(40000), nil, L, "工业"},
		{"工业 999 staff is not large", "C3963", p(999), w(40000), nil, M, "工业"},
		{"工业 revenue one fen below 4亿 is not large", "C3963", p(1000), fen(40000*1_000_000 - 1), nil, M, "工业"},
		{"工业 medium at its bounds", "B0610", p(300), w(2000), nil, M, "工业"},
		{"工业 299 staff is small", "D4411", p(299), w(2000), nil, S, "工业"},
		{"工业 small at its bounds", "C13", p(20), w(300), nil, S, "工业"},
		{"工业 19 staff is micro", "C13", p(19), w(30000), nil, X, "工业"},
		{"工业 revenue below 300万 is micro", "C13", p(200), fen(300*1_000_000 - 1), nil, X, "工业"},
		{"工业 many staff, little revenue falls a class", "C13", p(1500), w(1000), nil, S, "工业"},
		// Unknown figures: decided only when the known ones decide.
		{"工业 15 staff is micro whatever the revenue", "C3963", p(15), nil, nil, X, "工业"},
		{"工业 50 staff without revenue is unknown", "C3963", p(50), nil, nil, U, "工业"},
		// (三) 建筑业: 营业收入 80000/6000/300 and 资产总额 80000/5000/300.
		{"建筑业 large", "E4710", nil, w(80000), w(80000), L, "建筑业"},
		{"建筑业 assets below 5000万 is small", "E4710", nil, w(6000), w(4999), S, "建筑业"},
		{"建筑业 medium at bounds", "E48", nil, w(6000), w(5000), M, "建筑业"},
		// (四) 批发业 and (五) 零售业.
		{"批发业 small at 5 staff, 1000万", "F5171", p(5), w(1000), nil, S, "批发业"},
		{"批发业 4 staff is micro", "F5171", p(4), w(1000), nil, X, "批发业"},
		{"零售业 medium at 50 staff, 500万", "F5211", p(50), w(500), nil, M, "零售业"},
		// (六) 交通运输业 and (七) 仓储业: GB/T 4754-2017 59 holds 装卸搬运 (591) and 仓储 (592–599).
		{"交通运输 medium", "G5430", p(300), w(3000), nil, M, "交通运输业"},
		{"装卸搬运 591 is 交通运输业", "G5910", p(300), w(3000), nil, M, "交通运输业"},
		{"仓储 592 is 仓储业", "G5920", p(100), w(1000), nil, M, "仓储业"},
		{"59 alone, same class under both", "G59", p(10), w(50), nil, X, ""},
		{"59 alone, classes differ", "G59", p(150), w(2000), nil, U, ""},
		// (十一) 信息传输业 and (十二) 软件和信息技术服务业.
		{"互联网 medium at 100 staff, 1000万", "I6421", p(100), w(1000), nil, M, "信息传输业"},
		{"互联网 1999 staff is not large", "I64", p(1999), w(200000), nil, M, "信息传输业"},
		{"软件 large at 300 staff, 1亿", "I6513", p(300), w(10000), nil, L, "软件和信息技术服务业"},
		{"软件 small at 10 staff, 50万", "I6513", p(10), w(50), nil, S, "软件和信息技术服务业"},
		{"软件 revenue below 50万 is micro", "I6513", p(50), fen(50*1_000_000 - 1), nil, X, "软件和信息技术服务业"},
		// (十三) 房地产开发经营 (营业收入, 资产总额), (十四) 物业管理, (十五) 租赁和商务服务业 (从业人员, 资产总额).
		{"房地产开发 small", "K7010", nil, w(100), w(2000), S, "房地产开发经营"},
		{"房地产开发 assets below 2000万 is micro", "K7010", nil, w(5000), w(1999), X, "房地产开发经营"},
		{"物业管理 small at 100 staff, 500万", "K7020", p(100), w(500), nil, S, "物业管理"},
		{"租赁商务 medium at 100 staff, 8000万 assets", "L7212", p(100), nil, w(8000), M, "租赁和商务服务业"},
		{"租赁商务 assets below 100万 is micro", "L7212", p(100), nil, w(99), X, "租赁和商务服务业"},
		// (十六) 其他未列明行业: 从业人员 300/100/10 only.
		{"研发 300 staff is large", "M7320", p(300), nil, nil, L, "其他未列明行业"},
		{"研发 299 staff is medium", "M7320", p(299), nil, nil, M, "其他未列明行业"},
		{"研发 99 staff is small", "M7320", p(99), nil, nil, S, "其他未列明行业"},
		{"研发 9 staff is micro", "M73", p(9), nil, nil, X, "其他未列明行业"},
		{"技术推广 10 staff is small", "M7512", p(10), w(1), w(1), S, "其他未列明行业"},
		// (一) 农、林、牧、渔业: 营业收入 20000/500/50 only.
		{"农业 medium at 500万", "A0111", p(5000), w(500), nil, M, "农、林、牧、渔业"},
		// Not covered or not classifiable.
		{"铁路 is outside 300号", "G5311", p(10), w(10), nil, U, ""},
		{"金融 has its own standard", "J6620", p(10), w(10), nil, U, ""},
		{"no industry code", "", p(10), w(10), nil, U, ""},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got := enterprise.ClassifySize(r.code, r.staff, r.revenue, r.assets)
			if got.Scale != r.want {
				t.Errorf("scale %q, want %q (%+v)", got.Scale, r.want, got)
			}
			if r.industry != "" && got.Industry != r.industry {
				t.Errorf("industry %q, want %q", got.Industry, r.industry)
			}
			if got.Scale == criteria.ScaleUnknown && got.Reason == "" {
				t.Error("an unknown class without a reason")
			}
			if got.Industry != "" && !strings.HasPrefix(got.Cite, "工信部联企业〔2011〕300号 第四条") {
				t.Errorf("cite %q", got.Cite)
			}
		})
	}
}
