package enterprise

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/errs"
)

// QualificationKinds are the built-in qualification schemes with their Chinese names; others are entered by
// name with the kind "other".
var QualificationKinds = map[string]string{
	"gaoqi": "高新技术企业", "kexiao": "科技型中小企业", "chuangxin": "创新型中小企业", "zhuanjingtexin": "专精特新中小企业",
	"xiaojuren": "专精特新“小巨人”企业", "dengling": "瞪羚企业", "tech_adv_service": "技术先进型服务企业",
	"rnd_institution": "研发机构", "other": "其他",
}

// LevelNames are the Chinese names of the levels of a qualification.
var LevelNames = map[string]string{"national": "国家级", "provincial": "省级", "municipal": "市级", "district": "区级"}

// Qualification is a title an enterprise holds, with its certificate.
type Qualification struct {
	ID           int64
	EnterpriseID int64
	Kind         string
	Name         string
	Level        string
	CertNo       string
	IssuedOn     *time.Time
	ExpiresOn    *time.Time
}

// AddQualification records a qualification of an enterprise (park staff).
func (s *Service) AddQualification(ctx context.Context, a *auth.Actor, q Qualification) (*Qualification, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "qualification.add", q.EnterpriseID, "没有登记资质的权限")
	}
	var f errs.Fields
	q.Name, q.CertNo = strings.TrimSpace(q.Name), strings.TrimSpace(q.CertNo)
	name, ok := QualificationKinds[q.Kind]
	switch {
	case !ok:
		f.Add("kind", "请选择资质类型")
	case q.Kind == "other" && q.Name == "":
		f.Add("name", "“其他”资质请填写名称")
	case q.Name == "":
		q.Name = name
	}
	if _, ok := LevelNames[q.Level]; q.Level != "" && !ok {
		f.Add("level", "级别只能是国家级、省级、市级或区级")
	}
	if q.IssuedOn != nil && q.ExpiresOn != nil && q.ExpiresOn.Before(*q.IssuedOn) {
		f.Add("expires_on", "有效期至不能早于发证日期")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := byID(ctx, tx, q.EnterpriseID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO qualifications (enterprise_id, kind, name, level, cert_no, issued_on, expires_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, q.EnterpriseID, q.Kind, q.Name, q.Level, q.CertNo,
			null(q.IssuedOn), null(q.ExpiresOn), s.now()).Scan(&q.ID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.add", ObjectType: "enterprise", ObjectID: id(q.EnterpriseID),
			After: map[string]any{"kind": q.Kind, "name": q.Name, "cert_no": q.CertNo}})
	})
	return &q, err
}

func scanQualifications(rows *sql.Rows) ([]*Qualification, error) {
	defer rows.Close()
	var out []*Qualification
	for rows.Next() {
		var q Qualification
		var issued, expires sql.NullTime
		if err := rows.Scan(&q.ID, &q.EnterpriseID, &q.Kind, &q.Name, &q.Level, &q.CertNo, &issued, &expires); err != nil {
			return nil, err
		}
		q.IssuedOn, q.ExpiresOn = ptr(issued), ptr(expires)
		out = append(out, &q)
	}
	return out, rows.Err()
}

const qualCols = `id, enterprise_id, kind, name, level, cert_no, issued_on, expires_on`

// Qualifications lists an enterprise's qualifications, within the actor's scope.
func (s *Service) Qualifications(ctx context.Context, a *auth.Actor, entID int64) ([]*Qualification, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "qualification.list", entID, "没有查看该企业资质的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+qualCols+` FROM qualifications WHERE enterprise_id = $1 ORDER BY issued_on DESC, id DESC`, entID)
	if err != nil {
		return nil, err
	}
	return scanQualifications(rows)
}

// Expiring lists the qualifications (of all enterprises) whose validity ends within the next days, soonest
// first, for the park's reminders.
func (s *Service) Expiring(ctx context.Context, a *auth.Actor, days int) ([]*Qualification, error) {
	if !a.Can(PermRead) {
		return nil, s.deny(ctx, a, "qualification.expiring", 0, "没有查看资质到期提醒的权限")
	}
	now := s.now()
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+qualCols+` FROM qualifications WHERE expires_on >= $1 AND expires_on < $2
		ORDER BY expires_on, id`, now, now.AddDate(0, 0, days))
	if err != nil {
		return nil, err
	}
	return scanQualifications(rows)
}
