package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"parkos/internal/config"
	"parkos/internal/db"
)

func migrateCmd(cfg *config.Config) *cobra.Command {
	var status bool
	c := &cobra.Command{
		Use:   "migrate",
		Short: "Apply database migrations",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			d, err := db.Open(ctx, cfg.DatabaseURL())
			if err != nil {
				return err
			}
			defer d.Close()
			if status {
				s, err := d.Status(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "数据库 %s：结构版本 %d，本程序最新 %d\n", d.Dialect, s.Current, s.Latest)
				return nil
			}
			v, err := d.Migrate(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "数据库 %s 已迁移到结构版本 %d\n", d.Dialect, v)
			return nil
		},
	}
	c.Flags().BoolVar(&status, "status", false, "only report the schema version")
	return c
}
