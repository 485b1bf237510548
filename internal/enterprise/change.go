package enterprise

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/notify"
)

// KeyFields are the fields of a record that an enterprise user may ask to change but that take effect only
// once park staff approve: the legal and statistical facts others rely on. The descriptive fields (tags,
// description, website) change at once; status, dates, location and publication are the park's alone.
var KeyFields = []struct{ Name, Label string }{
	{"name", "企业名称"}, {"uscc", "统一社会信用代码"}, {"legal_rep", "法定代表人"}, {"founded_on", "成立日期"},
	{"registered_capital", "注册资本"}, {"kind", "类型"}, {"industry_code", "行业代码"}, {"emerging_industry", "战略性新兴产业"},
	{"hitech_field", "高新技术领域"},
}

// keyValues are the key fields of an input as text, the form they are compared, stored and shown in.
func keyValues(in *Input) map[string]string {
	m := map[string]string{"name": in.Name, "uscc": in.USCC, "legal_rep": in.LegalRep, "kind": string(in.Kind),
		"industry_code": in.IndustryCode, "emerging_industry": in.EmergingIndustry, "hitech_field": in.HitechField,
		"registered_capital": Wan(in.RegisteredCapital), "founded_on": ""}
	if in.FoundedOn != nil {
		m["founded_on"] = in.FoundedOn.In(cst).Format(time.DateOnly)
	}
	return m
}

// applyKeyValues sets the key fields of in from their text form.
func applyKeyValues(in *Input, m map[string]string) error {
	for k, v := range m {
		switch k {
		case "name":
			in.Name = v
		case "uscc":
			in.USCC = v
		case "legal_rep":
			in.LegalRep = v
		case "kind":
			in.Kind = Kind(v)
		case "industry_code":
			in.IndustryCode = v
		case "emerging_industry":
			in.EmergingIndustry = v
		case "hitech_field":
			in.HitechField = v
		case "registered_capital":
			fen, err := ParseWan(v)
			if err != nil {
				return err
			}
			in.RegisteredCapital = fen
		case "founded_on":
			in.FoundedOn = nil
			if v != "" {
				t, err := time.ParseInLocation(time.DateOnly, v, cst)
				if err != nil {
					return err
				}
				in.FoundedOn = &t
			}
		}
	}
	return nil
}

func inputOf(e *Enterprise) Input {
	return Input{Name: e.Name, USCC: e.USCC, LegalRep: e.LegalRep, FoundedOn: e.FoundedOn, RegisteredCapital: e.RegisteredCapital,
		Kind: e.Kind, IndustryCode: e.IndustryCode, EmergingIndustry: e.EmergingIndustry, HitechField: e.HitechField, Location: e.Location,
		Status: e.Status, EnteredOn: e.EnteredOn, GraduatedOn: e.GraduatedOn, MovedOutOn: e.MovedOutOn, Tags: e.Tags,
		Description: e.Description, Website: e.Website, Public: e.Public}
}

// ChangeStatus is where a change request stands.
type ChangeStatus string

// The states of a change request.
const (
	ChangePending   ChangeStatus = "pending"
	ChangeApproved  ChangeStatus = "approved"
	ChangeRejected  ChangeStatus = "rejected"
	ChangeWithdrawn ChangeStatus = "withdrawn" // replaced by a newer request of the same enterprise
)

// ChangeStatusNames are the Chinese names of the states.
var ChangeStatusNames = map[ChangeStatus]string{ChangePending: "待审核", ChangeApproved: "已通过", ChangeRejected: "已退回", ChangeWithdrawn: "已被新申请替代"}

// FieldChange is one key field's value before and after.
type FieldChange struct {
	Field, Label, Before, After string
}

// Change is an enterprise's request to change key fields of its record.
type Change struct {
	ID             int64
	EnterpriseID   int64
	EnterpriseName string
	RequestedBy    int64
	Fields         []FieldChange
	Status         ChangeStatus
	Comment        string
	CreatedAt      time.Time
	DecidedAt      *time.Time
}

// requestChange records the key fields an enterprise user changed as a request for park review, in the
// caller's transaction; an earlier pending request of the enterprise is replaced. It returns the request's
// id, or 0 when no key field differs.
func (s *Service) requestChange(ctx context.Context, tx *sql.Tx, a *auth.Actor, before *Enterprise, in *Input) (int64, error) {
	old, now := keyValues(ptrInput(inputOf(before))), keyValues(in)
	b, af := map[string]string{}, map[string]string{}
	for _, f := range KeyFields {
		if old[f.Name] != now[f.Name] {
			b[f.Name], af[f.Name] = old[f.Name], now[f.Name]
		}
	}
	if len(af) == 0 {
		return 0, nil
	}
	bj, _ := json.Marshal(b)
	aj, _ := json.Marshal(af)
	if _, err := tx.ExecContext(ctx, `UPDATE enterprise_changes SET status = 'withdrawn', decided_at = $1 WHERE enterprise_id = $2 AND status = 'pending'`,
		s.now(), before.ID); err != nil {
		return 0, err
	}
	var cid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO enterprise_changes (enterprise_id, requested_by, before_json, after_json, status, created_at)
		VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id`, before.ID, a.UserID, string(bj), string(aj), s.now()).Scan(&cid); err != nil {
		return 0, err
	}
	if s.notices != nil {
		if _, err := s.notices.Post(ctx, tx, notify.Notice{Perm: PermManage, Key: fmt.Sprintf("enterprise-change:%d", cid),
			Title: before.Name + " 申请变更登记信息", Body: "变更项：" + changedLabels(af), Link: "/admin/enterprise-changes"}); err != nil {
			return 0, err
		}
	}
	return cid, s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.change.request", ObjectType: "enterprise", ObjectID: id(before.ID),
		Before: anyMap(b), After: anyMap(af), Note: fmt.Sprintf("变更申请 %d", cid)})
}

func ptrInput(in Input) *Input { return &in }

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func changedLabels(m map[string]string) string {
	var out []string
	for _, f := range KeyFields {
		if _, ok := m[f.Name]; ok {
			out = append(out, f.Label)
		}
	}
	return strings.Join(out, "、")
}

const changeCols = `c.id, c.enterprise_id, e.name, c.requested_by, c.before_json, c.after_json, c.status, c.comment, c.created_at, c.decided_at`

func scanChange(sc db.Scanner) (*Change, error) {
	var c Change
	var bj, aj string
	var decided sql.NullTime
	if err := sc.Scan(&c.ID, &c.EnterpriseID, &c.EnterpriseName, &c.RequestedBy, &bj, &aj, &c.Status, &c.Comment, &c.CreatedAt, &decided); err != nil {
		return nil, err
	}
	c.DecidedAt = ptr(decided)
	var b, af map[string]string
	if err := json.Unmarshal([]byte(bj), &b); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(aj), &af); err != nil {
		return nil, err
	}
	for _, f := range KeyFields {
		if v, ok := af[f.Name]; ok {
			c.Fields = append(c.Fields, FieldChange{Field: f.Name, Label: f.Label, Before: b[f.Name], After: v})
		}
	}
	return &c, nil
}

// FindChanges lists change requests, newest first: park staff see every enterprise's (status "" for all),
// an enterprise user its own.
func (s *Service) FindChanges(ctx context.Context, a *auth.Actor, status ChangeStatus, entID int64) ([]*Change, error) {
	switch {
	case a.Can(PermManage):
	case entID != 0 && a.Can(PermSelf) && a.EnterpriseID == entID:
	default:
		return nil, s.deny(ctx, a, "enterprise.change.list", entID, "没有查看变更申请的权限")
	}
	q := `SELECT ` + changeCols + ` FROM enterprise_changes c JOIN enterprises e ON e.id = c.enterprise_id WHERE ($1 = '' OR c.status = $1)
		AND ($2 = 0 OR c.enterprise_id = $2) ORDER BY c.created_at DESC, c.id DESC LIMIT 200`
	rows, err := s.db.R.QueryContext(ctx, q, string(status), entID)
	if err != nil {
		return nil, err
	}
	return db.ScanAll(rows, scanChange)
}

// DecideChange approves a pending request, which applies its fields to the record, or returns it with a
// comment saying why.
func (s *Service) DecideChange(ctx context.Context, a *auth.Actor, changeID int64, approve bool, comment string) error {
	if !a.Can(PermManage) {
		return s.deny(ctx, a, "enterprise.change.decide", 0, "没有审核变更申请的权限")
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return errs.Invalidf("comment", "退回时请写明原因，企业会看到")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := scanChange(tx.QueryRowContext(ctx, `SELECT `+changeCols+` FROM enterprise_changes c JOIN enterprises e ON e.id = c.enterprise_id
			WHERE c.id = $1`, changeID))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("变更申请")
		}
		if err != nil {
			return err
		}
		if c.Status != ChangePending {
			return errs.Conflictf("该变更申请已经处理（%s）", ChangeStatusNames[c.Status])
		}
		status := ChangeRejected
		if approve {
			status = ChangeApproved
			before, err := byID(ctx, tx, c.EnterpriseID)
			if err != nil {
				return err
			}
			in := inputOf(before)
			after := map[string]string{}
			for _, f := range c.Fields {
				after[f.Field] = f.After
			}
			if err := applyKeyValues(&in, after); err != nil {
				return errs.Conflictf("变更申请的内容无法读取：%v", err)
			}
			if err := s.checkInput(ctx, tx, &in, c.EnterpriseID); err != nil {
				return err
			}
			if _, err := writeEnterprise(ctx, tx, c.EnterpriseID, &in, s.now()); err != nil {
				return err
			}
			out, err := byID(ctx, tx, c.EnterpriseID)
			if err != nil {
				return err
			}
			b, af := audit.Changes(snapshot(before), snapshot(out))
			if err := s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.update", ObjectType: "enterprise", ObjectID: id(c.EnterpriseID),
				Before: b, After: af, Note: fmt.Sprintf("按变更申请 %d", changeID)}); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_changes SET status = $1, comment = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
			string(status), comment, a.UserID, s.now(), changeID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "enterprise.change.decide", ObjectType: "enterprise", ObjectID: id(c.EnterpriseID),
			Note: fmt.Sprintf("变更申请 %d：%s %s", changeID, ChangeStatusNames[status], comment)})
	})
}
