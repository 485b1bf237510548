package account

import (
	"embed"
	"net/http"

	"parkos/internal/auth"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Routes lists the module's routes with the permission each needs. Finer checks (whose session, whose token)
// happen in the service.
func (h *Handler) Routes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/login", Perm: auth.Public, Handler: h.loginForm},
		{Method: "POST", Path: "/login", Perm: auth.Public, Handler: h.loginSubmit},
		{Method: "GET", Path: "/login/totp", Perm: auth.Pending, Handler: h.totpStepForm},
		{Method: "POST", Path: "/login/totp", Perm: auth.Pending, Handler: h.totpStepSubmit},
		{Method: "POST", Path: "/logout", Perm: auth.Pending, Handler: h.logout},

		{Method: "GET", Path: "/admin/account", Perm: auth.SignedIn, Handler: h.accountPage},
		{Method: "POST", Path: "/admin/account", Perm: auth.SignedIn, Handler: h.accountSubmit},
		{Method: "GET", Path: "/admin/account/password", Perm: auth.Pending, Handler: h.passwordForm},
		{Method: "POST", Path: "/admin/account/password", Perm: auth.Pending, Handler: h.passwordSubmit},
		{Method: "GET", Path: "/admin/account/totp", Perm: auth.Pending, Handler: h.totpPage},
		{Method: "POST", Path: "/admin/account/totp", Perm: auth.Pending, Handler: h.totpBegin},
		{Method: "GET", Path: "/admin/account/totp/qr.png", Perm: auth.Pending, Handler: h.totpQR},
		{Method: "POST", Path: "/admin/account/totp/confirm", Perm: auth.Pending, Handler: h.totpConfirm},
		{Method: "POST", Path: "/admin/account/totp/reset", Perm: auth.SignedIn, Handler: h.totpResetOwn},
		{Method: "POST", Path: "/admin/account/tokens", Perm: auth.SignedIn, Handler: h.tokenCreate},
		{Method: "POST", Path: "/admin/account/tokens/revoke", Perm: auth.SignedIn, Handler: h.tokenRevoke},

		{Method: "GET", Path: "/admin/users", Perm: PermUsersView, Handler: h.usersPage},
		{Method: "GET", Path: "/admin/users/new", Perm: PermUsersManage, Handler: h.userNewForm},
		{Method: "POST", Path: "/admin/users", Perm: PermUsersManage, Handler: h.userCreate},
		{Method: "GET", Path: "/admin/users/{id}", Perm: PermUsersView, Handler: h.userPage},
		{Method: "POST", Path: "/admin/users/{id}", Perm: PermUsersManage, Handler: h.userAction("资料已保存", h.userUpdate)},
		{Method: "POST", Path: "/admin/users/{id}/roles", Perm: PermRolesAssign, Handler: h.userAction("角色已更新，该用户需重新登录", h.userRoles)},
		{Method: "POST", Path: "/admin/users/{id}/disable", Perm: PermUsersManage, Handler: h.userAction("账号已停用", h.userDisable)},
		{Method: "POST", Path: "/admin/users/{id}/enable", Perm: PermUsersManage, Handler: h.userAction("账号已启用", h.userEnable)},
		{Method: "POST", Path: "/admin/users/{id}/unlock", Perm: PermUsersManage, Handler: h.userAction("账号已解锁", h.userUnlock)},
		{Method: "POST", Path: "/admin/users/{id}/password", Perm: PermUsersManage, Handler: h.userResetPassword},
		{Method: "POST", Path: "/admin/users/{id}/sessions/end", Perm: PermSessionsManage, Handler: h.userAction("该用户的会话已全部结束", h.userEndSessions)},
		{Method: "POST", Path: "/admin/users/{id}/totp/reset", Perm: PermSessionsManage, Handler: h.userAction("动态口令已重置", h.userResetTOTP)},

		{Method: "GET", Path: "/admin/sessions", Perm: PermSessionsManage, Handler: h.sessionsPage},
		{Method: "POST", Path: "/admin/sessions/{id}/end", Perm: auth.SignedIn, Handler: h.sessionEnd},

		{Method: "GET", Path: "/api/v1/me", Perm: auth.Pending, Handler: h.apiMe},
	}
}

// Nav lists the module's navigation entries.
func Nav() []auth.NavLink {
	return []auth.NavLink{
		{Group: "系统管理", Title: "账号管理", Path: "/admin/users", Perm: PermUsersView, Note: "开设、停用、解锁账号，重置密码"},
		{Group: "安全管理", Title: "在线会话", Path: "/admin/sessions", Perm: PermSessionsManage, Note: "查看与强制结束会话，安全策略"},
		{Group: auth.GroupPersonal, Title: "我的账号", Path: "/admin/account", Perm: auth.SignedIn, Note: "资料、密码、动态口令、接口令牌"},
	}
}

// Me is the body of GET /api/v1/me.
type Me struct {
	ID           int64    `json:"id"`
	Username     string   `json:"username"`
	DisplayName  string   `json:"display_name"`
	Roles        []string `json:"roles"`
	EnterpriseID int64    `json:"enterprise_id,omitempty"`
	Via          string   `json:"via"` // "session" or "token"
	Pending      string   `json:"pending_step,omitempty"`
}

func (h *Handler) apiMe(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	via := "session"
	if a.TokenID != 0 {
		via = "token"
	}
	roles := a.Roles
	if roles == nil {
		roles = []string{}
	}
	web.JSON(w, http.StatusOK, Me{ID: a.UserID, Username: a.Username, DisplayName: a.DisplayName, Roles: roles,
		EnterpriseID: a.EnterpriseID, Via: via, Pending: string(a.Step)})
}
