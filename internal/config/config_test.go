package config

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func parse(t *testing.T, args ...string) (Config, error) {
	t.Helper()
	var c Config
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	t.Setenv("PARKOS_IDLE_TIMEOUT", "10m")
	t.Setenv("PARKOS_TRUSTED_PROXIES", "10.0.0.0/8")
	c, err := parse(t)
	if err != nil || c.IdleTimeout != 10*time.Minute || len(c.TrustedProxies) != 1 {
		t.Fatalf("from the environment: %+v %v", c, err)
	}
	c, err = parse(t, "--idle-timeout", "20m", "--trusted-proxy", "192.168.1.1", "--trusted-proxy", "172.16.0.0/12")
	if err != nil || c.IdleTimeout != 20*time.Minute {
		t.Fatalf("flag: %v %v", c.IdleTimeout, err)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].String() != "192.168.1.1/32" {
		t.Fatalf("--trusted-proxy did not replace the environment's list: %v", c.TrustedProxies)
	}
}

func TestBadSettingsAreReported(t *testing.T) {
	for env, want := range map[string]string{
		"PARKOS_AUDIT_RETENTION":  "not a duration",
		"PARKOS_LOCKOUT_AFTER":    "not a whole number",
		"PARKOS_TRUSTED_PROXIES":  "trusted proxy",
		"PARKOS_PASSWORD_PROFILE": "password profile",
	} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "365d")
			if _, err := parse(t); err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("%s=365d: %v", env, err)
			}
		})
	}
	if _, err := parse(t, "--audit-retention", "720h"); err == nil || !strings.Contains(err.Error(), "184 days") {
		t.Fatalf("a retention below the legal minimum: %v", err)
	}
	if _, err := parse(t, "--db", "/bk1?sslmode=disable"); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("a --db that is neither PostgreSQL nor sqlite:// was accepted: %v", err)
	}
	if _, err := parse(t, "--db", "sqlite:///tmp/x.db"); err != nil {
		t.Fatalf("an explicit SQLite URL: %v", err)
	}
	if _, err := parse(t, "--ip-failure-limit", "0"); err == nil {
		t.Fatal("an IP limit of 0 was accepted")
	}
	if _, err := parse(t, "--idle-timeout", "13h"); err == nil {
		t.Fatal("an idle timeout longer than the session lifetime was accepted")
	}
}
