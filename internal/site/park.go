// Package site holds the park's own facts (name, operator, address, zones), the back-office home page and
// the public front page that shows them until the portal module takes it over.
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
	for _, s := range []*string{&p.Name, &p.Operator, &p.Address, &p.Phone, &p.Email, &p.Intro} {
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
