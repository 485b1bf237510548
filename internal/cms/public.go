package cms

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"parkos/internal/errs"
)

// PublicArticle is what the public sees of an article: its live revision.
type PublicArticle struct {
	ID          int64
	Kind        Kind
	CategoryID  int64
	Title       string
	Summary     string
	BodyHTML    string
	Source      string
	Author      string
	Editor      string // who approved it last (责任编辑)
	PublishedAt time.Time
	RevisedAt   time.Time
	Files       []*File
	Policy      *PolicyDetails
	Links       []*PublicArticle // a policy's interpretations, or the policies an interpretation explains
}

// The live columns: the article's identity and date with the content of its live revision.
const liveCols = `a.id, a.kind, r.category_id, r.title, r.summary, r.source, r.author, a.published_at, r.created_at`

func scanLive(s interface{ Scan(...any) error }, extra ...any) (*PublicArticle, error) {
	var p PublicArticle
	err := s.Scan(append([]any{&p.ID, &p.Kind, &p.CategoryID, &p.Title, &p.Summary, &p.Source, &p.Author, &p.PublishedAt, &p.RevisedAt}, extra...)...)
	return &p, err
}

const liveFrom = ` FROM articles a JOIN article_revisions r ON r.id = a.live_revision_id `

// LiveArticle returns a published article with its body, attachments, policy details and links.
func (s *Service) LiveArticle(ctx context.Context, aid int64) (*PublicArticle, error) {
	var body, files string
	p, err := scanLive(s.db.R.QueryRowContext(ctx, `SELECT `+liveCols+`, r.body_html, r.files`+liveFrom+`WHERE a.id = $1`, aid), &body, &files)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("文章")
	}
	if err != nil {
		return nil, err
	}
	p.BodyHTML = body
	p.Files = revisionFiles(files) // the attachments as published, not as being edited
	if p.Kind == KindPolicy {
		if p.Policy, err = policyDetails(ctx, s.db.R, aid); err != nil {
			return nil, err
		}
	}
	// 责任编辑: the reviewer whose approval published the live version.
	_ = s.db.R.QueryRowContext(ctx, `SELECT v.reviewer_name FROM article_reviews v
		JOIN articles a ON a.id = v.article_id JOIN article_revisions r ON r.id = a.live_revision_id
		WHERE v.article_id = $1 AND v.decision = 'approve' AND v.version = r.version
		ORDER BY v.id DESC LIMIT 1`, aid).Scan(&p.Editor)
	p.Links, err = s.links(ctx, aid)
	return p, err
}

func (s *Service) links(ctx context.Context, aid int64) ([]*PublicArticle, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+liveCols+liveFrom+`
		JOIN policy_links l ON (l.policy_id = $1 AND l.interpretation_id = a.id) OR (l.interpretation_id = $1 AND l.policy_id = a.id)
		ORDER BY a.published_at DESC`, aid)
	if err != nil {
		return nil, err
	}
	return collectLive(rows)
}

func collectLive(rows *sql.Rows, extra ...any) ([]*PublicArticle, error) {
	defer rows.Close()
	var out []*PublicArticle
	for rows.Next() {
		p, err := scanLive(rows, extra...)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// LiveFilter selects published articles.
type LiveFilter struct {
	CategoryIDs []int64 // any of these; empty for all
	Kind        Kind
	Limit       int
	Offset      int
}

func inList(ids []int64, args *[]any) string {
	ph := make([]string, len(ids))
	for i, v := range ids {
		*args = append(*args, v)
		ph[i] = "$" + strconv.Itoa(len(*args))
	}
	return "(" + strings.Join(ph, ",") + ")"
}

// LiveArticles lists published articles, newest first, with the total.
func (s *Service) LiveArticles(ctx context.Context, f LiveFilter) ([]*PublicArticle, int, error) {
	var where []string
	var args []any
	if len(f.CategoryIDs) > 0 {
		where = append(where, "r.category_id IN "+inList(f.CategoryIDs, &args))
	}
	if f.Kind != "" {
		args = append(args, string(f.Kind))
		where = append(where, "a.kind = $"+strconv.Itoa(len(args)))
	}
	q := `SELECT ` + liveCols + `, COUNT(*) OVER()` + liveFrom
	if len(where) > 0 {
		q += "WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	args = append(args, f.Limit, f.Offset)
	q += ` ORDER BY a.published_at DESC, a.id DESC LIMIT $` + strconv.Itoa(len(args)-1) + ` OFFSET $` + strconv.Itoa(len(args))
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	var total int
	out, err := collectLive(rows, &total)
	return out, total, err
}

// Neighbours returns the previous (older) and next (newer) published articles of the same category.
func (s *Service) Neighbours(ctx context.Context, p *PublicArticle) (prev, next *PublicArticle, err error) {
	prev, err = scanLive(s.db.R.QueryRowContext(ctx, `SELECT `+liveCols+liveFrom+`WHERE r.category_id = $1
		AND (a.published_at < $2 OR (a.published_at = $2 AND a.id < $3)) ORDER BY a.published_at DESC, a.id DESC LIMIT 1`,
		p.CategoryID, p.PublishedAt, p.ID))
	if errors.Is(err, sql.ErrNoRows) {
		prev, err = nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	next, err = scanLive(s.db.R.QueryRowContext(ctx, `SELECT `+liveCols+liveFrom+`WHERE r.category_id = $1
		AND (a.published_at > $2 OR (a.published_at = $2 AND a.id > $3)) ORDER BY a.published_at, a.id LIMIT 1`,
		p.CategoryID, p.PublishedAt, p.ID))
	if errors.Is(err, sql.ErrNoRows) {
		next, err = nil, nil
	}
	return prev, next, err
}

// Related returns up to n other recent articles of the same category.
func (s *Service) Related(ctx context.Context, p *PublicArticle, n int) ([]*PublicArticle, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+liveCols+liveFrom+`WHERE r.category_id = $1 AND a.id <> $2
		ORDER BY a.published_at DESC, a.id DESC LIMIT $3`, p.CategoryID, p.ID, n)
	if err != nil {
		return nil, err
	}
	return collectLive(rows)
}

// PolicyFilter selects published policy documents.
type PolicyFilter struct {
	Issuer   string
	Validity Validity
	Topic    string
	Year     int
	Limit    int
	Offset   int
}

// LivePolicies lists published policies with their details, newest first.
func (s *Service) LivePolicies(ctx context.Context, f PolicyFilter) ([]*PublicArticle, int, error) {
	where := []string{"a.kind = 'policy'"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Issuer != "" {
		where = append(where, "d.issuer = "+arg(f.Issuer))
	}
	if f.Validity != "" {
		where = append(where, "d.validity = "+arg(string(f.Validity)))
	}
	if f.Topic != "" {
		where = append(where, "d.topics LIKE "+arg("%"+f.Topic+"%"))
	}
	if f.Year > 0 {
		where = append(where, "d.issued_on >= "+arg(time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC))+
			" AND d.issued_on < "+arg(time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)))
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	q := `SELECT ` + liveCols + `, d.doc_number, d.issuer, d.issued_on, d.effective_on, d.validity, d.topics, COUNT(*) OVER()` + liveFrom +
		`JOIN policy_details d ON d.article_id = a.id WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY COALESCE(d.issued_on, a.published_at) DESC, a.id DESC LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(f.Offset)
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*PublicArticle
	total := 0
	for rows.Next() {
		d := &PolicyDetails{}
		var issued, effective sql.NullTime
		var validity, topics string
		p, err := scanLive(rows, &d.DocNumber, &d.Issuer, &issued, &effective, &validity, &topics, &total)
		if err != nil {
			return nil, 0, err
		}
		d.IssuedOn, d.EffectiveOn, d.Validity, d.Topics = timePtr(issued), timePtr(effective), Validity(validity), splitTopics(topics)
		p.Policy = d
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// PolicyFacets lists the issuers and topics of published policies, for the library's filters.
func (s *Service) PolicyFacets(ctx context.Context) (issuers, topics []string, err error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT d.issuer, d.topics`+liveFrom+`JOIN policy_details d ON d.article_id = a.id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seenI, seenT := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var i, t string
		if err := rows.Scan(&i, &t); err != nil {
			return nil, nil, err
		}
		if i != "" && !seenI[i] {
			seenI[i] = true
			issuers = append(issuers, i)
		}
		for _, x := range splitTopics(t) {
			if !seenT[x] {
				seenT[x] = true
				topics = append(topics, x)
			}
		}
	}
	return issuers, topics, rows.Err()
}

// EachLive calls fn for every published article with its body, oldest first: for the sitemap, the feeds and
// rebuilding the search index.
func (s *Service) EachLive(ctx context.Context, fn func(*PublicArticle) error) error {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+liveCols+`, r.body_html`+liveFrom+`ORDER BY a.published_at, a.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var body string
		p, err := scanLive(rows, &body)
		if err != nil {
			return err
		}
		p.BodyHTML = body
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SearchEvent is a change the search index must follow.
type SearchEvent struct {
	ID    int64
	DocID string
	Op    string // "put" or "delete"
}

// SearchEventsAfter returns the index changes after event id, in order; every instance follows them.
func (s *Service) SearchEventsAfter(ctx context.Context, after int64, limit int) ([]SearchEvent, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, doc_id, op FROM search_events WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchEvent
	for rows.Next() {
		var e SearchEvent
		if err := rows.Scan(&e.ID, &e.DocID, &e.Op); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Generation is a number that changes whenever public content changes; caches of rendered pages compare it.
func (s *Service) Generation(ctx context.Context) (string, error) {
	var v string
	err := s.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, GenerationKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", nil
	}
	return v, err
}

// OldestSearchEvent is the id of the oldest event still kept, 0 when there is none.
func (s *Service) OldestSearchEvent(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT MIN(id) FROM search_events`).Scan(&n)
	return n.Int64, err
}

// PurgeSearchEvents deletes events older than before; an instance that was down longer rebuilds its index.
func (s *Service) PurgeSearchEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.W.ExecContext(ctx, `DELETE FROM search_events WHERE created_at < $1`, before)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
