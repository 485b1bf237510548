package audit_test

import (
	"context"
	"testing"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/dbtest"
)

// BenchmarkWriteAlone is one audit record in its own transaction: the cost every refused request and every
// sign-in event pays.
func BenchmarkWriteAlone(b *testing.B) {
	d := dbtest.Open(b)
	l := audit.New(d, key)
	a := &auth.Actor{UserID: 1, Username: "bench", IP: "127.0.0.1"}
	ctx := context.Background()
	for b.Loop() {
		if err := l.WriteAlone(ctx, audit.Entry{Actor: a, Action: "bench", ObjectType: "x", ObjectID: "1",
			After: map[string]any{"field": "value"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify10k checks a chain of 10,000 records.
func BenchmarkVerify10k(b *testing.B) {
	d := dbtest.Open(b)
	l := audit.New(d, key)
	a := &auth.Actor{UserID: 1, Username: "bench", IP: "127.0.0.1"}
	ctx := context.Background()
	for range 10000 {
		if err := l.WriteAlone(ctx, audit.Entry{Actor: a, Action: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		v, err := l.Verify(ctx, nil)
		if err != nil || !v.OK() || v.Records < 10000 {
			b.Fatalf("%+v %v", v, err)
		}
	}
}
