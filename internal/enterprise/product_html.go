package enterprise

import (
	"context"
	"net/http"

	"parkos/internal/auth"
	"parkos/internal/web"
)

func (h *Handler) productRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/{id}/products", Perm: auth.SignedIn, Handler: h.products},
		{Method: "POST", Path: "/admin/enterprises/{id}/products", Perm: auth.SignedIn, Handler: h.saveProduct},
		{Method: "POST", Path: "/admin/enterprises/{id}/products/{pid}", Perm: auth.SignedIn, Handler: h.saveProduct},
		{Method: "POST", Path: "/admin/enterprises/{id}/products/{pid}/delete", Perm: auth.SignedIn, Handler: h.deleteProduct},
		{Method: "POST", Path: "/admin/enterprises/{id}/links", Perm: auth.SignedIn, Handler: h.saveLink},
		{Method: "POST", Path: "/admin/enterprises/{id}/links/{lid}/delete", Perm: auth.SignedIn, Handler: h.deleteLink},
	}
}

// productPage shows products and links; f carries a failed form back, which names the form it came from
// ("product", "product-N" or "link").
func (h *Handler) productPage(w http.ResponseWriter, r *http.Request, status int, entID int64, f *web.Form, which string) {
	a := auth.FromContext(r.Context())
	e, err := h.svc.FindEnterpriseByID(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	products, err := h.svc.Products(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	links, err := h.svc.Links(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "products.html", web.View{Title: e.Name + " · 产品与供应链", Form: f, Data: map[string]any{
		"Enterprise": e, "Products": products, "Links": links, "Stages": StageNames, "StageOrder": StageOrder, "LinkKinds": LinkKindNames,
		"CanEdit": canKeepUp(a, entID), "CanManage": a.Can(PermManage), "Forms": map[string]*web.Form{which: f}}})
}

func (h *Handler) products(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.productPage(w, r, http.StatusOK, entID, nil, "")
}

// afterSave redirects on success or shows the page again with the form's errors.
func (h *Handler) afterSave(w http.ResponseWriter, r *http.Request, err error, entID int64, f *web.Form, which, ok string) {
	if err == nil {
		web.Redirect(w, r, "/admin/enterprises/"+id(entID)+"/products", ok)
		return
	}
	if !formFailure(err) {
		h.rnd.Error(w, r, err)
		return
	}
	f.Fail(err)
	h.productPage(w, r, web.Status(err), entID, f, which)
}

func (h *Handler) saveProduct(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var pid int64
	if err == nil && r.PathValue("pid") != "" {
		pid, err = idParam(r, "pid", "产品")
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	p := Product{ID: pid, EnterpriseID: entID, Name: f.Get("name"), Stage: Stage(f.Get("stage")), RawMaterials: f.Get("raw_materials"),
		MaterialSources: f.Get("material_sources"), Customers: f.Get("customers"), Markets: f.Get("markets")}
	_, err = h.svc.SaveProduct(r.Context(), auth.FromContext(r.Context()), p)
	which := "product"
	if pid != 0 {
		which = "product-" + id(pid)
	}
	h.afterSave(w, r, err, entID, f, which, "产品已保存")
}

func (h *Handler) deleteProduct(w http.ResponseWriter, r *http.Request) {
	h.deleteRow(w, r, "products", "pid", "产品", h.svc.DeleteProduct, "产品已删除")
}

func (h *Handler) deleteLink(w http.ResponseWriter, r *http.Request) {
	h.deleteRow(w, r, "products", "lid", "供应链关系", h.svc.DeleteLink, "供应链关系已删除")
}

// deleteRow handles a POST that deletes one row of an enterprise's section (the path's {param} names it) and
// returns to that section's page.
func (h *Handler) deleteRow(w http.ResponseWriter, r *http.Request, section, param, what string,
	del func(context.Context, *auth.Actor, int64, int64) error, ok string) {
	entID, err := pathID(r)
	var rowID int64
	if err == nil {
		rowID, err = idParam(r, param, what)
	}
	if err == nil {
		web.ParseForm(w, r)
		err = del(r.Context(), auth.FromContext(r.Context()), entID, rowID)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(entID)+"/"+section, ok)
}

func (h *Handler) saveLink(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	l := Link{EnterpriseID: entID, Kind: LinkKind(f.Get("kind")), PartnerName: f.Get("partner_name"), Product: f.Get("product"), Note: f.Get("note")}
	_, err = h.svc.SaveLink(r.Context(), auth.FromContext(r.Context()), l)
	h.afterSave(w, r, err, entID, f, "link", "供应链关系已保存")
}
