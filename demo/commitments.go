package demo

import (
	"associateplanner/model"
)

// commitments confirms a few seats of the first requests, so the demo has secondments under
// way. Each goes to an associate who meets every hard rule and is used once, from a
// different employer, so no rule is broken by the demo itself.
func (g *generator) commitments(c *model.Changeset) []model.Assignment {
	d := &model.Data{Associates: c.Associates, Unavailability: c.Unavailability, Requests: c.Requests, Roles: c.Roles}
	idx := model.NewIndex(d)
	usedStaff, usedOrg := map[string]bool{}, map[string]bool{}
	cal := model.NewCalendar(nil)
	var out []model.Assignment
	for _, role := range c.Roles[:min(6, len(c.Roles))] {
		q := idx.Request[role.RequestRef]
		days := cal.WorkingDays(role.From, role.To)
		for i := range c.Associates {
			a := &c.Associates[i]
			fitsCap := days <= a.MaxDays
			if usedStaff[a.StaffID] || usedOrg[a.HomeOrg] || !fitsCap || !a.Qualifies(q, &role, idx.Unavailable[a.StaffID], nil) {
				continue
			}
			usedStaff[a.StaffID], usedOrg[a.HomeOrg] = true, true
			status := model.Confirmed
			if role.From <= g.today {
				status = model.Active
			}
			out = append(out, model.Assignment{RequestRef: role.RequestRef, Role: role.Name, StaffID: a.StaffID,
				Period: role.Period, Status: status})
			break
		}
	}
	return out
}

// lessons writes a few debriefs from earlier work, credited to associates who know the system.
func (g *generator) lessons(c *model.Changeset) []model.Lesson {
	var out []model.Lesson
	for i, l := range lessons {
		author := ""
		for _, a := range c.Associates {
			if a.KnowsSystem(l.system) {
				author = a.StaffID // tied to them, not to a name others may share
				break
			}
		}
		trust := g.open[(i*37)%len(g.open)]
		out = append(out, model.Lesson{Trust: trust.Code, System: l.system, WhatFailed: l.failed,
			WhatFixed: l.fixed, Author: author, Written: g.today - model.Date(30+45*i)})
	}
	return out
}
