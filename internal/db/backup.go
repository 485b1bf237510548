package db

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// SnapshotSQLite writes a consistent copy of the SQLite database to path with VACUUM INTO, which reads one
// snapshot while the server keeps writing. path must not exist.
func (d *DB) SnapshotSQLite(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return fmt.Errorf("snapshot: not a SQLite database")
	}
	_, err := d.R.ExecContext(ctx, `VACUUM INTO $1`, path)
	return err
}

// DumpPostgres writes a pg_dump archive (custom format) of the database to path. pg_dump takes a consistent
// snapshot without blocking the running instances.
func (d *DB) DumpPostgres(ctx context.Context, path string) error {
	if d.Dialect != Postgres {
		return fmt.Errorf("dump: not a PostgreSQL database")
	}
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return fmt.Errorf("pg_dump is not installed (Debian: postgresql-client): %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file", path, "--dbname", d.URL)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// RestorePostgres loads a pg_dump archive into the (empty) database at url.
func RestorePostgres(ctx context.Context, url, path string) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return fmt.Errorf("pg_restore is not installed (Debian: postgresql-client): %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--no-owner", "--exit-on-error", "--dbname", url, path)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}
