package cms

import (
	"embed"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handler serves the news center's back office.
type Handler struct {
	svc   *Service
	media *Media
	pages *web.Pages
	rnd   *web.Renderer
}

// NewHandler builds the handlers.
func NewHandler(svc *Service, media *Media, rnd *web.Renderer) *Handler {
	return &Handler{svc: svc, media: media, pages: rnd.Parse(templates, "templates"), rnd: rnd}
}

// Routes of the news center's back office.
func (h *Handler) Routes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/cms/articles", Perm: auth.SignedIn, Handler: h.list}, // editors and reviewers; the service decides
		{Method: "GET", Path: "/admin/cms/review", Perm: PermReview, Handler: h.reviewQueue},
		{Method: "GET", Path: "/admin/cms/articles/new", Perm: PermEdit, Handler: h.newForm},
		{Method: "POST", Path: "/admin/cms/articles", Perm: PermEdit, Handler: h.create},
		{Method: "GET", Path: "/admin/cms/articles/{id}", Perm: auth.SignedIn, Handler: h.edit},
		{Method: "POST", Path: "/admin/cms/articles/{id}", Perm: PermEdit, Handler: h.update},
		{Method: "POST", Path: "/admin/cms/articles/{id}/submit", Perm: PermEdit, Handler: h.action(h.submit)},
		{Method: "POST", Path: "/admin/cms/articles/{id}/review", Perm: PermReview, Handler: h.action(h.review)},
		{Method: "POST", Path: "/admin/cms/articles/{id}/withdraw", Perm: PermReview, Handler: h.action(h.withdraw)},
		{Method: "POST", Path: "/admin/cms/articles/{id}/restore", Perm: PermEdit, Handler: h.action(h.restore)},
		{Method: "GET", Path: "/admin/cms/articles/{id}/diff", Perm: auth.SignedIn, Handler: h.diff},
		{Method: "POST", Path: "/admin/cms/media", Perm: PermEdit, Handler: h.upload},
		{Method: "POST", Path: "/admin/cms/articles/{id}/files", Perm: PermEdit, Handler: h.attach},
		{Method: "POST", Path: "/admin/cms/articles/{id}/files/{file}/delete", Perm: PermEdit, Handler: h.action(h.detach)},
		{Method: "GET", Path: "/admin/cms/categories", Perm: PermManage, Handler: h.categories},
		{Method: "POST", Path: "/admin/cms/categories", Perm: PermManage, Handler: h.createCategory},
	}
}

// Nav of the news center.
func Nav() []auth.NavLink {
	return []auth.NavLink{
		{Group: "新闻中心", Title: "稿件", Path: "/admin/cms/articles", Perm: PermEdit, Note: "撰写、修改与提交新闻、通知和政策文件"},
		{Group: "新闻中心", Title: "全部稿件", Path: "/admin/cms/articles?status=published", Perm: PermReview, Note: "已发布的文章，撤稿"},
		{Group: "新闻中心", Title: "待审稿件", Path: "/admin/cms/review", Perm: PermReview, Note: "初审、终审，发布与撤稿"},
		{Group: "新闻中心", Title: "栏目", Path: "/admin/cms/categories", Perm: PermManage, Note: "新闻中心与政策文件的栏目"},
	}
}

func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.NotFoundf("文章")
	}
	return n, nil
}

const perPage = 20

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, title string, f ArticleFilter) {
	a := auth.FromContext(r.Context())
	q := r.URL.Query()
	_, f.Offset = web.PageFromQuery(q, perPage)
	f.Limit = perPage
	arts, total, err := h.svc.FindArticles(r.Context(), a, f)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	tree, err := h.svc.Categories(r.Context())
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	form := web.NewForm()
	form.Values = q
	h.pages.Render(w, r, http.StatusOK, "articles.html", web.View{Title: title, Form: form, Data: map[string]any{
		"Articles": arts, "Pager": web.NewPager(r.URL.Path, q, perPage, total), "Tree": tree, "Filter": f,
		"Statuses": StatusNames, "CanEdit": a.Can(PermEdit), "Levels": LevelNames(h.svc.levels), "Path": r.URL.Path}})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cid, _ := strconv.ParseInt(q.Get("category"), 10, 64)
	h.listPage(w, r, "稿件", ArticleFilter{Status: Status(q.Get("status")), CategoryID: cid, Kind: Kind(q.Get("kind")),
		Query: q.Get("q"), Attention: q.Get("attention") != ""})
}

func (h *Handler) reviewQueue(w http.ResponseWriter, r *http.Request) {
	h.listPage(w, r, "待审稿件", ArticleFilter{Status: InReview, Query: r.URL.Query().Get("q")})
}

// editData is what the edit page shows.
type editData struct {
	Article   *Article
	Tree      *Tree
	Kind      Kind
	Revisions []*Revision
	Reviews   []*Review
	Levels    []string
	CanEdit   bool
	CanReview bool
	Validity  map[Validity]string
	Statuses  map[Status]string
}

func (h *Handler) form(r *http.Request, a *Article, kind Kind) (*editData, error) {
	act := auth.FromContext(r.Context())
	tree, err := h.svc.Categories(r.Context())
	if err != nil {
		return nil, err
	}
	d := &editData{Article: a, Tree: tree, Kind: kind, Levels: LevelNames(h.svc.levels), CanEdit: act.Can(PermEdit),
		CanReview: act.Can(PermReview), Validity: ValidityNames, Statuses: StatusNames}
	if a != nil {
		if d.Revisions, d.Reviews, err = h.svc.History(r.Context(), act, a.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	kind := KindArticle
	if r.URL.Query().Get("kind") == string(KindPolicy) {
		kind = KindPolicy
	}
	d, err := h.form(r, nil, kind)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.NewForm()
	f.Values.Set("kind", string(kind))
	f.Values.Set("validity", string(Valid))
	h.pages.Render(w, r, http.StatusOK, "edit.html", web.View{Title: "写稿", Form: f, Data: d})
}

func dateField(f *web.Form, name string, errs *errs.Fields) *time.Time {
	v := f.Get(name)
	if v == "" {
		return nil
	}
	layout := time.DateOnly
	if strings.Contains(v, "T") {
		layout = "2006-01-02T15:04"
	}
	t, err := time.ParseInLocation(layout, v, cst)
	if err != nil {
		errs.Add(name, "日期格式应为 2026-01-31")
		return nil
	}
	return &t
}

var cst = time.FixedZone("CST", 8*3600)

// input reads the article form; fieldErrs collects what cannot be parsed.
func input(f *web.Form) (DraftInput, error) {
	var fe errs.Fields
	in := DraftInput{CategoryID: f.Int("category_id"), Kind: Kind(f.Get("kind")), Title: f.Get("title"), Summary: f.Get("summary"),
		BodyHTML: f.Raw("body"), Source: f.Get("source"), Author: f.Get("author"), Note: f.Get("note")}
	in.PublishAt = dateField(f, "publish_at", &fe)
	if in.Kind == KindPolicy {
		in.Policy = &PolicyDetails{DocNumber: f.Get("doc_number"), Issuer: f.Get("issuer"), Validity: Validity(f.Get("validity")),
			Topics: splitTopics(f.Get("topics"))}
		in.Policy.IssuedOn = dateField(f, "issued_on", &fe)
		in.Policy.EffectiveOn = dateField(f, "effective_on", &fe)
	}
	return in, fe.Err()
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	in, err := input(f)
	var art *Article
	if err == nil {
		art, err = h.svc.CreateArticle(r.Context(), a, in)
	}
	if err != nil {
		f.Fail(err)
		d, derr := h.form(r, nil, in.Kind)
		if derr != nil {
			h.rnd.Error(w, r, derr)
			return
		}
		h.pages.Render(w, r, web.Status(err), "edit.html", web.View{Title: "写稿", Form: f, Data: d})
		return
	}
	web.Redirect(w, r, "/admin/cms/articles/"+id(art.ID), "草稿已保存（第 1 版）")
}

func articleForm(a *Article) *web.Form {
	f := web.NewForm()
	set := f.Values.Set
	set("category_id", id(a.CategoryID))
	set("kind", string(a.Kind))
	set("title", a.Title)
	set("summary", a.Summary)
	set("body", a.BodyHTML)
	set("source", a.Source)
	set("author", a.Author)
	set("version", strconv.Itoa(a.Version))
	if a.PublishAt != nil {
		set("publish_at", a.PublishAt.In(cst).Format("2006-01-02T15:04"))
	}
	if p := a.Policy; p != nil {
		set("doc_number", p.DocNumber)
		set("issuer", p.Issuer)
		set("validity", string(p.Validity))
		set("topics", strings.Join(p.Topics, "、"))
		if p.IssuedOn != nil {
			set("issued_on", p.IssuedOn.In(cst).Format(time.DateOnly))
		}
		if p.EffectiveOn != nil {
			set("effective_on", p.EffectiveOn.In(cst).Format(time.DateOnly))
		}
	}
	return f
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	a := auth.FromContext(r.Context())
	aid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	art, err := h.svc.FindArticleByID(r.Context(), a, aid)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	d, err := h.form(r, art, art.Kind)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	if f == nil {
		f = articleForm(art)
	}
	h.pages.Render(w, r, status, "edit.html", web.View{Title: art.Title, Form: f, Data: d})
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) { h.editPage(w, r, http.StatusOK, nil) }

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	aid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	in, err := input(f)
	var art *Article
	if err == nil {
		version, _ := strconv.Atoi(f.Get("version"))
		art, err = h.svc.UpdateArticle(r.Context(), auth.FromContext(r.Context()), aid, version, in)
	}
	if err != nil {
		if web.Status(err) >= 500 {
			h.rnd.Error(w, r, err)
			return
		}
		f.Fail(err)
		h.editPage(w, r, web.Status(err), f)
		return
	}
	msg := "已保存为第 " + strconv.Itoa(art.Version) + " 版"
	if art.Live != 0 {
		msg += "；修改须重新审核，通过前网站仍显示已发布的版本"
	}
	web.Redirect(w, r, "/admin/cms/articles/"+id(aid), msg)
}

// action runs a workflow POST and returns to the article with a message, or shows the page with the error.
func (h *Handler) action(do func(r *http.Request, a *auth.Actor, aid int64, f *web.Form) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		aid, err := pathID(r)
		if err != nil {
			h.rnd.Error(w, r, err)
			return
		}
		f := web.ParseForm(w, r)
		msg, err := do(r, auth.FromContext(r.Context()), aid, f)
		if err != nil {
			if web.Status(err) >= 500 || errs.Is(err, errs.NotFound) {
				h.rnd.Error(w, r, err)
				return
			}
			web.SetFlash(w, r, "error", web.Message(r, err)+fieldText(err))
			http.Redirect(w, r, "/admin/cms/articles/"+id(aid), http.StatusSeeOther)
			return
		}
		web.Redirect(w, r, "/admin/cms/articles/"+id(aid), msg)
	}
}

func fieldText(err error) string {
	if t := errs.FieldText(err); t != "" {
		return "：" + t
	}
	return ""
}

func (h *Handler) submit(r *http.Request, a *auth.Actor, aid int64, f *web.Form) (string, error) {
	return "已提交审核", h.svc.SubmitArticle(r.Context(), a, aid, f.Get("comment"))
}

func (h *Handler) review(r *http.Request, a *auth.Actor, aid int64, f *web.Form) (string, error) {
	approve := f.Get("decision") == "approve"
	if err := h.svc.ReviewArticle(r.Context(), a, aid, approve, f.Get("comment")); err != nil {
		return "", err
	}
	if !approve {
		return "已退回修改", nil
	}
	art, err := h.svc.FindArticleByID(r.Context(), a, aid)
	if err != nil {
		return "", err
	}
	switch art.Status {
	case Published:
		return "审核通过，已发布", nil
	case Approved:
		return "审核通过，将于 " + art.PublishAt.In(cst).Format("2006-01-02 15:04") + " 定时发布", nil
	}
	return "本级审核通过，已转下一级", nil
}

func (h *Handler) withdraw(r *http.Request, a *auth.Actor, aid int64, f *web.Form) (string, error) {
	return "已撤稿", h.svc.WithdrawArticle(r.Context(), a, aid, f.Get("reason"))
}

func (h *Handler) restore(r *http.Request, a *auth.Actor, aid int64, f *web.Form) (string, error) {
	v, _ := strconv.Atoi(f.Get("version"))
	art, err := h.svc.RestoreRevision(r.Context(), a, aid, v)
	if err != nil {
		return "", err
	}
	return "已恢复第 " + strconv.Itoa(v) + " 版的内容，保存为第 " + strconv.Itoa(art.Version) + " 版草稿", nil
}

// diff shows what changed between two versions, as text.
func (h *Handler) diff(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	aid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	to, _ := strconv.Atoi(r.URL.Query().Get("to"))
	old, err := h.svc.FindRevision(r.Context(), a, aid, from)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	cur, err := h.svc.FindRevision(r.Context(), a, aid, to)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	text := func(v *Revision) string {
		return "标题：" + v.Title + "\n来源：" + v.Source + "\n作者：" + v.Author + "\n摘要：" + v.Summary + "\n\n" + PlainText(v.BodyHTML)
	}
	h.pages.Render(w, r, http.StatusOK, "diff.html", web.View{Title: "版本对比", Data: map[string]any{
		"From": old, "To": cur, "Diff": DiffHTML(text(old), text(cur)), "ArticleID": aid}})
}

// DiffHTML renders a character-level diff of two texts, cleaned up to whole words and phrases, with <del>
// and <ins>; every text part is escaped.
func DiffHTML(a, b string) template.HTML {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	var sb strings.Builder
	for _, d := range diffs {
		t := strings.ReplaceAll(html.EscapeString(d.Text), "\n", "<br>")
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			sb.WriteString("<ins>" + t + "</ins>")
		case diffmatchpatch.DiffDelete:
			sb.WriteString("<del>" + t + "</del>")
		default:
			sb.WriteString(t)
		}
	}
	return template.HTML(sb.String())
}

func (h *Handler) categories(w http.ResponseWriter, r *http.Request) {
	h.categoriesPage(w, r, http.StatusOK, web.NewForm())
}

func (h *Handler) categoriesPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	tree, err := h.svc.Categories(r.Context())
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, status, "categories.html", web.View{Title: "栏目", Form: f, Data: tree})
}

func (h *Handler) createCategory(w http.ResponseWriter, r *http.Request) {
	f := web.ParseForm(w, r)
	sort, _ := strconv.Atoi(f.Get("sort"))
	_, err := h.svc.CreateCategory(r.Context(), auth.FromContext(r.Context()), NewCategory{ParentID: f.Int("parent_id"),
		Name: f.Get("name"), Slug: f.Get("slug"), Sort: sort})
	if err != nil {
		f.Fail(err)
		h.categoriesPage(w, r, web.Status(err), f)
		return
	}
	web.Redirect(w, r, "/admin/cms/categories", "栏目已添加")
}

// attach uploads a file and adds it to the article as an attachment.
func (h *Handler) attach(w http.ResponseWriter, r *http.Request) {
	aid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	a := auth.FromContext(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload+1<<20)
	back := "/admin/cms/articles/" + id(aid)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		web.SetFlash(w, r, "error", "没有收到文件，或文件超过 "+strconv.Itoa(MaxUpload>>20)+" MB")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	defer file.Close()
	m, err := h.media.Save(r.Context(), a, hdr.Filename, file)
	if err == nil {
		_, err = h.svc.AttachFile(r.Context(), a, aid, m)
	}
	if err != nil {
		if web.Status(err) >= 500 {
			h.rnd.Error(w, r, err)
			return
		}
		web.SetFlash(w, r, "error", web.Message(r, err)+fieldText(err))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	web.Redirect(w, r, back, "附件已添加；发布后网站上可下载")
}

func (h *Handler) detach(r *http.Request, a *auth.Actor, aid int64, _ *web.Form) (string, error) {
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return "", errs.NotFoundf("附件")
	}
	_, err = h.svc.DetachFile(r.Context(), a, aid, fid)
	return "附件已删除", err
}

// upload takes an image or attachment from the editor and answers JSON {"location": URL, "name", "hash"}.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		web.JSONError(w, r, errs.Invalidf("file", "没有收到文件，或文件超过 %d MB", MaxUpload>>20))
		return
	}
	defer file.Close()
	m, err := h.media.Save(r.Context(), auth.FromContext(r.Context()), hdr.Filename, file)
	if err != nil {
		web.JSONError(w, r, err)
		return
	}
	web.JSON(w, http.StatusCreated, map[string]any{"location": m.URL(), "name": m.Name, "hash": m.Hash, "kind": m.Kind, "size": m.Size})
}
