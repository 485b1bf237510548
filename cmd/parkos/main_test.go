package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"parkos/internal/account"
	"parkos/internal/dbtest"
)

// run executes parkos with args and returns what it printed on standard output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := rootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("parkos %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func sqliteOnly(t *testing.T) {
	if dbtest.Postgres() {
		t.Skip("runs on SQLite files; the PostgreSQL backup path (pg_dump/pg_restore) is described in docs/operations.md")
	}
}

func TestDemoIsIdempotent(t *testing.T) {
	data := t.TempDir()
	db := dbtest.URL(t)
	first := mustRun(t, "demo", "--no-serve", "--data", data, "--db", db)
	second := mustRun(t, "demo", "--no-serve", "--data", data, "--db", db)
	if first != second {
		t.Fatalf("the second demo run printed something else:\n%s\n---\n%s", first, second)
	}
	for _, u := range []string{"sysadmin", "secadmin", "auditor", "park", "editor", "reviewer", "tenant"} {
		if !strings.Contains(first, u+" ") {
			t.Errorf("demo did not print account %s", u)
		}
	}
	users := mustRun(t, "user", "list", "--data", data, "--db", db)
	if strings.Count(users, "\n") != 8 { // header and seven accounts
		t.Fatalf("user list after two demo runs:\n%s", users)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	data := t.TempDir()
	db := dbtest.URL(t)
	out := mustRun(t, "user", "add", "--username", "ops-admin", "--role", "sysadmin", "--data", data, "--db", db)
	m := regexp.MustCompile(`临时密码（首次登录须修改）：(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("user add without --password printed no temporary password:\n%s", out)
	}
	if _, err := run(t, "user", "add", "--username", "ops-admin", "--password", "Another#Pass2026", "--data", data, "--db", db); err == nil {
		t.Fatal("a duplicate username was accepted")
	}
	if _, err := run(t, "user", "add", "--username", "weak", "--password", "password123", "--data", data, "--db", db); err == nil || !strings.Contains(err.Error(), "常见密码") {
		t.Fatalf("a common password was accepted: %v", err)
	}
	roles := mustRun(t, "user", "roles", "--data", data, "--db", db)
	for _, want := range []string{"sysadmin", "系统管理员", "secadmin", "安全管理员", "auditadmin", "审计管理员", "enterprise", "企业用户"} {
		if !strings.Contains(roles, want) {
			t.Errorf("user roles lacks %s:\n%s", want, roles)
		}
	}
	tok := strings.TrimSpace(mustRun(t, "token", "create", "--username", "ops-admin", "--name", "sync", "--data", data, "--db", db))
	if !strings.HasPrefix(tok, account.TokenPrefix) || len(tok) < 40 {
		t.Fatalf("token create printed %q", tok)
	}
	mustRun(t, "token", "revoke", "--username", "ops-admin", "--name", "sync", "--data", data, "--db", db)
	if _, err := run(t, "token", "revoke", "--username", "ops-admin", "--name", "sync", "--data", data, "--db", db); err == nil {
		t.Fatal("revoking a revoked token succeeded")
	}
	mustRun(t, "user", "disable", "--username", "ops-admin", "--data", data, "--db", db)
	if list := mustRun(t, "user", "list", "--data", data, "--db", db); !strings.Contains(list, "已停用") {
		t.Fatalf("user list does not show the disabled account:\n%s", list)
	}
}

func TestBackupRestoreAndAuditVerify(t *testing.T) {
	sqliteOnly(t)
	data := t.TempDir()
	mustRun(t, "demo", "--no-serve", "--data", data)
	mustRun(t, "user", "add", "--username", "keeper", "--password", "Vault#Pass2026", "--phone", "13812345678", "--data", data)
	if out := mustRun(t, "audit", "verify", "--data", data); !strings.Contains(out, "校验通过") {
		t.Fatalf("audit verify: %s", out)
	}
	// An evidence file of the registry (kept apart from the public media) travels with the backup.
	evidence := filepath.Join("evidence", "ab", strings.Repeat("ab", 32))
	if err := os.MkdirAll(filepath.Join(data, filepath.Dir(evidence)), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, evidence), []byte("%PDF-1.4 certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	mustRun(t, "backup", "--out", archive, "--data", data)

	restored := filepath.Join(t.TempDir(), "restored")
	mustRun(t, "restore", "--in", archive, "--data", restored)
	if b, err := os.ReadFile(filepath.Join(restored, evidence)); err != nil || string(b) != "%PDF-1.4 certificate" {
		t.Fatalf("restored evidence: %q %v", b, err)
	}
	if list := mustRun(t, "user", "list", "--data", restored); !strings.Contains(list, "keeper") || !strings.Contains(list, "sysadmin") {
		t.Fatalf("restored users:\n%s", list)
	}
	// The restored copy carries the key: the audit chain verifies there too.
	if out := mustRun(t, "audit", "verify", "--data", restored); !strings.Contains(out, "校验通过") {
		t.Fatalf("audit verify on the restored copy: %s", out)
	}
	// Restoring into a directory that is not empty is refused.
	if _, err := run(t, "restore", "--in", archive, "--data", restored); err == nil {
		t.Fatal("restore overwrote a data directory")
	}

	// Edit one audit row directly: verify names it and exits 3.
	sq, err := sql.Open("sqlite", filepath.Join(data, "parkos.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sq.Exec(`UPDATE audit_log SET ip = '6.6.6.6' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	sq.Close()
	_, err = run(t, "audit", "verify", "--data", data)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 3 || !strings.Contains(ee.msg, "#2") {
		t.Fatalf("audit verify after an edit: %v", err)
	}
}

func TestBackupWithoutKey(t *testing.T) {
	sqliteOnly(t)
	data := t.TempDir()
	mustRun(t, "migrate", "--data", data)
	archive := filepath.Join(t.TempDir(), "b.tar.gz")
	mustRun(t, "backup", "--out", archive, "--no-key", "--data", data)
	restored := filepath.Join(t.TempDir(), "r")
	out := mustRun(t, "restore", "--in", archive, "--data", restored)
	if !strings.Contains(out, "不含密钥") {
		t.Fatalf("restore did not warn about the missing key: %s", out)
	}
	if _, err := os.Stat(filepath.Join(restored, "keys", "master.key")); !os.IsNotExist(err) {
		t.Fatal("a backup made with --no-key restored a key")
	}
}

// The made-up page of the old site from the domain brief, as a converter left it.
const legacyExample = `當(dāng)前位置: 首頁(yè) > 新聞(wén)中心 > 通知公告
關(guān)於2022年度科技創(chuàng)新券申報(bào)工作的通知
發(fā)布時(shí)間:2022-03-15
各入駐企業(yè):根據(jù)市科技局安排,現(xiàn)開(kāi)展2022年度科技創(chuàng)新券申報(bào)工作。
請(qǐng)于3月31日前提交材料。(來(lái)源:園區(qū)運(yùn)營(yíng)部)
版權(quán)所有:Copyright 2013-2022 … 豫ICP備…號(hào)
`

func TestImportLegacy(t *testing.T) {
	data := t.TempDir()
	db := dbtest.URL(t)
	mustRun(t, "migrate", "--data", data, "--db", db)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notice.txt"), []byte(legacyExample), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "import", "legacy", "--dry-run", "--json", dir, "--data", data, "--db", db)
	var pages []struct {
		Title, Date, Source string
		Category, Body      []string
	}
	if err := json.Unmarshal([]byte(out), &pages); err != nil || len(pages) != 1 {
		t.Fatalf("dry-run JSON: %v\n%s", err, out)
	}
	p := pages[0]
	if p.Title != "关于2022年度科技创新券申报工作的通知" || p.Date != "2022-03-15" || strings.Join(p.Category, ">") != "新闻中心>通知公告" ||
		p.Source != "园区运营部" || len(p.Body) == 0 || !strings.HasPrefix(p.Body[0], "各入驻企业") {
		t.Fatalf("parsed page: %+v", p)
	}
	if strings.Contains(out, "版权所有") || strings.Contains(out, "ICP") {
		t.Fatalf("footer text survived: %s", out)
	}
	first := mustRun(t, "import", "legacy", dir, "--data", data, "--db", db)
	if !strings.Contains(first, "导入 1 个页面") {
		t.Fatalf("import: %s", first)
	}
	again := mustRun(t, "import", "legacy", dir, "--data", data, "--db", db)
	if !strings.Contains(again, "导入 0 个页面，跳过 1 个") {
		t.Fatalf("second import: %s", again)
	}
}
