package account

import (
	"testing"

	"parkos/internal/auth"
)

// BenchmarkHashPassword is the cost of one argon2id hash with the production parameters: what a login, a
// password change and a guesser each pay.
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = HashPassword(testPassword)
	}
}

// BenchmarkLogin is a whole successful sign-in on the test database: throttle check, user lookup, argon2id
// check, session insert and audit record in one transaction.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	mustCreateUser(b, e, "bench", auth.RoleEditor)
	in := LoginInput{Username: "bench", Password: testPassword, IP: testIP, UserAgent: "go bench"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.Login(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
