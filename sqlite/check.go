package sqlite

import (
	"context"
	"errors"
	"fmt"

	"associateplanner/model"
)

// dateColumns hold a date as yyyy-mm-dd text, or "" where a date may be left out.
var dateColumns = []struct{ table, column string }{
	{"organisations", "opened"}, {"organisations", "closed"}, {"associate_clearances", "expiry"},
	{"unavailability", "starts"}, {"unavailability", "ends"}, {"requests", "starts"}, {"requests", "ends"},
	{"roles", "starts"}, {"roles", "ends"}, {"assignments", "starts"}, {"assignments", "ends"},
	{"lessons", "written"}, {"closures", "day"},
}

// checkRows refuses a register (a backup, brought to this version's schema, at path) whose
// rows the model's rules would refuse if they were written now: a band or a status that is
// none, a date that is not one, a reference to nothing. A bit flipped on a disk, or a
// file edited by hand, is never restored as it is.
func (r *Register) checkRows(ctx context.Context, path string) error {
	var problems model.Problems
	for _, c := range dateColumns {
		bad, err := queryStrings(ctx, r.db, fmt.Sprintf(`SELECT quote(%[2]s) FROM %[1]s
			WHERE %[2]s != '' AND (typeof(%[2]s) != 'text' OR date(%[2]s) IS NOT %[2]s) LIMIT 3`, c.table, c.column))
		if err != nil {
			return damagedBackup(path, err)
		}
		for _, v := range bad {
			problems = append(problems, model.Problem{Entity: c.table, Field: c.column, Message: v + " is not a date (yyyy-mm-dd)"})
		}
	}
	d, err := r.Load(ctx)
	if err != nil {
		return damagedBackup(path, err)
	}
	c := &model.Changeset{Organisations: d.Organisations, Associates: d.Associates, Unavailability: d.Unavailability,
		Requests: d.Requests, Roles: d.Roles, Assignments: d.Assignments, Lessons: d.Lessons, Settings: &d.Settings}
	err = c.Validate(nothingStored{})
	var invalid *model.Error
	if errors.As(err, &invalid) && invalid.Code == model.EINVALID {
		problems = append(problems, invalid.Problems...)
	} else if err != nil {
		return err
	}
	idx := model.NewIndex(d)
	for _, l := range d.Lessons {
		if l.AuthorID != "" && idx.Associate[l.AuthorID] == nil {
			problems = append(problems, model.Problem{Entity: fmt.Sprintf("Lesson %d", l.ID), Field: "Author",
				Message: fmt.Sprintf("no associate has Staff ID %q", l.AuthorID)})
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &model.Error{Code: model.EINVALID, Problems: problems,
		Message: fmt.Sprintf("backup %s holds rows this version does not accept, so it was not restored", path)}
}

// nothingStored answers validation for a whole register, which refers to nothing outside
// itself.
type nothingStored struct{}

func (nothingStored) HasOrganisation(string) (bool, error)     { return false, nil }
func (nothingStored) HasAssociate(string) (bool, error)        { return false, nil }
func (nothingStored) Request(string) (*model.Request, error)   { return nil, nil }
func (nothingStored) Role(string, string) (*model.Role, error) { return nil, nil }
