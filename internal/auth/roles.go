package auth

import (
	"slices"
	"sort"
)

// Role is a named set of permissions. Roles are defined in code: a module adds its permissions to roles
// with a Grant, and internal/app assembles the set.
type Role struct {
	Key   string
	Name  string // Chinese name shown to people
	Note  string // what the role is for
	Perms []Permission
	// Admin roles are the separated system, security and audit administrators (三员分立). A user holds at
	// most one of them, and under the dengbao profile they must use a second factor.
	Admin bool
	// Enterprise roles bind the user to one enterprise.
	Enterprise bool
}

// Keys of the roles the foundation defines.
const (
	RoleSysAdmin   = "sysadmin"
	RoleSecAdmin   = "secadmin"
	RoleAuditAdmin = "auditadmin"
	RoleParkAdmin  = "park-admin"
	RoleEditor     = "editor"
	RoleReviewer   = "reviewer"
	RoleEnterprise = "enterprise"
)

// BaseRoles are the roles of the foundation, without permissions: modules grant those.
func BaseRoles() []Role {
	return []Role{
		{Key: RoleSysAdmin, Name: "系统管理员", Note: "账号与系统设置", Admin: true},
		{Key: RoleSecAdmin, Name: "安全管理员", Note: "角色授权、安全策略与会话", Admin: true},
		{Key: RoleAuditAdmin, Name: "审计管理员", Note: "查阅与导出审计日志，别无其他", Admin: true},
		{Key: RoleParkAdmin, Name: "园区管理员", Note: "园区运营业务"},
		{Key: RoleEditor, Name: "编辑", Note: "撰写与提交文章"},
		{Key: RoleReviewer, Name: "审核员", Note: "审核与发布文章"},
		{Key: RoleEnterprise, Name: "企业用户", Note: "本企业的资料与申报", Enterprise: true},
	}
}

// Grant gives permissions to a role.
type Grant struct {
	Role  string
	Perms []Permission
}

// Roles is the assembled set of roles.
type Roles struct {
	list  []Role
	index map[string]int
}

// NewRoles builds the role set from roles and the grants of every module. A grant to an unknown role panics:
// it is a programming error found by the first test that starts the app.
func NewRoles(roles []Role, grants ...Grant) *Roles {
	r := &Roles{list: slices.Clone(roles), index: map[string]int{}}
	for i, role := range r.list {
		r.index[role.Key] = i
	}
	for _, g := range grants {
		i, ok := r.index[g.Role]
		if !ok {
			panic("auth: grant to unknown role " + g.Role)
		}
		r.list[i].Perms = append(r.list[i].Perms, g.Perms...)
	}
	for i := range r.list {
		slices.Sort(r.list[i].Perms)
		r.list[i].Perms = slices.Compact(r.list[i].Perms)
	}
	return r
}

// All lists the roles in their defined order.
func (r *Roles) All() []Role { return r.list }

// Get returns the role with key.
func (r *Roles) Get(key string) (Role, bool) {
	i, ok := r.index[key]
	if !ok {
		return Role{}, false
	}
	return r.list[i], true
}

// Permissions is the union of the permissions of the given roles.
func (r *Roles) Permissions(keys []string) map[Permission]bool {
	out := map[Permission]bool{}
	for _, k := range keys {
		if role, ok := r.Get(k); ok {
			for _, p := range role.Perms {
				out[p] = true
			}
		}
	}
	return out
}

// Holders lists the role keys that hold permission p, sorted.
func (r *Roles) Holders(p Permission) []string {
	var out []string
	for _, role := range r.list {
		if slices.Contains(role.Perms, p) {
			out = append(out, role.Key)
		}
	}
	sort.Strings(out)
	return out
}
