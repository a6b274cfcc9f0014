package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// menuItem is the menu item whose shortcut is Ctrl+key, failing the test if none.
func menuItem(t *testing.T, u *UI, key fyne.KeyName) *fyne.MenuItem {
	t.Helper()
	want := ctrl(key).ShortcutName()
	for _, m := range u.win.MainMenu().Items {
		for _, item := range m.Items {
			if item.Shortcut != nil && item.Shortcut.ShortcutName() == want {
				return item
			}
		}
	}
	t.Fatalf("no menu item has Ctrl+%s", key)
	return nil
}

// Every shortcut is a menu item's, so that it works with the focus in a search box (the
// window offers keys to the menus first) and the menus show it.
func TestEveryShortcutIsAMenuItem(t *testing.T) {
	u := newTestUI(t)
	u.associates.query.SetText("Data")
	cases := []struct {
		key fyne.KeyName
		tab int
	}{
		{fyne.Key1, tabDashboard}, {fyne.Key2, tabAssociates}, {fyne.Key3, tabRequests}, {fyne.Key4, tabPlanning},
		{fyne.Key5, tabTimeline}, {fyne.Key6, tabLetters}, {fyne.Key7, tabLessons}, {fyne.Key8, tabSettings},
		{fyne.KeyF, tabAssociates}, {fyne.KeyP, tabPlanning},
	}
	for _, tc := range cases {
		t.Run(string(tc.key), func(t *testing.T) {
			u.tabs.SelectIndex(tabSettings - tc.tab) // somewhere else first
			menuItem(t, u, tc.key).Action()
			if got := u.tabs.SelectedIndex(); got != tc.tab {
				t.Errorf("Ctrl+%s shows tab %d, want %d", tc.key, got, tc.tab)
			}
		})
	}
	// Ctrl+F puts the cursor in the search with its text selected, so typing replaces it.
	menuItem(t, u, fyne.KeyF).Action()
	if u.win.Canvas().Focused() != u.associates.query || u.associates.query.SelectedText() != "Data" {
		t.Errorf("after Ctrl+F the focus is on %T with %q selected", u.win.Canvas().Focused(), u.associates.query.SelectedText())
	}
	for _, key := range []fyne.KeyName{fyne.KeyN, fyne.KeyI, fyne.KeyQ} {
		if menuItem(t, u, key).Action == nil {
			t.Errorf("Ctrl+%s does nothing", key)
		}
	}
}

// A routine change is said on the status line rather than in a dialog to dismiss, and the
// status line's Undo names what it takes back.
func TestStatusLineSaysWhatChangedAndUndoes(t *testing.T) {
	u := newTestUI(t)
	undoMenu := u.undoMenu
	if !u.status.undo.Disabled() || !undoMenu.Disabled {
		t.Fatal("Undo offered before any change")
	}
	u.planning.planAll()
	if len(u.dialogs) != 0 {
		t.Errorf("planning left %d dialog(s) to dismiss", len(u.dialogs))
	}
	if !strings.Contains(u.status.said.Text, "Planned: 2 proposed assignment(s) saved") {
		t.Errorf("status line: %q", u.status.said.Text)
	}
	if u.status.undo.Text != "Undo: commit the plan" || undoMenu.Disabled {
		t.Fatalf("after planning, Undo reads %q (menu disabled: %v)", u.status.undo.Text, undoMenu.Disabled)
	}
	test.Tap(u.status.undo)
	if n := len(loadData(t, u).Assignments); n != 0 {
		t.Errorf("undoing the plan left %d assignments", n)
	}
	if !strings.Contains(u.status.said.Text, "Undone: commit the plan.") || !u.status.undo.Disabled() || !undoMenu.Disabled {
		t.Errorf("after Undo the status line says %q, Undo disabled: %v", u.status.said.Text, u.status.undo.Disabled())
	}
}

// The keyboard alone finds and opens a person: type in the search, Enter opens the first
// match, Down and Up move through the others.
func TestSearchPicksAPersonByKeyboard(t *testing.T) {
	u := newDemoUI(t)
	v := u.associates
	u.win.Canvas().Focus(v.query)
	test.Type(v.query, "hannah")
	if len(v.rows) < 2 {
		t.Fatalf("%d matches for hannah: the test needs two", len(v.rows))
	}
	key := func(name fyne.KeyName) { v.query.TypedKey(&fyne.KeyEvent{Name: name}) }
	staffOf := func(row int) string { return u.data.Associates[v.rows[row]].StaffID }
	key(fyne.KeyReturn)
	if v.selected != staffOf(0) {
		t.Fatalf("Enter opened %q, want the first match %s", v.selected, staffOf(0))
	}
	key(fyne.KeyDown)
	if v.selected != staffOf(1) {
		t.Errorf("Down opened %q, want the second match %s", v.selected, staffOf(1))
	}
	key(fyne.KeyUp)
	if v.selected != staffOf(0) || v.query.Text != "hannah" {
		t.Errorf("Up opened %q (the search reads %q)", v.selected, v.query.Text)
	}
}

// Help ▸ Keyboard shortcuts lists every shortcut of the menus.
func TestHelpListsTheShortcuts(t *testing.T) {
	u := newTestUI(t)
	u.showShortcuts()
	said := labelsIn(u.win.Canvas().Overlays().Top())
	for _, want := range []string{"Ctrl+P — Plan ▸ Plan all open requests", "Ctrl+1 — Go ▸ Dashboard", "Ctrl+F — Go ▸ Find an associate",
		"Ctrl+Q — File ▸ Quit", "Escape"} {
		if !strings.Contains(said, want) {
			t.Errorf("the list lacks %q:\n%s", want, said)
		}
	}
}

// A shortcut does nothing behind an open dialog: Ctrl+P does not plan, nor Ctrl+1 change the
// tab, while a form is half filled.
func TestShortcutsWaitForTheOpenDialog(t *testing.T) {
	u := newTestUI(t)
	u.tabs.SelectIndex(tabRequests)
	u.requests.newRequest()
	before := len(loadData(t, u).Assignments)
	menuItem(t, u, fyne.KeyP).Action()
	menuItem(t, u, fyne.Key1).Action()
	if n := len(loadData(t, u).Assignments); n != before || u.tabs.SelectedIndex() != tabRequests {
		t.Errorf("behind the form: %d assignments (was %d), tab %d", n, before, u.tabs.SelectedIndex())
	}
	closeAll(u)
	menuItem(t, u, fyne.Key1).Action()
	if u.tabs.SelectedIndex() != tabDashboard {
		t.Error("with no dialog open, Ctrl+1 did not show the dashboard")
	}
}
