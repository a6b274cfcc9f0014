package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// auditCount is how many entries the register's audit trail holds.
func auditCount(t *testing.T, u *UI) int {
	t.Helper()
	entries, err := u.desk.Store().Audit(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// tapInDialog taps the button labelled label in the newest dialog.
func tapInDialog(t *testing.T, u *UI, label string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q in", label)
	}
	test.Tap(button(t, top, label))
}

// The last round's worst defect: a saved associate could not be saved again. Every form
// opens a saved record and saves it unchanged: it succeeds, and writes no audit entry.
func TestEveryFormSavesASavedRecordUnchanged(t *testing.T) {
	tests := []struct {
		name string
		open func(u *UI)
		save string
	}{
		{"associate with leave", func(u *UI) { u.editAssociate("002") }, "Save"},
		{"request with its role", func(u *UI) { u.editRequest("REQ-1") }, "Save"},
		{"organisation", func(u *UI) { u.organisationDialog(*u.idx.Org["RJ1"], false) }, "Save"},
		{"lesson", func(u *UI) { u.lessons.open(u.data.Lessons[0]) }, "Save"},
		{"settings", func(u *UI) {}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t)
			before := auditCount(t, u)
			tc.open(u)
			if tc.save == "" {
				test.Tap(button(t, u.settings.content, "Save settings"))
			} else {
				tapInDialog(t, u, tc.save)
			}
			if top := u.win.Canvas().Overlays().Top(); top != nil {
				for _, o := range test.LaidOutObjects(top) {
					if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && l.Text != "" {
						t.Fatalf("saving unchanged was refused: %s", l.Text)
					}
				}
			}
			if after := auditCount(t, u); after != before {
				t.Errorf("saving unchanged wrote %d audit entries", after-before)
			}
		})
	}
}

// A changed record is saved, and the change is what the audit trail records.
func TestAssociateFormSavesLeaveAndNewPeople(t *testing.T) {
	u := newTestUI(t)
	f := u.associateDialog("New associate", blankAssociate(), nil, true)
	top := u.win.Canvas().Overlays().Top()
	test.Type(f.staffID, "0042")
	test.Type(f.name, "Chidi Okonkwo")
	f.home.SetText("Leeds Teaching Hospitals NHS Trust (RR8)")
	test.Type(f.skills, "Data migration:4")
	test.Type(f.clears, "DBS:01/01/2030")
	test.Tap(button(t, top, "Add leave"))
	row := f.leave.rows[len(f.leave.rows)-1]
	test.Type(row.from, "11/01/2027")
	test.Type(row.to, "15/01/2027")
	tapInDialog(t, u, "Save")
	d := loadData(t, u)
	idx := model.NewIndex(d)
	if a := idx.Associate["0042"]; a == nil || a.Name != "Chidi Okonkwo" || a.HomeOrg != "RR8" || a.MaxDays != model.DefaultMaxDays {
		t.Fatalf("new associate saved as %+v", a)
	}
	if l := idx.Unavailable["0042"]; len(l) != 1 || l[0].From != model.NewDate(2027, 1, 11) || l[0].Reason != "Annual leave" {
		t.Fatalf("their leave: %+v", l)
	}
	if u.associates.selected != "0042" || u.tabs.SelectedIndex() != tabAssociates {
		t.Error("the new associate is not shown")
	}
	// Removing the leave again.
	u.editAssociate("0042")
	test.Tap(button(t, u.win.Canvas().Overlays().Top(), "Remove"))
	tapInDialog(t, u, "Save")
	if l := model.NewIndex(loadData(t, u)).Unavailable["0042"]; len(l) != 0 {
		t.Errorf("the removed leave is still there: %+v", l)
	}
}

// A save the register refuses (someone changed the record meanwhile) opens the form again
// with what was typed, saying why; saving again puts it in place.
func TestARefusedSaveKeepsWhatWasTyped(t *testing.T) {
	u := newTestUI(t)
	f := u.associateDialog("Edit", *u.idx.Associate["001"], nil, false)
	f.maxDays.SetText("55")
	other := *u.idx.Associate["001"]
	other.Notes = "changed elsewhere"
	if err := u.desk.Store().Apply(context.Background(), &model.Changeset{Associates: []model.Associate{other}}); err != nil {
		t.Fatal(err)
	}
	tapInDialog(t, u, "Save")
	if u.win.Canvas().Overlays().Top() == nil || f.maxDays.Text != "55" {
		t.Fatalf("after the refusal the form is gone or lost what was typed (%q)", f.maxDays.Text)
	}
	if !strings.Contains(f.problem.Text, "What you typed is still here") {
		t.Errorf("the form says %q", f.problem.Text)
	}
	tapInDialog(t, u, "Save")
	if got := model.NewIndex(loadData(t, u)).Associate["001"].MaxDays; got != 55 {
		t.Errorf("saving again saved %d days", got)
	}
}

// A skill no associate holds is most often a typo: the form says so, with the nearest
// skill someone holds, and saves it as typed only when asked again.
func TestUnheldSkillIsWarnedOfOnce(t *testing.T) {
	u := newTestUI(t)
	f := u.requests.openNewRequest()
	f.trust.SetText("Nottingham")
	test.Type(f.title, "Cutover rescue")
	test.Type(f.start, "01/03/2027")
	test.Type(f.end, "26/03/2027")
	test.Type(f.roles[0].name, "Cutover lead")
	test.Type(f.roles[0].skills, "Data migation:3")
	tapInDialog(t, u, "Save")
	ref := f.ref.Text
	if u.idx.Request[ref] != nil || !strings.Contains(f.problem.Text, `did you mean "Data migration"?`) {
		t.Fatalf("saved: %v; the form says %q", u.idx.Request[ref] != nil, f.problem.Text)
	}
	tapInDialog(t, u, "Save")
	if r := u.idx.Role[model.RoleKey{RequestRef: ref, Name: "cutover lead"}]; r == nil || r.Skills[0].Skill != "Data migation" {
		t.Fatalf("saving again did not keep the skill as typed: %+v", r)
	}
	if u.idx.Request[ref].Trust != "RX1" {
		t.Errorf("\"Nottingham\" was read as %s", u.idx.Request[ref].Trust)
	}
}

// The organisation picker reads what people type: the offered label, a code in any case,
// a name, or enough of one to name it alone; otherwise it says why, in plain words.
func TestOrganisationPickerReadsWhatPeopleType(t *testing.T) {
	u := newTestUI(t)
	cases := []struct {
		typed, code, problem string
	}{
		{"Leeds Teaching Hospitals NHS Trust (RR8)", "RR8", ""},
		{"rj1", "RJ1", ""},
		{"RX1 — Nottingham University Hospitals NHS Trust", "RX1", ""},
		{"guy's and st thomas' nhs foundation trust", "RJ1", ""},
		{"nottingham", "RX1", ""},
		{"NHS Trust", "", "could be 3 organisations"},
		{"Nowhere General", "", "not a known organisation"},
	}
	for _, tc := range cases {
		t.Run(tc.typed, func(t *testing.T) {
			code, err := pickedOrg(u.idx, tc.typed)
			if code != tc.code || (err == nil) != (tc.problem == "") || err != nil && !strings.Contains(err.Error(), tc.problem) {
				t.Errorf("read as %q, %v", code, err)
			}
		})
	}
	// Under the field, where the form has one line for it, an ambiguity is said briefly.
	if err := u.orgPicker("", false).Validator("NHS Trust"); err == nil || len(err.Error()) > 80 {
		t.Errorf("under the field: %v", err)
	}
	all := u.orgsByName(false)
	if got := orgLabels(all, ""); len(got) != 3 || !strings.HasPrefix(got[0], "Guy's") || !strings.HasPrefix(got[2], "Nottingham") {
		t.Errorf("offered in the order %q", got)
	}
	if got := orgLabels(all, "leeds"); len(got) != 1 || got[0] != "Leeds Teaching Hospitals NHS Trust (RR8)" {
		t.Errorf("typing \"leeds\" offers %q", got)
	}
}

// A lesson's author is tied by Staff ID: changing who wrote it unties the old author, so
// that the register ties the lesson to the new one.
func TestLessonAuthorCanBeChanged(t *testing.T) {
	u := newTestUI(t)
	l := u.data.Lessons[0]
	if l.AuthorID != "003" {
		t.Fatalf("the fixture's lesson is tied to %q, want 003 (Siobhán, the only one of that name)", l.AuthorID)
	}
	f := u.lessons.open(l)
	f.author.SetText("001")
	tapInDialog(t, u, "Save")
	if got := u.data.Lessons[0]; got.AuthorID != "001" || got.Author != "Łukasz Kowalczyk" {
		t.Errorf("after changing the author the lesson is tied to %q (%q)", got.AuthorID, got.Author)
	}
}

// A form opens with its first field that takes typing ready for it: the first keys typed
// are never lost.
func TestFormsOpenReadyForTyping(t *testing.T) {
	forms := map[string]func(u *UI){
		"new request":   func(u *UI) { u.requests.newRequest() },
		"edit request":  func(u *UI) { u.editRequest("REQ-1") }, // its reference is fixed: the next field
		"new associate": func(u *UI) { u.newAssociate() },
		"new lesson":    func(u *UI) { u.lessons.open(model.Lesson{}) },
	}
	for name, open := range forms {
		t.Run(name, func(t *testing.T) {
			u := newTestUI(t)
			open(u)
			f := u.win.Canvas().Focused()
			if f == nil {
				t.Fatal("nothing has the keyboard")
			}
			if d, ok := f.(fyne.Disableable); ok && d.Disabled() {
				t.Errorf("a disabled field has the keyboard")
			}
			// A new record's typing starts in its first empty field, not in the reference
			// it comes with.
			if c, ok := f.(*field); ok && strings.HasPrefix(name, "new") && c.Text != "" {
				t.Errorf("the field with the keyboard already holds %q", c.Text)
			}
		})
	}
}

// Saving an associate in a way that puts their secondments in breach (fewer days released
// than they are booked for) is allowed, and said at once.
func TestSavingAnAssociateSaysWhatNowBreaksARule(t *testing.T) {
	u := newDemoUI(t)
	u.planning.planAll()
	closeAll(u)
	a := u.plan.Assignments[0].Assignment
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }, nil)
	person := *u.idx.Associate[a.StaffID]
	person.MaxDays = 1
	u.saveAssociate(person, u.idx.Unavailable[a.StaffID])
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing said after the save")
	}
	if said := labelsIn(top); !strings.Contains(said, "now break a rule") || !strings.Contains(said, a.RequestRef) {
		t.Errorf("after the save the app says:\n%s", said)
	}
	if got := loadData(t, u); got.Associates[slices.IndexFunc(got.Associates, func(x model.Associate) bool { return x.StaffID == a.StaffID })].MaxDays != 1 {
		t.Error("the change was not saved")
	}
}

// A new organisation and a new lesson are made through their forms as a user would: typed
// in, saved, then in the register.
func TestNewOrganisationAndLessonAreSaved(t *testing.T) {
	u := newTestUI(t)
	u.organisationDialog(model.Organisation{}, true)
	fields := overlayWidgets[*field](t, u)
	test.Type(fields[0], "rxh")
	test.Type(fields[1], "University Hospitals Sussex NHS Foundation Trust")
	tapInDialog(t, u, "Save")
	if o := loadData(t, u); !slices.ContainsFunc(o.Organisations, func(x model.Organisation) bool {
		return x.Code == "RXH" && x.Name == "University Hospitals Sussex NHS Foundation Trust"
	}) {
		t.Errorf("the new organisation is not in the register: %+v", o.Organisations)
	}
	before := len(u.data.Lessons)
	f := u.lessons.open(model.Lesson{})
	f.system.SetText("Nervecentre")
	test.Type(f.whatFailed, "Observations did not reach the ward")
	test.Type(f.whatFixedIt, "Mapped the ward codes again")
	tapInDialog(t, u, "Save")
	got := loadData(t, u).Lessons
	if len(got) != before+1 || !slices.ContainsFunc(got, func(l model.Lesson) bool {
		return l.System == "Nervecentre" && l.WhatFixed == "Mapped the ward codes again"
	}) {
		t.Errorf("the new lesson is not in the register: %+v", got)
	}
}
