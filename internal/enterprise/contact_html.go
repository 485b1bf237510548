package enterprise

import (
	"net/http"

	"parkos/internal/auth"
	"parkos/internal/web"
)

func (h *Handler) contactRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/{id}/contacts", Perm: auth.SignedIn, Handler: h.contacts},
		{Method: "POST", Path: "/admin/enterprises/{id}/contacts", Perm: auth.SignedIn, Handler: h.saveContact},
		{Method: "POST", Path: "/admin/enterprises/{id}/contacts/{cid}", Perm: auth.SignedIn, Handler: h.saveContact},
		{Method: "POST", Path: "/admin/enterprises/{id}/contacts/{cid}/delete", Perm: auth.SignedIn, Handler: h.deleteContact},
		{Method: "POST", Path: "/admin/enterprises/{id}/contacts/{cid}/reveal", Perm: PermManage, Handler: h.revealPhone},
	}
}

// contactPage shows the contacts; f carries a failed form back (edit names the contact it was for), and
// revealed is a full number just revealed to park staff.
func (h *Handler) contactPage(w http.ResponseWriter, r *http.Request, status int, entID int64, f *web.Form, edit int64, revealed map[int64]string) {
	a := auth.FromContext(r.Context())
	e, err := h.svc.FindEnterpriseByID(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	list, err := h.svc.Contacts(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "contacts.html", web.View{Title: e.Name + " · 联系人", Form: f, Data: map[string]any{
		"Enterprise": e, "Contacts": list, "CanEdit": canKeepUp(a, entID), "CanManage": a.Can(PermManage),
		"Forms": formsFor(f, edit), "Revealed": revealed}})
}

func (h *Handler) contacts(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.contactPage(w, r, http.StatusOK, entID, nil, 0, nil)
}

func (h *Handler) saveContact(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var cid int64
	if err == nil && r.PathValue("cid") != "" {
		cid, err = idParam(r, "cid", "联系人")
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	in := ContactInput{Name: f.Get("name"), Title: f.Get("title"), Phone: f.Get("phone"), Email: f.Get("email"), Primary: f.Bool("primary")}
	if _, err := h.svc.SaveContact(r.Context(), auth.FromContext(r.Context()), entID, cid, in); err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.contactPage(w, r, web.Status(err), entID, f, cid, nil)
		return
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(entID)+"/contacts", "联系人已保存")
}

func (h *Handler) deleteContact(w http.ResponseWriter, r *http.Request) {
	h.deleteRow(w, r, "contacts", "cid", "联系人", h.svc.DeleteContact, "联系人已删除")
}

func (h *Handler) revealPhone(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var cid int64
	if err == nil {
		cid, err = idParam(r, "cid", "联系人")
	}
	var phone string
	if err == nil {
		web.ParseForm(w, r)
		phone, err = h.svc.RevealPhone(r.Context(), auth.FromContext(r.Context()), entID, cid)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.contactPage(w, r, http.StatusOK, entID, nil, 0, map[int64]string{cid: phone})
}
