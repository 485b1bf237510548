// Package portal is the park's public website: home, the news center, articles, the policy library, search,
// the tenant directory, about and contact, feeds and the sitemap, in Simplified or Traditional characters.
// Pages are rendered once and served from a cache until content changes.
package portal

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/errs"
	"parkos/internal/search"
	"parkos/internal/site"
	"parkos/internal/web"
	"parkos/internal/zh"
)

//go:embed templates/*.html
var templates embed.FS

// Section is a block of the home page that another module fills: tenants, achievements, open challenges,
// key figures. Items link to the module's own public pages.
type Section struct {
	Title   string
	MoreURL string
	Items   []SectionItem
}

// SectionItem is one entry of a home-page section.
type SectionItem struct {
	Title string
	URL   string
	Meta  string // a date, a figure, a tag
}

// SectionFunc returns a module's home-page section, or nil when it has nothing to show.
type SectionFunc func(ctx context.Context) (*Section, error)

// Handler serves the public site.
type Handler struct {
	// Sections are the home page's blocks from other modules, in order; internal/app registers them.
	Sections []SectionFunc

	cms     *cms.Service
	site    *site.Service
	dir     Directory // the tenant directory; nil until UseDirectory
	index   *search.Index
	media   *cms.Media
	pages   *web.Pages
	rnd     *web.Renderer
	cache   *pageCache
	baseURL string
}

// NewHandler builds the public site. baseURL is the public address, for canonical links, feeds and the sitemap.
func NewHandler(c *cms.Service, s *site.Service, idx *search.Index, media *cms.Media, rnd *web.Renderer, baseURL string) *Handler {
	h := &Handler{cms: c, site: s, index: idx, media: media, pages: rnd.Parse(templates, "templates"), rnd: rnd,
		baseURL: strings.TrimRight(baseURL, "/")}
	h.cache = newPageCache(4096, h.generation)
	return h
}

// generation is the content generation the cached pages depend on: the news center's, the park settings'
// and, with the tenant directory, the registry's public part.
func (h *Handler) generation(ctx context.Context) (string, error) {
	g, err := h.cms.Generation(ctx)
	if err != nil {
		return "", err
	}
	v, err := h.site.Version(ctx)
	if err != nil {
		return "", err
	}
	g += "." + v
	if h.dir != nil {
		d, err := h.dir.DirectoryVersion(ctx)
		if err != nil {
			return "", err
		}
		g += "." + d
	}
	return g, nil
}

// Invalidate makes the next request check the content generation at once (after a change on this instance).
func (h *Handler) Invalidate() { h.cache.invalidate() }

// Routes of the public site: everything is public.
func (h *Handler) Routes() []auth.Route {
	r := func(path string, fn func(*request) (*rendered, error)) auth.Route {
		return auth.Route{Method: "GET", Path: path, Perm: auth.Public, Handler: h.cached(fn)}
	}
	return []auth.Route{
		r("/{$}", h.home),
		r("/c/{slug}", h.category),
		r("/article/{id}", h.article),
		r("/policies", h.policies),
		r("/about", h.about),
		r("/contact", h.contact),
		{Method: "GET", Path: "/enterprises", Perm: auth.Public, Handler: h.enterpriseList()},
		r("/enterprises/{id}", h.enterpriseDetail),
		r("/feed.xml", h.feed),
		r("/c/{slug}/feed.xml", h.feed),
		r("/sitemap.xml", h.sitemap),
		{Method: "GET", Path: "/search", Perm: auth.Public, Handler: h.search},
		{Method: "GET", Path: "/lang", Perm: auth.Public, Handler: h.switchLang},
		{Method: "GET", Path: "/media/{file}", Perm: auth.Public, Handler: h.serveMedia},
	}
}

// Lang is the script a page is shown in.
type Lang string

// The two scripts.
const (
	Hans Lang = "zh-CN"
	Hant Lang = "zh-Hant"
)

const langCookie = "parkos_lang"

func langOf(r *http.Request) Lang { return langFrom(r, r.URL.Query()) }

// langFrom is langOf for a query already parsed.
func langFrom(r *http.Request, q url.Values) Lang {
	switch q.Get("lang") {
	case "zh-Hant", "zh-TW", "zh-HK", "hant":
		return Hant
	case "zh-CN", "zh-Hans", "hans":
		return Hans
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(Hant) {
		return Hant
	}
	return Hans
}

// request is what a page function needs of the request.
type request struct {
	r    *http.Request
	ctx  context.Context
	lang Lang
}

// rendered is a page before conversion and caching.
type rendered struct {
	body []byte
}

// cached serves fn's page from the cache, rendering and converting it when the cache has no current copy.
func (h *Handler) cached(fn func(*request) (*rendered, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, lang := pageKey(r)
		gen := h.cache.generation(r.Context())
		e := h.cache.get(key, gen)
		if e == nil {
			out, err := fn(&request{r: r, ctx: r.Context(), lang: lang})
			if err != nil {
				h.errorPage(w, r, lang, err)
				return
			}
			e = newCached(gen, web.RouteOf(r), contentTypeOf(r.URL.Path), inScript(lang, out.body))
			h.cache.put(key, e)
		}
		status, body := e.Respond(w.Header(), r)
		if status != http.StatusOK {
			w.WriteHeader(status)
		}
		_, _ = w.Write(body)
	}
}

// Cached returns the page r asks for when the cache holds a current copy of it in an encoding the client
// accepts as it is: plain for a client that names no encoding, gzipped for one that accepts gzip. It is what
// web.Shortcut serves without the middleware chain; any other request takes the chain.
func (h *Handler) Cached(r *http.Request) (web.Answer, bool) {
	key, _ := pageKey(r)
	e := h.cache.get(key, h.cache.generation(r.Context()))
	if e == nil {
		return nil, false
	}
	if ae := r.Header.Get("Accept-Encoding"); ae != "" && (e.gz == nil || !acceptsGzip(ae)) {
		return nil, false
	}
	return e, true
}

// pageKey returns the cache key of the page r asks for and the script it is shown in. A hit is the path of
// nearly every public request, so it parses no query string when there is none.
func pageKey(r *http.Request) (key string, lang Lang) {
	if r.URL.RawQuery == "" {
		lang = langFrom(r, nil)
		return string(lang) + " " + r.URL.Path + "?", lang
	}
	q := r.URL.Query()
	lang = langFrom(r, q)
	q.Del("lang")
	return string(lang) + " " + r.URL.Path + "?" + q.Encode(), lang
}

func contentTypeOf(path string) string {
	switch {
	case strings.HasSuffix(path, "sitemap.xml"):
		return "application/xml; charset=utf-8"
	case strings.HasSuffix(path, ".xml"):
		return "application/atom+xml; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// view is the data of every public page.
type view struct {
	Lang        Lang
	Title       string
	Description string
	Canonical   string
	Image       string
	Type        string // OpenGraph type: website or article
	Park        *site.Park
	Nav         []navItem
	Crumbs      []crumb
	Path        string
	AltLang     string // URL of the same page in the other script
	Year        int
	Data        any
	Query       string // the search box's text
	ReadAloud   bool
}

type navItem struct {
	Name, URL string
	Active    bool
}

type crumb struct{ Name, URL string }

// page renders a page into the public layout.
func (h *Handler) page(q *request, name string, v view) (*rendered, error) {
	park, err := h.site.Park(q.ctx)
	if err != nil {
		return nil, err
	}
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	v.Lang, v.Park, v.Path, v.Year = q.lang, park, q.r.URL.Path, time.Now().In(cst).Year()
	v.Nav = []navItem{{Name: "首页", URL: "/", Active: q.r.URL.Path == "/"}}
	for _, c := range tree.Children(0) {
		u := "/c/" + c.Slug
		if c.Kind == "policy" {
			u = "/policies"
		}
		v.Nav = append(v.Nav, navItem{Name: c.Name, URL: u, Active: strings.HasPrefix(q.r.URL.Path, u) || activeIn(tree, c, v.Crumbs)})
	}
	if h.dir != nil {
		v.Nav = append(v.Nav, navItem{Name: "入驻企业", URL: "/enterprises", Active: strings.HasPrefix(q.r.URL.Path, "/enterprises")})
	}
	v.Nav = append(v.Nav, navItem{Name: "园区概况", URL: "/about", Active: q.r.URL.Path == "/about"},
		navItem{Name: "联系我们", URL: "/contact", Active: q.r.URL.Path == "/contact"})
	if v.Canonical == "" {
		v.Canonical = h.baseURL + q.r.URL.Path
	}
	if v.Type == "" {
		v.Type = "website"
	}
	if v.Image == "" {
		v.Image = h.baseURL + h.rnd.Assets.URL("img/share.png")
	}
	other := url.Values{"lang": {string(Hant)}}
	if q.lang == Hant {
		other.Set("lang", string(Hans))
	}
	v.AltLang = "/lang?to=" + other.Get("lang") + "&back=" + url.QueryEscape(q.r.URL.RequestURI())
	body, err := h.pages.Execute(name, "public", v)
	if err != nil {
		return nil, err
	}
	return &rendered{body: body}, nil
}

func activeIn(t *cms.Tree, top *cms.Category, crumbs []crumb) bool {
	for _, c := range crumbs {
		if c.Name == top.Name {
			return true
		}
	}
	return false
}

var cst = time.FixedZone("CST", 8*3600)

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, lang Lang, err error) {
	status := web.Status(err)
	if status == http.StatusInternalServerError {
		h.rnd.Error(w, r, err)
		return
	}
	q := &request{r: r, ctx: r.Context(), lang: lang}
	out, perr := h.page(q, "notfound.html", view{Title: "页面不存在", Data: web.Message(r, err)})
	if perr != nil {
		h.rnd.Error(w, r, err)
		return
	}
	writeHTML(w, status, inScript(lang, out.body))
}

// inScript returns a rendered page in the visitor's script: pages are rendered in Simplified characters and
// converted whole, phrase by phrase, for Traditional.
func inScript(lang Lang, body []byte) []byte {
	if lang == Hant {
		return []byte(zh.ToTraditional(string(body)))
	}
	return body
}

// writeHTML answers an uncached page.
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (h *Handler) switchLang(w http.ResponseWriter, r *http.Request) {
	to := Hans
	if r.URL.Query().Get("to") == string(Hant) {
		to = Hant
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(to), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
	back := r.URL.Query().Get("back")
	if back == "" || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		back = "/"
	}
	// The back link may carry ?lang= of the other script; the cookie decides from now on.
	if u, err := url.Parse(back); err == nil {
		qq := u.Query()
		qq.Del("lang")
		u.RawQuery = qq.Encode()
		back = u.RequestURI()
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.NotFoundf("文章")
	}
	return n, nil
}

// serveMedia serves uploaded images and attachments: content-addressed, so cached for a year.
func (h *Handler) serveMedia(w http.ResponseWriter, r *http.Request) {
	p, ok := h.media.File(r.PathValue("file"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeFile(w, r, p)
}

// tmplHTML marks sanitized HTML (article bodies passed bluemonday before storage) as safe for templates.
func tmplHTML(s string) template.HTML { return template.HTML(s) }
