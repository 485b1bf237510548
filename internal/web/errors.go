package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"parkos/internal/errs"
)

// Status maps an error code to its HTTP status. It is the only place that does.
func Status(err error) int {
	switch errs.CodeOf(err) {
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.Conflict:
		return http.StatusConflict
	case errs.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Message is the Chinese message shown for err: the error's own for classified errors, a generic one (with the
// request id to quote) for everything else, whose text may hold internals.
func Message(r *http.Request, err error) string {
	if e := errs.As(err); e != nil && e.Code != errs.Internal {
		return e.Message
	}
	return "服务器内部错误，请稍后再试或联系管理员（请求编号 " + RequestID(r) + "）"
}

// Error answers a request that failed with err: a JSON body under /api/, an error page elsewhere.
func (r *Renderer) Error(w http.ResponseWriter, req *http.Request, err error) {
	status := Status(err)
	if status == http.StatusInternalServerError {
		r.Log.Error("request failed", "id", RequestID(req), "path", req.URL.Path, "err", err)
	}
	if strings.HasPrefix(req.URL.Path, "/api/") {
		JSONError(w, req, err)
		return
	}
	r.ErrorPage(w, req, status, Message(req, err))
}

// ErrorPage renders the error page with a status and message.
func (r *Renderer) ErrorPage(w http.ResponseWriter, req *http.Request, status int, msg string) {
	title := map[int]string{
		http.StatusNotFound: "页面不存在", http.StatusForbidden: "没有权限", http.StatusUnauthorized: "请先登录",
		http.StatusTooManyRequests: "操作过于频繁", http.StatusConflict: "操作冲突", http.StatusUnprocessableEntity: "提交的内容有误",
	}[status]
	if title == "" {
		title = "出错了"
	}
	layout := "plain"
	if r.ShellFor(req).User != nil {
		layout = "admin"
	}
	r.render(w, req, status, r.base, View{Title: title, Layout: layout, Data: map[string]any{"Status": status, "Message": msg, "Error": true}})
}

// JSON writes v as JSON with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// APIError is the body of every failed API response.
type APIError struct {
	Error struct {
		Status  int               `json:"status"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// JSONError writes err as an APIError.
func JSONError(w http.ResponseWriter, req *http.Request, err error) {
	var body APIError
	body.Error.Status = Status(err)
	body.Error.Message = Message(req, err)
	if e := errs.As(err); e != nil {
		body.Error.Fields = e.Fields
	}
	JSON(w, body.Error.Status, body)
}

// DecodeJSON reads a JSON request body (at most 1 MiB) into v. Unknown fields, trailing data and a wrong
// type are refused with a Chinese message that names the field, so that a client learns of a typo instead
// of having a value silently dropped.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.Invalidf("body", "请求体应为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	var typeErr *json.UnmarshalTypeError
	var maxErr *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return errs.Invalidf(typeErr.Field, "字段 %s 的类型不对：应为 %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
	case errors.As(err, &maxErr):
		return errs.Invalidf("body", "请求体超过 1 MB")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Invalidf(f, "没有名为 %s 的字段", f)
	default:
		return errs.Invalidf("body", "请求体不是有效的 JSON：%v", err)
	}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "字符串"
	case "bool":
		return "true 或 false"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "数字"
	case "slice":
		return "数组"
	case "map", "struct", "ptr":
		return "对象"
	}
	return k
}
