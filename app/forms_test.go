package app

import (
	"context"
	"testing"

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
