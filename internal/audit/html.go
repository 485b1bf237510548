package audit

import (
	"embed"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/xuri/excelize/v2"

	"parkos/internal/auth"
	"parkos/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handler serves the audit viewer.
type Handler struct {
	log    *Log
	pages  *web.Pages
	rnd    *web.Renderer
	labels map[string]string
}

// NewHandler builds the audit viewer. labels are the Chinese names of other modules' actions, added to
// the foundation's ActionLabels for the viewer and the export.
func NewHandler(l *Log, rnd *web.Renderer, labels ...map[string]string) *Handler {
	all := map[string]string{}
	for k, v := range ActionLabels {
		all[k] = v
	}
	for _, m := range labels {
		for k, v := range m {
			all[k] = v
		}
	}
	return &Handler{log: l, pages: rnd.Parse(templates, "templates"), rnd: rnd, labels: all}
}

// Routes of the audit viewer: all for the audit administrator alone.
func (h *Handler) Routes() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/admin/audit", Perm: PermRead, Handler: h.list},
		{Method: "GET", Path: "/admin/audit/export.xlsx", Perm: PermRead, Handler: h.export},
		{Method: "GET", Path: "/admin/audit/verify", Perm: PermRead, Handler: h.verify},
	}
}

// Nav of the audit module.
func Nav() []auth.NavLink {
	return []auth.NavLink{{Group: "审计管理", Title: "审计日志", Path: "/admin/audit", Perm: PermRead, Note: "按时间、人员、操作、对象、结果查阅与导出"}}
}

// cst is China Standard Time, in which dates are typed and shown.
var cst = time.FixedZone("CST", 8*3600)

// filterFrom reads the viewer's query: dates are days in China Standard Time, "to" inclusive.
func filterFrom(q url.Values) (Filter, map[string]string) {
	f := Filter{Actor: q.Get("actor"), Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Result: Result(q.Get("result"))}
	bad := map[string]string{}
	if s := q.Get("from"); s != "" {
		if t, err := time.ParseInLocation(time.DateOnly, s, cst); err == nil {
			f.From = t
		} else {
			bad["from"] = "开始日期格式应为 2026-01-31"
		}
	}
	if s := q.Get("to"); s != "" {
		if t, err := time.ParseInLocation(time.DateOnly, s, cst); err == nil {
			f.To = t.AddDate(0, 0, 1)
		} else {
			bad["to"] = "结束日期格式应为 2026-01-31"
		}
	}
	switch f.Result {
	case "", Success, Denied, Failed:
	default:
		bad["result"] = "结果只能是成功、拒绝或失败"
		f.Result = ""
	}
	return f, bad
}

const perPage = 50

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	q := r.URL.Query()
	f, bad := filterFrom(q)
	_, f.Offset = web.PageFromQuery(q, perPage)
	f.Limit = perPage
	recs, total, err := h.log.Find(r.Context(), a, f)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	actions, err := h.log.Actions(r.Context(), a)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	form := web.NewForm()
	form.Values, form.Errors = q, bad
	exportQ := url.Values{}
	for k, v := range q {
		if k != "page" {
			exportQ[k] = v
		}
	}
	h.pages.Render(w, r, http.StatusOK, "audit.html", web.View{Title: "审计日志", Form: form, Data: map[string]any{
		"Records": recs, "Pager": web.NewPager(r.URL.Path, q, perPage, total), "Actions": actions, "Filter": f,
		"Export": "/admin/audit/export.xlsx?" + exportQ.Encode(), "Labels": h.labels,
	}})
}

func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	v, err := h.log.Verify(r.Context(), nil)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	_ = h.log.WriteAlone(r.Context(), Entry{Actor: auth.FromContext(r.Context()), Action: "audit.verify", ObjectType: "audit_log",
		Result: map[bool]Result{true: Success, false: Failed}[v.OK()], Note: verdict(v)})
	h.pages.Render(w, r, http.StatusOK, "verify.html", web.View{Title: "审计日志完整性校验", Data: map[string]any{"V": v, "Verdict": verdict(v)}})
}

func verdict(v Verification) string {
	if v.OK() {
		if v.Records == 0 {
			return "审计日志为空"
		}
		return fmt.Sprintf("完整：共 %d 条记录（#%d 至 #%d），哈希链校验通过", v.Records, v.FirstID, v.LastID)
	}
	return "校验失败：" + v.Problem
}

// Verdict is the one-line Chinese result of a verification, for the command line.
func Verdict(v Verification) string { return verdict(v) }

// export writes the filtered log as an Excel workbook, streamed row by row.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	a := auth.FromContext(r.Context())
	f, bad := filterFrom(r.URL.Query())
	if len(bad) > 0 {
		h.rnd.ErrorPage(w, r, http.StatusUnprocessableEntity, "筛选条件有误："+fmt.Sprint(bad))
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "审计日志"
	_ = x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	_ = sw.SetColWidth(1, 1, 8)
	_ = sw.SetColWidth(2, 2, 20)
	_ = sw.SetColWidth(3, 9, 16)
	_ = sw.SetColWidth(10, 10, 60)
	head := []any{"序号", "时间（北京时间）", "操作人", "IP 地址", "操作", "操作说明", "对象类型", "对象编号", "结果", "详情"}
	if err := sw.SetRow("A1", head); err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	n := 1
	err = h.log.Each(r.Context(), a, f, func(rec *Record) error {
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, []any{rec.ID, rec.At.In(cst).Format("2006-01-02 15:04:05"), rec.ActorName, rec.IP, rec.Action,
			h.labels[rec.Action], rec.ObjectType, rec.ObjectID, ResultLabels[rec.Result], rec.Detail})
	})
	if err == nil {
		err = sw.Flush()
	}
	if err != nil {
		h.rnd.Error(w, r, err)
		return
	}
	name := "审计日志-" + time.Now().In(cst).Format("20060102-150405") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"audit.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_ = x.Write(w)
}

// ResultLabels are the Chinese names of the results.
var ResultLabels = map[Result]string{Success: "成功", Denied: "拒绝", Failed: "失败"}

// ActionLabels explain the actions in Chinese. Modules add theirs in their own init-free way: the viewer shows
// the raw action where no label exists.
var ActionLabels = map[string]string{
	"login.success": "登录成功", "login.failed": "登录失败", "login.locked": "锁定期间尝试登录", "login.disabled": "停用账号尝试登录",
	"login.throttled": "IP 登录频率受限", "login.totp": "动态口令验证通过", "logout": "退出登录", "account.locked": "账号被锁定",
	"session.expired": "会话超时", "session.end": "结束会话", "session.end_all": "结束用户全部会话", "session.list": "查看会话",
	"user.create": "新建账号", "user.update": "修改账号资料", "user.roles": "修改角色", "user.disable": "停用账号", "user.enable": "启用账号",
	"user.unlock": "解锁账号", "user.password.reset": "重置密码", "user.password.change": "修改本人密码", "user.read": "查看账号", "user.list": "查看账号列表",
	"totp.enrol": "绑定动态口令", "totp.reset": "重置动态口令", "token.create": "创建接口令牌", "token.revoke": "吊销接口令牌",
	"token.use": "使用接口令牌", "token.list": "查看接口令牌", "audit.read": "查阅审计日志", "audit.export": "导出审计日志", "audit.verify": "校验审计日志",
	"audit.purge": "按保留期清理审计日志", "access.denied": "越权访问被拒绝", "settings.update": "修改设置",
}
