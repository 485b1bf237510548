package portal

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"parkos/internal/cms"
	"parkos/internal/errs"
	"parkos/internal/search"
)

const listPerPage = 15

// crumbsOf is the breadcrumb of a category: 首页 > 新闻中心 > 新闻动态.
func crumbsOf(c *cms.Category) []crumb {
	out := []crumb{{Name: "首页", URL: "/"}}
	for _, p := range c.Path {
		u := "/c/" + p.Slug
		if p.Kind == "policy" && p.ParentID == 0 {
			u = "/policies"
		}
		out = append(out, crumb{Name: p.Name, URL: u})
	}
	return out
}

type homeData struct {
	News, Notices, Policies []*cms.PublicArticle
	NewsCat, NoticeCat      *cms.Category
	Sections                []*Section
}

func (h *Handler) home(q *request) (*rendered, error) {
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	d := homeData{NewsCat: tree.BySlug("updates"), NoticeCat: tree.BySlug("notices")}
	list := func(c *cms.Category, n int) ([]*cms.PublicArticle, error) {
		if c == nil {
			return nil, nil
		}
		arts, _, err := h.cms.LiveArticles(q.ctx, cms.LiveFilter{CategoryIDs: tree.Subtree(c.ID), Limit: n})
		return arts, err
	}
	if d.News, err = list(d.NewsCat, 6); err != nil {
		return nil, err
	}
	if d.Notices, err = list(d.NoticeCat, 6); err != nil {
		return nil, err
	}
	if d.Policies, _, err = h.cms.LivePolicies(q.ctx, cms.PolicyFilter{Limit: 5}); err != nil {
		return nil, err
	}
	for _, f := range h.Sections {
		sec, err := f(q.ctx)
		if err != nil {
			return nil, err
		}
		if sec != nil && len(sec.Items) > 0 {
			d.Sections = append(d.Sections, sec)
		}
	}
	park, err := h.site.Park(q.ctx)
	if err != nil {
		return nil, err
	}
	return h.page(q, "home.html", view{Title: park.Name, Description: cms.Summarize(park.Intro, 120), Data: d})
}

type listData struct {
	Category *cms.Category
	Children []*cms.Category
	Articles []*cms.PublicArticle
	Pager    pager
	Names    map[int64]string
}

func (h *Handler) category(q *request) (*rendered, error) {
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	c := tree.BySlug(q.r.PathValue("slug"))
	if c == nil {
		return nil, errs.NotFoundf("栏目")
	}
	page := pageOf(q.r)
	arts, total, err := h.cms.LiveArticles(q.ctx, cms.LiveFilter{CategoryIDs: tree.Subtree(c.ID), Limit: listPerPage, Offset: (page - 1) * listPerPage})
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, x := range tree.All {
		names[x.ID] = x.Name
	}
	d := listData{Category: c, Children: tree.Children(c.ID), Articles: arts, Pager: newPager(q.r, page, listPerPage, total), Names: names}
	return h.page(q, "list.html", view{Title: c.Name, Crumbs: crumbsOf(c), Data: d})
}

type articleData struct {
	Article    *cms.PublicArticle
	Category   *cms.Category
	Body       template.HTML
	Prev, Next *cms.PublicArticle
	Related    []*cms.PublicArticle
	Validity   map[cms.Validity]string
}

func (h *Handler) article(q *request) (*rendered, error) {
	aid, err := pathID(q.r)
	if err != nil {
		return nil, err
	}
	a, err := h.cms.LiveArticle(q.ctx, aid)
	if err != nil {
		return nil, err
	}
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	c := tree.ByID(a.CategoryID)
	if c == nil {
		return nil, errs.NotFoundf("栏目")
	}
	d := articleData{Article: a, Category: c, Body: tmplHTML(a.BodyHTML), Validity: cms.ValidityNames}
	if d.Prev, d.Next, err = h.cms.Neighbours(q.ctx, a); err != nil {
		return nil, err
	}
	if d.Related, err = h.cms.Related(q.ctx, a, 5); err != nil {
		return nil, err
	}
	desc := a.Summary
	if desc == "" {
		desc = cms.Summarize(cms.PlainText(a.BodyHTML), 120)
	}
	v := view{Title: a.Title, Description: desc, Crumbs: crumbsOf(c), Type: "article", Data: d, ReadAloud: true}
	if img := firstImage(a.BodyHTML); img != "" {
		v.Image = h.baseURL + img
	}
	return h.page(q, "article.html", v)
}

// firstImage returns the first local image of a body, for the sharing card.
func firstImage(body string) string {
	i := strings.Index(body, `src="/media/`)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`src="`):]
	if j := strings.IndexByte(rest, '"'); j > 0 {
		return rest[:j]
	}
	return ""
}

type policyData struct {
	Policies []*cms.PublicArticle
	Pager    pager
	Issuers  []string
	Topics   []string
	Years    []int
	Filter   cms.PolicyFilter
	Validity map[cms.Validity]string
}

func (h *Handler) policies(q *request) (*rendered, error) {
	v := q.r.URL.Query()
	year, _ := strconv.Atoi(v.Get("year"))
	page := pageOf(q.r)
	f := cms.PolicyFilter{Issuer: v.Get("issuer"), Validity: cms.Validity(v.Get("validity")), Topic: v.Get("topic"), Year: year,
		Limit: listPerPage, Offset: (page - 1) * listPerPage}
	if _, ok := cms.ValidityNames[f.Validity]; !ok {
		f.Validity = ""
	}
	list, total, err := h.cms.LivePolicies(q.ctx, f)
	if err != nil {
		return nil, err
	}
	issuers, topics, err := h.cms.PolicyFacets(q.ctx)
	if err != nil {
		return nil, err
	}
	var years []int
	for y := time.Now().In(cst).Year(); y >= 2015; y-- {
		years = append(years, y)
	}
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	crumbs := []crumb{{Name: "首页", URL: "/"}, {Name: "政策文件", URL: "/policies"}}
	if c := tree.BySlug("policies"); c != nil {
		crumbs = crumbsOf(c)
	}
	d := policyData{Policies: list, Pager: newPager(q.r, page, listPerPage, total), Issuers: issuers, Topics: topics, Years: years,
		Filter: f, Validity: cms.ValidityNames}
	return h.page(q, "policies.html", view{Title: "政策文件", Crumbs: crumbs, Data: d})
}

func (h *Handler) about(q *request) (*rendered, error) {
	return h.page(q, "about.html", view{Title: "园区概况", Crumbs: []crumb{{Name: "首页", URL: "/"}, {Name: "园区概况", URL: "/about"}}})
}

func (h *Handler) contact(q *request) (*rendered, error) {
	return h.page(q, "contact.html", view{Title: "联系我们", Crumbs: []crumb{{Name: "首页", URL: "/"}, {Name: "联系我们", URL: "/contact"}}})
}

// search is not cached: its queries are endless. It is rendered per request and converted like the rest.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	q := &request{r: r, ctx: r.Context(), lang: lang}
	v := r.URL.Query()
	from, _ := time.ParseInLocation(time.DateOnly, v.Get("from"), cst)
	to, _ := time.ParseInLocation(time.DateOnly, v.Get("to"), cst)
	sq := search.Query{Q: strings.TrimSpace(v.Get("q")), Kind: v.Get("kind"), Category: v.Get("category"), From: from, To: to,
		Sort: v.Get("sort"), Page: pageOf(r), PerPage: 10}
	var res *search.Result
	if sq.Q != "" {
		var err error
		if res, err = h.index.Search(sq); err != nil {
			h.errorPage(w, r, lang, err)
			return
		}
	}
	total := 0
	if res != nil {
		total = res.Total
	}
	out, err := h.page(q, "search.html", view{Title: "站内搜索", Query: sq.Q,
		Crumbs: []crumb{{Name: "首页", URL: "/"}, {Name: "站内搜索", URL: "/search"}},
		Data: map[string]any{"Result": res, "Query": sq, "Pager": newPager(r, sq.Page, 10, total), "From": v.Get("from"), "To": v.Get("to"),
			"FacetURL": func(category string) string { // the same search in one category, other filters kept
				q := r.URL.Query()
				q.Del("page")
				q.Del("lang")
				if category == "" {
					q.Del("category")
				} else {
					q.Set("category", category)
				}
				return "/search?" + q.Encode()
			}}})
	if err != nil {
		h.errorPage(w, r, lang, err)
		return
	}
	writeHTML(w, http.StatusOK, inScript(lang, out.body))
}

func pageOf(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return max(p, 1)
}

// pager is the public pagination bar.
type pager struct {
	Page, Last, Total int
	base              url.Values
	path              string
}

func newPager(r *http.Request, page, per, total int) pager {
	last := max((total+per-1)/per, 1)
	q := r.URL.Query()
	q.Del("lang")
	return pager{Page: min(page, last), Last: last, Total: total, base: q, path: r.URL.Path}
}

// URL links to page n with the same filters.
func (p pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.base {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return p.path + "?" + q.Encode()
}

// Atom feed (RFC 4287) of the latest articles of the site or of one category.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Summary   string     `xml:"summary"`
	Category  *atomCateg `xml:"category,omitempty"`
}

type atomCateg struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

func (h *Handler) feed(q *request) (*rendered, error) {
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	park, err := h.site.Park(q.ctx)
	if err != nil {
		return nil, err
	}
	f := cms.LiveFilter{Limit: 30}
	title := park.Name
	self := h.baseURL + "/feed.xml"
	if slug := q.r.PathValue("slug"); slug != "" {
		c := tree.BySlug(slug)
		if c == nil {
			return nil, errs.NotFoundf("栏目")
		}
		f.CategoryIDs = tree.Subtree(c.ID)
		title += " · " + c.Name
		self = h.baseURL + "/c/" + slug + "/feed.xml"
	}
	arts, _, err := h.cms.LiveArticles(q.ctx, f)
	if err != nil {
		return nil, err
	}
	feed := atomFeed{Title: title, ID: self, Author: atomAuthor{Name: park.SponsorName()},
		Links: []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: h.baseURL + "/", Rel: "alternate", Type: "text/html"}}}
	updated := time.Unix(0, 0)
	for _, a := range arts {
		u := h.baseURL + "/article/" + strconv.FormatInt(a.ID, 10)
		e := atomEntry{Title: a.Title, ID: u, Link: atomLink{Href: u, Rel: "alternate", Type: "text/html"},
			Published: a.PublishedAt.UTC().Format(time.RFC3339), Updated: a.RevisedAt.UTC().Format(time.RFC3339), Summary: a.Summary}
		if c := tree.ByID(a.CategoryID); c != nil {
			e.Category = &atomCateg{Term: c.Slug, Label: c.Name}
		}
		feed.Entries = append(feed.Entries, e)
		if a.RevisedAt.After(updated) {
			updated = a.RevisedAt
		}
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	b, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, err
	}
	return &rendered{body: append([]byte(xml.Header), b...)}, nil
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []smURL  `xml:"url"`
}

type smURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every published page (sitemaps.org protocol 0.9).
func (h *Handler) sitemap(q *request) (*rendered, error) {
	tree, err := h.cms.Categories(q.ctx)
	if err != nil {
		return nil, err
	}
	s := urlset{URLs: []smURL{{Loc: h.baseURL + "/"}, {Loc: h.baseURL + "/about"}, {Loc: h.baseURL + "/contact"}, {Loc: h.baseURL + "/policies"}}}
	for _, c := range tree.All {
		s.URLs = append(s.URLs, smURL{Loc: h.baseURL + "/c/" + c.Slug})
	}
	err = h.cms.EachLive(q.ctx, func(a *cms.PublicArticle) error {
		s.URLs = append(s.URLs, smURL{Loc: fmt.Sprintf("%s/article/%d", h.baseURL, a.ID), LastMod: a.RevisedAt.UTC().Format(time.DateOnly)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if s.URLs, err = h.directorySitemap(q.ctx, s.URLs); err != nil {
		return nil, err
	}
	b, err := xml.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return &rendered{body: append([]byte(xml.Header), b...)}, nil
}
