package account

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"parkos/internal/audit"
	"parkos/internal/auth"
	"parkos/internal/config"
	"parkos/internal/db"
	"parkos/internal/errs"
	"parkos/internal/pii"
)

// Service is the account module's gate: every method takes the acting user, checks permission, runs in one
// transaction and writes its audit record in it.
type Service struct {
	db     *db.DB
	log    *audit.Log
	roles  *auth.Roles
	cfg    *config.Config
	policy Policy
	seal   *pii.Sealer
	now    func() time.Time
}

// NewService builds the account service.
func NewService(d *db.DB, log *audit.Log, roles *auth.Roles, cfg *config.Config, seal *pii.Sealer) *Service {
	return &Service{db: d, log: log, roles: roles, cfg: cfg, policy: PolicyFor(cfg), seal: seal, now: db.Now}
}

// Policy is the password policy in force.
func (s *Service) Policy() Policy { return s.policy }

// Roles is the role set.
func (s *Service) Roles() *auth.Roles { return s.roles }

// deny records a refusal and returns the Forbidden error to give the caller.
func (s *Service) deny(ctx context.Context, a *auth.Actor, action, objType, objID, msg string) error {
	_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: action, ObjectType: objType, ObjectID: objID, Result: audit.Denied, Note: msg})
	return errs.Forbiddenf("%s", msg)
}

// view converts a stored row to what actor a may see of it.
func (s *Service) view(a *auth.Actor, r *row) *User {
	u := r.User
	phone, err := s.seal.Open(r.PhoneEnc)
	if err != nil {
		phone = "（无法解密）"
	}
	if !a.Can(PermPersonalData) && a.UserID != r.ID {
		phone = pii.MaskPhone(phone)
	}
	u.Phone = phone
	return &u
}

// snapshot is the audited form of a user: personal data masked, no secrets.
func (s *Service) snapshot(r *row) map[string]any {
	phone, _ := s.seal.Open(r.PhoneEnc)
	m := map[string]any{
		"username": r.Username, "display_name": r.DisplayName, "phone": pii.MaskPhone(phone),
		"roles": slices.Clone(r.Roles), "disabled": r.Disabled, "must_change_password": r.MustChangePassword,
		"totp": r.TOTPSecret != "",
	}
	if r.EnterpriseID > 0 {
		m["enterprise_id"] = r.EnterpriseID
	}
	return m
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// CreateUser creates an account. Giving it roles needs PermRolesAssign as well, so that a system
// administrator can open accounts but only the security administrator can empower them. It returns the user
// and the initial password (generated when none was given).
func (s *Service) CreateUser(ctx context.Context, a *auth.Actor, n NewUser) (*User, string, error) {
	if !a.Can(PermUsersManage) {
		return nil, "", s.deny(ctx, a, "user.create", "user", "", "没有创建账号的权限")
	}
	if len(n.Roles) > 0 && !a.Can(PermRolesAssign) {
		return nil, "", s.deny(ctx, a, "user.create", "user", "", "没有分配角色的权限：角色由安全管理员授予")
	}
	if err := n.validate(s.policy, s.roles); err != nil {
		return nil, "", err
	}
	if n.Password == "" {
		n.Password, n.Temporary = GeneratePassword(), true
	}
	slices.Sort(n.Roles)
	n.Roles = slices.Compact(n.Roles)
	hash := HashPassword(n.Password)
	var out *User
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		uid, err := insertUser(ctx, tx, &n, hash, s.seal.Seal(n.Phone), now)
		if err != nil {
			return err
		}
		if err := setRoles(ctx, tx, uid, n.Roles); err != nil {
			return err
		}
		r, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		out = s.view(a, r)
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.create", ObjectType: "user", ObjectID: id(uid), After: s.snapshot(r)})
	})
	if err != nil {
		return nil, "", err
	}
	return out, n.Password, nil
}

// FindUserByID returns a user: anyone may read their own account, the administrators any account.
func (s *Service) FindUserByID(ctx context.Context, a *auth.Actor, uid int64) (*User, error) {
	if a.UserID != uid && !a.Can(PermUsersView) {
		return nil, s.deny(ctx, a, "user.read", "user", id(uid), "没有查看账号的权限")
	}
	r, err := userByID(ctx, s.db.R, uid)
	if err != nil {
		return nil, err
	}
	return s.view(a, r), nil
}

// FindUserByUsername is FindUserByID by username.
func (s *Service) FindUserByUsername(ctx context.Context, a *auth.Actor, name string) (*User, error) {
	// The permission comes first, so that "no such user" and "not allowed" cannot tell usernames apart.
	if NormalizeUsername(name) != a.Username && !a.Can(PermUsersView) {
		return nil, s.deny(ctx, a, "user.read", "user", "", "没有查看账号的权限")
	}
	r, err := userByName(ctx, s.db.R, name)
	if err != nil {
		return nil, err
	}
	return s.view(a, r), nil
}

// guardAdmin refuses a change by one administrator to the account of another administrator role: under
// 三员分立 the system administrator must not be able to take over the security or audit administrator's
// account (by resetting its password, say), nor silence it by disabling it. Such changes are made on the
// server with the command line, where they are recorded under the operator's name.
func (s *Service) guardAdmin(ctx context.Context, a *auth.Actor, action string, uid int64) error {
	if a.IsSystem() || a.UserID == uid {
		return nil
	}
	roles, err := userRoles(ctx, s.db.R, uid)
	if err != nil {
		return err
	}
	if s.isAdmin(roles) {
		return s.deny(ctx, a, action, "user", id(uid), "管理员账号（系统、安全、审计管理员）只能在服务器上用 parkos user 命令重置或停用")
	}
	return nil
}

// FindUsers lists users matching f, with the total count.
func (s *Service) FindUsers(ctx context.Context, a *auth.Actor, f UserFilter) ([]*User, int, error) {
	if !a.Can(PermUsersView) {
		return nil, 0, s.deny(ctx, a, "user.list", "user", "", "没有查看账号列表的权限")
	}
	rows, total, err := findUsers(ctx, s.db.R, f, s.now())
	if err != nil {
		return nil, 0, err
	}
	out := make([]*User, len(rows))
	for i, r := range rows {
		out[i] = s.view(a, r)
	}
	return out, total, nil
}

// UpdateUser changes an account's profile: the owner may change their own, the system administrator anyone's.
func (s *Service) UpdateUser(ctx context.Context, a *auth.Actor, uid int64, up UserUpdate) (*User, error) {
	if a.UserID != uid && !a.Can(PermUsersManage) {
		return nil, s.deny(ctx, a, "user.update", "user", id(uid), "没有修改账号的权限")
	}
	var f errs.Fields
	if up.DisplayName != nil && len([]rune(*up.DisplayName)) > 50 {
		f.Add("display_name", "姓名最多 50 个字")
	}
	if up.Phone != nil && *up.Phone != "" && !phoneRE.MatchString(*up.Phone) {
		f.Add("phone", "电话号码格式不对：手机号为 11 位数字，座机为区号加号码，如 0379-12345678")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *User
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		name, phone := before.DisplayName, before.PhoneEnc
		if up.DisplayName != nil {
			name = *up.DisplayName
		}
		if up.Phone != nil {
			phone = s.seal.Seal(*up.Phone)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, phone_enc = $2, updated_at = $3 WHERE id = $4`,
			name, phone, s.now(), uid); err != nil {
			return err
		}
		after, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		out = s.view(a, after)
		b, af := audit.Changes(s.snapshot(before), s.snapshot(after))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.update", ObjectType: "user", ObjectID: id(uid), Before: b, After: af})
	})
	return out, err
}

// SetRoles replaces a user's roles. Only the security administrator may, and never for their own account.
func (s *Service) SetRoles(ctx context.Context, a *auth.Actor, uid int64, roles []string, enterpriseID int64) error {
	if !a.Can(PermRolesAssign) {
		return s.deny(ctx, a, "user.roles", "user", id(uid), "没有分配角色的权限")
	}
	if a.UserID == uid {
		return s.deny(ctx, a, "user.roles", "user", id(uid), "不能修改自己的角色")
	}
	slices.Sort(roles)
	roles = slices.Compact(roles)
	if msg := checkRoles(s.roles, roles, enterpriseID); msg != "" {
		return errs.Invalidf("roles", "%s", msg)
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		if err := setRoles(ctx, tx, uid, roles); err != nil {
			return err
		}
		var ent any
		if enterpriseID > 0 {
			ent = enterpriseID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET enterprise_id = $1, updated_at = $2 WHERE id = $3`, ent, s.now(), uid); err != nil {
			return err
		}
		after, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		// A change of rights takes effect at once: the user signs in again.
		if err := endSessions(ctx, tx, uid, 0); err != nil {
			return err
		}
		b, af := audit.Changes(s.snapshot(before), s.snapshot(after))
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.roles", ObjectType: "user", ObjectID: id(uid), Before: b, After: af})
	})
}

// SetDisabled disables or re-enables an account. Disabling ends its sessions; its API tokens stop working.
func (s *Service) SetDisabled(ctx context.Context, a *auth.Actor, uid int64, disabled bool) error {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	if !a.Can(PermUsersManage) {
		return s.deny(ctx, a, action, "user", id(uid), "没有停用或启用账号的权限")
	}
	if a.UserID == uid {
		return s.deny(ctx, a, action, "user", id(uid), "不能停用自己的账号")
	}
	if err := s.guardAdmin(ctx, a, action, uid); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		before, err := userByID(ctx, tx, uid)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3`,
			disabled, s.now(), uid); err != nil {
			return err
		}
		if disabled {
			if err := endSessions(ctx, tx, uid, 0); err != nil {
				return err
			}
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: action, ObjectType: "user", ObjectID: id(uid),
			Before: map[string]any{"disabled": before.Disabled}, After: map[string]any{"disabled": disabled}})
	})
}

// Unlock lifts a lockout before it expires.
func (s *Service) Unlock(ctx context.Context, a *auth.Actor, uid int64) error {
	if !a.Can(PermUsersManage) {
		return s.deny(ctx, a, "user.unlock", "user", id(uid), "没有解锁账号的权限")
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := userByID(ctx, tx, uid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $1 WHERE id = $2`, s.now(), uid); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.unlock", ObjectType: "user", ObjectID: id(uid)})
	})
}

// ResetPassword sets a new password for another user (empty: generate one). A temporary password must be
// changed at the next login. It ends the user's sessions and returns the password set.
func (s *Service) ResetPassword(ctx context.Context, a *auth.Actor, uid int64, pw string, temporary bool) (string, error) {
	if !a.Can(PermUsersManage) {
		return "", s.deny(ctx, a, "user.password.reset", "user", id(uid), "没有重置密码的权限")
	}
	if a.UserID == uid {
		return "", errs.Invalidf("password", "请在“我的账号”中修改自己的密码")
	}
	if err := s.guardAdmin(ctx, a, "user.password.reset", uid); err != nil {
		return "", err
	}
	r, err := userByID(ctx, s.db.R, uid)
	if err != nil {
		return "", err
	}
	if pw == "" {
		pw, temporary = GeneratePassword(), true
	} else if msg := s.policy.Check(pw, r.Username); msg != "" {
		return "", errs.Invalidf("password", "%s", msg)
	}
	hash := HashPassword(pw)
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := storePassword(ctx, tx, uid, hash, temporary, s.now()); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, uid, 0); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.password.reset", ObjectType: "user", ObjectID: id(uid),
			After: map[string]any{"must_change_password": temporary}})
	})
	return pw, err
}

// ChangePassword is a user changing their own password. It ends every session of the user, including the
// current one; the caller signs the user in again with a fresh session.
func (s *Service) ChangePassword(ctx context.Context, a *auth.Actor, current, next string) error {
	if !a.Can(auth.Pending) || a.UserID == 0 {
		return errs.Unauthenticatedf("请先登录")
	}
	if a.Step == auth.StepTOTP { // a password alone must not be enough to change it
		return s.deny(ctx, a, "user.password.change", "user", id(a.UserID), "请先输入动态口令完成登录")
	}
	r, err := userByID(ctx, s.db.R, a.UserID)
	if err != nil {
		return err
	}
	var f errs.Fields
	if !CheckPassword(r.Hash, current) {
		f.Add("current", "当前密码不正确")
		// Guessing the current password from a left-open session counts like guessing it at the login form.
		who := &auth.Actor{UserID: r.ID, Username: r.Username, IP: a.IP}
		if err := s.loginFailed(ctx, who, r, "修改密码时当前密码错误", s.now()); err != nil && err != errBadCredentials {
			return err
		}
	}
	if msg := s.policy.Check(next, r.Username); msg != "" {
		f.Add("password", msg)
	} else if CheckPassword(r.Hash, next) {
		f.Add("password", "新密码不能与当前密码相同")
	}
	if err := f.Err(); err != nil {
		_ = s.log.WriteAlone(ctx, audit.Entry{Actor: a, Action: "user.password.change", ObjectType: "user", ObjectID: id(a.UserID), Result: audit.Failed, Note: f.Err().Error()})
		return err
	}
	hash := HashPassword(next)
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := storePassword(ctx, tx, a.UserID, hash, false, s.now()); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, a.UserID, 0); err != nil {
			return err
		}
		return s.log.Write(ctx, tx, audit.Entry{Actor: a, Action: "user.password.change", ObjectType: "user", ObjectID: id(a.UserID)})
	})
}

func storePassword(ctx context.Context, tx *sql.Tx, uid int64, hash string, temporary bool, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3,
		failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $4`, hash, now, temporary, uid)
	return err
}
