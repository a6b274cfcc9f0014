package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"associateplanner/model"
)

// testStaleEdits has Alice open a form while Bob saves first: her save is refused, naming
// Bob and when, and his change stands; after reloading she can save.
func testStaleEdits(t *testing.T, reg Register, clock *Clock) {
	ctx := context.Background()
	alice, bob := filled(t, reg, "alice"), reg.Open(t, "bob")
	mine := load(t, alice)
	theirs := load(t, bob)
	clock.Set(time.Date(2027, 3, 2, 14, 5, 0, 0, time.UTC))
	other := theirs.Associates[0]
	other.Notes = "changed by Bob"
	if err := bob.SaveAssociate(ctx, other, theirs.Versions.Associates[other.StaffID]); err != nil {
		t.Fatal(err)
	}
	q := theirs.Requests[0]
	q.Title = "Renamed by Bob"
	if err := bob.SaveRequest(ctx, q, nil, theirs.Versions.Requests[q.Ref]); err != nil {
		t.Fatal(err)
	}
	held := theirs.Assignments[0]
	held.Pinned = true
	if err := bob.SaveAssignments(ctx, []model.Assignment{held}, theirs.Versions.Assignments); err != nil {
		t.Fatal(err)
	}

	edits := []struct { // each edit made on the data as seen
		name string
		save func(seen *model.Data) error
	}{
		{"associate", func(seen *model.Data) error {
			a := seen.Associates[0]
			a.MaxDays = 45
			return alice.SaveAssociate(ctx, a, seen.Versions.Associates[a.StaffID])
		}},
		{"request", func(seen *model.Data) error {
			q := seen.Requests[0]
			q.Priority = 2
			return alice.SaveRequest(ctx, q, nil, seen.Versions.Requests[q.Ref])
		}},
		{"assignment", func(seen *model.Data) error {
			a := seen.Assignments[0]
			a.Status = model.Withdrawn
			return alice.SaveAssignments(ctx, []model.Assignment{a}, seen.Versions.Assignments)
		}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			wantCode(t, e.save(mine), model.ECONFLICT, "bob", "02/03/2027 at 14:05")
			if err := e.save(load(t, alice)); err != nil {
				t.Errorf("after reloading: %v", err)
			}
		})
	}
	now := load(t, alice)
	if now.Associates[0].Notes != "changed by Bob" || now.Associates[0].MaxDays != 45 || now.Requests[0].Title != "Renamed by Bob" ||
		now.Requests[0].Priority != 2 || !now.Assignments[0].Pinned || now.Assignments[0].Status != model.Withdrawn {
		t.Errorf("the edits overwrote each other: %+v %+v %+v", now.Associates[0], now.Requests[0], now.Assignments[0])
	}
}

// testStalePlan plans on one revision, lets another client write, and commits: refused;
// planned again on the current revision, the commit replaces the earlier unpinned
// proposals and keeps commitments and pinned ones.
func testStalePlan(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s, other := filled(t, reg, "alice"), reg.Open(t, "bob")
	people := []model.Associate{associate("A1"), associate("A2"), associate("A3")}
	pinned := proposal("A3")
	pinned.Pinned = true
	if err := s.Apply(ctx, &model.Changeset{Associates: people, Assignments: []model.Assignment{proposal("A1"), pinned}}); err != nil {
		t.Fatal(err)
	}
	planned := load(t, s)
	if err := other.Apply(ctx, &model.Changeset{Unavailability: []model.Unavailability{{StaffID: "A2",
		Period: model.Period{From: day(2027, 1, 11), To: day(2027, 1, 15)}, Reason: "Leave"}}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CommitPlan(ctx, planned.Revision, []model.Assignment{proposal("A2")}), model.ECONFLICT, "plan again", "bob")
	again := load(t, s)
	if err := s.CommitPlan(ctx, again.Revision, []model.Assignment{proposal("A2")}); err != nil {
		t.Fatalf("a plan on the current revision: %v", err)
	}
	held := map[string]model.AssignmentStatus{}
	for _, a := range load(t, s).Assignments {
		held[a.StaffID] = a.Status
	}
	want := map[string]model.AssignmentStatus{"00123": model.Confirmed, "A2": model.Proposed, "A3": model.Proposed}
	if fmt.Sprint(held) != fmt.Sprint(want) {
		t.Errorf("after the commit %v, want %v", held, want)
	}
}

// testConcurrentWriters has two clients write and read at once, in long transactions and
// in ones that read before they write: every call succeeds, and every write is there.
func testConcurrentWriters(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	stores := []model.Store{filled(t, reg, "alice"), reg.Open(t, "bob")}
	big := &model.Changeset{}
	for i := range 3000 {
		a := associate(fmt.Sprintf("B%05d", i))
		a.Skills = []model.SkillLevel{{Skill: "Testing", Level: 3}, {Skill: "Training", Level: 2}}
		big.Associates = append(big.Associates, a)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for w, s := range stores {
		wg.Go(func() {
			for i := range 30 {
				c := &model.Changeset{Associates: []model.Associate{associate(fmt.Sprintf("W%d-%02d", w, i))}}
				if i%10 == 5 {
					c = big // a long write while the other keeps writing
				}
				errs <- s.Apply(ctx, c)
				if i%10 == 7 { // read, then write, in one transaction
					_, err := s.Erase(ctx, fmt.Sprintf("W%d-%02d", w, i-1))
					errs <- err
				}
				if d, err := s.Load(ctx); err != nil {
					errs <- err
				} else {
					errs <- s.CommitPlan(ctx, d.Revision, nil) // may be refused: another wrote since
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("a writer failed: %v", err)
		}
	}
	if d := load(t, stores[1]); len(d.Associates) != 1+3000+2*27 { // 27 small rows from each writer
		t.Errorf("%d associates, want %d", len(d.Associates), 1+3000+2*27)
	}
}
