package sqlite

import (
	"context"
	"fmt"

	"associateplanner/model"
)

// SaveLeave replaces an associate's leave with the periods given, unless someone changed
// the associate since the editor read version seen. Periods that stay are not rewritten, so
// the audit trail records only what was added and removed; the associate's version moves on,
// so that a second editor of the same leave is refused.
func (r *Register) SaveLeave(ctx context.Context, staffID string, leave []model.Unavailability, seen int) error {
	for _, u := range leave {
		if u.StaffID != staffID {
			return model.Errorf(model.EINVALID, "leave of %s cannot be saved with %s's", u.StaffID, staffID)
		}
	}
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		if err := stale(t, "Associate", staffID, seen, `SELECT version FROM associates WHERE staff_id = ?`, staffID); err != nil {
			return err
		}
		keep := map[[2]string]bool{}
		for _, u := range leave {
			keep[[2]string{u.From.ISO(), u.To.ISO()}] = true
		}
		if err := deleteLeaveNotIn(t, staffID, keep); err != nil {
			return err
		}
		if err := write(t, &model.Changeset{Unavailability: leave}); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `UPDATE associates SET version = version + 1 WHERE staff_id = ?`, staffID)
		return err
	}))
}

// deleteLeaveNotIn deletes the associate's periods whose dates are not kept.
func deleteLeaveNotIn(t *tx, staffID string, keep map[[2]string]bool) error {
	rows, err := t.QueryContext(t.ctx, `SELECT starts, ends FROM unavailability WHERE staff_id = ?`, staffID)
	if err != nil {
		return err
	}
	var gone [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return err
		}
		if !keep[p] {
			gone = append(gone, p)
		}
	}
	rows.Close()
	for _, p := range gone {
		if _, err := t.ExecContext(t.ctx, `DELETE FROM unavailability WHERE staff_id = ? AND starts = ? AND ends = ?`,
			staffID, p[0], p[1]); err != nil {
			return fmt.Errorf("remove leave %s to %s: %w", p[0], p[1], err)
		}
	}
	return rows.Err()
}
