// Package site holds the park's own facts (name, operator, address, zones, the portal's footer) and the
// back-office home page.
package site

import (
	"strings"
	"unicode/utf8"

	"parkos/internal/auth"
	"parkos/internal/errs"
)

// PermParkEdit lets the park administrator keep the park's facts.
const PermParkEdit auth.Permission = "park.edit"

// Grants of the site module.
func Grants() []auth.Grant {
	return []auth.Grant{{Role: auth.RoleParkAdmin, Perms: []auth.Permission{PermParkEdit}}}
}

// Park is the park's profile.
type Park struct {
	Name      string `json:"name"`       // 洛阳国家大学科技园
	Operator  string `json:"operator"`   // the operating company
	Address   string `json:"address"`    // street address
	Phone     string `json:"phone"`      // public switchboard (an organisation's number, not personal data)
	Email     string `json:"email"`      // public contact address
	Intro     string `json:"intro"`      // a paragraph about the park
	Zones     []Zone `json:"zones"`      // the park's areas
	UpdatedBy string `json:"updated_by"` // who saved last

	// The portal's footer, as Chinese public-sector sites show it.
	Fax         string `json:"fax"`
	Postcode    string `json:"postcode"`
	Sponsor     string `json:"sponsor"`      // 主办单位; the operator when empty
	ICP         string `json:"icp"`          // ICP filing number, e.g. 豫ICP备12345678号-1
	PSB         string `json:"psb"`          // public-security filing number, e.g. 豫公网安备 41030502000123号
	SiteCode    string `json:"site_code"`    // 网站标识码 (government sites)
	TechSupport string `json:"tech_support"` // 技术支持
	ErrorReport string `json:"error_report"` // URL of 我为政府网站找错, optional
}

// SponsorName is the 主办单位 shown in the footer.
func (p *Park) SponsorName() string {
	if p.Sponsor != "" {
		return p.Sponsor
	}
	if p.Operator != "" {
		return p.Operator
	}
	return p.Name
}

// PSBNumber is the digits of the public-security filing number, for the link to its record.
func (p *Park) PSBNumber() string {
	var b strings.Builder
	for _, r := range p.PSB {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Zone is an area of the park, e.g. a campus or an incubator building.
type Zone struct {
	Name string `json:"name"`
	Note string `json:"note"`
}

// ParseZones reads one zone a line, "名称｜说明" (a full-width or ASCII bar separates the note).
func ParseZones(text string) []Zone {
	var out []Zone
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, note, _ := strings.Cut(strings.ReplaceAll(line, "｜", "|"), "|")
		out = append(out, Zone{Name: strings.TrimSpace(name), Note: strings.TrimSpace(note)})
	}
	return out
}

// FormatZones is the inverse of ParseZones.
func FormatZones(zs []Zone) string {
	var b strings.Builder
	for _, z := range zs {
		b.WriteString(z.Name)
		if z.Note != "" {
			b.WriteString("｜" + z.Note)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Validate checks the profile and trims its fields.
func (p *Park) Validate() error {
	var f errs.Fields
	for _, s := range []*string{&p.Name, &p.Operator, &p.Address, &p.Phone, &p.Email, &p.Intro, &p.Fax, &p.Postcode,
		&p.Sponsor, &p.ICP, &p.PSB, &p.SiteCode, &p.TechSupport, &p.ErrorReport} {
		*s = strings.TrimSpace(*s)
	}
	if p.Name == "" {
		f.Add("name", "请填写园区名称")
	} else if utf8.RuneCountInString(p.Name) > 60 {
		f.Add("name", "园区名称最多 60 个字")
	}
	if utf8.RuneCountInString(p.Operator) > 60 {
		f.Add("operator", "运营单位最多 60 个字")
	}
	if utf8.RuneCountInString(p.Address) > 120 {
		f.Add("address", "地址最多 120 个字")
	}
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " <>\"")) {
		f.Add("email", "邮箱格式不对，应如 office@example.cn")
	}
	if utf8.RuneCountInString(p.Intro) > 2000 {
		f.Add("intro", "简介最多 2000 字")
	}
	if p.ErrorReport != "" && !strings.HasPrefix(p.ErrorReport, "https://") && !strings.HasPrefix(p.ErrorReport, "http://") {
		f.Add("error_report", "找错链接须以 https:// 开头")
	}
	if len(p.Zones) > 50 {
		f.Add("zones", "园区分区最多 50 个")
	}
	for _, z := range p.Zones {
		if z.Name == "" || utf8.RuneCountInString(z.Name) > 40 {
			f.Add("zones", "每个分区须有名称，且不超过 40 个字（格式：名称｜说明）")
			break
		}
	}
	return f.Err()
}
