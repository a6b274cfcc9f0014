// Package actions is the one core of Associate Planner: every action a user can take, from
// the desktop app or the command line, is a method of Desk here. The app and the CLI only
// present what it returns, so the two can never disagree; what they show and what an export
// writes is what the register holds.
//
// It uses the domain (model), a store behind model.Store, the planner, the file formats and
// the letters; nothing here knows about widgets or flags.
package actions

import (
	"context"
	"errors"
	"log/slog"

	"associateplanner/model"
	"associateplanner/scheduler"
)

// Desk is the coordinator's desk: one open register, the clock that dates what is done, and
// the log where internal faults are recorded.
type Desk struct {
	store model.Store
	clock model.Clock
	log   *slog.Logger
	undo  undoSlot // the last change made here, to take back
}

// Options change how a Desk works; the zero value uses the real clock and discards logs.
type Options struct {
	Clock model.Clock  // nil is the real clock
	Log   *slog.Logger // nil discards
	// Password asks for a team register's password when no other source gave it.
	Password func(location string) (string, error)
}

// Open opens the register at location (a SQLite file's path, or a team register's
// postgres:// address) and a desk on it. Close the desk to close the register.
func Open(ctx context.Context, location string, opt Options) (*Desk, error) {
	d := New(nil, opt)
	store, err := openStore(ctx, location, opt)
	if err != nil {
		return nil, d.fail("open the register", err)
	}
	d.store = store
	return d, nil
}

// Close closes the register.
func (d *Desk) Close() error { return d.store.Close() }

// New opens a desk on a store; closing the desk closes the store.
func New(store model.Store, opt Options) *Desk {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Desk{store: store, clock: opt.Clock, log: log}
}

// Store returns the register the desk works on.
func (d *Desk) Store() model.Store { return d.store }

// Today is the clock's date in the UK.
func (d *Desk) Today() model.Date { return d.clock.Today() }

// fail records an internal fault in the log with what was being done, and returns err
// unchanged: the user is told in plain words by model.ErrorMessage, the detail stays here.
func (d *Desk) fail(action string, err error) error {
	if code := model.ErrorCode(err); (code == model.EINTERNAL || code == model.EUNAVAILABLE) && !errors.Is(err, context.Canceled) {
		d.log.Error(action+" failed", "error", model.ErrorDetail(err)) // a full disk's words for the user, SQLite's here
	}
	return err
}

// View is the register as the user sees it: its data, an index into it, and a plan with
// its explanations (empty seats and their reasons, who could take each seat). From Load
// the plan is the one the register holds; from Plan it is a new one, not yet saved.
type View struct {
	Data      *model.Data
	Index     *model.Index
	Plan      *scheduler.Plan
	Unsaved   bool              // Plan is a preview: CommitPlan saves it
	Conflicts map[string]string // saved assignments that break a rule now: why, by model.AssignmentKey
}

// Load reads the register and assesses the plan it holds.
func (d *Desk) Load(ctx context.Context) (*View, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return nil, d.fail("load the register", err)
	}
	return d.newView(data), nil
}

// newView assesses the plan data holds as it stands today: seats of roles already over are
// history, not empty seats to fill.
func (d *Desk) newView(data *model.Data) *View {
	return &View{Data: data, Index: model.NewIndex(data), Plan: scheduler.Assess(data.OnDay(d.Today())), Conflicts: conflicts(data)}
}

// conflicts says, for each saved assignment that breaks a rule now, why.
func conflicts(data *model.Data) map[string]string {
	out := map[string]string{}
	for _, c := range model.Conflicts(data) {
		key := model.AssignmentKey(c.Assignment)
		if out[key] != "" {
			out[key] += "; "
		}
		out[key] += c.Reason
	}
	return out
}
