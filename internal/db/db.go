// Package db opens parkos's database, SQLite or PostgreSQL, and gives the rest of the program the few things
// it needs from it: a Querier that is either the pool or a transaction, InTx, and the dialect for the rare
// query whose text must differ.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine.
type Dialect string

// The engines parkos runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what store code needs: a *sql.DB or a *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database. On SQLite, writes go through a single connection (W) so that concurrent writers
// queue in Go instead of failing with SQLITE_BUSY, and reads use a pool (R). On PostgreSQL both are the same pool.
type DB struct {
	W       *sql.DB
	R       *sql.DB
	Dialect Dialect
	// Path is the SQLite file; empty on PostgreSQL.
	Path string
	URL  string
}

// Open opens the database named by rawURL: "sqlite://PATH" (or a bare path) or "postgres://...".
func Open(ctx context.Context, rawURL string) (*DB, error) {
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return openPostgres(ctx, rawURL)
	}
	path := strings.TrimPrefix(rawURL, "sqlite://")
	return openSQLite(ctx, path)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	// Pragmas follow SQLite's advice for servers: WAL lets readers run beside the writer, busy_timeout absorbs
	// the short waits WAL still has, NORMAL sync is durable in WAL mode except on power loss of the last commit.
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	d := &DB{W: w, R: r, Dialect: SQLite, Path: path, URL: "sqlite://" + path}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return d, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	p, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(10)
	p.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{W: p, R: p, Dialect: Postgres, URL: rawURL}
	if err := d.Ping(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	return d, nil
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return d.W.PingContext(ctx)
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// InTx runs fn in a transaction on the write connection, committing when fn returns nil and rolling back
// otherwise (also on panic).
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Pick returns the text for this database's dialect. It is the one place where SQL may differ by engine;
// call it where the texts are declared side by side, never inline in a query.
func (d *DB) Pick(sqliteText, postgresText string) string {
	if d.Dialect == Postgres {
		return postgresText
	}
	return sqliteText
}

// Now is the current time as parkos stores it: UTC, truncated to microseconds so that it survives a round
// trip through either engine unchanged (PostgreSQL keeps microseconds).
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Time converts t to the stored form (UTC, microseconds).
func Time(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// IsUniqueViolation reports whether err is a unique-constraint violation on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Like escapes s for use as the pattern of a LIKE ... ESCAPE '\' match of a substring.
func Like(s string) string {
	return "%" + LikePrefix(s)
}

// LikePrefix escapes s for use as the pattern of a LIKE ... ESCAPE '\' match of a prefix.
func LikePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
