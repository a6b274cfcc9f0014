package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// associateForm edits one associate. Each field checks its text as it is typed, with the
// same parsers as the roster import; saving checks the whole record with the model's rules.
type associateForm struct {
	u                                   *UI
	a                                   model.Associate
	name, email, phone, skills, systems *widget.Entry
	clearances, maxDays, dayRate, notes *widget.Entry
	home                                *widget.SelectEntry
	band, region                        *widget.Select
	remote, active                      *widget.Check
	problem                             *widget.Label
	content                             fyne.CanvasObject
}

func newAssociateForm(u *UI, a model.Associate) *associateForm {
	f := &associateForm{u: u, a: a, problem: widget.NewLabel("")}
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	entry := func(text string, check func(string) error) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.Validator = check
		return e
	}
	f.name = entry(a.Name, func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("a name is required")
		}
		return nil
	})
	f.email, f.phone, f.notes = entry(a.Email, nil), entry(a.Phone, nil), entry(a.Notes, nil)
	f.skills = entry(model.FormatSkills(a.Skills), func(s string) error { _, err := model.ParseSkills(s); return err })
	f.systems = entry(strings.Join(a.Systems, "; "), nil)
	f.clearances = entry(model.FormatClearances(a.Clearances), func(s string) error { _, err := model.ParseClearances(s); return err })
	f.maxDays = entry(strconv.Itoa(a.MaxDays), func(s string) error {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 || n > 260 {
			return errors.New("working days from 0 to 260")
		}
		return nil
	})
	rate := ""
	if a.DayRate > 0 {
		rate = strconv.FormatFloat(a.DayRate.Float(), 'f', 2, 64)
	}
	f.dayRate = entry(rate, func(s string) error {
		if s == "" {
			return nil
		}
		_, err := model.ParseMoney(s)
		return err
	})
	var orgs []string
	for _, o := range u.data.Organisations {
		orgs = append(orgs, o.Code+" — "+o.Name)
	}
	f.home = widget.NewSelectEntry(orgs)
	f.home.SetText(orgName(u, a.HomeOrg))
	bands := []string{"(none)"}
	for _, b := range model.Bands {
		bands = append(bands, string(b))
	}
	f.band = widget.NewSelect(bands, nil)
	f.band.SetSelected(map[bool]string{true: string(a.Band), false: "(none)"}[a.Band != ""])
	f.region = widget.NewSelect(append([]string{"(home organisation's)"}, model.RegionNames...), nil)
	f.region.SetSelected(map[bool]string{true: a.Region, false: "(home organisation's)"}[a.Region != ""])
	f.remote, f.active = widget.NewCheck("Remote only", nil), widget.NewCheck("Active", nil)
	f.remote.SetChecked(a.RemoteOnly)
	f.active.SetChecked(a.Active)
	form := widget.NewForm(
		widget.NewFormItem("Name", f.name), widget.NewFormItem("Email", f.email), widget.NewFormItem("Phone", f.phone),
		widget.NewFormItem("Employer", f.home), widget.NewFormItem("Band", f.band), widget.NewFormItem("Region", f.region),
		widget.NewFormItem("Skills (Skill:level; …)", f.skills), widget.NewFormItem("Systems", f.systems),
		widget.NewFormItem("Clearances (Type:dd/mm/yyyy; …)", f.clearances),
		widget.NewFormItem("Max days per year", f.maxDays), widget.NewFormItem("Day rate (£, blank: band rate)", f.dayRate),
		widget.NewFormItem("", container.NewHBox(f.remote, f.active)), widget.NewFormItem("Notes", f.notes),
	)
	f.content = container.NewVScroll(container.NewVBox(f.problem, form))
	return f
}

// read returns the edited associate, or shows every problem at its field and returns false.
func (f *associateForm) read() (model.Associate, bool) {
	a := f.a
	var probs []string
	for _, e := range []*widget.Entry{f.name, f.skills, f.clearances, f.maxDays, f.dayRate} {
		if err := e.Validate(); err != nil {
			probs = append(probs, err.Error())
		}
	}
	code, _, _ := strings.Cut(f.home.Text, " ")
	if a.HomeOrg = model.NormaliseCode(code); f.u.idx.Org[a.HomeOrg] == nil {
		f.home.SetValidationError(errors.New("not a known organisation"))
		probs = append(probs, "Employer: "+f.home.Text+" is not a known organisation")
	}
	if len(probs) > 0 {
		f.problem.SetText(strings.Join(probs, "\n"))
		return a, false
	}
	a.Name, a.Email, a.Phone, a.Notes = model.CleanName(f.name.Text), strings.TrimSpace(f.email.Text), strings.TrimSpace(f.phone.Text), f.notes.Text
	a.Skills, _ = model.ParseSkills(f.skills.Text)
	a.Systems = model.SplitList(f.systems.Text)
	a.Clearances, _ = model.ParseClearances(f.clearances.Text)
	a.MaxDays, _ = strconv.Atoi(strings.TrimSpace(f.maxDays.Text))
	a.DayRate = 0
	if f.dayRate.Text != "" {
		a.DayRate, _ = model.ParseMoney(f.dayRate.Text)
	}
	a.Band, a.Region = "", ""
	if f.band.SelectedIndex() > 0 {
		a.Band = model.Band(f.band.Selected)
	}
	if f.region.SelectedIndex() > 0 {
		a.Region = f.region.Selected
	}
	a.RemoteOnly, a.Active = f.remote.Checked, f.active.Checked
	if p := a.Validate(); p != nil {
		f.problem.SetText(p.Error())
		return a, false
	}
	return a, true
}

// editAssociate opens the form and saves the associate when it is valid.
func (u *UI) editAssociate(a model.Associate) {
	f := newAssociateForm(u, a)
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("Edit "+a.Name, "Save", "Cancel", container.NewGridWrap(fyne.NewSize(760, 620), f.content), func(save bool) {
		if !save {
			return
		}
		edited, ok := f.read()
		if !ok {
			d.Show()
			return
		}
		u.saveAssociate(edited)
	}, u.win)
	d.Show()
}

// saveAssociate saves an edit, unless someone else changed the associate since it was read.
func (u *UI) saveAssociate(a model.Associate) {
	u.change("Saving "+a.Name, func(ctx context.Context, seen *model.Data) error { return u.desk.SaveAssociate(ctx, seen, a) })
}
