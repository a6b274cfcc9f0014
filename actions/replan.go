package actions

import (
	"context"
	"slices"

	"associateplanner/model"
	"associateplanner/scheduler"
)

// ReplanSeats plans the empty seats of some roles only (after a stand-down, say), keeping
// every saved assignment where it is, those of the roles included: the least disruption.
// It saves the new proposals and returns how many; it can be undone until the next change.
func (d *Desk) ReplanSeats(ctx context.Context, roles []model.RoleKey, progress Progress) (int, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return 0, d.fail("re-plan", err)
	}
	frozen := *data.OnDay(d.Today())
	frozen.Assignments = slices.Clone(data.Assignments)
	for i, a := range frozen.Assignments {
		if a.Status == model.Proposed {
			frozen.Assignments[i].Pinned = true // planned already: kept where it is
		}
	}
	p, err := scheduler.Make(ctx, &frozen, scheduler.Options{Progress: progress})
	if err != nil {
		return 0, d.fail("re-plan", err)
	}
	var fresh []model.Assignment
	for _, a := range p.Proposals() {
		if slices.Contains(roles, a.RoleKey()) {
			fresh = append(fresh, a)
		}
	}
	if err := d.store.CommitSeats(ctx, data.Revision, roles, fresh); err != nil {
		return 0, d.fail("re-plan", err)
	}
	first := map[string]int{}
	for _, a := range fresh {
		first[model.AssignmentKey(a)] = 1 // a new row's first version
	}
	d.remember("re-plan the seat", func(ctx context.Context) error { return d.store.ReplaceAssignments(ctx, nil, fresh, first) })
	return len(fresh), nil
}
