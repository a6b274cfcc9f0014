package model

import (
	"context"
	"fmt"
	"strings"
)

// Store keeps one register: a SQLite file on a laptop, or a team's shared database. The
// core of actions works through this interface alone, so that every store behaves the same
// to it; storetest holds the behaviours each must pass.
//
// Every write is one transaction, validated inside it: a change is stored whole or not at
// all, and invalid input is refused with an EINVALID *Error naming its fields, whoever the
// caller is. An edit made on a version someone has since changed is refused with ECONFLICT.
type Store interface {
	// Load reads the whole register, at one revision.
	Load(ctx context.Context) (*Data, error)
	// IsEmpty reports whether the register holds no organisations, associates or requests.
	IsEmpty(ctx context.Context) (bool, error)
	// Apply writes a batch (an import, the demo) in one transaction: a guarded one only on
	// the revision it was made from (ErrChanged otherwise), after the automatic backup it
	// names, which is kept only if the batch is written.
	Apply(ctx context.Context, c *Changeset) error
	// CommitPlan replaces the earlier unpinned proposals with these, unless the register
	// has changed since revision, the one the plan was made from.
	CommitPlan(ctx context.Context, revision int64, proposals []Assignment) error
	// CommitSeats saves new proposals into some roles' empty seats, unless the register has
	// changed since revision; every assignment already there is left as it is.
	CommitSeats(ctx context.Context, revision int64, roles []RoleKey, proposals []Assignment) error
	// SaveAssociate, SaveRequest and SaveAssignments write edits made on the versions seen
	// (0 for a new record). SaveRequest's roles are the request's whole list: a role not in
	// it is removed, unless it has assignments (EINVALID); nil leaves its roles as they are.
	SaveAssociate(ctx context.Context, a Associate, seen int) error
	SaveRequest(ctx context.Context, q Request, roles []Role, seen int) error
	SaveAssignments(ctx context.Context, as []Assignment, seen map[string]int) error
	// ReplaceAssignments writes put and deletes drop in one transaction, unless one of them
	// changed since the versions seen: it is how a change is undone.
	ReplaceAssignments(ctx context.Context, put, drop []Assignment, seen map[string]int) error
	// SaveLeave replaces an associate's leave, unless the associate changed since seen.
	SaveLeave(ctx context.Context, staffID string, leave []Unavailability, seen int) error
	SaveSettings(ctx context.Context, s Settings) error
	// Audit returns the newest limit entries of the audit trail, newest first (0: all).
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)
	// Erase removes what identifies an associate, gives them a new, anonymous ID, and keeps
	// a record of the erasure that a restore cannot take away (a salted hash of the Staff
	// ID), so that a restore of an older backup erases them again.
	Erase(ctx context.Context, staffID string) (Erasure, error)
	// Backup writes a consistent copy of the register to a new local file.
	Backup(ctx context.Context, path string) error
	// Restore replaces the register's contents with a checked copy from a local file,
	// keeping the register as it was in an automatic backup. Only rows this version's
	// schema holds are copied, each valid by the model's rules; people erased since the
	// backup was made are erased again.
	Restore(ctx context.Context, path string) (Restored, error)
	// Location names the register for people: a file's path, a database's address.
	Location() string
	Close() error
}

// Erasure is what an erasure did.
type Erasure struct {
	Anon string // the person's new, anonymous Staff ID, which their past assignments keep
	// Remains says, in plain words, where copies of their old data are still kept besides
	// backups made before ("" when nowhere else).
	Remains string
}

// Restored is what a restore did.
type Restored struct {
	Kept string // where the register as it was is kept
	// Reerased counts the people erased since the backup was made: they were in it, and
	// were erased again.
	Reerased int
}

// Words says what an erasure of staffID did, for the person who asked for it.
func (e Erasure) Words(staffID string) string {
	return strings.TrimSpace(fmt.Sprintf("%s erased; their past assignments are kept as %s. Backups made before now still hold their data. %s",
		staffID, e.Anon, e.Remains))
}

// Words says what a restore of the register from backup did.
func (r Restored) Words(register, backup string) string {
	s := fmt.Sprintf("register %s restored from %s; the register as it was is kept", register, backup)
	if r.Kept != "" {
		s += " in " + r.Kept
	}
	if r.Reerased > 0 {
		s += fmt.Sprintf(". %d associate(s) in that backup had been erased since it was made: they were erased again", r.Reerased)
	}
	return s
}
