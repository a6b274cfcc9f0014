package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
)

// change is one edit a coordinator makes between two plans.
type change struct {
	name string
	edit func(d *model.Data, rng *rand.Rand) bool // false when the register offers nothing to edit
}

var changes = []change{
	{"a new request", func(d *model.Data, rng *rand.Rand) bool {
		r := d.Roles[rng.IntN(len(d.Roles))]
		q := *requestOf(d, r.RequestRef)
		q.Ref, q.Priority = "NEW", 1+rng.IntN(4)
		r.RequestRef, r.Headcount = q.Ref, 1+rng.IntN(2)
		d.Requests, d.Roles = append(d.Requests, q), append(d.Roles, r)
		return true
	}},
	{"a role's dates moved", func(d *model.Data, rng *rand.Rand) bool {
		r := &d.Roles[rng.IntN(len(d.Roles))]
		shift := model.Date(7 * (1 + rng.IntN(3)))
		r.From, r.To = r.From+shift, r.To+shift
		q := requestOf(d, r.RequestRef)
		q.To = max(q.To, r.To)
		for i := range d.Assignments {
			if a := &d.Assignments[i]; a.RoleKey() == r.Key() {
				a.Period = r.Period
			}
		}
		return true
	}},
	{"leave added", func(d *model.Data, rng *rand.Rand) bool {
		a, ok := someProposal(d, rng)
		if ok {
			d.Unavailability = append(d.Unavailability, model.Unavailability{StaffID: a.StaffID,
				Period: model.Period{From: a.From + 1, To: a.From + 3}, Reason: "Sickness"})
		}
		return ok
	}},
	{"a person stood down", func(d *model.Data, rng *rand.Rand) bool {
		a, ok := someProposal(d, rng)
		for i := range d.Associates {
			if ok && d.Associates[i].StaffID == a.StaffID {
				d.Associates[i].Active = false
			}
		}
		return ok
	}},
}

func requestOf(d *model.Data, ref string) *model.Request {
	for i := range d.Requests {
		if d.Requests[i].Ref == ref {
			return &d.Requests[i]
		}
	}
	panic("no request " + ref)
}

func someProposal(d *model.Data, rng *rand.Rand) (model.Assignment, bool) {
	var ps []model.Assignment
	for _, a := range d.Assignments {
		if a.Status == model.Proposed && !a.Pinned {
			ps = append(ps, a)
		}
	}
	if len(ps) == 0 {
		return model.Assignment{}, false
	}
	return ps[rng.IntN(len(ps))], true
}

// committed is d with a plan's proposals saved, as a commit leaves the register.
func committed(t *testing.T, d *model.Data) *model.Data {
	t.Helper()
	p, err := Make(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := *d
	c.Roles = append([]model.Role(nil), d.Roles...)
	c.Requests = append([]model.Request(nil), d.Requests...)
	c.Associates = append([]model.Associate(nil), d.Associates...)
	c.Unavailability = append([]model.Unavailability(nil), d.Unavailability...)
	c.Assignments = append(append([]model.Assignment(nil), d.Assignments...), p.Proposals()...)
	return &c
}

// withoutProposals is d as a fresh plan sees it: no earlier proposals to keep.
func withoutProposals(d *model.Data) *model.Data {
	c := *d
	c.Assignments = nil
	for _, a := range d.Assignments {
		if a.Status != model.Proposed || a.Pinned {
			c.Assignments = append(c.Assignments, a)
		}
	}
	return &c
}

// TestReplanAfterOneChange plans problems, saves the plan, makes one change a coordinator
// makes (a new request, a role's dates moved, leave added, a person stood down) and plans
// again from the saved proposals. The re-plan must cover, priority by priority, no less
// than a fresh plan of the changed register, and may move someone out of a saved seat that
// still holds only to fill a seat without emptying one of equal or higher priority: its
// coverage must then be better, priority by priority, than the saved seats that hold.
func TestReplanAfterOneChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 41))
	tried := map[string]int{}
	for i := range 60 {
		size := synthetic.Size{Name: "T", Associates: 80 + rng.IntN(80), Requests: 6 + rng.IntN(8), Dense: i%3 == 0}
		before := committed(t, synthetic.Generate(size, uint64(i)))
		ch := changes[i%len(changes)]
		if !ch.edit(before, rng) {
			continue
		}
		tried[ch.name]++
		replan, err := Make(context.Background(), before, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustBeValid(t, before, replan)
		fresh, err := Make(context.Background(), withoutProposals(before), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := coverageOf(replan), coverageOf(fresh); better(want, got) {
			t.Errorf("problem %d, %s: the re-plan fills %v, a fresh plan %v", i, ch.name, got[1:], want[1:])
		}
		if msg := movedForLess(before, replan); msg != "" {
			t.Errorf("problem %d, %s: %s", i, ch.name, msg)
		}
	}
	for _, ch := range changes {
		if tried[ch.name] == 0 {
			t.Errorf("%s was never tried", ch.name)
		}
	}
}

// movedForLess describes anyone the re-plan moved out of a saved seat that still holds
// when it covers no more than those seats, or how it covers less.
func movedForLess(d *model.Data, p *Plan) string {
	v := newSolver(context.Background(), newInstance(d), nil)
	v.seedPrevious() // the saved proposals that still hold
	kept := v.s.filled()
	now := coverageOf(p)
	first := 5 // the first priority at which the re-plan differs from the saved seats
	for t := 4; t >= 1; t-- {
		if now[t] != kept[t] {
			first = t
		}
	}
	if first < 5 && now[first] < kept[first] {
		return fmt.Sprintf("the re-plan %v fills less than the saved seats that still hold %v", now[1:], kept[1:])
	}
	planned := map[pairKey]bool{}
	for r, hs := range p.s.holders {
		for _, h := range hs {
			planned[pairKey{h, r}] = true
		}
	}
	for r, hs := range v.s.holders {
		for _, h := range hs {
			if !planned[pairKey{h, r}] && first == 5 {
				return fmt.Sprintf("%s was moved out of %s, yet the re-plan fills no more: %v",
					v.s.in.people[h].Associate.StaffID, v.s.in.roles[r].roleName(), now[1:])
			}
		}
	}
	return ""
}

// TestReplanMovesNoOneForQuality: however little stability weighs, a re-plan does not swap
// a saved proposal that still holds for someone who scores higher; a fresh plan does.
func TestReplanMovesNoOneForQuality(t *testing.T) {
	d := world()
	d.Settings.Weights.Stability = 0.01
	d.Associates = []model.Associate{associate("B", "T3", skill("Testing", 3)), associate("D", "T3", skill("Testing", 5))}
	request(d, "R", "T1", 2, 1, jan4, jan29)
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "B", Period: d.Roles[0].Period, Status: model.Proposed}}
	if got := chosen(plan(t, d), "R"); len(got) != 1 || got[0] != "B" {
		t.Errorf("the re-plan chose %v, want the saved B", got)
	}
	if got := chosen(plan(t, withoutProposals(d)), "R"); len(got) != 1 || got[0] != "D" {
		t.Errorf("a fresh plan chose %v, want D, who scores higher: this test would check nothing", got)
	}
}
