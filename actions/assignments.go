package actions

import (
	"context"
	"strings"

	"associateplanner/model"
)

// The actions on assignments take the data the user acted on (seen): an assignment someone
// else changed since is refused with ECONFLICT, naming who changed it and when.

// Confirm turns proposals into commitments.
func (d *Desk) Confirm(ctx context.Context, seen *model.Data, as ...model.Assignment) error {
	for i := range as {
		as[i].Status = model.Confirmed
	}
	return d.fail("confirm", d.store.SaveAssignments(ctx, as, seen.Versions.Assignments))
}

// SetPinned pins a proposal, so re-planning keeps it, or unpins it.
func (d *Desk) SetPinned(ctx context.Context, seen *model.Data, a model.Assignment, pinned bool) error {
	a.Pinned = pinned
	return d.fail("pin", d.store.SaveAssignments(ctx, []model.Assignment{a}, seen.Versions.Assignments))
}

// Reject withdraws a proposal: the seat is left empty, and re-planning will not propose
// the same person for it again.
func (d *Desk) Reject(ctx context.Context, seen *model.Data, a model.Assignment) error {
	a.Status, a.Pinned = model.Withdrawn, false
	return d.fail("reject", d.store.SaveAssignments(ctx, []model.Assignment{a}, seen.Versions.Assignments))
}

// Swap withdraws the holder of a seat and puts staffID in it, pinned so that re-planning
// keeps the coordinator's choice. Both changes are saved together or not at all.
func (d *Desk) Swap(ctx context.Context, seen *model.Data, holder model.Assignment, staffID string) error {
	if strings.EqualFold(staffID, holder.StaffID) {
		return model.Errorf(model.EINVALID, "%s already holds this seat", staffID)
	}
	old := holder
	old.Status, old.Pinned = model.Withdrawn, false
	next := model.Assignment{RequestRef: holder.RequestRef, Role: holder.Role, StaffID: staffID,
		Period: holder.Period, Status: model.Proposed, Pinned: true}
	return d.fail("swap", d.store.SaveAssignments(ctx, []model.Assignment{old, next}, seen.Versions.Assignments))
}
