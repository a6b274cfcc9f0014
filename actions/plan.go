package actions

import (
	"context"

	"associateplanner/importers"
	"associateplanner/model"
	"associateplanner/scheduler"
)

// Progress is told how far long work has got: the stage, and done of total; nil reports
// nothing.
type Progress func(stage string, done, total int)

// Plan reads the register and plans every open request as it stands today: no one is put
// in a seat from a day already past. The plan is not saved: it carries the register's
// revision, and CommitPlan saves it only if nothing has changed since.
func (d *Desk) Plan(ctx context.Context, progress Progress) (*View, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return nil, d.fail("load the register to plan it", err)
	}
	p, err := scheduler.Make(ctx, data.OnDay(d.Today()), scheduler.Options{Progress: progress})
	if err != nil {
		return nil, d.fail("plan", err)
	}
	return &View{Data: data, Index: model.NewIndex(data), Plan: p, Unsaved: true}, nil
}

// Committed is what saving a plan did.
type Committed struct {
	Proposals int      // proposed assignments saved
	Conflicts []string // commitments that break a rule: kept as they are, for a person to decide
}

// CommitPlan saves a planned view's proposals in place of the earlier unpinned ones. It is
// refused with ECONFLICT when the register has changed since the plan was made: plan again.
// It can be undone (the earlier proposals come back) until the next change.
func (d *Desk) CommitPlan(ctx context.Context, v *View) (Committed, error) {
	proposals := v.Plan.Proposals()
	if err := d.store.CommitPlan(ctx, v.Plan.Revision, proposals); err != nil {
		return Committed{}, d.fail("commit the plan", err)
	}
	var earlier []model.Assignment
	for _, a := range v.Data.Assignments {
		if a.Status == model.Proposed && !a.Pinned {
			earlier = append(earlier, a)
		}
	}
	committed := v.Plan.Revision + 1 // the commit's own change
	d.remember("commit the plan", func(ctx context.Context) error { return d.store.CommitPlan(ctx, committed, earlier) })
	return Committed{Proposals: len(proposals), Conflicts: v.Plan.Violations}, nil
}

// PlanAndCommit plans every open request and saves the proposals at once, as the app's Plan
// button does.
func (d *Desk) PlanAndCommit(ctx context.Context, progress Progress) (Committed, error) {
	v, err := d.Plan(ctx, progress)
	if err != nil {
		return Committed{}, err
	}
	return d.CommitPlan(ctx, v)
}

// ExportPlan writes the plan the register holds (saved proposals and commitments, the empty
// seats with their reasons, utilisation and budget) as a workbook.
func (d *Desk) ExportPlan(ctx context.Context, path string) error {
	v, err := d.Load(ctx)
	if err != nil {
		return err
	}
	return d.fail("export the plan", exportPlan(v.Data, v.Plan, path))
}

func exportPlan(data *model.Data, p *scheduler.Plan, path string) error {
	as := make([]model.Assignment, len(p.Assignments))
	for i, a := range p.Assignments {
		as[i] = a.Assignment
	}
	return importers.ExportPlan(data, as, p.Shortfalls(), path)
}
