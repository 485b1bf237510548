package db

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// Migrations returns the embedded migration files of a dialect.
func Migrations(d Dialect) fs.FS {
	sub, err := fs.Sub(migrations, "migrations/"+string(d))
	if err != nil {
		panic(err) // the folders are embedded at build time
	}
	return sub
}

func (d *DB) provider() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Several instances may start at once against one database: an advisory lock lets one migrate.
		l, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(l))
	}
	return goose.NewProvider(dialect, d.W, Migrations(d.Dialect), opts...)
}

// Migrate applies every pending migration and returns the resulting schema version.
func (d *DB) Migrate(ctx context.Context) (int64, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	if err := d.refuseNewer(ctx, p); err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// SchemaStatus is the database's schema version against the newest this binary knows.
type SchemaStatus struct {
	Current, Latest int64
}

// Status reports the schema version of the database and of this binary.
func (d *DB) Status(ctx context.Context) (SchemaStatus, error) {
	p, err := d.provider()
	if err != nil {
		return SchemaStatus{}, err
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return SchemaStatus{}, err
	}
	return SchemaStatus{Current: cur, Latest: latest(p)}, nil
}

// ErrNewerSchema means the database was migrated by a newer parkos than this one.
var ErrNewerSchema = errors.New("database schema is newer than this parkos")

// CheckSchema returns nil when the database is exactly at this binary's schema, ErrNewerSchema (wrapped) when
// it is ahead, and an error naming the pending version when it is behind.
func (d *DB) CheckSchema(ctx context.Context) error {
	s, err := d.Status(ctx)
	if err != nil {
		return err
	}
	switch {
	case s.Current > s.Latest:
		return fmt.Errorf("%w: database at version %d, this binary knows up to %d", ErrNewerSchema, s.Current, s.Latest)
	case s.Current < s.Latest:
		return fmt.Errorf("database at schema version %d, %d is needed: run parkos migrate", s.Current, s.Latest)
	}
	return nil
}

func (d *DB) refuseNewer(ctx context.Context, p *goose.Provider) error {
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if l := latest(p); cur > l {
		return fmt.Errorf("%w: database at version %d, this binary knows up to %d", ErrNewerSchema, cur, l)
	}
	return nil
}

func latest(p *goose.Provider) int64 {
	var v int64
	for _, s := range p.ListSources() {
		v = max(v, s.Version)
	}
	return v
}

// LatestVersion is the newest schema version this binary carries for a dialect (the number that starts the
// newest migration's file name).
func LatestVersion(d Dialect) int64 {
	files, _ := fs.Glob(Migrations(d), "*.sql")
	var v int64
	for _, f := range files {
		var n int64
		if _, err := fmt.Sscanf(f, "%d_", &n); err == nil {
			v = max(v, n)
		}
	}
	return v
}
