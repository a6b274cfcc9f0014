package model

import (
	"errors"
	"fmt"
)

// Changeset is a batch of entities to write in one transaction: each is inserted, or
// replaces the stored one with the same key (an associate's skills, systems and clearances
// and a role's skills and clearances are replaced with it).
type Changeset struct {
	Organisations  []Organisation
	Associates     []Associate
	Unavailability []Unavailability
	Requests       []Request
	Roles          []Role
	Assignments    []Assignment
	Lessons        []Lesson // ID 0 adds a lesson
	Settings       *Settings
	// IntoEmpty refuses the whole changeset (ECONFLICT) unless the register is empty when
	// it is written: the demo never mixes with real data, even when two programs fill a
	// new register at once.
	IntoEmpty bool
	// Guarded writes the changeset only if the register is still at Revision, the one it
	// was made from (an import merged against the register as loaded): otherwise it is
	// refused whole with ErrChanged, as someone's change since would be overwritten by rows
	// built from what they replaced.
	Guarded  bool
	Revision int64
	// Backup, when not "", names an automatic backup ("before-import") that the store makes
	// of the register as it was, in the same transaction, kept only if the change is
	// written. A team register's safeguards are its owner's, so it makes none.
	Backup string
}

// OnRevision guards the changeset with the revision it was made from (see Guarded).
func (c *Changeset) OnRevision(revision int64) *Changeset {
	c.Guarded, c.Revision = true, revision
	return c
}

// Len counts the entities in the changeset.
func (c *Changeset) Len() int {
	return len(c.Organisations) + len(c.Associates) + len(c.Unavailability) + len(c.Requests) +
		len(c.Roles) + len(c.Assignments) + len(c.Lessons)
}

// ErrChanged is behind the refusal of a guarded changeset whose register has changed since
// it was made: the caller may merge its input again on the register as it is now.
var ErrChanged = errors.New("the register has changed since the change was made")

// Changed refuses a guarded changeset: the register is at revision now, not the one it
// was made from; by says who changed it last and when.
func Changed(by string) error {
	return &Error{Code: ECONFLICT, Err: ErrChanged,
		Message: fmt.Sprintf("the register was changed by %s while this change was being made, so nothing was written", by)}
}

// UnknownAuthor refuses a lesson on system credited to a Staff ID the register does not
// hold.
func UnknownAuthor(system, staffID string) error {
	return Problems{{Field: "Author", Message: fmt.Sprintf("no associate has Staff ID %q", staffID)}}.Err("Lesson on " + system)
}
