package actions

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"associateplanner/model"
)

// The lifecycle of assignments and requests, in workbook.md's statuses. Every move is
// checked against model's lifecycle; every move can be undone until the next change.

// Move changes assignments' status together, all or none: withdrawing needs a reason.
func (d *Desk) Move(ctx context.Context, seen *model.Data, to model.AssignmentStatus, reason string, as ...model.Assignment) error {
	return d.move(ctx, seen, moveVerb[to], to, reason, as)
}

// move is Move with the verb that names the change for Undo.
func (d *Desk) move(ctx context.Context, seen *model.Data, verb string, to model.AssignmentStatus, reason string, as []model.Assignment) error {
	if len(as) == 0 {
		return model.Errorf(model.EINVALID, "no assignment chosen")
	}
	if to == model.Withdrawn && strings.TrimSpace(reason) == "" {
		return model.Errorf(model.EINVALID, "say why the assignment is withdrawn (for example: sickness)")
	}
	moved := make([]model.Assignment, len(as))
	for i, a := range as {
		if err := a.Status.CheckMove(to); err != nil {
			return model.Errorf(model.EINVALID, "%s / %s / %s: %v", a.RequestRef, a.Role, a.StaffID, err)
		}
		moved[i] = a
		moved[i].Status, moved[i].Reason = to, strings.TrimSpace(reason)
		if to != model.Proposed {
			moved[i].Pinned = false
		}
	}
	return d.saveAssignments(ctx, seen, verb+" "+whom(seen, as), moved)
}

// whom names the people of assignments and their request, for Undo to say what it takes
// back: "Asha Patel on REQ-0003", or "4 assignments on REQ-0003".
func whom(seen *model.Data, as []model.Assignment) string {
	ref := as[0].RequestRef
	for _, a := range as {
		if a.RequestRef != ref {
			return fmt.Sprintf("%d assignments", len(as))
		}
	}
	if len(as) > 1 {
		return fmt.Sprintf("%d assignments on %s", len(as), ref)
	}
	return nameOf(seen, as[0].StaffID) + " on " + ref
}

// nameOf is the name of the associate with staffID, or the Staff ID if there is none.
func nameOf(seen *model.Data, staffID string) string {
	for _, a := range seen.Associates {
		if strings.EqualFold(a.StaffID, staffID) {
			return a.Name
		}
	}
	return staffID
}

var moveVerb = map[model.AssignmentStatus]string{model.Confirmed: "confirm", model.Active: "start",
	model.Completed: "complete", model.Withdrawn: "withdraw"}

// Confirm turns proposals into commitments.
func (d *Desk) Confirm(ctx context.Context, seen *model.Data, as ...model.Assignment) error {
	return d.Move(ctx, seen, model.Confirmed, "", as...)
}

// ConfirmAll confirms every proposal of a request (of every open request, for "") at once
// and returns how many.
func (d *Desk) ConfirmAll(ctx context.Context, seen *model.Data, ref string) (int, error) {
	var as []model.Assignment
	for _, a := range seen.Assignments {
		if a.Status == model.Proposed && (ref == "" || strings.EqualFold(a.RequestRef, ref)) {
			as = append(as, a)
		}
	}
	if len(as) == 0 {
		return 0, model.Errorf(model.EINVALID, "there are no proposals to confirm")
	}
	return len(as), d.Move(ctx, seen, model.Confirmed, "", as...)
}

// SetPinned pins a proposal, so re-planning keeps it, or unpins it.
func (d *Desk) SetPinned(ctx context.Context, seen *model.Data, a model.Assignment, pinned bool) error {
	if a.Status != model.Proposed {
		return model.Errorf(model.EINVALID, "only a proposal can be pinned: this one is %s", a.Status)
	}
	a.Pinned = pinned
	return d.saveAssignments(ctx, seen, map[bool]string{true: "pin", false: "unpin"}[pinned], []model.Assignment{a})
}

// Reject withdraws a proposal: the seat is left empty, and re-planning will not propose
// the same person for it again.
func (d *Desk) Reject(ctx context.Context, seen *model.Data, a model.Assignment) error {
	return d.move(ctx, seen, "reject", model.Withdrawn, "rejected by the coordinator", []model.Assignment{a})
}

// StandDown withdraws a commitment or proposal for a reason (sickness, say): the seat is
// freed for a re-plan.
func (d *Desk) StandDown(ctx context.Context, seen *model.Data, a model.Assignment, reason string) error {
	return d.move(ctx, seen, "stand down", model.Withdrawn, reason, []model.Assignment{a})
}

// Swap withdraws the holder of a seat and puts staffID in it, pinned so that re-planning
// keeps the coordinator's choice. Both changes are saved together or not at all.
func (d *Desk) Swap(ctx context.Context, seen *model.Data, holder model.Assignment, staffID string) error {
	if strings.EqualFold(staffID, holder.StaffID) {
		return model.Errorf(model.EINVALID, "%s already holds this seat", staffID)
	}
	if err := holder.Status.CheckMove(model.Withdrawn); err != nil {
		return model.Errorf(model.EINVALID, "%v", err)
	}
	old := holder
	old.Status, old.Pinned, old.Reason = model.Withdrawn, false, "swapped for "+staffID
	next := model.Assignment{RequestRef: holder.RequestRef, Role: holder.Role, StaffID: staffID,
		Period: holder.Period, Status: model.Proposed, Pinned: true}
	label := fmt.Sprintf("swap %s for %s on %s", nameOf(seen, holder.StaffID), nameOf(seen, staffID), holder.RequestRef)
	for _, a := range seen.Assignments {
		if model.AssignmentKey(a) == model.AssignmentKey(next) && a.Holds() {
			return model.Errorf(model.EINVALID, "%s cannot take this seat: they already hold one of this role (%s)", nameOf(seen, staffID), a.Status)
		}
	}
	if err := breaksNoRule(seen, next, old); err != nil {
		return err
	}
	// Written only on the register the rules were checked on: a change since (another
	// coordinator's swap of a colleague, leave just imported) could make the newcomer break
	// a rule that spans rows, the release limit or the annual cap.
	c := &model.Changeset{Assignments: []model.Assignment{old, next}, Guarded: true, Revision: seen.Revision}
	if err := d.store.Apply(ctx, c); err != nil {
		return d.fail(label, err)
	}
	d.remember(label, d.assignmentsUndo(seen, c.Assignments))
	return nil
}

// breaksNoRule refuses next, in plain words, if it would break a hard rule on seen with
// the given assignments changed too, or put any other saved assignment in breach (its
// person double-booked, their employer over its release limit).
func breaksNoRule(seen *model.Data, next model.Assignment, changed ...model.Assignment) error {
	changed = append(slices.Clone(changed), next) // never into the caller's array
	replaced := map[string]bool{}
	for _, a := range changed {
		replaced[model.AssignmentKey(a)] = true
	}
	trial := *seen
	trial.Assignments = nil
	for _, a := range seen.Assignments {
		if !replaced[model.AssignmentKey(a)] {
			trial.Assignments = append(trial.Assignments, a)
		}
	}
	trial.Assignments = append(trial.Assignments, changed...)
	already := map[string]bool{}
	for _, c := range model.Conflicts(seen) {
		already[c.String()] = true
	}
	for _, c := range model.Conflicts(&trial) {
		if already[c.String()] {
			continue
		}
		if model.AssignmentKey(c.Assignment) == model.AssignmentKey(next) {
			return model.Errorf(model.EINVALID, "%s cannot take this seat: %s", nameOf(seen, next.StaffID), c.Reason)
		}
		return model.Errorf(model.EINVALID, "%s cannot take this seat: %s would then break a rule", nameOf(seen, next.StaffID), c)
	}
	return nil
}

// saveAssignments saves changed assignments on the versions seen, and remembers how to put
// them back as they were.
func (d *Desk) saveAssignments(ctx context.Context, seen *model.Data, label string, as []model.Assignment) error {
	if err := d.store.SaveAssignments(ctx, as, seen.Versions.Assignments); err != nil {
		return d.fail(label, err)
	}
	d.remember(label, d.assignmentsUndo(seen, as))
	return nil
}

// CloseRequest closes or cancels a request today. Its proposals and the secondments not yet
// begun are withdrawn; those under way are completed, cut to today (their days and cost are
// the ones worked); a debrief, if given, is kept as a lesson on the request's system.
func (d *Desk) CloseRequest(ctx context.Context, seen *model.Data, ref string, to model.RequestStatus, debrief *model.Lesson) error {
	idx := model.NewIndex(seen)
	q := idx.Request[ref]
	if q == nil {
		return model.Errorf(model.ENOTFOUND, "no request %s", ref)
	}
	if err := q.Status.CheckMove(to); err != nil || to == model.RequestOpen {
		return model.Errorf(model.EINVALID, "%s: %v", ref, orMove(err, "use Reopen to open it again"))
	}
	ended := endAssignments(seen, ref, "request "+strings.ToLower(string(to)), d.Today())
	if len(ended) > 0 {
		if err := d.store.SaveAssignments(ctx, ended, seen.Versions.Assignments); err != nil {
			return d.fail("close the request", err)
		}
	}
	closed := *q
	closed.Status = to
	version := seen.Versions.Requests[ref]
	if err := d.store.SaveRequest(ctx, closed, rolesOf(idx, ref), version); err != nil {
		return d.fail("close the request", err)
	}
	putBack, was := d.assignmentsUndo(seen, ended), *q
	d.remember(strings.ToLower(string(to))+" "+ref, func(ctx context.Context) error {
		if err := d.store.SaveRequest(ctx, was, rolesOf(idx, ref), version+1); err != nil {
			return err
		}
		return putBack(ctx)
	})
	if debrief == nil {
		return nil
	}
	debrief.RequestRef, debrief.Trust = q.Ref, q.Trust
	return d.keepDebrief(ctx, seen, *debrief)
}

// keepDebrief keeps a debrief as a lesson, once: undoing a close or a completion keeps
// what was learnt (it stays true), so doing it again with the same words adds nothing.
func (d *Desk) keepDebrief(ctx context.Context, seen *model.Data, debrief model.Lesson) error {
	same := func(l model.Lesson) bool {
		return l.RequestRef == debrief.RequestRef && l.System == debrief.System && l.Version == debrief.Version &&
			l.WhatFailed == debrief.WhatFailed && l.WhatFixed == debrief.WhatFixed && slices.Equal(l.Tags, debrief.Tags)
	}
	if slices.ContainsFunc(seen.Lessons, same) {
		return nil
	}
	return d.fail("keep the debrief", d.store.Apply(ctx, &model.Changeset{Lessons: []model.Lesson{d.dated(debrief)}}))
}

func orMove(err error, otherwise string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%s", otherwise)
}

// endAssignments is what ending a request today does to its assignments that are not done.
func endAssignments(seen *model.Data, ref, reason string, today model.Date) []model.Assignment {
	var out []model.Assignment
	for _, a := range seen.Assignments {
		if a.RequestRef == ref && a.Holds() && a.Status != model.Completed {
			out = append(out, a.EndedOn(today, reason))
		}
	}
	return out
}

// Reopen opens a closed or cancelled request again, to plan it.
func (d *Desk) Reopen(ctx context.Context, seen *model.Data, ref string) error {
	idx := model.NewIndex(seen)
	q := idx.Request[ref]
	if q == nil {
		return model.Errorf(model.ENOTFOUND, "no request %s", ref)
	}
	if err := q.Status.CheckMove(model.RequestOpen); err != nil {
		return model.Errorf(model.EINVALID, "%s: %v", ref, err)
	}
	open := *q
	open.Status = model.RequestOpen
	if err := d.store.SaveRequest(ctx, open, rolesOf(idx, ref), seen.Versions.Requests[ref]); err != nil {
		return d.fail("reopen the request", err)
	}
	was, version := *q, seen.Versions.Requests[ref]
	d.remember("reopen "+ref, func(ctx context.Context) error { return d.store.SaveRequest(ctx, was, rolesOf(idx, ref), version+1) })
	return nil
}

// Start marks commitments as under way, from their first day on.
func (d *Desk) Start(ctx context.Context, seen *model.Data, as ...model.Assignment) error {
	for _, a := range as {
		if err := a.CheckStarted(d.Today()); err != nil {
			return model.Errorf(model.EINVALID, "%s / %s: %v", a.RequestRef, a.StaffID, err)
		}
	}
	return d.Move(ctx, seen, model.Active, "", as...)
}

// Complete marks a secondment done, cut to today if it ends early; a debrief, if given, is
// kept as a lesson on the request's system. A completed secondment on a system counts as
// experience of it.
func (d *Desk) Complete(ctx context.Context, seen *model.Data, a model.Assignment, debrief *model.Lesson) error {
	if err := a.CheckStarted(d.Today()); err != nil {
		return model.Errorf(model.EINVALID, "%s / %s: %v", a.RequestRef, a.StaffID, err)
	}
	if today := d.Today(); a.To > today {
		a.To, a.Reason = today, "ended early" // its days and cost are those worked
	}
	if err := d.Move(ctx, seen, model.Completed, a.Reason, a); err != nil || debrief == nil {
		return err
	}
	if q := model.NewIndex(seen).Request[a.RequestRef]; q != nil {
		debrief.RequestRef, debrief.Trust = q.Ref, q.Trust
	}
	return d.keepDebrief(ctx, seen, *debrief)
}
