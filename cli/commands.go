package cli

import (
	"context"
	"fmt"
	"slices"

	"associateplanner/actions"
)

func runVersion(_ context.Context, c *call) error {
	fmt.Fprintln(c.env.Stdout, "associate-planner "+c.env.Version)
	return nil
}

func runDemo(ctx context.Context, c *call) error {
	changes, err := c.desk.FillDemo(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "demo register written to %s: %d organisations, %d associates, %d requests with %d roles\n",
		c.db, len(changes.Organisations), len(changes.Associates), len(changes.Requests), len(changes.Roles))
	return nil
}

func runImport(ctx context.Context, c *call) error {
	rep, err := c.desk.Import(ctx, c.args[0], actions.ImportOptions{DryRun: c.flags["--dry-run"], Progress: c.progress()})
	c.endProgress()
	for _, w := range rep.Warnings {
		fmt.Fprintf(c.env.Stderr, "%s: warning: %s\n", rep.File, w)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(c.env.Stderr, "%s: %s\n", rep.File, e)
	}
	if err != nil {
		return err
	}
	fmt.Fprint(c.env.Stdout, rep.Summary())
	return nil
}

func runExport(ctx context.Context, c *call) error {
	what, path := c.args[0], c.args[1]
	if !slices.Contains(actions.Exports, what) {
		return fmt.Errorf("export roster, plan, template or audit, not %q: %w", what, errUsage)
	}
	if what == "audit" {
		n, err := c.desk.ExportAudit(ctx, path)
		if err == nil {
			fmt.Fprintf(c.env.Stdout, "%s written: %d audit entries\n", path, n)
		}
		return err
	}
	if err := c.desk.Export(ctx, what, path); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s written\n", path)
	return nil
}

func runBackup(ctx context.Context, c *call) error {
	if err := c.desk.Backup(ctx, c.args[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "register %s backed up to %s\n", c.db, c.args[0])
	return nil
}

func runRestore(ctx context.Context, c *call) error {
	done, err := actions.RestoreAt(ctx, c.db, c.args[0], teamOptions(c.env))
	if err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stdout, done.Words(c.db, c.args[0]))
	return nil
}

func runSubjectAccess(ctx context.Context, c *call) error {
	if err := c.desk.SubjectAccess(ctx, c.args[0], c.args[1]); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "everything held on %s written to %s\n", c.args[0], c.args[1])
	return nil
}

func runErase(ctx context.Context, c *call) error {
	done, err := c.desk.Erase(ctx, c.args[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stdout, done.Words(c.args[0]))
	return nil
}
