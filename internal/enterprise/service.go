package enterprise

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Service is the registry's gate: it checks the actor's permission and data scope, runs each change in one
// transaction and writes its audit record there.
type Service struct {
	db  *db.DB
	log *audit.Log
	now func() time.Time
}

// NewService builds the registry service.
func NewService(d *db.DB, log *audit.Log) *Service { return &Service{db: d, log: log, now: db.Now} }

func id(n int64) string { return strconv.FormatInt(n, 10) }

func (s *Service) deny(ctx context.Context, a *auth.Actor, action string, entID int64, msg string) error {
	_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: action, ObjectType: "enterprise", ObjectID: id(entID), Result: audit.Denied, Note: msg})
	return errs.Forbiddenf("%s", msg)
}

// canSee reports whether a may read enterprise entID: park staff any, an enterprise user its own.
func canSee(a *auth.Actor, entID int64) bool {
	return a.Can(PermRead) || (a.Can(PermSelf) && a.EnterpriseID == entID && entID != 0)
}

func snapshot(e *Enterprise) map[string]any {
	m := map[string]any{"name": e.Name, "uscc": e.USCC, "legal_rep": e.LegalRep, "kind": string(e.Kind), "status": string(e.Status),
		"industry_code": e.IndustryCode, "registered_capital": e.RegisteredCapital, "location": e.Location, "public": e.Public,
		"tags": strings.Join(e.Tags, "、"), "website": e.Website}
	if e.FoundedOn != nil {
		m["founded_on"] = e.FoundedOn.Format(time.DateOnly)
	}
	return m
}

// CreateEnterprise registers an enterprise. A credit code already registered is refused with a link to the
// record that has it.
func (s *Service) CreateEnterprise(ctx context.Context, a *auth.Actor, in Input) (*Enterprise, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "enterprise.create", 0, "没有登记企业的权限")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Enterprise
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if dup, err := duplicate(ctx, tx, in.USCC, 0); err != nil {
			return err
		} else if dup != 0 {
			return duplicateError(dup, in.USCC)
		}
		eid, err := writeEnterprise(ctx, tx, 0, &in, s.now())
		if err != nil {
			return err
		}
		if out, err = byID(ctx, tx, eid); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.create", ObjectType: "enterprise", ObjectID: id(eid), After: snapshot(out)})
	})
	return out, err
}

// UpdateEnterprise changes a record. Park staff change any field; an enterprise user changes the
// descriptive fields of its own record (description, website, tags), while its legal facts (name, code,
// legal representative, capital, status and dates) are kept by the park.
func (s *Service) UpdateEnterprise(ctx context.Context, a *auth.Actor, entID int64, in Input) (*Enterprise, error) {
	self := !a.Can(PermManage)
	if self && !(a.Can(PermSelf) && a.EnterpriseID == entID) {
		return nil, s.deny(ctx, a, "enterprise.update", entID, "没有修改该企业资料的权限")
	}
	var out *Enterprise
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, entID)
		if err != nil {
			return err
		}
		if self {
			in = Input{Name: before.Name, USCC: before.USCC, LegalRep: before.LegalRep, FoundedOn: before.FoundedOn,
				RegisteredCapital: before.RegisteredCapital, Kind: before.Kind, IndustryCode: before.IndustryCode,
				EmergingIndustry: before.EmergingIndustry, HitechField: before.HitechField, Location: before.Location,
				Status: before.Status, EnteredOn: before.EnteredOn, GraduatedOn: before.GraduatedOn, MovedOutOn: before.MovedOutOn,
				Public: before.Public, Tags: in.Tags, Description: in.Description, Website: in.Website}
		}
		if err := in.validate(); err != nil {
			return err
		}
		if dup, err := duplicate(ctx, tx, in.USCC, entID); err != nil {
			return err
		} else if dup != 0 {
			return duplicateError(dup, in.USCC)
		}
		if _, err := writeEnterprise(ctx, tx, entID, &in, s.now()); err != nil {
			return err
		}
		if out, err = byID(ctx, tx, entID); err != nil {
			return err
		}
		b, af := audit.Changes(snapshot(before), snapshot(out))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.update", ObjectType: "enterprise", ObjectID: id(entID), Before: b, After: af})
	})
	return out, err
}

// FindEnterpriseByID returns a record within the actor's scope.
func (s *Service) FindEnterpriseByID(ctx context.Context, a *auth.Actor, entID int64) (*Enterprise, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "enterprise.read", entID, "没有查看该企业的权限")
	}
	return byID(ctx, s.db.R, entID)
}

// Filter selects enterprises.
type Filter struct {
	Query        string // part of the name or the credit code
	Status       Status
	IndustryCode string // a section letter or division prefix, e.g. "C" or "C39"
	Tag          string
	PublicOnly   bool
	Limit        int
	Offset       int
}

// FindEnterprises lists the enterprises in the actor's scope, by name, with the total.
func (s *Service) FindEnterprises(ctx context.Context, a *auth.Actor, f Filter) ([]*Enterprise, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case a.Can(PermRead):
	case a.Can(PermSelf) && a.EnterpriseID != 0:
		where = append(where, "id = "+arg(a.EnterpriseID))
	default:
		return nil, 0, s.deny(ctx, a, "enterprise.list", 0, "没有查看企业库的权限")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := arg(db.Like(strings.ToLower(q)))
		where = append(where, "(lower(name) LIKE "+p+` ESCAPE '\' OR lower(uscc) LIKE `+p+` ESCAPE '\')`)
	}
	if f.Status != "" {
		where = append(where, "status = "+arg(string(f.Status)))
	}
	if f.IndustryCode != "" {
		where = append(where, "industry_code LIKE "+arg(db.LikePrefix(strings.ToUpper(f.IndustryCode)))+` ESCAPE '\'`)
	}
	if f.Tag != "" {
		where = append(where, "tags LIKE "+arg(db.Like(f.Tag))+` ESCAPE '\'`)
	}
	if f.PublicOnly {
		where = append(where, "public = TRUE")
	}
	return s.list(ctx, where, args, f.Limit, f.Offset)
}

func (s *Service) list(ctx context.Context, where []string, args []any, limit, offset int) ([]*Enterprise, int, error) {
	q := `SELECT ` + entCols + `, COUNT(*) OVER() FROM enterprises`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit, offset)
	q += ` ORDER BY name, id LIMIT $` + strconv.Itoa(len(args)-1) + ` OFFSET $` + strconv.Itoa(len(args))
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Enterprise
	total := 0
	for rows.Next() {
		e, err := scanEnterprise(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
