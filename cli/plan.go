package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"associateplanner/importers"
	"associateplanner/model"
	"associateplanner/scheduler"
)

// makePlan loads the register and plans it, showing progress on a terminal.
func (c *call) makePlan(ctx context.Context) (*model.Data, *scheduler.Plan, error) {
	d, err := c.reg.Load(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := scheduler.Make(ctx, d, scheduler.Options{Progress: c.progress()})
	c.endProgress()
	return d, p, err
}

func runPlan(ctx context.Context, c *call) error {
	d, p, err := c.makePlan(ctx)
	if err != nil {
		return err
	}
	for _, v := range p.Violations {
		fmt.Fprintln(c.env.Stderr, "warning: a commitment breaks a rule: "+v)
	}
	if c.flags["--json"] {
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
	} else {
		writeSummary(c.env.Stdout, d, p)
	}
	if !c.flags["--commit"] {
		return nil
	}
	if err := c.reg.CommitPlan(ctx, p.Proposals()); err != nil {
		return fmt.Errorf("commit plan: %w", err)
	}
	fmt.Fprintf(c.env.Stderr, "%d proposed assignments saved to %s\n", len(p.Proposals()), c.db)
	return nil
}

// writeSummary prints the plan per request, then coverage and budget.
func writeSummary(w io.Writer, d *model.Data, p *scheduler.Plan) {
	idx := model.NewIndex(d)
	byRole := map[model.RoleKey][]scheduler.Placed{}
	for _, a := range p.Assignments {
		byRole[a.RoleKey()] = append(byRole[a.RoleKey()], a)
	}
	short := map[model.RoleKey]scheduler.Unfilled{}
	for _, u := range p.Unfilled {
		short[model.Role{RequestRef: u.RequestRef, Name: u.Role}.Key()] = u
	}
	for _, q := range d.Requests {
		if q.Status != model.RequestOpen {
			continue
		}
		trust := q.Trust
		if o := idx.Org[q.Trust]; o != nil {
			trust = o.Name
		}
		fmt.Fprintf(w, "%s  P%d %s  %s: %s", q.Ref, q.Priority, q.Kind, trust, q.Title)
		if q.System != "" {
			fmt.Fprintf(w, " (%s)", q.System)
		}
		fmt.Fprintln(w)
		for _, r := range idx.RolesOf[q.Ref] {
			fmt.Fprintf(w, "  %s, %d seat(s), %s\n", r.Name, r.Headcount, r.Period)
			for _, a := range byRole[r.Key()] {
				how := fmt.Sprintf("proposed, score %.1f", a.Score.Total)
				if a.Kept {
					how = string(a.Status)
				}
				fmt.Fprintf(w, "    %s (%s) %d days %s\n", a.Name, how, a.Days, a.Cost)
			}
			if u, ok := short[r.Key()]; ok {
				fmt.Fprintf(w, "    %d unfilled: %s\n", u.Seats, u.Summary)
			}
		}
	}
	fmt.Fprintln(w, "Coverage: "+p.CoverageSummary())
	for _, y := range p.Budget {
		fmt.Fprintf(w, "Budget %s: committed %s, proposed %s, of %s (%s left)\n", y.Label, y.Committed, y.Proposed, y.Budget, y.Left())
	}
}

func runExportPlan(ctx context.Context, c *call, path string) error {
	d, p, err := c.makePlan(ctx)
	if err != nil {
		return err
	}
	var as []model.Assignment
	for _, a := range p.Assignments {
		as = append(as, a.Assignment)
	}
	return importers.ExportPlan(d, as, p.Shortfalls(), path)
}
