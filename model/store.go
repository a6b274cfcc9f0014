package model

import "context"

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
	// Apply writes a batch (an import, the demo) in one transaction.
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
	// Erase removes what identifies an associate and returns their new, anonymous ID.
	Erase(ctx context.Context, staffID string) (string, error)
	// Backup writes a consistent copy of the register to a new local file.
	Backup(ctx context.Context, path string) error
	// AutoBackup keeps a copy before a risky change; reason names it ("before-import").
	AutoBackup(ctx context.Context, reason string) (string, error)
	// Restore replaces the register's contents with a checked copy from a local file,
	// keeping the register as it was in an automatic backup.
	Restore(ctx context.Context, path string) error
	// Location names the register for people: a file's path, a database's address.
	Location() string
	Close() error
}
