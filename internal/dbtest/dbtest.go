// Package dbtest opens real, migrated databases for tests: SQLite in t.TempDir() by default, or a fresh schema
// of the PostgreSQL server named by PARKOS_TEST_POSTGRES, so that the same tests run on both engines.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"parkos/internal/db"
)

// EnvPostgres names the PostgreSQL server to test against, e.g.
// postgres://postgres@127.0.0.1:5432/parkos_test?sslmode=disable. Each test gets a schema of its own there.
const EnvPostgres = "PARKOS_TEST_POSTGRES"

var skipOnce sync.Once

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// URL returns a database URL for a new, empty database for test t (not migrated), and removes it afterwards.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		skipOnce.Do(func() {
			fmt.Fprintln(os.Stderr, "dbtest: "+EnvPostgres+" is not set: tests run on SQLite only; PostgreSQL tests are skipped")
		})
		return "sqlite://" + filepath.Join(t.TempDir(), "parkos.db")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated database for test t, closed when the test ends.
func Open(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}
