// Package jobs runs periodic background work. On PostgreSQL several instances may run at once, so each run
// first takes a lease in the database: only one instance runs a job at a time, and the time of its last run
// survives restarts.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"parkos/internal/db"
)

// Job is a named piece of periodic work.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Runner runs jobs until its context ends.
type Runner struct {
	db     *db.DB
	log    *slog.Logger
	holder string
	jobs   []Job
	tick   time.Duration
}

// New returns a runner; holder identifies this instance in the lease table.
func New(d *db.DB, log *slog.Logger, jobs ...Job) *Runner {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return &Runner{db: d, log: log, holder: hex.EncodeToString(b), jobs: jobs, tick: time.Minute}
}

// Start runs the jobs in the background; the returned function stops them and waits.
func (r *Runner) Start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.tick)
		defer t.Stop()
		for {
			r.RunDue(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// RunDue runs every job whose interval has passed since its last run, if this instance wins its lease.
func (r *Runner) RunDue(ctx context.Context) {
	for _, j := range r.jobs {
		if ctx.Err() != nil {
			return
		}
		ok, err := r.acquire(ctx, j)
		if err != nil {
			r.log.Warn("job lease", "job", j.Name, "err", err)
			continue
		}
		if !ok {
			continue
		}
		start := time.Now()
		err = j.Run(ctx)
		if err != nil {
			r.log.Error("job failed", "job", j.Name, "err", err)
		} else {
			r.log.Info("job done", "job", j.Name, "took", time.Since(start))
		}
		r.release(ctx, j, err == nil)
	}
}

// acquire takes the job's lease when the job is due and nobody holds a live lease.
func (r *Runner) acquire(ctx context.Context, j Job) (bool, error) {
	now := db.Now()
	// Make sure the row exists; a fresh job is due at once.
	if _, err := r.db.W.ExecContext(ctx, `INSERT INTO job_leases (name, holder, lease_until, last_run) VALUES ($1, '', $2, NULL)
		ON CONFLICT (name) DO NOTHING`, j.Name, now.Add(-time.Second)); err != nil {
		return false, err
	}
	res, err := r.db.W.ExecContext(ctx, `UPDATE job_leases SET holder = $1, lease_until = $2
		WHERE name = $3 AND lease_until < $4 AND (last_run IS NULL OR last_run < $5)`,
		r.holder, now.Add(10*time.Minute), j.Name, now, now.Add(-j.Every))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (r *Runner) release(ctx context.Context, j Job, ran bool) {
	now := db.Now()
	q := `UPDATE job_leases SET holder = '', lease_until = $1 WHERE name = $2 AND holder = $3`
	if ran {
		q = `UPDATE job_leases SET holder = '', lease_until = $1, last_run = $1 WHERE name = $2 AND holder = $3`
	}
	if _, err := r.db.W.ExecContext(context.WithoutCancel(ctx), q, now, j.Name, r.holder); err != nil {
		r.log.Warn("job release", "job", j.Name, "err", err)
	}
}
