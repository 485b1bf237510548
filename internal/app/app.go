// Package app wires parkos together: it builds every module from the configuration, mounts their routes
// behind the middleware and the permission guard, and starts the background jobs. It is the only package that
// knows all modules.
package app

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"parkos/internal/account"
	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/cms"
	"parkos/internal/config"
	"parkos/internal/db"
	"parkos/internal/enterprise"
	"parkos/internal/jobs"
	"parkos/internal/notify"
	"parkos/internal/pii"
	"parkos/internal/portal"
	"parkos/internal/search"
	"parkos/internal/site"
	"parkos/internal/web"
	"parkos/internal/zh"
)

// App is a built parkos: its database, services and HTTP handler.
type App struct {
	Cfg         *config.Config
	DB          *db.DB
	Log         *slog.Logger
	Keys        *pii.Keyring
	Roles       *auth.Roles
	Audit       *audit.Log
	Accounts    *account.Service
	Site        *site.Service
	CMS         *cms.Service
	Media       *cms.Media
	Enterprises *enterprise.Service
	Notices     *notify.Center
	Search      *search.Index // nil unless opened with WithSearch
	Indexer     *portal.Indexer
	Portal      *portal.Handler // modules add their home-page sections to Portal.Sections

	withSearch bool
	routes     []auth.Route
	nav        []auth.NavLink
	handler    http.Handler
	front      *web.Front
	metrics    *prometheus.Registry
}

// Option adjusts Open.
type Option func(*App)

// WithSearch opens the search index in the data directory. Only the server (and reindex) do: the index
// admits one process at a time, and commands that change content leave the index to the running server,
// which follows their search events.
func WithSearch() Option { return func(a *App) { a.withSearch = true } }

// Open opens the database and the keys and builds every module. It does not migrate; see Migrate.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	d, err := db.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return nil, err
	}
	keys, err := loadKeys(ctx, cfg, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	a := &App{Cfg: cfg, DB: d, Log: log, Keys: keys}
	for _, o := range opts {
		o(a)
	}
	if a.withSearch {
		if a.Search, err = search.Open(filepath.Join(cfg.DataDir, "search"), zh.ToSimplified); err != nil {
			d.Close()
			return nil, err
		}
	}
	a.build()
	return a, nil
}

// Migrate applies pending migrations and records the master key's fingerprint on a new database.
func (a *App) Migrate(ctx context.Context) (int64, error) {
	v, err := a.DB.Migrate(ctx)
	if err != nil {
		return 0, err
	}
	_, err = a.DB.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
		keyFingerprintSetting, a.Keys.Fingerprint(), db.Now())
	if err != nil {
		return v, err
	}
	return v, a.CMS.EnsureCategories(ctx)
}

const keyFingerprintSetting = "master_key_fingerprint"

// loadKeys loads the master key. A key is generated only for a database that has none on record; a database
// sealed under a key refuses any other, instead of silently starting a second, incompatible one (another
// instance without PARKOS_MASTER_KEY, a data directory restored without its key).
func loadKeys(ctx context.Context, cfg *config.Config, d *db.DB) (*pii.Keyring, error) {
	var want string
	err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, keyFingerprintSetting).Scan(&want)
	if err != nil {
		want = "" // no settings table yet, or no fingerprint: a new database
	}
	keys, err := pii.LoadKeyring(cfg.DataDir, cfg.MasterKey, want == "")
	if err != nil {
		return nil, fmt.Errorf("%w: this database's personal data and audit chain are sealed with it; restore keys/master.key into the data directory or set PARKOS_MASTER_KEY", err)
	}
	if want != "" && keys.Fingerprint() != want {
		return nil, fmt.Errorf("the master key does not belong to this database (fingerprint %s, expected %s): give the key it was created with", keys.Fingerprint(), want)
	}
	return keys, nil
}

// Close releases the search index and the database.
func (a *App) Close() error {
	if a.Search != nil {
		_ = a.Search.Close()
	}
	return a.DB.Close()
}

// Handler is the whole HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Front returns the HTTP server in front of Handler (see web.Front); ServeOn runs it with the jobs.
func (a *App) Front() *web.Front { return a.front }

// Routes lists every route mounted, for the authorization-matrix test.
func (a *App) Routes() []auth.Route { return a.routes }

func (a *App) build() {
	a.Roles = auth.NewRoles(auth.BaseRoles(), slices.Concat(account.Grants(), audit.Grants(), site.Grants(), cms.Grants(), enterprise.Grants())...)
	a.Audit = audit.New(a.DB, a.Keys.Derive("audit"))
	a.Accounts = account.NewService(a.DB, a.Audit, a.Roles, a.Cfg, a.Keys.Sealer())
	a.Site = site.NewService(a.DB, a.Audit)
	a.CMS = cms.NewService(a.DB, a.Audit, a.Cfg.ReviewLevels)
	a.Media = cms.NewMedia(a.DB, a.Audit, a.Cfg.DataDir)
	a.Notices = notify.New(a.DB)
	a.Enterprises = enterprise.NewService(a.DB, a.Audit, enterprise.Options{Sealer: a.Keys.Sealer(), DataDir: a.Cfg.DataDir, Notices: a.Notices,
		Images: a.Media})

	a.metrics = prometheus.NewRegistry()
	a.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.DB.W, "write"))
	if a.DB.R != a.DB.W {
		a.metrics.MustRegister(collectors.NewDBStatsCollector(a.DB.R, "read"))
	}
	m := web.NewMetrics(a.metrics)

	csrf := &web.CSRF{Key: a.Keys.Derive("csrf"), SessionCookie: account.SessionCookie}
	rnd := web.NewRenderer(web.NewAssets(), csrf, a.Log, template.FuncMap{"roleName": a.roleName})
	rnd.ShellFor = a.shellFor

	accounts := account.NewHandler(a.Accounts, rnd)
	audits := audit.NewHandler(a.Audit, rnd, cms.ActionLabels, enterprise.ActionLabels)
	sites := site.NewHandler(a.Site, rnd, a.navFor)
	contents := cms.NewHandler(a.CMS, a.Media, rnd)
	registry := enterprise.NewHandler(a.Enterprises, rnd)
	notices := notify.NewHandler(a.Notices, rnd)
	public := portal.NewHandler(a.CMS, a.Site, a.Search, a.Media, rnd, a.Cfg.PublicURL())
	a.Portal = public
	public.UseDirectory(a.Enterprises) // the tenant directory: published records, public fields only
	if a.Search != nil {
		a.Indexer = portal.NewIndexer(a.CMS, a.Search, a.Log, filepath.Join(a.Cfg.DataDir, "search", "applied-event"))
	}
	a.CMS.Changed = func() {
		public.Invalidate()
		if a.Indexer != nil {
			a.Indexer.Wake()
		}
	}

	a.nav = slices.Concat(site.Nav(), enterprise.Nav(), cms.Nav(), account.Nav(), notify.Nav(), audit.Nav())
	a.routes = slices.Concat(a.opsRoutes(rnd), public.Routes(), sites.Routes(), registry.Routes(), contents.Routes(), accounts.Routes(),
		notices.Routes(), audits.Routes())

	guard := &auth.Guard{SignIn: a.signIn, Step: a.step, Deny: a.denier(rnd)}
	mux := http.NewServeMux()
	for _, rt := range a.routes {
		h := guard.Wrap(rt)
		if rt.Perm != auth.Public || strings.HasPrefix(rt.Path, "/login") {
			h = web.NoStore(h) // one person's pages, sometimes with a password or token shown once
		}
		mux.Handle(rt.Pattern(), web.Route(rt.Pattern(), h))
	}
	mux.Handle("/", web.Route("notfound", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rnd.Error(w, r, errNotFound)
	})))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rnd.ErrorPage(w, r, http.StatusForbidden, "跨站请求已被拒绝。请从本站页面提交表单。")
	}))
	csrfFail := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			web.JSONError(w, r, errCSRF)
			return
		}
		rnd.ErrorPage(w, r, http.StatusForbidden, "页面已过期或表单校验失败，请返回上一页刷新后重新提交。")
	})

	a.handler = web.Chain(mux,
		web.WithRequestID,
		web.RealIP(a.Cfg.TrustedProxies),
		web.Observe(a.Log, m),
		web.Recover(a.Log),
		web.SecurityHeaders,
		web.Compress,
		cop.Handler,
		csrf.Protect(csrfFail),
		accounts.Authenticate,
	)
	// A visitor who is not signed in gets a cached public page from the front, without the chain.
	a.metrics.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "parkos_http_front_answers_total",
		Help: "Requests the front answered from the page cache without the middleware chain."},
		func() float64 { return float64(a.front.Answered()) }))
	a.front = web.NewFront(a.handler, web.FrontOptions{
		Find: public.Cached, Private: account.SessionCookie, Trusted: a.Cfg.TrustedProxies, Log: a.Log, Metrics: m,
		HeadTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		MaxBody: maxRequestBody,
	})
}

// maxRequestBody is the largest request body read: above the largest upload any handler takes (20 MB, with
// the form around it), so that the handler's own limit and message come first.
const maxRequestBody = 32 << 20

// Jobs returns the background jobs of every module.
func (a *App) Jobs() *jobs.Runner {
	return jobs.New(a.DB, a.Log,
		jobs.Job{Name: "sessions.purge", Every: 10 * time.Minute, Run: func(ctx context.Context) error {
			_, err := a.Accounts.PurgeSessions(ctx)
			return err
		}},
		jobs.Job{Name: "cms.publish_due", Every: time.Minute, Run: func(ctx context.Context) error {
			_, err := a.CMS.PublishDue(ctx)
			return err
		}},
		jobs.Job{Name: "search.events.purge", Every: 24 * time.Hour, Run: func(ctx context.Context) error {
			_, err := a.CMS.PurgeSearchEvents(ctx, time.Now().Add(-30*24*time.Hour))
			return err
		}},
		jobs.Job{Name: "enterprise.qualification_reminders", Every: 6 * time.Hour, Run: func(ctx context.Context) error {
			_, err := a.Enterprises.RemindExpiring(ctx)
			return err
		}},
		jobs.Job{Name: "notifications.purge", Every: 24 * time.Hour, Run: func(ctx context.Context) error {
			_, err := a.Notices.Purge(ctx, time.Now().AddDate(-1, 0, 0))
			return err
		}},
		jobs.Job{Name: "audit.retention", Every: 24 * time.Hour, Run: func(ctx context.Context) error {
			n, err := a.Audit.Purge(ctx, time.Now().Add(-a.Cfg.AuditRetention), config.MinAuditRetention)
			if n > 0 {
				a.Log.Info("audit retention", "removed", n)
			}
			return err
		}},
	)
}

// Serve listens on the configured address until ctx ends, then shuts down gracefully (see ServeOn).
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return err
	}
	return a.ServeOn(ctx, ln, ready)
}

// ServeOn serves on ln, with TLS when a certificate is configured, until ctx ends; then it stops taking
// connections, lets running requests finish (up to 20 s) and stops the jobs. ready, if set, is called with
// the address once connections are taken.
func (a *App) ServeOn(ctx context.Context, ln net.Listener, ready func(addr string)) error {
	stopJobs := a.Jobs().Start(ctx)
	defer stopJobs()
	if a.Indexer != nil {
		ictx, stopIndexer := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { a.Indexer.Run(ictx); close(done) }()
		defer func() { stopIndexer(); <-done }()
	}
	errc := make(chan error, 1)
	go func() {
		if a.Cfg.TLSCert != "" {
			errc <- a.front.ServeTLS(ln, a.Cfg.TLSCert, a.Cfg.TLSKey)
		} else {
			errc <- a.front.Serve(ln)
		}
	}()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return a.front.Shutdown(sctx)
}

func (a *App) roleName(key string) string {
	if r, ok := a.Roles.Get(key); ok {
		return r.Name
	}
	return key
}

// navFor lists the navigation links actor may use.
func (a *App) navFor(act *auth.Actor) []auth.NavLink {
	var out []auth.NavLink
	for _, l := range a.nav {
		if act.Can(l.Perm) {
			out = append(out, l)
		}
	}
	return out
}

// shellFor builds the back-office chrome: the user and the navigation grouped, with the current page marked.
func (a *App) shellFor(r *http.Request) web.Shell {
	act := auth.FromContext(r.Context())
	s := web.Shell{}
	if !act.SignedIn() || act.IsSystem() {
		return s
	}
	u := &web.ShellUser{Name: act.DisplayName, Username: act.Username}
	if u.Name == "" {
		u.Name = act.Username
	}
	for _, k := range act.Roles {
		u.RoleNames = append(u.RoleNames, a.roleName(k))
	}
	s.User = u
	if act.Step != auth.StepNone {
		return s // no navigation until the sign-in steps are done
	}
	best := ""
	for _, l := range a.navFor(act) {
		if strings.HasPrefix(r.URL.Path, l.Path) && len(l.Path) > len(best) {
			best = l.Path
		}
	}
	s.Nav = append(s.Nav, web.NavGroup{Title: "工作台", Items: []web.NavItem{{Title: "首页", Path: "/admin", Active: r.URL.Path == "/admin"}}})
	links := a.navFor(act)
	// Business groups first, in the order modules were listed; the personal group closes the list.
	slices.SortStableFunc(links, func(x, y auth.NavLink) int {
		return boolInt(x.Group == auth.GroupPersonal) - boolInt(y.Group == auth.GroupPersonal)
	})
	for _, l := range links {
		i := slices.IndexFunc(s.Nav, func(g web.NavGroup) bool { return g.Title == l.Group })
		if i < 0 {
			s.Nav = append(s.Nav, web.NavGroup{Title: l.Group})
			i = len(s.Nav) - 1
		}
		item := web.NavItem{Title: l.Title, Path: l.Path, Active: l.Path == best}
		if l.Path == "/admin/notifications" {
			item.Count, _ = a.Notices.Unread(r.Context(), act) // a failed count shows no badge; the page itself reports errors
		}
		s.Nav[i].Items = append(s.Nav[i].Items, item)
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *App) signIn(w http.ResponseWriter, r *http.Request, rt auth.Route) {
	// Scripts of the pages (the editor's uploads) ask for JSON: they get a JSON 401, not the login page.
	if rt.IsAPI() || strings.Contains(r.Header.Get("Accept"), "application/json") {
		web.JSONError(w, r, errSignIn)
		return
	}
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/admin" {
		target += "?next=" + urlQueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (a *App) step(w http.ResponseWriter, r *http.Request, act *auth.Actor, rt auth.Route) {
	if rt.IsAPI() {
		web.JSONError(w, r, errStep)
		return
	}
	http.Redirect(w, r, account.StepURL(act.Step), http.StatusSeeOther)
}

// denier answers and records a refused request.
func (a *App) denier(rnd *web.Renderer) func(w http.ResponseWriter, r *http.Request, act *auth.Actor, rt auth.Route) {
	return func(w http.ResponseWriter, r *http.Request, act *auth.Actor, rt auth.Route) {
		_ = a.Audit.WriteAlone(r.Context(), audit.Entry{Actor: act, Action: "access.denied", ObjectType: "route",
			ObjectID: rt.Pattern(), Result: audit.Denied, Note: r.Method + " " + r.URL.Path})
		rnd.Error(w, r, errForbidden)
	}
}
