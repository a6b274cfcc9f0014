package model

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
}

// Len counts the entities in the changeset.
func (c *Changeset) Len() int {
	return len(c.Organisations) + len(c.Associates) + len(c.Unavailability) + len(c.Requests) +
		len(c.Roles) + len(c.Assignments) + len(c.Lessons)
}
