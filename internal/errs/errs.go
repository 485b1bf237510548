// Package errs defines the typed errors that services return. Each carries a Code; internal/web maps codes to
// HTTP statuses and Chinese messages in one place, so handlers never decide a status themselves.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error for the caller.
type Code int

// The codes a service may return. Anything else is an internal error.
const (
	Internal Code = iota
	NotFound
	Invalid
	Forbidden
	Unauthenticated
	Conflict
	TooMany
)

// Error is a classified error with a message meant for the user (in Chinese) and, for Invalid, the problem
// with each field.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	// Link optionally points at a related object, such as the existing record a duplicate clashes with.
	Link string
	err  error
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return e.Message + "（" + strings.Join(parts, "；") + "）"
}

// Unwrap gives access to the cause, if any.
func (e *Error) Unwrap() error { return e.err }

// CodeOf returns the code of err, Internal when err carries none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error inside err, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Is reports whether err carries code c.
func Is(err error, c Code) bool { return CodeOf(err) == c }

// NotFoundf reports that the named thing does not exist, e.g. NotFoundf("用户 %s", name).
func NotFoundf(format string, a ...any) error {
	return &Error{Code: NotFound, Message: fmt.Sprintf(format, a...) + "不存在"}
}

// Forbiddenf reports that the actor may not do this.
func Forbiddenf(format string, a ...any) error {
	return &Error{Code: Forbidden, Message: fmt.Sprintf(format, a...)}
}

// Unauthenticatedf reports that the caller is not signed in or its credentials are not valid.
func Unauthenticatedf(format string, a ...any) error {
	return &Error{Code: Unauthenticated, Message: fmt.Sprintf(format, a...)}
}

// Conflictf reports a clash with the current state, such as a duplicate key.
func Conflictf(format string, a ...any) error {
	return &Error{Code: Conflict, Message: fmt.Sprintf(format, a...)}
}

// TooManyf reports that the caller is being rate limited.
func TooManyf(format string, a ...any) error {
	return &Error{Code: TooMany, Message: fmt.Sprintf(format, a...)}
}

// Fields collects field errors while validating input. The zero value is ready to use.
type Fields map[string]string

// Add records a problem with a field; the first problem of a field wins.
func (f *Fields) Add(field, msg string) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = msg
	}
}

// Err returns an Invalid error listing the fields, or nil when no field had a problem.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "提交的内容有误，请按提示修改", Fields: f}
}

// Invalidf is an Invalid error for one field.
func Invalidf(field, format string, a ...any) error {
	return &Error{Code: Invalid, Message: "提交的内容有误，请按提示修改", Fields: map[string]string{field: fmt.Sprintf(format, a...)}}
}

// FieldText joins the field messages of an invalid-input error into one line (in the order of the field
// names), for places that show a message without a form, such as a flash after an upload. It is "" when
// the error names no field.
func FieldText(err error) string {
	e := As(err)
	if e == nil || len(e.Fields) == 0 {
		return ""
	}
	names := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = e.Fields[k]
	}
	return strings.Join(parts, "；")
}
