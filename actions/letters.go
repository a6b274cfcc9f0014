package actions

import (
	"context"

	"associateplanner/letters"
	"associateplanner/model"
)

// LetterOptions say which agreements to write and where.
type LetterOptions struct {
	Dir      string
	Request  string                   // only this request's assignments; "" for all
	Statuses []model.AssignmentStatus // which assignments get letters: at least one
	Force    bool                     // replace letters already in Dir
	Combined bool                     // also one PDF per request holding all its letters
	Template string                   // wording to use instead of the register's; "" for the register's
	Progress func(done, total int)    // nil for none
}

// LettersChosen returns the assignments that would get letters: the count shown before
// writing comes from the same choice as the letters written.
func LettersChosen(data *model.Data, request string, statuses []model.AssignmentStatus) []model.Assignment {
	return letters.Chosen(data, request, statuses)
}

// WriteLetters writes one agreement per chosen assignment, dated today, and returns the
// files written. When letters are there already and Force is not set, nothing is written
// and the error's code is EEXISTS, so the user can be asked before they are replaced.
func (d *Desk) WriteLetters(ctx context.Context, opt LetterOptions) ([]string, error) {
	data, err := d.store.Load(ctx)
	if err != nil {
		return nil, d.fail("write letters", err)
	}
	files, err := letters.WriteAll(data, letters.Options{Dir: opt.Dir, Request: opt.Request, Statuses: opt.Statuses,
		Force: opt.Force, Combined: opt.Combined, Issued: d.Today(), Template: opt.Template, Progress: opt.Progress})
	return files, d.fail("write letters", err)
}
