package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files under content-hashed URLs (/static/css/app.3f2a9c1b.css), so that
// they can be cached for a year and still change the moment a new binary ships.
type Assets struct {
	fsys   fs.FS
	hashed map[string]string // "css/app.css" -> "css/app.3f2a9c1b.css"
	plain  map[string]string // the reverse
	etag   map[string]string
}

// NewAssets indexes the embedded static folder.
func NewAssets() *Assets {
	sub, _ := fs.Sub(staticFS, "static")
	a := &Assets{fsys: sub, hashed: map[string]string{}, plain: map[string]string{}, etag: map[string]string{}}
	_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + h + ext
		a.hashed[p], a.plain[name], a.etag[p] = name, p, `"`+h+`"`
		return nil
	})
	return a
}

// URL returns the hashed URL of a static file; an unknown name panics when the template runs, so a typo is
// found by the first test that renders the page.
func (a *Assets) URL(name string) string {
	h, ok := a.hashed[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h
}

// ServeHTTP serves GET /static/{file...}.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	p, hashed := a.plain[name]
	if !hashed {
		p = name // an unhashed name still works, without the long cache
	}
	b, err := fs.ReadFile(a.fsys, p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if hashed {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Header().Set("ETag", a.etag[p])
	if r.Header.Get("If-None-Match") == a.etag[p] {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(b)
}
