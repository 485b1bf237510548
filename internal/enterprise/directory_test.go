package enterprise_test

import (
	"slices"
	"testing"
	"time"

	"parkos/internal/enterprise"
	"parkos/internal/errs"
)

// dirFixture registers enterprises for the directory tests: three published, one withdrawn from the
// directory, one moved out, each with the titles the filters must tell apart.
type dirFixture struct {
	vision, carbon, hidden, gone, agency *enterprise.Enterprise
}

func cstDay(offset int) *time.Time {
	cst := time.FixedZone("CST", 8*3600)
	y, m, d := time.Now().In(cst).Date()
	t := time.Date(y, m, d+offset, 0, 0, 0, 0, cst)
	return &t
}

func newDirFixture(t *testing.T, e *env) *dirFixture {
	t.Helper()
	add := func(name, uscc, code string, st enterprise.Status, public bool) *enterprise.Enterprise {
		t.Helper()
		in := enterprise.Input{Name: name, USCC: uscc, IndustryCode: code, Status: st, Public: public, Tags: []string{"测试"},
			Description: name + "的简介", Website: "https://www.example.cn", EnteredOn: cstDay(-400)}
		if st == enterprise.MovedOut {
			in.MovedOutOn = cstDay(-30)
		}
		x, err := e.svc.CreateEnterprise(ctx, e.staff, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return x
	}
	title := func(x *enterprise.Enterprise, kind, name string, from, to *time.Time) {
		t.Helper()
		if _, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: x.ID, Kind: kind, Name: name,
			IssuedOn: from, ExpiresOn: to}); err != nil {
			t.Fatal(err)
		}
	}
	f := &dirFixture{
		vision: add("甲视觉装备有限公司", "914403001922038216", "C3569", enterprise.Resident, true),
		carbon: add("乙碳材料有限公司", "91330100716105852F", "C3091", enterprise.Incubating, true),
		hidden: add("丙未公开有限公司", "91110108551385082Q", "C3569", enterprise.Resident, false),
		gone:   add("丁已迁出有限公司", "91410305MA8C3H5740", "C3569", enterprise.MovedOut, true),
		agency: add("戊知识产权代理有限公司", "91410305MA6F53W86F", "M7520", enterprise.Resident, true),
	}
	// 甲: a 高企 that expires today, still in force through its last day, and an expired 科小.
	title(f.vision, "gaoqi", "", cstDay(-1095), cstDay(0))
	title(f.vision, "kexiao", "", cstDay(-400), cstDay(-35))
	// 乙: an expired 高企 and a valid 科小.
	title(f.carbon, "gaoqi", "", cstDay(-1200), cstDay(-1))
	title(f.carbon, "kexiao", "", cstDay(-20), cstDay(200))
	// 丙 and 丁 hold valid 高企 titles but are not in the directory.
	title(f.hidden, "gaoqi", "", cstDay(-10), cstDay(1000))
	title(f.gone, "gaoqi", "", cstDay(-10), cstDay(1000))
	// 戊: a 高企 from tomorrow on, and a title without an expiry date.
	title(f.agency, "gaoqi", "", cstDay(1), cstDay(1096))
	title(f.agency, "other", "专利代理机构执业许可", cstDay(-3000), nil)
	return f
}

func names(list []*enterprise.PublicEnterprise) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Name)
	}
	return out
}

func TestPublicDirectoryFilters(t *testing.T) {
	e := newEnv(t)
	f := newDirFixture(t, e)
	find := func(df enterprise.DirectoryFilter, want ...string) []*enterprise.PublicEnterprise {
		t.Helper()
		list, total, err := e.svc.FindPublicEnterprises(ctx, df)
		if err != nil {
			t.Fatal(err)
		}
		got := names(list)
		slices.Sort(got)
		slices.Sort(want)
		if total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("%+v: %v (total %d), want %v", df, got, total, want)
		}
		return list
	}
	// Unpublished and moved-out records are never listed, whatever the filter.
	all := find(enterprise.DirectoryFilter{}, "甲视觉装备有限公司", "乙碳材料有限公司", "戊知识产权代理有限公司")
	find(enterprise.DirectoryFilter{Industry: "C"}, "甲视觉装备有限公司", "乙碳材料有限公司")
	find(enterprise.DirectoryFilter{Industry: "c35"}, "甲视觉装备有限公司")
	find(enterprise.DirectoryFilter{Industry: "C39"})
	find(enterprise.DirectoryFilter{Industry: "M"}, "戊知识产权代理有限公司")
	find(enterprise.DirectoryFilter{Query: "碳材料"}, "乙碳材料有限公司")
	find(enterprise.DirectoryFilter{Query: "迁出"})
	find(enterprise.DirectoryFilter{Query: "100%_"})
	// Only a title in force today counts: 甲's 高企 on its last day, not 乙's expired one nor 戊's of tomorrow.
	find(enterprise.DirectoryFilter{Qualification: "gaoqi"}, "甲视觉装备有限公司")
	find(enterprise.DirectoryFilter{Qualification: "kexiao"}, "乙碳材料有限公司")
	find(enterprise.DirectoryFilter{Qualification: "kexiao", Industry: "C35"})
	find(enterprise.DirectoryFilter{Qualification: "zhuanjingtexin"})
	// The titles shown are those in force, in the registry's order.
	titles := map[string][]string{}
	for _, x := range all {
		titles[x.Name] = x.Qualifications
	}
	if !slices.Equal(titles["甲视觉装备有限公司"], []string{"高新技术企业"}) || !slices.Equal(titles["乙碳材料有限公司"], []string{"科技型中小企业"}) ||
		!slices.Equal(titles["戊知识产权代理有限公司"], []string{"专利代理机构执业许可"}) {
		t.Fatalf("titles: %v", titles)
	}
	// Paging and the newest-first order of the home page.
	page, total, err := e.svc.FindPublicEnterprises(ctx, enterprise.DirectoryFilter{Limit: 2, Offset: 2})
	if err != nil || total != 3 || len(page) != 1 {
		t.Fatalf("second page: %v %d %v", names(page), total, err)
	}
	if _, err := e.svc.UpdateEnterprise(ctx, e.staff, f.agency.ID, enterprise.Input{Name: f.agency.Name, USCC: f.agency.USCC,
		IndustryCode: f.agency.IndustryCode, Kind: enterprise.KindAgency, Status: enterprise.Resident, Public: true, EnteredOn: cstDay(-3)}); err != nil {
		t.Fatal(err)
	}
	newest, _, err := e.svc.FindPublicEnterprises(ctx, enterprise.DirectoryFilter{Newest: true, Limit: 1})
	if err != nil || len(newest) != 1 || newest[0].ID != f.agency.ID || newest[0].Kind != enterprise.KindAgency {
		t.Fatalf("newest: %v %v", names(newest), err)
	}

	// One record: published ones only, unpublished and moved-out ones are not found.
	one, err := e.svc.PublicEnterpriseByID(ctx, f.vision.ID)
	if err != nil || one.Name != "甲视觉装备有限公司" || one.Website != "https://www.example.cn" || !slices.Equal(one.Qualifications, []string{"高新技术企业"}) {
		t.Fatalf("public record: %+v %v", one, err)
	}
	for _, id := range []int64{f.hidden.ID, f.gone.ID, 9999} {
		if _, err := e.svc.PublicEnterpriseByID(ctx, id); !errs.Is(err, errs.NotFound) {
			t.Fatalf("record %d: %v, want not found", id, err)
		}
	}

	// Facets count published records and titles in force.
	fc, err := e.svc.FindDirectoryFacets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fc.Total != 3 || fc.Sections["C"] != 2 || fc.Sections["M"] != 1 || fc.Divisions["C35"] != 1 || fc.Divisions["C30"] != 1 ||
		fc.Qualifications["gaoqi"] != 1 || fc.Qualifications["kexiao"] != 1 || fc.Qualifications["zhuanjingtexin"] != 0 {
		t.Fatalf("facets: %+v", fc)
	}
}

func TestDirectoryVersion(t *testing.T) {
	e := newEnv(t)
	f := newDirFixture(t, e)
	version := func() string {
		t.Helper()
		v, err := e.svc.DirectoryVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	seen := map[string]string{}
	step := func(what string) {
		t.Helper()
		v := version()
		if prev, ok := seen[v]; ok {
			t.Fatalf("after %s the version %s is the one of %s", what, v, prev)
		}
		seen[v] = what
	}
	step("the fixture")
	if v := version(); seen[v] != "the fixture" {
		t.Fatal("the version moved with nothing changed")
	}
	// A published record edited.
	in := enterprise.Input{Name: f.vision.Name, USCC: f.vision.USCC, IndustryCode: f.vision.IndustryCode, Status: f.vision.Status,
		Public: true, Description: "新的简介"}
	time.Sleep(2 * time.Millisecond) // updated_at is kept to the microsecond
	if _, err := e.svc.UpdateEnterprise(ctx, e.staff, f.vision.ID, in); err != nil {
		t.Fatal(err)
	}
	step("an edit")
	// A record withdrawn from the directory.
	in.Public = false
	time.Sleep(2 * time.Millisecond)
	if _, err := e.svc.UpdateEnterprise(ctx, e.staff, f.vision.ID, in); err != nil {
		t.Fatal(err)
	}
	step("a withdrawal")
	// A title added to a published record.
	q, err := e.svc.AddQualification(ctx, e.staff, enterprise.Qualification{EnterpriseID: f.carbon.ID, Kind: "chuangxin", Level: "provincial",
		IssuedOn: cstDay(-5), ExpiresOn: cstDay(1000)})
	if err != nil {
		t.Fatal(err)
	}
	step("a new title")
	// The same title renamed in place.
	q.Kind, q.Name = "rnd_institution", "河南省工程技术研究中心"
	if _, err := e.svc.UpdateQualification(ctx, e.staff, *q); err != nil {
		t.Fatal(err)
	}
	step("a title changed in place")
	// An unpublished record's changes do not concern the portal.
	v := version()
	h := enterprise.Input{Name: f.hidden.Name, USCC: f.hidden.USCC, IndustryCode: f.hidden.IndustryCode, Status: f.hidden.Status, Description: "内部备注"}
	if _, err := e.svc.UpdateEnterprise(ctx, e.staff, f.hidden.ID, h); err != nil {
		t.Fatal(err)
	}
	if version() != v {
		t.Fatal("editing an unpublished record moved the directory's version")
	}
	// Published again: a new version.
	h.Public = true
	if _, err := e.svc.UpdateEnterprise(ctx, e.staff, f.hidden.ID, h); err != nil {
		t.Fatal(err)
	}
	step("a record published")
}
