package storetest

import (
	"context"
	"testing"

	"associateplanner/model"
)

// testLeaveReplaced: an associate's leave is replaced whole, on the associate's version,
// which the save moves on.
func testLeaveReplaced(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	seen := load(t, s)
	leave := []model.Unavailability{{StaffID: "00123", Period: model.Period{From: day(2027, 6, 7), To: day(2027, 6, 11)}, Reason: "Training"}}
	if err := s.SaveLeave(ctx, "00123", leave, seen.Versions.Associates["00123"]); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s).Unavailability; len(got) != 1 || got[0] != leave[0] {
		t.Fatalf("leave after replacing it: %+v", got)
	}
	wantCode(t, s.SaveLeave(ctx, "00123", nil, seen.Versions.Associates["00123"]), model.ECONFLICT, "00123")
	bad := []model.Unavailability{{StaffID: "00123", Period: model.Period{From: day(2027, 6, 11), To: day(2027, 6, 7)}}}
	wantCode(t, s.SaveLeave(ctx, "00123", bad, load(t, s).Versions.Associates["00123"]), model.EINVALID)
}

// testAssignmentsReplaced: put and drop go together, and not over someone's change.
func testAssignmentsReplaced(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	if err := s.Apply(ctx, &model.Changeset{Associates: []model.Associate{associate("00200")}}); err != nil {
		t.Fatal(err)
	}
	seen := load(t, s)
	added := proposal("00200")
	if err := s.SaveAssignments(ctx, []model.Assignment{added}, seen.Versions.Assignments); err != nil {
		t.Fatal(err)
	}
	confirmed := seen.Assignments[0]
	confirmed.Status = model.Active
	after := load(t, s).Versions.Assignments
	if err := s.ReplaceAssignments(ctx, []model.Assignment{confirmed}, []model.Assignment{added}, after); err != nil {
		t.Fatal(err)
	}
	got := load(t, s).Assignments
	if len(got) != 1 || got[0].Status != model.Active {
		t.Fatalf("after replacing: %+v", got)
	}
	wantCode(t, s.ReplaceAssignments(ctx, nil, []model.Assignment{confirmed}, after), model.ECONFLICT)
}

// testSeatsCommitted: new proposals for some roles go in on the current revision only, and
// nothing else moves.
func testSeatsCommitted(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	if err := s.Apply(ctx, &model.Changeset{Associates: []model.Associate{associate("00200")}}); err != nil {
		t.Fatal(err)
	}
	seen := load(t, s)
	role := []model.RoleKey{proposal("00200").RoleKey()}
	if err := s.CommitSeats(ctx, seen.Revision, role, []model.Assignment{proposal("00200")}); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s).Assignments; len(got) != 2 || got[0].Status != model.Confirmed {
		t.Fatalf("after committing a seat: %+v", got)
	}
	wantCode(t, s.CommitSeats(ctx, seen.Revision, role, nil), model.ECONFLICT, "plan again")
}

// testRolesAreTheWholeList: an edited request's roles are its whole list; a role left out
// goes, unless someone holds or held one of its seats.
func testRolesAreTheWholeList(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	seen := load(t, s)
	q, held := seen.Requests[0], seen.Roles[0]
	extra := model.Role{RequestRef: q.Ref, Name: "Trainer", Headcount: 1, Period: held.Period}
	if err := s.SaveRequest(ctx, q, []model.Role{held, extra}, seen.Versions.Requests[q.Ref]); err != nil {
		t.Fatal(err)
	}
	now := load(t, s)
	if len(now.Roles) != 2 {
		t.Fatalf("roles after adding one: %+v", now.Roles)
	}
	wantCode(t, s.SaveRequest(ctx, q, []model.Role{extra}, now.Versions.Requests[q.Ref]), model.EINVALID, "Cutover lead", "withdraw")
	if err := s.SaveRequest(ctx, q, []model.Role{held}, now.Versions.Requests[q.Ref]); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s).Roles; len(got) != 1 || got[0].Name != "Cutover lead" {
		t.Fatalf("roles after removing the trainer: %+v", got)
	}
}
