package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"parkos/internal/account"
	"parkos/internal/app"
	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/errs"
	"parkos/internal/site"
)

// demoAccountsFile keeps the generated demo passwords in the data directory (mode 0600), so that running the
// demo again prints the same accounts without any password living in the source.
const demoAccountsFile = "demo-accounts.txt"

type demoAccount struct {
	Username, Role, Name, Password string
	EnterpriseID                   int64
}

func demoAccounts() []demoAccount {
	return []demoAccount{
		{Username: "sysadmin", Role: auth.RoleSysAdmin, Name: "系统管理员"},
		{Username: "secadmin", Role: auth.RoleSecAdmin, Name: "安全管理员"},
		{Username: "auditor", Role: auth.RoleAuditAdmin, Name: "审计管理员"},
		{Username: "park", Role: auth.RoleParkAdmin, Name: "园区运营部"},
		{Username: "editor", Role: auth.RoleEditor, Name: "新闻编辑"},
		{Username: "reviewer", Role: auth.RoleReviewer, Name: "新闻审核"},
		{Username: "tenant", Role: auth.RoleEnterprise, Name: "入驻企业联系人", EnterpriseID: 1},
	}
}

func demoCmd(cfg *config.Config) *cobra.Command {
	var noServe bool
	c := &cobra.Command{
		Use:   "demo",
		Short: "Migrate, fill in the park's facts and one account per role, print them, and serve",
		Long: "Set up a demonstration: migrate the database, record the park's own facts and create one account per\n" +
			"role, print the accounts with their passwords and the URL, then serve. Running it again changes nothing\n" +
			"that exists and prints the same accounts.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := openApp(ctx, cfg, true, app.WithSearch())
			if err != nil {
				return err
			}
			defer a.Close()
			accts, err := seedDemo(ctx, a, cfg)
			if err != nil {
				return err
			}
			printDemo(cmd.OutOrStdout(), cfg, accts)
			if noServe {
				return nil
			}
			return a.Serve(ctx, func(string) { a.Log.Info("parkos demo listening", "url", cfg.PublicURL()) })
		},
	}
	c.Flags().BoolVar(&noServe, "no-serve", false, "set up the demonstration data and exit")
	return c
}

// seedDemo creates what is missing, through the services like any user would, and returns the accounts.
func seedDemo(ctx context.Context, a *app.App, cfg *config.Config) ([]demoAccount, error) {
	actor := auth.System("demo")
	p, err := a.Site.Park(ctx)
	if err != nil {
		return nil, err
	}
	if p.Operator == "" {
		if err := a.Site.UpdatePark(ctx, actor, demoPark()); err != nil {
			return nil, err
		}
	}
	saved := readDemoPasswords(filepath.Join(cfg.DataDir, demoAccountsFile))
	accts := demoAccounts()
	for i := range accts {
		d := &accts[i]
		d.Password = saved[d.Username]
		_, err := a.Accounts.FindUserByUsername(ctx, actor, d.Username)
		if err == nil {
			continue
		}
		if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		d.Password = account.GeneratePassword()
		if _, _, err := a.Accounts.CreateUser(ctx, actor, account.NewUser{Username: d.Username, DisplayName: d.Name,
			Password: d.Password, Roles: []string{d.Role}, EnterpriseID: d.EnterpriseID}); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", d.Username, err)
		}
	}
	if err := seedDemoContent(ctx, a); err != nil {
		return nil, err
	}
	if err := seedDemoEnterprises(ctx, a); err != nil {
		return nil, err
	}
	return accts, writeDemoPasswords(filepath.Join(cfg.DataDir, demoAccountsFile), accts)
}

// demoPark is the reference park as its public description names it; the phone, fax, e-mail and filing
// numbers are samples, to be replaced with the park's own on the 园区信息 page.
func demoPark() site.Park {
	return site.Park{
		Name:     "洛阳国家大学科技园",
		Operator: "洛阳大学科技园发展有限公司",
		Address:  "河南省洛阳市涧西区",
		Intro: "洛阳国家大学科技园位于洛阳市涧西区，是洛阳新材料及智能装备科创小镇的核心区，" +
			"围绕新材料与智能装备产业，提供孵化载体、科技金融、人才服务与成果转化等综合服务。",
		Phone: "0379-00000000", Fax: "0379-00000001", Postcode: "471000", Email: "office@example.cn",
		ICP: "豫ICP备12345678号-1", PSB: "豫公网安备 41030502000000号", TechSupport: "parkos",
		Zones: []site.Zone{
			{Name: "科技成果展厅", Note: "园区发展历程与入驻企业成果展示"},
			{Name: "孵化器", Note: "在孵企业办公与研发空间"},
			{Name: "加速器", Note: "成长期企业中试与小批量生产空间"},
			{Name: "科创小镇规划区", Note: "洛阳新材料及智能装备科创小镇建设用地"},
		},
	}
}

func readDemoPasswords(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && !strings.HasPrefix(fields[0], "#") {
			out[fields[0]] = fields[1]
		}
	}
	return out
}

func writeDemoPasswords(path string, accts []demoAccount) error {
	var b strings.Builder
	b.WriteString("# parkos demo accounts: username password (kept so that `parkos demo` can print them again)\n")
	for _, d := range accts {
		if d.Password != "" {
			fmt.Fprintf(&b, "%s %s\n", d.Username, d.Password)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

func printDemo(w io.Writer, cfg *config.Config, accts []demoAccount) {
	fmt.Fprintf(w, "\nparkos 演示环境已就绪：%s\n后台登录：%s/login\n\n", cfg.PublicURL(), cfg.PublicURL())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "用户名\t密码\t角色")
	for _, d := range accts {
		pw := d.Password
		if pw == "" {
			pw = "（已存在，密码未知）"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.Username, pw, d.Role)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n密码同时保存在 %s（仅本机可读），请勿用于生产环境。\n\n", filepath.Join(cfg.DataDir, demoAccountsFile))
}
