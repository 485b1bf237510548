// Package notify keeps the notifications the back office shows to its users: a module posts a notice to
// everyone who holds a permission (for example every holder of enterprise.manage), in the module's own
// transaction; each user reads them on /admin/notifications and marks them read. A notice carries a key, so
// a daily job that offers the same reminder again does not repeat it.
package notify

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"parkos/internal/auth"
	"parkos/internal/db"
)

// Notice is one notification to every holder of Perm. Key makes it unique.
type Notice struct {
	Perm  auth.Permission
	Key   string
	Title string
	Body  string
	Link  string // a path inside the back office
}

// Item is a notice as one user sees it.
type Item struct {
	ID        int64
	Title     string
	Body      string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// Center stores and lists notifications.
type Center struct {
	db  *db.DB
	now func() time.Time
}

// New returns the notification center.
func New(d *db.DB) *Center { return &Center{db: d, now: db.Now} }

// Post stores a notice in the caller's transaction (or on q) unless one with the same key exists, and
// reports whether it was new.
func (c *Center) Post(ctx context.Context, q db.Querier, n Notice) (bool, error) {
	title := n.Title
	if utf8.RuneCountInString(title) > 200 {
		title = string([]rune(title)[:200])
	}
	res, err := q.ExecContext(ctx, `INSERT INTO notifications (perm, dedupe_key, title, body, link, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`, string(n.Perm), n.Key, title, n.Body, n.Link, c.now())
	if err != nil {
		return false, err
	}
	k, err := res.RowsAffected()
	return k == 1, err
}

// perms returns the permissions notices were posted to that the actor holds.
func (c *Center) perms(ctx context.Context, a *auth.Actor) ([]any, string, error) {
	rows, err := c.db.R.QueryContext(ctx, `SELECT DISTINCT perm FROM notifications`)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var args []any
	var ph []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, "", err
		}
		if a.Can(auth.Permission(p)) {
			args = append(args, p)
			ph = append(ph, "$"+strconv.Itoa(len(args)+1)) // $1 is the user
		}
	}
	return args, strings.Join(ph, ", "), rows.Err()
}

// Unread counts the notices addressed to the actor that it has not read.
func (c *Center) Unread(ctx context.Context, a *auth.Actor) (int, error) {
	perms, in, err := c.perms(ctx, a)
	if err != nil || len(perms) == 0 {
		return 0, err
	}
	var n int
	err = c.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n WHERE n.perm IN (`+in+`)
		AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $1)`,
		append([]any{a.UserID}, perms...)...).Scan(&n)
	return n, err
}

// List returns the notices addressed to the actor, newest first, with the total.
func (c *Center) List(ctx context.Context, a *auth.Actor, limit, offset int) ([]*Item, int, error) {
	perms, in, err := c.perms(ctx, a)
	if err != nil || len(perms) == 0 {
		return nil, 0, err
	}
	args := append([]any{a.UserID}, perms...)
	args = append(args, limit, offset)
	rows, err := c.db.R.QueryContext(ctx, `SELECT n.id, n.title, n.body, n.link, n.created_at, r.user_id IS NOT NULL, COUNT(*) OVER()
		FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1
		WHERE n.perm IN (`+in+`) ORDER BY n.created_at DESC, n.id DESC
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Item
	total := 0
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.Title, &it.Body, &it.Link, &it.CreatedAt, &it.Read, &total); err != nil {
			return nil, 0, err
		}
		out = append(out, &it)
	}
	return out, total, rows.Err()
}

// MarkRead marks notices read for the actor: the one given, or every notice addressed to it when id is 0.
// Reading is not audited: it changes nothing but the reader's own list.
func (c *Center) MarkRead(ctx context.Context, a *auth.Actor, id int64) error {
	perms, in, err := c.perms(ctx, a)
	if err != nil || len(perms) == 0 {
		return err
	}
	args := append([]any{a.UserID}, perms...)
	q := `INSERT INTO notification_reads (notification_id, user_id, read_at)
		SELECT n.id, $1, $` + strconv.Itoa(len(args)+1) + ` FROM notifications n WHERE n.perm IN (` + in + `)`
	args = append(args, c.now())
	if id != 0 {
		args = append(args, id)
		q += ` AND n.id = $` + strconv.Itoa(len(args))
	}
	q += ` ON CONFLICT (notification_id, user_id) DO NOTHING`
	return c.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
}

// Purge removes notices older than the cut-off, with their read marks.
func (c *Center) Purge(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := c.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM notification_reads WHERE notification_id IN
			(SELECT id FROM notifications WHERE created_at < $1)`, before); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE created_at < $1`, before)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
