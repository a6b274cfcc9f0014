package scheduler

import (
	"context"
	"testing"

	"associateplanner/model"
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
	in := newInstance(d)
	if !in.capacityBinds() {
		t.Fatal("the release capacity should bind: three seats, two places a day")
	}
	r1, r2 := in.byRole[d.Roles[0].Key()], in.byRole[d.Roles[1].Key()]
	if first := in.people[in.roles[r1].cands[0]].Associate.StaffID; first != "A1" {
		t.Fatalf("R1's best candidate is %s, want A1 (the case needs best fit to take A1 first)", first)
	}
	v := newSolver(context.Background(), in, nil)
	v.seatsByCapacity()
	for _, r := range []int{r1, r2} {
		if v.s.room[r] != 0 {
			t.Errorf("%s left empty after placing by capacity; holders %v", in.roles[r].Request.Ref, v.s.holders[r])
		}
	}
	if got := v.s.holders[r2]; len(got) != 1 || in.people[got[0]].Associate.StaffID != "A1" {
		t.Errorf("R2 held by %v, want A1, its only candidate", got)
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
	in := newInstance(d)
	if !in.capacityBinds() {
		t.Fatal("the release capacity should bind: three seats, two places a day")
	}
	x, r := in.byRole[d.Roles[0].Key()], in.byRole[d.Roles[1].Key()]
	if first := in.people[in.roles[x].cands[0]].Associate.StaffID; first != "A1" {
		t.Fatalf("X's best candidate is %s, want A1 (the case needs best fit to take A1 first)", first)
	}
	v := newSolver(context.Background(), in, nil)
	v.seatsByCapacity()
	got := map[string][]string{}
	for _, role := range []int{x, r} {
		for _, p := range v.s.holders[role] {
			got[in.roles[role].Request.Ref] = append(got[in.roles[role].Request.Ref], in.people[p].Associate.StaffID)
		}
	}
	if len(got["X"]) != 1 || got["X"][0] != "B1" || len(got["R"]) != 1 || got["R"][0] != "C1" {
		t.Errorf("seated %v, want X: B1 and R: C1", got)
	}
}
