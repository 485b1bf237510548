package web

import (
	"net/url"
	"strconv"
)

// Pager describes one page of a long list for the pagination bar.
type Pager struct {
	Page, PerPage, Total int
	query                url.Values
	path                 string
}

// NewPager reads ?page= from the query; perPage is the page size.
func NewPager(path string, q url.Values, perPage, total int) Pager {
	p, _ := strconv.Atoi(q.Get("page"))
	pg := Pager{Page: max(p, 1), PerPage: perPage, Total: total, query: q, path: path}
	if last := pg.Last(); pg.Page > last {
		pg.Page = last
	}
	return pg
}

// PageFromQuery returns the requested page number and the offset it starts at.
func PageFromQuery(q url.Values, perPage int) (page, offset int) {
	p, _ := strconv.Atoi(q.Get("page"))
	page = max(p, 1)
	return page, (page - 1) * perPage
}

// Last is the number of the last page (1 for an empty list).
func (p Pager) Last() int {
	if p.PerPage <= 0 || p.Total <= 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// HasPrev and HasNext tell whether there are pages either side.
func (p Pager) HasPrev() bool { return p.Page > 1 }

// HasNext reports whether a later page exists.
func (p Pager) HasNext() bool { return p.Page < p.Last() }

// URL links to page n keeping every other query parameter (the filters).
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return p.path + "?" + q.Encode()
}

// Prev and Next are the numbers either side.
func (p Pager) Prev() int { return p.Page - 1 }

// Next is the number of the following page.
func (p Pager) Next() int { return p.Page + 1 }

// Numbers lists page numbers to show around the current one; 0 stands for a gap.
func (p Pager) Numbers() []int {
	last := p.Last()
	var out []int
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// From and To are the 1-based positions of the first and last item shown.
func (p Pager) From() int {
	if p.Total == 0 {
		return 0
	}
	return (p.Page-1)*p.PerPage + 1
}

// To is the position of the last item shown.
func (p Pager) To() int { return min(p.Page*p.PerPage, p.Total) }
