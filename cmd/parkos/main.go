// Command parkos runs the platform of a national university science park: the public website and the back
// office of the park operator, city officials, tenant enterprises, experts and service agencies.
//
// Every subcommand takes the same configuration flags (or PARKOS_* environment variables); see `parkos help`.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"parkos/internal/app"
	"parkos/internal/auth"
	"parkos/internal/config"
)

// Version is set at build time with -ldflags "-X main.Version=..."; "dev" otherwise.
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := rootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "parkos:", err)
		os.Exit(exitCode(err))
	}
}

// exitError carries a specific exit status (audit verify uses 3 for a broken chain).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}

func rootCmd() *cobra.Command {
	cfg := config.Default()
	root := &cobra.Command{
		Use:           "parkos",
		Short:         "parkos：国家大学科技园综合服务平台",
		Long:          "parkos runs a national university science park: its public website and its back office.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	cfg.Flags(root.PersistentFlags())
	root.AddCommand(serveCmd(&cfg), demoCmd(&cfg), migrateCmd(&cfg), userCmd(&cfg), tokenCmd(&cfg), auditCmd(&cfg),
		backupCmd(&cfg), restoreCmd(&cfg), versionCmd(&cfg), importCmd(&cfg), reindexCmd(&cfg))
	return root
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// openApp opens parkos for a command; migrate applies pending migrations first.
func openApp(ctx context.Context, cfg *config.Config, migrate bool, opts ...app.Option) (*app.App, error) {
	a, err := app.Open(ctx, cfg, newLogger(cfg, os.Stderr), opts...)
	if err != nil {
		return nil, err
	}
	if migrate {
		if _, err := a.Migrate(ctx); err != nil {
			a.Close()
			return nil, err
		}
	} else if err := a.DB.CheckSchema(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// cli is the actor of command-line changes, named after the OS user who ran them.
func cli() *auth.Actor {
	name := os.Getenv("SUDO_USER")
	if name == "" {
		name = os.Getenv("USER")
	}
	if name == "" {
		name = "cli"
	}
	return auth.System(name)
}
