package account

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"parkos/internal/auth"
	"parkos/internal/errs"
	"parkos/internal/web"
)

// Handler serves the account pages and API.
type Handler struct {
	svc   *Service
	pages *web.Pages
	rnd   *web.Renderer
	csrf  *web.CSRF
}

// NewHandler builds the handlers of the account module.
func NewHandler(svc *Service, rnd *web.Renderer) *Handler {
	return &Handler{svc: svc, pages: rnd.Parse(templates, "templates"), rnd: rnd, csrf: rnd.CSRF}
}

// StepURL is where a user who owes a sign-in step is sent.
func StepURL(s auth.Step) string {
	switch s {
	case auth.StepTOTP:
		return "/login/totp"
	case auth.StepPasswordReset:
		return "/admin/account/password"
	case auth.StepTOTPEnrol:
		return "/admin/account/totp"
	}
	return "/admin"
}

// safeNext returns next when it is a local path, else /admin: the login form must not become an open redirect.
func safeNext(next string) string {
	if !web.LocalPath(next) {
		return "/admin"
	}
	return next
}

func (h *Handler) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: web.IsTLS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(h.svc.cfg.AbsoluteTimeout.Seconds())})
	h.csrf.SetSession(r, token)
	h.csrf.Renew(w, r)
}

func (h *Handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: web.IsTLS(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	h.csrf.SetSession(r, "")
	h.csrf.Renew(w, r)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if a := auth.FromContext(r.Context()); a.SignedIn() {
		http.Redirect(w, r, StepURL(a.Step), http.StatusSeeOther)
		return
	}
	f := web.NewForm()
	f.Values.Set("next", r.URL.Query().Get("next"))
	if r.URL.Query().Get("expired") != "" {
		f.Message = "登录已超时，请重新登录"
	}
	h.pages.Render(w, r, http.StatusOK, "login.html", h.loginView(f))
}

func (h *Handler) loginView(f *web.Form) web.View {
	return web.View{Title: "登录", Layout: "plain", Form: f, Data: map[string]any{
		"LockoutAfter": h.svc.cfg.LockoutAfter, "LockoutMinutes": int(h.svc.cfg.LockoutFor.Minutes())}}
}

func (h *Handler) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := web.ParseForm(w, r)
	res, err := h.svc.Login(r.Context(), LoginInput{Username: f.Get("username"), Password: f.Raw("password"), IP: web.ClientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		f.Fail(err)
		h.pages.Render(w, r, web.Status(err), "login.html", h.loginView(f))
		return
	}
	h.setSession(w, r, res.Token)
	if res.Actor.Step != auth.StepNone {
		target := StepURL(res.Actor.Step)
		if next := f.Get("next"); next != "" {
			target += "?next=" + url.QueryEscape(safeNext(next))
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Logout(r.Context(), auth.FromContext(r.Context())); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.clearSession(w, r)
	web.SetFlash(w, r, "ok", "已安全退出")
	http.Redirect(w, r, "/login?out=1", http.StatusSeeOther)
}

func (h *Handler) totpStepForm(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	if a.Step != auth.StepTOTP {
		http.Redirect(w, r, StepURL(a.Step), http.StatusSeeOther)
		return
	}
	f := web.NewForm()
	f.Values.Set("next", r.URL.Query().Get("next"))
	h.pages.Render(w, r, http.StatusOK, "totp_step.html", web.View{Title: "动态口令验证", Layout: "plain", Form: f})
}

func (h *Handler) totpStepSubmit(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	if err := h.svc.VerifyTOTP(r.Context(), a, f.Get("code")); err != nil {
		f.Fail(err)
		h.pages.Render(w, r, web.Status(err), "totp_step.html", web.View{Title: "动态口令验证", Layout: "plain", Form: f})
		return
	}
	// The session is now complete; any later step (an expired password) is found on the next request.
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

func (h *Handler) passwordView(a *auth.Actor, f *web.Form) web.View {
	v := web.View{Title: "修改密码", Form: f, Data: map[string]any{"Policy": h.svc.Policy().Describe(), "Forced": a.Step == auth.StepPasswordReset}}
	if a.Step != auth.StepNone {
		v.Layout = "plain"
	}
	return v
}

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	if a.Step == auth.StepTOTP {
		http.Redirect(w, r, StepURL(a.Step), http.StatusSeeOther)
		return
	}
	f := web.NewForm()
	f.Values.Set("next", r.URL.Query().Get("next"))
	h.pages.Render(w, r, http.StatusOK, "password.html", h.passwordView(a, f))
}

func (h *Handler) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	if f.Raw("password") != f.Raw("confirm") {
		f.Errors["confirm"] = "两次输入的新密码不一致"
	}
	if f.Valid() {
		if err := h.svc.ChangePassword(r.Context(), a, f.Raw("current"), f.Raw("password")); err != nil {
			f.Fail(err)
		}
	}
	if !f.Valid() {
		h.pages.Render(w, r, http.StatusUnprocessableEntity, "password.html", h.passwordView(a, f))
		return
	}
	// Every session of the user ended with the change; sign this browser in again with a fresh session.
	res, err := h.svc.Login(r.Context(), LoginInput{Username: a.Username, Password: f.Raw("password"), IP: web.ClientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		h.clearSession(w, r)
		web.SetFlash(w, r, "ok", "密码已修改，请用新密码登录")
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.setSession(w, r, res.Token)
	web.SetFlash(w, r, "ok", "密码已修改")
	if res.Actor.Step != auth.StepNone {
		http.Redirect(w, r, StepURL(res.Actor.Step), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

func (h *Handler) totpView(r *http.Request, a *auth.Actor, f *web.Form) (web.View, error) {
	e, err := h.svc.PendingTOTP(r.Context(), a)
	if err != nil {
		return web.View{}, err
	}
	u, err := h.svc.FindUserByID(r.Context(), a, a.UserID)
	if err != nil {
		return web.View{}, err
	}
	v := web.View{Title: "动态口令（双因素认证）", Form: f, Data: map[string]any{"Pending": e, "Enabled": u.TOTPEnabled,
		"Forced": a.Step == auth.StepTOTPEnrol, "Stamp": time.Now().UnixNano()}}
	if a.Step != auth.StepNone {
		v.Layout = "plain"
	}
	return v, nil
}

func (h *Handler) totpPage(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	if a.Step == auth.StepTOTP || a.Step == auth.StepPasswordReset {
		http.Redirect(w, r, StepURL(a.Step), http.StatusSeeOther)
		return
	}
	v, err := h.totpView(r, a, web.NewForm())
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "totp_enrol.html", v)
}

func (h *Handler) totpBegin(w http.ResponseWriter, r *http.Request) {
	if _, err := h.svc.BeginTOTP(r.Context(), auth.FromContext(r.Context())); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/account/totp", http.StatusSeeOther)
}

func (h *Handler) totpConfirm(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	if err := h.svc.ConfirmTOTP(r.Context(), a, f.Get("code")); err != nil {
		f.Fail(err)
		v, verr := h.totpView(r, a, f)
		if verr != nil {
			h.rnd.Error(w, r, verr)
			return
		}
		h.pages.Render(w, r, web.Status(err), "totp_enrol.html", v)
		return
	}
	web.Redirect(w, r, "/admin/account", "动态口令已启用，今后登录时需输入手机上的 6 位验证码")
}

func (h *Handler) totpQR(w http.ResponseWriter, r *http.Request) {
	png, err := h.svc.TOTPQRCode(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}

func (h *Handler) totpResetOwn(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	if err := h.svc.ResetTOTP(r.Context(), a, a.UserID); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/admin/account", "动态口令已关闭")
}

type accountData struct {
	User     *User
	Sessions []*Session
	Tokens   []*Token
	NewToken string
	Policy   string
	Current  int64
}

func (h *Handler) accountData(r *http.Request, a *auth.Actor) (*accountData, error) {
	u, err := h.svc.FindUserByID(r.Context(), a, a.UserID)
	if err != nil {
		return nil, err
	}
	ss, err := h.svc.FindSessions(r.Context(), a, SessionFilter{UserID: a.UserID})
	if err != nil {
		return nil, err
	}
	ts, err := h.svc.FindTokens(r.Context(), a, a.UserID)
	if err != nil {
		return nil, err
	}
	return &accountData{User: u, Sessions: ss, Tokens: ts, Policy: h.svc.Policy().Describe(), Current: a.SessionID}, nil
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	d, err := h.accountData(r, a)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.NewForm()
	f.Values.Set("display_name", d.User.DisplayName)
	f.Values.Set("phone", d.User.Phone)
	h.pages.Render(w, r, http.StatusOK, "account.html", web.View{Title: "我的账号", Form: f, Data: d})
}

func (h *Handler) accountSubmit(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	name, phone := f.Get("display_name"), f.Get("phone")
	if _, err := h.svc.UpdateUser(r.Context(), a, a.UserID, UserUpdate{DisplayName: &name, Phone: &phone}); err != nil {
		f.Fail(err)
		d, derr := h.accountData(r, a)
		if derr != nil {
			h.rnd.Error(w, r, derr)
			return
		}
		h.pages.Render(w, r, web.Status(err), "account.html", web.View{Title: "我的账号", Form: f, Data: d})
		return
	}
	web.Redirect(w, r, "/admin/account", "资料已保存")
}

func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	tok, err := h.svc.CreateToken(r.Context(), a, a.UserID, f.Get("name"))
	d, derr := h.accountData(r, a)
	if derr != nil {
		h.rnd.Error(w, r, derr)
		return
	}
	pf := web.NewForm()
	pf.Values.Set("display_name", d.User.DisplayName)
	pf.Values.Set("phone", d.User.Phone)
	status := http.StatusOK
	if err != nil {
		pf.Values.Set("name", f.Get("name"))
		pf.Fail(err)
		status = web.Status(err)
	}
	d.NewToken = tok
	h.pages.Render(w, r, status, "account.html", web.View{Title: "我的账号", Form: pf, Data: d})
}

func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	if err := h.svc.RevokeToken(r.Context(), a, a.UserID, f.Get("name")); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/admin/account", "令牌已吊销")
}

func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.NotFoundf("对象")
	}
	return n, nil
}

const usersPerPage = 20

type usersData struct {
	Users     []*User
	Pager     web.Pager
	Roles     []auth.Role
	Filter    UserFilter
	CanManage bool
	Now       time.Time
}

func (h *Handler) usersPage(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	q := r.URL.Query()
	_, offset := web.PageFromQuery(q, usersPerPage)
	f := UserFilter{Query: q.Get("q"), Role: q.Get("role"), Status: q.Get("status"), Limit: usersPerPage, Offset: offset}
	users, total, err := h.svc.FindUsers(r.Context(), a, f)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	form := web.NewForm()
	form.Values = q
	h.pages.Render(w, r, http.StatusOK, "users.html", web.View{Title: "账号管理", Form: form, Data: usersData{
		Users: users, Pager: web.NewPager(r.URL.Path, q, usersPerPage, total), Roles: h.svc.Roles().All(), Filter: f,
		CanManage: a.Can(PermUsersManage), Now: time.Now()}})
}

type newUserData struct {
	Roles    []auth.Role
	CanRoles bool
	Policy   string
	Created  *User
	Password string
}

func (h *Handler) userNewForm(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	h.pages.Render(w, r, http.StatusOK, "user_new.html", web.View{Title: "新建账号", Data: newUserData{
		Roles: h.svc.Roles().All(), CanRoles: a.Can(PermRolesAssign), Policy: h.svc.Policy().Describe()}})
}

func (h *Handler) userCreate(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f := web.ParseForm(w, r)
	n := NewUser{Username: f.Get("username"), DisplayName: f.Get("display_name"), Phone: f.Get("phone"),
		Password: f.Raw("password"), Temporary: true, Roles: f.List("roles"), EnterpriseID: f.Int("enterprise_id")}
	u, pw, err := h.svc.CreateUser(r.Context(), a, n)
	d := newUserData{Roles: h.svc.Roles().All(), CanRoles: a.Can(PermRolesAssign), Policy: h.svc.Policy().Describe()}
	if err != nil {
		f.Fail(err)
		h.pages.Render(w, r, web.Status(err), "user_new.html", web.View{Title: "新建账号", Form: f, Data: d})
		return
	}
	d.Created, d.Password = u, pw
	h.pages.Render(w, r, http.StatusCreated, "user_new.html", web.View{Title: "账号已创建", Data: d})
}

type userData struct {
	User        *User
	Roles       []auth.Role
	Sessions    []*Session
	CanManage   bool
	CanRoles    bool
	CanSessions bool
	Self        bool
	Now         time.Time
	Password    string
}

func (h *Handler) userData(r *http.Request, a *auth.Actor, uid int64) (*userData, error) {
	u, err := h.svc.FindUserByID(r.Context(), a, uid)
	if err != nil {
		return nil, err
	}
	d := &userData{User: u, Roles: h.svc.Roles().All(), CanManage: a.Can(PermUsersManage), CanRoles: a.Can(PermRolesAssign),
		CanSessions: a.Can(PermSessionsManage), Self: a.UserID == uid, Now: time.Now()}
	if d.CanSessions {
		if d.Sessions, err = h.svc.FindSessions(r.Context(), a, SessionFilter{UserID: uid}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (h *Handler) userPageWith(w http.ResponseWriter, r *http.Request, status int, f *web.Form, password string) {
	a := auth.FromContext(r.Context())
	uid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	d, err := h.userData(r, a, uid)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	d.Password = password
	if f == nil {
		f = web.NewForm()
		f.Values.Set("display_name", d.User.DisplayName)
		f.Values.Set("phone", d.User.Phone)
		for _, role := range d.User.Roles {
			f.Values.Add("roles", role)
		}
		if d.User.EnterpriseID > 0 {
			f.Values.Set("enterprise_id", strconv.FormatInt(d.User.EnterpriseID, 10))
		}
	}
	h.pages.Render(w, r, status, "user.html", web.View{Title: "账号 " + d.User.Username, Form: f, Data: d})
}

func (h *Handler) userPage(w http.ResponseWriter, r *http.Request) {
	h.userPageWith(w, r, http.StatusOK, nil, "")
}

// userAction runs a POST on /admin/users/{id}/... and redirects back with msg, or shows the page with the error.
func (h *Handler) userAction(msg string, do func(r *http.Request, a *auth.Actor, uid int64, f *web.Form) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		uid, err := pathID(r)
		if err != nil {
			h.rnd.Error(w, r, err)
			return
		}
		f := web.ParseForm(w, r)
		if err := do(r, auth.FromContext(r.Context()), uid, f); err != nil {
			if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
				f.Fail(err)
				h.userPageWith(w, r, web.Status(err), f, "")
				return
			}
			h.rnd.Error(w, r, err)
			return
		}
		web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(uid, 10), msg)
	}
}

func (h *Handler) userUpdate(r *http.Request, a *auth.Actor, uid int64, f *web.Form) error {
	name, phone := f.Get("display_name"), f.Get("phone")
	_, err := h.svc.UpdateUser(r.Context(), a, uid, UserUpdate{DisplayName: &name, Phone: &phone})
	return err
}

func (h *Handler) userRoles(r *http.Request, a *auth.Actor, uid int64, f *web.Form) error {
	return h.svc.SetRoles(r.Context(), a, uid, f.List("roles"), f.Int("enterprise_id"))
}

func (h *Handler) userDisable(r *http.Request, a *auth.Actor, uid int64, _ *web.Form) error {
	return h.svc.SetDisabled(r.Context(), a, uid, true)
}

func (h *Handler) userEnable(r *http.Request, a *auth.Actor, uid int64, _ *web.Form) error {
	return h.svc.SetDisabled(r.Context(), a, uid, false)
}

func (h *Handler) userUnlock(r *http.Request, a *auth.Actor, uid int64, _ *web.Form) error {
	return h.svc.Unlock(r.Context(), a, uid)
}

func (h *Handler) userEndSessions(r *http.Request, a *auth.Actor, uid int64, _ *web.Form) error {
	return h.svc.EndUserSessions(r.Context(), a, uid)
}

func (h *Handler) userResetTOTP(r *http.Request, a *auth.Actor, uid int64, _ *web.Form) error {
	return h.svc.ResetTOTP(r.Context(), a, uid)
}

// userResetPassword shows the new temporary password once on the user's page.
func (h *Handler) userResetPassword(w http.ResponseWriter, r *http.Request) {
	uid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	f := web.ParseForm(w, r)
	pw, err := h.svc.ResetPassword(r.Context(), auth.FromContext(r.Context()), uid, f.Raw("password"), true)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			f.Fail(err)
			h.userPageWith(w, r, web.Status(err), f, "")
			return
		}
		h.rnd.Error(w, r, err)
		return
	}
	h.userPageWith(w, r, http.StatusOK, nil, pw)
}

func (h *Handler) sessionsPage(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	ss, err := h.svc.FindSessions(r.Context(), a, SessionFilter{})
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "sessions.html", web.View{Title: "在线会话", Data: map[string]any{
		"Sessions": ss, "Current": a.SessionID, "Idle": h.svc.cfg.IdleTimeout, "Lifetime": h.svc.cfg.AbsoluteTimeout}})
}

func (h *Handler) sessionEnd(w http.ResponseWriter, r *http.Request) {
	sid, err := pathID(r)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	a := auth.FromContext(r.Context())
	if err := h.svc.EndSession(r.Context(), a, sid); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	back := "/admin/account"
	if ref := r.PostFormValue("back"); ref == "/admin/sessions" {
		back = ref
	}
	web.Redirect(w, r, back, "会话已结束")
}
