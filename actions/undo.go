package actions

import (
	"context"
	"sync"

	"associateplanner/model"
)

// Undo takes back the last change made at this desk: a confirmation, a pin, a rejection, a
// swap, a stand-down, a completion, a record edited, a request closed, a plan committed. It
// puts the records back as they were, unless someone has changed them since (then it is
// refused, as any stale edit is). An erase, a restore or an import is never undone here:
// each has its own safeguard (the backups).
type undo struct {
	label  string
	revert func(ctx context.Context) error
}

// undoSlot holds the one change that can be undone.
type undoSlot struct {
	mu   sync.Mutex
	last *undo
}

// remember keeps how to undo the change just made, in place of the one before.
func (d *Desk) remember(label string, revert func(ctx context.Context) error) {
	d.undo.mu.Lock()
	defer d.undo.mu.Unlock()
	d.undo.last = &undo{label: label, revert: revert}
}

// forget drops what could be undone: a change was made that cannot be.
func (d *Desk) forget() {
	d.undo.mu.Lock()
	defer d.undo.mu.Unlock()
	d.undo.last = nil
}

// CanUndo names the change Undo would take back, or "" when there is none.
func (d *Desk) CanUndo() string {
	d.undo.mu.Lock()
	defer d.undo.mu.Unlock()
	if d.undo.last == nil {
		return ""
	}
	return d.undo.last.label
}

// Undo takes back the last change and returns what it was.
func (d *Desk) Undo(ctx context.Context) (string, error) {
	d.undo.mu.Lock()
	last := d.undo.last
	d.undo.last = nil
	d.undo.mu.Unlock()
	if last == nil {
		return "", model.Errorf(model.EINVALID, "there is nothing to undo")
	}
	return last.label, d.fail("undo "+last.label, last.revert(ctx))
}

// assignmentsUndo puts assignments back as seen before they were saved as changed: those
// that were there get their old values back, those that were new are removed; either only
// if it is still as the change left it (its version moved on by one, or a new row's first).
func (d *Desk) assignmentsUndo(seen *model.Data, changed []model.Assignment) func(ctx context.Context) error {
	before := map[string]model.Assignment{}
	for _, a := range seen.Assignments {
		before[model.AssignmentKey(a)] = a
	}
	var restore, remove []model.Assignment
	left := map[string]int{}
	for _, a := range changed {
		key := model.AssignmentKey(a)
		left[key] = seen.Versions.Assignments[key] + 1
		if old, ok := before[key]; ok {
			restore = append(restore, old)
		} else {
			remove = append(remove, a)
		}
	}
	return func(ctx context.Context) error { return d.store.ReplaceAssignments(ctx, restore, remove, left) }
}
