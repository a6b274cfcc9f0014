package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// associateForm adds or edits one associate with their leave. Each field checks its text as
// it is typed, with the same parsers as the roster import; saving checks the whole record
// with the model's rules, and the store checks it again.
type associateForm struct {
	u       *UI
	a       model.Associate // as it was opened: a blank one for a new associate
	isNew   bool
	staffID *field
	name    *field
	email   *field
	phone   *field
	home    *choiceField
	band    *widget.Select
	region  *widget.Select
	skills  *field
	systems *field
	clears  *field
	maxDays *field
	dayRate *field
	notes   *field
	remote  *widget.Check
	active  *widget.Check
	leave   *leaveEditor
	problem *widget.Label
	content fyne.CanvasObject
}

const (
	noBand     = "(none)"
	homeRegion = "(the employer's)"
)

func newAssociateForm(u *UI, a model.Associate, leave []model.Unavailability, isNew bool) *associateForm {
	f := &associateForm{u: u, a: a, isNew: isNew, problem: problemLabel()}
	f.staffID = u.newField(a.StaffID, f.checkStaffID)
	if !isNew {
		f.staffID.Disable() // the Staff ID is the record's key
	}
	f.name = u.newField(a.Name, required("a name is required"))
	f.email = u.newField(a.Email, func(s string) error { return fieldProblem(model.Associate{Email: s}.Validate(), "Email") })
	f.phone = u.newField(a.Phone, nil)
	f.home = u.orgPicker(a.HomeOrg, false)
	f.band = widget.NewSelect(append([]string{noBand}, enumStrings(model.Bands)...), nil)
	f.band.SetSelected(orDefault(string(a.Band), noBand))
	f.region = widget.NewSelect(append([]string{homeRegion}, model.RegionNames...), nil)
	f.region.SetSelected(orDefault(a.Region, homeRegion))
	f.skills = u.newField(model.FormatSkills(a.Skills), func(s string) error { _, err := model.ParseSkills(s); return err })
	f.systems = u.newField(model.JoinList(a.Systems), nil)
	f.clears = u.newField(model.FormatClearances(a.Clearances), func(s string) error { _, err := model.ParseClearances(s); return err })
	f.maxDays = u.newField(strconv.Itoa(a.MaxDays), func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return errors.New("a whole number of working days")
		}
		return model.CheckMaxDays(n)
	})
	f.dayRate = u.newField(moneyText(a.DayRate), func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := model.ParseMoney(s)
		return err
	})
	f.dayRate.SetPlaceHolder("blank: the band's rate")
	f.notes = u.newField(a.Notes, nil)
	f.notes.MultiLine, f.notes.Wrapping = true, fyne.TextWrapWord
	f.remote, f.active = widget.NewCheck("Remote only", nil), widget.NewCheck("Active (planned)", nil)
	f.remote.SetChecked(a.RemoteOnly)
	f.active.SetChecked(a.Active)
	f.leave = newLeaveEditor(u, leave)
	form := steady(widget.NewForm(
		widget.NewFormItem("Staff ID", f.staffID), widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Email", f.email), widget.NewFormItem("Phone", f.phone),
		widget.NewFormItem("Employer", f.home), widget.NewFormItem("Band", f.band), widget.NewFormItem("Region", f.region),
		widget.NewFormItem("Skills (Skill:level; …)", f.skills), widget.NewFormItem("Systems (; between)", f.systems),
		widget.NewFormItem("Clearances (Type:dd/mm/yyyy; …)", f.clears),
		widget.NewFormItem("Days released a year", f.maxDays), widget.NewFormItem("Day rate (£)", f.dayRate),
		widget.NewFormItem("", container.NewHBox(f.remote, f.active)), widget.NewFormItem("Notes", f.notes),
	))
	f.content = container.NewVBox(form, widget.NewSeparator(), bold("Leave, training and sickness"), f.leave.content)
	return f
}

// checkStaffID refuses a new Staff ID that is not valid or already taken.
func (f *associateForm) checkStaffID(s string) error {
	if err := model.CheckStaffID(s); err != nil {
		return err
	}
	if f.isNew && f.u.idx.Associate[s] != nil {
		return fmt.Errorf("%s is taken by %s", s, f.u.idx.Associate[s].Name)
	}
	return nil
}

// read returns the associate and their leave as the form has them, or shows every problem
// and returns false.
func (f *associateForm) read() (model.Associate, []model.Unavailability, bool) {
	var probs []string
	for _, e := range []*field{f.staffID, f.name, f.email, f.skills, f.clears, f.maxDays, f.dayRate} {
		if err := e.Validate(); err != nil {
			probs = append(probs, err.Error())
		}
	}
	a := f.a
	code, err := pickedOrg(f.u.idx, f.home.Text)
	if err != nil {
		probs = append(probs, "Employer: "+err.Error())
	}
	leave, leaveProbs := f.leave.read(a.StaffID)
	probs = append(probs, leaveProbs...)
	if len(probs) > 0 {
		f.problem.SetText(strings.Join(probs, "\n"))
		return a, nil, false
	}
	f.fill(&a, code)
	for i := range leave {
		leave[i].StaffID = a.StaffID
	}
	if p := a.Validate(); p != nil {
		f.problem.SetText(p.Error())
		return a, nil, false
	}
	f.problem.SetText("")
	return a, leave, true
}

// fill copies the form's fields, already checked, into a. A field left as it was opened
// keeps the stored value exactly, so saving an unchanged record changes nothing.
func (f *associateForm) fill(a *model.Associate, home string) {
	a.StaffID, a.HomeOrg = strings.TrimSpace(f.staffID.Text), home
	keep(&a.Name, f.name.Text, model.CleanName)
	keep(&a.Email, f.email.Text, strings.TrimSpace)
	keep(&a.Phone, f.phone.Text, strings.TrimSpace)
	a.Notes = f.notes.Text
	if f.skills.Text != model.FormatSkills(f.a.Skills) {
		a.Skills, _ = model.ParseSkills(f.skills.Text)
	}
	if f.systems.Text != model.JoinList(f.a.Systems) {
		a.Systems = model.SplitList(f.systems.Text)
	}
	if f.clears.Text != model.FormatClearances(f.a.Clearances) {
		a.Clearances, _ = model.ParseClearances(f.clears.Text)
	}
	a.MaxDays, _ = strconv.Atoi(strings.TrimSpace(f.maxDays.Text))
	a.DayRate = 0
	if strings.TrimSpace(f.dayRate.Text) != "" {
		a.DayRate, _ = model.ParseMoney(f.dayRate.Text)
	}
	a.Band, a.Region = "", ""
	if f.band.Selected != noBand {
		a.Band = model.Band(f.band.Selected)
	}
	if f.region.Selected != homeRegion {
		a.Region = f.region.Selected
	}
	a.RemoteOnly, a.Active = f.remote.Checked, f.active.Checked
}

// keep sets *dst to clean(text) unless the text is what *dst already shows.
func keep(dst *string, text string, clean func(string) string) {
	if text != *dst {
		*dst = clean(text)
	}
}

// newAssociate opens the form on a new associate.
func (u *UI) newAssociate() { u.associateDialog("New associate", blankAssociate(), nil, true) }

// blankAssociate is a new associate as the form starts it: active, with the default release.
func blankAssociate() model.Associate {
	return model.Associate{MaxDays: model.DefaultMaxDays, Active: true}
}

// editAssociate opens the form on a saved associate and their leave.
func (u *UI) editAssociate(staffID string) {
	a := u.idx.Associate[staffID]
	if a == nil {
		return
	}
	u.associateDialog("Edit "+a.Name+" ("+a.StaffID+")", *a, u.idx.Unavailable[staffID], false)
}

// associateDialog shows the form, and returns it; Save keeps it open while anything is wrong.
func (u *UI) associateDialog(title string, a model.Associate, leave []model.Unavailability, isNew bool) *associateForm {
	f := newAssociateForm(u, a, leave, isNew)
	u.formDialog(title, "Save", f.content, f.problem, 820, 760, func() bool {
		edited, leave, ok := f.read()
		if ok {
			u.saveAssociate(edited, leave)
		}
		return ok
	})
	return f
}

// saveAssociate saves the associate and their leave, unless someone else changed them
// since they were read, and then shows them.
func (u *UI) saveAssociate(a model.Associate, leave []model.Unavailability) {
	before := u.conflictsOf(a.StaffID)
	u.change("Saving "+a.Name, func(ctx context.Context, seen *model.Data) error {
		return u.desk.SaveAssociate(ctx, seen, a, leave)
	}, func() {
		u.tabs.SelectIndex(tabAssociates)
		u.associates.selectPerson(a.StaffID)
		// Fewer release days, new leave or an expired clearance can leave their secondments
		// breaking a rule: the change is theirs to make, but it is said at once.
		var now []string
		for key, why := range u.conflictsOf(a.StaffID) {
			if before[key] != why {
				now = append(now, why)
			}
		}
		if len(now) > 0 {
			slices.Sort(now)
			u.info("Saved: "+a.Name+"'s secondments now break a rule", strings.Join(now, "\n")+
				"\n\nThey are kept as they are, and listed on the dashboard until someone puts them right.")
		}
	})
}

// conflictsOf is why each of a person's saved assignments breaks a rule now, by
// model.AssignmentKey.
func (u *UI) conflictsOf(staffID string) map[string]string {
	out := map[string]string{}
	for _, x := range u.data.Assignments {
		if why := u.conflictOf(x); x.StaffID == staffID && why != "" {
			out[model.AssignmentKey(x)] = x.RequestRef + " / " + x.Role + ": " + why
		}
	}
	return out
}

// leaveEditor edits an associate's leave: one row per period, with its reason.
type leaveEditor struct {
	u       *UI
	rows    []*leaveRow
	box     *fyne.Container
	content fyne.CanvasObject
}

type leaveRow struct {
	from, to, reason *field
	line             fyne.CanvasObject
}

func newLeaveEditor(u *UI, leave []model.Unavailability) *leaveEditor {
	e := &leaveEditor{u: u, box: container.NewVBox()}
	for _, l := range leave {
		e.add(l)
	}
	add := widget.NewButtonWithIcon("Add leave", theme.ContentAddIcon(), func() { e.add(model.Unavailability{Reason: "Annual leave"}) })
	header := container.NewGridWithColumns(4, bold("From"), bold("To"), bold("Reason"), widget.NewLabel(""))
	e.content = container.NewVBox(header, e.box, container.NewHBox(add))
	return e
}

func (e *leaveEditor) add(l model.Unavailability) {
	r := &leaveRow{from: e.u.dateField(l.From), to: e.u.dateField(l.To), reason: e.u.newField(l.Reason, nil)}
	remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), nil)
	r.line = container.NewGridWithColumns(4, r.from, r.to, r.reason, remove)
	remove.OnTapped = func() {
		e.rows = slices.DeleteFunc(e.rows, func(x *leaveRow) bool { return x == r })
		e.box.Remove(r.line)
	}
	e.rows = append(e.rows, r)
	e.box.Add(r.line)
}

// read returns the periods, or the problems with them.
func (e *leaveEditor) read(staffID string) ([]model.Unavailability, []string) {
	var out []model.Unavailability
	var probs []string
	for i, r := range e.rows {
		from, err1 := model.ParseDate(r.from.Text)
		to, err2 := model.ParseDate(r.to.Text)
		if err := errors.Join(err1, err2); err != nil {
			probs = append(probs, fmt.Sprintf("Leave %d: %v", i+1, err))
			continue
		}
		u := model.Unavailability{StaffID: staffID, Period: model.Period{From: from, To: to}, Reason: strings.TrimSpace(r.reason.Text)}
		for _, p := range u.Validate() {
			probs = append(probs, fmt.Sprintf("Leave %d, %s: %s", i+1, p.Field, p.Message))
		}
		out = append(out, u)
	}
	return out, probs
}

// dateField is a field for a UK date that says at once when its text is not one.
func (u *UI) dateField(d model.Date) *field {
	f := u.newField(d.String(), func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		if _, err := model.ParseDate(s); err != nil {
			return errors.New("not a date: dd/mm/yyyy") // one short line: the form has no more room
		}
		return nil
	})
	f.SetPlaceHolder("dd/mm/yyyy")
	return f
}

// problemLabel shows what is wrong with a form below it, so that it never pushes the
// fields away from under the pointer.
func problemLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// required refuses blank text with message.
func required(message string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(message)
		}
		return nil
	}
}

// fieldProblem is the first problem p has with field, or nil.
func fieldProblem(p model.Problems, field string) error {
	for _, pr := range p {
		if pr.Field == field {
			return errors.New(pr.Message)
		}
	}
	return nil
}

// moneyText shows an amount for editing, "" for none.
func moneyText(p model.Pence) string {
	if p == 0 {
		return ""
	}
	return strings.TrimPrefix(p.String(), "£") // "2,000,000.00": the field is labelled (£)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
