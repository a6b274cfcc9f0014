package actions

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"associateplanner/importers"
	"associateplanner/model"
)

// ImportOptions change how Import works.
type ImportOptions struct {
	DryRun   bool     // check and report, write nothing
	Progress Progress // told as each stage starts
}

// importTries is how often an import is merged again on the register as it is now, when
// another program changed it while the file was being merged.
const importTries = 5

// Import reads a roster workbook, a roster table as CSV or the NHS trust list and merges it
// into the register in one transaction, after an automatic backup. When anything is wrong
// nothing is written: the report lists every problem and the error is EINVALID.
//
// The rows written are built from the register as it was read, so they are written only
// if it is still at that revision: when another program changed it meanwhile, the file is
// merged again on the register as it is now (a few times, then the import gives up), and
// nobody's change is overwritten with what it replaced.
func (d *Desk) Import(ctx context.Context, path string, opt ImportOptions) (*importers.Report, error) {
	for try := 1; ; try++ {
		rep, changes, err := d.mergeImport(ctx, path, opt)
		if err != nil || opt.DryRun || changes.Len() == 0 {
			return rep, err
		}
		report(opt.Progress, "Writing to the register")
		err = d.store.Apply(ctx, changes)
		switch {
		case err == nil:
			rep.Written = true
			d.forget() // an import is not undone here: the backup made before it is its safeguard
			return rep, nil
		case !errors.Is(err, model.ErrChanged):
			return rep, d.fail("import", fmt.Errorf("import %s: %w", rep.File, err))
		case try == importTries:
			return rep, &model.Error{Code: model.ECONFLICT, Err: err, Message: fmt.Sprintf(
				"The register kept changing while %s was being imported (other programs wrote to it %d times), so nothing was written: "+
					"import it again when they have finished.", rep.File, importTries)}
		}
	}
}

// mergeImport reads the register and the file, and merges the file into a changeset made
// on the register's revision, with the automatic backup to make before it is written.
func (d *Desk) mergeImport(ctx context.Context, path string, opt ImportOptions) (*importers.Report, *model.Changeset, error) {
	rep := &importers.Report{File: filepath.Base(path), DryRun: opt.DryRun}
	cur, err := d.store.Load(ctx)
	if err != nil {
		return rep, nil, d.fail("import", fmt.Errorf("import %s: %w", rep.File, err))
	}
	changes, err := importers.Read(path, cur, rep, importers.Progress(opt.Progress))
	if err != nil {
		return rep, nil, d.fail("import", err)
	}
	if err := rep.Err(); err != nil {
		return rep, nil, err
	}
	warnOfConflicts(rep, cur, changes)
	changes.OnRevision(cur.Revision).Backup = "before-import"
	return rep, changes, nil
}

// warnOfConflicts adds a warning for each saved assignment the import would put in breach
// of a rule (new leave over a Confirmed secondment, say): the import may go ahead, as the
// leave is real, but the coordinator must know before it does.
func warnOfConflicts(rep *importers.Report, cur *model.Data, changes *model.Changeset) {
	already := map[string]bool{}
	for _, c := range model.Conflicts(cur) {
		already[c.String()] = true
	}
	for _, c := range model.Conflicts(cur.With(changes)) {
		if !already[c.String()] {
			rep.Warnings = append(rep.Warnings, importers.Finding{Message: fmt.Sprintf("%s %s / %s (%s) would break a rule: %s",
				c.Assignment.Status, c.Assignment.RequestRef, c.Assignment.Role, c.Name, c.Reason)})
		}
	}
}

// report tells progress that a one-step stage has begun.
func report(p Progress, stage string) {
	if p != nil {
		p(stage, 0, 1)
	}
}

// Exports name what Export writes: the roster, the saved plan, HR's template, the audit trail.
var Exports = []string{"roster", "plan", "template", "audit"}

// Export writes one of Exports to path, as a workbook.
func (d *Desk) Export(ctx context.Context, what, path string) error {
	switch what {
	case "roster":
		return d.ExportRoster(ctx, path)
	case "plan":
		return d.ExportPlan(ctx, path)
	case "template":
		return d.ExportTemplate(ctx, path)
	case "audit":
		_, err := d.ExportAudit(ctx, path)
		return err
	}
	return model.Errorf(model.EINVALID, "export %s, not %q", strings.Join(Exports, ", "), what)
}

// ExportRoster writes the whole register as a roster workbook that imports again unchanged.
func (d *Desk) ExportRoster(ctx context.Context, path string) error {
	return d.exportData(ctx, "export the roster", path, importers.ExportRoster)
}

// ExportTemplate writes an empty roster workbook for HR, with the register's known names.
func (d *Desk) ExportTemplate(ctx context.Context, path string) error {
	return d.exportData(ctx, "export the template", path, importers.ExportTemplate)
}

func (d *Desk) exportData(ctx context.Context, action, path string, export func(*model.Data, string) error) error {
	data, err := d.store.Load(ctx)
	if err != nil {
		return d.fail(action, err)
	}
	return d.fail(action, export(data, path))
}

// ExportAudit writes the whole audit trail, newest first, and returns how many entries.
func (d *Desk) ExportAudit(ctx context.Context, path string) (int, error) {
	entries, err := d.store.Audit(ctx, 0)
	if err != nil {
		return 0, d.fail("export the audit trail", err)
	}
	return len(entries), d.fail("export the audit trail", importers.ExportAudit(entries, path))
}

// Audit returns the newest limit entries of the audit trail (0: all), newest first.
func (d *Desk) Audit(ctx context.Context, limit int) ([]model.AuditEntry, error) {
	entries, err := d.store.Audit(ctx, limit)
	return entries, d.fail("read the audit trail", err)
}
