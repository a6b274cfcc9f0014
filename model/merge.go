package model

import (
	"slices"
	"strconv"
	"strings"
)

// With returns the register as it would be with the changeset written: what an import would
// make of it, to check before anything is written. Every entity replaces the stored one
// with its key, or is added; d is not changed.
func (d *Data) With(c *Changeset) *Data {
	out := *d
	out.Organisations = upsert(d.Organisations, c.Organisations, func(o Organisation) string { return o.Code })
	out.Associates = upsert(d.Associates, c.Associates, func(a Associate) string { return a.StaffID })
	out.Unavailability = upsert(d.Unavailability, c.Unavailability, func(u Unavailability) string {
		return u.StaffID + "|" + u.From.ISO() + "|" + u.To.ISO()
	})
	out.Requests = upsert(d.Requests, c.Requests, func(q Request) string { return q.Ref })
	out.Roles = upsert(d.Roles, c.Roles, func(r Role) string { return r.RequestRef + "|" + strings.ToLower(r.Name) })
	out.Assignments = upsert(d.Assignments, c.Assignments, AssignmentKey)
	out.Lessons = upsert(d.Lessons, c.Lessons, func(l Lesson) string {
		if l.ID == 0 {
			return "" // a new lesson
		}
		return strconv.FormatInt(l.ID, 10)
	})
	if c.Settings != nil {
		out.Settings = *c.Settings
	}
	return &out
}

// upsert returns have with each of put in place of the one with its key, or after them.
func upsert[T any](have, put []T, key func(T) string) []T {
	at := make(map[string]int, len(have))
	for i, x := range have {
		at[key(x)] = i
	}
	out := slices.Clone(have)
	for _, x := range put {
		if i, ok := at[key(x)]; ok && key(x) != "" {
			out[i] = x
			continue
		}
		at[key(x)] = len(out)
		out = append(out, x)
	}
	return out
}
