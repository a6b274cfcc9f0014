package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
	"associateplanner/scheduler"
)

// UI is the main window, the register it shows and its views. Every view reads u.data;
// every change goes to the register and is followed by a reload, so what is shown is what
// is stored.
type UI struct {
	app     fyne.App
	win     fyne.Window
	reg     *model.Register
	version string
	clock   model.Clock
	sync    bool // run background work inline: for tests

	data *model.Data
	idx  *model.Index
	plan *scheduler.Plan // the current plan of the register, for explanations

	tabs       *container.AppTabs
	dashboard  *dashboardView
	associates *associatesView
	requests   *requestsView
	planning   *planningView
	timeline   *timelineView
	letters    *lettersView
	lessons    *lessonsView
	settings   *settingsView
}

func newUI(a fyne.App, w fyne.Window, reg *model.Register, version string) *UI {
	return &UI{app: a, win: w, reg: reg, version: version}
}

// The tabs, in order, and the preference that remembers the last one shown.
const (
	tabDashboard = iota
	tabAssociates
	tabRequests
	tabPlanning
	tabTimeline
	tabLetters
	tabLessons
	tabSettings
	prefTab = "lastTab"
)

// show builds the views on d and its plan and puts them in the window.
func (u *UI) show(d *model.Data, p *scheduler.Plan) {
	u.setData(d, p)
	u.dashboard = newDashboardView(u)
	u.associates = newAssociatesView(u)
	u.requests = newRequestsView(u)
	u.planning = newPlanningView(u)
	u.timeline = newTimelineView(u)
	u.letters = newLettersView(u)
	u.lessons = newLessonsView(u)
	u.settings = newSettingsView(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Dashboard", theme.HomeIcon(), u.dashboard.content),
		container.NewTabItemWithIcon("Associates", theme.AccountIcon(), u.associates.content),
		container.NewTabItemWithIcon("Requests", theme.DocumentIcon(), u.requests.content),
		container.NewTabItemWithIcon("Planning", theme.ViewRefreshIcon(), u.planning.content),
		container.NewTabItemWithIcon("Timeline", theme.ListIcon(), u.timeline.content),
		container.NewTabItemWithIcon("Letters", theme.MailComposeIcon(), u.letters.content),
		container.NewTabItemWithIcon("Lessons", theme.InfoIcon(), u.lessons.content),
		container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), u.settings.content),
	)
	u.tabs.SelectIndex(u.app.Preferences().IntWithFallback(prefTab, tabDashboard))
	u.tabs.OnSelected = func(*container.TabItem) { u.app.Preferences().SetInt(prefTab, u.tabs.SelectedIndex()) }
	u.win.SetContent(u.tabs)
	u.win.SetMainMenu(u.menu())
	u.shortcuts()
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		if len(uris) > 0 {
			u.importFile(uris[0].Path())
		}
	})
	u.win.SetCloseIntercept(func() {
		size := u.win.Canvas().Size()
		u.app.Preferences().SetFloat("width", float64(size.Width))
		u.app.Preferences().SetFloat("height", float64(size.Height))
		u.win.Close()
	})
}

// setData replaces what the views show.
func (u *UI) setData(d *model.Data, p *scheduler.Plan) {
	u.data, u.idx, u.plan = d, model.NewIndex(d), p
}

// loaded is a register as read, with its plan: the explanations the views show (why a seat
// is empty, who could take it) come from planning it. Both are made off the UI thread.
type loaded struct {
	data *model.Data
	plan *scheduler.Plan
}

// load reads the register at reg and plans it.
func load(ctx context.Context, reg *model.Register) (loaded, error) {
	d, err := reg.Load(ctx)
	if err != nil {
		return loaded{}, err
	}
	p, err := scheduler.Make(ctx, d, scheduler.Options{})
	return loaded{d, p}, err
}

// reload reads the register again and refreshes every view.
func (u *UI) reload() {
	u.run("Reading the register", func(ctx context.Context, _ func(string)) error {
		l, err := load(ctx, u.reg)
		if err != nil {
			return err
		}
		u.after(func() { u.refresh(l) })
		return nil
	}, nil)
}

// refresh shows a reloaded register in every view.
func (u *UI) refresh(l loaded) {
	u.setData(l.data, l.plan)
	for _, v := range []interface{ refresh() }{u.dashboard, u.associates, u.requests, u.planning, u.timeline, u.letters, u.lessons, u.settings} {
		v.refresh()
	}
}

// switchRegister closes the register and opens the one at path, and remembers it for next
// time. With no register there yet, it first asks how to begin one, as on first run.
func (u *UI) switchRegister(path string) {
	if !isNewRegister(path) {
		u.switchTo(path, beginExisting)
		return
	}
	var d dialog.Dialog
	d = dialog.NewCustom("New register", "Cancel", welcome(path, func(b beginning) {
		d.Hide()
		u.switchTo(path, b)
	}), u.win)
	d.Show()
}

// switchTo opens the register at path, begun as b, in place of the open one.
func (u *UI) switchTo(path string, b beginning) {
	var reg *model.Register
	var l loaded
	u.run("Opening "+path, func(ctx context.Context, _ func(string)) error {
		var err error
		reg, l, err = openAndLoad(ctx, path, b)
		return err
	}, func() {
		old := u.reg
		u.reg = reg
		u.app.Preferences().SetString(prefRegister, path)
		u.refresh(l)
		old.Close()
		u.begun(b)
	})
}

// backup writes a copy of the register to path.
func (u *UI) backup(path string) {
	u.run("Backing up", func(ctx context.Context, _ func(string)) error { return u.reg.Backup(ctx, path) },
		func() { dialog.ShowInformation("Backed up", "The register was copied to "+path+".", u.win) })
}

// restore replaces the register with a checked backup and shows it. If the restore fails
// after the register was closed, the register as it was is opened again.
func (u *UI) restore(backup string) {
	path := u.reg.Path()
	show := func(reg *model.Register, l loaded) {
		u.after(func() {
			u.reg = reg
			u.refresh(l)
		})
	}
	u.run("Restoring", func(ctx context.Context, _ func(string)) error {
		if err := model.CheckBackup(ctx, backup); err != nil {
			return err // the open register is untouched
		}
		u.reg.Close()
		restoreErr := model.Restore(ctx, path, backup)
		reg, l, err := openAndLoad(ctx, path, beginExisting)
		if err != nil {
			return errors.Join(restoreErr, err)
		}
		show(reg, l)
		return restoreErr
	}, nil)
}

// today is the clock's date.
func (u *UI) today() model.Date { return u.clock.Today() }

// after runs fn on the UI thread (at once in tests).
func (u *UI) after(fn func()) {
	if u.sync {
		fn()
		return
	}
	fyne.Do(fn)
}

// run does long work off the UI thread, showing its stage, a progress bar and a Cancel
// button, and reports a failure in a dialog that says what went wrong. done, if set, runs on
// the UI thread after success.
func (u *UI) run(title string, work func(ctx context.Context, stage func(string)) error, done func()) {
	ctx, cancel := context.WithCancel(context.Background())
	finish := func(err error) {
		cancel()
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			u.showError(title, err)
			if model.ErrorCode(err) == model.ECONFLICT {
				u.reload() // show what the other change did
			}
		case done != nil:
			done()
		}
	}
	if u.sync {
		finish(work(ctx, func(string) {}))
		return
	}
	label := widget.NewLabel(title + "…")
	bar := widget.NewProgressBarInfinite()
	dlg := dialog.NewCustom(title, "Cancel", container.NewVBox(label, bar), u.win)
	dlg.SetOnClosed(cancel)
	timer := time.AfterFunc(300*time.Millisecond, func() { fyne.Do(dlg.Show) }) // quick work shows nothing
	go func() {
		err := work(ctx, func(s string) { fyne.Do(func() { label.SetText(s + "…") }) })
		timer.Stop()
		fyne.Do(func() {
			dlg.Hide()
			finish(err)
		})
	}()
}

// showError explains a failure; the register is as it was.
func (u *UI) showError(title string, err error) {
	msg := widget.NewLabel(model.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title+" failed", "Close", container.NewGridWrap(fyne.NewSize(520, 140), msg), u.win)
	d.Show()
}

func (u *UI) menu() *fyne.MainMenu {
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("Import roster or trust list…", u.chooseImport),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Export roster…", func() { u.chooseExport("roster") }),
			fyne.NewMenuItem("Export template for HR…", func() { u.chooseExport("template") }),
			fyne.NewMenuItem("Export plan…", func() { u.chooseExport("plan") }),
		),
		fyne.NewMenu("Plan",
			fyne.NewMenuItem("Plan all open requests", func() { u.planning.planAll() }),
			fyne.NewMenuItem("New request…", func() { u.requests.newRequest() }),
		),
	)
}

// shortcuts binds Ctrl+F search, Ctrl+N new request, Ctrl+I import and Ctrl+P plan.
func (u *UI) shortcuts() {
	bind := func(key fyne.KeyName, fn func()) {
		u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { fn() })
	}
	bind(fyne.KeyF, func() {
		u.tabs.SelectIndex(tabAssociates)
		u.win.Canvas().Focus(u.associates.query)
	})
	bind(fyne.KeyN, u.requests.newRequest)
	bind(fyne.KeyI, u.chooseImport)
	bind(fyne.KeyP, func() {
		u.tabs.SelectIndex(tabPlanning)
		u.planning.planAll()
	})
}

// tour shows each tab in turn, announcing each on standard output ("tour dashboard") and
// holding it long enough for a screenshot, then quits: the smoke test's way through the app.
func (u *UI) tour() {
	names := []string{"dashboard", "associates", "requests", "planning", "timeline", "letters", "lessons", "settings"}
	time.Sleep(time.Second)
	for i, name := range names {
		fyne.DoAndWait(func() {
			u.tabs.SelectIndex(i)
			if i == tabPlanning && len(u.planning.open) > 0 {
				u.planning.selectRequest(u.planning.open[0].Ref)
			}
			if i == tabAssociates && len(u.associates.rows) > 0 {
				u.associates.table.Select(widget.TableCellID{Row: 0, Col: 0})
			}
		})
		announce(name)
	}
	fyne.Do(u.app.Quit)
}

// announce tells the smoke test that the screen called name is showing, once it has had
// time to draw, and holds it long enough for a screenshot.
func announce(name string) {
	time.Sleep(800 * time.Millisecond)
	fmt.Println("tour", name)
	time.Sleep(1500 * time.Millisecond)
}
