// Package model holds Associate Planner's domain: organisations, associates, requests and
// their roles, assignments, lessons and settings; the rules that make them valid; the
// working-day calendar; and the SQLite register that stores them.
//
// It imports no UI, spreadsheet or PDF package: everything else depends on it.
package model

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The UI and CLI turn them into messages and exit statuses.
const (
	ECONFLICT = "conflict"  // the change clashes with what is stored
	EINTERNAL = "internal"  // a fault of ours, not the user's
	EEXISTS   = "exists"    // files are there already: replace them only if the user says so
	EINVALID  = "invalid"   // the input was refused
	ENOTFOUND = "not_found" // the thing named does not exist
)

// Error is a domain error with a code for programs and a message for people.
type Error struct {
	Code     string
	Message  string
	Problems Problems // field-level detail, if any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return e.Message
	}
	return e.Message + ": " + e.Problems.Error()
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// InternalMessage is what people are told of a fault of ours: the detail goes to the log,
// never to them.
const InternalMessage = "Something went wrong inside Associate Planner, so this was not done and nothing was changed. " +
	"The details are in the log (associate-planner.log, beside the register)."

// ErrorMessage returns the human message of err: an *Error's own text, or InternalMessage
// for internal faults (whose details belong in the log, not in front of the user).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return InternalMessage
}

// Problem is one thing wrong with one field of an entity. Field is the workbook column name
// (such as "Band"), so an importer can point at the cell and a form at the widget.
type Problem struct {
	Field   string
	Message string
}

// Problems lists what is wrong with an entity; nil means it is valid.
type Problems []Problem

// Add appends a problem with a formatted message.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Require adds a problem when value is blank.
func (p *Problems) Require(field, value, message string) {
	if strings.TrimSpace(value) == "" {
		p.Add(field, "%s", message)
	}
}

// MaxLen adds a problem when value is longer than n characters.
func (p *Problems) MaxLen(field, value string, n int) {
	if l := len([]rune(value)); l > n {
		p.Add(field, "%d characters is longer than the %d allowed", l, n)
	}
}

// Error joins the problems as "Field: message; …".
func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, pr := range p {
		parts[i] = pr.Field + ": " + pr.Message
	}
	return strings.Join(parts, "; ")
}

// Err returns nil when there are no problems, else an EINVALID *Error naming what.
func (p Problems) Err(what string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: what + " is not valid", Problems: p}
}
