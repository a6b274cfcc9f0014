package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/scheduler"
)

// UI is the main window, the register it shows and its views. Every view reads u.view;
// every change goes to the register through the desk and is followed by a reload, so what
// is shown is what is stored.
type UI struct {
	app     fyne.App
	win     fyne.Window
	desk    *actions.Desk
	version string
	clock   model.Clock
	log     *slog.Logger
	team    *teamState       // a team register's password, live watch and bar
	start   func(job func()) // runs background work: on its own goroutine, or at once in tests

	status   *statusBar     // the last change, and Undo
	undoMenu *fyne.MenuItem // the Plan menu's Undo

	dialogs    []dialog.Dialog             // open, newest last
	forms      map[dialog.Dialog]*openForm // the open forms, by their dialog
	formFailed func(err error)             // while a form saves: opens it again, typed as it was
	denied     map[*widget.Button]bool     // buttons the user's role may not use: never enabled

	view *actions.View // the register as loaded, with the plan it holds
	data *model.Data   // view.Data
	idx  *model.Index  // view.Index
	plan *scheduler.Plan

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

// inBackground runs a job on a goroutine of its own.
func inBackground(job func()) { go job() }

func newUI(a fyne.App, w fyne.Window, version string, log *slog.Logger) *UI {
	return &UI{app: a, win: w, version: version, log: log, start: inBackground, forms: map[dialog.Dialog]*openForm{}}
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

// show builds the views on a loaded register and puts them in the window.
func (u *UI) show(v *actions.View) {
	u.setView(v)
	u.status = newStatusBar(u)
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
	u.win.SetContent(container.NewBorder(nil, u.status.content, nil, nil, u.withTeamBar(u.tabs)))
	u.watch() // a team register's changes, as others make them
	u.win.SetMainMenu(u.menu())
	u.refreshUndo()
	u.status.said.SetText("Register: " + u.desk.Store().Location())
	u.escapes()
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		if len(uris) > 0 {
			u.importFile(uris[0].Path())
		}
	})
	u.win.SetCloseIntercept(u.quit)
}

// quit remembers the window's size for next time and closes it, which ends the app.
func (u *UI) quit() {
	size := u.win.Canvas().Size()
	u.app.Preferences().SetFloat("width", float64(size.Width))
	u.app.Preferences().SetFloat("height", float64(size.Height))
	u.win.Close()
}

// setView replaces what the views show.
func (u *UI) setView(v *actions.View) {
	u.view, u.data, u.idx, u.plan = v, v.Data, v.Index, v.Plan
}

// reload reads the register again and refreshes every view.
func (u *UI) reload() {
	var v *actions.View
	u.run("Reading the register", func(ctx context.Context, _ progress) error {
		var err error
		v, err = u.desk.Load(ctx)
		return err
	}, func() { u.refresh(v) })
}

// change runs an action on the register as the user saw it, reads the register again and
// shows it, then runs then (if set) on the UI thread.
func (u *UI) change(title string, action func(ctx context.Context, seen *model.Data) error, then func()) {
	u.changeCounted(title, func(ctx context.Context, seen *model.Data, _ progress) error { return action(ctx, seen) }, then)
}

// changeCounted is change for an action that reports its progress.
func (u *UI) changeCounted(title string, action func(ctx context.Context, seen *model.Data, report progress) error, then func()) {
	seen, failed := u.data, u.formFailed
	var v *actions.View
	u.runOr(title, func(ctx context.Context, report progress) error {
		if err := action(ctx, seen, report); err != nil {
			return err
		}
		var err error
		v, err = u.desk.Load(ctx)
		return err
	}, func() {
		u.refresh(v)
		u.tell(title + ": done.") // then may say more
		if then != nil {
			then()
		}
	}, failed)
}

// conflictOf says why a saved assignment breaks a rule now, or "".
func (u *UI) conflictOf(a model.Assignment) string { return u.view.Conflicts[model.AssignmentKey(a)] }

// refresh shows a reloaded register in every view.
func (u *UI) refresh(v *actions.View) {
	u.setView(v)
	for _, view := range []interface{ refresh() }{u.dashboard, u.associates, u.requests, u.planning, u.timeline, u.letters, u.lessons, u.settings} {
		view.refresh()
	}
	u.refreshUndo()
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
	u.present(d, nil)
}

// switchTo opens the register at path, begun as b, in place of the open one.
func (u *UI) switchTo(path string, b beginning) {
	var desk *actions.Desk
	var v *actions.View
	u.run("Opening "+path, func(ctx context.Context, _ progress) error {
		var err error
		desk, v, err = u.openAndLoad(ctx, path, b)
		return err
	}, func() {
		old := u.desk
		u.desk = desk
		u.app.Preferences().SetString(prefRegister, path)
		u.show(v) // the views again: the new register's role decides which buttons work
		old.Close()
		u.begun(b)
	})
}

// backup writes a copy of the register to path.
func (u *UI) backup(path string) {
	u.run("Backing up", func(ctx context.Context, _ progress) error { return u.desk.Backup(ctx, path) },
		func() { u.written("Backed up", "The register was copied to "+path+".", path) })
}

// restore replaces the register with a checked backup and shows it.
func (u *UI) restore(backup string) {
	var done model.Restored
	u.change("Restoring", func(ctx context.Context, _ *model.Data) error {
		var err error
		done, err = u.desk.RestoreFrom(ctx, backup)
		return err
	}, func() { u.info("Restored", "Done: "+done.Words(u.desk.Store().Location(), backup)+".") })
}

// today is the clock's date.
func (u *UI) today() model.Date { return u.clock.Today() }

// after runs fn on the UI thread.
func (u *UI) after(fn func()) { fyne.Do(fn) }

// progress tells a running job's dialog its stage and, when total > 0, how far through it is.
type progress func(stage string, done, total int)

// run does long work in the background, showing its stage, a progress bar (counting when
// the work can count, moving otherwise) and a Cancel button, and reports a failure in a
// dialog that says what went wrong. done, if set, runs on the UI thread after success.
func (u *UI) run(title string, work func(ctx context.Context, report progress) error, done func()) {
	u.runOr(title, work, done, nil)
}

// runOr is run that, when the work fails, tells failed (if set) instead of showing the error.
func (u *UI) runOr(title string, work func(ctx context.Context, report progress) error, done func(), failed func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	label := widget.NewLabel(title + "…")
	moving, counting := widget.NewProgressBarInfinite(), widget.NewProgressBar()
	counting.Hide()
	dlg := dialog.NewCustom(title, "Cancel", container.NewGridWrap(u.fit(480, 80), container.NewVBox(label, moving, counting)), u.win)
	dlg.SetOnClosed(cancel)
	timer := time.AfterFunc(300*time.Millisecond, func() { fyne.Do(dlg.Show) }) // quick work shows nothing
	report := func(stage string, n, total int) {
		fyne.Do(func() {
			label.SetText(stage + "…")
			if total > 0 {
				moving.Hide()
				moving.Stop()
				counting.Show()
				counting.SetValue(float64(n) / float64(total))
			}
		})
	}
	u.start(func() {
		err := work(ctx, report)
		timer.Stop()
		fyne.Do(func() {
			dlg.Hide()
			cancel()
			switch {
			case errors.Is(err, context.Canceled):
			case err != nil:
				if failed != nil {
					failed(err)
				} else {
					u.showError(title, err)
				}
				if model.ErrorCode(err) == model.ECONFLICT {
					u.reload() // show what the other change did
				}
			case done != nil:
				done()
			}
		})
	})
}

// showError explains a failure in plain words; the register is as it was.
func (u *UI) showError(title string, err error) {
	msg := wrapped(model.ErrorMessage(err))
	u.present(dialog.NewCustom(title+" failed", "Close", u.sized(msg, 560, 180), u.win), nil)
}

// menu is the window's menu bar. Every keyboard shortcut is a menu item's, so the menus
// show them and they work wherever the focus is, in a search box too: the window offers a
// key to the menus before the focused widget.
func (u *UI) menu() *fyne.MainMenu {
	quit := fyne.NewMenuItem("Quit", u.quit)
	quit.IsQuit, quit.Shortcut = true, ctrl(fyne.KeyQ)
	u.undoMenu = fyne.NewMenuItem("Undo the last change", u.undoLast)
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			u.withKey(fyne.NewMenuItem("Import roster or trust list…", u.chooseImport), fyne.KeyI),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Export roster…", func() { u.chooseExport("roster") }),
			fyne.NewMenuItem("Export template for HR…", func() { u.chooseExport("template") }),
			fyne.NewMenuItem("Export plan…", func() { u.chooseExport("plan") }),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Go", u.goItems()...),
		fyne.NewMenu("Plan",
			u.withKey(fyne.NewMenuItem("New request…", func() { u.requests.newRequest() }), fyne.KeyN),
			u.withKey(fyne.NewMenuItem("Plan all open requests", func() {
				u.tabs.SelectIndex(tabPlanning)
				u.planning.planAll()
			}), fyne.KeyP),
			fyne.NewMenuItemSeparator(),
			u.undoMenu,
		),
		fyne.NewMenu("Help", fyne.NewMenuItem("Keyboard shortcuts", u.showShortcuts),
			fyne.NewMenuItem("About Associate Planner", u.about)),
	)
}

// showShortcuts lists the keys, read from the menus themselves so the list is never out
// of step with them, and the keys of the search and of dialogs.
func (u *UI) showShortcuts() {
	var lines []string
	for _, m := range u.win.MainMenu().Items {
		for _, item := range m.Items {
			if sc, ok := item.Shortcut.(*desktop.CustomShortcut); ok {
				lines = append(lines, fmt.Sprintf("Ctrl+%s — %s ▸ %s", sc.KeyName, m.Label, strings.TrimSuffix(item.Label, "…")))
			}
		}
	}
	lines = append(lines, "Enter, ↓, ↑ — in the associates' search: open the first match, the next, the previous",
		"Enter — in a question: answer yes", "Escape — close the dialog")
	u.info("Keyboard shortcuts", strings.Join(lines, "\n"))
}

// goItems are the tabs in order on Ctrl+1 to Ctrl+8, and the associates' search on Ctrl+F.
func (u *UI) goItems() []*fyne.MenuItem {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8}
	var items []*fyne.MenuItem
	for i, tab := range u.tabs.Items {
		items = append(items, u.withKey(fyne.NewMenuItem(tab.Text, func() { u.tabs.SelectIndex(i) }), keys[i]))
	}
	find := u.withKey(fyne.NewMenuItem("Find an associate…", func() {
		u.tabs.SelectIndex(tabAssociates)
		u.win.Canvas().Focus(u.associates.query)
		u.associates.query.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the last search
	}), fyne.KeyF)
	return append(items, fyne.NewMenuItemSeparator(), find)
}

// ctrl is Ctrl (Cmd on a Mac) with key.
func ctrl(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// withKey gives a menu item its shortcut. The shortcut does nothing while a dialog is open:
// Ctrl+P must not plan, nor Ctrl+1 change the tab, behind a half-filled form.
func (u *UI) withKey(item *fyne.MenuItem, key fyne.KeyName) *fyne.MenuItem {
	item.Shortcut = ctrl(key)
	act := item.Action
	item.Action = func() {
		if len(u.dialogs) == 0 {
			act()
		}
	}
	return item
}

// about says which version this is and where the register is.
func (u *UI) about() {
	u.info("About Associate Planner", "Associate Planner "+u.version+"\n\nThe register: "+u.desk.Store().Location()+
		"\n\nMatches NHS associates to trusts' support requests without breaking a hard rule, emergencies first.")
}
