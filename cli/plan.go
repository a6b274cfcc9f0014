package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/scheduler"
)

func runPlan(ctx context.Context, c *call) error {
	v, err := c.desk.Plan(ctx, c.progress())
	c.endProgress()
	if err != nil {
		return err
	}
	for _, conflict := range v.Plan.Violations {
		fmt.Fprintln(c.env.Stderr, "warning: a commitment breaks a rule: "+conflict)
	}
	if c.flags["--json"] {
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v.Plan); err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
	} else {
		writeSummary(c.env.Stdout, v)
	}
	if !c.flags["--commit"] {
		return nil
	}
	done, err := c.desk.CommitPlan(ctx, v)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "%d proposed assignments saved to %s\n", done.Proposals, c.db)
	return nil
}

// writeSummary prints the plan per request, then coverage and budget.
func writeSummary(w io.Writer, v *actions.View) {
	p := v.Plan
	byRole := map[model.RoleKey][]scheduler.Placed{}
	for _, a := range p.Assignments {
		byRole[a.RoleKey()] = append(byRole[a.RoleKey()], a)
	}
	short := map[model.RoleKey]scheduler.Unfilled{}
	for _, u := range p.Unfilled {
		short[model.Role{RequestRef: u.RequestRef, Name: u.Role}.Key()] = u
	}
	for _, q := range v.Data.Requests {
		if q.Status != model.RequestOpen {
			continue
		}
		fmt.Fprintf(w, "%s  P%d %s  %s: %s", q.Ref, q.Priority, q.Kind, v.Index.OrgName(q.Trust), q.Title)
		if q.System != "" {
			fmt.Fprintf(w, " (%s)", q.System)
		}
		fmt.Fprintln(w)
		for _, r := range v.Index.RolesOf[q.Ref] {
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
