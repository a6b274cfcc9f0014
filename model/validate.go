package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The rules here are defined once: the store checks every write with them, and the
// importers and the app's forms word their messages with the same functions.

// MaxReleasedDays is the most secondment working days an employer can release in a year:
// every weekday.
const MaxReleasedDays = 260

// CheckMaxDays refuses an annual release outside 0 to MaxReleasedDays working days.
func CheckMaxDays(n int) error {
	if n < 0 || n > MaxReleasedDays {
		return fmt.Errorf("%d is not between 0 and %d working days", n, MaxReleasedDays)
	}
	return nil
}

// maxStaffIDLen is the longest Staff ID kept, in characters.
const maxStaffIDLen = 50

// CheckStaffID refuses a Staff ID that no command could name or that could pass for
// another: blank, too long, not UTF-8 text, holding control characters (a NUL, a bell, a
// tab or a line break) or invisible ones (a zero-width space, a right-to-left override),
// or written with look-alike characters (full-width digits, ligatures) where the ordinary
// ones would do. So two Staff IDs that look the same are the same string, and a duplicate
// is found by comparing them.
func CheckStaffID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("a Staff ID is required")
	case utf8.RuneCountInString(id) > maxStaffIDLen:
		return fmt.Errorf("%d characters is longer than the %d allowed", utf8.RuneCountInString(id), maxStaffIDLen)
	case !utf8.ValidString(id):
		return errors.New("a Staff ID must be text (it holds bytes that are not UTF-8)")
	case strings.ContainsFunc(id, unicode.IsControl):
		return fmt.Errorf("%q holds a control character (such as a tab, a line break or a NUL): a Staff ID may not", id)
	}
	if i := strings.IndexFunc(id, Invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(id[i:])
		return fmt.Errorf("%q holds an invisible character (U+%04X), so it would look the same as another Staff ID: remove it", id, r)
	}
	if plain := norm.NFKC.String(id); plain != id {
		return fmt.Errorf("%q is written with look-alike characters (such as full-width digits), so it could pass for another Staff ID: write it %q", id, plain)
	}
	return nil
}

// Invisible reports whether r shows as nothing, or changes how the text around it shows
// without showing itself: format characters (zero-width spaces and joiners, the marks and
// overrides of right-to-left text, a byte-order mark, a soft hyphen), other characters
// Unicode says to ignore when they cannot be shown (fillers, variation selectors), and
// line and paragraph separators.
func Invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Zl, unicode.Zp)
}

// UnknownOrganisation words the problem of an ODS code the register does not know.
func UnknownOrganisation(code string) string {
	return fmt.Sprintf("%q is not a known organisation", code)
}

// Stored tells the validation of a change what the store already holds. A store answers
// inside the transaction that writes the change.
type Stored interface {
	HasOrganisation(code string) (bool, error)
	HasAssociate(staffID string) (bool, error)
	Request(ref string) (*Request, error) // nil when not stored
	Role(ref, name string) (*Role, error) // nil when not stored; the name matches exactly
}

// Validate checks every entity of the changeset, and that what each refers to is in the
// changeset or in stored: an associate's home organisation and a request's trust, a role's
// request (and its window), an assignment's associate and role (and its dates), leave's
// associate. It returns nil, an EINVALID *Error naming every problem, or a fault of stored.
func (c *Changeset) Validate(stored Stored) error {
	v := newChangeCheck(c, stored)
	steps := []func() error{v.organisations, v.associates, v.unavailability, v.requests, v.roles,
		v.assignments, v.lessons, v.settings}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return v.problems.errAbout()
}

// changeCheck validates one changeset; it remembers the answers of the store, as ten
// thousand associates share a few hundred employers.
type changeCheck struct {
	c        *Changeset
	stored   Stored
	orgs     map[string]bool
	people   map[string]bool
	reqs     map[string]*Request
	roleAt   map[[2]string]*Role
	problems Problems
}

func newChangeCheck(c *Changeset, stored Stored) *changeCheck {
	v := &changeCheck{c: c, stored: stored, orgs: map[string]bool{}, people: map[string]bool{},
		reqs: map[string]*Request{}, roleAt: map[[2]string]*Role{}}
	for _, o := range c.Organisations {
		v.orgs[o.Code] = true
	}
	for _, a := range c.Associates {
		v.people[a.StaffID] = true
	}
	for i := range c.Requests {
		v.reqs[c.Requests[i].Ref] = &c.Requests[i]
	}
	for i := range c.Roles {
		v.roleAt[[2]string{c.Roles[i].RequestRef, c.Roles[i].Name}] = &c.Roles[i]
	}
	return v
}

// about adds an entity's problems, each labelled with the entity.
func (v *changeCheck) about(entity string, p Problems) {
	for _, pr := range p {
		pr.Entity = entity
		v.problems = append(v.problems, pr)
	}
}

// cached answers key from m, asking look (and remembering its answer) the first time; what
// names the thing looked up, should the store fail.
func cached[K comparable, V any](m map[K]V, key K, what string, look func() (V, error)) (V, error) {
	if v, ok := m[key]; ok {
		return v, nil
	}
	v, err := look()
	if err != nil {
		return v, fmt.Errorf("look up %s: %w", what, err)
	}
	m[key] = v
	return v, nil
}

func (v *changeCheck) hasOrg(code string) (bool, error) {
	return cached(v.orgs, code, "organisation "+code, func() (bool, error) { return v.stored.HasOrganisation(code) })
}

func (v *changeCheck) hasAssociate(id string) (bool, error) {
	return cached(v.people, id, "associate "+id, func() (bool, error) { return v.stored.HasAssociate(id) })
}

func (v *changeCheck) request(ref string) (*Request, error) {
	return cached(v.reqs, ref, "request "+ref, func() (*Request, error) { return v.stored.Request(ref) })
}

func (v *changeCheck) role(ref, name string) (*Role, error) {
	return cached(v.roleAt, [2]string{ref, name}, "role "+ref+" / "+name, func() (*Role, error) { return v.stored.Role(ref, name) })
}

// knownOrg adds a problem when code names no organisation.
func (v *changeCheck) knownOrg(p *Problems, field, code string) error {
	if code == "" {
		return nil // the entity's own Validate says it is required
	}
	known, err := v.hasOrg(code)
	if err == nil && !known {
		p.Add(field, "%s", UnknownOrganisation(code))
	}
	return err
}

func (v *changeCheck) organisations() error {
	for _, o := range v.c.Organisations {
		v.about("Organisation "+o.Code, o.Validate())
	}
	return nil
}

func (v *changeCheck) associates() error {
	for _, a := range v.c.Associates {
		p := a.Validate()
		if b, err := ParseBand(string(a.Band)); a.Band != "" && err != nil {
			p.Add("Band", "%v", err)
		} else if b != a.Band {
			p.Add("Band", "%q is written %q", string(a.Band), string(b))
		}
		if err := v.knownOrg(&p, "Home Organisation", a.HomeOrg); err != nil {
			return err
		}
		v.about("Associate "+a.StaffID, p)
	}
	return nil
}

func (v *changeCheck) unavailability() error {
	for _, u := range v.c.Unavailability {
		p := u.Validate()
		if known, err := v.hasAssociate(u.StaffID); err != nil {
			return err
		} else if !known {
			p.Add("Staff ID", "%q is not a known associate", u.StaffID)
		}
		v.about("Unavailability of "+u.StaffID, p)
	}
	return nil
}

func (v *changeCheck) requests() error {
	for _, q := range v.c.Requests {
		p := q.Validate()
		checkEnum(&p, "Kind", q.Kind, Kinds)
		checkEnum(&p, "Mode", q.Mode, Modes)
		checkEnum(&p, "Status", q.Status, RequestStatuses)
		if err := v.knownOrg(&p, "Trust", q.Trust); err != nil {
			return err
		}
		v.about("Request "+q.Ref, p)
	}
	return nil
}

func (v *changeCheck) roles() error {
	for _, r := range v.c.Roles {
		q, err := v.request(r.RequestRef)
		if err != nil {
			return err
		}
		p := r.Validate(q)
		if q == nil {
			p.Add("Request Ref", "%q is not a known request", r.RequestRef)
		}
		v.about("Role "+r.RequestRef+" / "+r.Name, p)
	}
	return nil
}

func (v *changeCheck) assignments() error {
	for _, a := range v.c.Assignments {
		role, err := v.role(a.RequestRef, a.Role)
		if err != nil {
			return err
		}
		p := a.Validate(role)
		checkEnum(&p, "Status", a.Status, AssignmentStatuses)
		if role == nil {
			p.Add("Role", "%q is not a role of request %q", a.Role, a.RequestRef)
		}
		if known, err := v.hasAssociate(a.StaffID); err != nil {
			return err
		} else if !known {
			p.Add("Staff ID", "%q is not a known associate", a.StaffID)
		}
		v.about("Assignment "+a.RequestRef+" / "+a.Role+" / "+a.StaffID, p)
	}
	return nil
}

func (v *changeCheck) lessons() error {
	for _, l := range v.c.Lessons {
		v.about("Lesson on "+l.System, l.Validate())
	}
	return nil
}

func (v *changeCheck) settings() error {
	if v.c.Settings != nil {
		v.about("Settings", v.c.Settings.Validate())
	}
	return nil
}

// checkEnum adds a problem when value is not one of the known values.
func checkEnum[T ~string](p *Problems, field string, value T, known []T) {
	if !slices.Contains(known, value) {
		names := make([]string, len(known))
		for i, k := range known {
			names[i] = string(k)
		}
		p.Add(field, "%q is not one of %s", string(value), strings.Join(names, ", "))
	}
}
