package portal

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// pageCache keeps rendered public pages. An entry is valid while the content generation it was rendered
// under is current; the generation lives in the database (moved on by every publication, withdrawal and
// settings change), so a change made through any instance empties every instance's cache within genTTL.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*cached
	max     int

	gen     atomic.Value // string
	genAt   atomic.Int64 // unix nanos of the last read
	genMu   sync.Mutex
	readGen func(context.Context) (string, error)
}

type cached struct {
	gen  string
	body []byte
	etag string
}

// genTTL bounds how stale a page may be after a change made on another instance.
const genTTL = time.Second

func newPageCache(max int, readGen func(context.Context) (string, error)) *pageCache {
	c := &pageCache{entries: map[string]*cached{}, max: max, readGen: readGen}
	c.gen.Store("")
	return c
}

// generation returns the current content generation, reading it from the database at most once per genTTL.
func (c *pageCache) generation(ctx context.Context) string {
	if time.Now().UnixNano()-c.genAt.Load() < int64(genTTL) {
		return c.gen.Load().(string)
	}
	c.genMu.Lock()
	defer c.genMu.Unlock()
	if time.Now().UnixNano()-c.genAt.Load() < int64(genTTL) {
		return c.gen.Load().(string)
	}
	if g, err := c.readGen(ctx); err == nil {
		c.gen.Store(g)
	}
	c.genAt.Store(time.Now().UnixNano())
	return c.gen.Load().(string)
}

// invalidate forces the next request to read the generation (for changes made by this instance).
func (c *pageCache) invalidate() { c.genAt.Store(0) }

func (c *pageCache) get(key, gen string) *cached {
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e == nil || e.gen != gen {
		return nil
	}
	return e
}

func (c *pageCache) put(key string, e *cached) {
	c.mu.Lock()
	if len(c.entries) >= c.max {
		c.entries = map[string]*cached{} // crude but bounded: start over rather than grow without limit
	}
	c.entries[key] = e
	c.mu.Unlock()
}
