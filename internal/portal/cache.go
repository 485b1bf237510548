package portal

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
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

// cached is a rendered page with what its response needs, prepared once: the body as rendered and, for
// clients that accept it, gzipped (a page is served thousands of times between two changes; compressing
// it once beats compressing it for every visitor).
type cached struct {
	gen   string
	route string // the route pattern that rendered it
	plain variant
	gz    *variant // nil when gzip does not make the page smaller
}

// variant is one representation of a page. header holds the values of Content-Type, ETag, Cache-Control
// and Content-Length.
type variant struct {
	body   []byte
	etag   string
	header [4]string
}

// minGzip is the smallest page worth compressing (the same threshold as web.Compress).
const minGzip = 1024

func newCached(gen, route, contentType string, body []byte) *cached {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:8])
	e := &cached{gen: gen, route: route, plain: newVariant(contentType, `"`+tag+`"`, body)}
	if len(body) >= minGzip {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(body)
		err := zw.Close()
		gzipWriters.Put(zw)
		if err == nil && buf.Len() < len(body) {
			// A representation of its own, so an ETag of its own.
			gz := newVariant(contentType, `"`+tag+`-gz"`, buf.Bytes())
			e.gz = &gz
		}
	}
	return e
}

// Route is the route pattern that rendered the page (web.Answer).
func (e *cached) Route() string { return e.route }

// Respond sets the head of the page's response in hd and returns its status and body (web.Answer): gzipped
// for a client that accepts it, 304 Not Modified and no body for one that has this very representation. The
// header values were prepared when the page was rendered.
func (e *cached) Respond(hd http.Header, r *http.Request) (int, []byte) {
	v, gz := &e.plain, false
	if e.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		v, gz = e.gz, true
	}
	// Add, not Set: the compression layer has put Accept-Encoding there.
	hd["Vary"] = append(hd["Vary"], "Cookie")
	// One allocation for the header values rather than one per header; each value is a slice of its own
	// (capacity 1), so a later Add by another layer cannot reach into the cache entry or another header.
	val := v.header
	hd["Content-Type"] = val[0:1:1]
	hd["Etag"] = val[1:2:2]
	hd["Cache-Control"] = val[2:3:3]
	if r.Header.Get("If-None-Match") == v.etag {
		return http.StatusNotModified, nil
	}
	if gz {
		// Compressed already: the compression layer passes a response with a Content-Encoding through.
		hd["Content-Encoding"] = []string{"gzip"}
	}
	// With its length declared, the page goes out with no chunk framing.
	hd["Content-Length"] = val[3:4:4]
	return http.StatusOK, v.body
}

// gzipWriters keep compressors between renders: each holds some 800 KB of state.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

func newVariant(contentType, etag string, body []byte) variant {
	return variant{body: body, etag: etag, header: [4]string{contentType, etag, "public, max-age=60", strconv.Itoa(len(body))}}
}

// acceptsGzip reports whether an Accept-Encoding header value admits gzip: named, and not with q=0.
func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
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
