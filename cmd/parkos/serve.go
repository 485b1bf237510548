package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"parkos/internal/app"
	"parkos/internal/config"
)

func serveCmd(cfg *config.Config) *cobra.Command {
	var noMigrate bool
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the website and back office",
		Long: "Serve parkos. Pending migrations are applied first unless --no-migrate is given; a database migrated\n" +
			"by a newer parkos is refused. SIGINT or SIGTERM shut down gracefully.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := openApp(ctx, cfg, !noMigrate, app.WithSearch())
			if err != nil {
				return err
			}
			defer a.Close()
			return a.Serve(ctx, func(addr string) {
				a.Log.Info("parkos listening", "addr", addr, "url", cfg.PublicURL(), "database", a.DB.Dialect, "version", Version)
				fmt.Fprintf(cmd.ErrOrStderr(), "parkos %s 已启动：%s/admin\n", Version, cfg.PublicURL())
			})
		},
	}
	c.Flags().BoolVar(&noMigrate, "no-migrate", false, "refuse to start instead of migrating a database that is behind")
	return c
}
