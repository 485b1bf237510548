package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"parkos/internal/db"
	"parkos/internal/errs"
)

const entCols = `id, name, uscc, legal_rep, founded_on, registered_capital, kind, industry_code, emerging_industry, hitech_field,
	location, status, entered_on, graduated_on, moved_out_on, tags, description, website, logo, public, created_at, updated_at`

func scanEnterprise(s interface{ Scan(...any) error }, extra ...any) (*Enterprise, error) {
	var e Enterprise
	var founded, entered, graduated, moved sql.NullTime
	var tags string
	err := s.Scan(append([]any{&e.ID, &e.Name, &e.USCC, &e.LegalRep, &founded, &e.RegisteredCapital, &e.Kind, &e.IndustryCode,
		&e.EmergingIndustry, &e.HitechField, &e.Location, &e.Status, &entered, &graduated, &moved, &tags, &e.Description,
		&e.Website, &e.Logo, &e.Public, &e.CreatedAt, &e.UpdatedAt}, extra...)...)
	if err != nil {
		return nil, err
	}
	e.FoundedOn, e.EnteredOn, e.GraduatedOn, e.MovedOutOn = ptr(founded), ptr(entered), ptr(graduated), ptr(moved)
	if tags != "" {
		e.Tags = strings.Split(tags, "、")
	}
	return &e, nil
}

func ptr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func null(t *time.Time) any {
	if t == nil {
		return nil
	}
	return db.Time(*t)
}

func byID(ctx context.Context, q db.Querier, id int64) (*Enterprise, error) {
	e, err := scanEnterprise(q.QueryRowContext(ctx, `SELECT `+entCols+` FROM enterprises WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("企业")
	}
	return e, err
}

// duplicate returns the id of the enterprise holding a credit code, 0 when none.
func duplicate(ctx context.Context, q db.Querier, uscc string, except int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE uscc = $1 AND id <> $2`, uscc, except).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func duplicateError(id int64, uscc string) error {
	return &errs.Error{Code: errs.Conflict, Message: "该统一社会信用代码已登记",
		Fields: map[string]string{"uscc": fmt.Sprintf("统一社会信用代码 %s 已属于编号 %d 的企业", uscc, id)},
		Link:   fmt.Sprintf("/admin/enterprises/%d", id)}
}

func writeEnterprise(ctx context.Context, tx *sql.Tx, id int64, in *Input, now time.Time) (int64, error) {
	args := []any{in.Name, in.USCC, in.LegalRep, null(in.FoundedOn), in.RegisteredCapital, string(in.Kind), in.IndustryCode,
		in.EmergingIndustry, in.HitechField, in.Location, string(in.Status), null(in.EnteredOn), null(in.GraduatedOn),
		null(in.MovedOutOn), strings.Join(in.Tags, "、"), in.Description, in.Website, in.Public, now}
	if id == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO enterprises (name, uscc, legal_rep, founded_on, registered_capital, kind, industry_code,
			emerging_industry, hitech_field, location, status, entered_on, graduated_on, moved_out_on, tags, description, website,
			public, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
			RETURNING id`, args...).Scan(&id)
		return id, err
	}
	_, err := tx.ExecContext(ctx, `UPDATE enterprises SET name = $1, uscc = $2, legal_rep = $3, founded_on = $4, registered_capital = $5,
		kind = $6, industry_code = $7, emerging_industry = $8, hitech_field = $9, location = $10, status = $11, entered_on = $12,
		graduated_on = $13, moved_out_on = $14, tags = $15, description = $16, website = $17, public = $18, updated_at = $19
		WHERE id = $20`, append(args, id)...)
	return id, err
}
