package scheduler

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"associateplanner/model"
)

// Unfilled is a role with seats the plan leaves empty, and why.
type Unfilled struct {
	RequestRef string      `json:"requestRef"`
	Role       string      `json:"role"`
	Priority   int         `json:"priority"`
	Seats      int         `json:"seats"` // how many are empty
	Removed    []RuleCount `json:"removed"`
	Summary    string      `json:"summary"` // "412 associates: 380 lack the skills; 20 on leave; …"
	Nearest    []Near      `json:"nearest"`
}

// RuleCount is how many associates one hard rule removed from a role's candidates.
type RuleCount struct {
	Rule  Rule   `json:"rule"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Near is a near miss: an associate close to qualifying, and what they lack.
type Near struct {
	StaffID string   `json:"staffId"`
	Name    string   `json:"name"`
	Misses  []string `json:"misses"`
}

// nearestShown is how many near misses an empty seat lists.
const nearestShown = 3

func unfilled(in *instance, s *state) []Unfilled {
	var out []Unfilled
	for _, r := range in.roles {
		if !r.open || len(s.holders[r.id]) >= r.seats {
			continue
		}
		u := Unfilled{RequestRef: r.req.Ref, Role: r.role.Name, Priority: r.tier, Seats: r.seats - len(s.holders[r.id])}
		counts := r.removed
		for _, p := range r.cands {
			if !s.holds(p, r.id) { // the role has room, so this is rule 7, 8 or 9
				counts[s.dynamicRule(p, r.id)]++
			}
		}
		for _, rule := range Rules {
			if counts[rule] > 0 {
				u.Removed = append(u.Removed, RuleCount{Rule: rule, Name: ruleText(rule, r), Count: counts[rule]})
			}
		}
		u.Summary = summary(len(in.people), u.Removed)
		u.Nearest = nearest(in, s, r)
		out = append(out, u)
	}
	slices.SortStableFunc(out, func(a, b Unfilled) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.RequestRef, b.RequestRef))
	})
	return out
}

// ruleText names a rule for one role, saying which skills and clearances it needs:
// "lack Cerner integration ≥ 3".
func ruleText(rule Rule, r *roleInfo) string {
	switch {
	case rule == RuleSkills && len(r.role.Skills) > 0:
		needs := make([]string, len(r.role.Skills))
		for i, s := range r.role.Skills {
			needs[i] = fmt.Sprintf("%s ≥ %d", s.Skill, s.Level)
		}
		return "lack " + strings.Join(needs, " or ")
	case rule == RuleClearances && len(r.role.Clearances) > 0:
		return fmt.Sprintf("lack %s valid to %s", strings.Join(r.role.Clearances, " or "), r.role.To)
	}
	return rule.String()
}

func summary(total int, removed []RuleCount) string {
	parts := make([]string, len(removed))
	for i, rc := range removed {
		parts[i] = fmt.Sprintf("%d %s", rc.Count, rc.Name)
	}
	return fmt.Sprintf("%d associates: %s", total, strings.Join(parts, "; "))
}

// misses lists, in words, every rule that keeps p out of r.
func misses(in *instance, s *state, p, r int) []string {
	var out []string
	eachMiss(in, s, p, r, func(describe func() string) { out = append(out, describe()) })
	return out
}

// missCount is how many rules keep p out of r, without the words: ranking near misses
// over every associate needs only the count.
func missCount(in *instance, s *state, p, r int) int {
	n := 0
	eachMiss(in, s, p, r, func(func() string) { n++ })
	return n
}

// eachMiss calls miss once for each rule that keeps p out of r, with a way to describe it.
func eachMiss(in *instance, s *state, p, r int, miss func(describe func() string)) {
	pe, ri := in.people[p], in.roles[r]
	if !pe.a.Active {
		miss(func() string { return "inactive" })
	}
	for i, n := range ri.needs {
		if l := pe.skills[n.skill]; l < n.level {
			miss(func() string { return fmt.Sprintf("%s %d, needs %d", ri.role.Skills[i].Skill, l, n.level) })
		}
	}
	for i, kind := range ri.role.Clearances {
		switch exp := pe.clearances[ri.clears[i]]; {
		case exp == 0:
			miss(func() string { return "no " + kind })
		case exp < ri.role.To:
			miss(func() string { return fmt.Sprintf("%s expires %s", kind, exp) })
		}
	}
	if !notOwnEmployer(pe, ri) {
		miss(func() string { return "employed by the trust" })
	}
	if ri.role.OnSite && pe.a.RemoteOnly {
		miss(func() string { return "remote only" })
	}
	for _, l := range pe.leave {
		if l.Overlaps(ri.role.Period) {
			miss(func() string { return "on leave " + l.String() })
		}
	}
	for _, b := range pe.busy {
		if b.Overlaps(ri.role.Period) {
			miss(func() string { return "committed elsewhere " + b.String() })
		}
	}
	if s.in.withdrawn[pairKey{p, r}] {
		miss(func() string { return "withdrawn from this role by the coordinator" })
	}
	planMisses(s, p, r, miss)
}

// planMisses names what the rest of the plan (or commitments) leaves no room for.
func planMisses(s *state, p, r int, miss func(describe func() string)) {
	for _, other := range s.booked[p] {
		if other != r && s.in.roles[other].role.Overlaps(s.in.roles[r].role.Period) {
			miss(func() string { return "booked on " + s.in.roles[other].roleName() })
		}
	}
	if !s.capFits(p, r) && !s.holds(p, r) {
		miss(func() string { return fmt.Sprintf("annual cap of %d days reached", s.in.people[p].a.MaxDays) })
	}
	if !s.orgFits(p, r) && !s.holds(p, r) {
		miss(func() string {
			return fmt.Sprintf("employer %s already has %d away", s.in.people[p].a.HomeOrg, s.in.limit)
		})
	}
}

// nearest ranks associates not in the role by how little they miss and describes the
// first few: rules that no change of plan could cure count most, then how many rules, then
// the skill gap. Only those shown are put into words.
func nearest(in *instance, s *state, r *roleInfo) []Near {
	type cand struct{ p, fixed, n, gap int }
	less := func(a, b cand) bool {
		return cmp.Or(cmp.Compare(a.fixed, b.fixed), cmp.Compare(a.n, b.n), cmp.Compare(a.gap, b.gap), cmp.Compare(a.p, b.p)) < 0
	}
	var top []cand // the nearest so far, in order; at most nearestShown
	for _, pe := range in.people {
		if s.seated(pe.id, r.id) {
			continue
		}
		n := missCount(in, s, pe.id, r.id)
		if n == 0 {
			continue
		}
		c := cand{pe.id, fixedMisses(pe, r), n, skillGap(pe, r)}
		if len(top) == nearestShown && !less(c, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && less(c, top[i-1]) {
			i--
		}
		if top = slices.Insert(top, i, c); len(top) > nearestShown {
			top = top[:nearestShown]
		}
	}
	var out []Near
	for _, c := range top {
		a := in.people[c.p].a
		out = append(out, Near{StaffID: a.StaffID, Name: a.Name, Misses: misses(in, s, c.p, r.id)})
	}
	return out
}

// fixedMisses counts the rules that keep p out of r for good: they are inactive, employed
// by the trust, or remote only for on-site work. Such people are the farthest near misses.
func fixedMisses(p *person, r *roleInfo) int {
	n := 0
	for _, ok := range []bool{active(p, r), notOwnEmployer(p, r), remoteAllowed(p, r)} {
		if !ok {
			n++
		}
	}
	return n
}

// Candidate is one associate considered for a role, for a ranked list to swap from.
type Candidate struct {
	StaffID  string   `json:"staffId"`
	Name     string   `json:"name"`
	Chosen   bool     `json:"chosen"`   // holds a seat of the role, kept or planned
	Eligible bool     `json:"eligible"` // could take a free or swapped seat without breaking a rule
	Score    Score    `json:"score"`
	Reasons  []string `json:"reasons"` // what keeps them out, when not eligible
}

// Candidates ranks every associate for a role: the chosen, then the eligible by score,
// then the rest by how little they miss.
func (p *Plan) Candidates(key model.RoleKey) []Candidate {
	r, ok := p.in.byRole[key]
	if !ok {
		return nil
	}
	var out []Candidate
	for _, pe := range p.in.people {
		c := Candidate{StaffID: pe.a.StaffID, Name: pe.a.Name, Chosen: p.s.seated(pe.id, r), Score: p.in.score(pe.id, r)}
		if !c.Chosen {
			c.Reasons = misses(p.in, p.s, pe.id, r)
			c.Eligible = len(c.Reasons) == 0
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		rank := func(c Candidate) int {
			switch {
			case c.Chosen:
				return 0
			case c.Eligible:
				return 1
			}
			return 2
		}
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(len(a.Reasons), len(b.Reasons)), cmp.Compare(b.Score.Total, a.Score.Total))
	})
	return out
}

// WhyNot says why an associate was or was not chosen for a role.
func (p *Plan) WhyNot(staffID string, key model.RoleKey) string {
	pid, ok := p.in.byStaff[staffID]
	r, ok2 := p.in.byRole[key]
	if !ok || !ok2 {
		return "no such associate or role"
	}
	ri := p.in.roles[r]
	name := p.in.people[pid].a.Name
	switch {
	case slices.Contains(ri.kept, pid):
		return fmt.Sprintf("%s holds a committed seat in %s", name, ri.roleName())
	case p.s.holds(pid, r):
		return fmt.Sprintf("%s was chosen for %s (score %.1f)", name, ri.roleName(), p.in.score(pid, r).Total)
	case !ri.open:
		return fmt.Sprintf("%s is not planned: the request is not open or its trust has closed", ri.roleName())
	}
	if m := misses(p.in, p.s, pid, r); len(m) > 0 {
		return fmt.Sprintf("%s cannot take %s: %s", name, ri.roleName(), strings.Join(m, "; "))
	}
	return fmt.Sprintf("%s could take %s, but the seats went to people who scored higher (%.1f against %s)",
		name, ri.roleName(), p.in.score(pid, r).Total, p.holderScores(r))
}

func (p *Plan) holderScores(r int) string {
	var parts []string
	for _, h := range p.s.holders[r] {
		parts = append(parts, fmt.Sprintf("%s %.1f", p.in.people[h].a.Name, p.in.score(h, r).Total))
	}
	return strings.Join(parts, ", ")
}

// violations reports kept assignments that already break a hard rule. They are never
// changed: a person must decide.
func violations(in *instance) []string {
	var out []string
	for _, a := range in.kept {
		pid, rid := in.byStaff[a.StaffID], in.byRole[a.RoleKey()]
		pe, ri := in.people[pid], in.roles[rid]
		for _, pr := range personalRules {
			if !pr.ok(pe, ri) {
				out = append(out, fmt.Sprintf("%s / %s (%s): %s", ri.roleName(), pe.a.Name, a.Status, pr.rule))
			}
		}
		for _, l := range pe.leave {
			if l.Overlaps(a.Period) {
				out = append(out, fmt.Sprintf("%s / %s (%s): on leave %s", ri.roleName(), pe.a.Name, a.Status, l))
			}
		}
	}
	out = append(out, keptClashes(in)...)
	out = append(out, keptOverLimit(in)...)
	for _, r := range in.roles {
		if len(r.kept) > r.role.Headcount {
			out = append(out, fmt.Sprintf("%s: %d kept seat-holders for a headcount of %d", r.roleName(), len(r.kept), r.role.Headcount))
		}
	}
	return out
}

// keptClashes finds double bookings and overrun caps among kept assignments.
func keptClashes(in *instance) []string {
	var out []string
	byPerson := map[int][]model.Assignment{}
	for _, a := range in.kept {
		byPerson[in.byStaff[a.StaffID]] = append(byPerson[in.byStaff[a.StaffID]], a)
	}
	for pid, as := range byPerson {
		pe := in.people[pid]
		for i := range as {
			for j := i + 1; j < len(as); j++ {
				if as[i].Overlaps(as[j].Period) {
					out = append(out, fmt.Sprintf("%s is double-booked: %s / %s and %s / %s", pe.a.Name,
						as[i].RequestRef, as[i].Role, as[j].RequestRef, as[j].Role))
				}
			}
		}
		for y, left := range pe.capLeft {
			if left < 0 {
				out = append(out, fmt.Sprintf("%s is committed %d days over their cap of %d in %s", pe.a.Name,
					-left, pe.a.MaxDays, model.FinancialYearLabel(in.fyBase+y)))
			}
		}
	}
	slices.Sort(out)
	return out
}

// keptOverLimit finds organisations with more associates committed away on a day than the
// release limit allows, naming the first such day.
func keptOverLimit(in *instance) []string {
	if in.limit == 0 {
		return nil
	}
	base := newState(in)
	var out []string
	for code, org := range in.orgs {
		for d, n := range base.orgDay[org] {
			if int(n) > in.limit {
				out = append(out, fmt.Sprintf("%s has %d associates committed away on %s, over the release limit of %d",
					code, n, in.origin+model.Date(d), in.limit))
				break
			}
		}
	}
	slices.Sort(out)
	return out
}
