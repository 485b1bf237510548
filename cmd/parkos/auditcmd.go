package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"parkos/internal/audit"
	"parkos/internal/config"
)

var cst = time.FixedZone("CST", 8*3600)

func nowUTC() time.Time { return time.Now().UTC() }

func auditCmd(cfg *config.Config) *cobra.Command {
	c := &cobra.Command{Use: "audit", Short: "Audit log tools"}
	c.AddCommand(&cobra.Command{
		Use:   "verify",
		Short: "Check the audit log's hash chain; exit 3 at the first changed or removed record",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			bar := newProgress(cmd.ErrOrStderr(), "校验审计日志")
			v, err := a.Audit.Verify(cmd.Context(), bar.Set)
			bar.Done()
			if err != nil {
				return err
			}
			if !v.OK() {
				return &exitError{code: 3, msg: audit.Verdict(v)}
			}
			fmt.Fprintln(cmd.OutOrStdout(), audit.Verdict(v))
			return nil
		},
	})
	return c
}
