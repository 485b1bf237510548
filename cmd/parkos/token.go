package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"parkos/internal/config"
)

func tokenCmd(cfg *config.Config) *cobra.Command {
	c := &cobra.Command{Use: "token", Short: "Manage API tokens of integrations: create, revoke"}
	var username, name string
	create := &cobra.Command{
		Use:   "create --username U --name N",
		Short: "Create an API token acting as user U; it is printed once",
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
			tok, err := a.Accounts.CreateToken(cmd.Context(), cli(), u.ID, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "已为 %s 创建接口令牌 %q。令牌只显示这一次，请妥善保存；调用时使用请求头 Authorization: Bearer <令牌>\n", u.Username, name)
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			return nil
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke --username U --name N",
		Short: "Revoke user U's API token N",
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
			if err := a.Accounts.RevokeToken(cmd.Context(), cli(), u.ID, name); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已吊销 %s 的接口令牌 %q\n", u.Username, name)
			return nil
		},
	}
	for _, sc := range []*cobra.Command{create, revoke} {
		sc.Flags().StringVar(&username, "username", "", "the user the token acts as (required)")
		sc.Flags().StringVar(&name, "name", "", "the token's name (required)")
		_ = sc.MarkFlagRequired("username")
		_ = sc.MarkFlagRequired("name")
	}
	c.AddCommand(create, revoke)
	return c
}
