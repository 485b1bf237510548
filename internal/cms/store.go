package cms

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"parkos/internal/db"
	"parkos/internal/errs"
)

const articleCols = `a.id, a.category_id, a.kind, a.title, a.summary, a.body_html, a.source, a.author, a.status, a.review_level,
	a.version, a.publish_at, a.published_at, COALESCE(a.live_revision_id, 0), a.withdrawn_reason, COALESCE(a.legacy_key, ''),
	a.attention, COALESCE(a.created_by, 0), COALESCE(a.updated_by, 0), a.created_at, a.updated_at`

func scanArticle(s interface{ Scan(...any) error }, extra ...any) (*Article, error) {
	var a Article
	var publishAt, publishedAt sql.NullTime
	err := s.Scan(append([]any{&a.ID, &a.CategoryID, &a.Kind, &a.Title, &a.Summary, &a.BodyHTML, &a.Source, &a.Author, &a.Status,
		&a.ReviewLevel, &a.Version, &publishAt, &publishedAt, &a.Live, &a.Withdrawn, &a.LegacyKey, &a.Attention,
		&a.CreatedBy, &a.UpdatedBy, &a.CreatedAt, &a.UpdatedAt}, extra...)...)
	if err != nil {
		return nil, err
	}
	a.PublishAt, a.PublishedAt = timePtr(publishAt), timePtr(publishedAt)
	return &a, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return db.Time(*t)
}

func articleByID(ctx context.Context, q db.Querier, id int64) (*Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles a WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("文章")
	}
	if err != nil {
		return nil, fmt.Errorf("load article: %w", err)
	}
	if a.Kind == KindPolicy {
		if a.Policy, err = policyDetails(ctx, q, a.ID); err != nil {
			return nil, err
		}
	}
	if a.Files, err = articleFiles(ctx, q, a.ID); err != nil {
		return nil, err
	}
	return a, nil
}

func policyDetails(ctx context.Context, q db.Querier, id int64) (*PolicyDetails, error) {
	var p PolicyDetails
	var issued, effective sql.NullTime
	var topics, validity string
	err := q.QueryRowContext(ctx, `SELECT doc_number, issuer, issued_on, effective_on, validity, topics FROM policy_details WHERE article_id = $1`, id).
		Scan(&p.DocNumber, &p.Issuer, &issued, &effective, &validity, &topics)
	if errors.Is(err, sql.ErrNoRows) {
		return &PolicyDetails{Validity: Valid}, nil
	}
	if err != nil {
		return nil, err
	}
	p.IssuedOn, p.EffectiveOn, p.Validity = timePtr(issued), timePtr(effective), Validity(validity)
	p.Topics = splitTopics(topics)
	return &p, nil
}

func splitTopics(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func savePolicy(ctx context.Context, tx *sql.Tx, id int64, p *PolicyDetails) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO policy_details (article_id, doc_number, issuer, issued_on, effective_on, validity, topics)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (article_id) DO UPDATE SET doc_number = excluded.doc_number, issuer = excluded.issuer,
			issued_on = excluded.issued_on, effective_on = excluded.effective_on, validity = excluded.validity, topics = excluded.topics`,
		id, p.DocNumber, p.Issuer, nullTime(p.IssuedOn), nullTime(p.EffectiveOn), string(p.Validity), strings.Join(p.Topics, "、"))
	return err
}

func articleFiles(ctx context.Context, q db.Querier, id int64) ([]*File, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.hash, f.name, m.mime, m.size FROM article_files f JOIN media m ON m.hash = f.hash
		WHERE f.article_id = $1 ORDER BY f.sort, f.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.ID, &f.Hash, &f.Name, &f.Mime, &f.Size); err != nil {
			return nil, err
		}
		out = append(out, &f)
	}
	return out, rows.Err()
}

// saveRevision records the working copy, attachments included, as revision version.
func saveRevision(ctx context.Context, tx *sql.Tx, a *Article, note, byName string, now time.Time) (int64, error) {
	files, err := json.Marshal(a.Files)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO article_revisions (article_id, version, category_id, title, summary, body_html, source, author,
		note, created_by, created_by_name, created_at, files) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		a.ID, a.Version, a.CategoryID, a.Title, a.Summary, a.BodyHTML, a.Source, a.Author, note, nullID(a.UpdatedBy), byName, now, string(files)).Scan(&id)
	return id, err
}

// revisionFiles decodes the attachments recorded with a revision.
func revisionFiles(s string) []*File {
	var out []*File
	if s != "" && s != "null" {
		_ = json.Unmarshal([]byte(s), &out)
	}
	return out
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func addReview(ctx context.Context, tx *sql.Tx, a *Article, level int, reviewerID int64, name, decision, comment string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO article_reviews (article_id, version, level, reviewer_id, reviewer_name, decision, comment, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, a.Version, level, nullID(reviewerID), name, decision, comment, now)
	return err
}

// searchEvent queues an index update for every instance and moves the portal's cache generation on, in the
// transaction of the change.
func searchEvent(ctx context.Context, tx *sql.Tx, docID, op string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_events (doc_id, op, created_at) VALUES ($1, $2, $3)`, docID, op, now); err != nil {
		return err
	}
	return bumpGeneration(ctx, tx, now)
}

// GenerationKey is the settings row whose value changes whenever anything public changes.
const GenerationKey = "portal_generation"

func bumpGeneration(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, '1', $2)
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT), updated_at = excluded.updated_at`,
		GenerationKey, now)
	return err
}
