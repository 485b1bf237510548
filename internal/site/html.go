package site

import (
	"embed"
	"net/http"

	"parkos/internal/auth"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handler serves the back-office home and the park profile page.
type Handler struct {
	svc    *Service
	pages  *web.Pages
	rnd    *web.Renderer
	navFor func(*auth.Actor) []auth.NavLink
}

// NewHandler builds the site handlers; navFor lists the navigation entries an actor may use (for the tiles of
// the home page).
func NewHandler(svc *Service, rnd *web.Renderer, navFor func(*auth.Actor) []auth.NavLink) *Handler {
	return &Handler{svc: svc, pages: rnd.Parse(templates, "templates"), rnd: rnd, navFor: navFor}
}

// Routes of the site module.
func (h *Handler) Routes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin", Perm: auth.SignedIn, Handler: h.home},
		{Method: "GET", Path: "/admin/park", Perm: PermParkEdit, Handler: h.parkForm},
		{Method: "POST", Path: "/admin/park", Perm: PermParkEdit, Handler: h.parkSubmit},
	}
}

// Nav of the site module.
func Nav() []auth.NavLink {
	return []auth.NavLink{{Group: "园区运营", Title: "园区信息", Path: "/admin/park", Perm: PermParkEdit, Note: "园区名称、运营单位、地址与分区"}}
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	p, err := h.svc.Park(r.Context())
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "home.html", web.View{Title: "工作台", Data: map[string]any{
		"Park": p, "Links": h.navFor(a), "Actor": a}})
}

func (h *Handler) parkForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Park(r.Context())
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.NewForm()
	for k, v := range map[string]string{"name": p.Name, "operator": p.Operator, "address": p.Address, "phone": p.Phone,
		"email": p.Email, "intro": p.Intro, "zones": FormatZones(p.Zones), "fax": p.Fax, "postcode": p.Postcode,
		"sponsor": p.Sponsor, "icp": p.ICP, "psb": p.PSB, "site_code": p.SiteCode, "tech_support": p.TechSupport,
		"error_report": p.ErrorReport} {
		f.Values.Set(k, v)
	}
	h.pages.Render(w, r, http.StatusOK, "park.html", web.View{Title: "园区信息", Form: f, Data: p})
}

func (h *Handler) parkSubmit(w http.ResponseWriter, r *http.Request) {
	f := web.ParseForm(w, r)
	p := Park{Name: f.Get("name"), Operator: f.Get("operator"), Address: f.Get("address"), Phone: f.Get("phone"),
		Email: f.Get("email"), Intro: f.Get("intro"), Zones: ParseZones(f.Values.Get("zones")), Fax: f.Get("fax"),
		Postcode: f.Get("postcode"), Sponsor: f.Get("sponsor"), ICP: f.Get("icp"), PSB: f.Get("psb"),
		SiteCode: f.Get("site_code"), TechSupport: f.Get("tech_support"), ErrorReport: f.Get("error_report")}
	if err := h.svc.UpdatePark(r.Context(), auth.FromContext(r.Context()), p); err != nil {
		f.Fail(err)
		h.pages.Render(w, r, web.Status(err), "park.html", web.View{Title: "园区信息", Form: f, Data: &p})
		return
	}
	web.Redirect(w, r, "/admin/park", "园区信息已保存")
}
