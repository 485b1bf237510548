// Package auth is who may do what: the Actor that every service method takes, permissions, roles as named
// permission sets, and the guard that checks each route's declared permission. It imports no other parkos
// module, so every module (audit and account included) can depend on it.
package auth

import (
	"context"
	"slices"
)

// Permission is the right to do one kind of thing, e.g. "users.manage".
type Permission string

// Pseudo-permissions for routes that need no particular right.
const (
	// Public routes are open to everyone, signed in or not.
	Public Permission = "public"
	// SignedIn routes need a complete session (password changed, second factor passed).
	SignedIn Permission = "signed-in"
	// Pending routes are reachable by a signed-in user who still owes a step: a password change or TOTP
	// enrolment. They are the steps themselves and sign-out.
	Pending Permission = "pending"
)

// Actor is the user (or integration, or the command line) on whose behalf a service method runs.
type Actor struct {
	UserID       int64
	Username     string
	DisplayName  string
	Roles        []string
	EnterpriseID int64 // the enterprise an enterprise user is bound to; 0 otherwise
	IP           string
	SessionID    int64
	TokenID      int64
	// Step is what the user must do before anything else: "" when nothing.
	Step  Step
	perms map[Permission]bool
	all   bool
}

// Step is an outstanding sign-in step.
type Step string

// Outstanding steps, in the order they are asked for.
const (
	StepNone          Step = ""
	StepTOTP          Step = "totp"           // enter the TOTP code
	StepPasswordReset Step = "password"       // change a temporary or expired password
	StepTOTPEnrol     Step = "totp-enrolment" // enrol a second factor (administrators under dengbao)
)

// NewActor builds an actor for a user with the permissions of its roles.
func NewActor(roles *Roles, userID int64, username string, roleKeys []string) *Actor {
	return &Actor{UserID: userID, Username: username, Roles: roleKeys, perms: roles.Permissions(roleKeys)}
}

// System is the actor of the command line: whoever can run parkos against the data directory already holds
// the database and the keys, so it may do everything. Its records say so in the audit log.
func System(name string) *Actor {
	return &Actor{Username: "system:" + name, DisplayName: "命令行", all: true}
}

// Anonymous is a visitor who is not signed in.
func Anonymous(ip string) *Actor { return &Actor{IP: ip} }

// SignedIn reports whether the actor is a user (or the system), as opposed to an anonymous visitor.
func (a *Actor) SignedIn() bool { return a != nil && (a.UserID != 0 || a.all) }

// Can reports whether the actor holds permission p and has no outstanding sign-in step.
func (a *Actor) Can(p Permission) bool {
	if a == nil {
		return p == Public
	}
	switch p {
	case Public:
		return true
	case Pending:
		return a.SignedIn()
	case SignedIn:
		return a.SignedIn() && a.Step == StepNone
	}
	if a.all {
		return true
	}
	return a.Step == StepNone && a.perms[p]
}

// HasRole reports whether the actor holds role key.
func (a *Actor) HasRole(key string) bool { return a != nil && slices.Contains(a.Roles, key) }

// IsSystem reports whether this is the command line's actor.
func (a *Actor) IsSystem() bool { return a != nil && a.all }

// Name is how the actor appears in records and pages.
func (a *Actor) Name() string {
	if a == nil || (!a.SignedIn() && a.Username == "") {
		return "anonymous"
	}
	return a.Username
}

type ctxKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// FromContext returns the actor of the request, or nil.
func FromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(ctxKey{}).(*Actor)
	return a
}
