package app

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"associateplanner/importers"
	"associateplanner/model"
)

// TestScreenshotsOfEveryTabAndDialog renders every tab and dialog of the app on the demo
// register, at a 1024×700 laptop size and at 1440×900, with Fyne's software renderer, and
// fails if any picture is blank. The pictures are kept in $ASSOCIATE_PLANNER_SHOTS when
// set, for a person to look at (the README's come from there).
func TestScreenshotsOfEveryTabAndDialog(t *testing.T) {
	dir := os.Getenv("ASSOCIATE_PLANNER_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	tabs := []string{"dashboard", "associates", "requests", "planning", "timeline", "letters", "lessons", "settings"}
	dialogs := map[string]func(u *UI){
		"new-request":       func(u *UI) { u.requests.newRequest() },
		"edit-associate":    func(u *UI) { u.editAssociate(u.data.Associates[0].StaffID) },
		"new-associate":     func(u *UI) { u.newAssociate() },
		"organisations":     func(u *UI) { u.showOrganisations() },
		"new-lesson":        func(u *UI) { u.lessons.open(model.Lesson{}) },
		"audit":             func(u *UI) { u.showAudit() },
		"swap":              func(u *UI) { u.planning.swap(u.plan.Assignments[len(u.plan.Assignments)-1].Assignment) },
		"stand-down":        func(u *UI) { u.standDown(u.plan.Assignments[len(u.plan.Assignments)-1].Assignment) },
		"close-request":     func(u *UI) { u.closeRequest(u.planning.open[0].Ref, model.RequestClosed) },
		"edit-request":      func(u *UI) { u.editRequest(u.planning.open[0].Ref) },
		"edit-organisation": func(u *UI) { u.organisationDialog(u.data.Organisations[0], false) },
		"import-report": func(u *UI) {
			u.showImportReport("HR roster.xlsx", &importers.Report{File: "HR roster.xlsx", Errors: []importers.Finding{
				{Sheet: "Associates", Row: 14, Column: "Email", Message: `"j.smith@" is not an email address`}}})
		},
		"complete":      func(u *UI) { u.complete(u.plan.Assignments[0].Assignment) },
		"confirm-all":   func(u *UI) { u.planning.askConfirmAll() },
		"erase":         func(u *UI) { u.confirmErase(u.data.Associates[0].StaffID) },
		"team-register": func(u *UI) { u.connectTeam() },
		"shortcuts":     func(u *UI) { u.showShortcuts() },
		"dashboard-list": func(u *UI) {
			u.dashboard.showList("On leave this week", u.dashboard.leaveLines(model.OnLeave(u.data, model.Period{From: u.today(), To: u.today() + 6})))
		},
	}
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1440, Height: 900}} {
		u := newDemoUI(t)
		u.planning.planAll()
		closeAll(u)
		u.win.Resize(size)
		u.planning.selectRequest(u.planning.open[0].Ref)
		u.associates.selectPerson(u.data.Associates[0].StaffID)
		suffix := fmt.Sprintf("-%dx%d.png", int(size.Width), int(size.Height))
		for i, tab := range tabs {
			u.tabs.SelectIndex(i)
			shoot(t, u, filepath.Join(dir, tab+suffix))
		}
		u.tabs.SelectIndex(tabPlanning)
		for name, open := range dialogs {
			open(u)
			shoot(t, u, filepath.Join(dir, "dialog-"+name+suffix))
			closeAll(u)
		}
	}
}

// shoot renders the window to a PNG at path, failing the test when it is blank.
func shoot(t *testing.T, u *UI, path string) {
	t.Helper()
	img := u.win.Canvas().Capture()
	if n := distinctColours(img); n < 8 {
		t.Errorf("%s looks blank: %d colours", filepath.Base(path), n)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func distinctColours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 5 {
		for x := b.Min.X; x < b.Max.X; x += 5 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
