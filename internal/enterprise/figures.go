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

// ReportStatus is where a year's figures stand.
type ReportStatus string

// The states of an annual report: an enterprise drafts and submits, the park approves or returns; figures
// the park enters itself are approved at once.
const (
	ReportDraft     ReportStatus = "draft"
	ReportSubmitted ReportStatus = "submitted"
	ReportApproved  ReportStatus = "approved"
	ReportReturned  ReportStatus = "returned"
)

// Figures are an enterprise's figures for one year, with the fields of the Torch statistics in mind. Money
// in fen; nil means not reported, which is not zero.
type Figures struct {
	Revenue, MainRevenue, HitechRevenue, NetProfit, Taxes, Exports *int64
	RnDSpending, RnDDomestic, TotalAssets, TotalLiabilities        *int64
	EquityRaised                                                   *int64
	TotalIncome, TotalCost, Conversions                            *int64
	StaffTotal, StaffDoctorate, StaffMaster, StaffBachelor         *int64
	StaffCollege, TechStaff, RnDStaff, Returnees, FreshGraduates   *int64
	IPInventionApplied, IPInventionGranted, IPUtilityGranted       *int64
	IPDesignGranted, IPSoftware, IPICLayout, IPClass1, IPClass2    *int64
}

// fields pairs each figure with its column and Chinese label, in the order of the form and the template.
func (f *Figures) fields() []struct {
	col, label string
	money      bool
	v          **int64
} {
	type fld = struct {
		col, label string
		money      bool
		v          **int64
	}
	return []fld{
		{"revenue", "营业收入", true, &f.Revenue}, {"main_revenue", "主营业务收入", true, &f.MainRevenue},
		{"hitech_revenue", "高新技术产品（服务）收入", true, &f.HitechRevenue}, {"net_profit", "净利润", true, &f.NetProfit},
		{"taxes", "上缴税费", true, &f.Taxes}, {"exports", "出口总额", true, &f.Exports},
		{"rnd_spending", "研究开发费用", true, &f.RnDSpending}, {"rnd_domestic", "其中：境内研究开发费用", true, &f.RnDDomestic},
		{"total_assets", "资产总额", true, &f.TotalAssets}, {"total_liabilities", "负债总额", true, &f.TotalLiabilities},
		{"equity_raised", "股权融资额", true, &f.EquityRaised},
		{"total_income", "总收入（高企口径：收入总额减不征税收入）", true, &f.TotalIncome},
		{"total_cost", "成本费用支出总额", true, &f.TotalCost},
		{"staff_total", "从业人员", false, &f.StaffTotal}, {"staff_doctorate", "其中：博士", false, &f.StaffDoctorate},
		{"staff_master", "硕士", false, &f.StaffMaster}, {"staff_bachelor", "本科", false, &f.StaffBachelor},
		{"staff_college", "大专", false, &f.StaffCollege}, {"tech_staff", "科技人员", false, &f.TechStaff},
		{"rnd_staff", "研发人员", false, &f.RnDStaff}, {"returnees", "留学归国人员", false, &f.Returnees},
		{"fresh_graduates", "应届毕业生", false, &f.FreshGraduates},
		{"ip_invention_applied", "发明专利申请", false, &f.IPInventionApplied}, {"ip_invention_granted", "发明专利授权", false, &f.IPInventionGranted},
		{"ip_utility_granted", "实用新型专利授权", false, &f.IPUtilityGranted}, {"ip_design_granted", "外观设计专利授权", false, &f.IPDesignGranted},
		{"ip_software", "软件著作权", false, &f.IPSoftware}, {"ip_ic_layout", "集成电路布图设计", false, &f.IPICLayout},
		{"ip_class1", "有效Ⅰ类知识产权（年末）", false, &f.IPClass1}, {"ip_class2", "有效Ⅱ类知识产权（年末）", false, &f.IPClass2},
		{"conversions", "科技成果转化数", false, &f.Conversions},
	}
}

// Bounds of a figure: counts of people and IP fit the INTEGER columns with room to spare, and no
// enterprise's amount comes near a trillion yuan.
const (
	maxCount = 9_999_999
	maxMoney = 1_000_000_000_000_00 // 1 万亿元 in fen
)

// validate checks the figures' consistency and names each wrong field. At least one figure must be
// reported: an empty year says nothing.
func (f *Figures) validate() error {
	var fe errs.Fields
	reported := false
	for _, x := range f.fields() {
		if *x.v == nil {
			continue
		}
		reported = true
		switch v := **x.v; {
		case v < 0 && x.col != "net_profit":
			fe.Add(x.col, x.label+"不能为负数")
		case !x.money && v > maxCount:
			fe.Add(x.col, fmt.Sprintf("%s不能超过 %d", x.label, maxCount))
		case x.money && (v > maxMoney || v < -maxMoney):
			fe.Add(x.col, x.label+"超出了可以登记的范围（1 万亿元）")
		}
	}
	if !reported {
		return &errs.Error{Code: errs.Invalid, Message: "请至少填写一项数据；不填的项目按“未填报”处理"}
	}
	le := func(part, whole *int64, col, msg string) {
		if part != nil && whole != nil && *part > *whole {
			fe.Add(col, msg)
		}
	}
	le(f.MainRevenue, f.Revenue, "main_revenue", "主营业务收入不能大于营业收入")
	le(f.HitechRevenue, f.Revenue, "hitech_revenue", "高新技术产品（服务）收入不能大于营业收入")
	le(f.RnDDomestic, f.RnDSpending, "rnd_domestic", "境内研究开发费用不能大于研究开发费用总额")
	le(f.TechStaff, f.StaffTotal, "tech_staff", "科技人员不能多于从业人员")
	le(f.RnDStaff, f.StaffTotal, "rnd_staff", "研发人员不能多于从业人员")
	le(f.IPInventionGranted, f.IPInventionApplied, "ip_invention_granted", "发明专利授权数不能多于申请数")
	if f.StaffTotal != nil {
		sum := int64(0)
		for _, p := range []*int64{f.StaffDoctorate, f.StaffMaster, f.StaffBachelor, f.StaffCollege} {
			if p != nil {
				sum += *p
			}
		}
		if sum > *f.StaffTotal {
			fe.Add("staff_total", fmt.Sprintf("按学历分的人数合计 %d 人，多于从业人员 %d 人", sum, *f.StaffTotal))
		}
	}
	return fe.Err()
}

// ReportStatusNames are the Chinese names of the states, as the pages show them.
var ReportStatusNames = map[ReportStatus]string{ReportDraft: "草稿", ReportSubmitted: "待审核", ReportApproved: "已审核", ReportReturned: "退回修改"}

// Report is a year's figures with their state.
type Report struct {
	ID            int64
	EnterpriseID  int64
	Year          int
	Status        ReportStatus
	Figures       Figures
	Note          string
	ReviewComment string
	SubmittedAt   *time.Time
	ReviewedAt    *time.Time
	UpdatedAt     time.Time
}

// reportCols is the select list of a report, in the order scanReport reads it.
func reportCols(prefix string) string {
	cols := []string{"id", "enterprise_id", "year", "status", "note", "review_comment", "submitted_at", "reviewed_at", "updated_at"}
	for _, x := range (&Figures{}).fields() {
		cols = append(cols, x.col)
	}
	for i := range cols {
		cols[i] = prefix + cols[i]
	}
	return strings.Join(cols, ", ")
}

// scanReport reads a row selected with reportCols, followed by extra destinations.
func scanReport(row interface{ Scan(...any) error }, extra ...any) (*Report, error) {
	r := &Report{}
	var sub, rev sql.NullTime
	dest := []any{&r.ID, &r.EnterpriseID, &r.Year, &r.Status, &r.Note, &r.ReviewComment, &sub, &rev, &r.UpdatedAt}
	fs := r.Figures.fields()
	nulls := make([]sql.NullInt64, len(fs))
	for i := range fs {
		dest = append(dest, &nulls[i])
	}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	for i, x := range fs {
		if nulls[i].Valid {
			v := nulls[i].Int64
			*x.v = &v
		}
	}
	if sub.Valid {
		r.SubmittedAt = &sub.Time
	}
	if rev.Valid {
		r.ReviewedAt = &rev.Time
	}
	return r, nil
}

func (s *Service) report(ctx context.Context, q db.Querier, entID int64, year int) (*Report, error) {
	r, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportCols("")+` FROM annual_reports WHERE enterprise_id = $1 AND year = $2`, entID, year))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("%d 年度经营数据", year)
	}
	return r, err
}

// FindReport returns an enterprise's figures for a year, within the actor's scope.
func (s *Service) FindReport(ctx context.Context, a *auth.Actor, entID int64, year int) (*Report, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "figures.read", entID, "没有查看该企业经营数据的权限")
	}
	return s.report(ctx, s.db.R, entID, year)
}

// FindReports returns every year's figures of an enterprise, oldest year first, within the actor's scope.
// Park staff see every state, drafts included; the enterprise sees its own.
func (s *Service) FindReports(ctx context.Context, a *auth.Actor, entID int64) ([]*Report, error) {
	if !canSee(a, entID) {
		return nil, s.deny(ctx, a, "figures.read", entID, "没有查看该企业经营数据的权限")
	}
	if _, err := byID(ctx, s.db.R, entID); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+reportCols("")+` FROM annual_reports WHERE enterprise_id = $1 ORDER BY year`, entID)
	if err != nil {
		return nil, err
	}
	return db.ScanAll(rows, func(row db.Scanner) (*Report, error) { return scanReport(row) })
}

// SubmittedReport is a report waiting for the park's review, with the name of its enterprise.
type SubmittedReport struct {
	*Report
	EnterpriseName string
}

// FindSubmittedReports is the review queue: the figures enterprises submitted and the park has not yet
// reviewed, across enterprises, the longest waiting first. Only park staff who manage the registry see it.
func (s *Service) FindSubmittedReports(ctx context.Context, a *auth.Actor) ([]*SubmittedReport, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "figures.queue", 0, "没有审核经营数据的权限")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+reportCols("r.")+`, e.name FROM annual_reports r
		JOIN enterprises e ON e.id = r.enterprise_id WHERE r.status = $1 ORDER BY r.submitted_at, r.id`, string(ReportSubmitted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*SubmittedReport
	for rows.Next() {
		var it SubmittedReport
		if it.Report, err = scanReport(rows, &it.EnterpriseName); err != nil {
			return nil, err
		}
		out = append(out, &it)
	}
	return out, rows.Err()
}

// SaveReport stores a year's figures. Park staff enter approved figures; an enterprise user saves its own as
// a draft, or submits them for review when submit is set. Approved figures can only be changed by the park.
func (s *Service) SaveReport(ctx context.Context, a *auth.Actor, entID int64, year int, f Figures, note string, submit bool) (*Report, error) {
	staff := a.Can(PermManage)
	if !staff && !(a.Can(PermSelf) && a.EnterpriseID == entID) {
		return nil, s.deny(ctx, a, "figures.save", entID, "没有填报该企业经营数据的权限")
	}
	if year < 2000 || year > s.now().Year() {
		return nil, errs.Invalidf("year", "年度应在 2000 至 %d 之间", s.now().Year())
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	status := ReportDraft
	switch {
	case staff:
		status = ReportApproved
	case submit:
		status = ReportSubmitted
	}
	var out *Report
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ent, err := byID(ctx, tx, entID)
		if err != nil {
			return err
		}
		before, err := s.report(ctx, tx, entID, year)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if before != nil && before.Status == ReportApproved && !staff {
			return errs.Conflictf("%d 年度数据已经园区审核，如需更正请联系园区", year)
		}
		now := s.now()
		cols := []string{"status", "note", "updated_at"}
		vals := []any{string(status), strings.TrimSpace(note), now}
		for _, x := range f.fields() {
			cols = append(cols, x.col)
			if *x.v == nil {
				vals = append(vals, nil)
			} else {
				vals = append(vals, **x.v)
			}
		}
		if status == ReportSubmitted {
			cols, vals = append(cols, "submitted_at"), append(vals, now)
		}
		if status == ReportApproved {
			// The park's own entry settles the year: a comment from an earlier return no longer applies.
			cols, vals = append(cols, "reviewed_at", "review_comment"), append(vals, now, "")
		}
		ph := make([]string, len(vals))
		set := make([]string, len(cols))
		for i := range vals {
			ph[i] = fmt.Sprintf("$%d", i+3)
			set[i] = cols[i] + " = excluded." + cols[i]
		}
		q := `INSERT INTO annual_reports (enterprise_id, year, ` + strings.Join(cols, ", ") + `) VALUES ($1, $2, ` + strings.Join(ph, ", ") +
			`) ON CONFLICT (enterprise_id, year) DO UPDATE SET ` + strings.Join(set, ", ")
		if _, err := tx.ExecContext(ctx, q, append([]any{entID, year}, vals...)...); err != nil {
			return err
		}
		if out, err = s.report(ctx, tx, entID, year); err != nil {
			return err
		}
		if status == ReportSubmitted && s.notices != nil {
			// Each submission is a notice of its own: a year resubmitted after a return is news again.
			if _, err := s.notices.Post(ctx, tx, notify.Notice{Perm: PermManage,
				Key:   fmt.Sprintf("figures-submitted:%d:%d:%d", entID, year, now.UnixMicro()),
				Title: fmt.Sprintf("%s 提交了 %d 年度经营数据", ent.Name, year), Body: "请在“年度数据审核”中审核。",
				Link: fmt.Sprintf("/admin/enterprises/%d/figures/%d?from=queue", entID, year)}); err != nil {
				return err
			}
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "figures.save", ObjectType: "enterprise", ObjectID: id(entID),
			Note: fmt.Sprintf("%d 年度经营数据：%s", year, status)})
	})
	return out, err
}

// ReviewReport approves or returns figures an enterprise submitted; a return needs a comment.
func (s *Service) ReviewReport(ctx context.Context, a *auth.Actor, entID int64, year int, approve bool, comment string) error {
	if !a.Can(PermManage) {
		return s.deny(ctx, a, "figures.review", entID, "没有审核经营数据的权限")
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return errs.Invalidf("comment", "退回时请写明需要修改的地方")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		r, err := s.report(ctx, tx, entID, year)
		if err != nil {
			return err
		}
		if r.Status != ReportSubmitted {
			return errs.Conflictf("%d 年度数据不在待审核状态", year)
		}
		st := ReportReturned
		if approve {
			st = ReportApproved
		}
		if _, err := tx.ExecContext(ctx, `UPDATE annual_reports SET status = $1, review_comment = $2, reviewed_at = $3 WHERE id = $4`,
			string(st), comment, s.now(), r.ID); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "figures.review", ObjectType: "enterprise", ObjectID: id(entID),
			Note: fmt.Sprintf("%d 年度经营数据：%s %s", year, st, comment)})
	})
}
