package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"parkos/internal/db"
	"parkos/internal/errs"
)

// The public directory (入驻企业名录) is what the portal shows of the registry: the enterprises the park has
// published, with their public fields and the titles they hold today. Anyone may read it, so its methods take
// no actor; they never return a record that is not published or that has moved out, and never its credit
// code, legal representative, contacts, location or figures.

// PublicEnterprise is what the portal's tenant directory shows: public fields of a published record, with
// the names of the qualifications valid today.
type PublicEnterprise struct {
	ID             int64
	Name           string
	Kind           Kind
	IndustryCode   string
	Status         Status
	Tags           []string
	Description    string
	Website        string
	Logo           string
	EnteredOn      *time.Time
	Qualifications []string // names of the titles valid today, in the order of QualificationOrder
	UpdatedAt      time.Time
}

// DirectoryFilter selects enterprises of the public directory.
type DirectoryFilter struct {
	// Industry is a GB/T 4754 section letter or a code prefix: "C" (制造业), "C39" (a division).
	Industry string
	// Qualification is a qualification kind (see QualificationKinds); only a title valid today counts.
	Qualification string
	// Query is part of the name.
	Query string
	// Newest lists the most recently entered first instead of by name.
	Newest        bool
	Limit, Offset int
}

// publicWhere is the condition every directory query starts from.
const publicWhere = "e.public = TRUE AND e.status <> 'moved_out'"

// validQual is the condition on qualifications q that are in force on the day bound to $d: issued on or
// before it and expiring on or after it (a title is valid through its expiry date). Dates are kept as the
// start of the day in China Standard Time, as the forms read them.
func validQual(d string) string {
	return "(q.issued_on IS NULL OR q.issued_on <= " + d + ") AND (q.expires_on IS NULL OR q.expires_on >= " + d + ")"
}

// today is the start of the current day in China Standard Time, the day a title's validity is judged on.
func (s *Service) today() time.Time {
	y, m, d := s.now().In(cst).Date()
	return db.Time(time.Date(y, m, d, 0, 0, 0, 0, cst))
}

// FindPublicEnterprises lists the published enterprises that match f, public fields only, with the total.
func (s *Service) FindPublicEnterprises(ctx context.Context, f DirectoryFilter) ([]*PublicEnterprise, int, error) {
	where := []string{publicWhere}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if ind := strings.ToUpper(strings.TrimSpace(f.Industry)); ind != "" {
		where = append(where, "e.industry_code LIKE "+arg(db.LikePrefix(ind))+` ESCAPE '\'`)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "lower(e.name) LIKE "+arg(db.Like(strings.ToLower(q)))+` ESCAPE '\'`)
	}
	if f.Qualification != "" {
		k := arg(f.Qualification)
		where = append(where, "EXISTS (SELECT 1 FROM qualifications q WHERE q.enterprise_id = e.id AND q.kind = "+k+
			" AND "+validQual(arg(s.today()))+")")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	order := "e.name, e.id"
	if f.Newest {
		order = "e.entered_on DESC, e.id DESC"
	}
	q := `SELECT ` + prefixed("e.", entCols) + `, COUNT(*) OVER() FROM enterprises e WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ` + arg(limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*PublicEnterprise
	total := 0
	for rows.Next() {
		e, err := scanEnterprise(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, publicOf(e))
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.attachTitles(ctx, out)
}

// PublicDirectory lists the published enterprises of an industry (a section letter or code prefix, "" for
// all), public fields only. It is FindPublicEnterprises with the industry filter alone.
func (s *Service) PublicDirectory(ctx context.Context, industryPrefix string, limit, offset int) ([]*PublicEnterprise, int, error) {
	return s.FindPublicEnterprises(ctx, DirectoryFilter{Industry: industryPrefix, Limit: limit, Offset: offset})
}

// PublicEnterpriseByID returns one published enterprise, public fields only. A record that is not published
// or has moved out is not found, exactly like one that does not exist.
func (s *Service) PublicEnterpriseByID(ctx context.Context, entID int64) (*PublicEnterprise, error) {
	e, err := scanEnterprise(s.db.R.QueryRowContext(ctx, `SELECT `+prefixed("e.", entCols)+` FROM enterprises e WHERE e.id = $1 AND `+publicWhere, entID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("企业")
	}
	if err != nil {
		return nil, err
	}
	out := []*PublicEnterprise{publicOf(e)}
	return out[0], s.attachTitles(ctx, out)
}

func publicOf(e *Enterprise) *PublicEnterprise {
	return &PublicEnterprise{ID: e.ID, Name: e.Name, Kind: e.Kind, IndustryCode: e.IndustryCode, Status: e.Status, Tags: e.Tags,
		Description: e.Description, Website: e.Website, Logo: e.Logo, EnteredOn: e.EnteredOn, UpdatedAt: e.UpdatedAt}
}

// attachTitles fills in the names of the qualifications valid today, in one query for the whole page. Two
// certificates of one title (a renewal overlapping the old one) show once.
func (s *Service) attachTitles(ctx context.Context, list []*PublicEnterprise) error {
	if len(list) == 0 {
		return nil
	}
	args := []any{s.today()}
	ph := make([]string, len(list))
	byEnt := make(map[int64]*PublicEnterprise, len(list))
	for i, e := range list {
		args = append(args, e.ID)
		ph[i] = "$" + strconv.Itoa(len(args))
		byEnt[e.ID] = e
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT q.enterprise_id, q.kind, q.name FROM qualifications q
		WHERE q.enterprise_id IN (`+strings.Join(ph, ", ")+`) AND `+validQual("$1")+` ORDER BY q.enterprise_id, q.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type title struct{ kind, name string }
	got := map[int64][]title{}
	for rows.Next() {
		var eid int64
		var t title
		if err := rows.Scan(&eid, &t.kind, &t.name); err != nil {
			return err
		}
		got[eid] = append(got[eid], t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rank := func(kind string) int {
		if i := slices.Index(QualificationOrder, kind); i >= 0 {
			return i
		}
		return len(QualificationOrder)
	}
	for eid, ts := range got {
		slices.SortStableFunc(ts, func(a, b title) int { return rank(a.kind) - rank(b.kind) })
		e := byEnt[eid]
		for _, t := range ts {
			if !slices.Contains(e.Qualifications, t.name) {
				e.Qualifications = append(e.Qualifications, t.name)
			}
		}
	}
	return nil
}

// DirectoryFacets counts the published enterprises by industry and by qualification held today, for the
// directory's filters.
type DirectoryFacets struct {
	Total int
	// Sections counts by GB/T 4754 section letter ("C"), Divisions by section letter and division ("C39").
	Sections  map[string]int
	Divisions map[string]int
	// Qualifications counts the enterprises holding a valid title of each kind.
	Qualifications map[string]int
}

// FindDirectoryFacets counts the published enterprises by industry and by valid qualification.
func (s *Service) FindDirectoryFacets(ctx context.Context) (*DirectoryFacets, error) {
	out := &DirectoryFacets{Sections: map[string]int{}, Divisions: map[string]int{}, Qualifications: map[string]int{}}
	rows, err := s.db.R.QueryContext(ctx, `SELECT e.industry_code, COUNT(*) FROM enterprises e WHERE `+publicWhere+` GROUP BY e.industry_code`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			rows.Close()
			return nil, err
		}
		out.Total += n
		if len(code) >= 3 {
			out.Sections[code[:1]] += n
			out.Divisions[code[:3]] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.R.QueryContext(ctx, `SELECT q.kind, COUNT(DISTINCT q.enterprise_id) FROM qualifications q
		JOIN enterprises e ON e.id = q.enterprise_id WHERE `+publicWhere+` AND `+validQual("$1")+` GROUP BY q.kind`, s.today())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, err
		}
		out.Qualifications[kind] = n
	}
	return out, rows.Err()
}

// DirectoryVersion is a cheap token that changes whenever the directory's content may have: the published
// records (their count and latest change: an edit moves the latest change, a record published or withdrawn
// moves the count, or the latest change when another was published at the same time) and the titles in
// force today on them (their count and a checksum of their ids, kinds and names, which also moves when a
// title expires at midnight or is edited in place). Changes to unpublished records leave it alone, so they
// do not empty the portal's page cache. The portal folds it into its cache's generation.
func (s *Service) DirectoryVersion(ctx context.Context) (string, error) {
	var public, quals, sum int64
	var latest sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM enterprises e WHERE `+publicWhere+`),
		(SELECT MAX(e.updated_at) FROM enterprises e WHERE `+publicWhere+`),
		(SELECT COUNT(*) FROM qualifications q JOIN enterprises e ON e.id = q.enterprise_id WHERE `+publicWhere+` AND `+validQual("$1")+`),
		(SELECT COALESCE(SUM(q.id * (LENGTH(q.kind) + 31 * LENGTH(q.name))), 0) FROM qualifications q
			JOIN enterprises e ON e.id = q.enterprise_id WHERE `+publicWhere+` AND `+validQual("$1")+`)`,
		s.today()).Scan(&public, &latest, &quals, &sum)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("e%d.%s.q%d.%d", public, latest.String, quals, sum), nil
}

// prefixed qualifies each column of a comma-separated list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
