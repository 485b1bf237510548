package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parkos/internal/dbtest"
	"parkos/internal/industry"
)

const testdata = "../../internal/enterprise/testdata/"

func TestImportRegistry(t *testing.T) {
	data := t.TempDir()
	db := dbtest.URL(t)
	mustRun(t, "migrate", "--data", data, "--db", db)

	// A broken workbook: every bad cell in a table, nothing imported, exit status 2.
	out, err := run(t, "import", "enterprises", testdata+"libreoffice-broken.xlsx", "--data", data, "--db", db)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(out, "企业!B3") || !strings.Contains(out, "企业!E13") || strings.Count(out, "\n") != 14 {
		t.Fatalf("broken file: %v\n%s", err, out)
	}

	out = mustRun(t, "import", "enterprises", testdata+"libreoffice-good.xlsx", "--dry-run", "--json", "--data", data, "--db", db)
	var res struct {
		Created  int
		DryRun   bool `json:"dry_run"`
		Problems []any
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Created != 5 || !res.DryRun || res.Problems == nil {
		t.Fatalf("dry run JSON: %v\n%s", err, out)
	}
	if out = mustRun(t, "import", "enterprises", testdata+"libreoffice-good.xlsx", "--data", data, "--db", db); !strings.Contains(out, "新增 5 家") {
		t.Fatalf("import: %s", out)
	}
	if out = mustRun(t, "import", "figures", testdata+"libreoffice-good.xlsx", "--data", data, "--db", db); !strings.Contains(out, "新增 3 条") {
		t.Fatalf("figures: %s", out)
	}
	out, err = run(t, "import", "figures", testdata+"libreoffice-broken.xlsx", "--partial", "--data", data, "--db", db)
	if err != nil || !strings.Contains(out, "年度数据!A3") || !strings.Contains(out, "跳过 4 行") {
		t.Fatalf("partial figures: %v\n%s", err, out)
	}

	// The code table: every section and division, one group and one class.
	var b strings.Builder
	b.WriteString("代码,名称\n")
	for _, s := range industry.Sections() {
		fmt.Fprintf(&b, "%s,%s\n", s.Code, s.Name)
		for _, d := range s.Divisions {
			fmt.Fprintf(&b, "%s%s,%s\n", s.Code, d.Code, d.Name)
		}
	}
	b.WriteString("C396,智能消费设备制造\nC3961,可穿戴智能设备制造\n")
	table := filepath.Join(t.TempDir(), "gbt4754.csv")
	if err := os.WriteFile(table, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out = mustRun(t, "import", "industry-codes", table, "--data", data, "--db", db); !strings.Contains(out, "97 个大类、1 个中类、1 个小类") {
		t.Fatalf("industry codes: %s", out)
	}
	if err := os.WriteFile(table, []byte("代码,名称\nC3961,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err = run(t, "import", "industry-codes", table, "--data", data, "--db", db); !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(out, "gbt4754.csv!B2") {
		t.Fatalf("a bad table: %v\n%s", err, out)
	}
}
