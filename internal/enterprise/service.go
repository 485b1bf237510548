package enterprise

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/notify"
	"parkos/internal/pii"
)

// Service is the registry's gate: it checks the actor's permission and data scope, runs each change in one
// transaction and writes its audit record there.
type Service struct {
	db     *db.DB
	log    *audit.Log
	now    func() time.Time
	sealer *pii.Sealer
	files  string // where evidence files are kept, by content hash
	// Region is where the park's enterprises are registered, as the criteria engine names regions
	// ("CN-HA-LY": Luoyang, Henan); it picks local rule sets.
	Region  string
	images  ImageStore     // logos, served by the portal
	notices *notify.Center // reminders to park staff: expiring qualifications, changes waiting for review
}

// Options are what the registry needs from outside the database.
type Options struct {
	Sealer  *pii.Sealer // seals contacts' phone numbers
	DataDir string      // the data directory; evidence files go to DataDir/evidence
	Region  string      // defaults to DefaultRegion
	Notices *notify.Center
	Images  ImageStore // where logos are kept
}

// DefaultRegion is the park's region: Luoyang, Henan.
const DefaultRegion = "CN-HA-LY"

// NewService builds the registry service.
func NewService(d *db.DB, log *audit.Log, o Options) *Service {
	region := o.Region
	if region == "" {
		region = DefaultRegion
	}
	files := ""
	if o.DataDir != "" {
		files = filepath.Join(o.DataDir, "evidence")
	}
	return &Service{db: d, log: log, now: db.Now, sealer: o.Sealer, files: files, Region: region, notices: o.Notices, images: o.Images}
}

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
		if err := s.checkInput(ctx, tx, &in, 0); err != nil {
			return err
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

// UpdateEnterprise changes a record. Park staff change any field at once. An enterprise user changes its
// own record: the descriptive fields (description, website, tags) at once, the key fields (KeyFields) by a
// request that park staff approve (DecideChange); status, dates, location and publication stay the park's.
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
			req := inputOf(before)
			req.Name, req.USCC, req.LegalRep, req.FoundedOn, req.RegisteredCapital = in.Name, in.USCC, in.LegalRep, in.FoundedOn, in.RegisteredCapital
			req.Kind, req.IndustryCode, req.EmergingIndustry, req.HitechField = in.Kind, in.IndustryCode, in.EmergingIndustry, in.HitechField
			req.Tags, req.Description, req.Website = in.Tags, in.Description, in.Website
			if err := s.checkInput(ctx, tx, &req, entID); err != nil {
				return err
			}
			if _, err := s.requestChange(ctx, tx, a, before, &req); err != nil {
				return err
			}
			in = inputOf(before)
			in.Tags, in.Description, in.Website = req.Tags, req.Description, req.Website
		}
		if err := s.checkInput(ctx, tx, &in, entID); err != nil {
			return err
		}
		if _, err := writeEnterprise(ctx, tx, entID, &in, s.now()); err != nil {
			return err
		}
		if out, err = byID(ctx, tx, entID); err != nil {
			return err
		}
		b, af := audit.Changes(snapshot(before), snapshot(out))
		if len(af) == 0 && len(b) == 0 {
			return nil
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.update", ObjectType: "enterprise", ObjectID: id(entID), Before: b, After: af})
	})
	return out, err
}

// checkInput validates a record, checks its industry code against the full code table when one is loaded,
// and refuses a credit code another record holds.
func (s *Service) checkInput(ctx context.Context, tx *sql.Tx, in *Input, entID int64) error {
	if err := in.validate(); err != nil {
		return err
	}
	if err := checkIndustryCode(ctx, tx, in.IndustryCode); err != nil {
		return err
	}
	if dup, err := duplicate(ctx, tx, in.USCC, entID); err != nil {
		return err
	} else if dup != 0 {
		return duplicateError(dup, in.USCC)
	}
	return nil
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
