package enterprise

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/criteria"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// 申报信息: the application facts of one enterprise that the criteria engine's Profile accepts and the
// registry's record, figures and titles cannot say. Park staff record them after checking (the credit records,
// the IP certificates, the award documents, the experts' opinions); the enterprise itself reads them. They are
// fed into every evaluation (see applyAssessment), so that "who may apply for X this year" gets decisive
// answers once the checks are done. A fact left empty stays unknown, and the criteria that need it stay in
// review: an empty list counts as "none" only when staff confirmed the list (the ...Known flags).

// assessmentVersion numbers the stored format of the facts (enterprise_assessments.facts).
const assessmentVersion = 1

// Assessment is what park staff recorded about an enterprise for its applications. Dates are calendar dates
// at UTC midnight, as the criteria engine compares them; the zero time is unknown.
type Assessment struct {
	EnterpriseID int64 `json:"-"`

	// MainlandResident overrides the reading of the credit code for 115号 art. 6(1) and 32号 art. 2 (a resident
	// enterprise registered in mainland China); nil keeps the reading of the code.
	MainlandResident *bool `json:"mainland_resident,omitempty"`
	// RestrictedProducts: the products or services fall in the state's prohibited, restricted or eliminated
	// categories (115号 art. 6(3)).
	RestrictedProducts *bool `json:"restricted_products,omitempty"`
	// TitlesChecked: the qualifications tab lists every title the enterprise holds, so a title missing there is
	// not held (the direct routes 115号 art. 8(1) and 63号 附件1 直接认定(二) may then fail).
	TitlesChecked bool `json:"titles_checked,omitempty"`

	// Staff holds the averaged headcounts' raw counts by fiscal year.
	Staff []StaffYear `json:"staff,omitempty"`

	// ComplianceCheckedThrough is the date up to which the public credit records were checked; Incidents are
	// what the check found.
	ComplianceCheckedThrough time.Time  `json:"compliance_checked_through,omitzero"`
	Incidents                []Incident `json:"incidents,omitempty"`

	// IP is the IP held and valid at the application date, counted by the classes of 195号 and 63号.
	IP AssessedIP `json:"ip,omitzero"`

	// The records behind the direct routes and bonus items, each with the flag that says the list is complete
	// (an empty complete list is "none").
	Awards            []Award             `json:"awards,omitempty"`
	AwardsKnown       bool                `json:"awards_known,omitempty"`
	Institutions      []RDInstitution     `json:"institutions,omitempty"`
	InstitutionsKnown bool                `json:"institutions_known,omitempty"`
	Standards         []Standard          `json:"standards,omitempty"`
	StandardsKnown    bool                `json:"standards_known,omitempty"`
	MakerChina        []MakerChinaPlacing `json:"maker_china,omitempty"`
	MakerChinaKnown   bool                `json:"maker_china_known,omitempty"`

	// NicheSince is when the enterprise entered its niche market (63号 附件2/附件3).
	NicheSince time.Time          `json:"niche_since,omitzero"`
	Market     AssessedMarket     `json:"market,omitzero"`
	Judgements AssessedJudgements `json:"judgements,omitzero"`
	// Note records where the facts come from (documents seen, the experts' meeting).
	Note string `json:"note,omitempty"`

	UpdatedBy     int64     `json:"-"`
	UpdatedByName string    `json:"-"`
	UpdatedAt     time.Time `json:"-"` // zero: nothing recorded yet
}

// Recorded reports whether anything was ever saved.
func (a *Assessment) Recorded() bool { return !a.UpdatedAt.IsZero() }

// StaffYear is one fiscal year's headcounts counted the way 高企 and 科小 count them. Each row is either
// complete or absent (nil).
type StaffYear struct {
	Year int `json:"year"`
	// MonthlyTotal and MonthlyTech are the 13 counts 195号 averages for 高企: at the start of January and at
	// the end of each month (职工总数 and 科技人员; part-time and temporary staff only with ≥ 183 days in the
	// year).
	MonthlyTotal []int64 `json:"monthly_total,omitempty"`
	MonthlyTech  []int64 `json:"monthly_tech,omitempty"`
	// QuarterlyTotal and QuarterlyTech are the 5 counts the 115号 填报说明 averages for 科小: at the start of
	// the year and at the end of each quarter (part-time and temporary staff only with ≥ 6 months).
	QuarterlyTotal []int64 `json:"quarterly_total,omitempty"`
	QuarterlyTech  []int64 `json:"quarterly_tech,omitempty"`
}

// Averages returns the averages of the year: 195号's monthly ones (高企) and the 115号 填报说明's quarterly
// ones (科小); nil where the counts are not given.
func (s StaffYear) Averages() (gaoqi, kexiao criteria.StaffCounts) {
	monthly := func(h []int64) *criteria.Frac {
		if len(h) != 13 {
			return nil
		}
		return criteria.MonthlyAverage([13]int64(h))
	}
	quarterly := func(h []int64) *criteria.Frac {
		if len(h) != 5 {
			return nil
		}
		return criteria.QuarterlyAverage([5]int64(h))
	}
	return criteria.StaffCounts{Total: monthly(s.MonthlyTotal), Tech: monthly(s.MonthlyTech)},
		criteria.StaffCounts{Total: quarterly(s.QuarterlyTotal), Tech: quarterly(s.QuarterlyTech)}
}

// StaffFor returns the headcounts of fiscal year y, zero when none are recorded.
func (a *Assessment) StaffFor(y int) StaffYear {
	for _, s := range a.Staff {
		if s.Year == y {
			return s
		}
	}
	return StaffYear{Year: y}
}

// Incident is a compliance event found in the records (criteria.IncidentKind). For a listing, Date is when
// the enterprise was listed and Until when it was removed (zero: still listed).
type Incident struct {
	Kind  criteria.IncidentKind `json:"kind"`
	Date  time.Time             `json:"date,omitzero"`
	Until time.Time             `json:"until,omitzero"`
	Note  string                `json:"note,omitempty"`
}

// IncidentKinds are the incident kinds with their Chinese names, in the order the form offers them.
var IncidentKinds = []Choice{
	{string(criteria.IncidentSafety), "重大安全事故"},
	{string(criteria.IncidentQuality), "重大质量事故"},
	{string(criteria.IncidentEnv), "严重环境违法行为或环境污染事故"},
	{string(criteria.IncidentMisconduct), "科研严重失信行为"},
	{string(criteria.IncidentAbnormal), "列入经营异常名录"},
	{string(criteria.IncidentDishonest), "列入严重违法失信名单"},
}

func isListing(k criteria.IncidentKind) bool {
	return k == criteria.IncidentAbnormal || k == criteria.IncidentDishonest
}

// Choice is a value with its Chinese label, for the form's selects.
type Choice struct{ Value, Label string }

func inChoices(cs []Choice, v string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Value == v })
}

func choiceLabel(cs []Choice, v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// AssessedIP counts the valid IP held at the application date (criteria.IPCounts names the classes): nil is
// unknown. The counts of all IP of each class come from the annual figures; these are the ones related to
// the products, which only a look at the certificates can tell.
type AssessedIP struct {
	// 195号 (高企, and 科小 by 115号 art. 7(3)): related to the main products or services.
	ClassIMain  *int64 `json:"class_i_main,omitempty"`
	ClassIIMain *int64 `json:"class_ii_main,omitempty"`
	// ClassIIMainUsed: of ClassIIMain, already used in an earlier 高企 application.
	ClassIIMainUsed *int64 `json:"class_ii_main_used,omitempty"`
	// OwnRD: at least part of it comes from the enterprise's own R&D.
	OwnRD *bool `json:"own_rd,omitempty"`
	// 63号 附件1–3 (创新型, 专精特新, 小巨人): related to the leading product, and the Ⅰ类 subsets.
	ClassILeading          *int64 `json:"class_i_leading,omitempty"`
	ClassILeadingOwnRD     *int64 `json:"class_i_leading_own_rd,omitempty"`
	ClassILeadingHighValue *int64 `json:"class_i_leading_high_value,omitempty"`
	ClassILeadingApplied   *int64 `json:"class_i_leading_applied,omitempty"`
	ClassIILeading         *int64 `json:"class_ii_leading,omitempty"`
}

// Award is a science and technology award won. Rank is the enterprise's place among the winning units (0:
// not known).
type Award struct {
	Name  string         `json:"name"`
	Level criteria.Level `json:"level"`
	Year  int            `json:"year"`
	Rank  int            `json:"rank,omitempty"`
}

// RDInstitution is an R&D institution recognised by a government, beyond those recorded as qualifications.
type RDInstitution struct {
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Level     criteria.Level `json:"level"`
	Joint     bool           `json:"joint,omitempty"`
	ValidFrom time.Time      `json:"valid_from,omitzero"`
	ValidTo   time.Time      `json:"valid_to,omitzero"`
}

// Standard is a standard the enterprise helped draft. Rank is its place among the drafting units (1 = 主导;
// 0: not known).
type Standard struct {
	Name  string         `json:"name"`
	Level criteria.Level `json:"level"`
	Year  int            `json:"year"`
	Rank  int            `json:"rank,omitempty"`
}

// MakerChinaPlacing is a place on a national 创客中国 list: Top is the list reached (500, 50).
type MakerChinaPlacing struct {
	Year int `json:"year"`
	Top  int `json:"top"`
}

// AssessedMarket holds the market and management facts of the MIIT schemes (criteria.Market).
type AssessedMarket struct {
	// StrategicEmerging overrides the record's 战略性新兴产业 for 63号 附件1 专业化 1; nil keeps the record.
	StrategicEmerging *bool  `json:"strategic_emerging,omitempty"`
	DigitalLevel      *int64 `json:"digital_level,omitempty"`
	QualityAward      *bool  `json:"quality_award,omitempty"`
	QualityCertified  *bool  `json:"quality_certified,omitempty"`
	OwnBrand          *bool  `json:"own_brand,omitempty"`
	// NationalShareBP is the leading product's share of the national niche market in basis points
	// (1234 = 12.34%).
	NationalShareBP *int64 `json:"national_share_bp,omitempty"`
}

// AssessedJudgements are the experts' (or the park's) decisions that the figures cannot make
// (criteria.Judgements).
type AssessedJudgements struct {
	CoreIPSupport   *bool                  `json:"core_ip_support,omitempty"`
	KeyTechField    *bool                  `json:"key_tech_field,omitempty"`
	ChainPosition   criteria.ChainPosition `json:"chain_position,omitempty"`
	SoundGovernance *bool                  `json:"sound_governance,omitempty"`
	LeadingProcess  *bool                  `json:"leading_process,omitempty"`
	InfoSystem      *bool                  `json:"info_system,omitempty"`
	HighReputation  *bool                  `json:"high_reputation,omitempty"`
	KeyChainRole    *bool                  `json:"key_chain_role,omitempty"`
	KeyFieldProduct *bool                  `json:"key_field_product,omitempty"`
	// Points are the experts' points of the score items in JudgedItems, by criterion ID.
	Points map[string]int `json:"points,omitempty"`
}

// JudgedItem is a score item whose points the experts give within the band the figures allow: the engine
// takes the points entered for it (criteria.Judgements.Points) when they lie in that band.
type JudgedItem struct {
	SetID, ID, Label, Cite string
	Max                    int
}

// FormName is the item's field name on the assessment form.
func (j JudgedItem) FormName() string { return pointsField(j.ID) }

func pointsField(id string) string { return "pts_" + strings.ReplaceAll(id, ".", "_") }

// judgedItemIDs are the score items of the shipped rule sets that take experts' points: 195号's expert-scored
// sub-items of 高企 and the provincial 特色化 points of 专精特新 (63号 附件2 item 9).
var judgedItemIDs = [][2]string{
	{"gaoqi-2016", "gaoqi.ip.advancement"}, {"gaoqi-2016", "gaoqi.ip.core"}, {"gaoqi-2016", "gaoqi.ip.count"},
	{"gaoqi-2016", "gaoqi.ip.acquisition"}, {"gaoqi-2016", "gaoqi.ip.standards"}, {"gaoqi-2016", "gaoqi.conversion"},
	{"gaoqi-2016", "gaoqi.mgmt.system"}, {"gaoqi-2016", "gaoqi.mgmt.institution"}, {"gaoqi-2016", "gaoqi.mgmt.conversion"},
	{"gaoqi-2016", "gaoqi.mgmt.talent"}, {"gaoqi-2016", "gaoqi.growth.assets"}, {"gaoqi-2016", "gaoqi.growth.sales"},
	{"zhuanjingtexin-2022", "zjtx.s09"},
}

// JudgedItems lists the score items that take experts' points, with their labels and maxima read from the
// rule sets. An ID a rule set no longer has is left out (TestJudgedItemsExist guards the list).
func JudgedItems() []JudgedItem {
	var out []JudgedItem
	for _, x := range judgedItemIDs {
		set, err := criteria.ByID(x[0])
		if err != nil {
			continue
		}
		c, ok := set.Criterion(x[1])
		if !ok || c.Kind != criteria.KindItem {
			continue
		}
		out = append(out, JudgedItem{SetID: x[0], ID: c.ID, Label: c.Label, Cite: c.Cite, Max: c.MaxScore})
	}
	return out
}

// The choices of the form's selects.
var (
	// AwardLevels are the levels of science and technology awards.
	AwardLevels = []Choice{{string(criteria.LevelNational), "国家级"}, {string(criteria.LevelProvincial), "省部级"},
		{string(criteria.LevelCity), "市级"}, {string(criteria.LevelBelowCity), "市级以下"}}
	// StandardLevels are the levels of standards.
	StandardLevels = []Choice{{string(criteria.LevelInternational), "国际标准"}, {string(criteria.LevelNational), "国家标准"},
		{string(criteria.LevelIndustry), "行业标准"}, {string(criteria.LevelLocal), "地方标准"}, {string(criteria.LevelGroup), "团体标准"},
		{string(criteria.LevelEnterprise), "企业标准"}}
	// InstitutionKinds are the kinds of recognised R&D institutions.
	InstitutionKinds = []Choice{{"重点实验室", "重点实验室"}, {"工程技术研究中心", "工程技术研究中心"}, {"企业技术中心", "企业技术中心"},
		{"工程研究中心", "工程研究中心"}, {"新型研发机构", "新型研发机构"}, {"院士工作站", "院士工作站"}, {"博士后科研工作站", "博士后科研工作站"},
		{"其他研发机构", "其他研发机构"}}
	// ChainPositions are 63号 附件2 item 4's classes.
	ChainPositions = []Choice{{string(criteria.ChainKeyLink), "A 在产业链关键领域补短板、锻长板、填空白取得实际成效"},
		{string(criteria.ChainBase), "B 属于工业“六基”、中华老字号或知名大企业直接配套"}, {string(criteria.ChainOther), "C 其他"}}
)

// Limits of the assessment's values.
const (
	maxHeads     = 100_000   // IP items, headcounts
	maxShareBP   = 100 * 100 // 100%
	maxListItems = 50
)

// validate checks the facts; the messages name each field, keyed by the field names of the assessment form
// (assessment_html.go) so that a failed form shows each message at its field.
func (a *Assessment) validate(today time.Time) error {
	var f errs.Fields
	cur := today.Year()
	a.Note = strings.TrimSpace(a.Note)

	// Headcounts: per year, each row complete or absent.
	seen := map[int]bool{}
	staff := slices.Clone(a.Staff)
	slices.SortFunc(staff, func(x, y StaffYear) int { return x.Year - y.Year })
	var kept []StaffYear
	for _, s := range staff {
		if s.Year < 2000 || s.Year > cur {
			f.Add("staff_year", fmt.Sprintf("人数所属年度应在 2000 至 %d 之间", cur))
			continue
		}
		if seen[s.Year] {
			f.Add("staff_year", fmt.Sprintf("%d 年的人数填了两次", s.Year))
			continue
		}
		seen[s.Year] = true
		checkCounts(&f, s.Year, "m", "月末", s.MonthlyTotal, s.MonthlyTech, 13)
		checkCounts(&f, s.Year, "q", "季末", s.QuarterlyTotal, s.QuarterlyTech, 5)
		if len(s.MonthlyTotal)+len(s.MonthlyTech)+len(s.QuarterlyTotal)+len(s.QuarterlyTech) > 0 {
			kept = append(kept, s)
		}
	}
	a.Staff = kept

	// Compliance.
	if !a.ComplianceCheckedThrough.IsZero() && a.ComplianceCheckedThrough.After(today) {
		f.Add("compliance_through", "合规记录核实日期不能晚于今天")
	}
	if !a.ComplianceCheckedThrough.IsZero() && a.ComplianceCheckedThrough.Year() < 2000 {
		f.Add("compliance_through", "合规记录核实日期应在 2000 年以后")
	}
	if len(a.Incidents) > maxListItems {
		f.Add("inc_kind_0", fmt.Sprintf("合规事件最多 %d 条", maxListItems))
	}
	for i, in := range a.Incidents {
		n := i + 1
		if !inChoices(IncidentKinds, string(in.Kind)) {
			f.Add(key("inc_kind", i), fmt.Sprintf("第 %d 条合规事件：请选择事件类别", n))
		}
		switch {
		case in.Date.IsZero():
			f.Add(key("inc_date", i), fmt.Sprintf("第 %d 条合规事件：请填写发生（列入）日期", n))
		case in.Date.After(today):
			f.Add(key("inc_date", i), fmt.Sprintf("第 %d 条合规事件：日期不能晚于今天", n))
		}
		if !in.Until.IsZero() {
			switch {
			case !isListing(in.Kind):
				f.Add(key("inc_until", i), fmt.Sprintf("第 %d 条合规事件：只有列入名录的记录才有移出日期", n))
			case !in.Date.IsZero() && in.Until.Before(in.Date):
				f.Add(key("inc_until", i), fmt.Sprintf("第 %d 条合规事件：移出日期不能早于列入日期", n))
			}
		}
		if utf8.RuneCountInString(in.Note) > 200 {
			f.Add(key("inc_note", i), fmt.Sprintf("第 %d 条合规事件：说明最多 200 字", n))
		}
	}

	// IP.
	ip := a.IP
	for _, c := range []struct {
		name, label string
		v           *int64
	}{
		{"ip_i_main", "与主要产品（服务）相关的Ⅰ类知识产权", ip.ClassIMain},
		{"ip_ii_main", "与主要产品（服务）相关的Ⅱ类知识产权", ip.ClassIIMain},
		{"ip_ii_used", "已用于以往高企申请的Ⅱ类知识产权", ip.ClassIIMainUsed},
		{"ip_i_lead", "与主导产品相关的Ⅰ类知识产权", ip.ClassILeading},
		{"ip_i_lead_own", "其中自主研发的Ⅰ类知识产权", ip.ClassILeadingOwnRD},
		{"ip_i_lead_hv", "其中高价值Ⅰ类知识产权", ip.ClassILeadingHighValue},
		{"ip_i_lead_applied", "其中已实际应用并产生经济效益的Ⅰ类知识产权", ip.ClassILeadingApplied},
		{"ip_ii_lead", "与主导产品相关的Ⅱ类知识产权", ip.ClassIILeading},
	} {
		if c.v != nil && (*c.v < 0 || *c.v > maxHeads) {
			f.Add(c.name, fmt.Sprintf("%s应为 0 至 %d 之间的整数（项）", c.label, maxHeads))
		}
	}
	if ip.ClassIIMainUsed != nil && ip.ClassIIMain != nil && *ip.ClassIIMainUsed > *ip.ClassIIMain {
		f.Add("ip_ii_used", "已用于以往高企申请的Ⅱ类知识产权不能多于与主要产品相关的Ⅱ类知识产权")
	}
	if ip.ClassIIMainUsed != nil && *ip.ClassIIMainUsed > 0 && ip.ClassIIMain == nil {
		f.Add("ip_ii_main", "填写了已用于以往申请的Ⅱ类数量，请同时填写与主要产品相关的Ⅱ类知识产权数量")
	}
	for _, c := range []struct {
		name, label string
		v           *int64
	}{
		{"ip_i_lead_own", "自主研发的", ip.ClassILeadingOwnRD},
		{"ip_i_lead_hv", "高价值的", ip.ClassILeadingHighValue},
		{"ip_i_lead_applied", "已实际应用的", ip.ClassILeadingApplied},
	} {
		if c.v == nil || *c.v == 0 {
			continue
		}
		switch {
		case ip.ClassILeading == nil:
			f.Add("ip_i_lead", "填写了"+c.label+"Ⅰ类知识产权，请同时填写与主导产品相关的Ⅰ类知识产权总数")
		case *c.v > *ip.ClassILeading:
			f.Add(c.name, c.label+"Ⅰ类知识产权不能多于与主导产品相关的Ⅰ类知识产权总数")
		}
	}

	// Records.
	checkLen := func(n int, field, what string) {
		if n > maxListItems {
			f.Add(field, fmt.Sprintf("%s最多 %d 项", what, maxListItems))
		}
	}
	checkLen(len(a.Awards), "award_name_0", "科技奖励")
	checkLen(len(a.Institutions), "inst_name_0", "研发机构")
	checkLen(len(a.Standards), "std_name_0", "标准")
	checkLen(len(a.MakerChina), "maker_year_0", "创客中国获奖")
	for i, x := range a.Awards {
		n := i + 1
		a.Awards[i].Name = strings.TrimSpace(x.Name)
		checkName(&f, key("award_name", i), fmt.Sprintf("第 %d 项科技奖励", n), a.Awards[i].Name)
		if !inChoices(AwardLevels, string(x.Level)) {
			f.Add(key("award_level", i), fmt.Sprintf("第 %d 项科技奖励：请选择奖励级别", n))
		}
		checkYear(&f, key("award_year", i), fmt.Sprintf("第 %d 项科技奖励：获奖年度", n), x.Year, 1978, cur)
		checkRank(&f, key("award_rank", i), fmt.Sprintf("第 %d 项科技奖励：获奖单位排名", n), x.Rank)
	}
	for i, x := range a.Institutions {
		n := i + 1
		a.Institutions[i].Name = strings.TrimSpace(x.Name)
		checkName(&f, key("inst_name", i), fmt.Sprintf("第 %d 个研发机构", n), a.Institutions[i].Name)
		if !inChoices(InstitutionKinds, x.Kind) {
			f.Add(key("inst_kind", i), fmt.Sprintf("第 %d 个研发机构：请选择机构类型", n))
		}
		if !inChoices(AwardLevels, string(x.Level)) {
			f.Add(key("inst_level", i), fmt.Sprintf("第 %d 个研发机构：请选择认定级别", n))
		}
		if !x.ValidFrom.IsZero() && !x.ValidTo.IsZero() && x.ValidTo.Before(x.ValidFrom) {
			f.Add(key("inst_to", i), fmt.Sprintf("第 %d 个研发机构：有效期截止日期不能早于认定日期", n))
		}
		if !x.ValidFrom.IsZero() && x.ValidFrom.After(today) {
			f.Add(key("inst_from", i), fmt.Sprintf("第 %d 个研发机构：认定日期不能晚于今天", n))
		}
	}
	for i, x := range a.Standards {
		n := i + 1
		a.Standards[i].Name = strings.TrimSpace(x.Name)
		checkName(&f, key("std_name", i), fmt.Sprintf("第 %d 项标准", n), a.Standards[i].Name)
		if !inChoices(StandardLevels, string(x.Level)) {
			f.Add(key("std_level", i), fmt.Sprintf("第 %d 项标准：请选择标准级别", n))
		}
		checkYear(&f, key("std_year", i), fmt.Sprintf("第 %d 项标准：发布年度", n), x.Year, 1978, cur)
		checkRank(&f, key("std_rank", i), fmt.Sprintf("第 %d 项标准：起草单位排名", n), x.Rank)
	}
	for i, x := range a.MakerChina {
		n := i + 1
		checkYear(&f, key("maker_year", i), fmt.Sprintf("第 %d 项创客中国获奖：年度", n), x.Year, 2016, cur)
		if x.Top < 1 || x.Top > 10_000 {
			f.Add(key("maker_top", i), fmt.Sprintf("第 %d 项创客中国获奖：名次范围应为 1 至 10000 之间的整数，如全国 500 强填 500", n))
		}
	}

	// Market.
	if !a.NicheSince.IsZero() && (a.NicheSince.After(today) || a.NicheSince.Year() < 1949) {
		f.Add("niche_since", "进入细分市场时间应在 1949 年至今天之间")
	}
	m := a.Market
	if m.DigitalLevel != nil && (*m.DigitalLevel < 1 || *m.DigitalLevel > 4) {
		f.Add("digital_level", "数字化水平等级应为一级至四级")
	}
	if m.NationalShareBP != nil && (*m.NationalShareBP < 0 || *m.NationalShareBP > maxShareBP) {
		f.Add("national_share", "全国细分市场占有率应在 0 至 100（%）之间")
	}

	// Judgements.
	j := a.Judgements
	switch j.ChainPosition {
	case "", criteria.ChainKeyLink, criteria.ChainBase, criteria.ChainOther:
	default:
		f.Add("j_chain", "主导产品所属领域只能是 A、B 或 C")
	}
	items := map[string]JudgedItem{}
	for _, it := range JudgedItems() {
		items[it.ID] = it
	}
	for id, v := range j.Points {
		it, ok := items[id]
		if !ok {
			f.Add(pointsField(id), fmt.Sprintf("没有可录入专家评分的评分项“%s”", id))
			continue
		}
		if v < 0 || v > it.Max {
			f.Add(pointsField(id), fmt.Sprintf("“%s”的专家评分应为 0 至 %d 之间的整数", it.Label, it.Max))
		}
	}
	if len(j.Points) == 0 {
		a.Judgements.Points = nil
	}
	if utf8.RuneCountInString(a.Note) > 2000 {
		f.Add("note", "依据与说明最多 2000 字")
	}
	return f.Err()
}

// key is the form field name of row i of a list: "award_year_0".
func key(name string, i int) string { return name + "_" + strconv.Itoa(i) }

// staffKey is the form field name of one count: "staff_2025_q_total_2".
func staffKey(year int, period, row string, i int) string {
	return fmt.Sprintf("staff_%d_%s_%s_%d", year, period, row, i)
}

func checkCounts(f *errs.Fields, year int, period, what string, total, tech []int64, n int) {
	for _, row := range []struct {
		name, label string
		v           []int64
	}{{"total", "职工总数", total}, {"tech", "科技人员", tech}} {
		if len(row.v) == 0 {
			continue
		}
		if len(row.v) != n {
			f.Add(staffKey(year, period, row.name, min(len(row.v), n-1)), fmt.Sprintf("%d 年%s：须填全 %d 个%s人数（或全部不填）", year, row.label, n, what))
			continue
		}
		for i, v := range row.v {
			if v < 0 || v > maxHeads {
				f.Add(staffKey(year, period, row.name, i), fmt.Sprintf("%d 年%s：人数应为 0 至 %d 之间的整数", year, row.label, maxHeads))
			}
		}
	}
	if len(total) == n && len(tech) == n {
		for i := range n {
			if tech[i] > total[i] {
				f.Add(staffKey(year, period, "tech", i), fmt.Sprintf("%d 年%s：科技人员不能多于同期职工总数（%d 人）", year, what, total[i]))
			}
		}
	}
	if len(total) == n && !slices.ContainsFunc(total, func(v int64) bool { return v > 0 }) {
		f.Add(staffKey(year, period, "total", 0), fmt.Sprintf("%d 年职工总数不能全为 0", year))
	}
}

func checkName(f *errs.Fields, field, what, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		f.Add(field, what+"：请填写名称")
	case n > 100:
		f.Add(field, what+"：名称最多 100 个字")
	}
}

func checkYear(f *errs.Fields, field, what string, y, from, to int) {
	if y < from || y > to {
		f.Add(field, fmt.Sprintf("%s应在 %d 至 %d 之间", what, from, to))
	}
}

func checkRank(f *errs.Fields, field, what string, r int) {
	if r < 0 || r > 100 {
		f.Add(field, what+"应为 1 至 100 之间的整数（不清楚可不填）")
	}
}

// FindAssessment returns an enterprise's assessment within the actor's scope: park staff any, an enterprise
// user its own. An enterprise with nothing recorded has an empty assessment (Recorded false); an enterprise
// that does not exist is not found.
func (s *Service) FindAssessment(ctx context.Context, a *auth.Actor, entID int64) (*Assessment, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "assessment.read", entID, "没有查看该企业申报信息的权限")
	}
	if _, err := byID(ctx, s.db.R, entID); err != nil {
		return nil, err
	}
	return assessmentOf(ctx, s.db.R, entID)
}

// SaveAssessment replaces an enterprise's assessment (park staff), in one transaction with its audit record,
// which holds the facts that changed.
func (s *Service) SaveAssessment(ctx context.Context, a *auth.Actor, entID int64, as Assessment) (*Assessment, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "assessment.save", entID, "没有维护企业申报信息的权限")
	}
	now := s.now()
	y, m, d := now.In(cst).Date()
	if err := as.validate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)); err != nil {
		return nil, err
	}
	as.EnterpriseID = entID
	facts, err := json.Marshal(&as)
	if err != nil {
		return nil, err
	}
	name := a.DisplayName
	if name == "" {
		name = a.Username
	}
	var out *Assessment
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := byID(ctx, tx, entID); err != nil {
			return err
		}
		before, err := assessmentOf(ctx, tx, entID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_assessments (enterprise_id, version, facts, updated_by, updated_by_name, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (enterprise_id) DO UPDATE SET version = excluded.version, facts = excluded.facts, updated_by = excluded.updated_by,
				updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at`,
			entID, assessmentVersion, string(facts), a.UserID, name, db.Time(now)); err != nil {
			return err
		}
		if out, err = assessmentOf(ctx, tx, entID); err != nil {
			return err
		}
		b, af := audit.Changes(assessmentSnapshot(before), assessmentSnapshot(out))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "assessment.save", ObjectType: "enterprise", ObjectID: id(entID),
			Before: b, After: af})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const assessmentCols = `enterprise_id, version, facts, updated_by, updated_by_name, updated_at`

func scanAssessment(sc interface{ Scan(...any) error }) (*Assessment, error) {
	var (
		entID, by int64
		version   int
		facts     string
		name      string
		at        time.Time
	)
	if err := sc.Scan(&entID, &version, &facts, &by, &name, &at); err != nil {
		return nil, err
	}
	if version != assessmentVersion {
		return nil, fmt.Errorf("enterprise %d: assessment format version %d is not supported", entID, version)
	}
	a := &Assessment{}
	if err := json.Unmarshal([]byte(facts), a); err != nil {
		return nil, fmt.Errorf("enterprise %d: assessment: %w", entID, err)
	}
	a.EnterpriseID, a.UpdatedBy, a.UpdatedByName, a.UpdatedAt = entID, by, name, at.UTC()
	return a, nil
}

// assessmentOf reads one enterprise's assessment; none recorded is an empty one.
func assessmentOf(ctx context.Context, q db.Querier, entID int64) (*Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, `SELECT `+assessmentCols+` FROM enterprise_assessments WHERE enterprise_id = $1`, entID))
	if errors.Is(err, sql.ErrNoRows) {
		return &Assessment{EnterpriseID: entID}, nil
	}
	return a, err
}

// loadAssessments reads the assessments of one enterprise (entID > 0) or of all into their records: one query.
func loadAssessments(ctx context.Context, q db.Querier, entID int64, byEnt map[int64]*evalRecord) error {
	rows, err := q.QueryContext(ctx, `SELECT `+assessmentCols+` FROM enterprise_assessments WHERE CAST($1 AS BIGINT) = 0 OR enterprise_id = $1`, entID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return err
		}
		if r := byEnt[a.EnterpriseID]; r != nil {
			r.assessment = a
		}
	}
	return rows.Err()
}

// assessmentSnapshot flattens an assessment for the audit record: one readable value per fact.
func assessmentSnapshot(a *Assessment) map[string]any {
	m := map[string]any{}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put("mainland_resident", triText(a.MainlandResident))
	put("restricted_products", triText(a.RestrictedProducts))
	if a.TitlesChecked {
		m["titles_checked"] = true
	}
	for _, s := range a.Staff {
		put(fmt.Sprintf("staff_%d_monthly_total", s.Year), joinCounts(s.MonthlyTotal))
		put(fmt.Sprintf("staff_%d_monthly_tech", s.Year), joinCounts(s.MonthlyTech))
		put(fmt.Sprintf("staff_%d_quarterly_total", s.Year), joinCounts(s.QuarterlyTotal))
		put(fmt.Sprintf("staff_%d_quarterly_tech", s.Year), joinCounts(s.QuarterlyTech))
	}
	put("compliance_checked_through", isoDate(a.ComplianceCheckedThrough))
	var parts []string
	for _, in := range a.Incidents {
		s := isoDate(in.Date) + " " + choiceLabel(IncidentKinds, string(in.Kind))
		if !in.Until.IsZero() {
			s += " 至 " + isoDate(in.Until)
		}
		if in.Note != "" {
			s += "（" + in.Note + "）"
		}
		parts = append(parts, s)
	}
	put("incidents", strings.Join(parts, "；"))
	ip := a.IP
	for k, v := range map[string]*int64{"ip_class_i_main": ip.ClassIMain, "ip_class_ii_main": ip.ClassIIMain, "ip_class_ii_main_used": ip.ClassIIMainUsed,
		"ip_class_i_leading": ip.ClassILeading, "ip_class_i_leading_own_rd": ip.ClassILeadingOwnRD, "ip_class_i_leading_high_value": ip.ClassILeadingHighValue,
		"ip_class_i_leading_applied": ip.ClassILeadingApplied, "ip_class_ii_leading": ip.ClassIILeading} {
		if v != nil {
			m[k] = *v
		}
	}
	put("ip_own_rd", triText(ip.OwnRD))
	list := func(k string, known bool, items []string) {
		switch {
		case len(items) > 0:
			m[k] = strings.Join(items, "；")
		case known:
			m[k] = "无（已核实）"
		}
	}
	var xs []string
	for _, x := range a.Awards {
		xs = append(xs, fmt.Sprintf("%d %s %s 第%d名", x.Year, choiceLabel(AwardLevels, string(x.Level)), x.Name, x.Rank))
	}
	list("awards", a.AwardsKnown, xs)
	xs = nil
	for _, x := range a.Institutions {
		xs = append(xs, fmt.Sprintf("%s %s %s %s–%s", choiceLabel(AwardLevels, string(x.Level)), x.Kind, x.Name, isoDate(x.ValidFrom), isoDate(x.ValidTo)))
	}
	list("institutions", a.InstitutionsKnown, xs)
	xs = nil
	for _, x := range a.Standards {
		xs = append(xs, fmt.Sprintf("%d %s %s 第%d起草单位", x.Year, choiceLabel(StandardLevels, string(x.Level)), x.Name, x.Rank))
	}
	list("standards", a.StandardsKnown, xs)
	xs = nil
	for _, x := range a.MakerChina {
		xs = append(xs, fmt.Sprintf("%d 全国%d强", x.Year, x.Top))
	}
	list("maker_china", a.MakerChinaKnown, xs)
	put("niche_since", isoDate(a.NicheSince))
	mk := a.Market
	put("strategic_emerging", triText(mk.StrategicEmerging))
	if mk.DigitalLevel != nil {
		m["digital_level"] = *mk.DigitalLevel
	}
	put("quality_award", triText(mk.QualityAward))
	put("quality_certified", triText(mk.QualityCertified))
	put("own_brand", triText(mk.OwnBrand))
	if mk.NationalShareBP != nil {
		m["national_share"] = shareText(*mk.NationalShareBP) + "%"
	}
	j := a.Judgements
	for k, v := range map[string]*bool{"core_ip_support": j.CoreIPSupport, "key_tech_field": j.KeyTechField, "sound_governance": j.SoundGovernance,
		"leading_process": j.LeadingProcess, "info_system": j.InfoSystem, "high_reputation": j.HighReputation, "key_chain_role": j.KeyChainRole,
		"key_field_product": j.KeyFieldProduct} {
		put(k, triText(v))
	}
	put("chain_position", string(j.ChainPosition))
	for k, v := range j.Points {
		m["points "+k] = v
	}
	put("note", a.Note)
	return m
}

func triText(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "是"
	}
	return "否"
}

func joinCounts(vs []int64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(parts, ",")
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// shareText shows basis points as a percentage: 1234 → "12.34", 1200 → "12".
func shareText(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if r := bp % 100; r != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", r), "0")
	}
	return s
}

// applyAssessment adds an assessment's facts to a profile built from the record, the approved figures and the
// titles, and notes in facts where they came from.
func applyAssessment(p *criteria.Profile, as *Assessment, year int, facts *profileFacts) {
	if as == nil || !as.Recorded() {
		return
	}
	facts.assessed = as
	if as.MainlandResident != nil {
		p.MainlandResident = as.MainlandResident
		facts.residency = "依据申报信息：园区核实" + map[bool]string{true: "为", false: "不是"}[*as.MainlandResident] + "境内注册的居民企业。"
	}
	p.RestrictedProducts = as.RestrictedProducts
	p.QualificationsKnown = as.TitlesChecked

	for _, s := range as.Staff {
		gaoqi, kexiao := s.Averages()
		if gaoqi.Total == nil && gaoqi.Tech == nil && kexiao.Total == nil && kexiao.Tech == nil {
			continue
		}
		f := p.Years[s.Year]
		if f == nil {
			f = &criteria.YearFigures{}
			p.Years[s.Year] = f
		}
		f.StaffGaoqi, f.StaffKexiao = gaoqi, kexiao
		if s.Year == year-1 {
			facts.gaoqiAvg, facts.kexiaoAvg = gaoqi.Total != nil, kexiao.Total != nil
		}
	}

	p.ComplianceCheckedThrough = as.ComplianceCheckedThrough
	for _, in := range as.Incidents {
		p.Incidents = append(p.Incidents, criteria.Incident{Kind: in.Kind, Date: in.Date, Until: in.Until, Note: in.Note})
	}

	ip := as.IP
	p.IP.ClassIMain, p.IP.ClassIIMain, p.IP.ClassIIMainUsed, p.IP.OwnRD = ip.ClassIMain, ip.ClassIIMain, ip.ClassIIMainUsed, ip.OwnRD
	p.IP.ClassILeading, p.IP.ClassILeadingOwnRD, p.IP.ClassILeadingHighValue = ip.ClassILeading, ip.ClassILeadingOwnRD, ip.ClassILeadingHighValue
	p.IP.ClassILeadingApplied, p.IP.ClassIILeading = ip.ClassILeadingApplied, ip.ClassIILeading
	facts.ipMain = ip.ClassIMain != nil || ip.ClassIIMain != nil || ip.ClassILeading != nil || ip.ClassIILeading != nil

	for _, x := range as.Awards {
		p.Awards = append(p.Awards, criteria.Award{Name: x.Name, Level: x.Level, Year: x.Year, Rank: x.Rank})
	}
	p.AwardsKnown = as.AwardsKnown
	for _, x := range as.Institutions {
		p.RDInstitutions = append(p.RDInstitutions, criteria.RDInstitution{Name: x.Name, Kind: x.Kind, Level: x.Level, Joint: x.Joint,
			ValidFrom: x.ValidFrom, ValidTo: x.ValidTo})
	}
	p.RDInstitutionsKnown = as.InstitutionsKnown
	for _, x := range as.Standards {
		p.Standards = append(p.Standards, criteria.Standard{Name: x.Name, Level: x.Level, Year: x.Year, Rank: x.Rank})
	}
	p.StandardsKnown = as.StandardsKnown
	for _, x := range as.MakerChina {
		p.MakerChina = append(p.MakerChina, criteria.MakerChinaPlacement{Year: x.Year, Top: x.Top})
	}
	p.MakerChinaKnown = as.MakerChinaKnown

	p.NicheSince = as.NicheSince
	m := as.Market
	if m.StrategicEmerging != nil {
		p.Market.StrategicEmerging = m.StrategicEmerging
		facts.emergingAssessed = true
	}
	p.Market.DigitalLevel, p.Market.QualityAward, p.Market.QualityCertified, p.Market.OwnBrand =
		m.DigitalLevel, m.QualityAward, m.QualityCertified, m.OwnBrand
	if m.NationalShareBP != nil {
		r := big.NewRat(*m.NationalShareBP, maxShareBP)
		p.Market.NationalShare = &criteria.Frac{Num: r.Num().Int64(), Den: r.Denom().Int64()}
	}

	j := as.Judgements
	p.Judgements = criteria.Judgements{CoreIPSupport: j.CoreIPSupport, KeyTechField: j.KeyTechField, ChainPosition: j.ChainPosition,
		SoundGovernance: j.SoundGovernance, LeadingProcess: j.LeadingProcess, InfoSystem: j.InfoSystem, HighReputation: j.HighReputation,
		KeyChainRole: j.KeyChainRole, KeyFieldProduct: j.KeyFieldProduct}
	if len(j.Points) > 0 {
		p.Judgements.Points = make(map[string]int, len(j.Points))
		for k, v := range j.Points {
			p.Judgements.Points[k] = v
		}
	}
}
