package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"parkos/internal/config"
	"parkos/internal/db"
)

func versionCmd(*config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "parkos %s (%s, %s/%s), 数据库结构版本 %d\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, db.LatestVersion(db.SQLite))
			return nil
		},
	}
}
