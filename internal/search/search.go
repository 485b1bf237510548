// Package search is the site's full-text index: articles and policy documents in Simplified Chinese, searched
// by words of one or more characters, filtered by kind, category and date, with highlighted titles and snippets.
//
// The index is a Bleve (scorch) index in a directory of the data directory. Bleve holds an exclusive file lock
// on an open index, so exactly one process may open a directory: when parkos runs as several instances on
// PostgreSQL, each instance keeps its own index directory (and rebuilds it with Rebuild), or one instance
// owns the index. The database stays the source of truth; the index can always be rebuilt from it.
//
// An Index is safe for concurrent use: HTTP handlers may Put, Delete and Search at the same time, also while
// a Rebuild runs.
package search

import (
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Kinds of documents.
const (
	KindArticle = "article" // 文章
	KindPolicy  = "policy"  // 政策文件
)

// Sort orders for Query.Sort.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Limits applied to a Query.
const (
	DefaultPerPage = 10
	MaxPerPage     = 100
	// MaxResultWindow bounds (Page-1)*PerPage+PerPage: deep pages cost memory in every search and nobody reads them.
	MaxResultWindow = 10000
	// MaxQueryRunes bounds the query text; longer input is cut.
	MaxQueryRunes = 100
	// MaxQueryWords bounds the number of space-separated words; further words are ignored.
	MaxQueryWords = 8
)

// Errors returned by Index methods.
var (
	// ErrClosed is returned by every method once Close has been called.
	ErrClosed = errors.New("search: index closed")
	// ErrRebuildRunning is returned by Rebuild while another Rebuild runs on the same Index.
	ErrRebuildRunning = errors.New("search: a rebuild is already running")
	// ErrInvalidDoc is returned by Put for a document without ID or with an unknown Kind.
	ErrInvalidDoc = errors.New("search: invalid document")
)

// Doc is one searchable document: an article or a policy document, as plain text.
type Doc struct {
	ID           string // unique across kinds, e.g. "article:12", "policy:3"
	Kind         string // KindArticle or KindPolicy
	Title        string
	Body         string // plain text, Simplified Chinese; HTML must be stripped by the caller
	Category     string // category slug, e.g. "news"
	CategoryName string // category display name, e.g. "新闻动态"
	Date         time.Time
	URL          string
}

// Query describes one search.
type Query struct {
	Q        string    // the words typed by the user; no syntax, operators are plain text
	Kind     string    // "" for all kinds
	Category string    // category slug, exact; "" for all
	From, To time.Time // inclusive days in the location of each value; zero for open ends
	Sort     string    // SortRelevance (default) or SortDate (newest first)
	Page     int       // 1-based; values below 1 mean 1
	PerPage  int       // 0 means DefaultPerPage; capped at MaxPerPage
}

// Hit is one found document. Title and Snippet are HTML-escaped text in which the matched words are wrapped in
// <mark>…</mark>; they contain no other markup and are safe to render as template.HTML.
type Hit struct {
	ID, URL, Kind, Category, CategoryName string
	Date                                  time.Time
	Title                                 template.HTML
	Snippet                               template.HTML
	Score                                 float64
}

// Facet is the number of matching documents in one category.
type Facet struct {
	Category string // slug
	Name     string // display name
	Count    int
}

// Result is one page of hits.
type Result struct {
	Total int // documents matching the query and all filters
	Hits  []Hit
	Took  time.Duration
	// Facets counts the documents matching the query, kind and dates per category, ignoring Query.Category,
	// so that a category filter can show every choice with its count. Sorted by count, then slug.
	Facets []Facet
}

// Index is the full-text index. Create it with Open; it is safe for concurrent use.
type Index struct {
	dir       string
	normalize func(string) string

	// mu guards idx and closed. Put, Delete and Search hold it for reading while they use idx; the swap at the
	// end of Rebuild and Close hold it for writing.
	mu     sync.RWMutex
	idx    bleve.Index
	name   string // subdirectory of dir holding idx
	closed bool

	needsRebuild bool

	rebuildMu sync.Mutex // held during a whole Rebuild
	jmu       sync.Mutex // guards journal and journaling
	// journal records Put and Delete calls made while a Rebuild runs, replayed into the new index before the
	// swap so that no change made during the rebuild is lost or overwritten by an older copy.
	journal    []journalEntry
	journaling bool
}

type journalEntry struct {
	id  string
	doc *Doc // nil for a delete
}

// Open opens the index in dir, creating dir and an empty index if needed. normalize, if not nil, is applied to
// query text before analysis (the app passes a Traditional→Simplified converter).
//
// Open fails rather than waiting when another process holds the index open.
func Open(dir string, normalize func(string) string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix := &Index{dir: dir, normalize: normalize}

	name, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	if name != "" {
		idx, err := openBleve(filepath.Join(dir, name))
		switch {
		case err != nil && !errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
			// A timeout here means the lock is held: another process has this directory open.
			return nil, fmt.Errorf("search: open %s (one process per index directory): %w", filepath.Join(dir, name), err)
		case err == nil && schemaOf(idx) == schemaVersion:
			ix.idx, ix.name = idx, name
		case err == nil:
			// Written by another version of this package: start empty, the caller rebuilds.
			_ = idx.Close()
		}
	}
	if ix.idx == nil {
		name, idx, err := createBleve(dir)
		if err != nil {
			return nil, err
		}
		if err := writeCurrent(dir, name); err != nil {
			_ = idx.Close()
			_ = os.RemoveAll(filepath.Join(dir, name))
			return nil, err
		}
		ix.idx, ix.name, ix.needsRebuild = idx, name, true
	}
	// We hold the lock on the current index, so no other process uses this directory: whatever else is here
	// is left over from an older schema or an interrupted rebuild.
	removeStale(dir, ix.name)
	return ix, nil
}

// NeedsRebuild reports whether Open created a new, empty index (first start, or the schema changed), so
// that the caller should fill it with Rebuild.
func (ix *Index) NeedsRebuild() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.needsRebuild
}

// Close closes the index. Searches and writes after Close return ErrClosed. Close waits for a running
// Rebuild's swap but not for the rebuild itself, which then fails with ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	return ix.idx.Close()
}

// Put inserts doc, or replaces the document with the same ID.
func (ix *Index) Put(doc Doc) error {
	if err := validate(doc); err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return ErrClosed
	}
	if err := ix.idx.Index(doc.ID, toBleve(doc)); err != nil {
		return fmt.Errorf("search: put %s: %w", doc.ID, err)
	}
	ix.record(doc.ID, &doc)
	return nil
}

// Delete removes the document with the given ID. Deleting an absent document is not an error.
func (ix *Index) Delete(id string) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return ErrClosed
	}
	if err := ix.idx.Delete(id); err != nil {
		return fmt.Errorf("search: delete %s: %w", id, err)
	}
	ix.record(id, nil)
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return 0, ErrClosed
	}
	return ix.idx.DocCount()
}

func (ix *Index) record(id string, doc *Doc) {
	ix.jmu.Lock()
	if ix.journaling {
		ix.journal = append(ix.journal, journalEntry{id: id, doc: doc})
	}
	ix.jmu.Unlock()
}

func validate(doc Doc) error {
	if strings.TrimSpace(doc.ID) == "" {
		return fmt.Errorf("%w: empty ID", ErrInvalidDoc)
	}
	if doc.Kind != KindArticle && doc.Kind != KindPolicy {
		return fmt.Errorf("%w: %s: kind %q", ErrInvalidDoc, doc.ID, doc.Kind)
	}
	return nil
}

// toBleve maps a Doc onto the fields of buildMapping.
func toBleve(doc Doc) map[string]any {
	m := map[string]any{
		fieldKind:          doc.Kind,
		fieldCategory:      doc.Category,
		fieldCategoryFacet: doc.Category + facetSep + doc.CategoryName,
		fieldCategoryName:  doc.CategoryName,
		fieldTitle:         doc.Title,
		fieldBody:          doc.Body,
		fieldURL:           doc.URL,
	}
	if !doc.Date.IsZero() {
		m[fieldDate] = doc.Date
		m[fieldDateText] = doc.Date.Format(time.RFC3339Nano)
	}
	return m
}
