package portal_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/portal"
	"parkos/internal/search"
	"parkos/internal/zh"
)

// An instance keeps its place in the event stream: restarted, it applies what it missed without a rebuild;
// without its place, or behind the purged events, it rebuilds.
func TestIndexerResumes(t *testing.T) {
	env := apptest.Start(t, nil)
	publish(t, env, "notices", "人才公寓通知", "<p>人才公寓。</p>", "")
	dir := t.TempDir()
	idx, err := search.Open(filepath.Join(dir, "search"), zh.ToSimplified)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	state := filepath.Join(dir, "search", "applied-event")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	runOnce := func() { // a start of the instance
		t.Helper()
		if err := portal.NewIndexer(env.App.CMS, idx, log, state).CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	runOnce()
	if n, _ := idx.Count(); n != 1 {
		t.Fatalf("after the first run: %d documents", n)
	}
	b, err := os.ReadFile(state)
	if err != nil || strings.TrimSpace(string(b)) == "0" {
		t.Fatalf("state after the first run: %q %v", b, err)
	}
	// "Down" while two more articles are published; the next run applies them from its place.
	publish(t, env, "notices", "创新券通知", "<p>创新券。</p>", "")
	publish(t, env, "updates", "招聘会", "<p>招聘。</p>", "")
	runOnce()
	if n, _ := idx.Count(); n != 3 {
		t.Fatalf("after resuming: %d documents, want 3", n)
	}
	res, err := idx.Search(search.Query{Q: "创新券"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search after resuming: %+v %v", res, err)
	}
	// Without its state file the instance rebuilds rather than trusting a possibly stale index.
	if err := os.Remove(state); err != nil {
		t.Fatal(err)
	}
	runOnce()
	if _, err := os.Stat(state); err != nil {
		t.Fatal("no state after a rebuild")
	}
}
