package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// button finds the button labelled label among what o lays out, failing the test if none.
func button(t *testing.T, o fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	b := findButton(o, label)
	if b == nil {
		t.Fatalf("no button %q", label)
	}
	return b
}

// findButton is the button labelled label among what o lays out, or nil.
func findButton(o fyne.CanvasObject, label string) *widget.Button {
	for _, obj := range test.LaidOutObjects(o) {
		if b, ok := obj.(*widget.Button); ok && b.Text == label {
			return b
		}
	}
	return nil
}

// tabsShown reports whether the window shows the app's tabs.
func tabsShown(u *UI) bool {
	for _, obj := range test.LaidOutObjects(u.win.Content()) {
		if _, ok := obj.(*container.AppTabs); ok {
			return true
		}
	}
	return false
}

// newStartingUI is the app at start, before any register is open, doing its work inline.
func newStartingUI(t *testing.T) *UI {
	t.Helper()
	u := inTestWindow(test.NewTempApp(t), fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		if u.desk != nil {
			u.desk.Close()
		}
	})
	return u
}

const (
	choiceDemo   = "Explore the demo register"
	choiceImport = "Import a roster workbook or the NHS trust list"
	choiceEmpty  = "Start with an empty register"
)

func TestFirstRunOffersThreeWaysToBegin(t *testing.T) {
	tests := []struct {
		name       string
		choice     string
		associates int
		asksFile   bool
	}{
		{"demo", choiceDemo, 320, false},
		{"import", choiceImport, 0, true},
		{"empty", choiceEmpty, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newStartingUI(t)
			path := filepath.Join(t.TempDir(), "Zoë's registers", "register.db")
			u.begin(path)
			if u.desk != nil || !isNewRegister(path) {
				t.Fatal("a register was made before the user chose")
			}
			for _, label := range []string{choiceDemo, choiceImport, choiceEmpty} {
				button(t, u.win.Content(), label)
			}
			test.Tap(button(t, u.win.Content(), tc.choice))
			if u.desk == nil || u.desk.Store().Location() != path {
				t.Fatalf("no register open at %s after choosing", path)
			}
			if got := len(u.data.Associates); got != tc.associates {
				t.Errorf("%d associates, want %d", got, tc.associates)
			}
			if !tabsShown(u) {
				t.Error("the app's tabs are not shown")
			}
			hint := findButton(u.dashboard.content, "Import roster or trust list…") != nil
			if hint != (tc.associates == 0) {
				t.Errorf("the dashboard's import hint shown: %v with %d associates", hint, tc.associates)
			}
			if asked := u.win.Canvas().Overlays().Top() != nil; asked != tc.asksFile {
				t.Errorf("file dialog shown: %v, want %v", asked, tc.asksFile)
			}
		})
	}
}

func TestFirstRunChoiceIsRemembered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	first := newStartingUI(t)
	first.begin(path)
	test.Tap(button(t, first.win.Content(), choiceEmpty))
	first.desk.Close()
	first.desk = nil

	again := newStartingUI(t)
	again.begin(path)
	if !tabsShown(again) || again.desk == nil {
		t.Fatal("the second start asked again instead of opening the register")
	}
	if n := len(again.data.Associates); n != 0 {
		t.Errorf("the empty register came back with %d associates", n)
	}
}

func TestNewRegisterFromSettingsAsksHowToBegin(t *testing.T) {
	u := newTestUI(t)
	old := u.desk.Store().Location()
	path := filepath.Join(t.TempDir(), "other.db")
	u.switchRegister(path)
	top := u.win.Canvas().Overlays().Top()
	if top == nil || u.desk.Store().Location() != old {
		t.Fatal("switching to a new register did not ask how to begin it")
	}
	test.Tap(button(t, top, choiceDemo))
	if u.desk.Store().Location() != path || len(u.data.Associates) != 320 || u.settings.path.Text != path {
		t.Fatalf("after switching: %s with %d associates", u.desk.Store().Location(), len(u.data.Associates))
	}
	if got := u.app.Preferences().String(prefRegister); got != path {
		t.Errorf("the register was not remembered: %q", got)
	}
	u.switchRegister(old) // an existing register opens as it is
	if u.desk.Store().Location() != old || len(u.data.Associates) != 3 {
		t.Fatalf("switching back: %s with %d associates", u.desk.Store().Location(), len(u.data.Associates))
	}
}
