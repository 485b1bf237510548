// Package config holds parkos's configuration: one plain struct, filled from flags and the environment by
// cmd/parkos and passed down explicitly. Nothing here is global.
package config

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Password-policy profiles.
const (
	// ProfileStandard follows OWASP ASVS 4.0 V2.1: length 8..128 and no common passwords.
	ProfileStandard = "standard"
	// ProfileDengbao adds what GB/T 22239-2019 level 3 asks in practice: three of four character classes,
	// periodic change and a second factor for the administrator roles.
	ProfileDengbao = "dengbao"
)

// MinAuditRetention is the shortest audit retention allowed: 网络安全法 art. 21 asks for at least six months.
const MinAuditRetention = 184 * 24 * time.Hour

// Config is everything parkos can be told at start-up.
type Config struct {
	Addr     string // listen address, e.g. ":8080"
	DataDir  string // SQLite file, uploads, indexes and keys
	Database string // "" means SQLite in DataDir; "postgres://..." selects PostgreSQL
	BaseURL  string // public URL, used in printed links; derived from Addr when empty

	TLSCert, TLSKey string         // serve TLS directly when both are set
	TrustedProxies  []netip.Prefix // proxies whose X-Forwarded-For / X-Forwarded-Proto are believed

	PasswordProfile string        // ProfileStandard or ProfileDengbao
	PasswordExpiry  time.Duration // dengbao only; 0 disables
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	LockoutAfter    int           // failed logins before an account is locked
	LockoutFor      time.Duration // how long it stays locked
	IPFailureLimit  int           // failed logins per IP and window before the IP is throttled
	IPFailureWindow time.Duration

	AuditRetention time.Duration
	LogLevel       string

	ReviewLevels int // review levels of articles before publication (初审, 终审 = 2)

	// envErrs are environment values that could not be read; Validate reports them rather than falling back
	// to a default the operator did not ask for.
	envErrs []string

	// MasterKey (hex) comes only from PARKOS_MASTER_KEY, never a flag, so that it stays out of process lists;
	// empty means the key file in the data directory.
	MasterKey string
}

// Default returns the configuration parkos runs with when told nothing.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "data",
		PasswordProfile: ProfileStandard,
		PasswordExpiry:  90 * 24 * time.Hour,
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		LockoutAfter:    5,
		LockoutFor:      5 * time.Minute,
		IPFailureLimit:  30,
		IPFailureWindow: 15 * time.Minute,
		AuditRetention:  365 * 24 * time.Hour,
		LogLevel:        "info",
		ReviewLevels:    2,
	}
}

// Flags binds the configuration to a flag set. Every flag's default comes from its PARKOS_* environment
// variable when that is set, so flags win over the environment and the environment over built-in defaults.
func (c *Config) Flags(fs *pflag.FlagSet) {
	d := Default()
	fs.StringVar(&c.Addr, "addr", env("PARKOS_ADDR", d.Addr), "listen address (PARKOS_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("PARKOS_DATA", d.DataDir), "data directory: SQLite file, uploads, indexes, keys (PARKOS_DATA)")
	fs.StringVar(&c.Database, "db", env("PARKOS_DB", ""), "database: empty for SQLite in the data directory, or postgres://... (PARKOS_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("PARKOS_BASE_URL", ""), "public URL of the site (PARKOS_BASE_URL)")
	fs.StringVar(&c.TLSCert, "tls-cert", env("PARKOS_TLS_CERT", ""), "TLS certificate file (PARKOS_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", env("PARKOS_TLS_KEY", ""), "TLS key file (PARKOS_TLS_KEY)")
	proxies := &prefixes{dst: &c.TrustedProxies, def: env("PARKOS_TRUSTED_PROXIES", "")}
	if err := proxies.Set(proxies.def); err != nil {
		c.envErrs = append(c.envErrs, "PARKOS_TRUSTED_PROXIES: "+err.Error())
	}
	proxies.fromEnv = true // the first --trusted-proxy flag replaces the environment's list
	fs.Var(proxies, "trusted-proxy", "CIDR of a reverse proxy to trust, repeatable or comma-separated (PARKOS_TRUSTED_PROXIES)")
	fs.StringVar(&c.PasswordProfile, "password-profile", env("PARKOS_PASSWORD_PROFILE", d.PasswordProfile), "password policy: standard (OWASP ASVS) or dengbao (等保2.0 三级) (PARKOS_PASSWORD_PROFILE)")
	fs.DurationVar(&c.PasswordExpiry, "password-expiry", envDuration(c, "PARKOS_PASSWORD_EXPIRY", d.PasswordExpiry), "password lifetime under the dengbao profile, 0 for none (PARKOS_PASSWORD_EXPIRY)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", envDuration(c, "PARKOS_IDLE_TIMEOUT", d.IdleTimeout), "sign out after this much inactivity (PARKOS_IDLE_TIMEOUT)")
	fs.DurationVar(&c.AbsoluteTimeout, "session-lifetime", envDuration(c, "PARKOS_SESSION_LIFETIME", d.AbsoluteTimeout), "sign out this long after login whatever happens (PARKOS_SESSION_LIFETIME)")
	fs.IntVar(&c.LockoutAfter, "lockout-after", envInt(c, "PARKOS_LOCKOUT_AFTER", d.LockoutAfter), "failed logins that lock an account (PARKOS_LOCKOUT_AFTER)")
	fs.DurationVar(&c.LockoutFor, "lockout-for", envDuration(c, "PARKOS_LOCKOUT_FOR", d.LockoutFor), "how long a locked account stays locked (PARKOS_LOCKOUT_FOR)")
	fs.IntVar(&c.IPFailureLimit, "ip-failure-limit", envInt(c, "PARKOS_IP_FAILURE_LIMIT", d.IPFailureLimit), "failed logins from one IP address per window before it is throttled (PARKOS_IP_FAILURE_LIMIT)")
	fs.DurationVar(&c.IPFailureWindow, "ip-failure-window", envDuration(c, "PARKOS_IP_FAILURE_WINDOW", d.IPFailureWindow), "window of the per-IP limit (PARKOS_IP_FAILURE_WINDOW)")
	fs.DurationVar(&c.AuditRetention, "audit-retention", envDuration(c, "PARKOS_AUDIT_RETENTION", d.AuditRetention), "how long audit records are kept, at least 4416h (184 days) (PARKOS_AUDIT_RETENTION)")
	fs.IntVar(&c.ReviewLevels, "review-levels", envInt(c, "PARKOS_REVIEW_LEVELS", d.ReviewLevels), "review levels before an article is published, 1 to 5 (PARKOS_REVIEW_LEVELS)")
	c.MasterKey = os.Getenv("PARKOS_MASTER_KEY")
	fs.StringVar(&c.LogLevel, "log-level", env("PARKOS_LOG_LEVEL", d.LogLevel), "debug, info, warn or error (PARKOS_LOG_LEVEL)")
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	if len(c.envErrs) > 0 {
		return fmt.Errorf("environment: %s", strings.Join(c.envErrs, "; "))
	}
	switch c.PasswordProfile {
	case ProfileStandard, ProfileDengbao:
	default:
		return fmt.Errorf("password profile %q: want standard or dengbao", c.PasswordProfile)
	}
	if c.AuditRetention < MinAuditRetention {
		return fmt.Errorf("audit retention %s is below the legal minimum of 184 days (网络安全法 art. 21)", c.AuditRetention)
	}
	if c.IdleTimeout <= 0 || c.AbsoluteTimeout <= 0 || c.IdleTimeout > c.AbsoluteTimeout {
		return fmt.Errorf("idle timeout %s and session lifetime %s: both must be positive, idle not longer", c.IdleTimeout, c.AbsoluteTimeout)
	}
	if c.LockoutAfter < 1 || c.LockoutFor <= 0 {
		return fmt.Errorf("lockout after %d failures for %s: both must be positive", c.LockoutAfter, c.LockoutFor)
	}
	if c.ReviewLevels < 1 || c.ReviewLevels > 5 {
		return fmt.Errorf("review levels %d: between 1 and 5", c.ReviewLevels)
	}
	if c.IPFailureLimit < 1 || c.IPFailureWindow <= 0 {
		return fmt.Errorf("per-IP limit of %d failures per %s: both must be positive", c.IPFailureLimit, c.IPFailureWindow)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if c.DataDir == "" {
		return fmt.Errorf("the data directory must be set")
	}
	if c.Database != "" && !c.IsPostgres() && !strings.HasPrefix(c.Database, "sqlite://") {
		// A mistyped PostgreSQL URL must not quietly become an SQLite file of that name.
		return fmt.Errorf("--db %q: give postgres://... or sqlite://PATH (or nothing, for SQLite in the data directory)", c.Database)
	}
	return nil
}

// IsPostgres reports whether the database is PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// DatabaseURL is the database to open: the configured one, or the SQLite file in the data directory.
func (c *Config) DatabaseURL() string {
	if c.Database != "" {
		return c.Database
	}
	return "sqlite://" + filepath.Join(c.DataDir, "parkos.db")
}

// PublicURL is the base URL people use to reach parkos.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	scheme := "http"
	if c.TLSCert != "" {
		scheme = "https"
	}
	host := c.Addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	return scheme + "://" + host
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envDuration(c *Config, key string, def time.Duration) time.Duration {
	if v := env(key, ""); v != "" {
		d, err := time.ParseDuration(v)
		if err == nil {
			return d
		}
		c.envErrs = append(c.envErrs, fmt.Sprintf("%s=%q is not a duration such as 30m, 12h or 4416h", key, v))
	}
	return def
}

func envInt(c *Config, key string, def int) int {
	if v := env(key, ""); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			return n
		}
		c.envErrs = append(c.envErrs, fmt.Sprintf("%s=%q is not a whole number", key, v))
	}
	return def
}

// prefixes is a pflag.Value collecting CIDR prefixes.
type prefixes struct {
	dst     *[]netip.Prefix
	def     string
	fromEnv bool // the list holds the environment's value, to be replaced by the first flag
}

func (p *prefixes) String() string { return p.def }
func (p *prefixes) Type() string   { return "cidr" }
func (p *prefixes) Set(v string) error {
	if p.fromEnv {
		*p.dst, p.fromEnv = nil, false
	}
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			if a, err := netip.ParseAddr(s); err == nil {
				*p.dst = append(*p.dst, netip.PrefixFrom(a, a.BitLen()))
				continue
			}
		}
		pf, err := netip.ParsePrefix(s)
		if err != nil {
			return fmt.Errorf("trusted proxy %q: %w", s, err)
		}
		*p.dst = append(*p.dst, pf.Masked())
	}
	return nil
}
