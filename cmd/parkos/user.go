package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"parkos/internal/account"
	"parkos/internal/config"
)

func userCmd(cfg *config.Config) *cobra.Command {
	c := &cobra.Command{Use: "user", Short: "Manage accounts: add, passwd, disable, list, roles"}
	c.AddCommand(userAddCmd(cfg), userPasswdCmd(cfg), userDisableCmd(cfg), userListCmd(cfg), userRolesCmd(cfg))
	return c
}

// readPassword returns p, or a line from standard input when p is "-" (keeps it out of the process list).
func readPassword(p string) (string, error) {
	if p != "-" {
		return p, nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userAddCmd(cfg *config.Config) *cobra.Command {
	var n account.NewUser
	c := &cobra.Command{
		Use:   "add --username U [--password P|-] --role R [--role R2]",
		Short: "Create an account",
		Long: "Create an account. Without --password a temporary password is generated and printed, and must be\n" +
			"changed at first login; --temporary does the same for a given password. Roles: see `parkos user roles`.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if n.Password, err = readPassword(n.Password); err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), cfg, true)
			if err != nil {
				return err
			}
			defer a.Close()
			u, pw, err := a.Accounts.CreateUser(cmd.Context(), cli(), n)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已创建账号 %s（编号 %d），角色：%s\n", u.Username, u.ID, strings.Join(u.Roles, ", "))
			if n.Password == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "临时密码（首次登录须修改）：%s\n", pw)
			}
			return nil
		},
	}
	c.Flags().StringVar(&n.Username, "username", "", "login name (required)")
	c.Flags().StringVar(&n.Password, "password", "", "initial password, or - to read it from standard input; generated when absent")
	c.Flags().BoolVar(&n.Temporary, "temporary", false, "ask for a new password at first login")
	c.Flags().StringArrayVar(&n.Roles, "role", nil, "role key, repeatable")
	c.Flags().StringVar(&n.DisplayName, "name", "", "display name")
	c.Flags().StringVar(&n.Phone, "phone", "", "mobile number (stored encrypted)")
	c.Flags().Int64Var(&n.EnterpriseID, "enterprise-id", 0, "enterprise an enterprise user is bound to")
	_ = c.MarkFlagRequired("username")
	return c
}

func userPasswdCmd(cfg *config.Config) *cobra.Command {
	var username, password string
	var temporary bool
	c := &cobra.Command{
		Use:   "passwd --username U [--password P|-] [--temporary]",
		Short: "Set a user's password (ends their sessions)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if password, err = readPassword(password); err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			u, err := a.Accounts.FindUserByUsername(cmd.Context(), cli(), username)
			if err != nil {
				return err
			}
			pw, err := a.Accounts.ResetPassword(cmd.Context(), cli(), u.ID, password, temporary || password == "")
			if err != nil {
				return err
			}
			if password == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%s 的临时密码（下次登录须修改）：%s\n", u.Username, pw)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "已为 %s 设置新密码\n", u.Username)
			}
			return nil
		},
	}
	c.Flags().StringVar(&username, "username", "", "login name (required)")
	c.Flags().StringVar(&password, "password", "", "new password, or - for standard input; generated when absent")
	c.Flags().BoolVar(&temporary, "temporary", false, "ask for a new password at next login")
	_ = c.MarkFlagRequired("username")
	return c
}

func userDisableCmd(cfg *config.Config) *cobra.Command {
	var username string
	var enable bool
	c := &cobra.Command{
		Use:   "disable --username U [--enable]",
		Short: "Disable an account and end its sessions (or --enable it again)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			u, err := a.Accounts.FindUserByUsername(cmd.Context(), cli(), username)
			if err != nil {
				return err
			}
			if err := a.Accounts.SetDisabled(cmd.Context(), cli(), u.ID, !enable); err != nil {
				return err
			}
			state := "停用"
			if enable {
				state = "启用"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已%s账号 %s\n", state, u.Username)
			return nil
		},
	}
	c.Flags().StringVar(&username, "username", "", "login name (required)")
	c.Flags().BoolVar(&enable, "enable", false, "enable instead of disable")
	_ = c.MarkFlagRequired("username")
	return c
}

func userListCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List accounts",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\t用户名\t姓名\t角色\t状态\t上次登录")
			for offset := 0; ; offset += 500 {
				users, total, err := a.Accounts.FindUsers(cmd.Context(), cli(), account.UserFilter{Limit: 500, Offset: offset})
				if err != nil {
					return err
				}
				for _, u := range users {
					state := "正常"
					switch {
					case u.Disabled:
						state = "已停用"
					case u.LockedUntil != nil && u.Locked(nowUTC()):
						state = "锁定中"
					}
					last := "—"
					if u.LastLoginAt != nil {
						last = u.LastLoginAt.In(cst).Format("2006-01-02 15:04")
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, strings.Join(u.Roles, ","), state, last)
				}
				if offset+500 >= total {
					break
				}
			}
			return tw.Flush()
		},
	}
}

func userRolesCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "roles",
		Short: "List the role keys with their Chinese names and permissions",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "角色\t名称\t职责\t权限")
			for _, r := range a.Roles.All() {
				perms := make([]string, len(r.Perms))
				for i, p := range r.Perms {
					perms[i] = string(p)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Key, r.Name, r.Note, strings.Join(perms, ","))
			}
			return tw.Flush()
		},
	}
}
