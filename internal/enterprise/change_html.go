package enterprise

import (
	"net/http"

	"parkos/internal/auth"
	"parkos/internal/web"
)

func (h *Handler) changeRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprise-changes", Perm: PermManage, Handler: h.changes},
		{Method: "POST", Path: "/admin/enterprise-changes/{cid}", Perm: PermManage, Handler: h.decideChange},
	}
}

func (h *Handler) changesPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form, failed int64) {
	a := auth.FromContext(r.Context())
	st := ChangeStatus(r.URL.Query().Get("status"))
	if _, ok := ChangeStatusNames[st]; !ok && st != "all" {
		st = ChangePending
	}
	filter := st
	if st == "all" {
		filter = ""
	}
	list, err := h.svc.FindChanges(r.Context(), a, filter, 0)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "changes.html", web.View{Title: "登记信息变更审核", Form: f, Data: map[string]any{
		"List": list, "Status": st, "Names": ChangeStatusNames, "Failed": failed}})
}

func (h *Handler) changes(w http.ResponseWriter, r *http.Request) {
	h.changesPage(w, r, http.StatusOK, nil, 0)
}

func (h *Handler) decideChange(w http.ResponseWriter, r *http.Request) {
	cid, err := idParam(r, "cid", "变更申请")
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	approve := f.Get("decision") == "approve"
	err = h.svc.DecideChange(r.Context(), auth.FromContext(r.Context()), cid, approve, f.Get("comment"))
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.changesPage(w, r, web.Status(err), f, cid)
		return
	}
	msg := "已退回，企业会看到退回原因"
	if approve {
		msg = "已通过，登记信息已更新"
	}
	web.Redirect(w, r, "/admin/enterprise-changes", msg)
}
