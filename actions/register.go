package actions

import (
	"context"
	"encoding/json"
	"io"

	"associateplanner/atomicfile"
	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/platform"
	"associateplanner/sqlite"
)

// Backup writes a consistent copy of the register to path, a new file.
func (d *Desk) Backup(ctx context.Context, path string) error {
	return d.fail("back up", d.store.Backup(ctx, path))
}

// RestoreAt replaces the register at location with a checked copy of backup, without
// opening it first: a register file too damaged to open is restored too (the damaged file
// is kept beside it). A team register is restored through its store, by its owner only.
func RestoreAt(ctx context.Context, location, backup string, opt Options) (model.Restored, error) {
	if IsTeamLocation(location) {
		d, err := Open(ctx, location, opt)
		if err != nil {
			return model.Restored{}, err
		}
		defer d.Close()
		return d.RestoreFrom(ctx, backup)
	}
	done, err := sqlite.Restore(ctx, location, backup, sqlite.Options{Clock: opt.Clock})
	return done, New(nil, opt).fail("restore", err)
}

// RestoreFrom replaces the register with a checked copy from path; the register as it was
// is kept among the automatic backups, and people erased since the backup was made are
// erased again (Restored says how many).
func (d *Desk) RestoreFrom(ctx context.Context, path string) (model.Restored, error) {
	d.forget()
	done, err := d.store.Restore(ctx, path)
	return done, d.fail("restore", err)
}

// SubjectAccess writes everything the register holds on one associate to path as JSON, for
// a subject access request under UK GDPR: their record, leave, assignments, lessons, and
// the audit trail's entries about them.
func (d *Desk) SubjectAccess(ctx context.Context, staffID, path string) error {
	data, err := d.store.Load(ctx)
	if err != nil {
		return d.fail("subject access", err)
	}
	audit, err := d.store.Audit(ctx, 0)
	if err != nil {
		return d.fail("subject access", err)
	}
	sar, err := model.SubjectAccessFor(data, audit, staffID, d.clock.Now())
	if err != nil {
		return err
	}
	return d.fail("subject access", atomicfile.Write(path, func(w io.Writer) error { return writeJSON(w, sar) }))
}

// Erase removes what identifies an associate, gives them a new, anonymous Staff ID, and
// says what still holds their old data (Erasure.Words). An erasure committed whose file
// could not be wiped yet is an error that says so and how to finish it.
func (d *Desk) Erase(ctx context.Context, staffID string) (model.Erasure, error) {
	d.forget()
	done, err := d.store.Erase(ctx, staffID)
	return done, d.fail("erase", err)
}

// FillDemo fills an empty register with the demo register, dated around today. A register
// that holds anything is refused, so real data is never mixed with made-up data.
func (d *Desk) FillDemo(ctx context.Context) (*model.Changeset, error) {
	empty, err := d.store.IsEmpty(ctx)
	if err != nil {
		return nil, d.fail("fill the demo", err)
	}
	if !empty {
		return nil, model.Errorf(model.EINVALID, "the register %s already holds data; the demo fills an empty register only",
			d.store.Location())
	}
	changes, err := demo.Build(d.Today(), demo.Default)
	if err != nil {
		return nil, d.fail("fill the demo", err)
	}
	d.forget()
	changes.IntoEmpty = true // another program filling the register at once: one of them wins
	return changes, d.fail("fill the demo", d.store.Apply(ctx, changes))
}

// writeJSON writes v as indented JSON text with this system's line endings, as the answer
// to a subject access request is sent and as scripts read a plan.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(platform.TextWriter(w))
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
