package importers

import (
	"fmt"
	"slices"
	"strings"

	"associateplanner/model"
)

func (r *rosterReader) organisations(t *table) {
	seen := map[string]int{}
	for _, rw := range t.rows {
		c := r.row(t, rw)
		code := model.NormaliseCode(c.text("Code"))
		if !firstSeen(seen, code, c, "Code", "organisation "+code) {
			continue
		}
		old := r.orgs[code]
		o := model.Organisation{Code: code}
		if old != nil {
			o = *old
		}
		o.Name = c.text("Name")
		c.optional("Region", func() { o.Region = "" }, func(v string) (err error) { o.Region, err = model.ParseRegion(v); return })
		c.field("Postcode", func(v string) error { o.Postcode = strings.ToUpper(v); return nil })
		c.defaultDate("Opened", &o.Opened, 0)
		c.defaultDate("Closed", &o.Closed, 0)
		c.problems(o.Validate())
		if c.bad {
			continue
		}
		if tally(r.rep, t.sheet, old, o) {
			r.out.Organisations = append(r.out.Organisations, o)
		}
		r.orgs[code] = &o
	}
}

func (r *rosterReader) associates(t *table) {
	seen := map[string]int{}
	known := newPeople(r.staff)
	for _, rw := range t.rows {
		c := r.row(t, rw)
		id := c.text("Staff ID")
		if id != "" && !firstSeen(seen, id, c, "Staff ID", "Staff ID "+id) {
			continue
		}
		old := r.staff[id]
		a := model.Associate{StaffID: id, MaxDays: model.DefaultMaxDays, Active: true}
		if old != nil {
			a = *old
		}
		r.associateFields(c, &a)
		c.problems(a.Validate())
		if old == nil && !c.bad {
			if why := known.sameAs(a, r.staff); why != "" {
				c.fail("Staff ID", "%s", why)
			}
		}
		if id != "" {
			known.add(a)
			r.staff[id] = &a // known even when the row is bad, so rows naming it are not blamed too
		}
		if c.bad {
			continue
		}
		if tally(r.rep, t.sheet, old, a) {
			r.out.Associates = append(r.out.Associates, a)
		}
	}
}

func (r *rosterReader) associateFields(c *rowCtx, a *model.Associate) {
	a.Name = c.text("Name")
	c.field("Email", func(v string) error { a.Email = v; return nil })
	c.field("Phone", func(v string) error { a.Phone = v; return nil })
	r.knownOrg(c, "Home Organisation", &a.HomeOrg)
	c.optional("Band", func() { a.Band = "" }, func(v string) (err error) { a.Band, err = model.ParseBand(v); return })
	r.skillsField(c, &a.Skills)
	r.namesField(c, "Systems", r.vocab.Systems, &a.Systems)
	c.field("Clearances", func(v string) error {
		cs, err := model.ParseClearances(v)
		for i := range cs {
			cs[i].Type = r.vocab.Canonical(r.vocab.Clearances, cs[i].Type)
		}
		a.Clearances = cs
		return err
	})
	c.optional("Max Days Per Year", func() { a.MaxDays = model.DefaultMaxDays }, func(v string) (err error) {
		a.MaxDays, err = cellInt(v)
		return
	})
	c.optional("Day Rate", func() { a.DayRate = 0 }, func(v string) (err error) { a.DayRate, err = model.ParseMoney(v); return })
	c.yesNo("Remote Only", &a.RemoteOnly, false)
	c.yesNo("Active", &a.Active, true)
	c.optional("Region", func() { a.Region = "" }, func(v string) (err error) { a.Region, err = model.ParseRegion(v); return })
	c.field("Notes", func(v string) error { a.Notes = v; return nil })
}

// skillsField reads a Skills cell, spelling each skill as the register already does.
func (r *rosterReader) skillsField(c *rowCtx, dst *[]model.SkillLevel) {
	c.field("Skills", func(v string) error {
		skills, err := model.ParseSkills(v)
		for i := range skills {
			skills[i].Skill = r.vocab.Canonical(r.vocab.Skills, skills[i].Skill)
		}
		*dst = skills
		return err
	})
}

// namesField reads a list of names (systems, clearance types), each spelt as the register
// already does, once each.
func (r *rosterReader) namesField(c *rowCtx, column string, known map[string]string, dst *[]string) {
	c.field(column, func(v string) error {
		*dst = nil
		for _, s := range model.SplitList(v) {
			*dst = appendUnique(*dst, r.vocab.Canonical(known, s))
		}
		return nil
	})
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func (r *rosterReader) unavailability(t *table) {
	existing := map[string]*model.Unavailability{}
	key := func(u model.Unavailability) string { return u.StaffID + "|" + u.From.ISO() + "|" + u.To.ISO() }
	for i := range r.cur.Unavailability {
		existing[key(r.cur.Unavailability[i])] = &r.cur.Unavailability[i]
	}
	seen := map[string]int{}
	for _, rw := range t.rows {
		c := r.row(t, rw)
		u := model.Unavailability{StaffID: c.text("Staff ID"), Reason: c.text("Reason")}
		if r.staff[u.StaffID] == nil {
			c.fail("Staff ID", "%s", r.unknownStaff(u.StaffID))
		}
		c.date("From", &u.From)
		c.date("To", &u.To)
		if c.bad {
			continue
		}
		c.problems(u.Validate())
		if c.bad || !firstSeen(seen, key(u), c, "From", "this period for "+u.StaffID) {
			continue
		}
		if tally(r.rep, t.sheet, existing[key(u)], u) {
			r.out.Unavailability = append(r.out.Unavailability, u)
		}
	}
}

func (r *rosterReader) requestRows(t *table) {
	seen := map[string]int{}
	for _, rw := range t.rows {
		c := r.row(t, rw)
		ref := c.text("Ref")
		if ref != "" && !firstSeen(seen, strings.ToUpper(ref), c, "Ref", "request "+ref) {
			continue
		}
		old := r.requestByRef(ref)
		q := model.Request{Ref: ref, Kind: model.KindAdvisory, Mode: model.ModeOnSite, Status: model.RequestOpen}
		if old != nil {
			q = *old
		}
		r.requestFields(c, &q)
		c.problems(q.Validate())
		if ref != "" {
			r.requests[q.Ref] = &q // known even when the row is bad, as for associates
			r.tainted[q.Ref] = c.bad
		}
		if c.bad {
			continue
		}
		if tally(r.rep, t.sheet, old, q) {
			r.out.Requests = append(r.out.Requests, q)
		}
	}
}

// requestByRef finds a request by Ref, case aside.
func (r *rosterReader) requestByRef(ref string) *model.Request {
	if q := r.requests[ref]; q != nil {
		return q
	}
	for k, q := range r.requests {
		if strings.EqualFold(k, ref) {
			return q
		}
	}
	return nil
}

func (r *rosterReader) requestFields(c *rowCtx, q *model.Request) {
	r.knownOrg(c, "Trust", &q.Trust)
	q.Title = c.text("Title")
	c.optional("Kind", func() { q.Kind = model.KindAdvisory }, func(v string) (err error) { q.Kind, err = model.ParseKind(v); return })
	c.optional("Priority", func() { q.Priority = model.DefaultPriority(q.Kind) }, func(v string) (err error) {
		q.Priority, err = model.ParsePriority(v)
		return
	})
	if _, has := c.t.get(c.r, "Priority"); !has && q.Priority == 0 {
		q.Priority = model.DefaultPriority(q.Kind)
	}
	c.field("System", func(v string) error {
		q.System = ""
		if v != "" {
			q.System = r.vocab.Canonical(r.vocab.Systems, v)
		}
		return nil
	})
	c.date("Start", &q.From)
	c.date("End", &q.To)
	c.optional("Mode", func() { q.Mode = model.ModeOnSite }, func(v string) (err error) { q.Mode, err = model.ParseMode(v); return })
	c.optional("Status", func() { q.Status = model.RequestOpen }, func(v string) (err error) {
		q.Status, err = model.ParseRequestStatus(v)
		return
	})
	c.field("Host Contact", func(v string) error { q.HostName = v; return nil })
	c.field("Host Email", func(v string) error { q.HostEmail = v; return nil })
}

func (r *rosterReader) roleRows(t *table) {
	seen := map[model.RoleKey]int{}
	for _, rw := range t.rows {
		c := r.row(t, rw)
		q := r.requestByRef(c.text("Request Ref"))
		if q == nil {
			c.fail("Request Ref", "%q is not a request in the register or on the Requests sheet", c.text("Request Ref"))
			continue
		}
		key := model.Role{RequestRef: q.Ref, Name: model.CleanName(c.text("Role"))}.Key()
		if !firstSeen(seen, key, c, "Role", fmt.Sprintf("role %q of %s", c.text("Role"), q.Ref)) {
			continue
		}
		old := r.roles[key]
		role := model.Role{RequestRef: q.Ref, Name: model.CleanName(c.text("Role")), Headcount: 1,
			Period: q.Period, OnSite: q.Mode != model.ModeRemote}
		if old != nil {
			role = *old
		}
		r.roleFields(c, q, &role)
		window := q
		if r.tainted[q.Ref] {
			window = nil // the request's own row is in error; its window is unknown
		}
		c.problems(role.Validate(window))
		r.roles[key] = &role
		if c.bad {
			continue
		}
		if tally(r.rep, t.sheet, old, role) {
			r.out.Roles = append(r.out.Roles, role)
		}
	}
}

func (r *rosterReader) roleFields(c *rowCtx, q *model.Request, role *model.Role) {
	c.optional("Headcount", func() { role.Headcount = 1 }, func(v string) (err error) { role.Headcount, err = cellInt(v); return })
	r.skillsField(c, &role.Skills)
	r.namesField(c, "Clearances", r.vocab.Clearances, &role.Clearances)
	c.defaultDate("Start", &role.From, q.From)
	c.defaultDate("End", &role.To, q.To)
	c.yesNo("On-site", &role.OnSite, q.Mode != model.ModeRemote)
}

func (r *rosterReader) assignmentRows(t *table) {
	existing := map[string]*model.Assignment{}
	key := func(a model.Assignment) string { return a.RequestRef + "|" + strings.ToLower(a.Role) + "|" + a.StaffID }
	for i := range r.cur.Assignments {
		existing[key(r.cur.Assignments[i])] = &r.cur.Assignments[i]
	}
	seen := map[string]int{}
	for _, rw := range t.rows {
		c := r.row(t, rw)
		role := r.roleOf(c)
		id := c.text("Staff ID")
		if r.staff[id] == nil {
			c.fail("Staff ID", "%s", r.unknownStaff(id))
		}
		if c.bad {
			continue
		}
		a := model.Assignment{RequestRef: role.RequestRef, Role: role.Name, StaffID: id, Period: role.Period, Status: model.Proposed}
		if old := existing[key(a)]; old != nil {
			a.Status, a.Pinned, a.Reason = old.Status, old.Pinned, old.Reason
		}
		c.defaultDate("Start", &a.From, role.From)
		c.defaultDate("End", &a.To, role.To)
		c.optional("Status", func() { a.Status = model.Proposed }, func(v string) (err error) {
			a.Status, err = model.ParseAssignmentStatus(v)
			return
		})
		c.yesNo("Pinned", &a.Pinned, false)
		c.field("Reason", func(v string) error { a.Reason = v; return nil })
		c.problems(a.Validate(role))
		if c.bad || !firstSeen(seen, key(a), c, "Staff ID", "assignment of "+id+" to this role") {
			continue
		}
		if tally(r.rep, t.sheet, existing[key(a)], a) {
			r.out.Assignments = append(r.out.Assignments, a)
		}
	}
}

// roleOf finds the role an assignment row names, recording what is missing.
func (r *rosterReader) roleOf(c *rowCtx) *model.Role {
	q := r.requestByRef(c.text("Request Ref"))
	if q == nil {
		c.fail("Request Ref", "%q is not a request in the register or on the Requests sheet", c.text("Request Ref"))
		return nil
	}
	role := r.roles[model.Role{RequestRef: q.Ref, Name: model.CleanName(c.text("Role"))}.Key()]
	if role == nil {
		c.fail("Role", "request %s has no role %q", q.Ref, c.text("Role"))
	}
	return role
}
