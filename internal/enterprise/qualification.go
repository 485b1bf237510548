package enterprise

import (
	"context"
	"database/sql"
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

// QualificationKinds are the built-in qualification schemes with their Chinese names; others are entered by
// name with the kind "other".
var QualificationKinds = map[string]string{
	"gaoqi": "高新技术企业", "kexiao": "科技型中小企业", "chuangxin": "创新型中小企业", "zhuanjingtexin": "专精特新中小企业",
	"xiaojuren": "专精特新“小巨人”企业", "dengling": "瞪羚企业", "tech_adv_service": "技术先进型服务企业",
	"rnd_institution": "研发机构", "other": "其他",
}

// QualificationOrder is the order in which the kinds are offered.
var QualificationOrder = []string{"gaoqi", "kexiao", "chuangxin", "zhuanjingtexin", "xiaojuren", "dengling", "tech_adv_service", "rnd_institution", "other"}

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
	Files        []*EvidenceFile
}

// ValidOn reports whether the qualification is in force on day d (no expiry recorded counts as in force).
func (q *Qualification) ValidOn(d time.Time) bool {
	if q.IssuedOn != nil && d.Before(*q.IssuedOn) {
		return false
	}
	return q.ExpiresOn == nil || !d.After(*q.ExpiresOn)
}

// DaysLeft is the number of calendar days (China time) from now's date to the expiry date, negative once
// expired; 0 without a date.
func (q *Qualification) DaysLeft(now time.Time) int {
	if q.ExpiresOn == nil {
		return 0
	}
	return daysBetween(now, *q.ExpiresOn)
}

// daysBetween counts the calendar days in China time from a's date to b's: a date entered as 2026-12-07 is
// kept as that day's midnight in China time, so the day, not the hour, decides.
func daysBetween(a, b time.Time) int {
	ya, ma, da := a.In(cst).Date()
	yb, mb, db := b.In(cst).Date()
	return int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

func (q *Qualification) validate() error {
	var f errs.Fields
	q.Name, q.CertNo = strings.TrimSpace(q.Name), strings.TrimSpace(q.CertNo)
	name, ok := QualificationKinds[q.Kind]
	switch {
	case !ok:
		f.Add("kind", "请选择资质类型")
	case (q.Kind == "other" || q.Kind == "rnd_institution") && q.Name == "":
		f.Add("name", "请填写资质名称，如：河南省工程技术研究中心")
	case q.Name == "":
		q.Name = name
	}
	if len([]rune(q.Name)) > 100 {
		f.Add("name", "资质名称最多 100 个字")
	}
	if len([]rune(q.CertNo)) > 60 {
		f.Add("cert_no", "证书编号最多 60 个字符")
	}
	if _, ok := LevelNames[q.Level]; q.Level != "" && !ok {
		f.Add("level", "级别只能是国家级、省级、市级或区级")
	}
	if q.IssuedOn != nil && q.ExpiresOn != nil && q.ExpiresOn.Before(*q.IssuedOn) {
		f.Add("expires_on", "有效期至不能早于发证日期")
	}
	return f.Err()
}

func qualSnapshot(q *Qualification) map[string]any {
	m := map[string]any{"kind": q.Kind, "name": q.Name, "level": q.Level, "cert_no": q.CertNo}
	if q.IssuedOn != nil {
		m["issued_on"] = q.IssuedOn.Format(time.DateOnly)
	}
	if q.ExpiresOn != nil {
		m["expires_on"] = q.ExpiresOn.Format(time.DateOnly)
	}
	return m
}

// AddQualification records a qualification of an enterprise (park staff).
func (s *Service) AddQualification(ctx context.Context, a *auth.Actor, q Qualification) (*Qualification, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "qualification.add", q.EnterpriseID, "没有登记资质的权限")
	}
	if err := q.validate(); err != nil {
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
		if err := touch(ctx, tx, q.EnterpriseID, s.now()); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.add", ObjectType: "enterprise", ObjectID: id(q.EnterpriseID),
			After: qualSnapshot(&q)})
	})
	return &q, err
}

// UpdateQualification changes a qualification of an enterprise (park staff), for example after renewal.
func (s *Service) UpdateQualification(ctx context.Context, a *auth.Actor, q Qualification) (*Qualification, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "qualification.update", q.EnterpriseID, "没有修改资质的权限")
	}
	if err := q.validate(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := qualificationOf(ctx, tx, q.EnterpriseID, q.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE qualifications SET kind = $1, name = $2, level = $3, cert_no = $4, issued_on = $5,
			expires_on = $6 WHERE id = $7`, q.Kind, q.Name, q.Level, q.CertNo, null(q.IssuedOn), null(q.ExpiresOn), q.ID); err != nil {
			return err
		}
		if err := touch(ctx, tx, q.EnterpriseID, s.now()); err != nil {
			return err
		}
		b, af := audit.Changes(qualSnapshot(before), qualSnapshot(&q))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.update", ObjectType: "enterprise", ObjectID: id(q.EnterpriseID),
			Before: b, After: af, Note: fmt.Sprintf("资质 %d", q.ID)})
	})
	return &q, err
}

// DeleteQualification removes a qualification recorded by mistake, with its evidence records.
func (s *Service) DeleteQualification(ctx context.Context, a *auth.Actor, entID, qualID int64) error {
	if !a.Can(PermManage) {
		return s.deny(ctx, a, "qualification.delete", entID, "没有删除资质的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := qualificationOf(ctx, tx, entID, qualID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM qualification_files WHERE qualification_id = $1`, qualID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM qualifications WHERE id = $1`, qualID); err != nil {
			return err
		}
		if err := touch(ctx, tx, entID, s.now()); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "qualification.delete", ObjectType: "enterprise", ObjectID: id(entID),
			Before: qualSnapshot(before)})
	})
}

const qualCols = `id, enterprise_id, kind, name, level, cert_no, issued_on, expires_on`

func scanQualification(sc interface{ Scan(...any) error }, extra ...any) (*Qualification, error) {
	var q Qualification
	var issued, expires sql.NullTime
	if err := sc.Scan(append([]any{&q.ID, &q.EnterpriseID, &q.Kind, &q.Name, &q.Level, &q.CertNo, &issued, &expires}, extra...)...); err != nil {
		return nil, err
	}
	q.IssuedOn, q.ExpiresOn = ptr(issued), ptr(expires)
	return &q, nil
}

// qualificationOf reads a qualification that belongs to the enterprise.
func qualificationOf(ctx context.Context, q db.Querier, entID, qualID int64) (*Qualification, error) {
	out, err := scanQualification(q.QueryRowContext(ctx, `SELECT `+qualCols+` FROM qualifications WHERE id = $1 AND enterprise_id = $2`, qualID, entID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("资质")
	}
	return out, err
}

// Qualifications lists an enterprise's qualifications with their evidence files, within the actor's scope.
func (s *Service) Qualifications(ctx context.Context, a *auth.Actor, entID int64) ([]*Qualification, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "qualification.list", entID, "没有查看该企业资质的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+qualCols+` FROM qualifications WHERE enterprise_id = $1 ORDER BY expires_on DESC, id DESC`, entID)
	if err != nil {
		return nil, err
	}
	var out []*Qualification
	byQual := map[int64]*Qualification{}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			q, err := scanQualification(rows)
			if err != nil {
				return err
			}
			out = append(out, q)
			byQual[q.ID] = q
		}
		return rows.Err()
	}()
	if err != nil || len(out) == 0 {
		return out, err
	}
	files, err := s.db.R.QueryContext(ctx, `SELECT f.id, f.qualification_id, f.name, f.hash, f.size, f.mime, f.created_at
		FROM qualification_files f JOIN qualifications q ON q.id = f.qualification_id WHERE q.enterprise_id = $1 ORDER BY f.id`, entID)
	if err != nil {
		return nil, err
	}
	defer files.Close()
	for files.Next() {
		var f EvidenceFile
		if err := files.Scan(&f.ID, &f.QualificationID, &f.Name, &f.Hash, &f.Size, &f.Mime, &f.CreatedAt); err != nil {
			return nil, err
		}
		if q := byQual[f.QualificationID]; q != nil {
			q.Files = append(q.Files, &f)
		}
	}
	return out, files.Err()
}

// Expiry is a qualification near its end, with its enterprise's name.
type Expiry struct {
	Qualification
	EnterpriseName string
	DaysLeft       int
}

// Expiring lists the qualifications (of enterprises still in the park) whose validity ends within the next
// days, soonest first, for the park's reminders.
func (s *Service) Expiring(ctx context.Context, a *auth.Actor, days int) ([]*Expiry, error) {
	if !a.Can(PermRead) {
		return nil, s.deny(ctx, a, "qualification.expiring", 0, "没有查看资质到期提醒的权限")
	}
	return s.expiring(ctx, days)
}

func (s *Service) expiring(ctx context.Context, days int) ([]*Expiry, error) {
	now := s.now()
	y, m, d := now.In(cst).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, cst).UTC() // the day starts in China time, as the dates were entered; bound in UTC
	rows, err := s.db.R.QueryContext(ctx, `SELECT q.id, q.enterprise_id, q.kind, q.name, q.level, q.cert_no, q.issued_on, q.expires_on, e.name
		FROM qualifications q JOIN enterprises e ON e.id = q.enterprise_id
		WHERE q.expires_on >= $1 AND q.expires_on < $2 AND e.status <> 'moved_out' ORDER BY q.expires_on, q.id`, today, today.AddDate(0, 0, days+1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Expiry
	for rows.Next() {
		var x Expiry
		q, err := scanQualification(rows, &x.EnterpriseName)
		if err != nil {
			return nil, err
		}
		x.Qualification = *q
		x.DaysLeft = daysBetween(now, *q.ExpiresOn)
		out = append(out, &x)
	}
	return out, rows.Err()
}

// ReminderDays are the points before expiry at which park staff are reminded: a renewal (高企 重新认定, a
// new 科小 registration) takes months to prepare, so the first reminder comes three months ahead.
var ReminderDays = []int{90, 30, 7}

// RemindExpiring posts a notification to park staff for each qualification entering a reminder window, once
// per qualification, expiry date and window. It returns how many were posted. The background job calls it.
func (s *Service) RemindExpiring(ctx context.Context) (int, error) {
	if s.notices == nil {
		return 0, nil
	}
	list, err := s.expiring(ctx, ReminderDays[0])
	if err != nil {
		return 0, err
	}
	posted := 0
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, x := range list {
			window := ReminderDays[0]
			for _, d := range ReminderDays {
				if x.DaysLeft <= d {
					window = d
				}
			}
			n := notify.Notice{Perm: PermManage,
				Key:   fmt.Sprintf("qualification-expiry:%d:%s:%d", x.ID, x.ExpiresOn.Format(time.DateOnly), window),
				Title: fmt.Sprintf("%s 的%s将于 %s 到期（还有 %d 天）", x.EnterpriseName, x.Name, x.ExpiresOn.Format(time.DateOnly), x.DaysLeft),
				Body:  "请提醒企业及早准备复审或重新认定材料。" + certText(x.CertNo),
				Link:  fmt.Sprintf("/admin/enterprises/%d/qualifications", x.EnterpriseID)}
			isNew, err := s.notices.Post(ctx, tx, n)
			if err != nil {
				return err
			}
			if isNew {
				posted++
			}
		}
		return nil
	})
	return posted, err
}

func certText(no string) string {
	if no == "" {
		return ""
	}
	return "证书编号：" + no
}

// touch marks the enterprise's record as changed when a title of it changes, so that the portal's directory
// (which shows titles in force) sees a new version.
func touch(ctx context.Context, q db.Querier, entID int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE enterprises SET updated_at = $1 WHERE id = $2`, now, entID)
	return err
}
