package jobs

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"parkos/internal/dbtest"
)

// Two instances sharing a database run a due job once between them, and not again before its interval.
func TestLeaseRunsOnce(t *testing.T) {
	d := dbtest.Open(t)
	var n atomic.Int32
	job := Job{Name: "count", Every: time.Hour, Run: func(context.Context) error { n.Add(1); return nil }}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, b := New(d, log, job), New(d, log, job)
	ctx := context.Background()
	a.RunDue(ctx)
	b.RunDue(ctx)
	a.RunDue(ctx)
	if n.Load() != 1 {
		t.Fatalf("the job ran %d times, want once", n.Load())
	}
	// Once its interval has passed it is due again.
	if _, err := d.W.Exec(`UPDATE job_leases SET last_run = $1 WHERE name = 'count'`, time.Now().UTC().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	b.RunDue(ctx)
	if n.Load() != 2 {
		t.Fatalf("the job ran %d times after its interval, want 2", n.Load())
	}
}
