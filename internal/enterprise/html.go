package enterprise

import (
	"embed"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/industry"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handler serves the registry's pages and API.
type Handler struct {
	svc   *Service
	pages *web.Pages
	rnd   *web.Renderer
}

// NewHandler builds the registry's handlers.
func NewHandler(svc *Service, rnd *web.Renderer) *Handler {
	return &Handler{svc: svc, pages: rnd.Parse(templates, "templates"), rnd: rnd}
}

func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.NotFoundf("企业")
	}
	return n, nil
}

const perPage = 20

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	q := r.URL.Query()
	_, offset := web.PageFromQuery(q, perPage)
	f := Filter{Query: q.Get("q"), Status: Status(q.Get("status")), IndustryCode: q.Get("industry"), Tag: q.Get("tag"), Limit: perPage, Offset: offset}
	list, total, err := h.svc.FindEnterprises(r.Context(), a, f)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	form := web.NewForm()
	form.Values = q
	h.pages.Render(w, r, http.StatusOK, "list.html", web.View{Title: "入驻企业库", Form: form, Data: map[string]any{
		"List": list, "Pager": web.NewPager(r.URL.Path, q, perPage, total), "Statuses": StatusNames, "Filter": f,
		"Sections": industry.Sections(), "CanManage": a.Can(PermManage), "Now": time.Now()}})
}

// formData is what the record form shows.
type formData struct {
	Enterprise *Enterprise
	Kinds      map[Kind]string
	Statuses   map[Status]string
	Self       bool // an enterprise user editing its own record: legal facts are read-only
	Quals      []*Qualification
	Division   string
	Changes    []*Change // the enterprise's recent change requests
	Emerging   []string  // 战略性新兴产业 categories
	Hitech     []string  // 高新技术领域
}

func (h *Handler) form(r *http.Request, e *Enterprise) (*formData, error) {
	a := auth.FromContext(r.Context())
	d := &formData{Enterprise: e, Kinds: KindNames, Statuses: StatusNames, Self: !a.Can(PermManage),
		Emerging: industry.EmergingIndustries, Hitech: industry.HitechFields}
	if e != nil {
		var err error
		if d.Quals, err = h.svc.Qualifications(r.Context(), a, e.ID); err != nil {
			return nil, err
		}
		if d.Changes, err = h.svc.FindChanges(r.Context(), a, "", e.ID); err != nil {
			return nil, err
		}
		if len(d.Changes) > 3 {
			d.Changes = d.Changes[:3]
		}
		if div, err := industry.DivisionOf(e.IndustryCode); err == nil {
			d.Division = div.Section + div.Code + " " + div.Name
		}
	}
	return d, nil
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	d, err := h.form(r, nil)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.NewForm()
	f.Values.Set("status", string(Resident))
	f.Values.Set("kind", string(KindEnterprise))
	h.pages.Render(w, r, http.StatusOK, "form.html", web.View{Title: "登记企业", Form: f, Data: d})
}

func date(f *web.Form, name string, fe *errs.Fields) *time.Time {
	v := f.Get(name)
	if v == "" {
		return nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, cst)
	if err != nil {
		fe.Add(name, "日期格式应为 2026-01-31")
		return nil
	}
	return &t
}

var cst = time.FixedZone("CST", 8*3600)

// input reads the record form. Registered capital is typed in 万元 and kept in fen.
func input(f *web.Form) (Input, error) {
	var fe errs.Fields
	in := Input{Name: f.Get("name"), USCC: f.Get("uscc"), LegalRep: f.Get("legal_rep"), Kind: Kind(f.Get("kind")),
		IndustryCode: f.Get("industry_code"), EmergingIndustry: f.Get("emerging_industry"), HitechField: f.Get("hitech_field"),
		Location: f.Get("location"), Status: Status(f.Get("status")), Description: f.Get("description"), Website: f.Get("website"),
		Public: f.Bool("public")}
	for _, t := range strings.FieldsFunc(f.Get("tags"), func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' }) {
		in.Tags = append(in.Tags, t)
	}
	in.FoundedOn = date(f, "founded_on", &fe)
	in.EnteredOn = date(f, "entered_on", &fe)
	in.GraduatedOn = date(f, "graduated_on", &fe)
	in.MovedOutOn = date(f, "moved_out_on", &fe)
	if v := f.Get("registered_capital"); v != "" {
		fen, err := ParseWan(v)
		if err != nil {
			fe.Add("registered_capital", "注册资本请填写万元数，如 500 或 1200.5")
		}
		in.RegisteredCapital = fen
	}
	return in, fe.Err()
}

func formOf(e *Enterprise) *web.Form {
	f := web.NewForm()
	set := f.Values.Set
	set("name", e.Name)
	set("uscc", e.USCC)
	set("legal_rep", e.LegalRep)
	set("kind", string(e.Kind))
	set("industry_code", e.IndustryCode)
	set("emerging_industry", e.EmergingIndustry)
	set("hitech_field", e.HitechField)
	set("location", e.Location)
	set("status", string(e.Status))
	set("description", e.Description)
	set("website", e.Website)
	set("tags", strings.Join(e.Tags, "、"))
	if e.RegisteredCapital != 0 {
		set("registered_capital", Wan(e.RegisteredCapital))
	}
	if e.Public {
		set("public", "on")
	}
	for name, t := range map[string]*time.Time{"founded_on": e.FoundedOn, "entered_on": e.EnteredOn, "graduated_on": e.GraduatedOn, "moved_out_on": e.MovedOutOn} {
		if t != nil {
			set(name, t.In(cst).Format(time.DateOnly))
		}
	}
	return f
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	f := web.ParseForm(w, r)
	in, err := input(f)
	var e *Enterprise
	if err == nil {
		e, err = h.svc.CreateEnterprise(r.Context(), auth.FromContext(r.Context()), in)
	}
	if err != nil {
		f.Fail(err)
		d, derr := h.form(r, nil)
		if derr != nil {
			h.rnd.Error(w, r, derr)
			return
		}
		h.pages.Render(w, r, web.Status(err), "form.html", web.View{Title: "登记企业", Form: f, Data: d})
		return
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(e.ID), "企业已登记")
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, entID int64, f *web.Form) {
	e, err := h.svc.FindEnterpriseByID(r.Context(), auth.FromContext(r.Context()), entID)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	d, err := h.form(r, e)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	if f == nil {
		f = formOf(e)
	}
	h.pages.Render(w, r, status, "form.html", web.View{Title: e.Name, Form: f, Data: d})
}

func (h *Handler) detail(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, entID, nil)
}

func (h *Handler) mine(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	if a.EnterpriseID == 0 {
		h.rnd.ErrorPage(w, r, http.StatusNotFound, "您的账号尚未绑定企业，请联系园区管理员")
		return
	}
	h.page(w, r, http.StatusOK, a.EnterpriseID, nil)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	in, err := input(f)
	if err == nil {
		_, err = h.svc.UpdateEnterprise(r.Context(), auth.FromContext(r.Context()), entID, in)
	}
	if err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.page(w, r, web.Status(err), entID, f)
		return
	}
	msg := "资料已保存"
	if a := auth.FromContext(r.Context()); !a.Can(PermManage) {
		if ch, err := h.svc.FindChanges(r.Context(), a, ChangePending, entID); err == nil && len(ch) > 0 {
			msg = "资料已保存；登记信息的变更已提交园区审核"
		}
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(entID), msg)
}

func (h *Handler) setLogo(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err == nil { // scope first: another enterprise's record is refused before its upload is read
		_, err = h.svc.FindEnterpriseByID(r.Context(), auth.FromContext(r.Context()), entID)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.upload(w, r, "logo", MaxLogo, "/admin/enterprises/"+id(entID), "标志已更换", func(name string, f io.Reader) error {
		return h.svc.SetLogo(r.Context(), auth.FromContext(r.Context()), entID, name, f)
	})
}

// upload takes the file of a multipart form field (at most max bytes) to save and returns to back: with ok
// as the flash, or with the problem when the file is missing, too large or refused.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request, field string, max int64, back, ok string, save func(name string, f io.Reader) error) {
	r.Body = http.MaxBytesReader(w, r.Body, max+1<<20)
	file, hdr, err := r.FormFile(field)
	if err != nil {
		web.SetFlash(w, r, "error", "没有收到文件，或文件超过 "+strconv.FormatInt(max>>20, 10)+" MB")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	defer file.Close()
	if err := save(hdr.Filename, file); err != nil {
		if !formFailure(err) {
			h.rnd.Error(w, r, err)
			return
		}
		web.SetFlash(w, r, "error", web.Message(r, err)+withColon(errs.FieldText(err)))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	web.Redirect(w, r, back, ok)
}

func (h *Handler) removeLogo(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err == nil {
		web.ParseForm(w, r)
		err = h.svc.RemoveLogo(r.Context(), auth.FromContext(r.Context()), entID)
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/admin/enterprises/"+id(entID), "标志已删除")
}

// apiEnterprise is an enterprise in the JSON API: every field the API's PUT takes, so that a client can read
// a record, change it and write it back, plus the months incubated. Money in fen.
type apiEnterprise struct {
	ID int64 `json:"id"`
	apiEnterpriseInput
	MonthsIncubated int `json:"months_incubated"`
}

func toAPI(e *Enterprise) apiEnterprise {
	out := apiEnterprise{ID: e.ID, MonthsIncubated: e.MonthsIncubated(time.Now()), apiEnterpriseInput: apiEnterpriseInput{Name: e.Name,
		USCC: e.USCC, LegalRep: e.LegalRep, FoundedOn: dayText(e.FoundedOn), RegisteredCapital: e.RegisteredCapital, Kind: string(e.Kind),
		IndustryCode: e.IndustryCode, EmergingIndustry: e.EmergingIndustry, HitechField: e.HitechField, Location: e.Location,
		Status: string(e.Status), EnteredOn: dayText(e.EnteredOn), GraduatedOn: dayText(e.GraduatedOn), MovedOutOn: dayText(e.MovedOutOn),
		Tags: e.Tags, Description: e.Description, Website: e.Website, Public: e.Public}}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	return out
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	list, total, err := h.svc.FindEnterprises(r.Context(), auth.FromContext(r.Context()), Filter{Query: q.Get("q"),
		Status: Status(q.Get("status")), IndustryCode: q.Get("industry"), Limit: min(max(limit, 1), 500), Offset: max(offset, 0)})
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	items := make([]apiEnterprise, len(list))
	for i, e := range list {
		items[i] = toAPI(e)
	}
	web.JSON(w, http.StatusOK, map[string]any{"total": total, "items": items})
}

func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) {
	entID, err := pathID(r)
	if err == nil {
		var e *Enterprise
		if e, err = h.svc.FindEnterpriseByID(r.Context(), auth.FromContext(r.Context()), entID); err == nil {
			web.JSON(w, http.StatusOK, toAPI(e))
			return
		}
	}
	web.JSONError(w, r, err)
}
