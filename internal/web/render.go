package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"reflect"
	"strings"
	"time"
)

//go:embed templates
var baseTemplates embed.FS

// China Standard Time. China keeps no daylight saving time, so a fixed zone is exact and needs no tzdata.
var cst = time.FixedZone("CST", 8*3600)

// Shell is the chrome around a back-office page: who is signed in and the navigation they may use.
type Shell struct {
	SiteName string
	User     *ShellUser
	Nav      []NavGroup
}

// ShellUser is the signed-in user as the header shows them.
type ShellUser struct {
	Name      string
	Username  string
	RoleNames []string
}

// NavGroup is a titled group of navigation links.
type NavGroup struct {
	Title string
	Items []NavItem
}

// NavItem is one navigation link.
type NavItem struct {
	Title  string
	Path   string
	Active bool
	Count  int // shown as a badge when positive, such as unread notifications
}

// View is the data of every rendered page.
type View struct {
	Title  string
	Layout string // "admin" (default) or "plain" (sign-in pages, errors)
	Shell  Shell
	CSRF   string
	Flash  *Flash
	Path   string
	Form   *Form
	Data   any
}

// Renderer renders pages inside the layouts.
type Renderer struct {
	Assets *Assets
	CSRF   *CSRF
	// ShellFor builds the page chrome for a request; internal/app provides it.
	ShellFor func(r *http.Request) Shell
	Log      *slog.Logger
	base     *template.Template
}

// NewRenderer parses the layouts. extra adds template functions that need knowledge web does not have, such
// as the Chinese name of a role.
func NewRenderer(assets *Assets, csrf *CSRF, log *slog.Logger, extra template.FuncMap) *Renderer {
	r := &Renderer{Assets: assets, CSRF: csrf, Log: log, ShellFor: func(*http.Request) Shell { return Shell{} }}
	funcs := r.funcs()
	for k, v := range extra {
		funcs[k] = v
	}
	r.base = template.Must(template.New("").Funcs(funcs).ParseFS(baseTemplates, "templates/*.html"))
	return r
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string { return r.Assets.URL(name) },
		"time": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cst).Format("2006-01-02 15:04:05")
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cst).Format("2006-01-02")
		},
		"timep": func(t *time.Time) string {
			if t == nil || t.IsZero() {
				return "—"
			}
			return t.In(cst).Format("2006-01-02 15:04")
		},
		// field bundles what the field partial needs: {{template "field" field .Form "username" "用户名" "text"}}.
		"field": func(f *Form, name, label, typ string, opts ...string) map[string]any {
			if f == nil {
				f = NewForm()
			}
			m := map[string]any{"Name": name, "Label": label, "Type": typ, "Value": f.Get(name), "Error": f.Error(name), "ID": "f-" + name}
			for _, o := range opts {
				k, v, _ := strings.Cut(o, "=")
				m[k] = v
			}
			if typ == "password" {
				m["Value"] = "" // never echo a password back
			}
			return m
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"join": strings.Join,
		"datep": func(t *time.Time) string {
			if t == nil || t.IsZero() {
				return "—"
			}
			return t.In(cst).Format("2006-01-02")
		},
		// at is index for a list of names that tolerates a position past the end (returns the last name).
		"at": func(list []string, i int) string {
			if len(list) == 0 {
				return ""
			}
			return list[max(0, min(i, len(list)-1))]
		},
		"sub1": func(n int) int { return n - 1 },
		"kb": func(n int64) string {
			if n >= 1<<20 {
				return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
			}
			return fmt.Sprintf("%d KB", (n+1023)/1024)
		},
		"add1": func(n int) int { return n + 1 },
		"last": func(v any) int { return reflect.ValueOf(v).Len() - 1 },
	}
}

// Pages is the set of page templates of one module, each parsed with the layouts.
type Pages struct {
	r     *Renderer
	pages map[string]*template.Template
}

// Parse parses every *.html file of fsys (a module's embedded templates folder) as a page. Files whose name
// starts with "_" are the module's shared layouts and partials, parsed into every page.
func (r *Renderer) Parse(fsys fs.FS, dir string) *Pages {
	p := &Pages{r: r, pages: map[string]*template.Template{}}
	files, err := fs.Glob(fsys, path.Join(dir, "*.html"))
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("web: no templates in %s: %v", dir, err))
	}
	shared := template.Must(r.base.Clone())
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "_") {
			template.Must(shared.ParseFS(fsys, f))
		}
	}
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "_") {
			continue
		}
		t := template.Must(shared.Clone())
		template.Must(t.ParseFS(fsys, f))
		p.pages[path.Base(f)] = t
	}
	return p
}

// Execute renders page name into a buffer with data as is, without the chrome of Render: for pages whose
// bytes are cached and served many times (the public portal), which fill in their own View.
func (p *Pages) Execute(name, layout string, data any) ([]byte, error) {
	t, ok := p.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no page %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Render writes page name with status, filling in the chrome, the form token and the flash message.
func (p *Pages) Render(w http.ResponseWriter, req *http.Request, status int, name string, v View) {
	t, ok := p.pages[name]
	if !ok {
		panic("web: no page " + name)
	}
	p.r.render(w, req, status, t, v)
}

func (r *Renderer) render(w http.ResponseWriter, req *http.Request, status int, t *template.Template, v View) {
	if v.Layout == "" {
		v.Layout = "admin"
	}
	if v.Layout == "admin" {
		v.Shell = r.ShellFor(req)
	}
	if v.Shell.SiteName == "" {
		v.Shell.SiteName = "parkos 大学科技园综合服务平台"
	}
	v.CSRF = r.CSRF.Token(w, req)
	v.Flash = TakeFlash(w, req)
	v.Path = req.URL.Path
	if v.Form == nil {
		v.Form = NewForm()
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, v.Layout, v); err != nil {
		r.Log.Error("render", "id", RequestID(req), "err", err)
		http.Error(w, "页面渲染失败（请求编号 "+RequestID(req)+"）", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
