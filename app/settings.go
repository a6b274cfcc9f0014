package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

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
// weights and the letter template; it holds the register's own tools (open another, back up,
// restore, audit trail, organisations) and the look of the app. Every problem is shown at
// once, each naming its field; nothing invalid is saved.
type settingsView struct {
	u        *UI
	rates    map[model.Band]*field
	budget   *field
	limit    *field
	weights  []*field
	template *field
	problem  *widget.Label
	path     *widget.Label
	look     *widget.RadioGroup
	content  fyne.CanvasObject
}

// The looks the app can take; the system's follows the desktop's light or dark setting.
const (
	lookSystem = "As the system"
	lookLight  = "Light"
	lookDark   = "Dark"
	prefLook   = "look"
)

func newSettingsView(u *UI) *settingsView {
	v := &settingsView{u: u, rates: map[model.Band]*field{}, problem: problemLabel()}
	money := func(s string) error { _, err := model.ParseMoney(s); return err }
	number := func(s string) error {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil || f < 0 {
			return errors.New("a number, 0 or more")
		}
		return nil
	}
	rates := widget.NewForm()
	for _, b := range model.Bands {
		v.rates[b] = u.newField("", money)
		rates.Append(b.String(), v.rates[b])
	}
	v.budget = u.newField("", money)
	v.limit = u.newField("", func(s string) error {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 {
			return errors.New("a whole number, 0 for no limit")
		}
		return nil
	})
	general := widget.NewForm(widget.NewFormItem("Annual budget (£)", v.budget),
		widget.NewFormItem("Release limit K", v.limit))
	limitNote := wrapped("K: the most associates of one employer away on any day; 0 means no limit.")
	weights := widget.NewForm()
	for _, term := range model.WeightTerms {
		e := u.newField("", number)
		v.weights = append(v.weights, e)
		// The hint wraps under its field: a form's own hint is one line, which made the
		// longest of them set the width of the whole Settings tab.
		hint := wrapped("Favours " + term.Means + ".")
		hint.SizeName = theme.SizeNameCaptionText
		weights.AppendItem(widget.NewFormItem(term.Name, container.NewVBox(e, hint)))
	}
	weightsNote := wrapped("Coverage comes first, always: emergencies, then every priority in turn. Among plans that " +
		"fill as many seats, these weights choose; 0 ignores a term, and a higher number counts it more.")
	v.template = u.newField("", func(s string) error {
		if s == "" {
			return nil
		}
		return letters.Validate(s)
	})
	v.template.MultiLine, v.template.Wrapping = true, fyne.TextWrapWord
	v.template.SetMinRowsVisible(14)
	save := u.allow(widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), v.save), model.ActionEditSettings)
	save.Importance = widget.HighImportance
	reset := widget.NewButton("Use the built-in letter wording", func() { v.template.SetText(letters.DefaultTemplate()) })
	v.path = widget.NewLabel("")
	v.path.Wrapping = fyne.TextWrapBreak
	v.look = widget.NewRadioGroup([]string{lookSystem, lookLight, lookDark}, func(s string) {
		u.app.Preferences().SetString(prefLook, s)
		applyLook(u.app, s)
		if u.timeline != nil { // drawn in the colours of the look it was drawn in
			u.timeline.refresh()
		}
	})
	v.look.Horizontal = true
	v.look.SetSelected(u.app.Preferences().StringWithFallback(prefLook, lookSystem))
	tools := container.NewGridWrap(fyne.NewSize(250, 36),
		widget.NewButtonWithIcon("Open another register…", theme.FolderOpenIcon(), v.chooseRegister),
		widget.NewButtonWithIcon("Connect to a team register…", theme.ComputerIcon(), u.connectTeam),
		widget.NewButtonWithIcon("New register…", theme.FolderNewIcon(), v.chooseNewRegister),
		widget.NewButtonWithIcon("Back up now…", theme.DocumentSaveIcon(), v.chooseBackup),
		u.allow(widget.NewButtonWithIcon("Restore from a backup…", theme.HistoryIcon(), v.chooseRestore), model.ActionRestore),
		widget.NewButtonWithIcon("Audit trail…", theme.ListIcon(), u.showAudit),
		widget.NewButtonWithIcon("Organisations…", theme.HomeIcon(), u.showOrganisations))
	left := container.NewVBox(bold("Register"), v.path, tools, bold("Look"), v.look,
		bold("Budget and release limit"), general, limitNote,
		bold("Planner weights"), weightsNote, weights, bold("Day rate per band (£)"), rates)
	right := container.NewBorder(bold("Letter template ({placeholders} are filled in)"), reset, nil, nil, v.template)
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(left)), right)
	split.Offset = 0.45
	v.content = container.NewBorder(nil, container.NewVBox(v.problem, container.NewHBox(save)), nil, nil, split)
	v.refresh()
	return v
}

// applyLook sets the app's theme: NHS blue on light, dark or the system's choice.
func applyLook(a fyne.App, look string) {
	variant := map[string]fyne.ThemeVariant{lookLight: theme.VariantLight, lookDark: theme.VariantDark}
	if v, ok := variant[look]; ok {
		a.Settings().SetTheme(nhsTheme{variant: &v})
		return
	}
	a.Settings().SetTheme(nhsTheme{})
}

func (v *settingsView) refresh() {
	v.path.SetText(v.u.desk.Store().Location())
	s := v.u.data.Settings
	for b, e := range v.rates {
		e.SetText(moneyText(s.DayRates[b]))
	}
	v.budget.SetText(moneyText(s.AnnualBudget))
	v.limit.SetText(strconv.Itoa(s.ReleaseLimit))
	for i, term := range model.WeightTerms {
		v.weights[i].SetText(strconv.FormatFloat(*term.Field(&s.Weights), 'g', -1, 64))
	}
	text := s.LetterTemplate
	if text == "" {
		text = letters.DefaultTemplate()
	}
	v.template.SetText(text)
	v.problem.SetText("")
}

// read builds settings from the fields, or returns every field's problem, each named.
func (v *settingsView) read() (model.Settings, []string) {
	s := v.u.data.Settings
	var probs []string
	check := func(name string, e *field) {
		if err := e.Validate(); err != nil {
			probs = append(probs, name+": "+err.Error())
		}
	}
	check("Annual budget", v.budget)
	check("Release limit", v.limit)
	check("Letter template", v.template)
	for i, term := range model.WeightTerms {
		check("Weight "+term.Name, v.weights[i])
	}
	for _, b := range model.Bands {
		check("Day rate "+b.String(), v.rates[b])
	}
	if len(probs) > 0 {
		return s, probs
	}
	s.DayRates = map[model.Band]model.Pence{}
	for b, e := range v.rates {
		s.DayRates[b], _ = model.ParseMoney(e.Text)
	}
	s.AnnualBudget, _ = model.ParseMoney(v.budget.Text)
	s.ReleaseLimit, _ = strconv.Atoi(strings.TrimSpace(v.limit.Text))
	for i, term := range model.WeightTerms {
		*term.Field(&s.Weights), _ = strconv.ParseFloat(strings.TrimSpace(v.weights[i].Text), 64)
	}
	s.LetterTemplate = v.template.Text
	if s.LetterTemplate == letters.DefaultTemplate() {
		s.LetterTemplate = "" // follow the built-in wording as it improves
	}
	return s, nil
}

func (v *settingsView) save() {
	s, probs := v.read()
	if len(probs) > 0 {
		v.problem.SetText("Not saved:\n" + strings.Join(probs, "\n"))
		return
	}
	v.problem.SetText("")
	v.u.change("Saving settings", func(ctx context.Context, seen *model.Data) error { return v.u.desk.SaveSettings(ctx, seen, s) },
		func() { v.u.tell("Settings saved: the planner and letters use them from now on.") })
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
	v.u.startInLastFolder(d)
	v.u.present(d, nil)
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
	v.u.startInLastFolder(d)
	v.u.present(d, nil)
}

// chooseBackup saves a copy of the register where the user says.
func (v *settingsView) chooseBackup() {
	v.u.chooseSavePath(v.u.datedName("register backup", ".db"), v.u.backup)
}

// chooseRestore picks a backup (the automatic ones are offered first) and restores it.
func (v *settingsView) chooseRestore() {
	u := v.u
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		path := r.URI().Path()
		u.ask("Restore the register?", fmt.Sprintf("The register will be replaced by %s. It is checked first, and the register "+
			"as it is now is kept with the automatic backups. A restore cannot be undone here.", path), "Restore",
			func() { u.restore(path) })
	}, u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(sqlite.BackupDir(u.desk.Store().Location()))); err == nil {
		d.SetLocation(l)
	}
	u.present(d, nil)
}
