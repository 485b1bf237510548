// Package enterprise is the registry of the park's enterprises (入驻企业库): their records, contacts,
// qualifications and annual figures, with the data scope that lets an enterprise user see and change its
// own enterprise only. Later modules (service desk, investment, funds, talent, vouchers, statistics) hang on
// it through its Service.
package enterprise

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/industry"
	"parkos/internal/zh"
)

// Permissions of the registry.
const (
	PermRead   auth.Permission = "enterprise.read"   // read every enterprise's record and figures
	PermManage auth.Permission = "enterprise.manage" // create and change records, review figures
	PermSelf   auth.Permission = "enterprise.self"   // an enterprise user: its own record and figures
)

// Grants of the registry.
func Grants() []auth.Grant {
	return []auth.Grant{
		{Role: auth.RoleParkAdmin, Perms: []auth.Permission{PermRead, PermManage}},
		{Role: auth.RoleEnterprise, Perms: []auth.Permission{PermSelf}},
	}
}

// ActionLabels are the Chinese names of the registry's audited actions, for the audit viewer.
var ActionLabels = map[string]string{
	"enterprise.create": "登记企业", "enterprise.logo": "修改企业标志", "enterprise.update": "修改企业档案", "enterprise.read": "查看企业档案", "enterprise.list": "查看企业库",
	"enterprise.import": "批量导入企业", "enterprise.export": "导出企业名单", "industry_codes.import": "导入行业代码表",
	"enterprise.change.request": "申请变更登记信息", "enterprise.change.decide": "审核登记信息变更", "enterprise.change.list": "查看变更申请",
	"figures.save": "保存年度经营数据", "figures.review": "审核年度经营数据", "figures.read": "查看年度经营数据",
	"figures.queue": "查看年度数据审核列表", "figures.import": "批量导入年度数据", "import.read": "查看导入记录", "import.list": "查看导入记录",
	"qualification.add": "登记资质", "qualification.update": "修改资质", "qualification.delete": "删除资质", "qualification.list": "查看资质",
	"qualification.expiring": "查看资质到期提醒", "qualification.evidence": "上传资质证明材料",
	"qualification.evidence.read": "下载资质证明材料", "qualification.evidence.remove": "删除资质证明材料",
	"contact.add": "添加联系人", "contact.update": "修改联系人", "contact.delete": "删除联系人", "contact.save": "维护联系人",
	"contact.list": "查看联系人", "contact.reveal": "查看联系人完整电话",
	"product.add": "登记产品", "product.update": "修改产品", "product.delete": "删除产品", "product.save": "维护产品", "product.list": "查看产品",
	"link.add": "登记供应链关系", "link.update": "修改供应链关系", "link.delete": "删除供应链关系", "link.save": "维护供应链关系",
	"link.list":         "查看供应链关系",
	"criteria.evaluate": "查看企业认定评估", "criteria.candidates": "查看认定评估名单", "criteria.export": "导出认定评估名单",
	"assessment.save": "保存企业申报信息", "assessment.read": "查看企业申报信息",
}

// Kind is what sort of organisation an enterprise is.
type Kind string

// Kinds, with their Chinese names in KindNames.
const (
	KindEnterprise   Kind = "enterprise"
	KindRnDInstitute Kind = "rnd_institute"
	KindUniversity   Kind = "university"
	KindAgency       Kind = "agency"
)

// KindNames are the Chinese names of the kinds.
var KindNames = map[Kind]string{KindEnterprise: "企业", KindRnDInstitute: "新型研发机构", KindUniversity: "高校院所", KindAgency: "中介机构"}

// Status is an enterprise's standing in the park.
type Status string

// Statuses, with their Chinese names in StatusNames.
const (
	Incubating Status = "incubating"
	Resident   Status = "resident"
	Graduated  Status = "graduated"
	MovedOut   Status = "moved_out"
)

// StatusNames are the Chinese names of the statuses.
var StatusNames = map[Status]string{Incubating: "在孵", Resident: "入驻", Graduated: "毕业", MovedOut: "迁出"}

// Enterprise is a registry record. Money is in fen.
type Enterprise struct {
	ID                int64
	Name              string
	USCC              string // 统一社会信用代码
	LegalRep          string
	FoundedOn         *time.Time
	RegisteredCapital int64
	Kind              Kind
	IndustryCode      string // GB/T 4754-2017, e.g. C3963
	EmergingIndustry  string // 战略性新兴产业
	HitechField       string // 国家重点支持的高新技术领域
	Location          string // building and room in the park
	Status            Status
	EnteredOn         *time.Time
	GraduatedOn       *time.Time
	MovedOutOn        *time.Time
	Tags              []string
	Description       string
	Website           string
	Logo              string
	Public            bool // shown in the portal's tenant directory
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// MonthsIncubated counts the whole months from entering the park to graduation, moving out, or now.
func (e *Enterprise) MonthsIncubated(now time.Time) int {
	if e.EnteredOn == nil {
		return 0
	}
	end := now
	switch {
	case e.GraduatedOn != nil:
		end = *e.GraduatedOn
	case e.MovedOutOn != nil:
		end = *e.MovedOutOn
	}
	y1, m1, d1 := e.EnteredOn.Date()
	y2, m2, d2 := end.Date()
	months := (y2-y1)*12 + int(m2-m1)
	if d2 < d1 {
		months--
	}
	return max(months, 0)
}

// Input is the editable part of a record.
type Input struct {
	Name              string
	USCC              string
	LegalRep          string
	FoundedOn         *time.Time
	RegisteredCapital int64
	Kind              Kind
	IndustryCode      string
	EmergingIndustry  string
	HitechField       string
	Location          string
	Status            Status
	EnteredOn         *time.Time
	GraduatedOn       *time.Time
	MovedOutOn        *time.Time
	Tags              []string
	Description       string
	Website           string
	Public            bool
}

func (in *Input) validate() error {
	var f errs.Fields
	in.Name = strings.TrimSpace(in.Name)
	in.USCC = strings.ToUpper(strings.TrimSpace(in.USCC))
	in.IndustryCode = strings.ToUpper(strings.TrimSpace(in.IndustryCode))
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		f.Add("name", "请填写企业名称")
	case n > 100:
		f.Add("name", "企业名称最多 100 个字")
	}
	if err := zh.CheckUSCC(in.USCC); err != nil {
		f.Add("uscc", err.Error())
	}
	if in.Kind == "" {
		in.Kind = KindEnterprise
	}
	if _, ok := KindNames[in.Kind]; !ok {
		f.Add("kind", "类型只能是企业、新型研发机构、高校院所或中介机构")
	}
	if in.Status == "" {
		in.Status = Resident
	}
	if _, ok := StatusNames[in.Status]; !ok {
		f.Add("status", "状态只能是在孵、入驻、毕业或迁出")
	}
	if in.IndustryCode != "" {
		if _, err := industry.DivisionOf(in.IndustryCode); err != nil {
			f.Add("industry_code", err.Error())
		}
	}
	in.EmergingIndustry, in.HitechField = strings.TrimSpace(in.EmergingIndustry), strings.TrimSpace(in.HitechField)
	if e := in.EmergingIndustry + "产业"; !slices.Contains(industry.EmergingIndustries, in.EmergingIndustry) && slices.Contains(industry.EmergingIndustries, e) {
		in.EmergingIndustry = e // the short form spreadsheets use: 新材料 for 新材料产业
	}
	if in.EmergingIndustry != "" && !slices.Contains(industry.EmergingIndustries, in.EmergingIndustry) {
		f.Add("emerging_industry", "战略性新兴产业应为《战略性新兴产业分类（2018）》的九类之一："+strings.Join(industry.EmergingIndustries, "、"))
	}
	if in.HitechField != "" && !slices.Contains(industry.HitechFields, in.HitechField) {
		f.Add("hitech_field", "高新技术领域应为《国家重点支持的高新技术领域》的八个领域之一："+strings.Join(industry.HitechFields, "、"))
	}
	if in.RegisteredCapital < 0 {
		f.Add("registered_capital", "注册资本不能为负数")
	}
	if in.Website != "" {
		if u, err := url.Parse(in.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			f.Add("website", "网址应以 http:// 或 https:// 开头，如 https://www.example.cn")
		}
	}
	if in.Status == Graduated && in.GraduatedOn == nil {
		f.Add("graduated_on", "毕业企业须填写毕业日期")
	}
	if in.Status == MovedOut && in.MovedOutOn == nil {
		f.Add("moved_out_on", "迁出企业须填写迁出日期")
	}
	if in.EnteredOn != nil && in.GraduatedOn != nil && in.GraduatedOn.Before(*in.EnteredOn) {
		f.Add("graduated_on", "毕业日期不能早于入驻日期")
	}
	if utf8.RuneCountInString(in.Description) > 5000 {
		f.Add("description", "简介最多 5000 字")
	}
	for i, t := range in.Tags {
		in.Tags[i] = strings.TrimSpace(t)
	}
	return f.Err()
}
