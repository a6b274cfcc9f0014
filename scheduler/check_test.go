package scheduler

import (
	"fmt"
	"strings"
	"testing"

	"associateplanner/model"
)

// checkPlan verifies every hard rule of planning.md on a complete set of assignments (kept
// and proposed), independently of the solver: it reads only model types and the rules'
// text, so a bug in the solver's bookkeeping cannot hide here.
func checkPlan(d *model.Data, all []model.Assignment) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	people, requests, orgs := map[string]model.Associate{}, map[string]model.Request{}, map[string]model.Organisation{}
	for _, a := range d.Associates {
		people[a.StaffID] = a
	}
	for _, q := range d.Requests {
		requests[q.Ref] = q
	}
	for _, o := range d.Organisations {
		orgs[o.Code] = o
	}
	roles := map[string]model.Role{}
	for _, r := range d.Roles {
		roles[r.RequestRef+"|"+strings.ToLower(r.Name)] = r
	}
	cal := model.NewCalendar(d.Closures)
	var live []model.Assignment
	for _, a := range all {
		if a.Status != model.Withdrawn {
			live = append(live, a)
		}
	}
	seats := map[string][]string{}
	for _, a := range live {
		p, q := people[a.StaffID], requests[a.RequestRef]
		r := roles[a.RequestRef+"|"+strings.ToLower(a.Role)]
		tag := a.RequestRef + "/" + a.Role + "/" + a.StaffID
		seats[a.RequestRef+"|"+strings.ToLower(a.Role)] = append(seats[a.RequestRef+"|"+strings.ToLower(a.Role)], a.StaffID)
		if a.Status == model.Completed {
			continue // history: counted below for caps and overlaps only
		}
		if a.From != r.From || a.To != r.To {
			fail("%s: dates %s are not the role's %s", tag, a.Period, r.Period)
		}
		if !p.Active {
			fail("rule 1: %s inactive", tag)
		}
		for _, need := range r.Skills {
			has := 0
			for _, s := range p.Skills {
				if strings.EqualFold(s.Skill, need.Skill) {
					has = s.Level
				}
			}
			if has < need.Level {
				fail("rule 2: %s has %s %d < %d", tag, need.Skill, has, need.Level)
			}
		}
		for _, kind := range r.Clearances {
			ok := false
			for _, c := range p.Clearances {
				ok = ok || strings.EqualFold(c.Type, kind) && c.Expiry >= r.To
			}
			if !ok {
				fail("rule 3: %s lacks %s valid to %s", tag, kind, r.To)
			}
		}
		if p.HomeOrg == q.Trust {
			fail("rule 4: %s seconded to own employer", tag)
		}
		if r.OnSite && p.RemoteOnly {
			fail("rule 5: %s remote only on an on-site role", tag)
		}
		for _, u := range d.Unavailability {
			if u.StaffID == a.StaffID && u.From <= a.To && a.From <= u.To {
				fail("rule 6: %s on leave %s", tag, u.Period)
			}
		}
		if q.Status != model.RequestOpen || orgs[q.Trust].Closed != 0 && orgs[q.Trust].Closed <= r.From {
			if a.Status == model.Proposed && !a.Pinned {
				fail("rule 11: %s planned on a request that is not open", tag)
			}
		}
	}
	for i, a := range live { // rule 7
		for _, b := range live[i+1:] {
			if a.StaffID == b.StaffID && a.From <= b.To && b.From <= a.To {
				fail("rule 7: %s double-booked on %s/%s and %s/%s", a.StaffID, a.RequestRef, a.Role, b.RequestRef, b.Role)
			}
		}
	}
	used := map[string]int{} // rule 8, day by day
	for _, a := range live {
		for day := a.From; day <= a.To; day++ {
			if cal.IsWorkingDay(day) {
				used[fmt.Sprintf("%s|%d", a.StaffID, model.FinancialYear(day))]++
			}
		}
	}
	for key, n := range used {
		id, _, _ := strings.Cut(key, "|")
		if n > people[id].MaxDays {
			fail("rule 8: %s works %d days in a year, cap %d", key, n, people[id].MaxDays)
		}
	}
	if k := d.Settings.ReleaseLimit; k > 0 { // rule 9
		away := map[string]int{}
		for _, a := range live {
			for day := a.From; day <= a.To; day++ {
				away[fmt.Sprintf("%s|%d", people[a.StaffID].HomeOrg, day)]++
			}
		}
		for key, n := range away {
			if n > k {
				fail("rule 9: %s has %d away, limit %d", key, n, k)
			}
		}
	}
	for key, ids := range seats { // rule 10
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				fail("rule 10: %s holds two seats of %s", id, key)
			}
			seen[id] = true
		}
		if n := len(ids); n > roles[key].Headcount {
			fail("rule 10: %s has %d seat-holders for headcount %d", key, n, roles[key].Headcount)
		}
	}
	return bad
}

// allAssignments is the plan's full set, kept and proposed.
func allAssignments(p *Plan) []model.Assignment { return allOf(p.Assignments) }

func mustBeValid(t *testing.T, d *model.Data, p *Plan) {
	t.Helper()
	for _, v := range checkPlan(d, allAssignments(p)) {
		t.Error(v)
	}
}
