package cli

import (
	"context"
	"fmt"

	"associateplanner/actions"
	"associateplanner/model"
)

// runCopy moves the register named by --db into an empty team register (--to URL), or
// takes a read-only snapshot of a team register into a new file named by --db (--from URL).
func runCopy(ctx context.Context, c *call) error {
	to, from := c.values["--to"], c.values["--from"]
	if (to == "") == (from == "") {
		return fmt.Errorf("copy takes --to postgres://… or --from postgres://…: %w", errUsage)
	}
	var d *model.Data
	var err error
	if to != "" {
		d, err = actions.CopyTo(ctx, c.db, to, teamOptions(c.env))
	} else {
		d, err = actions.CopyFrom(ctx, from, c.db, teamOptions(c.env))
	}
	if err != nil {
		return err
	}
	counts := fmt.Sprintf("%d associates, %d requests, %d assignments", len(d.Associates), len(d.Requests), len(d.Assignments))
	if to != "" {
		fmt.Fprintf(c.env.Stdout, "register %s copied into the team register %s: %s, with its audit trail\n",
			c.db, actions.ShownLocation(to), counts)
	} else {
		fmt.Fprintf(c.env.Stdout, "snapshot of the team register %s written to %s (read-only): %s\n",
			actions.ShownLocation(from), c.db, counts)
	}
	return nil
}
