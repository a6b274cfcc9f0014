package model

import (
	"fmt"
	"net/mail"
	"strings"
)

// Organisation is an NHS organisation from the ODS list: an associate's employer or a
// trust that asks for help. A closed organisation keeps its history but is never planned.
type Organisation struct {
	Code     string `json:"code"` // ODS code, upper case
	Name     string `json:"name"`
	Region   string `json:"region"` // NHS England region name
	Postcode string `json:"postcode"`
	Opened   Date   `json:"opened"`
	Closed   Date   `json:"closed"` // zero while open
}

// IsClosedOn reports whether the organisation has closed by day d.
func (o Organisation) IsClosedOn(d Date) bool { return !o.Closed.IsZero() && o.Closed <= d }

// Validate checks the organisation's own fields.
func (o Organisation) Validate() Problems {
	var p Problems
	if !validCode(o.Code) {
		p.Add("Code", "%q is not an ODS code (letters and digits, up to 10)", o.Code)
	}
	p.Require("Name", o.Name, "a name is required")
	if !o.Closed.IsZero() && !o.Opened.IsZero() && o.Closed < o.Opened {
		p.Add("Closed", "closed %s is before opened %s", o.Closed, o.Opened)
	}
	return p
}

func validCode(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// NormaliseCode trims an ODS code and makes it upper case: "rr8 " is "RR8".
func NormaliseCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// DefaultMaxDays is how many working days a year an employer releases when not told.
const DefaultMaxDays = 30

// Associate is a member of NHS staff in the pool, seconded for days or weeks.
type Associate struct {
	StaffID    string       `json:"staffId"` // kept exactly as written
	Name       string       `json:"name"`
	Email      string       `json:"email"`
	Phone      string       `json:"phone"`
	HomeOrg    string       `json:"homeOrg"` // ODS code of the employer
	Band       Band         `json:"band"`
	Skills     []SkillLevel `json:"skills"`
	Systems    []string     `json:"systems"` // supplier systems worked on
	Clearances []Clearance  `json:"clearances"`
	MaxDays    int          `json:"maxDays"` // secondment working days released per financial year
	DayRate    Pence        `json:"dayRate"` // reimbursed to the employer per day; 0 means the band's rate
	RemoteOnly bool         `json:"remoteOnly"`
	Active     bool         `json:"active"`
	Region     string       `json:"region"` // NHS England region; "" means the home organisation's
	Notes      string       `json:"notes"`
}

// Validate checks the associate's own fields; whether HomeOrg exists is the register's
// business.
func (a Associate) Validate() Problems {
	var p Problems
	for _, f := range []struct {
		field, value string
		n            int
	}{{"Name", a.Name, 200}, {"Email", a.Email, 320}, {"Phone", a.Phone, 50}, {"Notes", a.Notes, 5000}} {
		p.MaxLen(f.field, f.value, f.n)
	}
	if err := CheckStaffID(a.StaffID); err != nil {
		p.Add("Staff ID", "%v", err)
	}
	p.Require("Name", a.Name, "a name is required")
	if a.Email != "" {
		if _, err := mail.ParseAddress(a.Email); err != nil || !strings.Contains(a.Email, "@") {
			p.Add("Email", "%q is not an email address", a.Email)
		}
	}
	if a.HomeOrg == "" {
		p.Add("Home Organisation", "the employer's ODS code is required")
	}
	if err := CheckMaxDays(a.MaxDays); err != nil {
		p.Add("Max Days Per Year", "%v", err)
	}
	if a.DayRate < 0 {
		p.Add("Day Rate", "a day rate cannot be negative")
	}
	checkSkills(&p, a.Skills)
	return p
}

// checkSkills refuses skill levels outside 1 (aware) to 5 (expert).
func checkSkills(p *Problems, skills []SkillLevel) {
	for _, s := range skills {
		if s.Level < 1 || s.Level > 5 {
			p.Add("Skills", "%s: level %d is not from 1 to 5", s.Skill, s.Level)
		}
	}
}

// SkillLevelOf returns the associate's level in a skill (case-insensitive), 0 if none.
func (a *Associate) SkillLevelOf(skill string) int {
	for _, s := range a.Skills {
		if strings.EqualFold(s.Skill, skill) {
			return s.Level
		}
	}
	return 0
}

// KnowsSystem reports whether the associate has worked on a supplier system.
func (a *Associate) KnowsSystem(system string) bool {
	for _, s := range a.Systems {
		if strings.EqualFold(s, system) {
			return true
		}
	}
	return false
}

// ClearanceExpiry returns when the associate's clearance of a type expires, 0 if none held.
func (a *Associate) ClearanceExpiry(kind string) Date {
	for _, c := range a.Clearances {
		if strings.EqualFold(c.Type, kind) {
			return c.Expiry
		}
	}
	return 0
}

// Unavailability is a span when an associate cannot be seconded: leave, training, sickness.
type Unavailability struct {
	StaffID string `json:"staffId"`
	Period
	Reason string `json:"reason"`
}

// Validate checks the span.
func (u Unavailability) Validate() Problems {
	var p Problems
	if u.From.IsZero() {
		p.Add("From", "a start date is required")
	}
	if u.To.IsZero() {
		p.Add("To", "an end date is required")
	}
	if !u.From.IsZero() && !u.To.IsZero() && u.To < u.From {
		p.Add("To", "ends %s before it starts %s", u.To, u.From)
	}
	return p
}

// Request is a trust's call for help, with the roles it needs.
type Request struct {
	Ref       string        `json:"ref"`
	Trust     string        `json:"trust"` // ODS code of the host trust
	Title     string        `json:"title"`
	Kind      Kind          `json:"kind"`
	Priority  int           `json:"priority"` // 1 (highest) to 4
	System    string        `json:"system"`
	Period                  // the request's window
	Mode      Mode          `json:"mode"`
	Status    RequestStatus `json:"status"`
	HostName  string        `json:"hostName"` // the host supervisor
	HostEmail string        `json:"hostEmail"`
}

// RequestRef is the reference of a year's nth request: REQ-2027-014.
func RequestRef(year, n int) string { return fmt.Sprintf("REQ-%d-%03d", year, n) }

// DefaultPriority is 1 for emergencies and 3 otherwise.
func DefaultPriority(k Kind) int {
	if k == KindEmergency {
		return 1
	}
	return 3
}

// Validate checks the request's own fields.
func (r Request) Validate() Problems {
	var p Problems
	p.MaxLen("Ref", r.Ref, 50)
	p.MaxLen("Title", r.Title, 300)
	p.MaxLen("Host Contact", r.HostName, 200)
	p.Require("Ref", r.Ref, "a reference is required")
	if r.Trust == "" {
		p.Add("Trust", "the host trust's ODS code is required")
	}
	p.Require("Title", r.Title, "a title is required")
	if r.Priority < 1 || r.Priority > 4 {
		p.Add("Priority", "%d is not from 1 to 4", r.Priority)
	}
	checkPeriod(&p, r.Period, "Start", "End")
	if r.HostEmail != "" && !strings.Contains(r.HostEmail, "@") {
		p.Add("Host Email", "%q is not an email address", r.HostEmail)
	}
	return p
}

func checkPeriod(p *Problems, per Period, from, to string) {
	if per.From.IsZero() {
		p.Add(from, "a start date is required")
	}
	if per.To.IsZero() {
		p.Add(to, "an end date is required")
	}
	if !per.From.IsZero() && !per.To.IsZero() && per.To < per.From {
		p.Add(to, "ends %s before it starts %s", per.To, per.From)
	}
}

// Role is a part a request needs filled, by Headcount different people.
type Role struct {
	RequestRef string       `json:"requestRef"`
	Name       string       `json:"name"`
	Headcount  int          `json:"headcount"`
	Skills     []SkillLevel `json:"skills"`     // minimum levels
	Clearances []string     `json:"clearances"` // must be valid to the role's End
	Period
	OnSite bool `json:"onSite"`
}

// Key identifies a role in the register.
func (r Role) Key() RoleKey { return RoleKey{r.RequestRef, strings.ToLower(r.Name)} }

// RoleKey identifies a role: its request and its name, case aside.
type RoleKey struct{ RequestRef, Name string }

// Validate checks the role's own fields and that it lies inside its request's window.
func (r Role) Validate(req *Request) Problems {
	var p Problems
	p.MaxLen("Role", r.Name, 200)
	p.Require("Role", r.Name, "a role name is required")
	if r.Headcount < 1 || r.Headcount > 100 {
		p.Add("Headcount", "%d is not from 1 to 100", r.Headcount)
	}
	checkSkills(&p, r.Skills)
	checkPeriod(&p, r.Period, "Start", "End")
	if req != nil && !r.From.IsZero() && !r.To.IsZero() && (r.From < req.From || r.To > req.To) {
		p.Add("Start", "%s is outside request %s's window %s", r.Period, req.Ref, req.Period)
	}
	return p
}

// Assignment puts an associate in a seat of a role.
type Assignment struct {
	RequestRef string `json:"requestRef"`
	Role       string `json:"role"`
	StaffID    string `json:"staffId"`
	Period
	Status AssignmentStatus `json:"status"`
	Pinned bool             `json:"pinned"`           // a Proposed assignment that re-planning must keep
	Reason string           `json:"reason,omitempty"` // why it was withdrawn or ended early
}

// RoleKey returns the key of the assignment's role.
func (a Assignment) RoleKey() RoleKey { return RoleKey{a.RequestRef, strings.ToLower(a.Role)} }

// IsKept reports whether planning must keep the assignment as it is: a commitment or pinned.
func (a Assignment) IsKept() bool { return a.Status.IsCommitment() || a.Pinned && a.Status == Proposed }

// Holds reports whether the assignment occupies its associate's days: every status but
// Withdrawn does (Completed ones count against the annual cap).
func (a Assignment) Holds() bool { return a.Status != Withdrawn }

// Validate checks the assignment against its role's dates.
func (a Assignment) Validate(role *Role) Problems {
	var p Problems
	checkPeriod(&p, a.Period, "Start", "End")
	if role != nil && !a.From.IsZero() && !a.To.IsZero() && (a.From < role.From || a.To > role.To) {
		p.Add("Start", "%s is outside the role's dates %s", a.Period, role.Period)
	}
	return p
}

// Lesson is a debrief: what failed on a supplier system at a trust and what fixed it. It is
// the knowledge the pool exists to share.
type Lesson struct {
	ID         int64  `json:"id"`
	RequestRef string `json:"requestRef"`
	Trust      string `json:"trust"`
	System     string `json:"system"`
	WhatFailed string `json:"whatFailed"`
	WhatFixed  string `json:"whatFixed"`
	// AuthorID is the Staff ID of the associate who wrote it, "" when someone else did. A
	// lesson written with an Author that names an associate, by Staff ID or by a name no
	// other associate has, is tied to them: their subject access lists it, their erasure
	// takes their name off it, and a namesake's never does.
	AuthorID string `json:"authorId"`
	// Author is who wrote it when not an associate (free text); as loaded, the associate's
	// name when AuthorID is set (stored with the associate, not the lesson).
	Author  string   `json:"author"`
	Written Date     `json:"written"`
	Version string   `json:"version"` // of the supplier system, when known: "2024.1"
	Tags    []string `json:"tags"`    // words to find it by: "interfaces", "cutover"
}

// Validate checks the lesson.
func (l Lesson) Validate() Problems {
	var p Problems
	p.MaxLen("What Failed", l.WhatFailed, 5000)
	p.MaxLen("What Fixed It", l.WhatFixed, 5000)
	p.Require("System", l.System, "the supplier system is required")
	p.Require("What Failed", l.WhatFailed, "say what failed")
	p.Require("What Fixed It", l.WhatFixed, "say what fixed it")
	return p
}
