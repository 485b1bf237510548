package web

import (
	"net/http"
	"net/url"
	"strings"
)

const flashCookie = "parkos_flash"

// Flash is a one-time message shown on the next page, after a redirect.
type Flash struct {
	Kind string // "ok" or "error"
	Text string
}

// SetFlash stores a message for the next page.
func SetFlash(w http.ResponseWriter, r *http.Request, kind, text string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(kind + "|" + text), Path: "/",
		HttpOnly: true, Secure: IsTLS(r), SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// TakeFlash returns the stored message, if any, and clears it.
func TakeFlash(w http.ResponseWriter, r *http.Request) *Flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: IsTLS(r), SameSite: http.SameSiteLaxMode})
	v, err := url.QueryUnescape(c.Value)
	if err != nil {
		return nil
	}
	for i := 0; i < len(v); i++ {
		if v[i] == '|' {
			kind := v[:i]
			if kind != "ok" && kind != "error" {
				kind = "ok"
			}
			return &Flash{Kind: kind, Text: v[i+1:]}
		}
	}
	return nil
}

// Redirect answers a form post with a 303 to target, optionally with a flash message.
func Redirect(w http.ResponseWriter, r *http.Request, target, okMessage string) {
	if okMessage != "" {
		SetFlash(w, r, "ok", okMessage)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// LocalPath reports whether target is a path on this site (not "//host" or "/\host", no scheme or host), so
// that redirecting to it from a form value cannot send the user elsewhere.
func LocalPath(target string) bool {
	if target == "" || !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		return false
	}
	u, err := url.Parse(target)
	return err == nil && u.Host == "" && u.Scheme == ""
}
