package portal

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/cms"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
	"parkos/internal/industry"
	"parkos/internal/zh"
)

// Directory is what the portal needs of the enterprise registry for its tenant directory (入驻企业): the
// published records with their public fields, counts for the filters, and a version that changes with them.
// The portal never reads the registry's tables; internal/app hands over the registry's Service.
type Directory interface {
	FindPublicEnterprises(ctx context.Context, f enterprise.DirectoryFilter) ([]*enterprise.PublicEnterprise, int, error)
	PublicEnterpriseByID(ctx context.Context, id int64) (*enterprise.PublicEnterprise, error)
	FindDirectoryFacets(ctx context.Context) (*enterprise.DirectoryFacets, error)
	DirectoryVersion(ctx context.Context) (string, error)
}

// UseDirectory opens the tenant directory: the /enterprises pages, the 入驻企业 link in the main navigation,
// a home-page section with the newest tenants, and the tenants in the sitemap. Its version joins the page
// cache's generation, so a change to a published record shows within the cache's refresh interval on every
// instance. Call it while wiring, before serving.
func (h *Handler) UseDirectory(d Directory) {
	h.dir = d
	h.Sections = append(h.Sections, h.tenantSection)
}

const dirPerPage = 20

// dirItem is one enterprise as the directory shows it.
type dirItem struct {
	*enterprise.PublicEnterprise
	Industry   string // the division's name, or the code when it is not in the table
	StatusName string
	KindName   string // empty for an ordinary enterprise
	Summary    string
}

func itemOf(e *enterprise.PublicEnterprise) *dirItem {
	it := &dirItem{PublicEnterprise: e, Industry: industryName(e.IndustryCode), StatusName: enterprise.StatusNames[e.Status],
		Summary: cms.Summarize(oneLine(e.Description), 90)}
	if e.Kind != enterprise.KindEnterprise {
		it.KindName = enterprise.KindNames[e.Kind]
	}
	return it
}

// oneLine joins a description's paragraphs for a summary: Chinese paragraphs run on without a space.
func oneLine(s string) string {
	var b strings.Builder
	for p := range strings.SplitSeq(s, "\n") {
		b.WriteString(strings.TrimSpace(p))
	}
	return b.String()
}

// industryName names a GB/T 4754 code by its division (大类), the level every record has.
func industryName(code string) string {
	if code == "" {
		return "未填写行业"
	}
	d, err := industry.DivisionOf(code)
	if err != nil {
		return code
	}
	return d.Name
}

// industryGroup is a section of the industry filter with the divisions that have published enterprises.
type industryGroup struct {
	Code, Name string
	Count      int
	Divisions  []industryOption
}

type industryOption struct {
	Code, Name string
	Count      int
}

type qualOption struct {
	Kind, Name string
	Count      int
}

type dirData struct {
	List       []*dirItem
	Pager      pager
	Filter     enterprise.DirectoryFilter
	Industries []industryGroup
	Quals      []qualOption
	Total      int // every published enterprise
	Filtered   bool
}

// enterpriseList serves the directory. A name query is rendered per request like the site search (its
// values are endless); the industry and qualification filters alone are few, so those pages are cached.
func (h *Handler) enterpriseList() http.HandlerFunc {
	cached := h.cached(h.enterprises)
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.TrimSpace(r.URL.Query().Get("q")) == "" {
			cached(w, r)
			return
		}
		lang := langOf(r)
		out, err := h.enterprises(&request{r: r, ctx: r.Context(), lang: lang})
		if err != nil {
			h.errorPage(w, r, lang, err)
			return
		}
		writeHTML(w, http.StatusOK, inScript(lang, out.body))
	}
}

func (h *Handler) enterprises(q *request) (*rendered, error) {
	if h.dir == nil {
		return nil, errs.NotFoundf("页面")
	}
	v := q.r.URL.Query()
	facets, err := h.dir.FindDirectoryFacets(q.ctx)
	if err != nil {
		return nil, err
	}
	d := dirData{Total: facets.Total, Industries: industryGroups(facets), Quals: qualOptions(facets)}
	f := enterprise.DirectoryFilter{Limit: dirPerPage}
	if ind := strings.ToUpper(strings.TrimSpace(v.Get("industry"))); validIndustry(ind) {
		f.Industry = ind
	}
	if k := v.Get("qual"); k != "other" && enterprise.QualificationKinds[k] != "" {
		f.Qualification = k
	}
	// Names are kept in Simplified characters; a visitor reading Traditional may type either.
	query := strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(query) > 50 {
		query = string([]rune(query)[:50])
	}
	f.Query = zh.ToSimplified(query)
	page := pageOf(q.r)
	f.Offset = (page - 1) * dirPerPage
	list, total, err := h.dir.FindPublicEnterprises(q.ctx, f)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		d.List = append(d.List, itemOf(e))
	}
	f.Query = query
	d.Filter, d.Filtered = f, f.Industry != "" || f.Qualification != "" || f.Query != ""
	d.Pager = newPager(q.r, page, dirPerPage, total)
	park, err := h.site.Park(q.ctx)
	if err != nil {
		return nil, err
	}
	return h.page(q, "enterprises.html", view{Title: "入驻企业",
		Description: fmt.Sprintf("%s入驻企业名录：新材料、智能装备等领域的在孵、入驻和毕业企业，可按行业和资质筛选。", park.Name),
		Crumbs:      []crumb{{Name: "首页", URL: "/"}, {Name: "入驻企业", URL: "/enterprises"}}, Data: d})
}

// validIndustry accepts a section letter or a section letter with its two-digit division, as the filter
// offers them.
func validIndustry(code string) bool {
	switch len(code) {
	case 1:
		_, ok := industry.SectionByCode(code)
		return ok
	case 3:
		d, err := industry.DivisionOf(code)
		return err == nil && d.Section == code[:1]
	}
	return false
}

// industryGroups lists the sections and divisions that have published enterprises, in the standard's order.
func industryGroups(f *enterprise.DirectoryFacets) []industryGroup {
	var out []industryGroup
	for _, s := range industry.Sections() {
		n := f.Sections[s.Code]
		if n == 0 {
			continue
		}
		g := industryGroup{Code: s.Code, Name: s.Name, Count: n}
		for _, d := range s.Divisions {
			if c := f.Divisions[s.Code+d.Code]; c > 0 {
				g.Divisions = append(g.Divisions, industryOption{Code: s.Code + d.Code, Name: d.Name, Count: c})
			}
		}
		out = append(out, g)
	}
	return out
}

// qualOptions lists the qualification kinds held by published enterprises today, in the registry's order.
func qualOptions(f *enterprise.DirectoryFacets) []qualOption {
	var out []qualOption
	for _, k := range enterprise.QualificationOrder {
		if n := f.Qualifications[k]; n > 0 && k != "other" {
			out = append(out, qualOption{Kind: k, Name: enterprise.QualificationKinds[k], Count: n})
		}
	}
	return out
}

type entData struct {
	*dirItem
	Section string
	Paras   []string
	Host    string // the website's host, as the link text
	Logo    string
}

func (h *Handler) enterpriseDetail(q *request) (*rendered, error) {
	if h.dir == nil {
		return nil, errs.NotFoundf("页面")
	}
	n, err := strconv.ParseInt(q.r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return nil, errs.NotFoundf("企业")
	}
	e, err := h.dir.PublicEnterpriseByID(q.ctx, n)
	if err != nil {
		return nil, err
	}
	d := entData{dirItem: itemOf(e)}
	if div, err := industry.DivisionOf(e.IndustryCode); err == nil {
		if s, ok := industry.SectionByCode(div.Section); ok {
			d.Section = s.Name
		}
	}
	for p := range strings.SplitSeq(e.Description, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.Paras = append(d.Paras, p)
		}
	}
	if u, err := url.Parse(e.Website); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		d.Host = u.Host
	}
	// A logo is an uploaded file of this site; anything else is not shown.
	if strings.HasPrefix(e.Logo, "/media/") {
		d.Logo = e.Logo
	}
	desc := d.Summary
	if desc == "" {
		desc = e.Name + "，" + d.Industry
	}
	return h.page(q, "enterprise.html", view{Title: e.Name, Description: desc,
		Crumbs: []crumb{{Name: "首页", URL: "/"}, {Name: "入驻企业", URL: "/enterprises"}, {Name: e.Name, URL: q.r.URL.Path}}, Data: d})
}

// tenantSection is the home page's 入驻企业 block: the tenants that entered most recently.
func (h *Handler) tenantSection(ctx context.Context) (*Section, error) {
	if h.dir == nil {
		return nil, nil
	}
	list, total, err := h.dir.FindPublicEnterprises(ctx, enterprise.DirectoryFilter{Newest: true, Limit: 8})
	if err != nil || total == 0 {
		return nil, err
	}
	s := &Section{Title: "入驻企业", MoreURL: "/enterprises"}
	for _, e := range list {
		s.Items = append(s.Items, SectionItem{Title: e.Name, URL: "/enterprises/" + strconv.FormatInt(e.ID, 10),
			Meta: industryName(e.IndustryCode)})
	}
	return s, nil
}

// directorySitemap adds the directory and every published enterprise to the sitemap.
func (h *Handler) directorySitemap(ctx context.Context, urls []smURL) ([]smURL, error) {
	if h.dir == nil {
		return urls, nil
	}
	urls = append(urls, smURL{Loc: h.baseURL + "/enterprises"})
	const batch = 500
	var all []*enterprise.PublicEnterprise
	for off := 0; ; off += batch {
		list, total, err := h.dir.FindPublicEnterprises(ctx, enterprise.DirectoryFilter{Limit: batch, Offset: off})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if len(list) < batch || off+batch >= total {
			break
		}
	}
	slices.SortFunc(all, func(a, b *enterprise.PublicEnterprise) int { return cmp.Compare(a.ID, b.ID) })
	for _, e := range all {
		urls = append(urls, smURL{Loc: fmt.Sprintf("%s/enterprises/%d", h.baseURL, e.ID), LastMod: e.UpdatedAt.UTC().Format(time.DateOnly)})
	}
	return urls, nil
}
