package site_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/dbtest"
	"parkos/internal/errs"
	"parkos/internal/site"
)

func TestUpdatePark(t *testing.T) {
	d := dbtest.Open(t)
	l := audit.New(d, []byte("k"))
	svc := site.NewService(d, l)
	ctx := context.Background()
	roles := auth.NewRoles(auth.BaseRoles(), site.Grants()...)
	park := auth.NewActor(roles, 1, "park", []string{auth.RoleParkAdmin})
	editor := auth.NewActor(roles, 2, "ed", []string{auth.RoleEditor})

	p, err := svc.Park(ctx)
	if err != nil || p.Name == "" {
		t.Fatalf("a new installation has no park name: %+v %v", p, err)
	}
	in := site.Park{Name: "洛阳国家大学科技园", Operator: "洛阳大学科技园发展有限公司", Zones: site.ParseZones("孵化器｜在孵企业\n加速器|中试\n\n")}
	if err := svc.UpdatePark(ctx, editor, in); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an editor changed the park: %v", err)
	}
	if err := svc.UpdatePark(ctx, park, site.Park{Name: " ", Email: "not-an-email"}); errs.As(err) == nil || errs.As(err).Fields["name"] == "" || errs.As(err).Fields["email"] == "" {
		t.Fatalf("invalid profile accepted or fields not named: %v", err)
	}
	if err := svc.UpdatePark(ctx, park, in); err != nil {
		t.Fatal(err)
	}
	p, _ = svc.Park(ctx)
	if p.Operator != in.Operator || len(p.Zones) != 2 || p.Zones[1].Note != "中试" || p.UpdatedBy != "park" {
		t.Fatalf("saved profile: %+v", p)
	}
	if got := site.FormatZones(p.Zones); got != "孵化器｜在孵企业\n加速器｜中试\n" {
		t.Fatalf("FormatZones = %q", got)
	}
	recs, _, err := l.Find(ctx, auth.NewActor(auth.NewRoles(auth.BaseRoles(), audit.Grants()...), 9, "aud", []string{auth.RoleAuditAdmin}),
		audit.Filter{Action: "settings.update"})
	if err != nil || len(recs) != 2 || recs[0].Result != audit.Success || recs[1].Result != audit.Denied {
		t.Fatalf("audit records: %+v %v", recs, err)
	}
	if !strings.Contains(recs[0].Detail, "洛阳大学科技园发展有限公司") {
		t.Fatalf("the change is not in the record: %s", recs[0].Detail)
	}
}

func TestParkPageKeepsWhatWasTyped(t *testing.T) {
	env := apptest.Start(t, nil)
	env.User("park1", "Park#Pass2026", auth.RoleParkAdmin)
	c := env.Client()
	c.MustLogin("park1", "Park#Pass2026")
	r := c.Post("/admin/park", url.Values{"name": {""}, "operator": {"运营公司甲"}, "email": {"bad"}})
	if r.Status != 422 || !strings.Contains(r.Body, "请填写园区名称") || !strings.Contains(r.Body, "运营公司甲") || !strings.Contains(r.Body, "邮箱格式不对") {
		t.Fatalf("failed form: %d %s", r.Status, apptest.Snippet(r.Body))
	}
	r = c.Post("/admin/park", url.Values{"name": {"测试园区"}, "zones": {"一区｜说明"}})
	if r.Status != 303 {
		t.Fatalf("save: %d", r.Status)
	}
	if r := env.Client().Get("/"); r.Status != 200 || !strings.Contains(r.Body, "测试园区") || !strings.Contains(r.Body, "一区") {
		t.Fatalf("front page: %d %s", r.Status, apptest.Snippet(r.Body))
	}
}
