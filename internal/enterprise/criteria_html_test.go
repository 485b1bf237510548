package enterprise_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkos/internal/apptest"
	"parkos/internal/auth"
	"parkos/internal/enterprise"
)

// The criteria pages, the export and the API through the whole app, for park staff and for an enterprise user.
func TestCriteriaPages(t *testing.T) {
	env := apptest.Start(t, nil)
	bg := context.Background()
	sys := auth.System("test")
	svc := env.App.Enterprises
	n := 0
	add := func(name string, rev [3]int64, rd int64) *enterprise.Enterprise {
		t.Helper()
		n++
		e, err := svc.CreateEnterprise(bg, sys, enterprise.Input{Name: name, USCC: creditCode(t, n), IndustryCode: "C3981", FoundedOn: day(2015, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for i, y := range []int{2022, 2023, 2024} {
			f := enterprise.Figures{Revenue: wan(rev[i])}
			if y == 2024 {
				f.RnDSpending, f.StaffTotal, f.RnDStaff = wan(rd), num(40), num(8)
			}
			if _, err := svc.SaveReport(bg, sys, e.ID, y, f, "", false); err != nil {
				t.Fatal(err)
			}
		}
		return e
	}
	// Enterprise 1 is the enterprise user's own (apptest binds enterprise users to it).
	own := add("洛阳慧眼视觉科技有限公司", [3]int64{2000, 2500, 3000}, 200)
	near := add("洛阳新材研究院有限公司", [3]int64{2000, 2500, 3000}, 120)
	env.User("park1", "Park#Pass2026x", auth.RoleParkAdmin)
	env.User("qiye1", "Qiye#Pass2026x", auth.RoleEnterprise)
	c := env.Client()
	c.MustLogin("park1", "Park#Pass2026x")

	r := c.Get("/admin/enterprises/criteria?scheme=dengling&year=2025")
	if r.Status != 200 {
		t.Fatalf("candidates: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	eligible, rest, _ := strings.Cut(r.Body, `id="missing-one"`)
	missing, _, _ := strings.Cut(rest, `id="review"`)
	if !strings.Contains(eligible, own.Name) || !strings.Contains(missing, near.Name) ||
		!strings.Contains(missing, "上年度研发费用占营业收入比重不低于5.00%") || !strings.Contains(missing, "研发费用占比 4.00%") ||
		!strings.Contains(missing, "其余条件均符合") || !strings.Contains(r.Body, `href="/admin/enterprises/criteria/export.xlsx?scheme=dengling&amp;year=2025"`) {
		t.Fatalf("candidates page groups:\n%s", apptest.Snippet(rest))
	}
	if r := c.Get("/admin/enterprises/criteria"); r.Status != 200 || !strings.Contains(r.Body, "高新技术企业认定") {
		t.Fatalf("default candidates page: %d", r.Status)
	}
	if r := c.Get("/admin/enterprises/criteria?scheme=zhuanjingtexin&year=2021"); r.Status != 200 || !strings.Contains(r.Body, "专精特新中小企业在 2021 年（按申请日期 2021-06-01）没有适用的认定标准") {
		t.Fatalf("a year without a rule set: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	for _, bad := range []string{"?year=abc", "?scheme=nobel"} {
		if r := c.Get("/admin/enterprises/criteria" + bad); r.Status != 422 {
			t.Errorf("%s: %d, want 422", bad, r.Status)
		}
	}

	// The export: one sheet per group, the near miss with its criterion, figures and threshold.
	r = c.Get("/admin/enterprises/criteria/export.xlsx?scheme=dengling&year=2025")
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "可申报,差一项,需人工审核,不符合,说明" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := x.GetRows(enterprise.SheetMissingOne)
	if len(rows) != 2 || rows[1][0] != near.Name || !strings.Contains(rows[1][4], "研发费用") || !strings.Contains(rows[1][6], "4.00%") ||
		!strings.Contains(rows[1][7], "5.00%") {
		t.Fatalf("差一项 sheet: %q", rows)
	}
	if rows, _ := x.GetRows(enterprise.SheetEligible); len(rows) != 2 || rows[1][0] != own.Name {
		t.Fatalf("可申报 sheet: %q", rows)
	}

	// One enterprise's evaluation: every scheme, statuses, figures and the notes on what counted.
	r = c.Get(fmt.Sprintf("/admin/enterprises/%d/evaluation?year=2025", near.ID))
	if r.Status != 200 {
		t.Fatalf("evaluation: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	for _, want := range []string{`aria-current="page">认定评估`, `id="s-gaoqi"`, `id="s-dengling"`, "差一项：上年度研发费用占营业收入比重不低于5.00%",
		"不符合", "待审核", "符合", "只采用园区审核通过的年度数据：2022、2023、2024年", "32号 第十一条(五)", "年末人数"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("evaluation page lacks %q", want)
		}
	}
	if r := c.Get(fmt.Sprintf("/admin/enterprises/%d/evaluation?scheme=nobel", near.ID)); r.Status != 422 {
		t.Errorf("evaluation of an unknown scheme: %d, want 422", r.Status)
	}
	if r := c.Get(fmt.Sprintf("/admin/enterprises/%d/evaluation?year=2025&scheme=gaoqi", near.ID)); r.Status != 200 ||
		!strings.Contains(r.Body, `id="s-gaoqi"`) || strings.Contains(r.Body, `id="s-dengling"`) || !strings.Contains(r.Body, "显示全部类别的明细") {
		t.Errorf("evaluation of one scheme: %d", r.Status)
	}
	r = c.Get(fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2025&scheme=dengling", near.ID))
	var ev struct {
		Results []struct {
			SetID      string `json:"set_id"`
			MissingOne string `json:"missing_one"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil || r.Status != 200 || len(ev.Results) != 1 || ev.Results[0].MissingOne != "dengling.rd" {
		t.Fatalf("evaluations API: %d %v %s", r.Status, err, apptest.Snippet(r.Body))
	}
	r = c.Get("/api/v1/criteria/candidates?scheme=dengling&year=2025")
	var cands struct {
		MissingOne []struct {
			Name    string `json:"name"`
			Missing struct {
				ID string `json:"id"`
			} `json:"missing_one"`
		} `json:"missing_one"`
	}
	if err := json.Unmarshal([]byte(r.Body), &cands); err != nil || len(cands.MissingOne) != 1 || cands.MissingOne[0].Missing.ID != "dengling.rd" {
		t.Fatalf("candidates API: %d %v %s", r.Status, err, apptest.Snippet(r.Body))
	}

	// The enterprise user: its own evaluation, nobody else's, and no lists of the park.
	q := env.Client()
	q.MustLogin("qiye1", "Qiye#Pass2026x")
	if r := q.Get(fmt.Sprintf("/admin/enterprises/%d/evaluation?year=2025", own.ID)); r.Status != 200 || !strings.Contains(r.Body, "符合条件") {
		t.Fatalf("own evaluation: %d", r.Status)
	}
	for _, path := range []string{
		fmt.Sprintf("/admin/enterprises/%d/evaluation", near.ID),
		fmt.Sprintf("/api/v1/enterprises/%d/evaluations", near.ID),
		"/admin/enterprises/criteria",
		"/admin/enterprises/criteria/export.xlsx",
		"/api/v1/criteria/candidates",
	} {
		if r := q.Get(path); r.Status != 403 {
			t.Errorf("enterprise user %s: %d, want 403", path, r.Status)
		}
	}
	if r := q.Get(fmt.Sprintf("/api/v1/enterprises/%d/evaluations?year=2025", own.ID)); r.Status != 200 || !strings.Contains(r.Body, `"set_id":"gaoqi-2016"`) {
		t.Fatalf("own evaluations API: %d %s", r.Status, apptest.Snippet(r.Body))
	}
}
