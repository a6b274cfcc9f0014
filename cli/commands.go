package cli

import (
	"context"
	"fmt"
	"time"

	"associateplanner/demo"
	"associateplanner/importers"
	"associateplanner/model"
)

func runVersion(_ context.Context, c *call) error {
	fmt.Fprintln(c.env.Stdout, "associate-planner "+c.env.Version)
	return nil
}

func runDemo(ctx context.Context, c *call) error {
	if empty, err := c.reg.IsEmpty(ctx); err != nil {
		return err
	} else if !empty {
		return model.Errorf(model.EINVALID, "the register %s already holds data; demo fills an empty register only (choose another with --db)", c.db)
	}
	changes, err := demo.Build(c.env.Clock.Today(), demo.Default)
	if err != nil {
		return err
	}
	if err := c.reg.Apply(ctx, changes); err != nil {
		return fmt.Errorf("write demo register: %w", err)
	}
	fmt.Fprintf(c.env.Stdout, "demo register written to %s: %d organisations, %d associates, %d requests with %d roles\n",
		c.db, len(changes.Organisations), len(changes.Associates), len(changes.Requests), len(changes.Roles))
	return nil
}

func runImport(ctx context.Context, c *call) error {
	rep, err := importers.Import(ctx, c.reg, c.args[0], importers.Options{DryRun: c.flags["--dry-run"], Progress: c.progress()})
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
	if what == "audit" {
		entries, err := c.reg.Audit(ctx, 0)
		if err != nil {
			return err
		}
		if err := importers.ExportAudit(entries, path); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "%s written: %d audit entries\n", path, len(entries))
		return nil
	}
	if what == "plan" {
		if err := runExportPlan(ctx, c, path); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "%s written\n", path)
		return nil
	}
	export, ok := map[string]func(*model.Data, string) error{
		"roster":   importers.ExportRoster,
		"template": importers.ExportTemplate,
	}[what]
	if !ok {
		return fmt.Errorf("export roster, plan, template or audit, not %q: %w", what, errUsage)
	}
	d, err := c.reg.Load(ctx)
	if err != nil {
		return err
	}
	if err := export(d, path); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s written\n", path)
	return nil
}

func runBackup(ctx context.Context, c *call) error {
	if err := c.reg.Backup(ctx, c.args[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "register %s backed up to %s\n", c.db, c.args[0])
	return nil
}

func runRestore(ctx context.Context, c *call) error {
	if err := model.Restore(ctx, c.db, c.args[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "register %s restored from %s; the register as it was is in %s\n", c.db, c.args[0], model.BackupDir(c.db))
	return nil
}

func runSubjectAccess(ctx context.Context, c *call) error {
	d, err := c.reg.Load(ctx)
	if err != nil {
		return err
	}
	sar, err := model.SubjectAccessFor(d, c.args[0], time.Now())
	if err != nil {
		return err
	}
	err = model.WriteFileAtomic(c.args[1], sar.WriteJSON)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "everything held on %s written to %s\n", c.args[0], c.args[1])
	return nil
}

func runErase(ctx context.Context, c *call) error {
	anon, err := c.reg.Erase(ctx, c.args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s erased; their past assignments are kept as %s. Backups made before now still hold their data.\n", c.args[0], anon)
	return nil
}
