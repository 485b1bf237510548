package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// titleBoost makes a match in the title count several times a match in the body.
const titleBoost = 4.0

// maxFacets bounds the categories counted in Result.Facets.
const maxFacets = 200

// Search runs q. The query text has no syntax: it is split at white space into words, and a document matches
// when it contains every word (in its title or body), each word as a contiguous string, much like a substring
// search but ranked. Punctuation separates words and is otherwise ignored. An empty query, or one with
// nothing searchable in it, returns an empty result.
func (ix *Index) Search(q Query) (*Result, error) {
	start := time.Now()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, ErrClosed
	}

	text, ok := ix.textQuery(q.Q)
	if !ok {
		return &Result{Hits: []Hit{}, Facets: []Facet{}, Took: time.Since(start)}, nil
	}

	perPage := q.PerPage
	if perPage <= 0 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	page := max(q.Page, 1)
	from := 0
	if page > MaxResultWindow/perPage {
		// Past the window: report the total but no hits, as for any page past the end.
		perPage = 0
	} else {
		from = (page - 1) * perPage
	}

	filters := filterQueries(q, false)
	req := bleve.NewSearchRequestOptions(and(text, filters), perPage, from, false)
	req.Fields = []string{fieldKind, fieldCategory, fieldCategoryName, fieldTitle, fieldBody, fieldDateText, fieldURL}
	req.IncludeLocations = true
	if q.Sort == SortDate {
		req.SortBy([]string{"-" + fieldDate, "-_score", "_id"})
	} else {
		req.SortBy([]string{"-_score", "-" + fieldDate, "_id"})
	}
	facetReq := bleve.NewFacetRequest(fieldCategoryFacet, maxFacets)
	if q.Category == "" {
		req.AddFacet("category", facetReq)
	}

	sr, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	facets := sr.Facets
	if q.Category != "" {
		// Count the categories as if no category were chosen, so the filter can offer the others.
		freq := bleve.NewSearchRequestOptions(and(text, filterQueries(q, true)), 0, 0, false)
		freq.AddFacet("category", facetReq)
		fr, err := ix.idx.Search(freq)
		if err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		facets = fr.Facets
	}

	res := &Result{
		Total:  int(sr.Total),
		Hits:   make([]Hit, 0, len(sr.Hits)),
		Facets: toFacets(facets["category"]),
	}
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, toHit(h))
	}
	res.Took = time.Since(start)
	return res, nil
}

// textQuery turns the user's text into a Bleve query: a conjunction over words, each word a phrase in the
// title (boosted) or in the body. ok is false when no word has anything to search for.
func (ix *Index) textQuery(s string) (q query.Query, ok bool) {
	if ix.normalize != nil {
		s = ix.normalize(s)
	}
	s = truncateRunes(strings.ToValidUTF8(s, " "), MaxQueryRunes)
	analyzer := ix.idx.Mapping().AnalyzerNamed(analyzerQuery)
	var words []query.Query
	for _, w := range strings.Fields(s) {
		if len(words) == MaxQueryWords {
			break
		}
		if len(analyzer.Analyze([]byte(w))) == 0 {
			continue // punctuation only
		}
		words = append(words, query.NewDisjunctionQuery([]query.Query{
			phrase(w, fieldTitle, titleBoost),
			phrase(w, fieldBody, 1),
		}))
	}
	switch len(words) {
	case 0:
		return nil, false
	case 1:
		return words[0], true
	}
	return query.NewConjunctionQuery(words), true
}

func phrase(w, field string, boost float64) query.Query {
	p := query.NewMatchPhraseQuery(w)
	p.SetField(field)
	p.Analyzer = analyzerQuery
	p.SetBoost(boost)
	return p
}

// filterQueries returns the term and range queries for q's filters. They add the same score to every hit, so
// they do not change the ranking.
func filterQueries(q Query, withoutCategory bool) []query.Query {
	var fs []query.Query
	if q.Kind != "" {
		fs = append(fs, term(q.Kind, fieldKind))
	}
	if q.Category != "" && !withoutCategory {
		fs = append(fs, term(q.Category, fieldCategory))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		var from, to time.Time // zero means open in Bleve
		if !q.From.IsZero() {
			from = startOfDay(q.From)
		}
		if !q.To.IsZero() {
			to = startOfDay(q.To).AddDate(0, 0, 1)
		}
		incl, excl := true, false
		r := query.NewDateRangeInclusiveQuery(from, to, &incl, &excl)
		r.SetField(fieldDate)
		fs = append(fs, r)
	}
	return fs
}

func term(v, field string) query.Query {
	t := query.NewTermQuery(v)
	t.SetField(field)
	return t
}

func and(q query.Query, filters []query.Query) query.Query {
	if len(filters) == 0 {
		return q
	}
	return query.NewConjunctionQuery(append([]query.Query{q}, filters...))
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func toFacets(fr *search.FacetResult) []Facet {
	out := []Facet{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		slug, name, _ := strings.Cut(t.Term, facetSep)
		if slug == "" {
			continue // documents without a category
		}
		out = append(out, Facet{Category: slug, Name: name, Count: t.Count})
	}
	slices.SortFunc(out, func(a, b Facet) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Category, b.Category)
	})
	return out
}

func toHit(h *search.DocumentMatch) Hit {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := Hit{
		ID:           h.ID,
		URL:          str(fieldURL),
		Kind:         str(fieldKind),
		Category:     str(fieldCategory),
		CategoryName: str(fieldCategoryName),
		Score:        h.Score,
	}
	if d, err := time.Parse(time.RFC3339Nano, str(fieldDateText)); err == nil {
		hit.Date = d
	}
	hit.Title = markAll(str(fieldTitle), spans(h.Locations[fieldTitle]))
	hit.Snippet = snippet(str(fieldBody), spans(h.Locations[fieldBody]), snippetRunes)
	return hit
}
