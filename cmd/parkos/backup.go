package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"parkos/internal/config"
	"parkos/internal/db"
	"parkos/internal/pii"
)

// manifest describes a backup archive.
type manifest struct {
	Format   int        `json:"format"`
	Version  string     `json:"parkos_version"`
	Schema   int64      `json:"schema_version"`
	Dialect  db.Dialect `json:"dialect"`
	Taken    time.Time  `json:"taken_at"`
	Database string     `json:"database_file"`
	HasKey   bool       `json:"has_key"`
}

// Files inside a backup archive.
const (
	manifestName = "manifest.json"
	sqliteName   = "parkos.db"
	pgDumpName   = "postgres.dump"
)

func backupCmd(cfg *config.Config) *cobra.Command {
	var out string
	var noKey bool
	c := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "Write a consistent backup (database, keys, uploads, evidence files) while the server runs",
		Long: "Write a backup archive (tar.gz): a consistent snapshot of the database (SQLite: VACUUM INTO;\n" +
			"PostgreSQL: pg_dump), the master key that decrypts personal data and seals the audit chain, and the\n" +
			"uploaded files. The archive is as sensitive as the database: store it encrypted and access-controlled.\n" +
			"--no-key leaves the key out; then keep the key separately, or the restored data cannot be read.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			d, err := db.Open(ctx, cfg.DatabaseURL())
			if err != nil {
				return err
			}
			defer d.Close()
			st, err := d.Status(ctx)
			if err != nil {
				return err
			}
			tmp, err := os.MkdirTemp(filepath.Dir(absOr(out)), ".parkos-backup-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			m := manifest{Format: 1, Version: Version, Schema: st.Current, Dialect: d.Dialect, Taken: time.Now().UTC()}
			if d.Dialect == db.SQLite {
				m.Database = sqliteName
				err = d.SnapshotSQLite(ctx, filepath.Join(tmp, sqliteName))
			} else {
				m.Database = pgDumpName
				err = d.DumpPostgres(ctx, filepath.Join(tmp, pgDumpName))
			}
			if err != nil {
				return fmt.Errorf("snapshot: %w", err)
			}
			keyPath := filepath.Join(cfg.DataDir, pii.KeyFile)
			if _, err := os.Stat(keyPath); err == nil && !noKey {
				m.HasKey = true
			}
			if err := writeArchive(out, tmp, m, cfg.DataDir, keyPath); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已备份到 %s（%s，结构版本 %d%s）\n", out, d.Dialect, st.Current, map[bool]string{true: "，含密钥", false: "，不含密钥"}[m.HasKey])
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "archive to write (required)")
	c.Flags().BoolVar(&noKey, "no-key", false, "leave the master key out of the archive")
	_ = c.MarkFlagRequired("out")
	return c
}

func absOr(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

func writeArchive(out, tmp string, m manifest, dataDir, keyPath string) error {
	f, err := os.OpenFile(out+".partial", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(out + ".partial")
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: m.Taken}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	if err := addFile(tw, filepath.Join(tmp, m.Database), m.Database); err != nil {
		return err
	}
	if m.HasKey {
		if err := addFile(tw, keyPath, pii.KeyFile); err != nil {
			return err
		}
	}
	// Files kept beside the database: public media (uploads) and the registry's evidence files, which are
	// not public and so live apart from the media the portal serves.
	for _, sub := range []string{"uploads", "evidence"} {
		dir := filepath.Join(dataDir, sub)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dataDir, p)
			return addFile(tw, p, filepath.ToSlash(rel))
		})
		if err != nil {
			return err
		}
	}
	if err := errors.Join(tw.Close(), zw.Close()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(out+".partial", out)
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

func restoreCmd(cfg *config.Config) *cobra.Command {
	var in string
	c := &cobra.Command{
		Use:   "restore --in FILE --data DIR [--db postgres://...]",
		Short: "Restore a backup into an empty data directory (and an empty PostgreSQL database)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return restore(cmd.Context(), cfg, in, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&in, "in", "", "archive written by parkos backup (required)")
	_ = c.MarkFlagRequired("in")
	return c
}

func restore(ctx context.Context, cfg *config.Config, in string, out io.Writer) error {
	if entries, err := os.ReadDir(cfg.DataDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("data directory %s is not empty: restore only into an empty one", cfg.DataDir)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return err
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s is not a parkos backup: %w", in, err)
	}
	tr := tar.NewReader(zr)
	var m *manifest
	staging, err := os.MkdirTemp(cfg.DataDir, ".restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		name := filepath.Clean(filepath.FromSlash(h.Name))
		if filepath.IsAbs(name) || strings.HasPrefix(name, "..") || h.Typeflag != tar.TypeReg {
			return fmt.Errorf("archive entry %q is not allowed", h.Name)
		}
		if name == manifestName {
			m = &manifest{}
			if err := json.NewDecoder(tr).Decode(m); err != nil {
				return fmt.Errorf("manifest: %w", err)
			}
			continue
		}
		dst := filepath.Join(staging, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		w, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, tr); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	if m == nil || m.Format != 1 {
		return fmt.Errorf("%s has no parkos manifest", in)
	}
	if latest := db.LatestVersion(m.Dialect); m.Schema > latest {
		return fmt.Errorf("backup has schema version %d, this parkos knows up to %d: use a newer parkos", m.Schema, latest)
	}
	switch m.Dialect {
	case db.SQLite:
		if cfg.IsPostgres() {
			return fmt.Errorf("the backup is of a SQLite database; restore it without --db")
		}
	case db.Postgres:
		if !cfg.IsPostgres() {
			return fmt.Errorf("the backup is of a PostgreSQL database: give --db with an empty database to restore into")
		}
		if err := db.RestorePostgres(ctx, cfg.Database, filepath.Join(staging, pgDumpName)); err != nil {
			return fmt.Errorf("pg_restore: %w", err)
		}
		if err := os.Remove(filepath.Join(staging, pgDumpName)); err != nil {
			return err
		}
	}
	// Move everything staged into place.
	err = filepath.WalkDir(staging, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(staging, p)
		dst := filepath.Join(cfg.DataDir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		return os.Rename(p, dst)
	})
	if err != nil {
		return err
	}
	note := ""
	if !m.HasKey {
		note = "；备份不含密钥，请把原主密钥放到 " + filepath.Join(cfg.DataDir, pii.KeyFile) + " 或设置 PARKOS_MASTER_KEY"
	}
	fmt.Fprintf(out, "已从 %s 恢复（%s，结构版本 %d，备份于 %s）到 %s%s\n", in, m.Dialect, m.Schema, m.Taken.In(cst).Format("2006-01-02 15:04"), cfg.DataDir, note)
	return nil
}
