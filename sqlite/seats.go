package sqlite

import (
	"context"
	"fmt"
	"slices"

	"associateplanner/model"
)

// CommitSeats saves new proposals into some roles' empty seats, unless the register has
// changed since revision; every assignment already there is left as it is. A re-plan of
// one seat after a stand-down saves with it.
func (r *Register) CommitSeats(ctx context.Context, revision int64, roles []model.RoleKey, proposals []model.Assignment) error {
	for _, a := range proposals {
		if !slices.Contains(roles, a.RoleKey()) {
			return model.Errorf(model.EINVALID, "%s / %s is not one of the roles being re-planned", a.RequestRef, a.Role)
		}
	}
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		if err := atRevision(t, revision, model.StalePlan); err != nil {
			return err
		}
		return write(t, &model.Changeset{Assignments: proposals})
	}))
}

// ReplaceAssignments writes put and deletes drop in one transaction, unless one of them
// changed since the versions seen: it is how a change is undone.
func (r *Register) ReplaceAssignments(ctx context.Context, put, drop []model.Assignment, seen map[string]int) error {
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		for _, a := range append(append([]model.Assignment(nil), put...), drop...) {
			err := stale(t, "Assignment", a.RequestRef+" / "+a.Role+" / "+a.StaffID, seen[model.AssignmentKey(a)],
				`SELECT version FROM assignments WHERE request_ref = ? AND role = ? AND staff_id = ?`, a.RequestRef, a.Role, a.StaffID)
			if err != nil {
				return err
			}
		}
		for _, a := range drop {
			if _, err := t.ExecContext(t.ctx, `DELETE FROM assignments WHERE request_ref = ? AND role = ? AND staff_id = ?`,
				a.RequestRef, a.Role, a.StaffID); err != nil {
				return fmt.Errorf("remove assignment %s / %s / %s: %w", a.RequestRef, a.Role, a.StaffID, err)
			}
		}
		return write(t, &model.Changeset{Assignments: put})
	}))
}
