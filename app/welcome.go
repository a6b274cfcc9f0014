package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/demo"
	"associateplanner/model"
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

// openRegister opens the register at path and begins it as chosen: with the demo, the
// demo is written only into an empty register, so an existing one is never mixed with it.
func openRegister(ctx context.Context, path string, b beginning) (*model.Register, error) {
	reg, err := model.Open(ctx, path)
	if err != nil || b != beginDemo {
		return reg, err
	}
	empty, err := reg.IsEmpty(ctx)
	if err == nil && empty {
		var changes *model.Changeset
		if changes, err = demo.Build(model.Clock(nil).Today(), demo.Default); err == nil {
			err = reg.Apply(ctx, changes)
		}
		if err != nil {
			err = fmt.Errorf("write demo register: %w", err)
		}
	}
	if err != nil {
		return nil, errors.Join(err, reg.Close())
	}
	return reg, nil
}

// begin opens the register at path in the window, first asking how to begin it when there
// is none. The choice needs no remembering of its own: the register it made is there next
// time, and opens straight away. tour shows the app's tour after (the smoke test's way in).
func (u *UI) begin(path string, tour bool) {
	if !isNewRegister(path) {
		u.start(path, beginExisting, tour)
		return
	}
	u.win.SetContent(welcome(path, func(b beginning) { u.start(path, b, tour) }))
	if tour {
		go func() {
			announce("welcome")
			fyne.Do(func() { u.start(path, beginDemo, true) })
		}()
	}
}

// start opens the register at path, begun as b, off the UI thread, and shows it.
func (u *UI) start(path string, b beginning, tour bool) {
	status := widget.NewLabel("Opening the register " + path + "…")
	u.win.SetContent(container.NewCenter(container.NewVBox(widget.NewProgressBarInfinite(), status)))
	work := func() {
		reg, l, err := openAndLoad(context.Background(), path, b)
		u.after(func() {
			if err != nil {
				u.win.SetContent(errorPanel("The register could not be opened", path, err))
				return
			}
			u.reg = reg
			u.show(l.data, l.plan)
			u.begun(b)
			if tour {
				go u.tour()
			}
		})
	}
	if u.sync {
		work()
	} else {
		go work()
	}
}

// openAndLoad opens the register at path, begun as b, and reads and plans it.
func openAndLoad(ctx context.Context, path string, b beginning) (*model.Register, loaded, error) {
	reg, err := openRegister(ctx, path, b)
	if err != nil {
		return nil, loaded{}, err
	}
	l, err := load(ctx, reg)
	if err != nil {
		return nil, loaded{}, errors.Join(err, reg.Close())
	}
	return reg, l, nil
}

// begun follows up the choice of how to begin: an import starts by asking for the file.
func (u *UI) begun(b beginning) {
	if b == beginImport {
		u.chooseImport()
	}
}
