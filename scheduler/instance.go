package scheduler

import (
	"cmp"
	"slices"
	"strings"

	"associateplanner/model"
)

// instance is the planning problem in index form: plannable roles, associates, and which
// associate may take which role on the rules that do not depend on the rest of the plan.
type instance struct {
	data      *model.Data
	idx       *model.Index
	cal       *model.Calendar
	weights   model.Weights
	limit     int // K, the release limit; 0 means none
	origin    model.Date
	horizon   int // days from origin covered by day-indexed counts
	fyBase    int // the first financial year of any role or commitment
	roles     []*roleInfo
	people    []*person
	byStaff   map[string]int
	byRole    map[model.RoleKey]int
	orgs      map[string]int
	members   [][]int // people per organisation index
	kept      []model.Assignment
	previous  map[pairKey]bool // earlier unpinned proposals: re-planning keeps them if it can
	withdrawn map[pairKey]bool // people the coordinator took out of a role
	skills    vocab            // skill names the roles need
	clears    vocab            // clearance types the roles need
	systems   vocab            // supplier systems of the requests
	flowBound *[5]int          // flowBounds, once computed
}

// vocab numbers names case-insensitively, so the rules compare small integers where they
// would look strings up: eligibility checks every associate against every role.
type vocab map[string]int

// id returns name's number, giving it the next one if it is new.
func (v vocab) id(name string) int {
	key := strings.ToLower(name)
	i, ok := v[key]
	if !ok {
		i = len(v)
		v[key] = i
	}
	return i
}

// need is a skill a role needs (a vocab number) and the level it needs.
type need struct{ skill, level int }

type pairKey struct{ person, role int }

// roleInfo is one role of an open request.
type roleInfo struct {
	id       int
	role     *model.Role
	req      *model.Request
	trust    *model.Organisation
	tier     int // the request's priority, 1 to 4
	open     bool
	seats    int   // headcount less the seats commitments already hold
	kept     []int // people holding kept seats
	from, to int   // day indexes
	days     []model.YearDays
	total    int     // working days
	cands    []int   // people who pass the static rules, best first
	removed  [13]int // how many associates each static rule removed (the first they fail)
	needs    []need  // the role's skills
	clears   []int   // the role's clearances (vocab numbers)
	system   int     // the request's supplier system (a vocab number), or -1
}

// person is one associate with what commitments already use of them.
type person struct {
	id         int
	a          *model.Associate
	org        int
	region     string
	leave      []model.Period
	busy       []model.Period  // kept assignments
	capLeft    []int           // per financial year from fyBase: days left after kept assignments
	usedKept   []int           // per financial year: days kept assignments use (fairness)
	past       map[string]bool // request refs and trusts worked for (continuity)
	skills     []int           // level by skill number; skills no role needs are left out
	systems    []bool          // supplier systems known, by number
	clearances []model.Date    // expiry by clearance number
}

func newInstance(d *model.Data) *instance {
	in := &instance{data: d, idx: model.NewIndex(d), cal: model.NewCalendar(d.Closures), weights: d.Settings.Weights,
		limit: d.Settings.ReleaseLimit, byStaff: map[string]int{}, byRole: map[model.RoleKey]int{},
		orgs: map[string]int{}, previous: map[pairKey]bool{}, withdrawn: map[pairKey]bool{},
		skills: vocab{}, clears: vocab{}, systems: vocab{}}
	in.collectRoles()
	in.frame()
	in.collectPeople()
	in.collectKept()
	in.filter()
	return in
}

// collectRoles takes every role of every request; rule 11 marks those that may be planned.
func (in *instance) collectRoles() {
	for i := range in.data.Roles {
		r := &in.data.Roles[i]
		q := in.idx.Request[r.RequestRef]
		if q == nil {
			continue
		}
		ri := &roleInfo{id: len(in.roles), role: r, req: q, trust: in.idx.Org[q.Trust], tier: q.Priority, seats: r.Headcount}
		ri.open = requestOpen(seat{r, q, ri.trust})
		for _, s := range r.Skills {
			ri.needs = append(ri.needs, need{in.skills.id(s.Skill), s.Level})
		}
		for _, c := range r.Clearances {
			ri.clears = append(ri.clears, in.clears.id(c))
		}
		ri.system = -1
		if q.System != "" {
			ri.system = in.systems.id(q.System)
		}
		ri.days = in.cal.WorkingDaysByYear(r.Period)
		for _, yd := range ri.days {
			ri.total += yd.Days
		}
		in.byRole[r.Key()] = ri.id
		in.roles = append(in.roles, ri)
	}
}

// frame fixes the day window and financial years the counts cover.
func (in *instance) frame() {
	from, to := model.Date(0), model.Date(0)
	for _, r := range in.roles {
		if from == 0 || r.role.From < from {
			from = r.role.From
		}
		to = max(to, r.role.To)
	}
	in.origin, in.horizon = from, int(to-from)+1
	in.fyBase = model.FinancialYear(from)
	for _, a := range in.data.Assignments {
		if a.From != 0 {
			in.fyBase = min(in.fyBase, model.FinancialYear(a.From))
		}
	}
	for _, r := range in.roles {
		r.from, r.to = int(r.role.From-in.origin), int(r.role.To-in.origin)
	}
}

func (in *instance) years() int {
	return model.FinancialYear(in.origin+model.Date(in.horizon)) - in.fyBase + 2
}

func (in *instance) collectPeople() {
	for i := range in.data.Associates {
		a := &in.data.Associates[i]
		org, ok := in.orgs[a.HomeOrg]
		if !ok {
			org = len(in.members)
			in.orgs[a.HomeOrg] = org
			in.members = append(in.members, nil)
		}
		p := &person{id: len(in.people), a: a, org: org, region: in.idx.RegionOf(a),
			capLeft: make([]int, in.years()), usedKept: make([]int, in.years()), past: map[string]bool{},
			skills: make([]int, len(in.skills)), systems: make([]bool, len(in.systems)),
			clearances: make([]model.Date, len(in.clears))}
		// Backwards, so that of two entries for one skill or clearance the first counts, as
		// in model.Associate's look-ups.
		for _, s := range slices.Backward(a.Skills) {
			if i, ok := in.skills[strings.ToLower(s.Skill)]; ok {
				p.skills[i] = s.Level
			}
		}
		for _, s := range a.Systems {
			if i, ok := in.systems[strings.ToLower(s)]; ok {
				p.systems[i] = true
			}
		}
		for _, c := range slices.Backward(a.Clearances) {
			if i, ok := in.clears[strings.ToLower(c.Type)]; ok {
				p.clearances[i] = c.Expiry
			}
		}
		for y := range p.capLeft {
			p.capLeft[y] = a.MaxDays
		}
		for _, u := range in.idx.Unavailable[a.StaffID] {
			p.leave = append(p.leave, u.Period)
		}
		in.byStaff[a.StaffID] = p.id
		in.members[org] = append(in.members[org], p.id)
		in.people = append(in.people, p)
	}
}

// collectKept applies commitments, completed work and pinned proposals: they hold seats,
// days and release-limit places before anything is planned.
func (in *instance) collectKept() {
	for _, a := range in.data.Assignments {
		pid, ok := in.byStaff[a.StaffID]
		if !ok {
			continue
		}
		if !a.Holds() {
			if rid, hasRole := in.byRole[a.RoleKey()]; hasRole {
				in.withdrawn[pairKey{pid, rid}] = true
			}
			continue
		}
		p := in.people[pid]
		rid, hasRole := in.byRole[a.RoleKey()]
		if a.Status == model.Proposed && !a.Pinned {
			if hasRole {
				in.previous[pairKey{pid, rid}] = true
			}
			continue // a suggestion, not work done: no continuity from it
		}
		p.past[a.RequestRef] = true
		if q := in.idx.Request[a.RequestRef]; q != nil {
			p.past[q.Trust] = true
		}
		in.kept = append(in.kept, a)
		p.busy = append(p.busy, a.Period)
		for _, yd := range in.cal.WorkingDaysByYear(a.Period) {
			if y := yd.Year - in.fyBase; y >= 0 && y < len(p.capLeft) {
				p.capLeft[y] -= yd.Days
				p.usedKept[y] += yd.Days
			}
		}
		if hasRole {
			r := in.roles[rid]
			r.kept = append(r.kept, pid)
			r.seats = max(0, r.seats-1)
		}
	}
}

// filter finds each role's candidates: the associates no static rule removes.
func (in *instance) filter() {
	base := newState(in) // holds only the kept assignments
	for _, r := range in.roles {
		if !r.open {
			r.removed[RuleOpenRequest] = len(in.people)
			continue
		}
		var scored []scoredPerson
		for _, p := range in.people {
			if rule := base.staticRule(p.id, r.id); rule != 0 {
				r.removed[rule]++
				continue
			}
			scored = append(scored, scoredPerson{p.id, in.total(p.id, r.id)})
		}
		slices.SortStableFunc(scored, func(a, b scoredPerson) int { return cmp.Compare(b.total, a.total) })
		r.cands = make([]int, len(scored))
		for i, sp := range scored {
			r.cands[i] = sp.id
		}
	}
}

type scoredPerson struct {
	id    int
	total float64
}

// roleName is how explanations name a role.
func (r *roleInfo) roleName() string { return r.req.Ref + " / " + r.role.Name }

// lessThan orders strings case-insensitively, for stable reports.
func lessThan(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
