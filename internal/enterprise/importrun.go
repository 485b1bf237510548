package enterprise

// Import runs (table import_runs): an import started from the back office or the command line, its phase
// and progress, and at the end its report. A run is written outside the import's own transaction, so that
// every instance can show it while the import works; on SQLite, where one connection writes, progress is
// therefore written while the file is read and checked, once when writing starts, and once at the end,
// never from inside the import's transaction.

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"parkos/internal/auth"
	"parkos/internal/db"
	"parkos/internal/errs"
)

// RunStatus is where an import run stands.
type RunStatus string

// The states of a run. A refused file is a run that is done, with a result that says so; a run fails when
// the file cannot be read at all, or on an internal error.
const (
	RunRunning RunStatus = "running"
	RunDone    RunStatus = "done"
	RunFailed  RunStatus = "failed"
)

// What a finished run's phase says about its outcome, for the list of runs (which does not load reports).
const (
	OutcomeImported = "imported" // written
	OutcomeChecked  = "checked"  // a dry run
	OutcomeRefused  = "refused"  // problems, nothing written
)

// maxStoredProblems bounds the report kept with a run; the command line prints them all.
const maxStoredProblems = 10_000

// staleAfter is how long a run may stay running: after it, the server that ran it must have stopped.
const staleAfter = time.Hour

// ImportRun is one import as the back office follows it.
type ImportRun struct {
	ID         string
	UserID     int64
	Kind       ImportKind
	FileName   string
	DryRun     bool
	Status     RunStatus
	Phase      string // PhaseRead, PhaseCheck or PhaseWrite while running; an Outcome when done
	Done       int
	Total      int
	Message    string
	Result     *ImportResult // nil while running, and for a failed run
	CreatedAt  time.Time
	FinishedAt *time.Time
}

// Percent is how far the run has come, for a progress bar: reading counts as the first tenth, checking up
// to 60 %, writing the rest.
func (r *ImportRun) Percent() int {
	if r.Status != RunRunning {
		return 100
	}
	frac := 0.0
	if r.Total > 0 {
		frac = float64(r.Done) / float64(r.Total)
	}
	switch r.Phase {
	case PhaseCheck:
		return 10 + int(50*frac)
	case PhaseWrite:
		return 60 + int(40*frac)
	}
	return int(10 * frac)
}

// Stale reports whether a run is still marked running long after it started: the server that ran it has
// stopped, and its transaction was rolled back.
func (r *ImportRun) Stale(now time.Time) bool {
	return r.Status == RunRunning && now.Sub(r.CreatedAt) > staleAfter
}

// StartImport records a run and imports data (a workbook) in the background, detached from ctx's
// cancellation, so that the request that uploaded the file may return at once; follow it with
// FindImportRun.
func (s *Service) StartImport(ctx context.Context, a *auth.Actor, kind ImportKind, data []byte, o ImportOptions) (*ImportRun, error) {
	run, err := s.newRun(ctx, a, kind, o)
	if err != nil {
		return nil, err
	}
	bg := context.WithoutCancel(ctx)
	go func() { _, _ = s.execute(bg, a, run, data, o, nil) }()
	return run, nil
}

// RunImport records a run and imports data (a workbook) now, reporting progress (which may be nil). It
// returns the finished run and the full result; a file that cannot be read is an errs.Invalid error (the
// run records it as failed), a file with problems a result that is Refused.
func (s *Service) RunImport(ctx context.Context, a *auth.Actor, kind ImportKind, data []byte, o ImportOptions, progress func(Progress)) (*ImportRun, *ImportResult, error) {
	run, err := s.newRun(ctx, a, kind, o)
	if err != nil {
		return nil, nil, err
	}
	res, err := s.execute(ctx, a, run, data, o, progress)
	return run, res, err
}

func (s *Service) newRun(ctx context.Context, a *auth.Actor, kind ImportKind, o ImportOptions) (*ImportRun, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, string(kind)+".import", 0, "没有批量导入的权限")
	}
	if _, ok := ImportKindNames[kind]; !ok {
		return nil, errs.Invalidf("kind", "请选择导入企业名录还是年度经营数据")
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	run := &ImportRun{ID: hex.EncodeToString(b), UserID: a.UserID, Kind: kind, FileName: o.File, DryRun: o.DryRun,
		Status: RunRunning, Phase: PhaseRead, CreatedAt: s.now()}
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO import_runs (id, user_id, kind, file_name, dry_run, status, phase, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, run.ID, run.UserID, string(kind), run.FileName, run.DryRun, string(run.Status), run.Phase, run.CreatedAt)
	if err != nil {
		return nil, err
	}
	return run, nil
}

// execute reads, checks and imports, keeping the run's record up to date outside the import's transaction.
func (s *Service) execute(ctx context.Context, a *auth.Actor, run *ImportRun, data []byte, o ImportOptions, progress func(Progress)) (res *ImportResult, err error) {
	t := &tracker{s: s, run: run}
	report := func(p Progress) {
		if progress != nil {
			progress(p)
		}
		t.update(ctx, p)
	}
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("import panicked: %v", p)
		}
		t.finish(ctx, res, err)
	}()
	switch run.Kind {
	case FigureImport:
		var sh *FigureSheet
		if sh, err = ReadFigures(bytes.NewReader(data), report); err == nil {
			res, err = s.ImportFigures(ctx, a, sh, o, report)
		}
	default:
		var sh *EnterpriseSheet
		if sh, err = ReadEnterprises(bytes.NewReader(data), report); err == nil {
			res, err = s.ImportEnterprises(ctx, a, sh, o, report)
		}
	}
	// A header row the import cannot use refuses the file like bad cells do: with the cells named.
	var ce *CellsError
	if errors.As(err, &ce) {
		res, err = &ImportResult{Kind: run.Kind, File: o.File, DryRun: o.DryRun, Partial: o.Partial, Refused: true, Problems: ce.Problems}, nil
	}
	return res, err
}

// tracker writes a run's progress: on a change of phase, and at most twice a second within a phase, except
// while writing (inside the import's transaction), when progress stays in memory.
type tracker struct {
	s     *Service
	run   *ImportRun
	phase string
	last  time.Time
}

func (t *tracker) update(ctx context.Context, p Progress) {
	r := t.run
	r.Phase, r.Done, r.Total = p.Phase, p.Done, p.Total
	if p.Phase == PhaseWrite && t.phase == PhaseWrite {
		return
	}
	if p.Phase == t.phase && time.Since(t.last) < 500*time.Millisecond {
		return
	}
	t.phase, t.last = p.Phase, time.Now()
	_, _ = t.s.db.W.ExecContext(ctx, `UPDATE import_runs SET phase = $1, done = $2, total = $3 WHERE id = $4`, p.Phase, p.Done, p.Total, r.ID)
}

// finish records the end of a run: its result, or why it failed.
func (t *tracker) finish(ctx context.Context, res *ImportResult, err error) {
	r := t.run
	now := t.s.now()
	r.FinishedAt = &now
	r.Result = res
	body := ""
	switch {
	case err != nil:
		r.Status = RunFailed
		if e := errs.As(err); e != nil && e.Code != errs.Internal {
			r.Message = e.Message
			for _, m := range e.Fields {
				r.Message = m
			}
		} else {
			r.Message = "导入时出现内部错误，数据未改动；请联系管理员查看服务日志"
			slog.Error("import failed", "run", r.ID, "kind", string(r.Kind), "err", err)
		}
	default:
		r.Status, r.Message, r.Phase = RunDone, res.Summary(), OutcomeImported
		switch {
		case res.Refused:
			r.Phase = OutcomeRefused
		case res.DryRun:
			r.Phase = OutcomeChecked
		}
		stored := *res
		if len(stored.Problems) > maxStoredProblems {
			stored.Omitted = len(stored.Problems) - maxStoredProblems
			stored.Problems = stored.Problems[:maxStoredProblems]
		}
		b, _ := json.Marshal(&stored)
		body = string(b)
	}
	_, _ = t.s.db.W.ExecContext(ctx, `UPDATE import_runs SET status = $1, phase = $2, done = $3, total = $4, message = $5,
		report_json = $6, finished_at = $7 WHERE id = $8`, string(r.Status), r.Phase, r.Done, r.Total, r.Message, body, now, r.ID)
}

const runCols = `id, user_id, kind, file_name, dry_run, status, phase, done, total, message, created_at, finished_at`

func scanRun(row interface{ Scan(...any) error }, extra ...any) (*ImportRun, error) {
	r := &ImportRun{}
	var fin sql.NullTime
	if err := row.Scan(append([]any{&r.ID, &r.UserID, &r.Kind, &r.FileName, &r.DryRun, &r.Status, &r.Phase, &r.Done, &r.Total,
		&r.Message, &r.CreatedAt, &fin}, extra...)...); err != nil {
		return nil, err
	}
	r.FinishedAt = ptr(fin)
	return r, nil
}

// FindImportRun returns a run with its report. Park staff who manage the registry see every run.
func (s *Service) FindImportRun(ctx context.Context, a *auth.Actor, runID string) (*ImportRun, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "import.read", 0, "没有查看导入记录的权限")
	}
	var body string
	r, err := scanRun(s.db.R.QueryRowContext(ctx, `SELECT `+runCols+`, report_json FROM import_runs WHERE id = $1`, runID), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("导入记录")
	}
	if err != nil {
		return nil, err
	}
	if body != "" {
		r.Result = &ImportResult{}
		if err := json.Unmarshal([]byte(body), r.Result); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// ImportRuns lists the latest runs, newest first, without their reports.
func (s *Service) ImportRuns(ctx context.Context, a *auth.Actor, limit int) ([]*ImportRun, error) {
	if !a.Can(PermManage) {
		return nil, s.deny(ctx, a, "import.list", 0, "没有查看导入记录的权限")
	}
	return recentRuns(ctx, s.db.R, limit)
}

func recentRuns(ctx context.Context, q db.Querier, limit int) ([]*ImportRun, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+runCols+` FROM import_runs ORDER BY created_at DESC, id LIMIT $1`, max(limit, 1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ImportRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
