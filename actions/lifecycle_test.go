package actions_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// assignmentOf finds the register's assignment of a person to a request.
func assignmentOf(t *testing.T, d *actions.Desk, ref, staffID string) model.Assignment {
	t.Helper()
	for _, a := range load(t, d).Data.Assignments {
		if a.RequestRef == ref && a.StaffID == staffID {
			return a
		}
	}
	t.Fatalf("%s has no assignment on %s", staffID, ref)
	return model.Assignment{}
}

// firstOf returns the first assignment of a request.
func firstOf(t *testing.T, d *actions.Desk, ref string) model.Assignment {
	t.Helper()
	for _, a := range load(t, d).Data.Assignments {
		if a.RequestRef == ref {
			return a
		}
	}
	t.Fatalf("no assignment on %s", ref)
	return model.Assignment{}
}

func TestTheLifecycleOfASecondment(t *testing.T) {
	ctx := context.Background()
	days := &moving{now: testClock()}
	d := newDeskAt(t, nil, days.clock)
	if _, err := d.PlanAndCommit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	a := firstOf(t, d, "REQ-1")
	firstDay := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		name string
		do   func(seen *model.Data, a model.Assignment) error
		want model.AssignmentStatus
		fail bool
	}{
		{"a proposal cannot start", func(s *model.Data, a model.Assignment) error { return d.Start(ctx, s, a) }, model.Proposed, true},
		{"confirmed", func(s *model.Data, a model.Assignment) error { return d.Confirm(ctx, s, a) }, model.Confirmed, false},
		{"not started before its first day", func(s *model.Data, a model.Assignment) error { return d.Start(ctx, s, a) }, model.Confirmed, true},
		{"started on its first day", func(s *model.Data, a model.Assignment) error {
			days.now = firstDay
			return d.Start(ctx, s, a)
		}, model.Active, false},
		{"cannot be confirmed again", func(s *model.Data, a model.Assignment) error { return d.Confirm(ctx, s, a) }, model.Active, true},
		{"completed", func(s *model.Data, a model.Assignment) error { return d.Complete(ctx, s, a, nil) }, model.Completed, false},
		{"a completed one cannot be stood down", func(s *model.Data, a model.Assignment) error {
			return d.StandDown(ctx, s, a, "Sickness")
		}, model.Completed, true},
	}
	for _, st := range steps {
		v := load(t, d)
		err := st.do(v.Data, assignmentOf(t, d, a.RequestRef, a.StaffID))
		if (err != nil) != st.fail || st.fail && model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("%s: error %v", st.name, err)
		}
		if got := assignmentOf(t, d, a.RequestRef, a.StaffID).Status; got != st.want {
			t.Fatalf("%s: %s, want %s", st.name, got, st.want)
		}
	}
	if got := assignmentOf(t, d, a.RequestRef, a.StaffID); got.To != model.DateOf(firstDay) || got.Reason != "ended early" {
		t.Errorf("completed on its first day of four weeks: %+v", got)
	}
	// A completed secondment on Epic is experience of Epic, apart from HR's Systems.
	if exp := actions.Experience(load(t, d), a.StaffID); len(exp) != 1 || !strings.HasPrefix(exp[0], "Epic") {
		t.Errorf("experience %v", exp)
	}
}

func TestStandingDownNeedsAReasonAndFreesTheSeat(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	a := firstOf(t, d, "REQ-1")
	if err := d.Confirm(ctx, v.Data, a); err != nil {
		t.Fatal(err)
	}
	a = assignmentOf(t, d, a.RequestRef, a.StaffID)
	if err := d.StandDown(ctx, load(t, d).Data, a, "  "); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a stand-down with no reason: %v", err)
	}
	if err := d.StandDown(ctx, load(t, d).Data, a, "Sickness"); err != nil {
		t.Fatal(err)
	}
	got := assignmentOf(t, d, a.RequestRef, a.StaffID)
	if got.Status != model.Withdrawn || got.Reason != "Sickness" {
		t.Fatalf("after the stand-down: %+v", got)
	}
	if len(load(t, d).Plan.Unfilled) == 0 {
		t.Error("the freed seat is not shown empty")
	}
}

// Re-planning one role after a stand-down fills its seat if anyone can take it, and moves
// no one else.
func TestReplanSeatsKeepsEveryoneElse(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	before := load(t, d)
	holder := firstOf(t, d, "REQ-1")
	if err := d.StandDown(ctx, before.Data, holder, "Sickness"); err != nil {
		t.Fatal(err)
	}
	n, err := d.ReplanSeats(ctx, []model.RoleKey{holder.RoleKey()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := load(t, d)
	for _, a := range before.Data.Assignments {
		if a.RoleKey() != holder.RoleKey() && !contains(holding(after.Data), a.RequestRef+"/"+a.Role+"/"+a.StaffID+" "+string(a.Status)) {
			t.Errorf("%s / %s moved", a.RequestRef, a.StaffID)
		}
	}
	filled := 0
	for _, a := range after.Data.Assignments {
		if a.RoleKey() == holder.RoleKey() && a.Holds() {
			filled++
		}
	}
	if n != 1 || filled != 2 {
		t.Errorf("re-planned %d, the role holds %d of 2", n, filled)
	}
	if label := d.CanUndo(); label == "" {
		t.Error("the re-plan cannot be undone")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestConfirmAllOfARequest(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	n, err := d.ConfirmAll(ctx, load(t, d).Data, "REQ-1")
	if err != nil || n != 2 {
		t.Fatalf("confirmed %d: %v", n, err)
	}
	for _, a := range load(t, d).Data.Assignments {
		if (a.RequestRef == "REQ-1") != (a.Status == model.Confirmed) {
			t.Errorf("%s / %s is %s", a.RequestRef, a.StaffID, a.Status)
		}
	}
	if _, err := d.ConfirmAll(ctx, load(t, d).Data, "REQ-1"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("confirming again: %v", err)
	}
}

func TestClosingARequestKeepsItsLesson(t *testing.T) {
	ctx := context.Background()
	days := &moving{now: testClock()}
	d := newDeskAt(t, nil, days.clock)
	if _, err := d.PlanAndCommit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ConfirmAll(ctx, load(t, d).Data, "REQ-1"); err != nil {
		t.Fatal(err)
	}
	days.now = time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC) // a week into REQ-1's four
	if err := d.Start(ctx, load(t, d).Data, firstOf(t, d, "REQ-1")); err != nil {
		t.Fatal(err)
	}
	debrief := &model.Lesson{System: "Epic", Version: "2024.1", WhatFailed: "Interfaces queued after cutover",
		WhatFixed: "Replayed the queue in order", Tags: []string{"interfaces", "cutover"}, Author: "003"}
	if err := d.CloseRequest(ctx, load(t, d).Data, "REQ-1", model.RequestClosed, debrief); err != nil {
		t.Fatal(err)
	}
	v := load(t, d)
	if q := v.Index.Request["REQ-1"]; q.Status != model.RequestClosed {
		t.Errorf("the request is %s", q.Status)
	}
	for _, a := range v.Data.Assignments {
		if a.RequestRef == "REQ-1" && (a.Status != model.Completed || a.To != model.NewDate(2027, 1, 11) || a.Reason == "") {
			t.Errorf("under way when the request closed on 11/01/2027: %+v", a) // its days are those worked
		}
	}
	found := model.SearchLessons(v.Data, v.Index, "epic interfaces")
	if len(found) != 1 || found[0].RequestRef != "REQ-1" || found[0].Trust != "RX1" || found[0].Written != model.NewDate(2027, 1, 11) ||
		found[0].Version != "2024.1" {
		t.Fatalf("lessons found: %+v", found)
	}
	// Undone and closed again with the same debrief, the lesson is kept once.
	if _, err := d.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	again := *debrief
	if err := d.CloseRequest(ctx, load(t, d).Data, "REQ-1", model.RequestClosed, &again); err != nil {
		t.Fatal(err)
	}
	v = load(t, d)
	if found := model.SearchLessons(v.Data, v.Index, "epic interfaces"); len(found) != 1 {
		t.Errorf("closed, undone and closed again: %d lessons, want 1", len(found))
	}
	if err := d.Reopen(ctx, v.Data, "REQ-1"); err != nil {
		t.Fatal(err)
	}
	if err := d.CloseRequest(ctx, load(t, d).Data, "REQ-2", model.RequestCancelled, nil); err != nil {
		t.Fatal(err)
	}
	for _, a := range load(t, d).Data.Assignments {
		if a.RequestRef == "REQ-2" && (a.Status != model.Withdrawn || a.Reason != "request cancelled") {
			t.Errorf("after cancelling: %+v", a)
		}
	}
}

// Undo takes back the last change: records as they were, a new row gone; and it is refused
// when someone has changed them since.
func TestUndo(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	holder := firstOf(t, d, "REQ-1")
	var newcomer string
	for _, c := range v.Plan.Candidates(holder.RoleKey()) {
		if c.Eligible {
			newcomer = c.StaffID
		}
	}
	if err := d.Swap(ctx, v.Data, holder, newcomer); err != nil {
		t.Fatal(err)
	}
	if label, err := d.Undo(ctx); err != nil || !strings.Contains(label, "swap") {
		t.Fatalf("undo the swap: %q %v", label, err)
	}
	if !sameSet(holding(load(t, d).Data), holding(v.Data)) || len(load(t, d).Data.Assignments) != len(v.Data.Assignments) {
		t.Fatalf("after undoing the swap: %v, before it %v", holding(load(t, d).Data), holding(v.Data))
	}
	if _, err := d.Undo(ctx); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a second undo: %v", err)
	}
	// A confirmation someone else changes before the undo is not overwritten.
	if err := d.Confirm(ctx, load(t, d).Data, holder); err != nil {
		t.Fatal(err)
	}
	other := d // another desk on the same register would do the same
	confirmed := assignmentOf(t, d, holder.RequestRef, holder.StaffID)
	if err := other.Store().SaveAssignments(ctx, []model.Assignment{{RequestRef: confirmed.RequestRef, Role: confirmed.Role,
		StaffID: confirmed.StaffID, Period: confirmed.Period, Status: model.Active}}, load(t, d).Data.Versions.Assignments); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Undo(ctx); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("undo over someone else's change: %v", err)
	}
	// Committing a plan is undone to the proposals before it.
	d2 := planned(t)
	first := holding(load(t, d2).Data)
	if err := d2.Reject(ctx, load(t, d2).Data, firstOf(t, d2, "REQ-1")); err != nil {
		t.Fatal(err)
	}
	rejected := holding(load(t, d2).Data)
	if _, err := d2.PlanAndCommit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d2.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := holding(load(t, d2).Data); !sameSet(got, rejected) || sameSet(got, first) && len(first) != len(rejected) {
		t.Errorf("after undoing the commit: %v, want %v", got, rejected)
	}
}

func TestSavingAnAssociateWithLeave(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t, nil)
	v := load(t, d)
	a := *v.Index.Associate["001"]
	leave := []model.Unavailability{{StaffID: "001", Period: model.Period{From: day(3, 1), To: day(3, 5)}, Reason: "Training"}}
	if err := d.SaveAssociate(ctx, v.Data, a, leave); err != nil {
		t.Fatal(err)
	}
	after := load(t, d)
	if got := after.Index.Unavailable["001"]; len(got) != 1 || got[0].Reason != "Training" {
		t.Fatalf("leave saved as %+v", got)
	}
	entries, _ := d.Store().Audit(ctx, 0)
	if err := d.SaveAssociate(ctx, after.Data, a, leave); err != nil {
		t.Fatal(err)
	}
	if again, _ := d.Store().Audit(ctx, 0); len(again) != len(entries) {
		t.Errorf("saving unchanged wrote %d audit entries", len(again)-len(entries))
	}
	// A change made on the data read before the first save is stale.
	other := []model.Unavailability{{StaffID: "001", Period: model.Period{From: day(4, 5), To: day(4, 9)}, Reason: "Leave"}}
	if err := d.SaveAssociate(ctx, v.Data, a, other); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a stale save of the leave: %v", err)
	}
	if _, err := d.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := load(t, d).Index.Unavailable["001"]; len(got) != 0 {
		t.Errorf("after undo the leave is %+v", got)
	}
}

// Why a secondment was withdrawn goes out in the roster's Assignments sheet (its Reason
// column) and comes back in unchanged.
func TestStandDownReasonTravelsInTheRoster(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	a := firstOf(t, d, "REQ-1")
	if err := d.StandDown(ctx, load(t, d).Data, a, "Sickness (back 01/02/2027)"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := d.ExportRoster(ctx, path); err != nil {
		t.Fatal(err)
	}
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "copy.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other := actions.New(reg, actions.Options{Clock: testClock})
	defer other.Close()
	if _, err := other.Import(ctx, path, actions.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := assignmentOf(t, other, a.RequestRef, a.StaffID); got.Status != model.Withdrawn || got.Reason != "Sickness (back 01/02/2027)" {
		t.Fatalf("after the round trip: %+v", got)
	}
}

// No one is planned into a day already past: a role under way is planned from today, and a
// role already over is not planned at all.
func TestPlanningStartsToday(t *testing.T) {
	ctx := context.Background()
	midway := time.Date(2027, 1, 18, 9, 0, 0, 0, time.UTC) // REQ-1 runs 04/01 to 29/01; REQ-2 is in February
	d := newDeskAt(t, nil, func() time.Time { return midway })
	if _, err := d.PlanAndCommit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, a := range load(t, d).Data.Assignments {
		if a.From < model.DateOf(midway) {
			t.Errorf("%s / %s planned from %s, before today", a.RequestRef, a.StaffID, a.From)
		}
	}
	over := newDeskAt(t, nil, func() time.Time { return time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC) })
	if _, err := over.PlanAndCommit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	v := load(t, over)
	for _, a := range v.Data.Assignments {
		if a.RequestRef == "REQ-1" {
			t.Errorf("a role already over was planned: %+v", a)
		}
	}
	for _, u := range v.Plan.Unfilled {
		if u.RequestRef == "REQ-1" {
			t.Errorf("a role already over is shown with empty seats: %+v", u)
		}
	}
}

// Undo says what it would take back in the coordinator's words, with the person's name;
// a change it cannot take back (a new record) leaves nothing to undo rather than offer the
// change before it.
func TestUndoSaysWhatItTakesBack(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		change func(d *actions.Desk, seen *model.Data, holder model.Assignment) error
		want   string // "" for nothing to undo
	}{
		{"confirm", func(d *actions.Desk, s *model.Data, a model.Assignment) error { return d.Confirm(ctx, s, a) },
			"confirm %s on REQ-1"},
		{"reject", func(d *actions.Desk, s *model.Data, a model.Assignment) error { return d.Reject(ctx, s, a) },
			"reject %s on REQ-1"},
		{"stand down", func(d *actions.Desk, s *model.Data, a model.Assignment) error {
			return d.StandDown(ctx, s, a, "Sickness")
		}, "stand down %s on REQ-1"},
		{"confirm all", func(d *actions.Desk, s *model.Data, _ model.Assignment) error {
			_, err := d.ConfirmAll(ctx, s, "REQ-1")
			return err
		}, "confirm 2 assignments on REQ-1"},
		{"reopen", func(d *actions.Desk, s *model.Data, _ model.Assignment) error {
			if err := d.CloseRequest(ctx, s, "REQ-2", model.RequestCancelled, nil); err != nil {
				return err
			}
			return d.Reopen(ctx, load(t, d).Data, "REQ-2")
		}, "reopen REQ-2"},
		{"new associate", func(d *actions.Desk, s *model.Data, a model.Assignment) error {
			if err := d.Confirm(ctx, s, a); err != nil {
				return err
			}
			fresh := *model.NewIndex(s).Associate["001"]
			fresh.StaffID, fresh.Name, fresh.Email = "099", "New Person", "new.person@nhs.net"
			return d.SaveAssociate(ctx, load(t, d).Data, fresh, nil)
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := planned(t)
			v := load(t, d)
			holder := firstOf(t, d, "REQ-1")
			if err := tc.change(d, v.Data, holder); err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, v.Index.Associate[holder.StaffID].Name)
			}
			if got := d.CanUndo(); got != want {
				t.Errorf("Undo offers %q, want %q", got, want)
			}
		})
	}
}

// Undo never takes back an import, an erase or a restore, which have their own safeguards
// (a dry run, a question, the backup made before): after one, the change before it cannot
// be undone either, as it would be undone over theirs.
func TestUndoIsNotOfferedAfterImportEraseOrRestore(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"import", func() error {
			_, err := d.Import(ctx, leaveWorkbook(t, "001", model.Period{From: day(3, 1), To: day(3, 5)}), actions.ImportOptions{})
			return err
		}},
		{"erase", func() error { _, err := d.Erase(ctx, "004"); return err }},
		{"restore", func() error { _, err := d.RestoreFrom(ctx, backup); return err }},
	}
	for _, step := range steps {
		v := load(t, d)
		if err := d.Reject(ctx, v.Data, proposalIn(t, v)); err != nil {
			t.Fatal(err)
		}
		if d.CanUndo() == "" {
			t.Fatalf("before the %s: nothing to undo", step.name)
		}
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if label := d.CanUndo(); label != "" {
			t.Errorf("after the %s, Undo offers %q", step.name, label)
		}
		if _, err := d.PlanAndCommit(ctx, nil); err != nil { // a proposal to reject next
			t.Fatal(err)
		}
	}
}
