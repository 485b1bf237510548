package cms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Tree is every category, indexed, with each one's path from the top.
type Tree struct {
	All    []*Category // top categories first, then by sort and id
	byID   map[int64]*Category
	bySlug map[string]*Category
}

// ByID returns a category, or nil.
func (t *Tree) ByID(id int64) *Category { return t.byID[id] }

// BySlug returns a category, or nil.
func (t *Tree) BySlug(slug string) *Category { return t.bySlug[slug] }

// Children lists the direct children of id (0 for the top level).
func (t *Tree) Children(id int64) []*Category {
	var out []*Category
	for _, c := range t.All {
		if c.ParentID == id {
			out = append(out, c)
		}
	}
	return out
}

// Subtree returns id and the ids of all its descendants.
func (t *Tree) Subtree(id int64) []int64 {
	out := []int64{id}
	for i := 0; i < len(out); i++ {
		for _, c := range t.Children(out[i]) {
			out = append(out, c.ID)
		}
	}
	return out
}

func loadTree(ctx context.Context, q db.Querier) (*Tree, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), slug, name, kind, sort FROM categories ORDER BY sort, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &Tree{byID: map[int64]*Category{}, bySlug: map[string]*Category{}}
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.ParentID, &c.Slug, &c.Name, &c.Kind, &c.Sort); err != nil {
			return nil, err
		}
		t.All = append(t.All, &c)
		t.byID[c.ID], t.bySlug[c.Slug] = &c, &c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range t.All {
		for p := c; p != nil; p = t.byID[p.ParentID] {
			c.Path = append([]*Category{p}, c.Path...)
			if len(c.Path) > 10 {
				break // a cycle cannot be stored through the service; stop anyway
			}
		}
	}
	return t, nil
}

// Categories returns the category tree. Categories are public facts.
func (s *Service) Categories(ctx context.Context) (*Tree, error) { return loadTree(ctx, s.db.R) }

// defaultCategories are the sections a new portal starts with.
var defaultCategories = []struct{ slug, name, kind, parent string }{
	{"news", "新闻中心", "news", ""},
	{"updates", "新闻动态", "news", "news"},
	{"notices", "通知公告", "news", "news"},
	{"media", "媒体聚焦", "news", "news"},
	{"policies", "政策文件", "policy", ""},
	{"interpretations", "政策解读", "news", "policies"},
}

// EnsureCategories creates the default categories that are missing; safe to run at every start.
func (s *Service) EnsureCategories(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		t, err := loadTree(ctx, tx)
		if err != nil {
			return err
		}
		for i, d := range defaultCategories {
			if t.BySlug(d.slug) != nil {
				continue
			}
			var parent int64
			if p := t.BySlug(d.parent); p != nil {
				parent = p.ID
			}
			if _, err := insertCategory(ctx, tx, parent, d.slug, d.name, d.kind, i, s.now()); err != nil {
				return err
			}
			if t, err = loadTree(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertCategory(ctx context.Context, tx *sql.Tx, parent int64, slug, name, kind string, sort int, now any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO categories (parent_id, slug, name, kind, sort, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		nullID(parent), slug, name, kind, sort, now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, &errs.Error{Code: errs.Conflict, Message: "栏目标识已被使用", Fields: map[string]string{"slug": "标识 " + slug + " 已被其他栏目使用"}}
	}
	return id, err
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,47}$`)

// Slugify makes a URL slug of a Chinese name from the initials of its pinyin (新闻动态 → xwdt), keeping ASCII
// letters and digits as they are.
func Slugify(name string) string {
	var b strings.Builder
	args := pinyin.NewArgs()
	args.Style = pinyin.FirstLetter
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			if p := pinyin.Pinyin(string(r), args); len(p) > 0 && len(p[0]) > 0 {
				b.WriteString(p[0][0])
			}
		}
	}
	s := b.String()
	if s == "" {
		s = "c"
	}
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// NewCategory is the input of CreateCategory.
type NewCategory struct {
	ParentID int64
	Name     string
	Slug     string // empty: made from the name
	Kind     string // inherited from the parent when empty
	Sort     int
}

// CreateCategory adds a category.
func (s *Service) CreateCategory(ctx context.Context, a *auth.Actor, n NewCategory) (*Category, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "category.create", "category", "", "没有管理栏目的权限")
	}
	var out *Category
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.createCategory(ctx, tx, n)
		if err != nil {
			return err
		}
		out = c
		if err := bumpGeneration(ctx, tx, s.now()); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "category.create", ObjectType: "category", ObjectID: id(c.ID),
			After: map[string]any{"name": c.Name, "slug": c.Slug, "parent_id": c.ParentID}})
	})
	return out, s.changed(err)
}

func (s *Service) createCategory(ctx context.Context, tx *sql.Tx, n NewCategory) (*Category, error) {
	t, err := loadTree(ctx, tx)
	if err != nil {
		return nil, err
	}
	var f errs.Fields
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 30 {
		f.Add("name", "栏目名称须为 1 至 30 个字")
	}
	parent := t.ByID(n.ParentID)
	if n.ParentID != 0 && parent == nil {
		f.Add("parent_id", "上级栏目不存在")
	}
	if n.Kind == "" {
		n.Kind = "news"
		if parent != nil {
			n.Kind = parent.Kind
		}
	}
	if n.Kind != "news" && n.Kind != "policy" {
		f.Add("kind", "栏目类型只能是新闻或政策")
	}
	if n.Slug == "" {
		n.Slug = Slugify(n.Name)
		for i := 2; t.BySlug(n.Slug) != nil; i++ {
			n.Slug = fmt.Sprintf("%s-%d", Slugify(n.Name), i)
		}
	} else if !slugRE.MatchString(n.Slug) {
		f.Add("slug", "标识只能由小写字母、数字和连字符组成，如 notices")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	cid, err := insertCategory(ctx, tx, n.ParentID, n.Slug, n.Name, n.Kind, n.Sort, s.now())
	if err != nil {
		return nil, err
	}
	return &Category{ID: cid, ParentID: n.ParentID, Slug: n.Slug, Name: n.Name, Kind: n.Kind, Sort: n.Sort}, nil
}

// categoryPath finds the category at the end of a path of names (新闻中心 > 通知公告), creating the missing
// ones under their parent; for the import of the old site.
func (s *Service) categoryPath(ctx context.Context, tx *sql.Tx, names []string) (int64, error) {
	var parent int64
	for _, name := range names {
		t, err := loadTree(ctx, tx)
		if err != nil {
			return 0, err
		}
		var found *Category
		for _, c := range t.Children(parent) {
			if c.Name == name {
				found = c
			}
		}
		if found == nil && parent == 0 {
			// An unknown top level may still name a known section (通知公告 without 新闻中心).
			for _, c := range t.All {
				if c.Name == name {
					found = c
					break
				}
			}
		}
		if found == nil {
			c, err := s.createCategory(ctx, tx, NewCategory{ParentID: parent, Name: name})
			if err != nil {
				return 0, err
			}
			found = c
		}
		parent = found.ID
	}
	if parent == 0 {
		return 0, errors.New("empty category path")
	}
	return parent, nil
}
