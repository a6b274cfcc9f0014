package app

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
)

// beginning is how a new register starts: the choice offered when there is none yet.
type beginning int

const (
	beginExisting beginning = iota // the register is there already: open it as it is
	beginDemo                      // fill it with the demo register
	beginImport                    // open it empty and ask for a roster or trust list
	beginEmpty                     // open it empty
)

// isNewRegister reports whether there is no register at path yet, so the user chooses how
// to begin. A file that cannot be checked is left to Open, which says what is wrong.
func isNewRegister(path string) bool {
	if actions.IsTeamLocation(path) {
		return false
	}
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// welcome offers the three ways to begin a register at path and calls choose with one.
func welcome(path string, choose func(beginning)) fyne.CanvasObject {
	option := func(label, detail string, icon fyne.Resource, b beginning, importance widget.Importance) fyne.CanvasObject {
		button := widget.NewButtonWithIcon(label, icon, func() { choose(b) })
		button.Alignment = widget.ButtonAlignLeading
		button.Importance = importance
		text := widget.NewLabel(detail)
		text.Wrapping = fyne.TextWrapWord
		return container.NewVBox(button, text)
	}
	heading := widget.NewLabelWithStyle("Welcome to Associate Planner", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	where := widget.NewLabel("There is no register here yet:\n" + path + "\nHow would you like to begin?")
	where.Wrapping = fyne.TextWrapWord
	later := widget.NewLabel("You can open or start another register at any time in Settings, or start the app with --db FILE.")
	later.Wrapping = fyne.TextWrapWord
	later.Importance = widget.LowImportance
	box := container.NewVBox(heading, where, widget.NewSeparator(),
		option("Explore the demo register", "Made-up associates at every NHS trust, with support requests to "+
			"plan, letters to print and lessons to search. Nothing in it is real.",
			theme.HomeIcon(), beginDemo, widget.HighImportance),
		option("Import a roster workbook or the NHS trust list", "Start from HR's roster (.xlsx) or the ODS trust "+
			"list (etr.csv). Every problem is listed by sheet, row and column before anything is written.",
			theme.UploadIcon(), beginImport, widget.MediumImportance),
		option("Start with an empty register", "Add associates and requests yourself; you can import a roster "+
			"later from the File menu.", theme.ContentAddIcon(), beginEmpty, widget.MediumImportance),
		widget.NewSeparator(), later)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(620, box.MinSize().Height), box))
}

// openAndLoad opens the register at path, begins it as b (the demo is written only into an
// empty register, so an existing one is never mixed with it), and reads it.
func (u *UI) openAndLoad(ctx context.Context, path string, b beginning) (*actions.Desk, *actions.View, error) {
	desk, err := actions.Open(ctx, path, u.deskOptions())
	if err != nil {
		return nil, nil, err
	}
	desk.Access(ctx) //nolint:errcheck // the role, read once here, off the UI thread
	if b == beginDemo {
		if empty, err := desk.Store().IsEmpty(ctx); err == nil && empty {
			_, err = desk.FillDemo(ctx)
		}
	}
	v, err := desk.Load(ctx)
	if err != nil {
		return nil, nil, errors.Join(err, desk.Close())
	}
	return desk, v, nil
}

// begin opens the register at path in the window, first asking how to begin it when there
// is none. The choice needs no remembering of its own: the register it made is there next
// time, and opens straight away.
func (u *UI) begin(path string) {
	if !isNewRegister(path) {
		u.open(path, beginExisting)
		return
	}
	u.win.SetContent(welcome(path, func(b beginning) { u.open(path, b) }))
}

// open opens the register at path, begun as b, in the background, and shows it.
func (u *UI) open(path string, b beginning) {
	status := widget.NewLabel("Opening the register " + actions.ShownLocation(path) + "…")
	u.win.SetContent(container.NewCenter(container.NewVBox(widget.NewProgressBarInfinite(), status)))
	u.start(func() {
		desk, v, err := u.openAndLoad(context.Background(), path, b)
		u.after(func() {
			if err != nil {
				u.win.SetContent(errorPanel("The register could not be opened", path, err))
				return
			}
			u.desk = desk
			u.show(v)
			u.begun(b)
		})
	})
}

// begun follows up the choice of how to begin: an import starts by asking for the file.
func (u *UI) begun(b beginning) {
	if b == beginImport {
		u.chooseImport()
	}
}
