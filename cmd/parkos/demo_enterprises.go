package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"parkos/internal/app"
	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/enterprise"
)

// The demonstration registry: the two tenants CONTEXT.md names (the Kuang-Chi institute and the machine
// vision company) and 36 invented enterprises, agencies and a university institute in new materials and
// intelligent equipment, with figures for 2022–2025 and their titles. Everything but the two real names is
// invented: the other names, the people, the credit codes (valid in form, computed below), the certificate
// numbers and every figure, the two real tenants' figures and dates included. The figures are shaped so that
// the criteria engine has something to say: clear 科小 and 创新型 candidates, 高企 candidates, enterprises
// that miss exactly one condition, a 瞪羚 that just misses its growth rate, and the vision company as a
// growing 瞪羚 and 专精特新 candidate.

// demoFirst and demoLast are the fiscal years the demo fills in.
const demoFirst, demoLast = 2022, 2025

// demoEnt is one enterprise of the demonstration registry.
type demoEnt struct {
	name, rep        string
	org              string // 登记管理部门码 and 机构类别码 of the credit code: 91 company, 52 private non-enterprise, 12 public institution
	area             string // the registering authority's area code (Luoyang 4103xx)
	founded, entered string
	capital          int64 // 注册资本 (开办资金), 万元
	kind             enterprise.Kind
	code             string // GB/T 4754-2017 class
	emerging, hitech string
	loc              string
	status           enterprise.Status
	left             string // graduated or moved out on
	tags             []string
	desc             string
	site             string // host of the website, a subdomain of example.cn
	public           bool
	plan             *plan
	quals            []demoQual
}

// plan is an enterprise's figures for 2022–2025, from which the service's Figures are derived. Amounts in
// 万元, shares in percent; a year with no revenue has no report (the enterprise did not exist or had not yet
// entered the park).
type plan struct {
	rev     [4]int64   // 营业收入
	rd      [4]float64 // 研究开发费用 / 营业收入
	staff   [4]int64   // 从业人员
	margin  [4]float64 // 净利润 / 营业收入 (negative: a loss)
	tech    float64    // 科技人员 / 从业人员
	hitech  float64    // 高新技术产品（服务）收入 / 营业收入
	debt    float64    // 负债 / 资产 at the year end
	assets  float64    // 资产 / 营业收入; 0: 1.1
	main    float64    // 主营业务收入 / 营业收入; 0: 96
	domRD   float64    // 境内研发 / 研发; 0: 100
	export  float64    // 出口 / 营业收入
	conv    int64      // 科技成果转化 per year
	ip1     int64      // valid Ⅰ类 IP at the end of 2025
	ip2     int64      // valid Ⅱ类 IP at the end of 2025
	equity  [4]int64   // 股权融资, 万元
	softIP  bool       // Ⅱ类 IP is mostly software copyright
	phdRate float64    // 博士 / 从业人员; 0: tech / 12
}

func y4(a, b, c, d int64) [4]int64     { return [4]int64{a, b, c, d} }
func p4(a, b, c, d float64) [4]float64 { return [4]float64{a, b, c, d} }
func flat(x float64) [4]float64        { return [4]float64{x, x, x, x} }

// fen converts 万元 to fen.
func fen(wan int64) int64 { return wan * 1_000_000 }

// part is pct percent of whole, rounded.
func part(whole int64, pct float64) int64 { return int64(math.Round(float64(whole) * pct / 100)) }

func ptr(v int64) *int64 { return &v }

// dayOf is the start of t's day in China Standard Time, as the registry keeps dates.
func dayOf(t time.Time) time.Time {
	y, m, dd := t.In(cst).Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, cst)
}

// figures derives one year's figures (i = year − 2022). rng varies the figures no rule reads (taxes,
// schooling), so that the tables do not look machine-made; the ones the rules read follow the plan exactly.
func (p *plan) figures(i int, rng *rand.Rand) enterprise.Figures {
	r := fen(p.rev[i])
	mainShare, dom, assetRatio := p.main, p.domRD, p.assets
	if mainShare == 0 {
		mainShare = 96
	}
	if dom == 0 {
		dom = 100
	}
	if assetRatio == 0 {
		assetRatio = 1.1
	}
	var equitySoFar int64
	for j := 0; j <= i; j++ {
		equitySoFar += fen(p.equity[j])
	}
	profit := part(r, p.margin[i])
	taxRate := 1.2 + rng.Float64()*0.6
	if p.margin[i] > 0 {
		taxRate = 3.8 + rng.Float64()*1.4
	}
	taxes := part(r, taxRate)
	rd := part(r, p.rd[i])
	assets := part(r, assetRatio*100) + part(equitySoFar, 70)
	f := enterprise.Figures{
		Revenue: ptr(r), MainRevenue: ptr(part(r, mainShare)), HitechRevenue: ptr(part(r, p.hitech)),
		NetProfit: ptr(profit), Taxes: ptr(taxes), Exports: ptr(part(r, p.export)),
		RnDSpending: ptr(rd), RnDDomestic: ptr(part(rd, dom)),
		TotalAssets: ptr(assets), TotalLiabilities: ptr(part(assets, p.debt)),
		EquityRaised: ptr(fen(p.equity[i])),
		// 总收入 (高企): 营业收入 plus other taxable income (grants, investment and non-operating income).
		TotalIncome: ptr(r + part(r, 1.2)),
		// 成本费用支出总额: what the year cost, before the profit.
		TotalCost:   ptr(r - profit - taxes),
		Conversions: ptr(max(p.conv-int64(3-i)/2, 0)),
	}
	n := p.staff[i]
	tech := part(n, p.tech)
	phd := p.phdRate
	if phd == 0 {
		phd = p.tech / 12
	}
	doc := part(n, phd)
	master := part(n, p.tech/3.2+rng.Float64()*3)
	bachelor := min(part(n, 38+rng.Float64()*8), n-doc-master)
	college := max(min(part(n, 14+rng.Float64()*6), n-doc-master-bachelor), 0)
	f.StaffTotal, f.TechStaff, f.RnDStaff = ptr(n), ptr(tech), ptr(part(tech, 72))
	f.StaffDoctorate, f.StaffMaster, f.StaffBachelor, f.StaffCollege = ptr(doc), ptr(master), ptr(bachelor), ptr(college)
	f.Returnees, f.FreshGraduates = ptr(part(n, phd/2+0.5)), ptr(part(n, 6+rng.Float64()*4))

	// IP: what is valid at each year end grows to the plan's 2025 count; the year's grants are the growth.
	share := [5]float64{0.4, 0.55, 0.7, 0.85, 1}
	stock := func(total int64, k int) int64 { return int64(math.Ceil(float64(total) * share[k])) }
	inv := stock(p.ip1, i+1) - stock(p.ip1, i)
	two := stock(p.ip2, i+1) - stock(p.ip2, i)
	soft := two * 3 / 10
	if p.softIP {
		soft = two * 9 / 10
	}
	design := (two - soft) / 6
	f.IPInventionGranted, f.IPInventionApplied = ptr(inv), ptr(inv+1+p.ip1/8)
	f.IPUtilityGranted, f.IPDesignGranted, f.IPSoftware, f.IPICLayout = ptr(two-soft-design), ptr(design), ptr(soft), ptr(0)
	f.IPClass1, f.IPClass2 = ptr(stock(p.ip1, i+1)), ptr(stock(p.ip2, i+1))
	return f
}

// demoQual is a title of a demo enterprise. Most carry fixed dates; the few meant for the expiry reminders
// count from the day the demo runs (soon: days until expiry), so that the reminders always have something.
type demoQual struct {
	kind, name, level, cert string
	issued, expires         string
	soon                    int // > 0: expires this many days from today, issued three years before
	kexiao                  int // 科小 registration: 1 this year's, -1 last year's (expired)
}

// gaoqi is a 高新技术企业 certificate (GR + year + 41 for Henan + serial), valid three years (32号 art. 15).
func gaoqi(issued string, serial int) demoQual {
	return demoQual{kind: "gaoqi", level: "national", issued: issued, cert: fmt.Sprintf("GR%s41%06d", issued[:4], serial)}
}

func gaoqiSoon(days, serial int) demoQual {
	return demoQual{kind: "gaoqi", level: "national", soon: days, cert: fmt.Sprintf("GR%%d41%06d", serial)}
}

// kexiao is a 科技型中小企业 registration: valid for the year of registration (115号 art. 14: 入库登记编号
// 当年有效), numbered by year, area and serial.
func kexiao(which, serial int) demoQual {
	return demoQual{kind: "kexiao", level: "national", kexiao: which, cert: fmt.Sprintf("%%d410305%05d", serial)}
}

// provincial is a title of the province (创新型, 专精特新: 河南省工业和信息化厅), valid three years.
func provincial(kind, issued string) demoQual {
	return demoQual{kind: kind, level: "provincial", issued: issued}
}

func provincialSoon(kind string, days int) demoQual {
	return demoQual{kind: kind, level: "provincial", soon: days}
}

// resolve turns a demo title into the registry's record, relative dates counted from today.
func (q demoQual) resolve(entID int64, today time.Time) enterprise.Qualification {
	out := enterprise.Qualification{EnterpriseID: entID, Kind: q.kind, Name: q.name, Level: q.level, CertNo: q.cert}
	switch {
	case q.soon > 0:
		exp := today.AddDate(0, 0, q.soon)
		iss := exp.AddDate(-3, 0, 1)
		out.IssuedOn, out.ExpiresOn = &iss, &exp
		if strings.Contains(q.cert, "%d") {
			out.CertNo = fmt.Sprintf(q.cert, iss.Year())
		}
	case q.kexiao != 0:
		// This year's registrations are announced from spring; before May the latest is last year's.
		y := today.Year()
		if today.Month() < time.May {
			y--
		}
		if q.kexiao < 0 {
			y--
		}
		iss := time.Date(y, time.April, 28, 0, 0, 0, 0, cst)
		exp := time.Date(y, time.December, 31, 0, 0, 0, 0, cst)
		out.IssuedOn, out.ExpiresOn, out.CertNo = &iss, &exp, fmt.Sprintf(q.cert, y)
	case q.issued != "":
		iss := *d(q.issued)
		out.IssuedOn = &iss
		switch {
		case q.expires != "":
			out.ExpiresOn = d(q.expires)
		case q.kind == "gaoqi" || q.kind == "chuangxin" || q.kind == "zhuanjingtexin":
			// 高企 (32号 art. 15), 创新型 and 专精特新 (63号) are valid three years.
			exp := iss.AddDate(3, 0, -1)
			out.ExpiresOn = &exp
		}
	}
	return out
}

// demoUSCC builds a valid unified social credit code (GB 32100-2015): the two-character registration class,
// the six-digit area code, an eight-character organisation-code body derived from the name, its GB
// 11714-1997 check character, and the GB 32100 check character. Bodies of organisations registered before
// the 2015 reform are digits, as their old organisation codes were; later ones start with MA (companies) or
// MJ (民政-registered organisations), as codes issued since then do.
func demoUSCC(org, area, name string, founded int) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	x := nameHash(name)
	var body strings.Builder
	switch {
	case org == "52":
		body.WriteString("MJ")
	case org == "91" && founded >= 2016:
		body.WriteString("MA")
	}
	for body.Len() < 8 {
		switch {
		case body.Len() >= 2 && body.String()[0] == 'M':
			body.WriteByte(chars[x%31])
			x /= 31
		case body.Len() == 0:
			body.WriteByte("123456789"[x%9]) // an old organisation code does not start with 0
			x /= 9
		default:
			body.WriteByte(chars[x%10])
			x /= 10
		}
	}
	b := body.String()
	// GB 11714-1997: weights 3 7 9 10 5 8 4 2; letters count from A = 10; check = 11 − sum mod 11 (10 → X, 11 → 0).
	sum := 0
	for i, w := range []int{3, 7, 9, 10, 5, 8, 4, 2} {
		c := b[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w
	}
	check := "0123456789X0"[11-sum%11]
	code := org + area + b + string(check)
	// GB 32100-2015: weights 3^(i−1) mod 31 over the code's values in the 31-character set.
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(chars, code[i]) * w
		w = w * 3 % 31
	}
	return code + string(chars[(31-sum%31)%31])
}

// nameHash is a stable number drawn from a name (FNV-1a), for the parts of the demo that must not change
// between runs.
func nameHash(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// demoEnterprises is the demonstration registry. The first is the vision company, which the demo's
// enterprise account belongs to.
func demoEnterprises() []demoEnt {
	return []demoEnt{
		{name: "中科慧远视觉技术（洛阳）有限公司", org: "91", area: "410305", founded: "2018-11-20", entered: "2019-03-01", capital: 5000,
			code: "C3569", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "加速器 2 号厂房", status: enterprise.Resident,
			tags: []string{"机器视觉", "智能检测装备", "盖板玻璃"}, site: "zkhy.example.cn", public: true,
			desc: "专注工业机器视觉与智能检测装备，主要产品为手机盖板玻璃外观缺陷智能检测设备，已实现产业化量产。\n" +
				"以视觉算法、光学成像和自动化系统集成为核心技术，带动光学部件、精密运动控制等上下游配套企业向洛阳集聚。",
			plan: &plan{rev: y4(6800, 9600, 13200, 17600), rd: p4(9.2, 9.0, 8.6, 8.8), staff: y4(268, 312, 356, 398),
				margin: p4(8.5, 10, 11, 12), tech: 41, hitech: 88, debt: 46, assets: 0.75, export: 6, conv: 6, ip1: 24, ip2: 65,
				equity: y4(0, 8000, 0, 0)},
			quals: []demoQual{gaoqiSoon(9, 1187), kexiao(1, 188), provincial("chuangxin", "2024-08-20")}},
		{name: "深圳光启洛阳尖端技术研究院", org: "52", area: "410300", founded: "2017-06-12", entered: "2017-09-01", capital: 3000,
			kind: enterprise.KindRnDInstitute, code: "M7320", emerging: "新材料产业", hitech: "新材料", loc: "创新大厦 A 座 8–10 层",
			status: enterprise.Resident, tags: []string{"超材料", "电磁功能材料", "新型研发机构"}, site: "kc-ly.example.cn", public: true,
			desc: "光启在洛阳设立的新型研发机构，从事超材料等尖端技术的研究开发和成果转化。\n" +
				"2021 年市委主要领导到园区调研时，实地了解了研究院的核心技术、原材料供应、市场拓展和人才团队建设情况。",
			plan: &plan{rev: y4(4200, 5100, 5800, 6600), rd: p4(38, 36, 35, 34), staff: y4(120, 135, 150, 162), margin: flat(3),
				tech: 78, hitech: 92, debt: 35, assets: 2.2, conv: 4, ip1: 46, ip2: 30, phdRate: 14},
			quals: []demoQual{{kind: "rnd_institution", name: "河南省新型研发机构", level: "provincial", issued: "2019-12-18"}}},

		// New materials.
		{name: "洛阳钼钺新材料科技有限公司", rep: "郭建平", org: "91", area: "410305", founded: "2014-04-16", entered: "2016-05-10", capital: 6000,
			code: "C3254", emerging: "新材料产业", hitech: "新材料", loc: "加速器 5 号厂房", status: enterprise.Resident,
			tags: []string{"钼钨合金", "高温结构件", "粉末冶金"}, site: "moyue.example.cn", public: true,
			desc: "生产高纯钼板、钼钨合金异形件和高温炉用结构件，产品用于光伏、半导体和真空热处理装备。",
			plan: &plan{rev: y4(8200, 9100, 10300, 11600), rd: p4(4.6, 4.7, 4.8, 4.9), staff: y4(186, 198, 214, 228), margin: flat(8),
				tech: 22, hitech: 76, debt: 52, export: 12, conv: 5, ip1: 14, ip2: 31},
			quals: []demoQual{gaoqi("2024-12-06", 2311), provincialSoon("zhuanjingtexin", 62)}},
		{name: "洛阳澄晶特种玻璃有限公司", rep: "马晓东", org: "91", area: "410305", founded: "2017-08-03", entered: "2018-01-15", capital: 3000,
			code: "C3042", emerging: "新材料产业", hitech: "新材料", loc: "加速器 3 号厂房", status: enterprise.Resident,
			tags: []string{"特种玻璃", "超薄盖板", "化学强化"}, site: "chengjing.example.cn", public: true,
			desc: "研制超薄高铝硅盖板玻璃和化学强化工艺，为园区智能检测装备企业的客户配套供货。",
			plan: &plan{rev: y4(5200, 6100, 7300, 8400), rd: p4(3.7, 3.8, 3.9, 3.9), staff: y4(142, 156, 171, 183), margin: flat(7),
				tech: 16, hitech: 81, debt: 49, conv: 3, ip1: 6, ip2: 18},
			quals: []demoQual{kexiao(-1, 207)}},
		{name: "洛阳耐锐高温材料有限公司", rep: "韩国栋", org: "91", area: "410305", founded: "2011-09-22", entered: "2015-04-01", capital: 8000,
			code: "C3089", emerging: "新材料产业", hitech: "新材料", loc: "科创小镇规划区 西区 2 号地块", status: enterprise.Graduated, left: "2021-06-30",
			tags: []string{"耐火材料", "陶瓷纤维", "窑炉节能"}, site: "nairui.example.cn", public: true,
			desc: "从园区孵化毕业的高温材料企业，生产轻质耐火材料和陶瓷纤维制品，服务钢铁、有色和玻璃行业窑炉节能改造。",
			plan: &plan{rev: y4(18500, 20400, 22100, 23600), rd: p4(3.4, 3.3, 3.2, 3.2), staff: y4(420, 446, 463, 480), margin: flat(6),
				tech: 12, hitech: 64, debt: 58, export: 8, conv: 4, ip1: 11, ip2: 40},
			quals: []demoQual{gaoqi("2025-10-28", 3306)}},
		{name: "洛阳烯途碳材料科技有限公司", rep: "林思远", org: "91", area: "410305", founded: "2023-11-08", entered: "2024-04-01", capital: 500,
			code: "C3091", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 1 号楼 402", status: enterprise.Incubating,
			tags: []string{"石墨烯", "导热膜", "高校成果转化"}, site: "xitu.example.cn", public: true,
			desc: "高校教师团队创办，转化石墨烯导热膜制备技术，产品用于消费电子和储能设备散热。",
			plan: &plan{rev: y4(0, 0, 180, 460), rd: p4(0, 0, 42, 31), staff: y4(0, 0, 14, 22), margin: p4(0, 0, -35, -12),
				tech: 64, hitech: 70, debt: 22, assets: 2.5, conv: 1, ip1: 1, ip2: 3, equity: y4(0, 0, 0, 600)}},
		{name: "洛阳曜锂新能源材料有限公司", rep: "陈立伟", org: "91", area: "410311", founded: "2019-05-27", entered: "2019-09-01", capital: 2000,
			code: "C2662", emerging: "新材料产业", hitech: "新材料", loc: "加速器 6 号厂房", status: enterprise.Resident,
			tags: []string{"电解液添加剂", "锂电材料"}, site: "yaoli.example.cn", public: true,
			desc: "生产锂离子电池电解液功能添加剂，产线自动化程度高，一线生产人员占比较大。",
			plan: &plan{rev: y4(3100, 4200, 5600, 6900), rd: p4(5.2, 5.0, 4.9, 5.1), staff: y4(150, 190, 230, 260), margin: flat(6),
				tech: 9, hitech: 72, debt: 55, conv: 3, ip1: 5, ip2: 12}},
		{name: "洛阳瓷研精密陶瓷科技有限公司", rep: "许文静", org: "91", area: "410305", founded: "2020-03-18", entered: "2020-06-01", capital: 1000,
			code: "C3073", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 2 号楼 201", status: enterprise.Resident,
			tags: []string{"特种陶瓷", "氮化硅", "半导体零部件"}, site: "ciyan.example.cn", public: true,
			desc: "研制氮化硅、氧化锆精密陶瓷结构件，用于半导体设备和精密轴承，已进入国内设备厂商供应链。",
			plan: &plan{rev: y4(1300, 1650, 2100, 2600), rd: p4(7.1, 6.8, 6.5, 6.6), staff: y4(46, 55, 63, 71), margin: flat(9),
				tech: 35, hitech: 85, debt: 38, conv: 2, ip1: 4, ip2: 9},
			quals: []demoQual{kexiao(1, 231)}},
		{name: "洛阳纤固复合材料有限公司", rep: "杜宏伟", org: "91", area: "410305", founded: "2015-07-09", entered: "2016-03-01", capital: 2500,
			code: "C3062", emerging: "新材料产业", hitech: "新材料", loc: "加速器 4 号厂房", status: enterprise.Resident,
			tags: []string{"复合材料", "玻璃钢", "轻量化"}, site: "xiangu.example.cn", public: true,
			desc: "生产玻璃纤维和碳纤维增强复合材料构件，用于轨道交通内饰和风电设备轻量化。",
			plan: &plan{rev: y4(4300, 4700, 5050, 5400), rd: p4(5.3, 5.4, 5.1, 5.0), staff: y4(118, 124, 131, 137), margin: flat(7),
				tech: 18, hitech: 70, debt: 47, conv: 3, ip1: 7, ip2: 22},
			quals: []demoQual{gaoqiSoon(45, 1546)}},
		{name: "洛阳铜弈高导合金有限公司", rep: "邢海军", org: "91", area: "410305", founded: "2013-10-15", entered: "2015-08-01", capital: 5000,
			code: "C3251", emerging: "新材料产业", hitech: "新材料", loc: "加速器 7 号厂房", status: enterprise.Resident,
			tags: []string{"铜合金", "引线框架", "高导高强"}, site: "tongyi.example.cn", public: true,
			desc: "生产高导高强铜合金带材，受下游需求调整影响，近年营业收入有所回落。",
			plan: &plan{rev: y4(6200, 5800, 5300, 5100), rd: p4(3.4, 3.5, 3.6, 3.6), staff: y4(205, 198, 186, 180), margin: p4(4, 3, 2, 2),
				tech: 14, hitech: 61, debt: 71, export: 5, conv: 2, ip1: 3, ip2: 15},
			quals: []demoQual{gaoqi("2022-11-29", 1012)}},
		{name: "洛阳镁铝轻合金科技有限公司", rep: "范志强", org: "91", area: "410305", founded: "2016-06-06", entered: "2016-10-01", capital: 3000,
			code: "C3240", emerging: "新材料产业", hitech: "新材料", loc: "加速器 8 号厂房", status: enterprise.Resident,
			tags: []string{"镁合金", "铝合金", "压铸"}, site: "meilv.example.cn", public: true,
			desc: "研发高强韧镁铝合金材料及半固态压铸工艺，产品用于新能源汽车和无人机结构件。",
			plan: &plan{rev: y4(3100, 3600, 4250, 5010), rd: p4(5.6, 5.5, 5.6, 5.5), staff: y4(96, 104, 116, 128), margin: flat(8),
				tech: 20, hitech: 75, debt: 44, conv: 3, ip1: 6, ip2: 14},
			quals: []demoQual{gaoqi("2024-12-06", 2356), kexiao(1, 245)}},
		{name: "洛阳钛研增材科技有限公司", rep: "宋一鸣", org: "91", area: "410305", founded: "2022-05-12", entered: "2022-08-01", capital: 800,
			code: "C3393", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 1 号楼 305", status: enterprise.Incubating,
			tags: []string{"钛合金粉末", "增材制造", "粉末冶金"}, site: "taiyan.example.cn", public: true,
			desc: "制备增材制造用球形钛合金粉末，提供打印工艺开发和小批量零件试制服务。",
			plan: &plan{rev: y4(90, 420, 980, 1750), rd: p4(55, 26, 14, 9.5), staff: y4(9, 16, 25, 33), margin: p4(-40, -15, -3, 4),
				tech: 58, hitech: 90, debt: 30, assets: 1.6, conv: 1, ip1: 2, ip2: 6, equity: y4(0, 1200, 0, 0)},
			quals: []demoQual{kexiao(1, 262)}},
		{name: "洛阳膜科功能涂层材料有限公司", rep: "孟丽萍", org: "91", area: "410311", founded: "2018-04-02", entered: "2018-07-01", capital: 1200,
			code: "C2641", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 3 号楼 104", status: enterprise.Resident,
			tags: []string{"功能涂层", "防腐涂料"}, site: "moke.example.cn", public: true,
			desc: "生产重防腐和耐高温功能涂料，为矿山机械和电力设备提供涂层方案。",
			plan: &plan{rev: y4(2500, 2650, 2750, 2800), rd: p4(3.3, 3.4, 3.4, 3.4), staff: y4(62, 64, 66, 67), margin: flat(7),
				tech: 15, hitech: 66, debt: 41, conv: 2, ip1: 2, ip2: 11},
			quals: []demoQual{provincialSoon("chuangxin", 76)}},
		{name: "洛阳坚砺耐磨材料有限公司", rep: "贾振山", org: "91", area: "410305", founded: "2012-12-11", entered: "2015-06-01", capital: 2000,
			code: "C3391", emerging: "新材料产业", loc: "加速器 9 号厂房", status: enterprise.Resident,
			tags: []string{"耐磨铸件", "矿山配件"}, public: true,
			desc: "生产高铬铸铁和双金属复合耐磨铸件，主要配套矿山破碎和球磨设备。",
			plan: &plan{rev: y4(3500, 3700, 3900, 4100), rd: p4(2.8, 3.0, 3.1, 3.2), staff: y4(132, 135, 137, 140), margin: flat(5),
				tech: 11, hitech: 45, debt: 60, conv: 1, ip1: 1, ip2: 8}},
		{name: "洛阳银辉电子浆料有限公司", rep: "程晓燕", org: "91", area: "410305", founded: "2016-02-25", entered: "2016-06-01", capital: 2000,
			code: "C3985", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 3 号楼 302", status: enterprise.Resident,
			tags: []string{"电子浆料", "银浆", "光伏"}, site: "yinhui.example.cn", public: true,
			desc: "生产光伏电池和片式元件用导电银浆，近年贸易类收入占比上升。",
			plan: &plan{rev: y4(3800, 4400, 4900, 5300), rd: p4(4.9, 5.0, 4.8, 4.6), staff: y4(88, 95, 101, 106), margin: flat(6),
				tech: 24, hitech: 60, debt: 46, conv: 5, ip1: 5, ip2: 10},
			quals: []demoQual{gaoqi("2024-12-06", 2398)}},
		{name: "洛阳研澈高纯化学品有限公司", rep: "邵明哲", org: "91", area: "410305", founded: "2017-09-14", entered: "2018-03-01", capital: 1500,
			code: "C2661", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 3 号楼 201", status: enterprise.Resident,
			tags: []string{"高纯试剂", "电子化学品"}, site: "yanche.example.cn", public: true,
			desc: "生产电子级高纯试剂和分析标准物质，为高校和检测机构提供定制合成服务。",
			plan: &plan{rev: y4(2200, 2700, 3300, 3900), rd: p4(4.7, 4.8, 4.8, 4.9), staff: y4(58, 64, 70, 76), margin: flat(8),
				tech: 21, hitech: 78, debt: 36, conv: 3, ip1: 5, ip2: 9},
			quals: []demoQual{kexiao(1, 277)}},
		{name: "洛阳凝微气凝胶科技有限公司", rep: "叶子航", org: "91", area: "410305", founded: "2024-03-06", entered: "2024-05-01", capital: 300,
			code: "C3099", emerging: "新材料产业", hitech: "新材料", loc: "孵化器 1 号楼 408", status: enterprise.Incubating,
			tags: []string{"气凝胶", "隔热材料"}, public: false,
			desc: "研发二氧化硅气凝胶隔热毡，样品在储能电池包防火隔热测试中。",
			plan: &plan{rev: y4(0, 0, 60, 310), rd: p4(0, 0, 85, 38), staff: y4(0, 0, 8, 15), margin: p4(0, 0, -90, -30),
				tech: 70, hitech: 80, debt: 15, assets: 3, conv: 0, ip1: 0, ip2: 4}},
		{name: "洛阳砺晶超硬材料科技有限公司", rep: "段立军", org: "91", area: "410305", founded: "2015-11-19", entered: "2016-09-01", capital: 1500,
			code: "C3099", emerging: "新材料产业", hitech: "新材料", loc: "加速器 10 号厂房", status: enterprise.Resident,
			tags: []string{"超硬材料", "聚晶金刚石", "刀具"}, site: "lijing.example.cn", public: true,
			desc: "生产聚晶金刚石和立方氮化硼复合片及精密刀具，用于有色金属和复合材料加工。",
			plan: &plan{rev: y4(2100, 2300, 2600, 2900), rd: p4(5.5, 5.6, 5.6, 5.7), staff: y4(70, 74, 79, 83), margin: flat(9),
				tech: 26, hitech: 80, debt: 39, conv: 2, ip1: 3, ip2: 10},
			quals: []demoQual{provincial("chuangxin", "2025-08-15")}},

		// Intelligent equipment.
		{name: "洛阳研轴精密传动科技有限公司", rep: "潘卫东", org: "91", area: "410305", founded: "2013-05-20", entered: "2015-03-01", capital: 6000,
			code: "C3451", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "加速器 1 号厂房", status: enterprise.Resident,
			tags: []string{"精密轴承", "机器人减速器", "谐波传动"}, site: "yanzhou.example.cn", public: true,
			desc: "研制工业机器人减速器用精密轴承和谐波传动部件，主导产品在细分市场占有率居国内前列。",
			plan: &plan{rev: y4(9800, 11200, 12900, 14500), rd: p4(5.1, 5.3, 5.4, 5.6), staff: y4(236, 258, 279, 301), margin: flat(10),
				tech: 20, hitech: 80, debt: 42, export: 9, conv: 4, ip1: 12, ip2: 28},
			quals: []demoQual{gaoqi("2025-10-28", 3341), provincial("zhuanjingtexin", "2024-12-20")}},
		{name: "洛阳熔准智能焊接装备有限公司", rep: "田浩然", org: "91", area: "410305", founded: "2018-09-03", entered: "2019-01-01", capital: 1000,
			code: "C3424", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "加速器 2 号厂房 西跨", status: enterprise.Resident,
			tags: []string{"焊接机器人", "激光焊", "工艺软件"}, site: "rongzhun.example.cn", public: true,
			desc: "提供焊接机器人工作站和激光焊接装备，自研焊缝跟踪与工艺数据库，服务工程机械和压力容器企业。",
			plan: &plan{rev: y4(1900, 2400, 3050, 3800), rd: p4(6.2, 6.1, 6.0, 6.1), staff: y4(58, 69, 81, 94), margin: flat(9),
				tech: 30, hitech: 83, debt: 40, conv: 3, ip1: 5, ip2: 20},
			quals: []demoQual{kexiao(1, 296), provincial("chuangxin", "2025-09-10")}},
		{name: "洛阳履安特种机器人有限公司", rep: "秦朗", org: "91", area: "410305", founded: "2019-07-15", entered: "2019-10-01", capital: 1500,
			code: "C3492", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "中试基地 1 号楼", status: enterprise.Resident,
			tags: []string{"巡检机器人", "防爆", "特种作业"}, site: "lvan.example.cn", public: true,
			desc: "研制防爆巡检和管廊巡检特种机器人，产品在化工园区和电力管廊应用。",
			plan: &plan{rev: y4(1600, 2300, 3100, 4200), rd: p4(12, 11, 10, 9.5), staff: y4(52, 66, 83, 101), margin: p4(4, 7, 9, 10),
				tech: 45, hitech: 90, debt: 37, conv: 4, ip1: 9, ip2: 26, equity: y4(0, 0, 3000, 0)},
			quals: []demoQual{kexiao(1, 314)}},
		{name: "洛阳层构增材制造装备有限公司", rep: "鲁嘉怡", org: "91", area: "410305", founded: "2021-09-07", entered: "2022-01-01", capital: 600,
			code: "C3493", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "孵化器 2 号楼 105", status: enterprise.Incubating,
			tags: []string{"增材制造", "金属 3D 打印", "砂型打印"}, site: "cenggou.example.cn", public: true,
			desc: "研发大尺寸砂型和金属增材制造装备，为铸造企业提供快速成形服务。",
			plan: &plan{rev: y4(260, 680, 1150, 1580), rd: p4(32, 18, 12, 10), staff: y4(15, 24, 32, 40), margin: p4(-20, -6, 2, 5),
				tech: 50, hitech: 88, debt: 28, assets: 1.5, conv: 1, ip1: 3, ip2: 10, equity: y4(0, 0, 2000, 0)},
			quals: []demoQual{kexiao(1, 329)}},
		{name: "洛阳田智农机电控科技有限公司", rep: "庞振华", org: "91", area: "410305", founded: "2017-03-21", entered: "2017-06-01", capital: 1000,
			code: "C3572", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "孵化器 2 号楼 308", status: enterprise.Resident,
			tags: []string{"智能农机", "电控系统", "无人驾驶"}, site: "tianzhi.example.cn", public: true,
			desc: "为拖拉机和收获机械提供电控液压、自动导航和作业监测系统。",
			plan: &plan{rev: y4(2800, 3300, 3900, 4500), rd: p4(6.2, 6.5, 6.3, 6.1), staff: y4(74, 82, 90, 98), margin: flat(8),
				tech: 28, hitech: 82, debt: 43, conv: 3, ip1: 6, ip2: 19},
			quals: []demoQual{gaoqiSoon(85, 1699)}},
		{name: "洛阳掘智矿山装备科技有限公司", rep: "姚国庆", org: "91", area: "410305", founded: "2012-08-08", entered: "2015-01-01", capital: 10000,
			code: "C3511", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "科创小镇规划区 东区 1 号地块", status: enterprise.Graduated, left: "2022-12-31",
			tags: []string{"矿山装备", "智能掘进", "远程运维"}, site: "juezhi.example.cn", public: true,
			desc: "从园区毕业的矿山智能装备企业，提供智能掘进装备和远程运维平台。",
			plan: &plan{rev: y4(12800, 13900, 15200, 16800), rd: p4(4.2, 4.3, 4.1, 4.2), staff: y4(330, 352, 371, 390), margin: flat(7),
				tech: 15, hitech: 68, debt: 56, export: 10, conv: 5, ip1: 10, ip2: 36},
			quals: []demoQual{gaoqi("2024-12-06", 2417), provincial("zhuanjingtexin", "2025-06-18")}},
		{name: "洛阳曜准数控机床附件有限公司", rep: "武新民", org: "91", area: "410305", founded: "2016-04-11", entered: "2016-08-01", capital: 1000,
			code: "C3425", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "（已迁出）", status: enterprise.MovedOut, left: "2025-06-30",
			tags: []string{"数控转台", "机床附件"}, site: "yaozhun.example.cn", public: true,
			desc: "生产数控转台和刀库等机床功能部件，2025 年因扩大产能迁往外地。",
			plan: &plan{rev: y4(2600, 2900, 3100, 0), rd: p4(5.0, 5.1, 5.2, 0), staff: y4(80, 86, 90, 0), margin: flat(6),
				tech: 19, hitech: 74, debt: 45, conv: 2, ip1: 4, ip2: 12},
			quals: []demoQual{gaoqi("2023-12-08", 1225)}},
		{name: "洛阳明瞳光电科技有限公司", rep: "董一帆", org: "91", area: "410305", founded: "2023-03-09", entered: "2023-06-01", capital: 500,
			code: "C3976", emerging: "新一代信息技术产业", hitech: "电子信息", loc: "孵化器 1 号楼 210", status: enterprise.Incubating,
			tags: []string{"工业镜头", "光源", "机器视觉配套"}, site: "mingtong.example.cn", public: true,
			desc: "随园区机器视觉产业链落户，生产工业远心镜头和检测光源，为智能检测装备企业就近配套。",
			plan: &plan{rev: y4(0, 220, 760, 1420), rd: p4(0, 16, 11, 8.5), staff: y4(0, 12, 24, 35), margin: p4(0, -25, -4, 5),
				tech: 40, hitech: 86, debt: 33, assets: 1.4, conv: 1, ip1: 1, ip2: 8}},
		{name: "洛阳驰衡运动控制技术有限公司", rep: "蒋博文", org: "91", area: "410305", founded: "2016-10-13", entered: "2017-02-01", capital: 2000,
			code: "C4011", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "创新大厦 B 座 6 层", status: enterprise.Resident,
			tags: []string{"运动控制", "伺服驱动", "精密平台"}, site: "chiheng.example.cn", public: true,
			desc: "研发多轴运动控制器、伺服驱动和精密运动平台，是园区智能检测装备的核心部件供应商。",
			plan: &plan{rev: y4(3600, 4300, 5200, 6500), rd: p4(7.2, 7.4, 7.5, 7.5), staff: y4(92, 106, 121, 138), margin: flat(11),
				tech: 36, hitech: 90, debt: 35, conv: 4, ip1: 8, ip2: 24},
			quals: []demoQual{{kind: "gaoqi", level: "national", issued: "2022-12-15", cert: "GR202241001364"}, gaoqi("2025-12-10", 3402)}},
		{name: "洛阳数匠工业软件有限公司", rep: "曹雨桐", org: "91", area: "410305", founded: "2018-05-16", entered: "2018-09-01", capital: 500,
			code: "I6513", emerging: "新一代信息技术产业", hitech: "电子信息", loc: "创新大厦 A 座 5 层", status: enterprise.Resident,
			tags: []string{"工业软件", "制造执行系统", "材料工艺数据"}, site: "shujiang.example.cn", public: true,
			desc: "为新材料和装备制造企业开发制造执行系统和工艺数据管理软件。",
			plan: &plan{rev: y4(850, 1100, 1300, 1600), rd: p4(18, 17, 16, 15), staff: y4(38, 44, 50, 57), margin: flat(10),
				tech: 70, hitech: 95, debt: 25, assets: 0.9, conv: 3, ip1: 0, ip2: 28, softIP: true},
			quals: []demoQual{gaoqi("2025-10-28", 3378), kexiao(1, 341)}},
		{name: "洛阳链测物联网科技有限公司", rep: "彭俊杰", org: "91", area: "410305", founded: "2020-08-20", entered: "2021-03-01", capital: 300,
			code: "I6532", emerging: "新一代信息技术产业", hitech: "电子信息", loc: "孵化器 2 号楼 410", status: enterprise.Incubating,
			tags: []string{"物联网", "设备监测"}, site: "lianc.example.cn", public: true,
			desc: "提供设备状态监测物联网终端和平台，以项目实施和销售人员为主。",
			plan: &plan{rev: y4(320, 410, 560, 690), rd: p4(5.0, 5.1, 5.2, 5.2), staff: y4(20, 24, 29, 33), margin: p4(-5, 1, 3, 4),
				tech: 12, hitech: 70, debt: 30, conv: 0, ip1: 0, ip2: 2, softIP: true},
			quals: []demoQual{kexiao(-1, 355)}},
		{name: "洛阳睿检无损检测设备有限公司", rep: "薛文涛", org: "91", area: "410305", founded: "2016-12-05", entered: "2017-04-01", capital: 1000,
			code: "C4014", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "中试基地 2 号楼", status: enterprise.Resident,
			tags: []string{"无损检测", "超声相控阵", "检测仪器"}, site: "ruijian.example.cn", public: true,
			desc: "研制超声相控阵和涡流无损检测仪器，用于轴承、管道和焊缝检测。",
			plan: &plan{rev: y4(1900, 2050, 2400, 2800), rd: p4(8.0, 8.5, 8.2, 8.0), staff: y4(56, 61, 66, 72), margin: flat(10),
				tech: 33, hitech: 86, debt: 32, conv: 4, ip1: 4, ip2: 13},
			quals: []demoQual{gaoqi("2024-12-06", 2440), kexiao(1, 368)}},
		{name: "洛阳磁驱电机科技有限公司", rep: "吕永刚", org: "91", area: "410305", founded: "2015-03-30", entered: "2015-09-01", capital: 3000,
			code: "C3812", emerging: "高端装备制造产业", hitech: "先进制造与自动化", loc: "加速器 11 号厂房", status: enterprise.Resident,
			tags: []string{"永磁电机", "直驱", "节能改造"}, site: "ciqu.example.cn", public: true,
			desc: "生产低速大扭矩永磁直驱电机，用于矿山输送和港口装卸设备节能改造。",
			plan: &plan{rev: y4(5600, 6800, 8150, 9960), rd: p4(5.3, 5.2, 5.3, 5.2), staff: y4(160, 178, 196, 215), margin: flat(9),
				tech: 19, hitech: 79, debt: 48, conv: 4, ip1: 7, ip2: 21},
			quals: []demoQual{gaoqi("2024-12-06", 2462), {kind: "dengling", name: "洛阳市瞪羚企业", level: "municipal", issued: "2025-09-01", expires: "2027-08-31"}}},
		{name: "洛阳柔电储能装备科技有限公司", rep: "何欣然", org: "91", area: "410305", founded: "2024-08-19", entered: "2024-10-01", capital: 500,
			code: "C3824", emerging: "新能源产业", hitech: "新能源与节能", loc: "孵化器 1 号楼 106", status: enterprise.Incubating,
			tags: []string{"储能变流器", "电池管理"}, public: false,
			desc: "研发工商业储能变流器和电池管理系统，首台样机在园区配电房试运行。",
			plan: &plan{rev: y4(0, 0, 0, 120), rd: p4(0, 0, 0, 95), staff: y4(0, 0, 0, 12), margin: p4(0, 0, 0, -120),
				tech: 75, hitech: 60, debt: 10, assets: 5, ip1: 0, ip2: 2}},
		{name: "洛阳云衍数字孪生科技有限公司", rep: "邱晨", org: "91", area: "410305", founded: "2017-01-10", entered: "2017-05-01", capital: 1000,
			code: "I6513", emerging: "新一代信息技术产业", hitech: "电子信息", loc: "洛阳市洛龙区（园区外办公）", status: enterprise.Graduated, left: "2024-06-30",
			tags: []string{"数字孪生", "工厂可视化"}, site: "yunyan.example.cn", public: true,
			desc: "从园区毕业的软件企业，为装备制造企业提供数字孪生工厂和设备可视化平台。",
			plan: &plan{rev: y4(1500, 1900, 2300, 2600), rd: p4(12, 12, 12, 11.5), staff: y4(60, 68, 75, 80), margin: flat(9),
				tech: 60, hitech: 92, debt: 28, assets: 0.9, conv: 3, ip1: 2, ip2: 34, softIP: true},
			quals: []demoQual{gaoqi("2023-12-08", 1241)}},

		// Service agencies and a university institute.
		{name: "洛阳睿专知识产权代理有限公司", rep: "方慧敏", org: "91", area: "410305", founded: "2016-07-21", entered: "2017-01-01", capital: 100,
			kind: enterprise.KindAgency, code: "M7520", emerging: "相关服务业", hitech: "高技术服务", loc: "综合服务楼 2 层", status: enterprise.Resident,
			tags: []string{"专利代理", "知识产权贯标", "商标"}, site: "ruizhuan.example.cn", public: true,
			desc:  "为园区企业提供专利、商标代理和知识产权管理体系贯标服务，是科技创新券服务机构。",
			plan:  &plan{rev: y4(380, 420, 470, 520), rd: flat(0), staff: y4(18, 20, 22, 24), margin: flat(12), tech: 50, hitech: 0, debt: 20, assets: 0.6},
			quals: []demoQual{{kind: "other", name: "专利代理机构执业许可", level: "national", issued: "2016-11-02"}}},
		{name: "洛阳检知材料检测技术有限公司", rep: "袁志伟", org: "91", area: "410305", founded: "2014-06-18", entered: "2016-01-01", capital: 1000,
			kind: enterprise.KindAgency, code: "M7452", emerging: "相关服务业", hitech: "高技术服务", loc: "中试基地 3 号楼", status: enterprise.Resident,
			tags: []string{"材料检测", "CMA", "失效分析"}, site: "jianzhi.example.cn", public: true,
			desc:  "提供金属、陶瓷和复合材料的成分、力学性能检测及失效分析服务。",
			plan:  &plan{rev: y4(900, 1050, 1200, 1300), rd: flat(3), staff: y4(34, 37, 40, 42), margin: flat(11), tech: 60, hitech: 90, debt: 30, assets: 1.8, ip1: 0, ip2: 3},
			quals: []demoQual{{kind: "other", name: "检验检测机构资质认定（CMA）", level: "provincial", issued: "2022-03-15", expires: "2028-03-14"}}},
		{name: "洛阳科汇技术转移服务有限公司", rep: "黎明远", org: "91", area: "410305", founded: "2018-02-07", entered: "2018-04-01", capital: 200,
			kind: enterprise.KindAgency, code: "M7530", emerging: "相关服务业", hitech: "高技术服务", loc: "科技成果展厅 服务台", status: enterprise.Resident,
			tags: []string{"技术转移", "成果评价", "技术经纪"}, site: "kehui.example.cn", public: true,
			desc: "开展技术需求挖掘、成果评价和技术经纪服务，协助园区组织“揭榜挂帅”需求征集。",
			plan: &plan{rev: y4(210, 260, 300, 340), rd: flat(0), staff: y4(10, 12, 13, 14), margin: flat(8), tech: 60, hitech: 0, debt: 15, assets: 0.5}},
		{name: "洛阳诚睿财税咨询有限公司", rep: "罗佳", org: "91", area: "410305", founded: "2019-04-09", entered: "2019-06-01", capital: 50,
			kind: enterprise.KindAgency, code: "L7241", emerging: "相关服务业", loc: "综合服务楼 3 层", status: enterprise.Resident,
			tags: []string{"财税代理", "研发费用归集"}, public: false,
			desc: "为初创企业提供记账报税、研发费用辅助账和加计扣除申报辅导。",
			plan: &plan{rev: y4(120, 140, 165, 180), rd: flat(0), staff: y4(8, 9, 9, 10), margin: flat(10), tech: 0, hitech: 0, debt: 10, assets: 0.4}},
		{name: "伊洛大学先进材料与智能制造研究院", rep: "傅青山", org: "12", area: "410300", founded: "2012-05-08", entered: "2014-09-01", capital: 2000,
			kind: enterprise.KindUniversity, code: "M7320", emerging: "新材料产业", hitech: "新材料", loc: "创新大厦 A 座 11–12 层", status: enterprise.Resident,
			tags: []string{"高校院所", "联合实验室", "成果转化"}, site: "amim.example.edu.cn", public: true,
			desc: "大学在园区设立的研究院，建有先进材料和智能制造两个联合实验室，面向入驻企业开放共享仪器设备。",
			plan: &plan{rev: y4(600, 750, 820, 900), rd: flat(60), staff: y4(40, 42, 44, 46), margin: flat(2), tech: 90, hitech: 90, debt: 10, assets: 4,
				conv: 5, ip1: 38, ip2: 12, phdRate: 40},
			quals: []demoQual{{kind: "rnd_institution", name: "河南省工程技术研究中心", level: "provincial", issued: "2018-12-20"}}},
	}
}

// seedDemoEnterprises fills the registry through the service, as the park's staff and the enterprise's own
// user would: records and titles by the park, figures entered by the park (approved), most of the vision
// company's years filed by its own user (see seedDemoFigures), then contacts, products and supply links. An enterprise whose credit code is already registered is left as it is, so running
// the demo again changes nothing.
func seedDemoEnterprises(ctx context.Context, a *app.App) error {
	staff, err := demoActor(ctx, a, "park")
	if err != nil {
		return err
	}
	existing, _, err := a.Enterprises.FindEnterprises(ctx, staff, enterprise.Filter{Limit: 1000})
	if err != nil {
		return err
	}
	have := map[string]int64{}
	for _, e := range existing {
		have[e.USCC] = e.ID
	}
	today := dayOf(time.Now())
	created := map[string]int64{}
	for i, de := range demoEnterprises() {
		founded := 0
		if de.founded != "" {
			founded = d(de.founded).Year()
		}
		uscc := demoUSCC(de.org, de.area, de.name, founded)
		if _, ok := have[uscc]; ok {
			continue
		}
		in := enterprise.Input{Name: de.name, USCC: uscc, LegalRep: de.rep, FoundedOn: d(de.founded), RegisteredCapital: fen(de.capital),
			Kind: de.kind, IndustryCode: de.code, EmergingIndustry: de.emerging, HitechField: de.hitech, Location: de.loc,
			Status: de.status, EnteredOn: d(de.entered), Tags: append([]string(nil), de.tags...), Description: de.desc, Public: de.public}
		if de.site != "" {
			in.Website = "https://" + de.site
		}
		switch de.status {
		case enterprise.Graduated:
			in.GraduatedOn = d(de.left)
		case enterprise.MovedOut:
			in.MovedOutOn = d(de.left)
		}
		e, err := a.Enterprises.CreateEnterprise(ctx, staff, in)
		if err != nil {
			return fmt.Errorf("demo enterprise %s: %w", de.name, err)
		}
		created[de.name] = e.ID
		if err := seedDemoFigures(ctx, a, staff, e.ID, de, i == 0); err != nil {
			return fmt.Errorf("demo figures of %s: %w", de.name, err)
		}
		for _, q := range de.quals {
			if _, err := a.Enterprises.AddQualification(ctx, staff, q.resolve(e.ID, today)); err != nil {
				return fmt.Errorf("demo qualification of %s: %w", de.name, err)
			}
		}
	}
	if err := seedEnterpriseExtras(ctx, a, staff, created); err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, de := range demoEnterprises() {
		founded := 0
		if de.founded != "" {
			founded = d(de.founded).Year()
		}
		uscc := demoUSCC(de.org, de.area, de.name, founded)
		if id, ok := have[uscc]; ok {
			ids[de.name] = id
		} else if id, ok := created[de.name]; ok {
			ids[de.name] = id
		}
	}
	return seedDemoAssessments(ctx, a, staff, ids, today)
}

// demoAssess is what the park checked about a demo enterprise for its 2026 applications (申报信息) beyond
// what its plan gives (headcounts, IP): records, market facts, and whether the 高企 expert review took place.
// Everything here is invented, like the figures.
type demoAssess struct {
	awards       []enterprise.Award
	institutions []enterprise.RDInstitution
	standards    []enterprise.Standard
	nicheSince   string
	market       enterprise.AssessedMarket
	// experts: the 高企 expert review took place; its judgements are yes and its points lie three quarters up
	// each band the figures allow (invented).
	experts bool
}

// demoAssessments are the enterprises whose 申报信息 the demo records: the vision company (every scheme,
// 高企 renewal with its expert points), a 高企 and 创新型 candidate with a decided score, and two young
// enterprises that may apply for 科小 and 创新型.
func demoAssessments() map[string]demoAssess {
	share := func(bp int64) *int64 { return &bp }
	return map[string]demoAssess{
		"中科慧远视觉技术（洛阳）有限公司": {
			awards: []enterprise.Award{{Name: "河南省科学技术进步奖二等奖", Level: criteria.LevelProvincial, Year: 2024, Rank: 1}},
			institutions: []enterprise.RDInstitution{{Name: "河南省机器视觉智能检测工程技术研究中心", Kind: "工程技术研究中心",
				Level: criteria.LevelProvincial, ValidFrom: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)}},
			standards:  []enterprise.Standard{{Name: "盖板玻璃外观缺陷视觉检测设备（团体标准）", Level: criteria.LevelGroup, Year: 2024, Rank: 1}},
			nicheSince: "2019-03-01",
			market: enterprise.AssessedMarket{DigitalLevel: ptr(3), QualityAward: criteria.Bool(false), QualityCertified: criteria.Bool(true),
				OwnBrand: criteria.Bool(true), NationalShareBP: share(1250)},
			experts: true,
		},
		"洛阳履安特种机器人有限公司": {nicheSince: "2019-10-01", experts: true,
			market: enterprise.AssessedMarket{QualityCertified: criteria.Bool(true), OwnBrand: criteria.Bool(true)}},
		"洛阳明瞳光电科技有限公司":  {nicheSince: "2023-06-01"},
		"洛阳烯途碳材料科技有限公司": {nicheSince: "2024-04-01"},
	}
}

// headcounts are the 2025 counts the 高企 and 科小 averages need, growing evenly from the end of 2024 to the
// end of 2025 as the plan's year-end counts do: 13 month-end counts (195号) and 5 quarter-end counts (115号
// 填报说明), 科技人员 at the plan's share.
func (p *plan) headcounts() enterprise.StaffYear {
	from, to := p.staff[2], p.staff[3]
	at := func(k, n int64) int64 { return from + (to-from)*k/n }
	s := enterprise.StaffYear{Year: demoLast}
	for k := range int64(13) {
		n := at(k, 12)
		s.MonthlyTotal, s.MonthlyTech = append(s.MonthlyTotal, n), append(s.MonthlyTech, part(n, p.tech))
	}
	for k := range int64(5) {
		n := at(k, 4)
		s.QuarterlyTotal, s.QuarterlyTech = append(s.QuarterlyTotal, n), append(s.QuarterlyTech, part(n, p.tech))
	}
	return s
}

// seedDemoAssessments records the 申报信息 of demoAssessments as park staff would, once: an enterprise whose
// assessment exists is left as it is. The credit records count as checked through today, with nothing found.
func seedDemoAssessments(ctx context.Context, a *app.App, staff *auth.Actor, ids map[string]int64, today time.Time) error {
	y, m, dd := today.In(cst).Date()
	checked := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	assessments := demoAssessments()
	for _, de := range demoEnterprises() {
		name := de.name
		x, planned := assessments[name]
		entID, ok := ids[name]
		if !planned || !ok || de.plan == nil {
			continue
		}
		cur, err := a.Enterprises.FindAssessment(ctx, staff, entID)
		if err != nil {
			return err
		}
		if cur.Recorded() {
			continue
		}
		p := de.plan
		niche := *d(x.nicheSince)
		as := enterprise.Assessment{
			RestrictedProducts: criteria.Bool(false), TitlesChecked: true,
			Staff:                    []enterprise.StaffYear{p.headcounts()},
			ComplianceCheckedThrough: checked,
			IP: enterprise.AssessedIP{ClassIMain: ptr(p.ip1), ClassIIMain: ptr(p.ip2), ClassIIMainUsed: ptr(0), OwnRD: criteria.Bool(true),
				ClassILeading: ptr(p.ip1), ClassILeadingOwnRD: ptr(p.ip1), ClassILeadingHighValue: ptr(0), ClassILeadingApplied: ptr(p.ip1),
				ClassIILeading: ptr(p.ip2)},
			Awards: x.awards, AwardsKnown: true, Institutions: x.institutions, InstitutionsKnown: true,
			Standards: x.standards, StandardsKnown: true, MakerChinaKnown: true,
			NicheSince: time.Date(niche.Year(), niche.Month(), niche.Day(), 0, 0, 0, 0, time.UTC),
			Market:     x.market,
			Note:       "演示数据：园区查询公开信用记录（无记录），核对知识产权证书和企业提供的季末、月末人数。",
		}
		if x.experts {
			as.Judgements = enterprise.AssessedJudgements{CoreIPSupport: criteria.Bool(true), KeyTechField: criteria.Bool(true)}
		}
		if _, err := a.Enterprises.SaveAssessment(ctx, staff, entID, as); err != nil {
			return fmt.Errorf("demo assessment of %s: %w", name, err)
		}
		if !x.experts {
			continue
		}
		// The experts' points: three quarters up each band the figures leave open.
		r, err := a.Enterprises.EvaluateEnterprise(ctx, staff, entID, criteria.SchemeGaoqi, demoLast+1)
		if err != nil {
			return err
		}
		as.Judgements.Points = map[string]int{}
		for _, it := range enterprise.JudgedItems() {
			if o, ok := r.Outcome(it.ID); ok && it.SetID == r.SetID && !o.Score.Fixed() {
				as.Judgements.Points[it.ID] = o.Score.Hi - (o.Score.Hi-o.Score.Lo)/4
			}
		}
		as.Note += "高企专家评审意见已录入。"
		if _, err := a.Enterprises.SaveAssessment(ctx, staff, entID, as); err != nil {
			return fmt.Errorf("demo expert points of %s: %w", name, err)
		}
	}
	return nil
}

// seedDemoFigures enters an enterprise's figures, as the park does. The vision company's user files its own
// instead: 2024 and 2025 (approved by the park, so that the criteria engine, which reads approved figures
// only, can judge the 2026 applications), and 2022, filed late for the Torch statistics, returned once with a
// comment (the R&D spent in China left out, other income counted as high-tech income) and now waiting,
// corrected, in the review queue with that comment beside it.
func seedDemoFigures(ctx context.Context, a *app.App, staff *auth.Actor, entID int64, de demoEnt, selfFiled bool) error {
	if de.plan == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(nameHash(de.name), 2022))
	var tenant *auth.Actor
	if selfFiled {
		var err error
		if tenant, err = demoTenant(ctx, a, entID); err != nil {
			return err
		}
	}
	for i := range demoLast - demoFirst + 1 {
		if de.plan.rev[i] == 0 {
			continue
		}
		year := demoFirst + i
		f := de.plan.figures(i, rng)
		switch {
		case tenant == nil || year == 2023:
			if _, err := a.Enterprises.SaveReport(ctx, staff, entID, year, f, "演示数据", false); err != nil {
				return err
			}
		case year == 2022:
			first := f
			first.RnDDomestic = nil
			first.HitechRevenue = ptr(*f.Revenue * 97 / 100)
			if _, err := a.Enterprises.SaveReport(ctx, tenant, entID, year, first, "补报 2022 年度数据（火炬统计）", true); err != nil {
				return err
			}
			if err := a.Enterprises.ReviewReport(ctx, staff, entID, year, false,
				"请补填境内研究开发费用；高新技术产品（服务）收入请按高企口径填写，不含其他业务收入。"); err != nil {
				return err
			}
			if _, err := a.Enterprises.SaveReport(ctx, tenant, entID, year, f, "已按退回意见补填境内研发费用，并更正高新技术产品（服务）收入", true); err != nil {
				return err
			}
		default:
			if _, err := a.Enterprises.SaveReport(ctx, tenant, entID, year, f, fmt.Sprintf("按 %d 年度财务报表填报", year), true); err != nil {
				return err
			}
			if err := a.Enterprises.ReviewReport(ctx, staff, entID, year, true, "与年度财务报表核对一致"); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoTenant acts as the demo's enterprise account, bound to the vision company. The account is created
// before the registry is filled and bound to enterprise 1, which the vision company is in a new database;
// in a database that already had enterprises the binding is corrected here.
func demoTenant(ctx context.Context, a *app.App, entID int64) (*auth.Actor, error) {
	sys := auth.System("demo")
	u, err := a.Accounts.FindUserByUsername(ctx, sys, "tenant")
	if err != nil {
		return nil, fmt.Errorf("demo account tenant: %w", err)
	}
	if u.EnterpriseID != entID {
		if err := a.Accounts.SetRoles(ctx, sys, u.ID, u.Roles, entID); err != nil {
			return nil, err
		}
	}
	act := auth.NewActor(a.Roles, u.ID, u.Username, u.Roles)
	act.DisplayName, act.EnterpriseID = u.DisplayName, entID
	return act, nil
}

// demoExtras are the contacts, products and supply links of a demo enterprise. The phone numbers are
// samples in the shape of the park's own (0379-0000xxxx), not anyone's number.
type demoExtras struct {
	contacts []enterprise.ContactInput
	products []enterprise.Product
	links    []enterprise.Link
}

// demoExtrasByName holds the extras of the enterprises whose supply chain the demo tells: the vision company
// with its suppliers and a customer in the park, and a few others.
func demoExtrasByName() map[string]demoExtras {
	const vision = "中科慧远视觉技术（洛阳）有限公司"
	product := func(name string, stage enterprise.Stage, raw, sources, customers, markets string) enterprise.Product {
		return enterprise.Product{Name: name, Stage: stage, RawMaterials: raw, MaterialSources: sources, Customers: customers, Markets: markets}
	}
	supplier := func(partner, what string) enterprise.Link {
		return enterprise.Link{Kind: enterprise.LinkSupplier, PartnerName: partner, Product: what}
	}
	customer := func(partner, what string) enterprise.Link {
		return enterprise.Link{Kind: enterprise.LinkCustomer, PartnerName: partner, Product: what}
	}
	return map[string]demoExtras{
		vision: {
			contacts: []enterprise.ContactInput{
				{Name: "周宁", Title: "综合管理部经理", Phone: "0379-00000101", Email: "office@zkhy.example.cn", Primary: true},
				{Name: "韩蕾", Title: "财务主管（年度数据填报）", Phone: "0379-00000102", Email: "finance@zkhy.example.cn"},
			},
			products: []enterprise.Product{
				product("盖板玻璃外观缺陷智能检测设备", enterprise.StageIndustrial, "工业相机、远心镜头、检测光源、运动控制器、花岗岩平台",
					"相机部分进口；镜头、光源和运动控制器由园区企业就近配套", "消费电子盖板玻璃加工企业", "国内消费电子产业集聚地区"),
			},
			links: []enterprise.Link{
				supplier("洛阳明瞳光电科技有限公司", "工业远心镜头、检测光源"),
				supplier("洛阳驰衡运动控制技术有限公司", "多轴运动控制器、精密运动平台"),
				supplier("进口工业相机代理商", "高分辨率面阵相机"),
				customer("洛阳澄晶特种玻璃有限公司", "盖板玻璃外观缺陷检测设备"),
			},
		},
		"深圳光启洛阳尖端技术研究院": {
			contacts: []enterprise.ContactInput{{Name: "沈哲", Title: "成果转化部", Phone: "0379-00000111", Email: "transfer@kc-ly.example.cn", Primary: true}},
			products: []enterprise.Product{product("超材料电磁功能结构件", enterprise.StagePilot, "高性能纤维、树脂基体、功能薄膜", "国内采购",
				"装备制造企业", "国内")},
		},
		"洛阳澄晶特种玻璃有限公司": {
			contacts: []enterprise.ContactInput{{Name: "马骏", Title: "总经理助理", Phone: "0379-00000121", Primary: true}},
			products: []enterprise.Product{product("超薄高铝硅盖板玻璃", enterprise.StageIndustrial, "高铝硅玻璃原片、硝酸钾",
				"原片来自省外玻璃企业", "手机和平板电脑盖板加工企业", "华南、华东")},
		},
		"洛阳明瞳光电科技有限公司": {
			contacts: []enterprise.ContactInput{{Name: "董一帆", Title: "执行董事", Phone: "0379-00000131", Email: "hi@mingtong.example.cn", Primary: true}},
			products: []enterprise.Product{
				product("工业远心镜头", enterprise.StageSmallBatch, "光学玻璃、精密结构件", "光学玻璃国内采购", "机器视觉装备企业", "洛阳本地及华东"),
				product("同轴与环形检测光源", enterprise.StageIndustrial, "LED 芯片、导光板、驱动电路", "国内采购", "机器视觉装备企业", "国内"),
			},
		},
		"洛阳驰衡运动控制技术有限公司": {
			contacts: []enterprise.ContactInput{{Name: "蒋博文", Title: "总经理", Phone: "0379-00000141", Primary: true}},
			products: []enterprise.Product{product("多轴运动控制器", enterprise.StageIndustrial, "主控芯片、编码器接口、功率器件",
				"芯片部分进口", "智能检测装备和激光加工装备企业", "国内")},
		},
		"洛阳钼钺新材料科技有限公司": {
			products: []enterprise.Product{product("高纯钼板", enterprise.StageIndustrial, "钼精矿、仲钼酸铵", "洛阳本地钼资源", "光伏和半导体设备企业", "国内，部分出口")},
			links: []enterprise.Link{
				supplier("洛阳数匠工业软件有限公司", "制造执行系统"),
				supplier("洛阳检知材料检测技术有限公司", "成分与力学性能检测"),
			},
		},
		"洛阳研轴精密传动科技有限公司": {
			products: []enterprise.Product{product("机器人减速器精密轴承", enterprise.StageIndustrial, "轴承钢、保持架", "轴承钢来自国内钢厂",
				"工业机器人减速器制造企业", "国内")},
			links: []enterprise.Link{supplier("洛阳瓷研精密陶瓷科技有限公司", "氮化硅陶瓷球")},
		},
		"洛阳熔准智能焊接装备有限公司": {
			products: []enterprise.Product{product("焊接机器人工作站", enterprise.StageIndustrial, "六轴机器人本体、焊接电源、变位机", "机器人本体外购",
				"工程机械、压力容器企业", "河南及周边省份")},
			links: []enterprise.Link{supplier("洛阳驰衡运动控制技术有限公司", "变位机运动控制器")},
		},
	}
}

// seedEnterpriseExtras records the contacts, products and supply links of the enterprises created in this
// run, once all of them exist, so that a link to another demo enterprise finds it in the registry.
func seedEnterpriseExtras(ctx context.Context, a *app.App, staff *auth.Actor, created map[string]int64) error {
	extras := demoExtrasByName()
	for _, de := range demoEnterprises() {
		name := de.name
		x, ok := extras[name]
		entID, made := created[name]
		if !ok || !made {
			continue
		}
		for _, c := range x.contacts {
			if _, err := a.Enterprises.SaveContact(ctx, staff, entID, 0, c); err != nil {
				return fmt.Errorf("demo contact of %s: %w", name, err)
			}
		}
		for _, p := range x.products {
			p.EnterpriseID = entID
			if _, err := a.Enterprises.SaveProduct(ctx, staff, p); err != nil {
				return fmt.Errorf("demo product of %s: %w", name, err)
			}
		}
		for _, l := range x.links {
			l.EnterpriseID = entID
			if _, err := a.Enterprises.SaveLink(ctx, staff, l); err != nil {
				return fmt.Errorf("demo supply link of %s: %w", name, err)
			}
		}
	}
	return nil
}
