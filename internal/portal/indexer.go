package portal

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"parkos/internal/cms"
	"parkos/internal/search"
)

// Indexer keeps this instance's search index in step with published content. It follows the search events
// that every publication, withdrawal and import writes in its own transaction, so an instance learns of
// changes made through any other instance (or the command line) as well as its own.
type Indexer struct {
	cms   *cms.Service
	idx   *search.Index
	log   *slog.Logger
	state string // file keeping the id of the last event applied, beside the index
	mu    sync.Mutex
	last  int64
	wake  chan struct{}
}

// NewIndexer builds the indexer; state is the file in which it keeps its place in the event stream, so that a
// restarted instance applies exactly what it missed.
func NewIndexer(c *cms.Service, idx *search.Index, log *slog.Logger, state string) *Indexer {
	return &Indexer{cms: c, idx: idx, log: log, state: state, wake: make(chan struct{}, 1)}
}

func (x *Indexer) readState() (int64, bool) {
	b, err := os.ReadFile(x.state)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}

func (x *Indexer) saveState(n int64) {
	tmp := x.state + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatInt(n, 10)+"\n"), 0o600); err == nil {
		_ = os.Rename(tmp, x.state)
	}
}

// Wake asks the indexer to look for events now, rather than at its next tick; the cms service calls it after
// every change it commits.
func (x *Indexer) Wake() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// Docs yields every published article as a search document.
func (x *Indexer) Docs(ctx context.Context) iter.Seq2[search.Doc, error] {
	return func(yield func(search.Doc, error) bool) {
		tree, err := x.cms.Categories(ctx)
		if err != nil {
			yield(search.Doc{}, err)
			return
		}
		stop := false
		err = x.cms.EachLive(ctx, func(a *cms.PublicArticle) error {
			if !yield(docOf(tree, a), nil) {
				stop = true
				return errStop
			}
			return nil
		})
		if err != nil && err != errStop && !stop {
			yield(search.Doc{}, err)
		}
	}
}

type stopErr struct{}

func (stopErr) Error() string { return "stop" }

var errStop error = stopErr{}

func docOf(tree *cms.Tree, a *cms.PublicArticle) search.Doc {
	d := search.Doc{ID: cms.DocID(a.ID), Kind: string(a.Kind), Title: a.Title, Body: cms.PlainText(a.BodyHTML), Date: a.PublishedAt,
		URL: "/article/" + itoa(a.ID)}
	if a.Summary != "" {
		d.Body = a.Summary + "\n" + d.Body
	}
	if c := tree.ByID(a.CategoryID); c != nil {
		d.Category, d.CategoryName = c.Slug, c.Name
	}
	return d
}

// Rebuild refills the whole index from the database, reporting progress.
func (x *Indexer) Rebuild(ctx context.Context, progress func(int)) error {
	// Events up to this point are covered by the rebuild; later ones are followed afterwards.
	evs, err := x.lastEvent(ctx)
	if err != nil {
		return err
	}
	if err := x.idx.Rebuild(ctx, x.Docs(ctx), progress); err != nil {
		return err
	}
	x.mu.Lock()
	x.last = max(x.last, evs)
	x.saveState(x.last)
	x.mu.Unlock()
	return nil
}

func (x *Indexer) lastEvent(ctx context.Context) (int64, error) {
	var last int64
	for {
		evs, err := x.cms.SearchEventsAfter(ctx, last, 1000)
		if err != nil {
			return 0, err
		}
		if len(evs) == 0 {
			return last, nil
		}
		last = evs[len(evs)-1].ID
	}
}

// Sync applies the events since the last one applied.
func (x *Indexer) Sync(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	for {
		evs, err := x.cms.SearchEventsAfter(ctx, x.last, 200)
		if err != nil || len(evs) == 0 {
			return err
		}

		var tree *cms.Tree
		for _, e := range evs {
			switch e.Op {
			case "rebuild":
				x.mu.Unlock()
				err := x.Rebuild(ctx, nil)
				x.mu.Lock()
				if err != nil {
					return err
				}
			case "delete":
				if err := x.idx.Delete(e.DocID); err != nil {
					return err
				}
			case "put":
				var aid int64
				if _, err := fmtSscan(e.DocID, &aid); err != nil {
					continue
				}
				a, err := x.cms.LiveArticle(ctx, aid)
				if err != nil { // withdrawn since: a later event deletes it
					_ = x.idx.Delete(e.DocID)
					break
				}
				if tree == nil {
					if tree, err = x.cms.Categories(ctx); err != nil {
						return err
					}
				}
				if err := x.idx.Put(docOf(tree, a)); err != nil {
					return err
				}
			}
			x.last = max(x.last, e.ID)
		}
		x.saveState(x.last)
	}
}

// CatchUp brings the index up to date at start: an index that survived a restart, whose place in the event
// stream is known and still kept (old events are purged), applies what it missed; any other is built anew.
func (x *Indexer) CatchUp(ctx context.Context) error {
	last, known := x.readState()
	oldest, err := x.cms.OldestSearchEvent(ctx)
	if err != nil {
		return err
	}
	if x.idx.NeedsRebuild() || !known || (oldest > 0 && last < oldest-1) {
		start := time.Now()
		if err := x.Rebuild(ctx, nil); err != nil {
			return err
		}
		x.log.Info("search index built", "took", time.Since(start))
	} else {
		x.mu.Lock()
		x.last = last
		x.mu.Unlock()
	}
	return x.Sync(ctx)
}

// Run catches up, then follows the events until ctx ends.
func (x *Indexer) Run(ctx context.Context) {
	if err := x.CatchUp(ctx); err != nil && ctx.Err() == nil {
		x.log.Error("search catch-up", "err", err)
	}
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		if err := x.Sync(ctx); err != nil && ctx.Err() == nil {
			x.log.Warn("search sync", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-x.wake:
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fmtSscan reads the number of an "article:12" document id.
func fmtSscan(docID string, n *int64) (int, error) {
	return fmt.Sscanf(docID, "article:%d", n)
}
