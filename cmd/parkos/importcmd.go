package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"parkos/internal/app"
	"parkos/internal/config"
	"parkos/internal/legacy"
)

func importCmd(cfg *config.Config) *cobra.Command {
	c := &cobra.Command{Use: "import", Short: "Import data: legacy (pages of the old website)"}
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
	c.AddCommand(legacyCmd)
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
