package criteria

import (
	"math/big"
	"time"
)

// Profile is what the engine knows about one enterprise: its standing facts, its figures by fiscal year, its
// holdings and titles, and the judgements someone entered. A nil pointer, a zero time or a false ...Known flag
// means unknown, which is different from zero or "none": an unknown input makes the criteria that need it
// return Review, never Fail.
type Profile struct {
	Name string
	// Region is where the enterprise is registered, as an ISO 3166-2 style code extended by city:
	// "CN-HA-LY" for Luoyang, Henan. Applicable uses it to pick local rule sets.
	Region string
	// Founded is the registration (成立) date.
	Founded time.Time
	// Scale is the size class under 《中小企业划型标准规定》(工信部联企业〔2011〕300号).
	Scale Scale
	// MainlandResident: a resident enterprise registered in mainland China, Hong Kong, Macao and Taiwan
	// excluded (115号 art. 6(1); 32号 art. 2).
	MainlandResident *bool
	// RestrictedProducts: its products or services fall in the state's prohibited, restricted or eliminated
	// categories (115号 art. 6(3)).
	RestrictedProducts *bool

	// Years holds the figures of each fiscal year, keyed by the year.
	Years map[int]*YearFigures

	// IP is the intellectual property held and valid at the application date.
	IP IPCounts

	// NicheSince is when the enterprise entered its specific niche market (细分市场), the start of the years
	// counted by 63号 附件2/附件3.
	NicheSince time.Time

	// Titles held (高企, 国家技术创新示范企业, ...), with their validity.
	Qualifications      []Qualification
	QualificationsKnown bool
	// Science and technology awards won.
	Awards      []Award
	AwardsKnown bool
	// R&D institutions recognised by a government (重点实验室, 工程技术研究中心, 企业技术中心, ...).
	RDInstitutions      []RDInstitution
	RDInstitutionsKnown bool
	// Standards the enterprise helped draft.
	Standards      []Standard
	StandardsKnown bool
	// Placings in the national 创客中国 competition.
	MakerChina      []MakerChinaPlacement
	MakerChinaKnown bool

	// Incidents are the compliance events on record. ComplianceCheckedThrough is the date up to which the
	// record is complete (public credit records checked); zero means it was never checked.
	Incidents                []Incident
	ComplianceCheckedThrough time.Time

	// Market and management facts used by the MIIT schemes.
	Market Market

	// Judgements are decisions that the figures cannot make, entered by an expert or park staff.
	Judgements Judgements
}

// Year returns the figures of a fiscal year; a year with no record has every figure unknown.
func (p *Profile) Year(y int) *YearFigures {
	if p.Years != nil {
		if f := p.Years[y]; f != nil {
			return f
		}
	}
	return &YearFigures{}
}

// Scale is the size class of an enterprise under 工信部联企业〔2011〕300号. The zero value is unknown.
type Scale string

// The size classes.
const (
	ScaleUnknown Scale = ""
	ScaleLarge   Scale = "large"
	ScaleMedium  Scale = "medium"
	ScaleSmall   Scale = "small"
	ScaleMicro   Scale = "micro"
)

// YearFigures are the figures of one fiscal year. Money is in fen (分); nil is unknown.
type YearFigures struct {
	// Revenue is 营业收入, which is also the 销售收入 of 高企 and 科小: 主营业务收入 + 其他业务收入 as on the
	// income-tax return, deemed sales excluded (criteria.md §1.2, §7.4).
	Revenue *int64
	// MainRevenue is 主营业务收入.
	MainRevenue *int64
	// TotalIncome is 高企's 总收入 = 收入总额 − 不征税收入 (195号; criteria.md §1.2).
	TotalIncome *int64
	// HighTechIncome is 高新技术产品(服务)收入: product and service income plus technical income.
	HighTechIncome *int64
	// RDExpense is the year's R&D spending (研究开发费用); RDDomestic the part spent in mainland China.
	RDExpense  *int64
	RDDomestic *int64
	// TotalCost is 成本费用支出总额, the denominator of 科小's second R&D option (115号 art. 7).
	TotalCost *int64
	NetProfit *int64
	// TotalAssets and TotalLiabilities are taken at the end of the year.
	TotalAssets      *int64
	TotalLiabilities *int64
	// EquityRaised is new equity financing paid in during the year by qualified institutional investors.
	EquityRaised *int64
	// Conversions is the number of 科技成果 converted during the year, each achievement counted once (195号).
	Conversions *int64

	// Staff is the headcount as reported in the annual figures and Torch statistics; the MIIT and local rules
	// use it.
	Staff StaffCounts
	// StaffGaoqi is counted as 195号 prescribes for 高企: monthly averages over the year (month average =
	// (start + end) / 2, year average = sum of 12 month averages / 12), part-time and temporary staff only with
	// ≥ 183 days in the year. Use MonthlyAverage.
	StaffGaoqi StaffCounts
	// StaffKexiao is counted as the 115号 填报说明 prescribes for 科小: quarterly averages (quarter average =
	// (start + end) / 2, year average = sum of 4 quarter averages / 4), part-time and temporary staff only with
	// ≥ 6 months in the year. Use QuarterlyAverage. Kept apart from StaffGaoqi (criteria.md §2.4).
	StaffKexiao StaffCounts
	// Education is the staff by highest degree, for the Torch statistics; no rule set uses it yet.
	Education Education
}

// StaffCounts are headcounts, possibly averaged and so fractional.
type StaffCounts struct {
	// Total is 职工总数.
	Total *Frac
	// Tech is 科技人员: people doing R&D or related technical innovation, or managing or directly serving it.
	Tech *Frac
	// RD is 研发人员.
	RD *Frac
}

// Education is staff by highest degree.
type Education struct {
	Doctorate, Master, Bachelor, College *int64
}

// Frac is an exact non-negative fraction Num/Den with Den > 0, used for averaged headcounts and for shares.
type Frac struct {
	Num, Den int64
}

func (f Frac) valid() bool { return f.Den > 0 && f.Num >= 0 }

func (f Frac) rat() *big.Rat { return big.NewRat(f.Num, f.Den) }

// IPCounts counts the valid IP held at the application date, by the classes of 195号 (criteria.md §1.2):
// Ⅰ类 = invention patents (defence patents included), plant varieties, national crop varieties, national new
// drugs, national grade-1 protected TCM varieties, IC layout designs; Ⅱ类 = utility models, designs, software
// copyrights (trademarks do not count). nil is unknown.
type IPCounts struct {
	// All valid IP of each class, whatever it relates to.
	ClassI, ClassII *int64
	// IP related to the main products or services (与主要产品(服务)相关), as 高企 and 科小 count it.
	ClassIMain, ClassIIMain *int64
	// ClassIIMainUsed is how many of ClassIIMain were already used in an earlier 高企 application: a Ⅱ类 item
	// counts in one application only (195号).
	ClassIIMainUsed *int64
	// OwnRD: at least part of the main IP comes from the enterprise's own R&D (195号 获得方式 band A); false
	// means all of it was obtained by transfer, gift or merger (band B).
	OwnRD *bool

	// The MIIT counts (63号 附件1/2/3), for IP related to the leading product (主导产品). Ⅰ类 transferred in
	// less than a year before does not count. Ⅱ类 here is a software copyright, or a utility model or design
	// maintained more than 2 years after grant (criteria.md §3; UNCONFIRMED against the official annex).
	ClassILeading *int64
	// Of ClassILeading: from own R&D; 高价值 (foreign family member granted after substantive examination, kept
	// more than 10 years, pledged for a high amount, or a national S&T prize or China Patent Award); and
	// actually applied with economic benefit (小巨人).
	ClassILeadingOwnRD     *int64
	ClassILeadingHighValue *int64
	ClassILeadingApplied   *int64
	ClassIILeading         *int64
}

// Title kinds for Qualification.Kind. The scheme names double as the kinds of the titles they confer.
const (
	TitleGaoqi               = SchemeGaoqi
	TitleKexiao              = SchemeKexiao
	TitleChuangxin           = SchemeChuangxin
	TitleZhuanjingtexin      = SchemeZhuanjingtexin
	TitleXiaojuren           = SchemeXiaojuren
	TitleDengling            = SchemeDengling
	TitleInnovationDemo      = "innovation_demo"       // 国家技术创新示范企业
	TitleIPAdvantage         = "ip_advantage"          // 国家知识产权优势企业
	TitleIPDemonstration     = "ip_demonstration"      // 国家知识产权示范企业
	TitleTechAdvancedService = "tech_advanced_service" // 技术先进型服务企业
)

// Qualification is a title held. ValidTo zero means no expiry is recorded.
type Qualification struct {
	Kind      string
	Number    string
	ValidFrom time.Time
	ValidTo   time.Time
}

func (q Qualification) validOn(d time.Time) bool {
	if !q.ValidFrom.IsZero() && d.Before(q.ValidFrom) {
		return false
	}
	return q.ValidTo.IsZero() || !d.After(q.ValidTo)
}

// Level is the level of an award, institution or standard.
type Level string

// Levels, from highest.
const (
	LevelInternational Level = "international"
	LevelNational      Level = "national"   // 国家级
	LevelProvincial    Level = "provincial" // 省部级
	LevelCity          Level = "city"       // 市级
	LevelBelowCity     Level = "below_city" // 市级以下
	LevelIndustry      Level = "industry"   // 行业标准
	LevelGroup         Level = "group"      // 团体标准
	LevelLocal         Level = "local"      // 地方标准
	LevelEnterprise    Level = "enterprise" // 企业标准
)

// Award is a science and technology award won. Rank is the enterprise's place among the winning units (1 =
// first); 0 is unknown.
type Award struct {
	Name  string
	Level Level
	Year  int
	Rank  int
}

// RDInstitution is an R&D institution recognised at a level (国家/省部级/市级/市级以下). Joint is true when it was
// built with a university or research institute. ValidTo zero means no expiry is recorded.
type RDInstitution struct {
	Name      string
	Kind      string // 重点实验室, 工程技术研究中心, 企业技术中心, 院士工作站, 博士后工作站, ...
	Level     Level
	Joint     bool
	ValidFrom time.Time
	ValidTo   time.Time
}

func (r RDInstitution) validOn(d time.Time) bool {
	if !r.ValidFrom.IsZero() && d.Before(r.ValidFrom) {
		return false
	}
	return r.ValidTo.IsZero() || !d.After(r.ValidTo)
}

// Standard is a standard, test method or technical specification the enterprise helped draft. Rank is its
// place among the drafting units (1 = first, 主导); 0 is unknown.
type Standard struct {
	Name  string
	Level Level
	Year  int
	Rank  int
}

// MakerChinaPlacement is a place on a national 创客中国 list. Top is the list it reached (500, 50, ...).
type MakerChinaPlacement struct {
	Year int
	Top  int
}

// IncidentKind is a kind of compliance event.
type IncidentKind string

// The incident kinds the rule sets look for.
const (
	IncidentSafety     IncidentKind = "major_safety_accident"    // 重大安全事故
	IncidentQuality    IncidentKind = "major_quality_accident"   // 重大质量事故
	IncidentEnv        IncidentKind = "serious_env_violation"    // 严重环境违法行为 / 环境污染事故
	IncidentMisconduct IncidentKind = "research_misconduct"      // 科研严重失信行为
	IncidentAbnormal   IncidentKind = "abnormal_operations_list" // 列入经营异常名录 (a listing: Date to Until)
	IncidentDishonest  IncidentKind = "serious_dishonesty_list"  // 列入严重违法失信名单 (a listing: Date to Until)
)

// Incident is a compliance event on record. For a listing, Date is when the enterprise was listed and Until
// when it was removed (zero: still listed).
type Incident struct {
	Kind  IncidentKind
	Date  time.Time
	Until time.Time
	Note  string
}

// Market holds facts about the leading product and the management that the MIIT schemes score or require.
type Market struct {
	// StrategicEmerging: the leading product is listed in 《战略性新兴产业分类》 (63号 附件1).
	StrategicEmerging *bool
	// DigitalLevel is the level of 中小企业数字化水平评测 (63号 附件2 item 5).
	DigitalLevel *int64
	// QualityAward: a provincial or higher quality award (附件2 item 6).
	QualityAward *bool
	// QualityCertified: a management-system certificate such as ISO 9001 (附件2 item 6); for 小巨人 also a
	// product certificate from a developed country or region (附件3 精).
	QualityCertified *bool
	// OwnBrand: the enterprise sells its leading product under its own brand (附件2 item 6, 附件3 特).
	OwnBrand *bool
	// NationalShare is the leading product's share of the national niche market (附件3 特).
	NationalShare *Frac
}

// ChainPosition is 63号 附件2 item 4's classification of the leading product.
type ChainPosition string

// The item 4 classes. The zero value is unknown.
const (
	// ChainKeyLink (A): real results in 补短板/锻长板/填空白 at key links of the supply chain.
	ChainKeyLink ChainPosition = "A"
	// ChainBase (B): industrial 六基, 中华老字号, or a supplier of a key chain leader.
	ChainBase ChainPosition = "B"
	// ChainOther (C): anything else.
	ChainOther ChainPosition = "C"
)

// Judgements are what an expert (or park staff preparing an application) decided where the figures cannot.
// nil is "not judged", which keeps the criterion in Review.
type Judgements struct {
	// 高企 (32号 art. 11(2), (3)): the IP gives core technical support to the main products, and the core
	// technology lies in 《国家重点支持的高新技术领域》.
	CoreIPSupport *bool
	KeyTechField  *bool
	// 专精特新 item 4 (63号 附件2).
	ChainPosition ChainPosition
	// 小巨人 精 (63号 附件3): strategy, governance, credit and social responsibility; production technology,
	// process and quality at the leading domestic level; at least one core business supported by an
	// information system.
	SoundGovernance *bool
	LeadingProcess  *bool
	InfoSystem      *bool
	// 小巨人 特: the leading product has a high reputation.
	HighReputation *bool
	// 小巨人 链: at a key link of the industrial chain, playing a 补短板/锻长板/填空白 role.
	KeyChainRole *bool
	// 小巨人 品: the leading product is in a key field (工业六基, 制造强国 ten sectors, 网络强国).
	KeyFieldProduct *bool
	// Points fixes the points of a score item whose band leaves the value to the experts (for example
	// 高企 "gaoqi.ip.advancement", or the provincial 特色化 points "zjtx.s09"), keyed by criterion ID. A value
	// outside the range the figures allow is ignored and noted.
	Points map[string]int
}

// Helpers for writing profiles by hand and in fixtures.

// Fen returns a pointer to an amount in fen.
func Fen(v int64) *int64 { return &v }

// Yuan returns a pointer to the amount of v 元 in fen.
func Yuan(v int64) *int64 { return Fen(v * 100) }

// Wan returns a pointer to the amount of v 万元 in fen.
func Wan(v int64) *int64 { return Fen(v * fenPerWan) }

// Count returns a pointer to a count.
func Count(v int64) *int64 { return &v }

// Bool returns a pointer to b.
func Bool(b bool) *bool { return &b }

// People returns a whole headcount.
func People(n int64) *Frac { return &Frac{n, 1} }

// PercentOf returns num/den as a share.
func PercentOf(num, den int64) *Frac { return &Frac{num, den} }

// MonthlyAverage is 195号's yearly average headcount for 高企 from the 13 month-end counts of a year: heads[0]
// at the start of January, heads[m] at the end of month m. Month average = (start + end) / 2; year average =
// the sum of the 12 month averages / 12 = (h0 + 2·h1 + … + 2·h11 + h12) / 24.
func MonthlyAverage(heads [13]int64) *Frac {
	return averageOf(heads[:])
}

// QuarterlyAverage is the 115号 填报说明's yearly average headcount for 科小 from the 5 quarter-end counts:
// heads[0] at the start of the year, heads[q] at the end of quarter q. Quarter average = (start + end) / 2;
// year average = the sum of the 4 quarter averages / 4 = (h0 + 2·h1 + 2·h2 + 2·h3 + h4) / 8.
func QuarterlyAverage(heads [5]int64) *Frac {
	return averageOf(heads[:])
}

func averageOf(heads []int64) *Frac {
	n := int64(len(heads) - 1)
	var sum int64
	for i, h := range heads {
		if i == 0 || i == len(heads)-1 {
			sum += h
		} else {
			sum += 2 * h
		}
	}
	r := big.NewRat(sum, 2*n)
	return &Frac{r.Num().Int64(), r.Denom().Int64()}
}
