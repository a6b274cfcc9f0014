package scheduler

import (
	"strings"

	"associateplanner/model"
)

// instance is the planning problem in index form: plannable roles, associates, and which
// associate may take which role on the rules that do not depend on the rest of the plan.
type instance struct {
	data     *model.Data
	idx      *model.Index
	cal      *model.Calendar
	weights  model.Weights
	weight   []float64 // the weights in model.WeightTerms' order
	limit    int       // K, the release limit; 0 means none
	origin   model.Date
	horizon  int // days from origin covered by day-indexed counts
	fyBase   int // the first financial year of any role or commitment
	roles    []*roleInfo
	people   []*person
	byStaff  map[string]int
	byRole   map[model.RoleKey]int
	orgs     map[string]int
	members  [][]int // people per organisation index
	kept     []model.Assignment
	replan   bool             // there are earlier proposals, and stability is wanted
	names    *model.Numbering // skills and clearances the roles need
	systems  model.Numbers    // supplier systems of the requests
	supplies []bool           // per organisation: one of its people is a candidate for a role
	busy     [][]keptBooking  // per person: their kept assignments
	periods  []model.Period   // per role: its dates, side by side for the checks of rule 7
	bookings []model.Booking  // per role: the role as rule 7 names it
	inactive int              // associates not active
	// A lazy instance finds each role's candidates only when they are first asked for
	// (candidates): a re-plan, or an assessment, of a large register reads few roles'.
	lazyAbove int     // lazy when the static checks a full filter would make exceed this; <0 never
	lazy      bool    //
	base      *state  // lazy: the kept assignments alone, which the static rules read
	skilled   [][]int // lazy: per skill, the people who hold it, highest level first
	keyed     [][]keyedRole
	anyone    []int   // lazy: the roles as keyRoles keys them
	orgCount  []int32 // scratch for shortlist
}

type pairKey struct{ person, role int }

// roleInfo is one role of a request: the rules' form of it (model.Post, with its ID the
// role's index) and what the planner keeps of it.
type roleInfo struct {
	model.Post
	tier     int // the request's priority, 1 to 4
	open     bool
	seats    int     // headcount less the seats commitments already hold
	kept     []int   // people holding kept seats
	previous []int   // people an earlier plan proposed, unpinned: a re-plan keeps them if it can
	from, to int     // day indexes
	total    int     // working days
	cands    []int   // people who pass the static rules, best first (instance.candidates)
	byOrg    []int32 // places in cands, by employer (orgOf), best first within each
	orgOf    []int32 // the employer of each of byOrg
	built    bool    // cands and removed are found
	estimate int     // people holding the key skill: no fewer than the candidates
	removed  [13]int // how many associates each static rule removed (the first they fail)
	system   int     // the request's supplier system (by in.systems), or -1
	key      int     // the need fewest people meet (an index into Needs), or -1 if none
}

// person is one associate: the rules' form of them (model.Person, with its ID the
// person's index) and what commitments already use of them.
type person struct {
	model.Person
	region   string
	capLeft  []int           // per financial year from fyBase: days left after kept assignments
	usedKept []int           // per financial year: days kept assignments use (fairness)
	past     map[string]bool // request refs and trusts worked for (continuity)
	systems  []bool          // supplier systems known (from HR's roster, or a completed secondment), by number
}

// keptBooking is a kept assignment as rule 7 reads it, with its role's index (-1 if the
// register does not know the role).
type keptBooking struct {
	role int
	model.Booking
}

// newInstance prepares d for planning, finding every role's candidates.
func newInstance(d *model.Data) *instance { return prepare(d, -1, false) }

// prepare prepares d for planning. A re-plan (or, with assess, any reading of the plan
// the register holds) is lazy, finding roles' candidates only as they are asked for
// (instance.candidates), when a full filter would make more than lazyAbove static checks.
func prepare(d *model.Data, lazyAbove int, assess bool) *instance {
	in := &instance{data: d, lazyAbove: lazyAbove, idx: model.NewIndex(d), cal: model.NewCalendar(d.Closures), weights: d.Settings.Weights,
		limit: d.Settings.ReleaseLimit, byStaff: map[string]int{}, byRole: map[model.RoleKey]int{},
		orgs: map[string]int{}, names: model.NewNumbering(), systems: model.Numbers{}}
	for _, t := range model.WeightTerms {
		in.weight = append(in.weight, *t.Field(&in.weights))
	}
	in.collectRoles()
	in.frame()
	in.collectPeople()
	in.collectKept()
	in.replan = in.replan && in.weights.Stability > 0
	if !in.replan && !assess {
		in.lazyAbove = -1
	}
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
		ri := &roleInfo{Post: model.Post{ID: len(in.roles), Role: r, Request: q, Trust: in.idx.Org[q.Trust], Period: r.Period,
			Days: in.cal.WorkingDaysByYear(r.Period)}, tier: q.Priority, seats: r.Headcount}
		in.names.NumberPost(&ri.Post)
		ri.open = model.PostOpen(&ri.Post)
		ri.system = -1
		if q.System != "" {
			ri.system = in.systems.ID(q.System)
		}
		for _, yd := range ri.Days {
			ri.total += yd.Days
		}
		in.byRole[r.Key()] = ri.ID
		in.roles = append(in.roles, ri)
		in.periods = append(in.periods, r.Period)
		in.bookings = append(in.bookings, ri.booking())
	}
}

// frame fixes the day window and financial years the counts cover.
func (in *instance) frame() {
	from, to := model.Date(0), model.Date(0)
	for _, r := range in.roles {
		if from == 0 || r.From < from {
			from = r.From
		}
		to = max(to, r.To)
	}
	in.origin, in.horizon = from, int(to-from)+1
	in.fyBase = model.FinancialYear(from)
	for _, a := range in.data.Assignments {
		if a.From != 0 {
			in.fyBase = min(in.fyBase, model.FinancialYear(a.From))
		}
	}
	for _, r := range in.roles {
		r.from, r.to = int(r.From-in.origin), int(r.To-in.origin)
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
		p := &person{Person: model.Person{ID: len(in.people), Org: org, Associate: a,
			Leave: model.LeavePeriods(in.idx.Unavailable[a.StaffID])}, region: in.idx.RegionOf(a),
			capLeft: make([]int, in.years()), usedKept: make([]int, in.years()),
			systems: make([]bool, len(in.systems))}
		in.names.NumberPerson(&p.Person)
		for _, s := range a.Systems {
			if i, ok := in.systems.Of(s); ok {
				p.systems[i] = true
			}
		}
		for y := range p.capLeft {
			p.capLeft[y] = a.MaxDays
		}
		in.byStaff[a.StaffID] = p.ID
		in.members[org] = append(in.members[org], p.ID)
		in.people = append(in.people, p)
	}
}

// collectKept applies commitments, completed work and pinned proposals: they hold seats,
// days and release-limit places before anything is planned.
func (in *instance) collectKept() {
	in.busy = make([][]keptBooking, len(in.people))
	for _, a := range in.data.Assignments {
		pid, ok := in.byStaff[a.StaffID]
		if !ok {
			continue
		}
		if !a.Holds() {
			if rid, hasRole := in.byRole[a.RoleKey()]; hasRole {
				in.roles[rid].Withdrawn = append(in.roles[rid].Withdrawn, pid)
			}
			continue
		}
		p := in.people[pid]
		rid, hasRole := in.byRole[a.RoleKey()]
		if a.Status == model.Proposed && !a.Pinned {
			if hasRole {
				in.roles[rid].previous = append(in.roles[rid].previous, pid)
				in.replan = true
			}
			continue // a suggestion, not work done: no continuity from it
		}
		if p.past == nil {
			p.past = map[string]bool{}
		}
		p.past[a.RequestRef] = true
		if q := in.idx.Request[a.RequestRef]; q != nil {
			p.past[q.Trust] = true
			if i, ok := in.systems.Of(q.System); ok && a.Status == model.Completed {
				p.systems[i] = true // a completed secondment is experience of its system, as model.Experience shows
			}
		}
		in.kept = append(in.kept, a)
		role := -1
		if hasRole {
			role = rid
		}
		in.busy[pid] = append(in.busy[pid], keptBooking{role, model.Booking{RequestRef: a.RequestRef, Role: a.Role, Period: a.Period}})
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

type scoredPerson struct {
	id    int
	total float64
}

// seatsToPlan is how many seats the open roles have to fill.
func (in *instance) seatsToPlan() int {
	n := 0
	for _, r := range in.roles {
		if r.open {
			n += r.seats
		}
	}
	return n
}

// pairs counts the candidate pairs of the roles with seats to plan.
func (in *instance) pairs() int {
	n := 0
	for _, r := range in.roles {
		if r.open && r.seats > 0 {
			n += len(r.cands)
		}
	}
	return n
}

// roleName is how explanations name a role.
func (r *roleInfo) roleName() string { return r.Request.Ref + " / " + r.Role.Name }

// booking is the role as rule 7 names it.
func (r *roleInfo) booking() model.Booking {
	return model.Booking{RequestRef: r.Request.Ref, Role: r.Role.Name, Period: r.Period}
}

// lessThan orders strings case-insensitively, for stable reports.
func lessThan(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
