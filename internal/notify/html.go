package notify

import (
	"embed"
	"net/http"
	"strconv"

	"parkos/internal/auth"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handler serves one's notifications.
type Handler struct {
	c     *Center
	pages *web.Pages
	rnd   *web.Renderer
}

// NewHandler builds the notification pages.
func NewHandler(c *Center, rnd *web.Renderer) *Handler {
	return &Handler{c: c, pages: rnd.Parse(templates, "templates"), rnd: rnd}
}

// Routes of the notification pages: everyone signed in reads the notices addressed to them.
func (h *Handler) Routes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/notifications", Perm: auth.SignedIn, Handler: h.list},
		{Method: "POST", Path: "/admin/notifications/read", Perm: auth.SignedIn, Handler: h.read},
	}
}

// Nav of the notification pages.
func Nav() []auth.NavLink {
	return []auth.NavLink{{Group: auth.GroupPersonal, Title: "通知提醒", Path: "/admin/notifications", Perm: auth.SignedIn, Note: "资质到期、待审核的变更等提醒"}}
}

const perPage = 30

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	q := r.URL.Query()
	_, offset := web.PageFromQuery(q, perPage)
	items, total, err := h.c.List(r.Context(), a, perPage, offset)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	unread, err := h.c.Unread(r.Context(), a)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "list.html", web.View{Title: "通知提醒", Data: map[string]any{
		"Items": items, "Unread": unread, "Pager": web.NewPager(r.URL.Path, q, perPage, total)}})
}

func (h *Handler) read(w http.ResponseWriter, r *http.Request) {
	f := web.ParseForm(w, r)
	id, _ := strconv.ParseInt(f.Get("id"), 10, 64)
	if err := h.c.MarkRead(r.Context(), auth.FromContext(r.Context()), max(id, 0)); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	if link := f.Get("go"); id != 0 && web.LocalPath(link) {
		http.Redirect(w, r, link, http.StatusSeeOther)
		return
	}
	web.Redirect(w, r, "/admin/notifications", "已标记为已读")
}
