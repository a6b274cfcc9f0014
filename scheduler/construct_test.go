package scheduler

import (
	"context"
	"slices"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
)

// TestBatchOfSeatsIsMatchedNotTakenOneByOne: two priority-2 requests start the same Monday,
// each employer may release one person (K = 1), and a third seat makes the release
// capacity bind, so seats are placed by capacity. Taken one by one, the first role's best
// candidate (A1, of trust T1) is the second role's only one; the batch's matching sends B1
// to the first role instead, and both seats are filled before any later phase runs. (At
// priority 1 a chain of moves would mend it too.)
func TestBatchOfSeatsIsMatchedNotTakenOneByOne(t *testing.T) {
	d := world()
	d.Settings.ReleaseLimit = 1
	a1 := associate("A1", "T1", skill("Testing", 5))
	b1 := associate("B1", "T2", skill("Testing", 3))
	d.Associates = []model.Associate{a1, b1}
	d.Unavailability = []model.Unavailability{{StaffID: "B1", Period: model.Period{From: feb1, To: feb26}, Reason: "Leave"}}
	request(d, "R1", "T3", 2, 1, jan4, jan29)
	request(d, "R2", "T3", 2, 1, jan4, feb26)
	request(d, "R3", "T3", 3, 1, jan4, jan29)
	v, r1, r2 := seatedByCapacity(t, d)
	if got := [2][]string{holding(v, r1), holding(v, r2)}; len(got[0]) != 1 || got[0][0] != "B1" || len(got[1]) != 1 || got[1][0] != "A1" {
		t.Errorf("R1 and R2 held by %v, want B1 and A1 (R2's only candidate)", got)
	}
}

// TestSeatPlacedEarlierMovesToFreeAnEmployer: with K = 1, best fit sends A1 (trust T1) to a
// role from January; in February a role opens whose only candidate, C1, also works for T1,
// which is at its limit. The January seat moves to B1 at T2, which has room for its whole
// span, so that C1 can go (rescue's path, or else a chain that empties no seat): nobody
// loses a seat.
func TestSeatPlacedEarlierMovesToFreeAnEmployer(t *testing.T) {
	d := world()
	d.Settings.ReleaseLimit = 1
	d.Organisations = append(d.Organisations, model.Organisation{Code: "T4", Name: "Trust Four", Region: "London"})
	d.Associates = []model.Associate{associate("A1", "T1", skill("Testing", 5)), associate("B1", "T2", skill("Testing", 3)),
		associate("C1", "T1", skill("Training", 3))}
	request(d, "X", "T3", 2, 1, jan4, feb26)
	request(d, "R", "T3", 2, 1, feb1, feb26)
	d.Roles[1].Name, d.Roles[1].Skills = "Trainer", []model.SkillLevel{skill("Training", 3)}
	request(d, "Z", "T4", 3, 1, jan4, feb26)
	v, x, r := seatedByCapacity(t, d)
	if got := [2][]string{holding(v, x), holding(v, r)}; len(got[0]) != 1 || got[0][0] != "B1" || len(got[1]) != 1 || got[1][0] != "C1" {
		t.Errorf("X and R held by %v, want B1 and C1", got)
	}
}

// seatedByCapacity seats d's chosen seats by capacity, as the first plan of a national
// register does, and returns the solver and its first two roles. It checks what the cases
// need: the release capacity binds, and A1 is the first role's best candidate, whom best
// fit takes first.
func seatedByCapacity(t *testing.T, d *model.Data) (v *solver, first, second int) {
	t.Helper()
	in := newInstance(d)
	if !in.capacityBinds() {
		t.Fatal("the release capacity should bind: three seats, two places a day")
	}
	first, second = in.byRole[d.Roles[0].Key()], in.byRole[d.Roles[1].Key()]
	if best := in.people[in.roles[first].cands[0]].Associate.StaffID; best != "A1" {
		t.Fatalf("the first role's best candidate is %s, want A1", best)
	}
	v = newSolver(context.Background(), in, nil)
	v.seatsByCapacity()
	return v, first, second
}

// holding lists the Staff IDs of the people seated in role r.
func holding(v *solver, r int) []string {
	var ids []string
	for _, p := range v.s.holders[r] {
		ids = append(ids, v.s.in.people[p].Associate.StaffID)
	}
	return ids
}

// TestSeatingByCapacityBreaksNoRule plans small registers as dense as national ones, their
// people at six employers and the release limit at 1 or 2, so that it binds and seats are
// placed by capacity (matched by start day, moved by rescue paths, chained): every plan
// must keep every hard rule.
func TestSeatingByCapacityBreaksNoRule(t *testing.T) {
	bound := 0
	for seed := range uint64(24) {
		d := atSixEmployers(seed)
		if newInstance(d).capacityBinds() {
			bound++
		}
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustBeValid(t, d, p)
	}
	if bound < 12 {
		t.Fatalf("the release capacity bound only %d of 24 registers: the test would check little", bound)
	}
}

// atSixEmployers is a small dense register whose people work for six employers, each
// releasing one or two at a time (by seed), so that the release capacity mostly binds.
func atSixEmployers(seed uint64) *model.Data {
	return sizedAtSixEmployers(synthetic.Size{Name: "dense", Associates: 60 + int(seed%5)*30, Requests: 8 + int(seed%4)*3, Dense: true}, seed)
}

// sizedAtSixEmployers is a dense register of the given size whose people work for six
// employers, as atSixEmployers.
func sizedAtSixEmployers(size synthetic.Size, seed uint64) *model.Data {
	d := synthetic.Generate(size, seed)
	d.Settings.ReleaseLimit = 1 + int(seed%2)
	for i := range d.Associates {
		d.Associates[i].HomeOrg = d.Organisations[i%6].Code
	}
	for i := range d.Requests {
		d.Requests[i].Trust = d.Organisations[6+i%6].Code
	}
	commitments := d.Assignments // kept only where they break no rule with six employers
	d.Assignments = nil
	for _, a := range commitments {
		if len(checkPlan(d, append(slices.Clone(d.Assignments), a))) == 0 {
			d.Assignments = append(d.Assignments, a)
		}
	}
	return d
}
