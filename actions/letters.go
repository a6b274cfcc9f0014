package actions

import (
	"context"

	"associateplanner/letters"
	"associateplanner/model"
)

// LettersChosen returns the assignments that would get letters: the count shown before
// writing comes from the same choice as the letters written.
func LettersChosen(data *model.Data, request string, statuses []model.AssignmentStatus) []model.Assignment {
	return letters.Chosen(data, request, statuses)
}

// WriteLetters writes one agreement per chosen assignment, issued today whatever opt says,
// and returns the files written. When letters are there already and Force is not set,
// nothing is written and the error's code is EEXISTS, so the user can be asked before they
// are replaced.
func (d *Desk) WriteLetters(ctx context.Context, opt letters.Options) ([]string, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return nil, d.fail("write letters", err)
	}
	opt.Issued, opt.Clock = d.Today(), d.clock
	files, err := letters.WriteAll(data, opt)
	return files, d.fail("write letters", err)
}
