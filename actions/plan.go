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

// Plan reads the register and plans every open request. The plan is not saved: it carries
// the register's revision, and CommitPlan saves it only if nothing has changed since.
func (d *Desk) Plan(ctx context.Context, progress Progress) (*View, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return nil, d.fail("load the register to plan it", err)
	}
	p, err := scheduler.Make(ctx, data, scheduler.Options{Progress: progress})
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

// CommitPlan saves a plan's proposals in place of the earlier unpinned ones. It is refused
// with ECONFLICT when the register has changed since the plan was made: plan again.
func (d *Desk) CommitPlan(ctx context.Context, p *scheduler.Plan) (Committed, error) {
	proposals := p.Proposals()
	if err := d.store.CommitPlan(ctx, p.Revision, proposals); err != nil {
		return Committed{}, d.fail("commit the plan", err)
	}
	return Committed{Proposals: len(proposals), Conflicts: p.Violations}, nil
}

// PlanAndCommit plans every open request and saves the proposals at once, as the app's Plan
// button does.
func (d *Desk) PlanAndCommit(ctx context.Context, progress Progress) (Committed, error) {
	v, err := d.Plan(ctx, progress)
	if err != nil {
		return Committed{}, err
	}
	return d.CommitPlan(ctx, v.Plan)
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
