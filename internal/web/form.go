package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"parkos/internal/errs"
)

// Form is what a user submitted and what was wrong with it, so that a failed form is shown again with every
// value kept and a message at each field.
type Form struct {
	Values url.Values
	Errors map[string]string
	// Message is the form-level message, e.g. "用户名或密码错误".
	Message string
	// Link points at a related record, such as the existing one a duplicate clashes with.
	Link string
}

// NewForm returns an empty form.
func NewForm() *Form { return &Form{Values: url.Values{}, Errors: map[string]string{}} }

// ParseForm reads the request's form (limited to 1 MiB).
func ParseForm(w http.ResponseWriter, r *http.Request) *Form {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	_ = r.ParseForm()
	return &Form{Values: r.PostForm, Errors: map[string]string{}}
}

// Get returns the trimmed value of a field.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Raw returns a field exactly as typed (for passwords).
func (f *Form) Raw(name string) string { return f.Values.Get(name) }

// List returns every value of a field, e.g. checked boxes.
func (f *Form) List(name string) []string { return f.Values[name] }

// Has reports whether value is among the values of a field, for checkboxes and selects.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Int returns a field as an integer, 0 when empty or not a number.
func (f *Form) Int(name string) int64 {
	n, _ := strconv.ParseInt(f.Get(name), 10, 64)
	return n
}

// Bool reports whether a checkbox was checked.
func (f *Form) Bool(name string) bool {
	v := f.Get(name)
	return v == "on" || v == "1" || v == "true"
}

// Error returns the message of a field.
func (f *Form) Error(name string) string { return f.Errors[name] }

// Fail records err on the form: field errors at their fields, anything else as the form's message.
// It returns false when err is nil.
func (f *Form) Fail(err error) bool {
	if err == nil {
		return false
	}
	if e := errs.As(err); e != nil {
		for k, v := range e.Fields {
			f.Errors[k] = v
		}
		f.Message, f.Link = e.Message, e.Link
		return true
	}
	f.Message = "操作没有完成，请稍后再试"
	return true
}

// Valid reports whether the form has no errors.
func (f *Form) Valid() bool { return len(f.Errors) == 0 && f.Message == "" }
