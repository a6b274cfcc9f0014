package model

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// A team register is shared by several people, each with a role; the database enforces
// what each role may write, and the app and the CLI say beforehand what a role cannot do.

// TeamRole is what a person may do on a team register.
type TeamRole string

const (
	RoleViewer      TeamRole = "viewer"      // reads and exports
	RoleCoordinator TeamRole = "coordinator" // plans; edits requests, assignments, lessons, settings
	RoleHR          TeamRole = "hr"          // edits associates, leave, clearances; imports rosters; erases
	RoleOwner       TeamRole = "owner"       // the register's owner: everything, and grants the others
)

// GrantableRoles are the roles an owner grants.
var GrantableRoles = []TeamRole{RoleViewer, RoleCoordinator, RoleHR}

// ParseTeamRole reads a role's name ("HR", "coordinator").
func ParseTeamRole(s string) (TeamRole, error) {
	r := TeamRole(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(GrantableRoles, r) {
		return "", Errorf(EINVALID, "%q is not a role: choose viewer, coordinator or hr", s)
	}
	return r, nil
}

// EFORBIDDEN: the person's role does not allow the action; nothing was changed.
const EFORBIDDEN = "forbidden"

// Action is something a person does to a register that a role may or may not allow.
type Action string

const (
	ActionRead              Action = "read"
	ActionExport            Action = "export"
	ActionLetters           Action = "letters"
	ActionPlan              Action = "plan"
	ActionBackup            Action = "backup"
	ActionCommitPlan        Action = "commit-plan"
	ActionEditAssignments   Action = "edit-assignments"
	ActionEditRequests      Action = "edit-requests"
	ActionEditLessons       Action = "edit-lessons"
	ActionEditSettings      Action = "edit-settings"
	ActionEditAssociates    Action = "edit-associates"
	ActionEditLeave         Action = "edit-leave"
	ActionEditOrganisations Action = "edit-organisations"
	ActionImport            Action = "import"
	ActionErase             Action = "erase"
	ActionSubjectAccess     Action = "subject-access"
	ActionFillDemo          Action = "demo"
	ActionRestore           Action = "restore"
	ActionGrant             Action = "grant"
)

// actionRule says what an action is in words and which roles may do it (any one of them;
// the owner may do everything).
type actionRule struct {
	words string
	roles []TeamRole
}

var (
	anyone      = []TeamRole{RoleViewer, RoleCoordinator, RoleHR}
	onlyCoord   = []TeamRole{RoleCoordinator}
	onlyHR      = []TeamRole{RoleHR}
	coordOrHR   = []TeamRole{RoleCoordinator, RoleHR}
	actionRules = map[Action]actionRule{
		ActionRead:              {"read the register", anyone},
		ActionExport:            {"export", anyone},
		ActionLetters:           {"write letters", anyone},
		ActionPlan:              {"plan without saving", anyone},
		ActionBackup:            {"take a snapshot", anyone},
		ActionCommitPlan:        {"save a plan", onlyCoord},
		ActionEditAssignments:   {"confirm, pin, reject or swap assignments", onlyCoord},
		ActionEditRequests:      {"edit requests", onlyCoord},
		ActionEditLessons:       {"edit lessons", onlyCoord},
		ActionEditSettings:      {"change the settings", onlyCoord},
		ActionEditAssociates:    {"edit associates", onlyHR},
		ActionEditLeave:         {"edit leave", onlyHR},
		ActionEditOrganisations: {"edit organisations or import the trust list", coordOrHR},
		ActionImport:            {"import", coordOrHR},
		ActionErase:             {"erase an associate", onlyHR},
		ActionSubjectAccess:     {"answer a subject access request", onlyHR},
		ActionFillDemo:          {"fill the demo", nil},
		ActionRestore:           {"restore the register", nil},
		ActionGrant:             {"grant roles", nil},
	}
)

// Actions lists every action, so that each can be checked to have a rule.
func Actions() []Action {
	out := make([]Action, 0, len(actionRules))
	for a := range actionRules {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// RolesFor returns the roles that may do an action besides the owner.
func RolesFor(a Action) []TeamRole { return actionRules[a].roles }

// Access is what the person working on a register may do: their roles, or (ReadOnly
// set) nothing but read, with why.
type Access struct {
	Roles    []TeamRole
	ReadOnly string // why nothing may be written ("a snapshot of … taken on …"); "" when writable
}

// FullAccess is a person's access to their own register.
var FullAccess = Access{Roles: []TeamRole{RoleOwner}}

// Has reports whether the access holds a role (the owner holds every one).
func (a Access) Has(r TeamRole) bool {
	return slices.Contains(a.Roles, r) || slices.Contains(a.Roles, RoleOwner)
}

// Allows returns nil when the access allows the action, else an EFORBIDDEN *Error saying
// why in words a person can act on.
func (a Access) Allows(action Action) error {
	rule, ok := actionRules[action]
	if !ok {
		return Errorf(EINTERNAL, "no rule for action %q", action)
	}
	writes := !slices.Equal(rule.roles, anyone)
	if a.ReadOnly != "" && writes {
		return Errorf(EFORBIDDEN, "This register is read-only (%s), so you cannot %s: connect to the team register to change it.",
			a.ReadOnly, rule.words)
	}
	if slices.Contains(a.Roles, RoleOwner) || slices.ContainsFunc(rule.roles, a.Has) {
		return nil
	}
	need := "the register's owner"
	if len(rule.roles) > 0 {
		names := make([]string, len(rule.roles))
		for i, r := range rule.roles {
			names[i] = "a " + r.Words()
		}
		need = strings.Join(names, " or ") + " (the register's owner grants roles: associate-planner team grant USER ROLE)"
	}
	return Errorf(EFORBIDDEN, "You are %s on this team register, so you cannot %s: that needs %s.", a.Words(), rule.words, need)
}

// Words names a role for people.
func (r TeamRole) Words() string {
	if r == RoleHR {
		return "HR"
	}
	return string(r)
}

// Words names the access's roles for people: "a coordinator and HR".
func (a Access) Words() string {
	if len(a.Roles) == 0 {
		return "not a member"
	}
	names := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		names[i] = r.Words()
	}
	return "a " + strings.Join(names, " and ")
}

// changeKinds says which role writes each kind of entity of a changeset, and names them.
var changeKinds = []struct {
	what  string
	roles []TeamRole
	keys  func(c *Changeset, cur *Data, x *Index) []string // the entities that change something stored
	drop  func(c *Changeset)
}{
	{"Organisations", coordOrHR, func(c *Changeset, _ *Data, x *Index) []string {
		return changed(c.Organisations, func(o Organisation) string { return o.Code },
			func(o Organisation) bool { p := x.Org[o.Code]; return p != nil && *p == o })
	}, func(c *Changeset) { c.Organisations = nil }},
	{"Associates", onlyHR, func(c *Changeset, _ *Data, x *Index) []string {
		return changed(c.Associates, func(a Associate) string { return a.StaffID },
			func(a Associate) bool {
				p := x.Associate[a.StaffID]
				return p != nil && fmt.Sprint(*p) == fmt.Sprint(a)
			})
	}, func(c *Changeset) { c.Associates = nil }},
	{"Unavailability", onlyHR, func(c *Changeset, _ *Data, x *Index) []string {
		return changed(c.Unavailability, func(u Unavailability) string { return u.StaffID + " " + u.Period.String() },
			func(u Unavailability) bool { return slices.Contains(x.Unavailable[u.StaffID], u) })
	}, func(c *Changeset) { c.Unavailability = nil }},
	{"Requests", onlyCoord, func(c *Changeset, _ *Data, x *Index) []string {
		return changed(c.Requests, func(q Request) string { return q.Ref },
			func(q Request) bool { p := x.Request[q.Ref]; return p != nil && *p == q })
	}, func(c *Changeset) { c.Requests = nil }},
	{"Roles", onlyCoord, func(c *Changeset, _ *Data, x *Index) []string {
		return changed(c.Roles, func(r Role) string { return r.RequestRef + " / " + r.Name },
			func(r Role) bool { p := x.Role[r.Key()]; return p != nil && fmt.Sprint(*p) == fmt.Sprint(r) })
	}, func(c *Changeset) { c.Roles = nil }},
	{"Assignments", onlyCoord, func(c *Changeset, cur *Data, _ *Index) []string {
		return changed(c.Assignments, func(a Assignment) string { return a.RequestRef + " / " + a.Role + " / " + a.StaffID },
			func(a Assignment) bool { return slices.Contains(cur.Assignments, a) })
	}, func(c *Changeset) { c.Assignments = nil }},
	{"Lessons", onlyCoord, func(c *Changeset, cur *Data, _ *Index) []string {
		return changed(c.Lessons, func(l Lesson) string { return "on " + l.System },
			func(l Lesson) bool {
				return slices.ContainsFunc(cur.Lessons, func(o Lesson) bool { return fmt.Sprint(o) == fmt.Sprint(l) })
			})
	}, func(c *Changeset) { c.Lessons = nil }},
}

// changed returns the keys of the items that same does not find stored as they are.
func changed[T any](items []T, key func(T) string, same func(T) bool) []string {
	var out []string
	for _, it := range items {
		if !same(it) {
			out = append(out, key(it))
		}
	}
	return out
}

// CheckChangeset refuses a changeset (an import) that holds rows the access may not write
// and that differ from what cur holds, naming those rows; rows the same as stored are
// allowed, so HR may import a whole roster whose requests they have not touched.
func (a Access) CheckChangeset(c *Changeset, cur *Data) error {
	x := NewIndex(cur)
	var refused []string
	for _, k := range changeKinds {
		if slices.ContainsFunc(k.roles, a.Has) {
			continue
		}
		if keys := k.keys(c, cur, x); len(keys) > 0 {
			refused = append(refused, fmt.Sprintf("%s %s", k.what, strings.Join(keys[:min(len(keys), 10)], ", "))+
				map[bool]string{true: fmt.Sprintf(" and %d more", len(keys)-10)}[len(keys) > 10])
		}
	}
	if c.Settings != nil && !a.Has(RoleCoordinator) && !reflect.DeepEqual(*c.Settings, cur.Settings) {
		refused = append(refused, "Settings")
	}
	if len(refused) == 0 {
		return nil
	}
	return Errorf(EFORBIDDEN, "You are %s on this team register, so nothing was written: these rows need another role "+
		"(requests, roles, assignments, lessons and settings a coordinator; associates and leave HR): %s",
		a.Words(), strings.Join(refused, "; "))
}

// Unchanged returns c without the kinds of rows the access may not write: CheckChangeset
// has found them the same as stored, so leaving them out changes nothing.
func Unchanged(c *Changeset, cur *Data, a Access) *Changeset {
	out := *c
	for _, k := range changeKinds {
		if !slices.ContainsFunc(k.roles, a.Has) {
			k.drop(&out)
		}
	}
	if !a.Has(RoleCoordinator) {
		out.Settings = nil
	}
	return &out
}

// Change is one committed change to a team register, as every open app is told of it.
type Change struct {
	Revision int64  `json:"revision"`
	User     string `json:"user"`
	At       string `json:"at"` // as the audit trail writes it
	What     string `json:"what"`
	Client   string `json:"client,omitempty"` // which program made it: each skips its own
}

// String says who changed what, and when in UK time: "alice confirmed 3 assignment(s) at 10:42".
func (c Change) String() string {
	at := c.At
	if t, err := time.Parse(AuditTime, at); err == nil {
		at = t.In(UK).Format("15:04")
	}
	return fmt.Sprintf("%s %s at %s", c.User, c.What, at)
}

// Team is what a store of a team register adds to Store: who the person is there, changes
// as others make them, and granting roles.
type Team interface {
	Access(ctx context.Context) (Access, error)
	// Watch calls fn with every change committed by anyone else until ctx ends.
	Watch(ctx context.Context, fn func(Change)) error
	Grant(ctx context.Context, user string, role TeamRole) error
}

// DescribeAssignments words a save of assignments for others: "confirmed 3 assignment(s)".
func DescribeAssignments(as []Assignment) string {
	verbs := map[AssignmentStatus]string{Confirmed: "confirmed", Withdrawn: "withdrew", Active: "started",
		Completed: "completed", Proposed: "proposed"}
	verb := ""
	for i, a := range as {
		v := verbs[a.Status]
		if a.Status == Proposed && a.Pinned {
			v = "pinned"
		}
		if i > 0 && v != verb {
			verb = "changed"
			break
		}
		verb = v
	}
	return fmt.Sprintf("%s %d assignment(s)", cmp.Or(verb, "changed"), len(as))
}

// DescribeChangeset words a batch written at once (an import, the demo, an edit).
func DescribeChangeset(c *Changeset) string {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{len(c.Organisations), "organisation(s)"}, {len(c.Associates), "associate(s)"},
		{len(c.Unavailability), "leave period(s)"}, {len(c.Requests), "request(s)"}, {len(c.Roles), "role(s)"},
		{len(c.Assignments), "assignment(s)"}, {len(c.Lessons), "lesson(s)"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if c.Settings != nil {
		parts = append(parts, "the settings")
	}
	if len(parts) == 0 {
		return "saved nothing"
	}
	return "saved " + strings.Join(parts, ", ")
}
