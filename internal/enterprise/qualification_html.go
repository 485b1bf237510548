package enterprise

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

func (h *Handler) qualificationRoutes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/enterprises/{id}/qualifications", Perm: auth.SignedIn, Handler: h.qualifications},
		{Method: "POST", Path: "/admin/enterprises/{id}/qualifications", Perm: PermManage, Handler: h.addQualification},
		{Method: "POST", Path: "/admin/enterprises/{id}/qualifications/{qid}", Perm: PermManage, Handler: h.updateQualification},
		{Method: "POST", Path: "/admin/enterprises/{id}/qualifications/{qid}/delete", Perm: PermManage, Handler: h.deleteQualification},
		{Method: "POST", Path: "/admin/enterprises/{id}/qualifications/{qid}/files", Perm: PermManage, Handler: h.addEvidence},
		{Method: "GET", Path: "/admin/enterprises/{id}/qualifications/{qid}/files/{fid}", Perm: auth.SignedIn, Handler: h.evidence},
		{Method: "POST", Path: "/admin/enterprises/{id}/qualifications/{qid}/files/{fid}/delete", Perm: PermManage, Handler: h.removeEvidence},
		{Method: "GET", Path: "/admin/qualifications/expiring", Perm: PermRead, Handler: h.expiring},
		{Method: "GET", Path: "/api/v1/enterprises/{id}/qualifications", Perm: auth.SignedIn, Handler: h.apiQualifications},
		{Method: "GET", Path: "/api/v1/qualifications/expiring", Perm: PermRead, Handler: h.apiExpiring},
	}
}

func idParam(r *http.Request, name, what string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.NotFoundf("%s", what)
	}
	return n, nil
}

// qualPage shows an enterprise's qualifications; f carries a failed form back (edit names the one edited).
func (h *Handler) qualPage(w http.ResponseWriter, r *http.Request, status int, entID int64, f *web.Form, edit int64) {
	a := auth.FromContext(r.Context())
	e, err := h.svc.FindEnterpriseByID(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	quals, err := h.svc.Qualifications(r.Context(), a, entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "qualifications.html", web.View{Title: e.Name + " · 资质", Form: f, Data: map[string]any{
		"Forms":      formsFor(f, edit),
		"Enterprise": e, "Quals": quals, "Kinds": QualificationKinds, "Order": QualificationOrder, "Levels": LevelNames,
		"CanManage": a.Can(PermManage), "Now": time.Now(), "MaxMB": MaxEvidence >> 20}})
}

func (h *Handler) qualifications(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.qualPage(w, r, http.StatusOK, entID, nil, 0)
}

func qualificationInput(f *web.Form, entID int64) (Qualification, error) {
	var fe errs.Fields
	q := Qualification{EnterpriseID: entID, Kind: f.Get("kind"), Name: f.Get("name"), Level: f.Get("level"), CertNo: f.Get("cert_no")}
	q.IssuedOn = date(f, "issued_on", &fe)
	q.ExpiresOn = date(f, "expires_on", &fe)
	return q, fe.Err()
}

func (h *Handler) addQualification(w http.ResponseWriter, r *http.Request) {
	h.saveQualification(w, r, false)
}

func (h *Handler) updateQualification(w http.ResponseWriter, r *http.Request) {
	h.saveQualification(w, r, true)
}

func (h *Handler) saveQualification(w http.ResponseWriter, r *http.Request, update bool) {
	entID, err := pathID(r)
	var qid int64
	if err == nil && update {
		qid, err = idParam(r, "qid", "资质")
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	q, err := qualificationInput(f, entID)
	a := auth.FromContext(r.Context())
	if err == nil {
		if update {
			q.ID = qid
			_, err = h.svc.UpdateQualification(r.Context(), a, q)
		} else {
			_, err = h.svc.AddQualification(r.Context(), a, q)
		}
	}
	back := "/admin/enterprises/" + id(entID) + "/qualifications"
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.qualPage(w, r, web.Status(err), entID, f, qid)
		return
	}
	web.Redirect(w, r, back, "资质已保存")
}

func (h *Handler) deleteQualification(w http.ResponseWriter, r *http.Request) {
	h.deleteRow(w, r, "qualifications", "qid", "资质", h.svc.DeleteQualification, "资质已删除")
}

func (h *Handler) addEvidence(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var qid int64
	if err == nil {
		qid, err = idParam(r, "qid", "资质")
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.upload(w, r, "file", MaxEvidence, "/admin/enterprises/"+id(entID)+"/qualifications", "证明材料已上传", func(name string, f io.Reader) error {
		_, err := h.svc.AddEvidence(r.Context(), auth.FromContext(r.Context()), entID, qid, name, f)
		return err
	})
}

// evidenceIDs reads the enterprise, qualification and file of an evidence path.
func evidenceIDs(r *http.Request) (entID, qid, fid int64, err error) {
	if entID, err = pathID(r); err == nil {
		if qid, err = idParam(r, "qid", "资质"); err == nil {
			fid, err = idParam(r, "fid", "证明材料")
		}
	}
	return entID, qid, fid, err
}

func (h *Handler) evidence(w http.ResponseWriter, r *http.Request) {
	entID, qid, fid, err := evidenceIDs(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	ev, body, err := h.svc.OpenEvidence(r.Context(), auth.FromContext(r.Context()), entID, qid, fid)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ev.Mime)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(ev.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", ev.CreatedAt, body)
}

func (h *Handler) removeEvidence(w http.ResponseWriter, r *http.Request) {
	entID, qid, fid, err := evidenceIDs(r)
	if err == nil {
		web.ParseForm(w, r)
		err = h.svc.RemoveEvidence(r.Context(), auth.FromContext(r.Context()), entID, qid, fid)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(entID)+"/qualifications", "证明材料已删除")
}

func expiryDays(r *http.Request) int {
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	if err != nil || days <= 0 {
		return 90
	}
	return min(days, 1095)
}

func (h *Handler) expiring(w http.ResponseWriter, r *http.Request) {
	days := expiryDays(r)
	list, err := h.svc.Expiring(r.Context(), auth.FromContext(r.Context()), days)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "expiring.html", web.View{Title: "资质到期提醒", Data: map[string]any{
		"List": list, "Days": days, "Choices": []int{30, 90, 180, 365}}})
}

// apiQualification is a qualification in the JSON API.
type apiQualification struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Level     string `json:"level"`
	CertNo    string `json:"cert_no"`
	IssuedOn  string `json:"issued_on,omitempty"`
	ExpiresOn string `json:"expires_on,omitempty"`
	Valid     bool   `json:"valid"`
	Files     int    `json:"evidence_files"`
}

func dayText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(cst).Format(time.DateOnly)
}

func toAPIQualification(q *Qualification, now time.Time) apiQualification {
	return apiQualification{ID: q.ID, Kind: q.Kind, Name: q.Name, Level: q.Level, CertNo: q.CertNo, IssuedOn: dayText(q.IssuedOn),
		ExpiresOn: dayText(q.ExpiresOn), Valid: q.ValidOn(now), Files: len(q.Files)}
}

func (h *Handler) apiQualifications(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var list []*Qualification
	if err == nil {
		list, err = h.svc.Qualifications(r.Context(), auth.FromContext(r.Context()), entID)
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	items := make([]apiQualification, len(list))
	for i, q := range list {
		items[i] = toAPIQualification(q, time.Now())
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": items})
}

func (h *Handler) apiExpiring(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Expiring(r.Context(), auth.FromContext(r.Context()), expiryDays(r))
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	type item struct {
		apiQualification
		EnterpriseID   int64  `json:"enterprise_id"`
		EnterpriseName string `json:"enterprise_name"`
		DaysLeft       int    `json:"days_left"`
	}
	items := make([]item, len(list))
	for i, x := range list {
		items[i] = item{toAPIQualification(&x.Qualification, time.Now()), x.EnterpriseID, x.EnterpriseName, x.DaysLeft}
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": items})
}

func withColon(s string) string {
	if s == "" {
		return ""
	}
	return "：" + s
}

// formsFor files a failed form under the key of the form it came from: "new" for the add form, "edit-N" for
// the form of row N. Templates look their form up by key and get nil for the others.
func formsFor(f *web.Form, row int64) map[string]*web.Form {
	if f == nil {
		return nil
	}
	if row == 0 {
		return map[string]*web.Form{"new": f}
	}
	return map[string]*web.Form{"edit-" + id(row): f}
}
