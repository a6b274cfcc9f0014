package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/letters"
	"associateplanner/model"
)

// lettersView picks assignments by request and status and writes their agreements, with
// the same code as `associate-planner letters`.
type lettersView struct {
	u        *UI
	request  *widget.Select
	statuses *widget.CheckGroup
	combined *widget.Check
	count    *widget.Label
	content  fyne.CanvasObject
}

const allRequests = "All requests"

func newLettersView(u *UI) *lettersView {
	v := &lettersView{u: u, count: wrapped("")}
	v.request = widget.NewSelect(nil, func(string) { v.update() })
	v.statuses = widget.NewCheckGroup(enumStrings(model.AssignmentStatuses[:3]), func([]string) { v.update() })
	v.statuses.Horizontal = true
	v.combined = widget.NewCheck("Also one combined PDF per request", nil)
	v.statuses.SetSelected(enumStrings(letters.DefaultStatuses))
	write := widget.NewButtonWithIcon("Choose a folder and write the letters…", theme.DocumentSaveIcon(), v.choose)
	write.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("Request", v.request), widget.NewFormItem("Status", v.statuses),
		widget.NewFormItem("", v.combined))
	intro := wrapped("One A4 secondment agreement per assignment, for the employer, the host trust and the associate to sign. " +
		"Files are named REF_StaffID_Surname.pdf; existing letters are not replaced unless you agree.")
	v.content = container.NewPadded(container.NewVBox(intro, form, v.count, container.NewHBox(write)))
	v.refresh()
	return v
}

func (v *lettersView) refresh() {
	options := []string{allRequests}
	for _, q := range v.u.data.Requests {
		options = append(options, q.Ref)
	}
	v.request.SetOptions(options)
	if v.request.Selected == "" {
		v.request.SetSelected(allRequests)
	}
	v.update()
}

func (v *lettersView) options(dir string, force bool) letters.Options {
	opt := letters.Options{Dir: dir, Force: force, Combined: v.combined.Checked}
	if v.request.Selected != allRequests {
		opt.Request = v.request.Selected
	}
	for _, s := range v.statuses.Selected {
		opt.Statuses = append(opt.Statuses, model.AssignmentStatus(s))
	}
	return opt
}

// update counts the letters the choices would write: the same choice the writing makes.
func (v *lettersView) update() {
	opt := v.options("", false)
	chosen := actions.LettersChosen(v.u.data, opt.Request, opt.Statuses)
	text := fmt.Sprintf("%d letter(s) to write.", len(chosen))
	breaking := 0
	for _, a := range chosen {
		if v.u.conflictOf(a) != "" {
			breaking++
		}
	}
	if breaking > 0 { // a letter is for signing: say which agreements would be signed in breach
		text += fmt.Sprintf(" ⚠ %d of them are for secondments that break a rule now (the dashboard lists them): "+
			"put them right before anyone signs.", breaking)
	}
	v.count.SetText(text)
}

func (v *lettersView) choose() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err == nil && dir != nil {
			v.write(dir.Path(), false)
		}
	}, v.u.win)
	v.u.startInLastFolder(d)
	v.u.present(d, nil)
}

// write writes the letters into dir, asking before replacing any.
func (v *lettersView) write(dir string, force bool) {
	u := v.u
	var files []string
	var exists error
	u.run("Writing letters", func(ctx context.Context, report progress) error {
		opt := v.options(dir, force)
		opt.Progress = func(done, total int) { report(fmt.Sprintf("Letter %d of %d", done, total), done, total) }
		var err error
		files, err = u.desk.WriteLetters(ctx, opt)
		if model.ErrorCode(err) == model.EEXISTS {
			exists, err = err, nil
		}
		return err
	}, func() {
		if exists != nil {
			u.ask("Replace letters?", model.ErrorMessage(exists)+"\n\nReplace them?", "Replace", func() { v.write(dir, true) })
			return
		}
		u.written("Letters written", fmt.Sprintf("%d PDF(s) written to %s.", len(files), dir), dir)
	})
}
