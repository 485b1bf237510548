package cms

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/legacy"
)

// Service is the news center's gate: every change checks the actor's permission, runs in one transaction
// with its revision, review step, search event and audit record.
type Service struct {
	db     *db.DB
	log    *audit.Log
	levels int
	now    func() time.Time
	// Changed, when set, is called after a commit that changed what the public sees (the portal wakes its
	// search indexer and drops its page cache; other instances learn from the search events and the
	// generation in the database).
	Changed func()
}

// changed reports a committed public change; it passes err through.
func (s *Service) changed(err error) error {
	if err == nil && s.Changed != nil {
		s.Changed()
	}
	return err
}

// LevelNames names the review levels: 初审, 终审 for two; 初审, 复审, 终审 for three.
func LevelNames(levels int) []string {
	switch levels {
	case 1:
		return []string{"终审"}
	case 2:
		return []string{"初审", "终审"}
	}
	names := []string{"初审"}
	for i := 2; i < levels; i++ {
		names = append(names, "复审"+strconv.Itoa(i-1))
	}
	if levels == 3 {
		names[1] = "复审"
	}
	return append(names, "终审")
}

// NewService builds the service with the number of review levels (1 to 5; 2 by default).
func NewService(d *db.DB, log *audit.Log, levels int) *Service {
	if levels < 1 || levels > 5 {
		levels = 2
	}
	return &Service{db: d, log: log, levels: levels, now: db.Now}
}

// Levels is the number of review levels.
func (s *Service) Levels() int { return s.levels }

func id(n int64) string { return strconv.FormatInt(n, 10) }

// DocID is the search index id of an article.
func DocID(articleID int64) string { return "article:" + id(articleID) }

func (s *Service) deny(ctx context.Context, a *auth.Actor, action, objType, objID, msg string) error {
	_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: action, ObjectType: objType, ObjectID: objID, Result: audit.Denied, Note: msg})
	return errs.Forbiddenf("%s", msg)
}

func snapshot(a *Article) map[string]any {
	m := map[string]any{"title": a.Title, "category_id": a.CategoryID, "status": string(a.Status), "version": a.Version,
		"source": a.Source, "author": a.Author, "summary": a.Summary, "body_chars": len([]rune(PlainText(a.BodyHTML)))}
	if a.Policy != nil {
		m["doc_number"], m["issuer"], m["validity"] = a.Policy.DocNumber, a.Policy.Issuer, string(a.Policy.Validity)
	}
	return m
}

// prepare sanitizes and validates input against the category tree.
func (s *Service) prepare(ctx context.Context, q db.Querier, in *DraftInput) error {
	in.BodyHTML = Sanitize(in.BodyHTML)
	err := in.validate()
	t, terr := loadTree(ctx, q)
	if terr != nil {
		return terr
	}
	if c := t.ByID(in.CategoryID); in.CategoryID > 0 && c == nil {
		var f errs.Fields
		if e := errs.As(err); e != nil {
			f = e.Fields
		}
		f.Add("category_id", "栏目不存在")
		return f.Err()
	} else if c != nil && err == nil {
		if (in.Kind == KindPolicy) != (c.Kind == "policy") {
			return errs.Invalidf("category_id", "政策文件须放在政策栏目，文章须放在新闻栏目")
		}
	}
	return err
}

// CreateArticle saves a new draft as version 1.
func (s *Service) CreateArticle(ctx context.Context, a *auth.Actor, in DraftInput) (*Article, error) {
	if !a.Can(PermEdit) {
		return nil, s.deny(ctx, a, "article.create", "article", "", "没有撰写文章的权限")
	}
	if err := s.prepare(ctx, s.db.R, &in); err != nil {
		return nil, err
	}
	var out *Article
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var aid int64
		err := tx.QueryRowContext(ctx, `INSERT INTO articles (category_id, kind, title, summary, body_html, source, author, status, version,
			publish_at, published_at, created_by, updated_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', 1, $8, $9, $10, $10, $11, $11) RETURNING id`,
			in.CategoryID, string(in.Kind), in.Title, in.Summary, in.BodyHTML, in.Source, in.Author, nullTime(in.PublishAt),
			nullTime(in.PublishedAt), nullID(a.UserID), now).Scan(&aid)
		if err != nil {
			return err
		}
		if in.Kind == KindPolicy {
			if err := savePolicy(ctx, tx, aid, in.Policy); err != nil {
				return err
			}
		}
		art, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if _, err := saveRevision(ctx, tx, art, in.Note, signature(a), now); err != nil {
			return err
		}
		out = art
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.create", ObjectType: "article", ObjectID: id(aid), After: snapshot(art)})
	})
	return out, err
}

// UpdateArticle saves an edit as a new version. version is the version the editor started from: if someone
// saved in between, the edit is refused rather than lost silently. An edit of a published article becomes a
// draft of the next version and goes through review again; the public keeps seeing the published one.
func (s *Service) UpdateArticle(ctx context.Context, a *auth.Actor, aid int64, version int, in DraftInput) (*Article, error) {
	if !a.Can(PermEdit) {
		return nil, s.deny(ctx, a, "article.update", "article", id(aid), "没有修改文章的权限")
	}
	if err := s.prepare(ctx, s.db.R, &in); err != nil {
		return nil, err
	}
	var out *Article
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Conflictf("这篇文章在您编辑期间已被保存为第 %d 版，请刷新后在最新版本上修改（您的内容仍保留在表单中）", before.Version)
		}
		if before.Status == InReview {
			return errs.Conflictf("文章正在审核中，不能修改；请等审核退回后再改")
		}
		if before.Kind != in.Kind {
			return errs.Invalidf("kind", "文章与政策文件不能互相转换")
		}
		now := s.now()
		publishedAt := before.PublishedAt
		if in.PublishedAt != nil {
			publishedAt = in.PublishedAt
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET category_id = $1, title = $2, summary = $3, body_html = $4, source = $5,
			author = $6, publish_at = $7, published_at = $8, status = 'draft', review_level = 0, version = version + 1,
			attention = '', updated_by = $9, updated_at = $10 WHERE id = $11`,
			in.CategoryID, in.Title, in.Summary, in.BodyHTML, in.Source, in.Author, nullTime(in.PublishAt), nullTime(publishedAt),
			nullID(a.UserID), now, aid); err != nil {
			return err
		}
		if in.Kind == KindPolicy {
			if err := savePolicy(ctx, tx, aid, in.Policy); err != nil {
				return err
			}
		}
		after, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if _, err := saveRevision(ctx, tx, after, in.Note, signature(a), now); err != nil {
			return err
		}
		out = after
		b, af := audit.Changes(snapshot(before), snapshot(after))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.update", ObjectType: "article", ObjectID: id(aid), Before: b, After: af})
	})
	return out, err
}

// transition loads an article for a workflow step inside tx and checks its state.
func (s *Service) transition(ctx context.Context, tx *sql.Tx, aid int64, from ...Status) (*Article, error) {
	art, err := articleByID(ctx, tx, aid)
	if err != nil {
		return nil, err
	}
	for _, st := range from {
		if art.Status == st {
			return art, nil
		}
	}
	return nil, errs.Conflictf("文章当前为“%s”，不能进行此操作", StatusNames[art.Status])
}

// SubmitArticle sends a draft to review.
func (s *Service) SubmitArticle(ctx context.Context, a *auth.Actor, aid int64, comment string) error {
	if !a.Can(PermEdit) {
		return s.deny(ctx, a, "article.submit", "article", id(aid), "没有提交审核的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		art, err := s.transition(ctx, tx, aid, Draft, Withdrawn)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'in_review', review_level = 0, updated_at = $1 WHERE id = $2`, now, aid); err != nil {
			return err
		}
		if err := addReview(ctx, tx, art, 0, a.UserID, signature(a), "submit", strings.TrimSpace(comment), now); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.submit", ObjectType: "article", ObjectID: id(aid),
			After: map[string]any{"status": string(InReview), "version": art.Version}})
	})
}

// ReviewArticle approves or returns the article at its next review level. A reviewer passes one level of a
// version at most, and never reviews a version they wrote. Passing the last level publishes the article, or
// schedules it when it has a publication time in the future.
func (s *Service) ReviewArticle(ctx context.Context, a *auth.Actor, aid int64, approve bool, comment string) error {
	if !a.Can(PermReview) {
		return s.deny(ctx, a, "article.review", "article", id(aid), "没有审核文章的权限")
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return errs.Invalidf("comment", "退回修改时请写明需要修改的地方")
	}
	published := false
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		art, err := s.transition(ctx, tx, aid, InReview)
		if err != nil {
			return err
		}
		if art.UpdatedBy == a.UserID && a.UserID != 0 {
			return errs.Forbiddenf("不能审核自己撰写或修改的版本")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM article_reviews WHERE article_id = $1 AND version = $2 AND reviewer_id = $3 AND decision = 'approve'`,
			aid, art.Version, a.UserID).Scan(&n); err != nil {
			return err
		}
		if n > 0 && a.UserID != 0 {
			return errs.Forbiddenf("同一版本的各级审核须由不同的人完成，您已审核过本版本")
		}
		now := s.now()
		// min: an article may have passed more levels than are configured now (the setting was lowered).
		level := min(art.ReviewLevel+1, s.levels)
		names := LevelNames(s.levels)
		if !approve {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'draft', review_level = 0, updated_at = $1 WHERE id = $2`, now, aid); err != nil {
				return err
			}
			if err := addReview(ctx, tx, art, level, a.UserID, signature(a), "return", comment, now); err != nil {
				return err
			}
			return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.return", ObjectType: "article", ObjectID: id(aid),
				Note: names[level-1] + "退回：" + comment})
		}
		if err := addReview(ctx, tx, art, level, a.UserID, signature(a), "approve", comment, now); err != nil {
			return err
		}
		if err := s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.approve", ObjectType: "article", ObjectID: id(aid),
			Note: names[level-1] + "通过", After: map[string]any{"level": level, "version": art.Version}}); err != nil {
			return err
		}
		if level < s.levels {
			_, err := tx.ExecContext(ctx, `UPDATE articles SET review_level = $1, updated_at = $2 WHERE id = $3`, level, now, aid)
			return err
		}
		if art.PublishAt != nil && art.PublishAt.After(now) {
			_, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'approved', review_level = $1, updated_at = $2 WHERE id = $3`, level, now, aid)
			return err
		}
		published = true
		return s.publish(ctx, tx, a, art, now)
	})
	if published {
		return s.changed(err)
	}
	return err
}

// publish makes the working copy live.
func (s *Service) publish(ctx context.Context, tx *sql.Tx, a *auth.Actor, art *Article, now time.Time) error {
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM article_revisions WHERE article_id = $1 AND version = $2`, art.ID, art.Version).Scan(&rev); err != nil {
		return fmt.Errorf("revision of version %d: %w", art.Version, err)
	}
	publishedAt := art.PublishedAt
	if publishedAt == nil {
		publishedAt = &now
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'published', review_level = $1, live_revision_id = $2, published_at = $3,
		publish_at = NULL, withdrawn_reason = '', updated_at = $4 WHERE id = $5`, s.levels, rev, db.Time(*publishedAt), now, art.ID); err != nil {
		return err
	}
	if err := addReview(ctx, tx, art, s.levels, a.UserID, signature(a), "publish", "", now); err != nil {
		return err
	}
	if err := searchEvent(ctx, tx, DocID(art.ID), "put", now); err != nil {
		return err
	}
	return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.publish", ObjectType: "article", ObjectID: id(art.ID),
		After: map[string]any{"version": art.Version, "title": art.Title}})
}

// PublishDue publishes the approved articles whose time has come; the scheduler job calls it.
func (s *Service) PublishDue(ctx context.Context) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM articles WHERE status = 'approved' AND publish_at <= $1`, s.now())
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var i int64
		if err := rows.Scan(&i); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, i)
	}
	rows.Close()
	sys := auth.System("scheduler")
	sys.DisplayName = "定时发布"
	n := 0
	for _, aid := range ids {
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			art, err := s.transition(ctx, tx, aid, Approved)
			if err != nil {
				return err
			}
			return s.publish(ctx, tx, sys, art, s.now())
		})
		if err != nil && !errs.Is(err, errs.Conflict) {
			return n, err
		}
		if err == nil {
			n++
		}
	}
	if n > 0 {
		_ = s.changed(nil)
	}
	return n, nil
}

// WithdrawArticle takes a published article off the site, with the reason on record (撤稿).
func (s *Service) WithdrawArticle(ctx context.Context, a *auth.Actor, aid int64, reason string) error {
	if !a.Can(PermReview) {
		return s.deny(ctx, a, "article.withdraw", "article", id(aid), "没有撤稿的权限")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return errs.Invalidf("reason", "请填写撤稿原因")
	}
	return s.changed(s.db.InTx(ctx, func(tx *sql.Tx) error {
		art, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if art.Live == 0 {
			return errs.Conflictf("文章尚未发布，无需撤稿")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'withdrawn', live_revision_id = NULL, withdrawn_reason = $1,
			review_level = 0, updated_at = $2 WHERE id = $3`, reason, now, aid); err != nil {
			return err
		}
		if err := addReview(ctx, tx, art, 0, a.UserID, signature(a), "withdraw", reason, now); err != nil {
			return err
		}
		if err := searchEvent(ctx, tx, DocID(aid), "delete", now); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.withdraw", ObjectType: "article", ObjectID: id(aid), Note: reason})
	}))
}

// RestoreRevision makes an earlier version the working copy again, as a new draft version.
func (s *Service) RestoreRevision(ctx context.Context, a *auth.Actor, aid int64, version int) (*Article, error) {
	if !a.Can(PermEdit) {
		return nil, s.deny(ctx, a, "article.restore", "article", id(aid), "没有修改文章的权限")
	}
	rev, err := s.revision(ctx, aid, version)
	if err != nil {
		return nil, err
	}
	cur, err := articleByID(ctx, s.db.R, aid)
	if err != nil {
		return nil, err
	}
	return s.UpdateArticle(ctx, a, aid, cur.Version, DraftInput{CategoryID: rev.CategoryID, Kind: cur.Kind, Title: rev.Title,
		Summary: rev.Summary, BodyHTML: rev.BodyHTML, Source: rev.Source, Author: rev.Author, PublishAt: cur.PublishAt,
		Policy: cur.Policy, Note: fmt.Sprintf("恢复第 %d 版", version)})
}

func (s *Service) revision(ctx context.Context, aid int64, version int) (*Revision, error) {
	var r Revision
	err := s.db.R.QueryRowContext(ctx, `SELECT id, article_id, version, category_id, title, summary, body_html, source, author, note,
		created_by_name, created_at FROM article_revisions WHERE article_id = $1 AND version = $2`, aid, version).
		Scan(&r.ID, &r.ArticleID, &r.Version, &r.CategoryID, &r.Title, &r.Summary, &r.BodyHTML, &r.Source, &r.Author, &r.Note, &r.CreatedByName, &r.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, errs.NotFoundf("第 %d 版", version)
	}
	return &r, err
}

func (s *Service) canRead(a *auth.Actor) bool { return a.Can(PermEdit) || a.Can(PermReview) }

// FindArticleByID returns the working copy of an article for the back office.
func (s *Service) FindArticleByID(ctx context.Context, a *auth.Actor, aid int64) (*Article, error) {
	if !s.canRead(a) {
		return nil, s.deny(ctx, a, "article.read", "article", id(aid), "没有查看稿件的权限")
	}
	return articleByID(ctx, s.db.R, aid)
}

// FindRevision returns one version of an article.
func (s *Service) FindRevision(ctx context.Context, a *auth.Actor, aid int64, version int) (*Revision, error) {
	if !s.canRead(a) {
		return nil, s.deny(ctx, a, "article.read", "article", id(aid), "没有查看稿件的权限")
	}
	return s.revision(ctx, aid, version)
}

// History lists the revisions (newest first) and the workflow steps (oldest first) of an article.
func (s *Service) History(ctx context.Context, a *auth.Actor, aid int64) ([]*Revision, []*Review, error) {
	if !s.canRead(a) {
		return nil, nil, s.deny(ctx, a, "article.read", "article", id(aid), "没有查看稿件的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, article_id, version, category_id, title, note, created_by_name, created_at
		FROM article_revisions WHERE article_id = $1 ORDER BY version DESC`, aid)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var revs []*Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.ID, &r.ArticleID, &r.Version, &r.CategoryID, &r.Title, &r.Note, &r.CreatedByName, &r.CreatedAt); err != nil {
			return nil, nil, err
		}
		revs = append(revs, &r)
	}
	rr, err := s.db.R.QueryContext(ctx, `SELECT id, version, level, reviewer_name, decision, comment, created_at FROM article_reviews
		WHERE article_id = $1 ORDER BY id`, aid)
	if err != nil {
		return nil, nil, err
	}
	defer rr.Close()
	var reviews []*Review
	for rr.Next() {
		var r Review
		if err := rr.Scan(&r.ID, &r.Version, &r.Level, &r.ReviewerName, &r.Decision, &r.Comment, &r.CreatedAt); err != nil {
			return nil, nil, err
		}
		reviews = append(reviews, &r)
	}
	return revs, reviews, rr.Err()
}

// ArticleFilter selects articles for the back office.
type ArticleFilter struct {
	Status     Status
	CategoryID int64
	Kind       Kind
	Query      string
	Attention  bool // only those an editor must check
	Limit      int
	Offset     int
}

// FindArticles lists working copies, most recently changed first.
func (s *Service) FindArticles(ctx context.Context, a *auth.Actor, f ArticleFilter) ([]*Article, int, error) {
	if !s.canRead(a) {
		return nil, 0, s.deny(ctx, a, "article.list", "article", "", "没有查看稿件的权限")
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "" {
		where = append(where, "a.status = "+arg(string(f.Status)))
	}
	if f.CategoryID > 0 {
		where = append(where, "a.category_id = "+arg(f.CategoryID))
	}
	if f.Kind != "" {
		where = append(where, "a.kind = "+arg(string(f.Kind)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "lower(a.title) LIKE "+arg(db.Like(strings.ToLower(q)))+` ESCAPE '\'`)
	}
	if f.Attention {
		where = append(where, "a.attention <> ''")
	}
	sqlText := `SELECT ` + articleCols + `, COUNT(*) OVER() FROM articles a`
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	sqlText += " ORDER BY a.updated_at DESC, a.id DESC LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	rows, err := s.db.R.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Article
	total := 0
	for rows.Next() {
		art, err := scanArticle(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, art)
	}
	return out, total, rows.Err()
}

// ImportResult says what the import of one legacy page did.
type ImportResult struct {
	ArticleID int64
	Skipped   bool // imported before
}

// ImportLegacy publishes pages of the old site with their original dates, each in its category path
// (created when missing), all in one transaction: either every page is in, or none. Pages imported before
// are skipped, so running an import again adds nothing twice. Pages with lost characters are published and
// flagged for an editor; the archive is the park's own record of what it published, so it needs no review.
// progress, if set, is called after each page.
func (s *Service) ImportLegacy(ctx context.Context, a *auth.Actor, pages []*legacy.Page, progress func(done int)) ([]ImportResult, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "article.import", "article", "", "没有导入旧站文章的权限")
	}
	out := make([]ImportResult, len(pages))
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		for i, p := range pages {
			res, err := s.importOne(ctx, tx, a, p)
			if err != nil {
				return fmt.Errorf("%s: %w", p.File, err)
			}
			out[i] = *res
			if progress != nil {
				progress(i + 1)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.changed(nil)
}

func (s *Service) importOne(ctx context.Context, tx *sql.Tx, a *auth.Actor, p *legacy.Page) (*ImportResult, error) {
	key := p.Key()
	var existing int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE legacy_key = $1`, key).Scan(&existing)
	if err == nil {
		return &ImportResult{ArticleID: existing, Skipped: true}, nil
	}
	if err != sql.ErrNoRows {
		return nil, err
	}
	path := p.Category
	if len(path) == 0 {
		path = []string{"新闻中心", "新闻动态"}
	}
	var body strings.Builder
	for _, para := range p.Body {
		body.WriteString("<p>" + htmlEscape(para) + "</p>\n")
	}
	cid, err := s.categoryPath(ctx, tx, path)
	if err != nil {
		return nil, err
	}
	now := s.now()
	date := p.Date
	if date.IsZero() {
		date = now
	}
	in := DraftInput{CategoryID: cid, Kind: KindArticle, Title: p.Title, BodyHTML: Sanitize(body.String()), Source: p.Source}
	warnings := p.Warnings
	tree, err := loadTree(ctx, tx)
	if err != nil {
		return nil, err
	}
	if c := tree.ByID(cid); c != nil && c.Kind == "policy" {
		// A page of the old policy section: a policy document whose details an editor completes.
		issuer := p.Source
		if issuer == "" {
			issuer = "（待补充）"
		}
		in.Kind, in.Policy = KindPolicy, &PolicyDetails{Issuer: issuer, Validity: Valid, IssuedOn: &date}
		warnings = append(warnings, "旧站政策文件：请补充发文机关、文号、成文日期和效力")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var aid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO articles (category_id, kind, title, summary, body_html, source, author, status, version,
		published_at, legacy_key, attention, created_by, updated_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', 'draft', 1, $7, $8, $9, NULL, NULL, $10, $10) RETURNING id`,
		cid, string(in.Kind), in.Title, Summarize(strings.Join(p.Body, ""), 120), in.BodyHTML, in.Source, db.Time(date), key,
		strings.Join(warnings, "；"), now).Scan(&aid); err != nil {
		return nil, err
	}
	if in.Kind == KindPolicy {
		if err := savePolicy(ctx, tx, aid, in.Policy); err != nil {
			return nil, err
		}
	}
	art, err := articleByID(ctx, tx, aid)
	if err != nil {
		return nil, err
	}
	if _, err := saveRevision(ctx, tx, art, "导入旧站页面 "+p.File, signature(a), now); err != nil {
		return nil, err
	}
	if err := s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.import", ObjectType: "article", ObjectID: id(aid),
		After: map[string]any{"title": p.Title, "file": p.File, "date": date.Format(time.DateOnly)}}); err != nil {
		return nil, err
	}
	return &ImportResult{ArticleID: aid}, s.publish(ctx, tx, a, art, now)
}

// AttachFile adds an uploaded file (see Media.Save) to an article as an attachment. Like any edit it makes a
// new version, which goes through review before the public sees it.
func (s *Service) AttachFile(ctx context.Context, a *auth.Actor, aid int64, m *Medium) (*Article, error) {
	return s.editFiles(ctx, a, aid, "添加附件 "+m.Name, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM article_files WHERE article_id = $1`, aid).Scan(&n); err != nil {
			return err
		}
		if n >= 20 {
			return errs.Invalidf("file", "每篇文章最多 20 个附件")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO article_files (article_id, hash, name, sort) VALUES ($1, $2, $3, $4)`, aid, m.Hash, m.Name, n)
		return err
	})
}

// DetachFile removes an attachment, as a new version.
func (s *Service) DetachFile(ctx context.Context, a *auth.Actor, aid, fileID int64) (*Article, error) {
	return s.editFiles(ctx, a, aid, "删除附件", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM article_files WHERE id = $1 AND article_id = $2`, fileID, aid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("附件")
		}
		return nil
	})
}

func (s *Service) editFiles(ctx context.Context, a *auth.Actor, aid int64, note string, change func(*sql.Tx) error) (*Article, error) {
	if !a.Can(PermEdit) {
		return nil, s.deny(ctx, a, "article.files", "article", id(aid), "没有修改文章的权限")
	}
	var out *Article
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if before.Status == InReview {
			return errs.Conflictf("文章正在审核中，不能修改；请等审核退回后再改")
		}
		if err := change(tx); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'draft', review_level = 0, version = version + 1, updated_by = $1,
			updated_at = $2 WHERE id = $3`, nullID(a.UserID), now, aid); err != nil {
			return err
		}
		after, err := articleByID(ctx, tx, aid)
		if err != nil {
			return err
		}
		if _, err := saveRevision(ctx, tx, after, note, signature(a), now); err != nil {
			return err
		}
		out = after
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "article.files", ObjectType: "article", ObjectID: id(aid), Note: note,
			After: map[string]any{"version": after.Version, "files": len(after.Files)}})
	})
	return out, err
}

// QueueRebuild asks every instance to rebuild its search index (parkos reindex while servers run).
func (s *Service) QueueRebuild(ctx context.Context, a *auth.Actor) error {
	if !a.Can(PermManage) {
		return s.deny(ctx, a, "search.rebuild", "search", "", "没有重建索引的权限")
	}
	return s.changed(s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := searchEvent(ctx, tx, "*", "rebuild", s.now()); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "search.rebuild", ObjectType: "search"})
	}))
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// LinkInterpretation links an interpretation article to the policy it explains (政策解读).
func (s *Service) LinkInterpretation(ctx context.Context, a *auth.Actor, policyID, articleID int64) error {
	if !a.Can(PermEdit) {
		return s.deny(ctx, a, "policy.link", "article", id(policyID), "没有编辑政策文件的权限")
	}
	return s.changed(s.db.InTx(ctx, func(tx *sql.Tx) error {
		p, err := articleByID(ctx, tx, policyID)
		if err != nil {
			return err
		}
		if p.Kind != KindPolicy {
			return errs.Invalidf("policy_id", "只能为政策文件关联解读")
		}
		if _, err := articleByID(ctx, tx, articleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO policy_links (policy_id, interpretation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			policyID, articleID); err != nil {
			return err
		}
		if err := bumpGeneration(ctx, tx, s.now()); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "policy.link", ObjectType: "article", ObjectID: id(policyID),
			After: map[string]any{"interpretation_id": articleID}})
	}))
}

// signature is how a person signs revisions and reviews (责任编辑 on the public page): the display name, or
// the username when there is none.
func signature(a *auth.Actor) string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.Name()
}
