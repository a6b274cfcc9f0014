package app

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// The app's dialogs fit the window they are in (a 1024×700 laptop screen included): their
// content scrolls rather than overflowing, and Escape dismisses the newest one.

// dialogMargin is the room a dialog leaves around it inside the window.
const dialogMargin = 80

// fit returns a dialog content size of up to w×h that fits the window.
func (u *UI) fit(w, h float32) fyne.Size {
	win := u.win.Canvas().Size()
	if win.Width > 0 {
		w = min(w, win.Width-dialogMargin)
	}
	if win.Height > 0 {
		h = min(h, win.Height-dialogMargin-60) // the title and buttons
	}
	return fyne.NewSize(max(w, 320), max(h, 200))
}

// sized wraps content in a vertical scroll of a size that fits the window: the content is
// laid out to the dialog's width, never wider.
func (u *UI) sized(content fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	return container.NewGridWrap(u.fit(w, h), container.NewVScroll(content))
}

// present shows d and remembers it until it closes, so that Escape can dismiss it.
// closed, if set, runs when it closes.
func (u *UI) present(d dialog.Dialog, closed func()) {
	u.dialogs = append(u.dialogs, d)
	d.SetOnClosed(func() {
		delete(u.forms, d)
		for i, open := range u.dialogs {
			if open == d {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				break
			}
		}
		if closed != nil {
			closed()
		}
	})
	d.Show()
}

// escape dismisses the newest dialog, as Escape does; a form with something typed in it
// asks first, as a stray key must not throw away a half-filled form. It reports whether
// there was a dialog.
func (u *UI) escape() bool {
	if len(u.dialogs) == 0 {
		return false
	}
	d := u.dialogs[len(u.dialogs)-1]
	if f := u.forms[d]; f != nil && typed(f.content) != f.was {
		u.ask("Discard what you typed?", "Close the form and lose what you typed in it?", "Discard", d.Hide)
		return true
	}
	d.Hide()
	return true
}

// escapes lets Escape dismiss the newest dialog, and Enter answer yes to the newest
// question, when nothing has the keyboard focus.
func (u *UI) escapes() {
	u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			u.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			if n := len(u.dialogs); n > 0 {
				if q, ok := u.dialogs[n-1].(*yesNo); ok {
					q.Confirm()
				}
			}
		}
	})
}

// yesNo is a question, which Enter answers yes.
type yesNo struct{ *dialog.ConfirmDialog }

// field is a text entry that also lets Escape dismiss the dialog it is in, and says at
// once when its text is not valid.
type field struct {
	widget.Entry
	formKeys
}

// formKeys is what a form's fields do beyond typing: Escape dismisses the dialog (asking
// first if something was typed), and gaining the keyboard scrolls the field into view.
type formKeys struct {
	escape func() bool
	reveal func(fyne.CanvasObject)
}

// escapes reports whether ev was Escape and dismissed (or asked to dismiss) the dialog.
func (k formKeys) escapes(ev *fyne.KeyEvent) bool {
	return ev.Name == fyne.KeyEscape && k.escape != nil && k.escape()
}

// shown scrolls the field o into its form's view.
func (k formKeys) shown(o fyne.CanvasObject) {
	if k.reveal != nil {
		k.reveal(o)
	}
}

func (u *UI) formKeys() formKeys { return formKeys{escape: u.escape, reveal: u.reveal} }

// newField returns an entry with text, checked by check (nil: anything goes).
func (u *UI) newField(text string, check func(string) error) *field {
	f := &field{formKeys: u.formKeys()}
	f.ExtendBaseWidget(f)
	f.Validator = check
	f.SetText(text)
	return f
}

// TypedKey implements fyne.Focusable: Escape dismisses the dialog.
func (f *field) TypedKey(ev *fyne.KeyEvent) {
	if !f.escapes(ev) {
		f.Entry.TypedKey(ev)
	}
}

// choiceField is a field with a list to pick from (a trust, a system, a reason) that, as a
// field does, lets Escape dismiss its dialog and is scrolled into view when Tab reaches it.
type choiceField struct {
	widget.SelectEntry
	formKeys
}

// newChoice returns a choice field offering options.
func (u *UI) newChoice(options []string) *choiceField {
	c := &choiceField{formKeys: u.formKeys()}
	c.ExtendBaseWidget(c)
	c.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewSelectEntry sets it
	c.SetOptions(options)
	return c
}

// TypedKey implements fyne.Focusable: Escape dismisses the dialog.
func (c *choiceField) TypedKey(ev *fyne.KeyEvent) {
	if !c.escapes(ev) {
		c.SelectEntry.TypedKey(ev)
	}
}

// FocusGained implements fyne.Focusable: see field.FocusGained.
func (c *choiceField) FocusGained() {
	c.SelectEntry.FocusGained()
	c.shown(c)
}

// FocusGained implements fyne.Focusable: a field Tab moves to below (or above) its form's
// view is scrolled into it, rather than typed into unseen.
func (f *field) FocusGained() {
	f.Entry.FocusGained()
	f.shown(f)
}

// openForm is a form open in a dialog: what it holds and how it scrolls.
type openForm struct {
	content fyne.CanvasObject
	scroll  *container.Scroll
	was     string // what its fields held when it opened (typed)
}

// reveal scrolls the newest form so that o, a field of it, is in view.
func (u *UI) reveal(o fyne.CanvasObject) {
	if len(u.dialogs) == 0 {
		return
	}
	f := u.forms[u.dialogs[len(u.dialogs)-1]]
	if f == nil {
		return
	}
	driver := fyne.CurrentApp().Driver()
	top := driver.AbsolutePositionForObject(o).Y - driver.AbsolutePositionForObject(f.scroll).Y
	switch view := f.scroll.Size().Height; {
	case top < 0:
		f.scroll.Offset.Y += top
	case top+o.Size().Height > view:
		f.scroll.Offset.Y += top + o.Size().Height - view
	default:
		return
	}
	f.scroll.Refresh()
}

// formDialog shows a form with its problems below it. confirm runs save, which reads the
// form: while it reports the form not valid (its problems shown), the form stays open.
func (u *UI) formDialog(title, confirm string, form fyne.CanvasObject, problem *widget.Label, w, h float32, save func() bool) {
	// The problems have a place of their own, a few lines high, that scrolls: however many
	// there are, the form and its buttons stay where they were.
	lines := 3*theme.TextSize() + 4*theme.Padding()
	problems := container.NewVScroll(problem)
	problems.SetMinSize(fyne.NewSize(0, lines))
	room := u.fit(w, h)
	scroll := container.NewVScroll(form)
	fields := container.NewGridWrap(fyne.NewSize(room.Width, room.Height-lines-theme.Padding()), scroll)
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, confirm, "Cancel", container.NewBorder(nil, problems, nil, nil, fields),
		func(ok bool) {
			if !ok {
				return
			}
			// A save the register refuses (someone changed the record meanwhile, the disk
			// is full) opens the form again as it was typed, saying why: nothing typed is lost.
			u.formFailed = func(err error) {
				problem.SetText(refusedWords(err))
				u.present(d, nil)
			}
			defer func() { u.formFailed = nil }()
			if !save() {
				u.present(d, nil) // keep the form open: the problems are shown below it
			}
		}, u.win)
	u.present(d, nil)
	u.forms[d] = &openForm{content: form, scroll: scroll, was: typed(form)}
	if first := firstField(form); first != nil { // typing starts in the form, not nowhere
		u.win.Canvas().Focus(first)
	}
}

// firstField is where typing should start in a form: its first empty text field (a new
// request's reference comes filled in), else its first field that takes typing; never a
// disabled one.
func firstField(form fyne.CanvasObject) fyne.Focusable {
	var first, empty fyne.Focusable
	eachWidget(form, func(o fyne.CanvasObject) bool {
		f, takesTyping := o.(fyne.Focusable)
		if d, canBeOff := o.(fyne.Disableable); !takesTyping || canBeOff && d.Disabled() {
			return true
		}
		if first == nil {
			first = f
		}
		switch w := o.(type) {
		case *field:
			if w.Text == "" {
				empty = f
			}
		case *choiceField:
			if w.Text == "" {
				empty = f
			}
		}
		return empty == nil
	})
	if empty != nil {
		return empty
	}
	return first
}

// typed is what a form's fields hold, to tell whether anything was typed since.
func typed(form fyne.CanvasObject) string {
	var b strings.Builder
	eachWidget(form, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *field:
			b.WriteString(w.Text)
		case *widget.Entry:
			b.WriteString(w.Text)
		case *choiceField:
			b.WriteString(w.Text)
		case *widget.Select:
			b.WriteString(w.Selected)
		case *widget.RadioGroup:
			b.WriteString(w.Selected)
		case *widget.Check:
			fmt.Fprint(&b, w.Checked)
		}
		b.WriteByte(0)
		return true
	})
	return b.String()
}

// eachWidget calls visit on each visible object of a form, depth first, in order, until
// visit returns false; it reports whether visit always returned true.
func eachWidget(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if !o.Visible() {
		return true
	}
	if !visit(o) {
		return false
	}
	var inside []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		inside = c.Objects
	case *widget.Form:
		for _, item := range c.Items {
			inside = append(inside, item.Widget)
		}
	case *container.Scroll:
		inside = []fyne.CanvasObject{c.Content}
	case *widget.Card:
		inside = []fyne.CanvasObject{c.Content}
	}
	for _, x := range inside {
		if !eachWidget(x, visit) {
			return false
		}
	}
	return true
}

// refusedWords says why the register refused a form's save, and what the user can do.
func refusedWords(err error) string {
	msg := "Not saved: " + model.ErrorMessage(err)
	if model.ErrorCode(err) == model.ECONFLICT {
		msg += "\nWhat you typed is still here. Save again to put it in place of their change, or Cancel to keep theirs."
	}
	return msg
}

// steady keeps a line under each checked field of form for what is wrong with it, so that
// the form does not jump when a problem appears as the user types.
func steady(form *widget.Form) *widget.Form {
	for _, item := range form.Items {
		switch w := item.Widget.(type) {
		case *field:
			if w.Validator != nil && item.HintText == "" {
				item.HintText = " "
			}
		case *widget.SelectEntry:
			if w.Validator != nil && item.HintText == "" {
				item.HintText = " "
			}
		}
	}
	form.Refresh()
	return form
}

// written says a file or folder was written, with a button that opens the folder it is in
// (or the folder itself) in the desktop's file manager.
func (u *UI) written(title, message, path string) {
	u.tell(message)
	folder := path
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		folder = filepath.Dir(path)
	}
	open := widget.NewButtonWithIcon("Open the folder", theme.FolderOpenIcon(), func() {
		if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: folder}); err != nil {
			u.showError("Opening "+folder, err)
		}
	})
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	u.present(dialog.NewCustom(title, "Close", container.NewBorder(nil, container.NewHBox(open), nil, nil, u.sized(text, 520, 120)), u.win), nil)
}

// info tells the user something is done, in a dialog Escape or Close dismisses.
func (u *UI) info(title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	u.present(dialog.NewCustom(title, "Close", u.sized(text, 520, 160), u.win), nil)
}
