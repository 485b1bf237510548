package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress shows a running count on a terminal, redrawn at most ten times a second; elsewhere (a pipe, a log
// file) it stays silent so that output remains clean.
type progress struct {
	w     io.Writer
	label string
	on    bool
	last  time.Time
	n     int
}

func newProgress(w io.Writer, label string) *progress {
	on := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, label: label, on: on}
}

// Set reports that n items are done.
func (p *progress) Set(n int) {
	p.n = n
	if p.on && time.Since(p.last) > 100*time.Millisecond {
		p.last = time.Now()
		fmt.Fprintf(p.w, "\r%s：%d 条…", p.label, n)
	}
}

// Done clears the line.
func (p *progress) Done() {
	if p.on && !p.last.IsZero() {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
