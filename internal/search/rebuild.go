package search

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
)

// rebuildBatch is the number of documents written to the new index at once.
const rebuildBatch = 500

// Rebuild replaces the whole index with docs (for `parkos reindex`, and after Open reports NeedsRebuild).
//
// The documents go into a fresh index next to the live one; searches keep using the live index meanwhile.
// Put and Delete calls made during the rebuild go to the live index and are replayed into the new one at the
// end, so they win over the copies docs yielded. Then the new index becomes live and the old one is removed.
// If docs yields an error, ctx ends or a document is invalid, the new index is discarded and the live one
// stays as it was.
//
// progress, if not nil, is called with the number of documents written so far, after every batch and at
// the end.
func (ix *Index) Rebuild(ctx context.Context, docs iter.Seq2[Doc, error], progress func(done int)) (err error) {
	if !ix.rebuildMu.TryLock() {
		return ErrRebuildRunning
	}
	defer ix.rebuildMu.Unlock()

	ix.mu.RLock()
	closed := ix.closed
	ix.mu.RUnlock()
	if closed {
		return ErrClosed
	}

	name, idx, err := createBleve(ix.dir)
	if err != nil {
		return err
	}
	ix.setJournaling(true)
	swapped := false
	defer func() {
		if !swapped {
			ix.setJournaling(false)
			_ = idx.Close()
			_ = os.RemoveAll(filepath.Join(ix.dir, name))
		}
	}()

	done := 0
	batch := idx.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
		batch.Reset()
		if progress != nil {
			progress(done)
		}
		return nil
	}
	for doc, err := range docs {
		if err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
		if err := validate(doc); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
		if err := batch.Index(doc.ID, toBleve(doc)); err != nil {
			return fmt.Errorf("search: rebuild: %s: %w", doc.ID, err)
		}
		done++
		if batch.Size() >= rebuildBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}

	old, oldName, err := ix.swap(idx, name)
	if err != nil {
		return err
	}
	swapped = true
	if progress != nil {
		progress(done)
	}
	// No search can still use the old index: swap waited for all of them.
	if err := old.Close(); err != nil {
		return fmt.Errorf("search: rebuild: close old index: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(ix.dir, oldName)); err != nil {
		return fmt.Errorf("search: rebuild: remove old index: %w", err)
	}
	return nil
}

// swap makes idx (in subdirectory name) the live index and returns the previous one. Holding mu for writing
// waits for every Put, Delete and Search in flight and keeps new ones out until the new index is live, so the
// journal is complete when it is replayed.
func (ix *Index) swap(idx bleve.Index, name string) (old bleve.Index, oldName string, err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, "", ErrClosed
	}
	if err := ix.replay(idx); err != nil {
		return nil, "", err
	}
	if err := writeCurrent(ix.dir, name); err != nil {
		return nil, "", err
	}
	old, oldName = ix.idx, ix.name
	ix.idx, ix.name, ix.needsRebuild = idx, name, false
	return old, oldName, nil
}

func (ix *Index) setJournaling(on bool) {
	ix.jmu.Lock()
	ix.journaling, ix.journal = on, nil
	ix.jmu.Unlock()
}

// replay applies the journal to idx and stops journaling. The caller holds mu for writing.
func (ix *Index) replay(idx bleve.Index) error {
	ix.jmu.Lock()
	journal := ix.journal
	ix.journaling, ix.journal = false, nil
	ix.jmu.Unlock()

	b := idx.NewBatch()
	for _, e := range journal {
		if e.doc == nil {
			b.Delete(e.id)
		} else if err := b.Index(e.id, toBleve(*e.doc)); err != nil {
			return fmt.Errorf("search: rebuild: replay %s: %w", e.id, err)
		}
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("search: rebuild: replay: %w", err)
		}
	}
	return nil
}
