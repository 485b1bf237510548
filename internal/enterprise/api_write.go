package enterprise

import (
	"net/http"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// The API's writes call the same service methods as the pages: the same checks, the same data scope, the
// same audit records. Bodies are JSON; money is in fen; dates are "2006-01-02" (China time).

func (h *Handler) apiWriteRoutes() []auth.Route {
	return []auth.Route{
		{Method: "POST", Path: "/api/v1/enterprises", Perm: PermManage, Handler: h.apiCreate},
		{Method: "PUT", Path: "/api/v1/enterprises/{id}", Perm: auth.SignedIn, Handler: h.apiUpdate},
		{Method: "PUT", Path: "/api/v1/enterprises/{id}/figures/{year}", Perm: auth.SignedIn, Handler: h.apiSaveFigures},
		{Method: "POST", Path: "/api/v1/enterprises/{id}/qualifications", Perm: PermManage, Handler: h.apiAddQualification},
	}
}

// apiEnterpriseInput is the editable record in the API: PUT replaces it whole, as the record form does.
type apiEnterpriseInput struct {
	Name              string   `json:"name"`
	USCC              string   `json:"uscc"`
	LegalRep          string   `json:"legal_rep"`
	FoundedOn         string   `json:"founded_on,omitempty"`
	RegisteredCapital int64    `json:"registered_capital_fen"`
	Kind              string   `json:"kind"`
	IndustryCode      string   `json:"industry_code"`
	EmergingIndustry  string   `json:"emerging_industry"`
	HitechField       string   `json:"hitech_field"`
	Location          string   `json:"location"`
	Status            string   `json:"status"`
	EnteredOn         string   `json:"entered_on,omitempty"`
	GraduatedOn       string   `json:"graduated_on,omitempty"`
	MovedOutOn        string   `json:"moved_out_on,omitempty"`
	Tags              []string `json:"tags"`
	Description       string   `json:"description"`
	Website           string   `json:"website"`
	Public            bool     `json:"public"`
}

// apiDate reads an optional date of the API, naming the field when it is malformed.
func apiDate(v, field string, fe *errs.Fields) *time.Time {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), cst)
	if err != nil {
		fe.Add(field, "日期格式应为 2026-01-31")
		return nil
	}
	return &t
}

func (b *apiEnterpriseInput) input() (Input, error) {
	var fe errs.Fields
	in := Input{Name: b.Name, USCC: b.USCC, LegalRep: b.LegalRep, RegisteredCapital: b.RegisteredCapital, Kind: Kind(b.Kind),
		IndustryCode: b.IndustryCode, EmergingIndustry: b.EmergingIndustry, HitechField: b.HitechField, Location: b.Location,
		Status: Status(b.Status), Tags: b.Tags, Description: b.Description, Website: b.Website, Public: b.Public,
		FoundedOn: apiDate(b.FoundedOn, "founded_on", &fe), EnteredOn: apiDate(b.EnteredOn, "entered_on", &fe),
		GraduatedOn: apiDate(b.GraduatedOn, "graduated_on", &fe), MovedOutOn: apiDate(b.MovedOutOn, "moved_out_on", &fe)}
	return in, fe.Err()
}

func (h *Handler) apiCreate(w http.ResponseWriter, r *http.Request) {
	var body apiEnterpriseInput
	err := web.DecodeJSON(w, r, &body)
	var in Input
	if err == nil {
		in, err = body.input()
	}
	var e *Enterprise
	if err == nil {
		e, err = h.svc.CreateEnterprise(r.Context(), auth.FromContext(r.Context()), in)
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+id(e.ID))
	web.JSON(w, http.StatusCreated, toAPI(e))
}

// apiUpdate replaces a record. For an enterprise user the key fields become a change request for the park
// to review: the answer is then 202 with the record as it stands.
func (h *Handler) apiUpdate(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err == nil { // scope first: another enterprise's record is refused before its body is read
		_, err = h.svc.FindEnterpriseByID(ctx, a, entID)
	}
	var body apiEnterpriseInput
	if err == nil {
		err = web.DecodeJSON(w, r, &body)
	}
	var in Input
	if err == nil {
		in, err = body.input()
	}
	var e *Enterprise
	if err == nil {
		e, err = h.svc.UpdateEnterprise(ctx, a, entID, in)
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	status := http.StatusOK
	if !a.Can(PermManage) {
		if pending, err := h.svc.FindChanges(ctx, a, ChangePending, entID); err == nil && len(pending) > 0 {
			status = http.StatusAccepted
		}
	}
	web.JSON(w, status, toAPI(e))
}

// apiFiguresInput is a year's figures in the API: each figure by its column name, in fen for money, null or
// absent for not reported.
type apiFiguresInput struct {
	Figures map[string]*int64 `json:"figures"`
	Note    string            `json:"note"`
	Submit  bool              `json:"submit"`
}

func (b *apiFiguresInput) figures() (Figures, error) {
	var f Figures
	known := map[string]bool{}
	for _, x := range f.fields() {
		known[x.col] = true
		if v, ok := b.Figures[x.col]; ok && v != nil {
			n := *v
			*x.v = &n
		}
	}
	var fe errs.Fields
	for k := range b.Figures {
		if !known[k] {
			fe.Add(k, "没有名为 "+k+" 的经营数据项")
		}
	}
	return f, fe.Err()
}

// apiSaveFigures saves a year's figures: park staff's are approved at once; an enterprise user's are a draft,
// or submitted for review with "submit": true.
func (h *Handler) apiSaveFigures(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), auth.FromContext(r.Context())
	entID, err := pathID(r)
	if err == nil {
		_, err = h.svc.FindEnterpriseByID(ctx, a, entID)
	}
	var year int
	if err == nil {
		year, err = pathYear(r)
	}
	var body apiFiguresInput
	if err == nil {
		err = web.DecodeJSON(w, r, &body)
	}
	var f Figures
	if err == nil {
		f, err = body.figures()
	}
	var rep *Report
	if err == nil {
		rep, err = h.svc.SaveReport(ctx, a, entID, year, f, body.Note, body.Submit)
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, reportToAPI(rep))
}

// apiQualificationInput is a qualification to record.
type apiQualificationInput struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Level     string `json:"level"`
	CertNo    string `json:"cert_no"`
	IssuedOn  string `json:"issued_on"`
	ExpiresOn string `json:"expires_on"`
}

func (h *Handler) apiAddQualification(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	var body apiQualificationInput
	if err == nil {
		err = web.DecodeJSON(w, r, &body)
	}
	var fe errs.Fields
	q := Qualification{EnterpriseID: entID, Kind: body.Kind, Name: body.Name, Level: body.Level, CertNo: body.CertNo,
		IssuedOn: apiDate(body.IssuedOn, "issued_on", &fe), ExpiresOn: apiDate(body.ExpiresOn, "expires_on", &fe)}
	if err == nil && len(fe) > 0 {
		// Name every problem at once: the record's own checks too, not only the unreadable dates.
		if ve := errs.As(q.validate()); ve != nil {
			for k, m := range ve.Fields {
				fe.Add(k, m)
			}
		}
		err = fe.Err()
	}
	var out *Qualification
	if err == nil {
		out, err = h.svc.AddQualification(r.Context(), auth.FromContext(r.Context()), q)
	}
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+id(entID)+"/qualifications")
	web.JSON(w, http.StatusCreated, toAPIQualification(out, time.Now()))
}
