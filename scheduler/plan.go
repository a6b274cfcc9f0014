package scheduler

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"associateplanner/model"
)

// Plan is the outcome of planning a register.
type Plan struct {
	Assignments []Placed          `json:"assignments"` // kept assignments and new proposals
	Unfilled    []Unfilled        `json:"unfilled"`
	Coverage    []TierCoverage    `json:"coverage"`   // priorities 1 to 4
	Optimal     bool              `json:"optimal"`    // every tier is proved as full as any plan can make it
	Violations  []string          `json:"violations"` // kept (for Assess, all saved) assignments breaking a rule (model.Conflicts): never changed
	Budget      []model.YearSpend `json:"budget"`
	Revision    int64             `json:"revision"` // of the register it was made from: committing it later is refused

	in    *instance
	s     *state
	saved map[pairKey]model.Assignment // for Assess: the stored proposals the state holds, as stored
}

// Placed is one assignment of the plan with what it is worth.
type Placed struct {
	model.Assignment
	Name  string      `json:"name"`
	Trust string      `json:"trust"`
	Days  int         `json:"days"`
	Cost  model.Pence `json:"costPence"`
	Kept  bool        `json:"kept"` // a commitment or pinned: the planner did not choose it
	Score Score       `json:"score"`
}

// TierCoverage counts one priority's seats.
type TierCoverage struct {
	Priority int `json:"priority"`
	Seats    int `json:"seats"`  // every seat of open requests' roles at this priority
	Kept     int `json:"kept"`   // held by commitments and pinned assignments
	Filled   int `json:"filled"` // filled by the planner
	Bound    int `json:"bound"`  // the most the planner could fill: Filled when proved optimal
}

// CoverageSummary says, per priority with seats, how many are filled and whether that is
// the most any plan can: "P1 32/32 seats (optimal); P2 7/9 seats (at most 1 more)".
func (p *Plan) CoverageSummary() string {
	var parts []string
	for _, c := range p.Coverage {
		if c.Seats == 0 {
			continue
		}
		s := fmt.Sprintf("P%d %d/%d seats", c.Priority, c.Kept+c.Filled, c.Seats)
		if c.Optimal() {
			s += " (optimal)"
		} else {
			s += fmt.Sprintf(" (at most %d more)", c.Bound-c.Filled)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "no open seats"
	}
	return strings.Join(parts, "; ")
}

// Optimal reports whether no plan can fill more of this tier's seats.
func (t TierCoverage) Optimal() bool { return t.Filled >= t.Bound }

// Options change how a plan is made.
type Options struct {
	Progress func(stage string, done, total int) // told as each stage starts, done of total; nil for none
}

// Make plans every open request of d. It never breaks a hard rule; commitments and pinned
// assignments are kept as they are, and commitments that already break a rule are reported
// in Violations. It returns ctx's error if cancelled.
func Make(ctx context.Context, d *model.Data, opt Options) (*Plan, error) {
	return makePlan(ctx, d, opt, defaults)
}

// tuning holds limits tests change: the exact search runs on instances of at most
// exactPairs candidate pairs (0 measures the heuristic phases alone), and a re-plan finds
// roles' candidates only as it needs them when a full filter would make more than
// lazyAbove static checks (0 makes every re-plan do so).
type tuning struct{ exactPairs, lazyAbove int }

var defaults = tuning{exactPairs: exactPairs, lazyAbove: lazyChecks}

// lazyChecks: a re-plan, or an assessment, of a register whose full filter would make more
// static checks than this finds roles' candidates only as it needs them.
const lazyChecks = 400_000

// makePlan is Make with the given limits.
func makePlan(ctx context.Context, d *model.Data, opt Options, tune tuning) (*Plan, error) {
	in := prepare(d, tune.lazyAbove, false)
	v := newSolver(ctx, in, opt.Progress)
	v.exactPairs = tune.exactPairs
	boundCtx, stopBound := context.WithCancel(ctx)
	defer stopBound()
	bounds := make(chan *[5]int, 1)
	go func() { bounds <- boundsBeside(boundCtx, in, v.board) }() // on another core, while the search runs
	conflicts := make(chan []model.Conflict, 1)
	go func() { conflicts <- model.Conflicts(d) }() // the saved assignments alone: so too
	if err := v.run(); err != nil {
		return nil, err
	}
	p := finish(in, v.s, v.exact, v.awaitBound(bounds, stopBound), nil)
	p.Violations = violations(<-conflicts, model.Assignment.IsKept)
	return p, nil
}

// Assess describes the plan the register holds: its saved assignments as they are, every
// empty seat with the reasons no one fills it, and who could take each seat. Nothing is
// planned, so what it shows is what is stored.
func Assess(d *model.Data) *Plan { return assess(d, lazyChecks) }

func assess(d *model.Data, lazyAbove int) *Plan {
	in := prepare(d, lazyAbove, true)
	s := newState(in)
	saved := map[pairKey]model.Assignment{}
	for _, a := range d.Assignments {
		pid, known := in.byStaff[a.StaffID]
		rid, hasRole := in.byRole[a.RoleKey()]
		if known && hasRole && slices.Contains(in.roles[rid].previous, pid) {
			s.add(pid, rid)
			saved[pairKey{pid, rid}] = a
		}
	}
	s.journal = nil
	flow := quickBounds(in)
	p := finish(in, s, false, &flow, saved)
	p.Violations = violations(model.Conflicts(d), func(model.Assignment) bool { return true })
	return p
}

// finish describes the plan in s: its coverage against the bounds (proved: the exact
// search ran to its end; cum: bounds on the seats of priorities 1 to t together, nil if
// none), its assignments with their scores, its empty seats with their reasons, and its
// spend. saved holds, for Assess, the stored assignments of seats s holds, shown as stored
// (their dates may be their role's cut short); nil for a new plan, whose proposals take
// their role's dates.
func finish(in *instance, s *state, proved bool, cum *[5]int, saved map[pairKey]model.Assignment) *Plan {
	p := &Plan{in: in, s: s, Revision: in.data.Revision, saved: saved}
	p.coverage(proved, cum)
	p.placed()
	p.Unfilled = unfilled(in, s)
	p.Budget = model.SpendByYear(in.data, in.idx, in.cal, allOf(p.Assignments))
	return p
}

// awaitBound returns the bounds computed beside the search once it is done: as soon as
// those posted so far prove the plan best (later steps could not lower them below the
// plan), else when they are complete, so that the same data always gives the same bounds.
func (v *solver) awaitBound(bounds <-chan *[5]int, stop func()) *[5]int {
	v.report("Bounding what any plan could fill", len(v.phases()))
	f := v.s.filled()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !v.board.proves(f) {
		select {
		case b := <-bounds:
			return b
		case <-tick.C:
		}
	}
	stop()
	c := cumulative(f)
	return &c
}

// coverage counts the seats per priority and bounds them, keeping the tightest of: the
// seats there are, the release capacity (capacityBounds), and cum (seats of priorities 1
// to t together; nil if none); proved means the exact search ran to its end.
func (p *Plan) coverage(proved bool, cum *[5]int) {
	in, s := p.in, p.s
	filled, capacity := s.filled(), capacityBounds(in, s)
	p.Coverage = make([]TierCoverage, 4)
	for t := 1; t <= 4; t++ {
		p.Coverage[t-1].Priority, p.Coverage[t-1].Filled = t, filled[t]
	}
	var planned [5]int
	for _, r := range in.roles {
		if r.open {
			p.Coverage[r.tier-1].Seats += r.Role.Headcount
			p.Coverage[r.tier-1].Kept += len(r.kept)
			planned[r.tier] += r.seats
		}
	}
	earlier := 0
	for t := 1; t <= 4; t++ {
		c := &p.Coverage[t-1]
		c.Bound = min(planned[t], capacity[t])
		if cum != nil {
			c.Bound = min(c.Bound, cum[t]-earlier)
		}
		if proved {
			c.Bound = c.Filled
		}
		c.Bound = max(c.Bound, c.Filled)
		earlier += filled[t]
	}
	p.Optimal = true
	for _, c := range p.Coverage {
		p.Optimal = p.Optimal && c.Optimal()
	}
}

func (p *Plan) placed() {
	in := p.in
	for _, a := range in.kept {
		pid := in.byStaff[a.StaffID]
		pl := p.place(a, pid)
		pl.Kept = true
		if rid, ok := in.byRole[a.RoleKey()]; ok {
			pl.Score = in.score(pid, rid)
		}
		p.Assignments = append(p.Assignments, pl)
	}
	for r, holders := range p.s.holders {
		ri := in.roles[r]
		for _, pid := range holders {
			a, ok := p.saved[pairKey{pid, r}]
			if !ok {
				a = model.Assignment{RequestRef: ri.Request.Ref, Role: ri.Role.Name, StaffID: in.people[pid].Associate.StaffID,
					Period: ri.Period, Status: model.Proposed}
			}
			pl := p.place(a, pid)
			pl.Score = in.score(pid, r)
			p.Assignments = append(p.Assignments, pl)
		}
	}
	slices.SortStableFunc(p.Assignments, func(a, b Placed) int {
		return cmp.Or(cmp.Compare(a.RequestRef, b.RequestRef), lessThan(a.Role, b.Role), lessThan(a.Name, b.Name))
	})
}

func (p *Plan) place(a model.Assignment, pid int) Placed {
	in := p.in
	pe := in.people[pid]
	days := in.cal.WorkingDays(a.From, a.To)
	pl := Placed{Assignment: a, Name: pe.Associate.Name, Days: days, Cost: model.Cost(in.data, in.cal, pe.Associate, a.Period)}
	if q := in.idx.Request[a.RequestRef]; q != nil {
		pl.Trust = q.Trust
	}
	return pl
}

// Proposals returns the assignments the planner chose, to be saved by a commit.
func (p *Plan) Proposals() []model.Assignment {
	var out []model.Assignment
	for _, a := range p.Assignments {
		if !a.Kept {
			out = append(out, a.Assignment)
		}
	}
	return out
}

// allOf returns the assignments of placed ones.
func allOf(placed []Placed) []model.Assignment {
	out := make([]model.Assignment, len(placed))
	for i, p := range placed {
		out[i] = p.Assignment
	}
	return out
}

// Shortfalls describes the unfilled seats in the model's terms, for exports and the app.
func (p *Plan) Shortfalls() []model.Shortfall {
	out := make([]model.Shortfall, len(p.Unfilled))
	for i, u := range p.Unfilled {
		reasons := u.Summary
		for _, n := range u.Nearest {
			reasons += fmt.Sprintf(". Nearest: %s (%s)", n.Name, strings.Join(n.Misses, "; "))
		}
		out[i] = model.Shortfall{RequestRef: u.RequestRef, Role: u.Role, Priority: u.Priority, Seats: u.Seats, Reasons: reasons}
	}
	return out
}
