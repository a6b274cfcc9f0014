// Package model holds Associate Planner's domain: organisations, associates, requests and
// their roles, assignments, lessons and settings; the rules that make them valid; the
// working-day calendar; and the Store interface that registers implement.
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
	// EUNAVAILABLE: the register or its disk cannot be used as they are (full, busy with
	// another program, read-only, damaged); nothing was changed.
	EUNAVAILABLE = "unavailable"
)

// Error is a domain error with a code for programs and a message for people.
type Error struct {
	Code     string
	Message  string
	Problems Problems // field-level detail, if any
	Err      error    // the fault behind it, for the log: never shown to people
}

// Unwrap returns the fault behind the error, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrorDetail returns err's message with the fault behind it, for the log (never for people).
func ErrorDetail(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Err != nil {
		return err.Error() + " (" + e.Err.Error() + ")"
	}
	return err.Error()
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
// (such as "Band"), so an importer can point at the cell and a form at the widget. Entity
// names the record ("Associate 00123") when a change holds many; "" when it is plain.
type Problem struct {
	Entity  string
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

// shownProblems is how many problems an error's text lists; the rest are counted.
const shownProblems = 20

// Error joins the problems as "Entity, Field: message; …", the first shownProblems of them.
func (p Problems) Error() string {
	parts := make([]string, 0, min(len(p), shownProblems+1))
	for _, pr := range p[:min(len(p), shownProblems)] {
		where := pr.Field
		if pr.Entity != "" {
			where = pr.Entity + ", " + pr.Field
		}
		parts = append(parts, where+": "+pr.Message)
	}
	if len(p) > shownProblems {
		parts = append(parts, fmt.Sprintf("and %d more", len(p)-shownProblems))
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

// errAbout is Err for problems labelled with their entities: it names the one entity (and
// then the problems need not), or counts them.
func (p Problems) errAbout() error {
	if len(p) == 0 {
		return nil
	}
	entities := map[string]bool{}
	for _, pr := range p {
		entities[pr.Entity] = true
	}
	if len(entities) != 1 {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("%d records are not valid", len(entities)), Problems: p}
	}
	plain := make(Problems, len(p))
	for i, pr := range p {
		plain[i] = Problem{Field: pr.Field, Message: pr.Message}
	}
	return plain.Err(p[0].Entity)
}
