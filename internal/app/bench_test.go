package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"parkos/internal/apptest"
	"parkos/internal/auth"
)

// BenchmarkPages serves pages through the whole handler (middleware, session lookup, guard, rendering) for
// a signed-in system administrator, without the network.
func BenchmarkPages(b *testing.B) {
	env := apptest.Start(b, nil)
	env.User("bench-sys", "Bench#Pass2026", auth.RoleSysAdmin)
	c := env.Client()
	c.MustLogin("bench-sys", "Bench#Pass2026")
	for i := range 100 {
		env.User("u"+string(rune('a'+i%26))+string(rune('a'+i/26)), "Bench#Pass2026", auth.RoleEditor)
	}
	u, _ := http.NewRequest("GET", env.Server.URL, nil)
	cookies := c.HTTP.Jar.Cookies(u.URL)
	h := env.App.Handler()
	for _, path := range []string{"/login", "/admin", "/admin/users"} {
		b.Run(path, func(b *testing.B) {
			signedIn := path != "/login"
			for b.Loop() {
				r := httptest.NewRequest("GET", path, nil)
				if signedIn {
					for _, ck := range cookies {
						r.AddCookie(ck)
					}
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}
