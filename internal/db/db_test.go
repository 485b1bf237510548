package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"testing"
	"time"

	"parkos/internal/db"
	"parkos/internal/dbtest"
)

// Both dialects must carry the same migrations, file for file, so that one history serves both engines.
func TestMigrationFoldersMatch(t *testing.T) {
	list := func(d db.Dialect) []string {
		files, err := fs.Glob(db.Migrations(d), "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	s, p := list(db.SQLite), list(db.Postgres)
	if len(s) == 0 {
		t.Fatal("no migrations embedded")
	}
	if !slices.Equal(s, p) {
		t.Fatalf("migration folders differ:\nsqlite:   %v\npostgres: %v", s, p)
	}
}

func TestPostgresConfigured(t *testing.T) {
	if !dbtest.Postgres() {
		t.Skip("PostgreSQL tests skipped: set " + dbtest.EnvPostgres + " to run the suite on PostgreSQL")
	}
	d := dbtest.Open(t)
	if d.Dialect != db.Postgres {
		t.Fatalf("dialect %s, want postgres", d.Dialect)
	}
}

func TestMigrateIsCurrentAndIdempotent(t *testing.T) {
	d := dbtest.Open(t)
	ctx := context.Background()
	if err := d.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := d.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != db.LatestVersion(d.Dialect) {
		t.Fatalf("version %d after migrating again, want %d", v, db.LatestVersion(d.Dialect))
	}
}

// A database migrated by a newer parkos is refused, both by CheckSchema (serve --no-migrate, readyz) and by
// Migrate (serve, migrate).
func TestRefusesNewerSchema(t *testing.T) {
	d := dbtest.Open(t)
	ctx := context.Background()
	if _, err := d.W.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, TRUE)`, db.LatestVersion(d.Dialect)+1); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckSchema(ctx); !errors.Is(err, db.ErrNewerSchema) {
		t.Fatalf("CheckSchema on a newer schema: %v, want ErrNewerSchema", err)
	}
	if _, err := d.Migrate(ctx); !errors.Is(err, db.ErrNewerSchema) {
		t.Fatalf("Migrate on a newer schema: %v, want ErrNewerSchema", err)
	}
}

// Times go in as UTC microseconds and come back equal on both engines.
func TestTimeRoundTrip(t *testing.T) {
	d := dbtest.Open(t)
	ctx := context.Background()
	want := db.Time(time.Date(2026, 11, 28, 8, 30, 15, 123456789, time.FixedZone("CST", 8*3600)))
	if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('t', '', $1)`, want); err != nil {
		t.Fatal(err)
	}
	var got time.Time
	if err := d.R.QueryRowContext(ctx, `SELECT updated_at FROM settings WHERE key = 't'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE updated_at > $1 AND updated_at < $2`,
		want.Add(-time.Microsecond), want.Add(time.Microsecond)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("time comparison in SQL found %d rows (%v)", n, err)
	}
}

// Concurrent writers never see SQLITE_BUSY: the single write connection queues them.
func TestConcurrentWriters(t *testing.T) {
	d := dbtest.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errc := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- d.InTx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, 'v', $2)`, fmt.Sprintf("k%d", i), db.Now())
				return err
			})
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestInTxRollsBack(t *testing.T) {
	d := dbtest.Open(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('x', 'v', $1)`, db.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v", err)
	}
	var n int
	_ = d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = 'x'`).Scan(&n)
	if n != 0 {
		t.Fatal("the failed transaction left its row")
	}
}

func TestLikeEscapes(t *testing.T) {
	if got := db.Like(`50%_a\b`); got != `%50\%\_a\\b%` {
		t.Fatalf("Like = %q", got)
	}
}
