package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SubjectAccess is everything the register holds on one associate, for a subject access
// request under UK GDPR: their record, leave, assignments, the lessons they wrote, and
// every entry of the audit trail about them (their record as it was before each change:
// old names, emails, phones, leave and its reasons). Lists are never null: an empty one is
// [].
type SubjectAccess struct {
	Generated      time.Time        `json:"generated"`
	Associate      Associate        `json:"associate"`
	Unavailability []Unavailability `json:"unavailability"`
	Assignments    []Assignment     `json:"assignments"`
	LessonsWritten []Lesson         `json:"lessonsWritten"`
	History        []HistoryEntry   `json:"history"`
}

// HistoryEntry is one audit entry about the person, newest first, with the record as it
// was and as it became.
type HistoryEntry struct {
	At     string          `json:"at"`
	User   string          `json:"user"`
	Entity string          `json:"entity"`
	Key    string          `json:"key"`
	Change string          `json:"change"`
	Before json.RawMessage `json:"before"` // null for an insert
	After  json.RawMessage `json:"after"`  // null for a delete
}

// SubjectAccessFor gathers what d and its audit trail hold on the associate with staffID.
func SubjectAccessFor(d *Data, audit []AuditEntry, staffID string, now time.Time) (*SubjectAccess, error) {
	idx := NewIndex(d)
	a := idx.Associate[staffID]
	if a == nil {
		return nil, Errorf(ENOTFOUND, "no associate with Staff ID %q", staffID)
	}
	s := &SubjectAccess{Generated: now.UTC(), Associate: *a,
		Unavailability: orEmpty(idx.Unavailable[staffID]), Assignments: []Assignment{}, LessonsWritten: []Lesson{}, History: []HistoryEntry{}}
	s.Associate.Skills, s.Associate.Systems, s.Associate.Clearances = orEmpty(a.Skills), orEmpty(a.Systems), orEmpty(a.Clearances)
	for _, x := range d.Assignments {
		if x.StaffID == staffID {
			s.Assignments = append(s.Assignments, x)
		}
	}
	for _, l := range d.Lessons {
		if l.AuthorID == staffID {
			l.Tags = orEmpty(l.Tags)
			s.LessonsWritten = append(s.LessonsWritten, l)
		}
	}
	about := AuditAbout(d, staffID)
	for _, e := range audit {
		if about(e) {
			s.History = append(s.History, HistoryEntry{At: e.At, User: e.User, Entity: e.Entity, Key: e.Key, Change: e.Change,
				Before: rawJSON(e.Before), After: rawJSON(e.After)})
		}
	}
	return s, nil
}

// AuditAbout returns whether an audit entry is about the associate with staffID: their
// record and leave (keyed by their Staff ID), their assignments (keyed "REF / ROLE /
// STAFF-ID", never another's whose ID ends " / STAFF-ID"), and the lessons they wrote
// (by ID, or crediting them).
func AuditAbout(d *Data, staffID string) func(AuditEntry) bool {
	lessons := map[string]bool{}
	for _, l := range d.Lessons {
		if l.AuthorID == staffID {
			lessons[strconv.FormatInt(l.ID, 10)] = true
		}
	}
	var longer []string // other Staff IDs ending " / STAFF-ID": an assignment key ending in one is theirs
	for _, a := range d.Associates {
		if a.StaffID != staffID && strings.HasSuffix(a.StaffID, " / "+staffID) {
			longer = append(longer, a.StaffID)
		}
	}
	return func(e AuditEntry) bool {
		switch e.Entity {
		case "associate", "unavailability":
			return e.Key == staffID
		case "assignment":
			return strings.HasSuffix(e.Key, " / "+staffID) &&
				!slices.ContainsFunc(longer, func(o string) bool { return strings.HasSuffix(e.Key, " / "+o) })
		case "lesson":
			return lessons[e.Key] || credits(e.Before, staffID) || credits(e.After, staffID)
		}
		return false
	}
}

// credits reports whether an audited lesson, as JSON, is credited to staffID.
func credits(doc, staffID string) bool {
	var l struct {
		AuthorID string `json:"author_id"`
	}
	return doc != "" && json.Unmarshal([]byte(doc), &l) == nil && l.AuthorID == staffID
}

// rawJSON is an audited row as JSON, null when there is none; a row that is not JSON is
// given as a string.
func rawJSON(s string) json.RawMessage {
	switch {
	case s == "":
		return json.RawMessage("null")
	case json.Valid([]byte(s)):
		return json.RawMessage(s)
	}
	quoted, _ := json.Marshal(s)
	return quoted
}

// ErasureHash is how a register keeps that staffID was erased without keeping the Staff ID:
// a hash salted with the register's own salt.
func ErasureHash(salt, staffID string) string {
	sum := sha256.Sum256([]byte(salt + ":" + staffID))
	return hex.EncodeToString(sum[:])
}

// orEmpty returns s, or an empty list for nil, so that JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
