// Package account is the people who use parkos: users and their roles, passwords, sign-in and sessions,
// the TOTP second factor and API tokens, with their pages and API.
package account

import (
	"regexp"
	"strings"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
)

// Permissions of this module. The three administrator roles split the work (三员分立): the system
// administrator keeps accounts, the security administrator grants roles and watches sessions, and neither
// can do the other's part.
const (
	PermUsersView      auth.Permission = "users.view"      // see the account list
	PermUsersManage    auth.Permission = "users.manage"    // create, edit, disable, unlock accounts, reset passwords
	PermRolesAssign    auth.Permission = "roles.assign"    // grant and revoke roles
	PermSessionsManage auth.Permission = "sessions.manage" // see and end anyone's sessions, reset a second factor
	PermPersonalData   auth.Permission = "pii.view"        // see personal data (phone numbers) unmasked
)

// Grants gives this module's permissions to the roles.
func Grants() []auth.Grant {
	return []auth.Grant{
		{Role: auth.RoleSysAdmin, Perms: []auth.Permission{PermUsersView, PermUsersManage, PermPersonalData}},
		{Role: auth.RoleSecAdmin, Perms: []auth.Permission{PermUsersView, PermRolesAssign, PermSessionsManage}},
	}
}

// User is an account.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	Phone              string // as the reader may see it: masked unless they hold PermPersonalData
	EnterpriseID       int64
	Roles              []string
	MustChangePassword bool
	PasswordChangedAt  time.Time
	TOTPEnabled        bool
	Disabled           bool
	FailedLogins       int
	LockedUntil        *time.Time
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Locked reports whether the account is locked at time now.
func (u *User) Locked(now time.Time) bool { return u.LockedUntil != nil && u.LockedUntil.After(now) }

// Name is the display name, or the username when there is none.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Username    string
	DisplayName string
	Phone       string
	// Password is the initial password; empty means generate one. Temporary asks for a change at first login.
	Password     string
	Temporary    bool
	Roles        []string
	EnterpriseID int64
}

// UserUpdate changes the profile fields that are set.
type UserUpdate struct {
	DisplayName *string
	Phone       *string
}

// UserFilter selects users for a list.
type UserFilter struct {
	Query  string // part of the username or display name
	Role   string
	Status string // "", "active", "disabled", "locked"
	Limit  int
	Offset int
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// mainland mobile numbers (1 + 10 digits) or landlines with area code (0xx[x]-xxxxxxx[x]).
var phoneRE = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

// NormalizeUsername lower-cases and trims a username: accounts are unique regardless of case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (n *NewUser) validate(p Policy, roles *auth.Roles) error {
	var f errs.Fields
	n.Username = NormalizeUsername(n.Username)
	n.DisplayName = strings.TrimSpace(n.DisplayName)
	n.Phone = strings.TrimSpace(n.Phone)
	if !usernameRE.MatchString(n.Username) {
		f.Add("username", "用户名须为 3 至 32 个字符，由小写字母、数字、点、下划线或连字符组成，以字母或数字开头")
	}
	if len([]rune(n.DisplayName)) > 50 {
		f.Add("display_name", "姓名最多 50 个字")
	}
	if n.Phone != "" && !phoneRE.MatchString(n.Phone) {
		f.Add("phone", "电话号码格式不对：手机号为 11 位数字，座机为区号加号码，如 0379-12345678")
	}
	if n.Password != "" {
		if msg := p.Check(n.Password, n.Username); msg != "" {
			f.Add("password", msg)
		}
	}
	if msg := checkRoles(roles, n.Roles, n.EnterpriseID); msg != "" {
		f.Add("roles", msg)
	}
	return f.Err()
}

// checkRoles returns why a role set is not allowed, or "".
func checkRoles(roles *auth.Roles, keys []string, enterpriseID int64) string {
	admins, enterprise := 0, false
	for _, k := range keys {
		r, ok := roles.Get(k)
		if !ok {
			return "没有角色 " + k
		}
		if r.Admin {
			admins++
		}
		if r.Enterprise {
			enterprise = true
		}
	}
	switch {
	case admins > 1:
		return "系统管理员、安全管理员、审计管理员三者互斥（三员分立），一个账号只能担任其一"
	case admins == 1 && len(keys) > 1:
		return "管理员账号不能兼任业务角色"
	case enterprise && enterpriseID <= 0:
		return "企业用户须绑定一家企业"
	}
	return ""
}
