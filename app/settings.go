package app

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/letters"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// settingsView edits day rates per band, the annual budget, the release limit, the planner
// weights and the letter template. Invalid values are shown at their field, never saved.
type settingsView struct {
	u        *UI
	rates    map[model.Band]*widget.Entry
	budget   *widget.Entry
	limit    *widget.Entry
	weights  []*widget.Entry
	template *widget.Entry
	path     *widget.Label
	content  fyne.CanvasObject
}

func newSettingsView(u *UI) *settingsView {
	v := &settingsView{u: u, rates: map[model.Band]*widget.Entry{}}
	money := func(s string) error { _, err := model.ParseMoney(s); return err }
	number := func(s string) error {
		if f, err := strconv.ParseFloat(s, 64); err != nil || f < 0 {
			return errors.New("a number, 0 or more")
		}
		return nil
	}
	rates := widget.NewForm()
	for _, b := range model.Bands {
		e := widget.NewEntry()
		e.Validator = money
		v.rates[b] = e
		rates.Append(b.String(), e)
	}
	v.budget, v.limit = widget.NewEntry(), widget.NewEntry()
	v.budget.Validator = money
	v.limit.Validator = func(s string) error {
		if n, err := strconv.Atoi(s); err != nil || n < 0 {
			return errors.New("a whole number, 0 for no limit")
		}
		return nil
	}
	general := widget.NewForm(widget.NewFormItem("Annual budget (£)", v.budget),
		widget.NewFormItem("Release limit K (people away per employer per day; 0 = none)", v.limit))
	weights := widget.NewForm()
	for _, term := range model.WeightTerms {
		e := widget.NewEntry()
		e.Validator = number
		v.weights = append(v.weights, e)
		weights.Append(term.Name, e)
	}
	v.template = widget.NewMultiLineEntry()
	v.template.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		return letters.Validate(s)
	}
	v.template.SetMinRowsVisible(14)
	v.template.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), v.save)
	save.Importance = widget.HighImportance
	reset := widget.NewButton("Use the built-in letter wording", func() { v.template.SetText(letters.DefaultTemplate()) })
	v.path = widget.NewLabel(u.desk.Store().Location())
	open := widget.NewButtonWithIcon("Open another register…", theme.FolderOpenIcon(), v.chooseRegister)
	create := widget.NewButtonWithIcon("New register…", theme.FolderNewIcon(), v.chooseNewRegister)
	backup := widget.NewButtonWithIcon("Back up now…", theme.DocumentSaveIcon(), v.chooseBackup)
	restore := widget.NewButtonWithIcon("Restore from a backup…", theme.HistoryIcon(), v.chooseRestore)
	audit := widget.NewButtonWithIcon("Audit trail…", theme.ListIcon(), v.u.showAudit)
	left := container.NewVBox(bold("Register"), v.path, container.NewHBox(open, create),
		container.NewHBox(backup, restore, audit),
		bold("Budget and release limit"), general,
		bold("Planner weights"), weights, bold("Day rate per band (£)"), rates)
	right := container.NewBorder(bold("Letter template ({placeholders} are filled in)"), reset, nil, nil, v.template)
	v.content = container.NewBorder(nil, container.NewHBox(save), nil, nil,
		container.NewHSplit(container.NewVScroll(left), right))
	v.refresh()
	return v
}

func (v *settingsView) refresh() {
	v.path.SetText(v.u.desk.Store().Location())
	s := v.u.data.Settings
	for b, e := range v.rates {
		e.SetText(strconv.FormatFloat(s.DayRates[b].Float(), 'f', 2, 64))
	}
	v.budget.SetText(strconv.FormatFloat(s.AnnualBudget.Float(), 'f', 2, 64))
	v.limit.SetText(strconv.Itoa(s.ReleaseLimit))
	for i, term := range model.WeightTerms {
		v.weights[i].SetText(strconv.FormatFloat(*term.Field(&s.Weights), 'g', -1, 64))
	}
	text := s.LetterTemplate
	if text == "" {
		text = letters.DefaultTemplate()
	}
	v.template.SetText(text)
}

// read builds settings from the fields, or returns the first field's problem.
func (v *settingsView) read() (model.Settings, error) {
	s := v.u.data.Settings
	s.DayRates = map[model.Band]model.Pence{}
	for _, e := range append(append([]*widget.Entry{v.budget, v.limit, v.template}, v.weights...), rateEntries(v.rates)...) {
		if err := e.Validate(); err != nil {
			return s, err
		}
	}
	for b, e := range v.rates {
		s.DayRates[b], _ = model.ParseMoney(e.Text)
	}
	s.AnnualBudget, _ = model.ParseMoney(v.budget.Text)
	s.ReleaseLimit, _ = strconv.Atoi(v.limit.Text)
	for i, term := range model.WeightTerms {
		*term.Field(&s.Weights), _ = strconv.ParseFloat(v.weights[i].Text, 64)
	}
	s.LetterTemplate = v.template.Text
	if s.LetterTemplate == letters.DefaultTemplate() {
		s.LetterTemplate = "" // follow the built-in wording as it improves
	}
	return s, nil
}

func rateEntries(m map[model.Band]*widget.Entry) []*widget.Entry {
	var out []*widget.Entry
	for _, b := range model.Bands {
		out = append(out, m[b])
	}
	return out
}

func (v *settingsView) save() {
	s, err := v.read()
	if err != nil {
		dialog.ShowError(err, v.u.win)
		return
	}
	v.u.run("Saving settings", func(ctx context.Context, _ func(string)) error { return v.u.desk.SaveSettings(ctx, s) }, func() {
		v.u.reload()
		v.u.after(func() {
			dialog.ShowInformation("Settings saved", "The planner and letters use them from now on.", v.u.win)
		})
	})
}

// chooseRegister opens another register file and remembers the choice. It is an open
// dialog, not a save dialog: a save dialog empties the file it is given.
func (v *settingsView) chooseRegister() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		v.u.switchRegister(r.URI().Path())
	}, v.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	v.u.startInDocuments(d)
	d.Show()
}

// chooseNewRegister asks for a folder and begins a register there (register.db), offering
// the demo, an import or an empty start; a register already in the folder is opened as is.
func (v *settingsView) chooseNewRegister() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		v.u.switchRegister(filepath.Join(dir.Path(), "register.db"))
	}, v.u.win)
	v.u.startInDocuments(d)
	d.Show()
}

// chooseBackup saves a copy of the register where the user says.
func (v *settingsView) chooseBackup() {
	v.u.chooseSavePath("register-backup.db", v.u.backup)
}

// chooseRestore picks a backup (the automatic ones are offered first) and restores it.
func (v *settingsView) chooseRestore() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		path := r.URI().Path()
		dialog.ShowConfirm("Restore the register?", "The register will be replaced by "+path+
			". It is checked first, and the register as it is now is kept in the backups folder.", func(ok bool) {
			if ok {
				v.u.restore(path)
			}
		}, v.u.win)
	}, v.u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(sqlite.BackupDir(v.u.desk.Store().Location()))); err == nil {
		d.SetLocation(l)
	}
	d.Show()
}
