package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// Stage is how far a product has come towards industrial production.
type Stage string

// The industrialisation stages.
const (
	StageRnD        Stage = "rnd"
	StagePilot      Stage = "pilot"
	StageSmallBatch Stage = "small_batch"
	StageIndustrial Stage = "industrial"
)

// StageNames are the Chinese names of the stages, and StageOrder their order.
var (
	StageNames = map[Stage]string{StageRnD: "研发", StagePilot: "中试", StageSmallBatch: "小批量", StageIndustrial: "产业化"}
	StageOrder = []Stage{StageRnD, StagePilot, StageSmallBatch, StageIndustrial}
)

// Product is what an enterprise makes, with what it needs and who buys it: the industry-chain map is drawn
// from products and links.
type Product struct {
	ID              int64
	EnterpriseID    int64
	Name            string
	Stage           Stage
	RawMaterials    string // key raw materials and parts
	MaterialSources string // where they come from
	Customers       string // main customers
	Markets         string // main markets
}

func (p *Product) validate() error {
	var f errs.Fields
	p.Name = strings.TrimSpace(p.Name)
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		f.Add("name", "请填写产品名称")
	case n > 100:
		f.Add("name", "产品名称最多 100 个字")
	}
	if _, ok := StageNames[p.Stage]; !ok {
		f.Add("stage", "请选择产业化阶段：研发、中试、小批量或产业化")
	}
	for _, x := range []struct {
		v     *string
		field string
		label string
	}{{&p.RawMaterials, "raw_materials", "关键原材料"}, {&p.MaterialSources, "material_sources", "原材料来源"},
		{&p.Customers, "customers", "主要客户"}, {&p.Markets, "markets", "主要市场"}} {
		*x.v = strings.TrimSpace(*x.v)
		if utf8.RuneCountInString(*x.v) > 500 {
			f.Add(x.field, x.label+"最多 500 字")
		}
	}
	return f.Err()
}

// LinkKind is which side of a supply link the partner is on.
type LinkKind string

// The link kinds: the partner supplies the enterprise, or buys from it.
const (
	LinkSupplier LinkKind = "supplier"
	LinkCustomer LinkKind = "customer"
)

// LinkKindNames are the Chinese names of the link kinds.
var LinkKindNames = map[LinkKind]string{LinkSupplier: "供应商", LinkCustomer: "客户"}

// Link is a supply relation of an enterprise with a partner, in the park (PartnerID set) or outside.
type Link struct {
	ID           int64
	EnterpriseID int64
	Kind         LinkKind
	PartnerID    int64 // 0 when the partner is not in the registry
	PartnerName  string
	Product      string // what flows along the link
	Note         string
	// Reported is set on links another enterprise reported with this one as its partner.
	Reported     bool
	ReporterName string
}

func (l *Link) validate() error {
	var f errs.Fields
	l.PartnerName, l.Product, l.Note = strings.TrimSpace(l.PartnerName), strings.TrimSpace(l.Product), strings.TrimSpace(l.Note)
	if _, ok := LinkKindNames[l.Kind]; !ok {
		f.Add("kind", "请选择对方是供应商还是客户")
	}
	switch n := utf8.RuneCountInString(l.PartnerName); {
	case n == 0:
		f.Add("partner_name", "请填写对方单位名称")
	case n > 100:
		f.Add("partner_name", "单位名称最多 100 个字")
	}
	if utf8.RuneCountInString(l.Product) > 100 {
		f.Add("product", "产品或服务最多 100 个字")
	}
	if utf8.RuneCountInString(l.Note) > 300 {
		f.Add("note", "备注最多 300 字")
	}
	return f.Err()
}

// Products lists an enterprise's products, within the actor's scope.
func (s *Service) Products(ctx context.Context, a *auth.Actor, entID int64) ([]*Product, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "product.list", entID, "没有查看该企业产品的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, enterprise_id, name, stage, raw_materials, material_sources, customers, markets
		FROM products WHERE enterprise_id = $1 ORDER BY id`, entID)
	if err != nil {
		return nil, err
	}
	return db.ScanAll(rows, func(row db.Scanner) (*Product, error) {
		var p Product
		return &p, row.Scan(&p.ID, &p.EnterpriseID, &p.Name, &p.Stage, &p.RawMaterials, &p.MaterialSources, &p.Customers, &p.Markets)
	})
}

func productSnapshot(p *Product) map[string]any {
	return map[string]any{"name": p.Name, "stage": string(p.Stage), "raw_materials": p.RawMaterials, "material_sources": p.MaterialSources,
		"customers": p.Customers, "markets": p.Markets}
}

// SaveProduct adds a product (p.ID 0) or changes one: park staff, or the enterprise itself.
func (s *Service) SaveProduct(ctx context.Context, a *auth.Actor, p Product) (int64, error) {
	if !canKeepUp(a, p.EnterpriseID) {
		return 0, s.deny(ctx, a, "product.save", p.EnterpriseID, "没有维护该企业产品的权限")
	}
	if err := p.validate(); err != nil {
		return 0, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := byID(ctx, tx, p.EnterpriseID); err != nil {
			return err
		}
		action := "product.add"
		if p.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO products (enterprise_id, name, stage, raw_materials, material_sources, customers, markets)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.EnterpriseID, p.Name, string(p.Stage), p.RawMaterials, p.MaterialSources,
				p.Customers, p.Markets).Scan(&p.ID); err != nil {
				return err
			}
		} else {
			action = "product.update"
			res, err := tx.ExecContext(ctx, `UPDATE products SET name = $1, stage = $2, raw_materials = $3, material_sources = $4, customers = $5,
				markets = $6 WHERE id = $7 AND enterprise_id = $8`, p.Name, string(p.Stage), p.RawMaterials, p.MaterialSources, p.Customers,
				p.Markets, p.ID, p.EnterpriseID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.NotFoundf("产品")
			}
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: action, ObjectType: "enterprise", ObjectID: id(p.EnterpriseID),
			After: productSnapshot(&p), Note: fmt.Sprintf("产品 %d", p.ID)})
	})
	return p.ID, err
}

// deleteOwned deletes a row of table (products or enterprise_links) that belongs to the enterprise, audited.
func (s *Service) deleteOwned(ctx context.Context, a *auth.Actor, table, action, what string, entID, rowID int64) error {
	if !canKeepUp(a, entID) {
		return s.deny(ctx, a, action, entID, "没有维护该企业"+what+"的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1 AND enterprise_id = $2`, rowID, entID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("%s", what)
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: action, ObjectType: "enterprise", ObjectID: id(entID),
			Note: fmt.Sprintf("%s %d", what, rowID)})
	})
}

// DeleteProduct removes a product.
func (s *Service) DeleteProduct(ctx context.Context, a *auth.Actor, entID, productID int64) error {
	return s.deleteOwned(ctx, a, "products", "product.delete", "产品", entID, productID)
}

// DeleteLink removes a supply link the enterprise reported.
func (s *Service) DeleteLink(ctx context.Context, a *auth.Actor, entID, linkID int64) error {
	return s.deleteOwned(ctx, a, "enterprise_links", "link.delete", "供应链关系", entID, linkID)
}

// partnerIn finds the registered enterprise a partner name or credit code names: for park staff any, for an
// enterprise user only the published ones (it must not learn who else is registered). 0 when none.
func partnerIn(ctx context.Context, q db.Querier, a *auth.Actor, name string, self int64) (int64, error) {
	var pid int64
	qs := `SELECT id FROM enterprises WHERE (name = $1 OR uscc = $2) AND id <> $3`
	if !a.Can(PermRead) {
		qs += ` AND public = TRUE`
	}
	err := q.QueryRowContext(ctx, qs+` ORDER BY id LIMIT 1`, name, strings.ToUpper(name), self).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pid, err
}

// SaveLink adds a supply link (l.ID 0) or changes one. A partner named exactly as a registered enterprise
// (or by its credit code) is linked to that record, so the chain map joins the two.
func (s *Service) SaveLink(ctx context.Context, a *auth.Actor, l Link) (int64, error) {
	if !canKeepUp(a, l.EnterpriseID) {
		return 0, s.deny(ctx, a, "link.save", l.EnterpriseID, "没有维护该企业供应链关系的权限")
	}
	if err := l.validate(); err != nil {
		return 0, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := byID(ctx, tx, l.EnterpriseID); err != nil {
			return err
		}
		pid, err := partnerIn(ctx, tx, a, l.PartnerName, l.EnterpriseID)
		if err != nil {
			return err
		}
		var partner any
		if pid != 0 {
			partner = pid
		}
		action := "link.add"
		if l.ID == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO enterprise_links (enterprise_id, kind, partner_id, partner_name, product, note)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, l.EnterpriseID, string(l.Kind), partner, l.PartnerName, l.Product, l.Note).Scan(&l.ID)
		} else {
			action = "link.update"
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE enterprise_links SET kind = $1, partner_id = $2, partner_name = $3, product = $4, note = $5
				WHERE id = $6 AND enterprise_id = $7`, string(l.Kind), partner, l.PartnerName, l.Product, l.Note, l.ID, l.EnterpriseID)
			if n, _ := res.RowsAffected(); err == nil && n == 0 {
				err = errs.NotFoundf("供应链关系")
			}
		}
		if err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: action, ObjectType: "enterprise", ObjectID: id(l.EnterpriseID),
			After: map[string]any{"kind": string(l.Kind), "partner": l.PartnerName, "partner_id": pid, "product": l.Product},
			Note:  fmt.Sprintf("供应链关系 %d", l.ID)})
	})
	return l.ID, err
}

// Links lists the enterprise's supply links: those it reported, and those other registered enterprises
// reported with it as partner (seen the other way round: a customer's supplier link makes it a customer).
// An enterprise user sees the reverse links of published reporters only.
func (s *Service) Links(ctx context.Context, a *auth.Actor, entID int64) ([]*Link, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "link.list", entID, "没有查看该企业供应链关系的权限")
	}
	publicOnly := !a.Can(PermRead)
	rows, err := s.db.R.QueryContext(ctx, `SELECT l.id, l.enterprise_id, l.kind, COALESCE(l.partner_id, 0), l.partner_name, l.product, l.note, FALSE, ''
		FROM enterprise_links l WHERE l.enterprise_id = $1
		UNION ALL
		SELECT l.id, l.partner_id, CASE l.kind WHEN 'supplier' THEN 'customer' ELSE 'supplier' END, l.enterprise_id, e.name, l.product, l.note, TRUE, e.name
		FROM enterprise_links l JOIN enterprises e ON e.id = l.enterprise_id
		WHERE l.partner_id = $1 AND (e.public = TRUE OR $2 = FALSE)
		ORDER BY 8, 3, 5`, entID, publicOnly)
	if err != nil {
		return nil, err
	}
	return db.ScanAll(rows, func(row db.Scanner) (*Link, error) {
		var l Link
		return &l, row.Scan(&l.ID, &l.EnterpriseID, &l.Kind, &l.PartnerID, &l.PartnerName, &l.Product, &l.Note, &l.Reported, &l.ReporterName)
	})
}
