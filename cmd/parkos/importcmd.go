package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"parkos/internal/app"
	"parkos/internal/config"
	"parkos/internal/enterprise"
	"parkos/internal/errs"
	"parkos/internal/legacy"
)

func importCmd(cfg *config.Config) *cobra.Command {
	c := &cobra.Command{Use: "import", Short: "Import data: legacy (pages of the old website), enterprises, figures, industry-codes"}
	var dryRun, asJSON bool
	legacyCmd := &cobra.Command{
		Use:   "legacy PATH...",
		Short: "Import saved pages of the old website (HTML or extracted text, files or directories)",
		Long: "Import saved pages of the old website. Each page's breadcrumb, title, 发布时间 and trailing 来源 are\n" +
			"read, footer and navigation dropped, pinyin inserted by converters removed, and the text stored in\n" +
			"Simplified Chinese under its original date. Pages with lost characters (?) are imported and flagged for\n" +
			"an editor. Everything is parsed first: if one page cannot be read, nothing is imported. Pages imported\n" +
			"before are skipped. --dry-run --json prints what would be imported and changes nothing.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := legacyFiles(args)
			if err != nil {
				return err
			}
			bar := newProgress(cmd.ErrOrStderr(), "读取旧站页面")
			var pages []*legacy.Page
			var bad []string
			for i, f := range files {
				data, err := os.ReadFile(f)
				if err == nil {
					var p *legacy.Page
					if p, err = legacy.Parse(f, data); err == nil && p.Title == "" {
						err = fmt.Errorf("找不到标题")
					}
					if err == nil {
						pages = append(pages, p)
					}
				}
				if err != nil {
					bad = append(bad, fmt.Sprintf("%s: %v", f, err))
				}
				bar.Set(i + 1)
			}
			bar.Done()
			if asJSON {
				out := make([]jsonPage, len(pages))
				for i, p := range pages {
					out[i] = toJSON(p)
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			}
			if len(bad) > 0 {
				return fmt.Errorf("%d 个文件无法读取，未导入任何页面：\n%s", len(bad), strings.Join(bad, "\n"))
			}
			if dryRun {
				if !asJSON {
					for _, p := range pages {
						fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\t%s\t%s\n", p.Date.Format(time.DateOnly), strings.Join(p.Category, " > "), p.Title, strings.Join(p.Warnings, "；"))
					}
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "试运行：%d 个页面可导入，未写入数据库\n", len(pages))
				return nil
			}
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			bar = newProgress(cmd.ErrOrStderr(), "导入")
			res, err := a.CMS.ImportLegacy(cmd.Context(), cli(), pages, bar.Set)
			bar.Done()
			if err != nil {
				return err
			}
			added, skipped, flagged := 0, 0, 0
			for i, r := range res {
				if r.Skipped {
					skipped++
					continue
				}
				added++
				if len(pages[i].Warnings) > 0 {
					flagged++
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "导入 %d 个页面，跳过 %d 个已导入的页面；%d 个页面待编辑核对（在“稿件”中筛选“待核对”）\n", added, skipped, flagged)
			return nil
		},
	}
	legacyCmd.Flags().BoolVar(&dryRun, "dry-run", false, "parse and report, import nothing")
	legacyCmd.Flags().BoolVar(&asJSON, "json", false, "print each page as JSON: title, date, category path, source, body, warnings")
	c.AddCommand(legacyCmd, registryImportCmd(cfg, enterprise.EnterpriseImport), registryImportCmd(cfg, enterprise.FigureImport),
		industryCodesCmd(cfg))
	return c
}

type jsonPage struct {
	File     string   `json:"file"`
	Title    string   `json:"title"`
	Date     string   `json:"date"`
	Category []string `json:"category"`
	Source   string   `json:"source"`
	Body     []string `json:"body"`
	Warnings []string `json:"warnings"`
}

func toJSON(p *legacy.Page) jsonPage {
	j := jsonPage{File: p.File, Title: p.Title, Category: p.Category, Source: p.Source, Body: p.Body, Warnings: p.Warnings}
	if !p.Date.IsZero() {
		j.Date = p.Date.Format(time.DateOnly)
	}
	if j.Category == nil {
		j.Category = []string{}
	}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	return j
}

// legacyFiles expands the arguments into page files, sorted: directories are walked for .html, .htm, .shtml
// and .txt files.
func legacyFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".html", ".htm", ".shtml", ".txt":
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("没有找到页面文件（.html、.htm、.shtml、.txt）")
	}
	return out, nil
}

func reindexCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the published content",
		Long: "Rebuild the search index. When a server holds the index open, the rebuild is queued for it (it\n" +
			"follows the queue within seconds); otherwise the index is rebuilt here, with progress.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), cfg, false, app.WithSearch())
			if err != nil && strings.Contains(err.Error(), "one process per index directory") {
				// The running server holds the index: ask it.
				b, err2 := openApp(cmd.Context(), cfg, false)
				if err2 != nil {
					return err
				}
				defer b.Close()
				if err := b.CMS.QueueRebuild(cmd.Context(), cli()); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), "搜索索引正被运行中的服务使用，已请其重建（几秒内开始）")
				return nil
			}
			if err != nil {
				return err
			}
			defer a.Close()
			bar := newProgress(cmd.ErrOrStderr(), "重建搜索索引")
			start := time.Now()
			if err := a.Indexer.Rebuild(cmd.Context(), bar.Set); err != nil {
				return err
			}
			bar.Done()
			n, _ := a.Search.Count()
			fmt.Fprintf(cmd.OutOrStdout(), "搜索索引已重建：%d 篇，用时 %.1f 秒\n", n, time.Since(start).Seconds())
			return nil
		},
	}
}

// registryImportCmd is `parkos import enterprises FILE.xlsx` or `parkos import figures FILE.xlsx`: the
// import the back office runs, as the command-line actor, with a progress line on a terminal and the report
// of every bad cell as a table (or JSON). A refused file exits with status 2.
func registryImportCmd(cfg *config.Config, kind enterprise.ImportKind) *cobra.Command {
	var dryRun, partial, asJSON bool
	sheet := map[enterprise.ImportKind]string{enterprise.EnterpriseImport: enterprise.SheetEnterprises, enterprise.FigureImport: enterprise.SheetFigures}[kind]
	c := &cobra.Command{
		Use:   string(kind) + " FILE.xlsx",
		Short: "Import " + map[enterprise.ImportKind]string{enterprise.EnterpriseImport: "enterprises", enterprise.FigureImport: "annual figures"}[kind] + " from the sheet " + sheet + " of a workbook (the template of the back office)",
		Long: "Import the sheet " + sheet + " of an .xlsx workbook made from the template (download it from 企业库 > 批量导入).\n" +
			"Columns are found by their headers; a credit code already registered updates that record. Every row is\n" +
			"checked as the forms check it; with any bad cell nothing is imported and every bad cell is listed (sheet,\n" +
			"row, column, value, reason), exit status 2. --partial imports the good rows and skips the bad ones;\n" +
			"--dry-run checks and reports, writing nothing. The run is recorded and shown on the import page.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			bar := &phaseBar{w: cmd.ErrOrStderr()}
			_, res, err := a.Enterprises.RunImport(cmd.Context(), cli(), kind, data,
				enterprise.ImportOptions{DryRun: dryRun, Partial: partial, File: filepath.Base(args[0])}, bar.update)
			bar.done()
			if err != nil {
				return plainError(err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				printProblems(out, res.Problems)
				if len(res.Ignored) > 0 {
					fmt.Fprintf(out, "未识别、已忽略的列：%s\n", strings.Join(res.Ignored, "、"))
				}
				fmt.Fprintln(out, res.Summary())
			}
			if res.Refused {
				return &exitError{code: 2, msg: res.Summary()}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&dryRun, "dry-run", false, "check every row and report, import nothing")
	c.Flags().BoolVar(&partial, "partial", false, "import the rows without errors, skip the others (default: any error refuses the file)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result and every bad cell as JSON")
	return c
}

// industryCodesCmd is `parkos import industry-codes FILE`: the full GB/T 4754-2017 code table.
func industryCodesCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "industry-codes FILE",
		Short: "Load the full GB/T 4754-2017 industry code table (.xlsx or .csv), replacing the loaded one",
		Long: "Load the full code table of GB/T 4754-2017 from an .xlsx or .csv file (UTF-8 or GB18030): columns\n" +
			"门类, 大类, 中类, 小类, 类别名称 as the standard prints them, or 代码 and 名称. Once loaded, group and class\n" +
			"codes of enterprises must exist in it. A table with errors is refused whole, every bad cell listed.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			a, err := openApp(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer a.Close()
			res, err := a.Enterprises.ImportIndustryCodes(cmd.Context(), cli(), args[0], f)
			var ce *enterprise.CellsError
			if errors.As(err, &ce) {
				printProblems(cmd.OutOrStdout(), ce.Problems)
				return &exitError{code: 2, msg: fmt.Sprintf("代码表有 %d 处错误，未载入", len(ce.Problems))}
			}
			if err != nil {
				return plainError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已载入 GB/T 4754-2017 行业代码表：%d 个门类、%d 个大类、%d 个中类、%d 个小类\n",
				res.Sections, res.Divisions, res.Groups, res.Classes)
			return nil
		},
	}
}

// plainError gives a field error's own message (这不是 Excel 工作簿…) rather than the form's wording.
func plainError(err error) error {
	if e := errs.As(err); e != nil && len(e.Fields) == 1 {
		for _, m := range e.Fields {
			return errors.New(m)
		}
	}
	return err
}

// phaseBar shows the progress of an import, one line per phase.
type phaseBar struct {
	w     io.Writer
	phase string
	bar   *progress
}

func (p *phaseBar) update(pr enterprise.Progress) {
	if pr.Phase != p.phase {
		p.done()
		p.phase, p.bar = pr.Phase, newProgress(p.w, enterprise.PhaseNames[pr.Phase])
	}
	p.bar.Set(pr.Done)
}

func (p *phaseBar) done() {
	if p.bar != nil {
		p.bar.Done()
	}
}

// printProblems prints bad cells as a table: cell, column, value, reason.
func printProblems(w io.Writer, probs []enterprise.CellError) {
	if len(probs) == 0 {
		return
	}
	rows := [][]string{{"位置", "列", "内容", "问题"}}
	for _, p := range probs {
		rows = append(rows, []string{p.Cell(), p.Header, p.Value, p.Reason})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i := range widths {
			widths[i] = max(widths[i], displayWidth(r[i]))
		}
	}
	for _, r := range rows {
		for i := range widths {
			fmt.Fprint(w, r[i], strings.Repeat(" ", widths[i]-displayWidth(r[i])+2))
		}
		fmt.Fprintln(w, r[3])
	}
}

// displayWidth counts the columns a terminal gives s: two for Chinese characters and full-width forms.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2E80 && r <= 0xFFEF {
			n += 2
		} else {
			n++
		}
	}
	return n
}
