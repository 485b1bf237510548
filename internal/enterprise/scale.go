package enterprise

import (
	"fmt"
	"math"
	"strings"

	"parkos/internal/criteria"
	"parkos/internal/industry"
)

// The size class of an enterprise under 《中小企业划型标准规定》(工信部联企业〔2011〕300号, issued 2011-06-18 by
// MIIT, NBS, NDRC and MOF). Art. 3 lists the industries it covers, art. 4 gives each industry's thresholds on
// 从业人员 (staff), 营业收入 (revenue) and 资产总额 (assets); art. 7 makes the medium class's upper bound the large
// class's lower bound. The industries are matched to GB/T 4754-2017 codes the way 《统计上大中小微型企业划分
// 办法（2017）》(国统字〔2017〕213号) does. The thresholds were checked against two reprints of the 300号 table
// and of the statistical table that restates it; no revision of 300号 in force was found (a 2021 draft revision
// was published for comment only; UNCONFIRMED that none has taken effect since).
//
// Reading of art. 4, the same in every industry: "X以下或Y以下的为中小微型企业" makes an enterprise large only
// when every indicator of its industry reaches the large bound; "X及以上，且Y及以上的为中型企业" makes it medium
// when every indicator reaches the medium bound; likewise small; otherwise ("X以下或Y以下") micro. 以下 excludes
// the bound, 及以上 includes it. The statistical rules say the same ("须同时满足所列指标的下限，否则下划一档").

// sizeBounds are the lower bounds of the large, medium and small classes for one indicator; -1 in Large
// means the indicator is not used by the industry.
type sizeBounds struct{ Large, Medium, Small int64 }

var unused = sizeBounds{-1, -1, -1}

// sizeRule is one industry of 300号 art. 4.
type sizeRule struct {
	Industry string // the industry as 300号 names it
	Item     string // the item of art. 4
	Staff    sizeBounds
	Revenue  sizeBounds // fen
	Assets   sizeBounds // fen
}

const wan = 1_000_000 // fen per 万元

func people(l, m, s int64) sizeBounds { return sizeBounds{l, m, s} }
func wanBounds(l, m, s int64) sizeBounds {
	return sizeBounds{l * wan, m * wan, s * wan}
}

// The sixteen items of 300号 art. 4.
var (
	sizeAgriculture  = &sizeRule{"农、林、牧、渔业", "第四条(一)", unused, wanBounds(20000, 500, 50), unused}
	sizeIndustry     = &sizeRule{"工业", "第四条(二)", people(1000, 300, 20), wanBounds(40000, 2000, 300), unused}
	sizeConstruction = &sizeRule{"建筑业", "第四条(三)", unused, wanBounds(80000, 6000, 300), wanBounds(80000, 5000, 300)}
	sizeWholesale    = &sizeRule{"批发业", "第四条(四)", people(200, 20, 5), wanBounds(40000, 5000, 1000), unused}
	sizeRetail       = &sizeRule{"零售业", "第四条(五)", people(300, 50, 10), wanBounds(20000, 500, 100), unused}
	sizeTransport    = &sizeRule{"交通运输业", "第四条(六)", people(1000, 300, 20), wanBounds(30000, 3000, 200), unused}
	sizeStorage      = &sizeRule{"仓储业", "第四条(七)", people(200, 100, 20), wanBounds(30000, 1000, 100), unused}
	sizePost         = &sizeRule{"邮政业", "第四条(八)", people(1000, 300, 20), wanBounds(30000, 2000, 100), unused}
	sizeLodging      = &sizeRule{"住宿业", "第四条(九)", people(300, 100, 10), wanBounds(10000, 2000, 100), unused}
	sizeCatering     = &sizeRule{"餐饮业", "第四条(十)", people(300, 100, 10), wanBounds(10000, 2000, 100), unused}
	sizeTelecom      = &sizeRule{"信息传输业", "第四条(十一)", people(2000, 100, 10), wanBounds(100000, 1000, 100), unused}
	sizeSoftware     = &sizeRule{"软件和信息技术服务业", "第四条(十二)", people(300, 100, 10), wanBounds(10000, 1000, 50), unused}
	sizeRealEstate   = &sizeRule{"房地产开发经营", "第四条(十三)", unused, wanBounds(200000, 1000, 100), wanBounds(10000, 5000, 2000)}
	sizeProperty     = &sizeRule{"物业管理", "第四条(十四)", people(1000, 300, 100), wanBounds(5000, 1000, 500), unused}
	sizeLeasing      = &sizeRule{"租赁和商务服务业", "第四条(十五)", people(300, 100, 10), unused, wanBounds(120000, 8000, 100)}
	sizeOther        = &sizeRule{"其他未列明行业", "第四条(十六)", people(300, 100, 10), unused, unused}
)

// sizeRulesFor returns the 300号 industry of a GB/T 4754-2017 code. A code that stops at a level where two
// industries of 300号 meet (G59, K70) gives each candidate; the caller classifies under all of them. An error
// says why the code cannot be classified.
func sizeRulesFor(code string) ([]*sizeRule, error) {
	if strings.TrimSpace(code) == "" {
		return nil, fmt.Errorf("未登记行业代码")
	}
	div, err := industry.DivisionOf(code)
	if err != nil {
		return nil, err
	}
	digits := strings.TrimLeft(strings.ToUpper(strings.TrimSpace(code)), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	group := "" // the 中类 digit after the division, when given
	if len(digits) > 2 {
		group = digits[2:3]
	}
	switch d := div.Code; {
	case div.Section == "A":
		return []*sizeRule{sizeAgriculture}, nil
	case div.Section == "B" || div.Section == "C" || div.Section == "D":
		// 300号 art. 3: 工业 includes 采矿业, 制造业, 电力、热力、燃气及水生产和供应业.
		return []*sizeRule{sizeIndustry}, nil
	case div.Section == "E":
		return []*sizeRule{sizeConstruction}, nil
	case d == "51":
		return []*sizeRule{sizeWholesale}, nil
	case d == "52":
		return []*sizeRule{sizeRetail}, nil
	case d == "53":
		return nil, fmt.Errorf("铁路运输业不在《中小企业划型标准规定》的适用行业之内（第三条：交通运输业不含铁路运输业）")
	case d >= "54" && d <= "58":
		return []*sizeRule{sizeTransport}, nil
	case d == "59":
		// GB/T 4754-2017 59 joins 591 装卸搬运 (part of 交通运输业 in 300号, as 装卸搬运和运输代理业 of the
		// 2011 classification) with 592–599 仓储.
		switch group {
		case "":
			return []*sizeRule{sizeTransport, sizeStorage}, nil
		case "1":
			return []*sizeRule{sizeTransport}, nil
		}
		return []*sizeRule{sizeStorage}, nil
	case d == "60":
		return []*sizeRule{sizePost}, nil
	case d == "61":
		return []*sizeRule{sizeLodging}, nil
	case d == "62":
		return []*sizeRule{sizeCatering}, nil
	case d == "63" || d == "64":
		// 信息传输业 (包括电信、互联网和相关服务).
		return []*sizeRule{sizeTelecom}, nil
	case d == "65":
		return []*sizeRule{sizeSoftware}, nil
	case div.Section == "J":
		return nil, fmt.Errorf("金融业不适用《中小企业划型标准规定》，另有《金融业企业划型标准规定》")
	case d == "70":
		switch group {
		case "":
			return []*sizeRule{sizeRealEstate, sizeProperty, sizeOther}, nil
		case "1":
			return []*sizeRule{sizeRealEstate}, nil
		case "2":
			return []*sizeRule{sizeProperty}, nil
		}
		// 房地产中介服务, 房地产租赁经营, 其他房地产业.
		return []*sizeRule{sizeOther}, nil
	case div.Section == "L":
		return []*sizeRule{sizeLeasing}, nil
	}
	// 科学研究和技术服务业, 水利、环境和公共设施管理业, 居民服务、修理和其他服务业, 社会工作, 文化、体育和娱乐业 and
	// whatever else art. 4 does not list.
	return []*sizeRule{sizeOther}, nil
}

// classify applies one rule to known values (math.MaxInt64 or 0 stand for unknown ones, see ClassifySize).
func (r *sizeRule) classify(staff, revenue, assets int64) criteria.Scale {
	reaches := func(pick func(sizeBounds) int64) bool {
		for _, x := range []struct {
			b sizeBounds
			v int64
		}{{r.Staff, staff}, {r.Revenue, revenue}, {r.Assets, assets}} {
			if x.b.Large >= 0 && x.v < pick(x.b) {
				return false
			}
		}
		return true
	}
	switch {
	case reaches(func(b sizeBounds) int64 { return b.Large }):
		return criteria.ScaleLarge
	case reaches(func(b sizeBounds) int64 { return b.Medium }):
		return criteria.ScaleMedium
	case reaches(func(b sizeBounds) int64 { return b.Small }):
		return criteria.ScaleSmall
	}
	return criteria.ScaleMicro
}

// SizeClass is a size classification with what it rests on.
type SizeClass struct {
	Scale criteria.Scale
	// Industry and Cite name the industry of 300号 art. 4 applied ("工业", "第四条(二)"); empty when the code
	// could not be matched to one.
	Industry string
	Cite     string
	// Reason says why Scale is unknown, or what decided it.
	Reason string
}

// ScaleNames are the Chinese names of the size classes.
var ScaleNames = map[criteria.Scale]string{criteria.ScaleLarge: "大型", criteria.ScaleMedium: "中型",
	criteria.ScaleSmall: "小型", criteria.ScaleMicro: "微型", criteria.ScaleUnknown: "未定"}

// ClassifySize classifies an enterprise under 工信部联企业〔2011〕300号 from its GB/T 4754-2017 industry code,
// its staff (从业人员, persons), revenue (营业收入, fen) and total assets (资产总额, fen); nil is unknown. An
// unknown figure leaves the class unknown unless the known ones decide it (a manufacturer with 15 staff is
// micro whatever its revenue), so the class is never guessed.
func ClassifySize(industryCode string, staff, revenue, assets *int64) SizeClass {
	rules, err := sizeRulesFor(industryCode)
	if err != nil {
		return SizeClass{Reason: err.Error()}
	}
	lo := func(v *int64) int64 {
		if v == nil {
			return 0
		}
		return *v
	}
	hi := func(v *int64) int64 {
		if v == nil {
			return math.MaxInt64
		}
		return *v
	}
	var got criteria.Scale
	for i, r := range rules {
		// Each indicator only raises the class, so the class is decided when the lowest and the highest
		// values the unknown figures could take give the same one.
		a, b := r.classify(lo(staff), lo(revenue), lo(assets)), r.classify(hi(staff), hi(revenue), hi(assets))
		if a != b {
			return SizeClass{Industry: r.Industry, Cite: "工信部联企业〔2011〕300号 " + r.Item,
				Reason: "划型所需的" + r.needs() + "未全部填报"}
		}
		if i > 0 && a != got {
			names := make([]string, len(rules))
			for j, x := range rules {
				names[j] = x.Industry
			}
			return SizeClass{Reason: fmt.Sprintf("行业代码“%s”只到大类，%s的划型结果不同，请填写到中类或小类", industryCode, strings.Join(names, "、"))}
		}
		got = a
	}
	r := rules[0]
	if len(rules) > 1 {
		return SizeClass{Scale: got, Reason: "行业代码只到大类，其包含的各行业划型结果相同"}
	}
	return SizeClass{Scale: got, Industry: r.Industry, Cite: "工信部联企业〔2011〕300号 " + r.Item}
}

// needs names the indicators an industry uses.
func (r *sizeRule) needs() string {
	var n []string
	if r.Staff.Large >= 0 {
		n = append(n, "从业人员")
	}
	if r.Revenue.Large >= 0 {
		n = append(n, "营业收入")
	}
	if r.Assets.Large >= 0 {
		n = append(n, "资产总额")
	}
	return strings.Join(n, "、")
}
