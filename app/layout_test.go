package app

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/importers"
	"associateplanner/model"
)

// newLaptopUI is the app in a window the size of a 1024×700 laptop screen.
func newLaptopUI(t *testing.T) *UI {
	t.Helper()
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1024, 700))
	return u
}

// Every dialog fits a 1024×700 window: its content scrolls instead of overflowing it, so
// Save and Cancel are always on screen.
func TestDialogsFitALaptopScreen(t *testing.T) {
	dialogs := map[string]func(u *UI){
		"new request":      func(u *UI) { u.requests.newRequest() },
		"edit request":     func(u *UI) { u.editRequest("REQ-1") },
		"edit associate":   func(u *UI) { u.editAssociate("001") },
		"new associate":    func(u *UI) { u.newAssociate() },
		"organisations":    func(u *UI) { u.showOrganisations() },
		"new organisation": func(u *UI) { u.organisationDialog(model.Organisation{}, true) },
		"new lesson":       func(u *UI) { u.lessons.open(model.Lesson{}) },
		"close request":    func(u *UI) { u.closeRequest("REQ-1", model.RequestClosed) },
		"audit trail":      func(u *UI) { u.showAudit() },
	}
	for name, open := range dialogs {
		t.Run(name, func(t *testing.T) {
			u := newLaptopUI(t)
			open(u)
			top := u.win.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("no dialog shown")
			}
			win := u.win.Canvas().Size()
			found := 0
			for _, o := range test.LaidOutObjects(top) {
				if b, ok := o.(*widget.Button); ok && (b.Text == "Save" || b.Text == "Close" || b.Text == "Cancel") {
					found++
					pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
					if pos.X+b.Size().Width > win.Width || pos.Y+b.Size().Height > win.Height {
						t.Errorf("%q is drawn at %v, outside the %v window", b.Text, pos, win)
					}
				}
			}
			if found == 0 {
				t.Fatal("the dialog has no Save, Close or Cancel button")
			}
		})
	}
}

// Escape dismisses the newest dialog, whether or not a field has the keyboard.
func TestEscapeClosesDialogs(t *testing.T) {
	u := newTestUI(t)
	u.editAssociate("001")
	if len(u.dialogs) != 1 {
		t.Fatalf("%d dialogs open", len(u.dialogs))
	}
	var name *field
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if f, ok := o.(*field); ok && f.Text == "Łukasz Kowalczyk" {
			name = f
		}
	}
	u.win.Canvas().Focus(name)
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 0 || u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape in a field did not close the form")
	}
	// With something typed, Escape asks before throwing it away; Escape again keeps it.
	u.editAssociate("001")
	typedIn := overlayWidgets[*field](t, u)[0]
	typedIn.SetText(typedIn.Text + "x")
	typedIn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 2 || !strings.Contains(labelsIn(u.win.Canvas().Overlays().Top()), "lose what you typed") {
		t.Fatalf("Escape on a typed form: %d dialogs, the top says %q", len(u.dialogs), labelsIn(u.win.Canvas().Overlays().Top()))
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 1 || typedIn.Text == "" {
		t.Fatalf("Escape on the question: %d dialogs open, want the form kept", len(u.dialogs))
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Discard
	if len(u.dialogs) != 0 {
		t.Fatalf("after Discard: %d dialogs open", len(u.dialogs))
	}
	u.info("Done", "Something happened.")
	u.win.Canvas().Unfocus()
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 0 {
		t.Error("Escape with nothing focused did not close the message")
	}
	// Enter answers a question yes; a message is not a question.
	said := false
	u.ask("Sure?", "Go on?", "Yes", func() { said = true })
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !said || len(u.dialogs) != 0 {
		t.Errorf("Enter on a question: answered %v, %d dialogs open", said, len(u.dialogs))
	}
	u.info("Done", "Something happened.")
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(u.dialogs) != 1 {
		t.Error("Enter closed a message as if it were a question")
	}
}

// After a search hides the person in the detail pane, nothing stays selected: Edit and
// Erase can never act on someone the table does not show.
func TestAssociatesSelectionFollowsTheFilter(t *testing.T) {
	u := newTestUI(t)
	v := u.associates
	v.selectPerson("002")
	if v.selected != "002" || v.edit.Disabled() {
		t.Fatal("selecting a person did not show them")
	}
	test.Type(v.query, "Kowalczyk")
	if v.selected != "" || !v.edit.Disabled() || !v.erase.Disabled() {
		t.Errorf("after a search that hides them: selected %q, edit enabled %v", v.selected, !v.edit.Disabled())
	}
	v.selectPerson("003") // opened from elsewhere: the search is cleared to show them
	if v.selected != "003" || v.query.Text != "" || v.rowOf("003") < 0 {
		t.Errorf("opening a hidden person: selected %q, query %q", v.selected, v.query.Text)
	}
	if d := v.detail.String(); !containsAll(d, "£", "/day", "days released used", "Email", "Phone") {
		t.Errorf("the detail pane: %q", d)
	}
}

// An end before the start is wrong as soon as it is typed, not only on Save.
func TestRequestFormChecksDatesAsTyped(t *testing.T) {
	u := newTestUI(t)
	f := newRequestForm(u)
	test.Type(f.start, "10/03/2027")
	test.Type(f.end, "01/03/2027")
	if err := f.end.Validate(); err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Fatalf("end before start: %v", err)
	}
	f.start.SetText("01/02/2027")
	if err := f.end.Validate(); err != nil {
		t.Errorf("a valid end refused after the start moved: %v", err)
	}
	f.load(u.idx.Request["REQ-1"], u.idx.RolesOf["REQ-1"])
	if got := f.trust.Text; got != "Nottingham University Hospitals NHS Trust (RX1)" {
		t.Errorf("the host trust is shown as %q: by name, with the code after", got)
	}
}

func TestSettingsNameEveryProblemAtOnce(t *testing.T) {
	u := newTestUI(t)
	s := u.settings
	s.budget.SetText("lots")
	s.limit.SetText("-1")
	s.weights[0].SetText("-3")
	s.save()
	for _, want := range []string{"Annual budget", "Release limit", "Weight System experience"} {
		if !strings.Contains(s.problem.Text, want) {
			t.Errorf("%q not named in %q", want, s.problem.Text)
		}
	}
	if auditCount(t, u) != 0 && loadData(t, u).Settings.ReleaseLimit != 2 {
		t.Error("invalid settings were saved")
	}
}

func TestPlanningListPutsEmptySeatsFirst(t *testing.T) {
	u := newTestUI(t)
	item := newRequestItem()
	q := u.idx.Request["REQ-1"]
	u.planning.showItem(q, item)
	first := item.(*fyne.Container).Objects[0].(*widget.Label).Text
	if !strings.HasPrefix(first, "P1 REQ-1 · ⚠ 2 empty") {
		t.Errorf("the list shows %q", first)
	}
}

func TestAuditTrailReadsInPoundsAndFilters(t *testing.T) {
	u := newTestUI(t)
	a := *u.idx.Associate["001"]
	a.DayRate = model.Pounds(510)
	u.saveAssociate(a, u.idx.Unavailable["001"])
	u.showAudit()
	top := u.win.Canvas().Overlays().Top()
	var filter *field
	for _, o := range test.LaidOutObjects(top) {
		if f, ok := o.(*field); ok {
			filter = f
		}
	}
	test.Type(filter, "day_rate £510")
	var table *widget.Table
	for _, o := range test.LaidOutObjects(top) {
		if tb, ok := o.(*widget.Table); ok {
			table = tb
		}
	}
	rows, _ := table.Length()
	if rows != 1 {
		t.Fatalf("the filter kept %d entries", rows)
	}
	// Selected, a change reads in full, its time in UK time, day first.
	table.Select(widget.TableCellID{Row: 0, Col: 5})
	full := labelsIn(top)
	if !regexp.MustCompile(`\d\d/\d\d/20\d\d \d\d:\d\d:\d\d · .*day_rate.*£510`).MatchString(full) {
		t.Errorf("the selected change reads:\n%s", full)
	}
}

func TestExportNamesCarryTheDate(t *testing.T) {
	u := newTestUI(t)
	if got := u.datedName("roster", ".xlsx"); got != "roster 2026-12-01.xlsx" {
		t.Errorf("suggested %q", got)
	}
}

func TestLookCanBeChosen(t *testing.T) {
	u := newTestUI(t)
	u.settings.look.SetSelected(lookDark)
	if got := u.app.Preferences().String(prefLook); got != lookDark {
		t.Errorf("the look chosen is remembered as %q", got)
	}
	th, ok := u.app.Settings().Theme().(nhsTheme)
	if !ok || th.variant == nil || *th.variant != theme.VariantDark {
		t.Errorf("the theme is %#v", u.app.Settings().Theme())
	}
}

// The timeline is one lane per person, leave drawn in it, bars that open what they stand
// for when clicked, zoom and filters; it fills the window.
func TestTimelineToPlanOn(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	closeAll(u)
	v := u.timeline
	u.tabs.SelectIndex(tabTimeline)
	if got := v.chart.describe(); !strings.HasPrefix(got, "2 lanes, 2 bars") {
		t.Fatalf("by associate: %s", got)
	}
	v.region.SetSelected("London") // Łukasz works in London, Siobhán in Leeds
	if got := v.chart.describe(); !strings.HasPrefix(got, "1 lanes, 1 bars") {
		t.Errorf("filtered to London: %s", got)
	}
	v.region.SetSelected(anyOption)
	v.zoom.SetSelected("4 weeks")
	if got := v.chart.describe(); !strings.HasSuffix(got, "23/11/2026 to 21/12/2026") {
		t.Errorf("zoomed to 4 weeks: %s", got)
	}
	v.zoom.SetSelected("1 year")
	narrow := v.chart.dayWidth(1000)
	if wide := v.chart.dayWidth(1400); wide <= narrow {
		t.Errorf("a day is %.2f wide in a wide window, %.2f in a narrow one: the chart does not stretch", wide, narrow)
	}
	// Clicking the first lane's bar opens that person.
	first := v.chart.lanes[0]
	x := v.chart.x(first.bars[0].From, v.chart.Size().Width) + 2
	v.chart.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x, ganttHeadH+ganttRowH/2)})
	if u.tabs.SelectedIndex() != tabAssociates || u.associates.selected != first.staffID {
		t.Errorf("clicking %s's bar opened tab %d, person %q", first.staffID, u.tabs.SelectedIndex(), u.associates.selected)
	}
	// Pointing at a bar says what it is.
	u.tabs.SelectIndex(tabTimeline)
	first = v.chart.lanes[0]
	x = v.chart.x(first.bars[0].From, v.chart.Size().Width) + 2
	v.chart.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, ganttHeadH+ganttRowH/2)}})
	if v.chart.tip == nil || !strings.Contains(labelsIn(v.chart.tip), "REQ-1") {
		t.Error("pointing at a bar says nothing of its request")
	}
	v.chart.MouseOut()
	// The filters: by system, by request, by status.
	filters := []struct {
		name  string
		set   func()
		bars  int
		reset func()
	}{
		{"system Epic", func() { v.system.SetSelected("Epic") }, 2, func() { v.system.SetSelected(anyOption) }},
		{"request REQ-1", func() { v.request.SetSelected("REQ-1") }, 2, func() { v.request.SetSelected(anyOption) }},
		{"no proposals", func() { v.statuses.SetSelected([]string{string(model.Confirmed)}) }, 0,
			func() { v.statuses.SetSelected(enumStrings(shownStatuses)) }},
	}
	for _, f := range filters {
		f.set()
		if got := v.chart.describe(); !strings.Contains(got, fmt.Sprintf(" %d bars", f.bars)) {
			t.Errorf("filtered to %s: %s", f.name, got)
		}
		f.reset()
	}
	// A secondment that now breaks a rule is marked: leave over a Confirmed one.
	a := u.plan.Assignments[0].Assignment
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }, nil)
	leave := []model.Unavailability{{StaffID: a.StaffID, Period: model.Period{From: a.From, To: a.From + 2}, Reason: "Sickness"}}
	u.saveAssociate(*u.idx.Associate[a.StaffID], leave)
	closeAll(u)
	if got := v.chart.describe(); !strings.Contains(got, "1 conflicts") {
		t.Errorf("with leave over a Confirmed secondment: %s", got)
	}
	// By request, the request's heading lane opens its plan.
	v.byWho.SetSelected("By request")
	if v.chart.lanes[0].request == "" || !v.chart.lanes[0].heading {
		t.Fatalf("by request starts with %+v, not the request's heading", v.chart.lanes[0])
	}
	v.chart.Tapped(&fyne.PointEvent{Position: fyne.NewPos(5, ganttHeadH+ganttRowH/2)})
	if u.tabs.SelectedIndex() != tabPlanning || u.planning.selected != v.chart.lanes[0].request {
		t.Errorf("clicking the heading of %s opened tab %d, request %q", v.chart.lanes[0].request, u.tabs.SelectedIndex(), u.planning.selected)
	}
}

// Seats with someone free to take them have not been planned since: the pane says so
// rather than call them empty; the dashboard's emergency card opens the first of them.
func TestUnplannedSeatsSayNotPlannedYet(t *testing.T) {
	u := newTestUI(t)
	u.dashboard.showEmergency()
	if u.tabs.SelectedIndex() != tabPlanning || u.planning.selected != "REQ-1" {
		t.Fatalf("the emergency card opened tab %d, request %q", u.tabs.SelectedIndex(), u.planning.selected)
	}
	if shown := labelsIn(u.planning.detail); !strings.Contains(shown, "2 seat(s) not planned yet") {
		t.Errorf("before planning the pane says:\n%s", shown)
	}
	u.planning.planAll()
	if shown := labelsIn(u.planning.detail); strings.Contains(shown, "not planned yet") {
		t.Errorf("after planning the pane still says:\n%s", shown)
	}
}

// A closed request's team is shown as it ended, with nothing to do but reopen it.
func TestClosedRequestOffersOnlyReopen(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	u.change("Cancelling", func(ctx context.Context, seen *model.Data) error {
		return u.desk.CloseRequest(ctx, seen, "REQ-1", model.RequestCancelled, nil)
	}, nil)
	u.planning.selectRequest("REQ-1")
	for _, label := range []string{"Confirm", "Swap…", "Reject", "Close…", "Confirm its proposals"} {
		if findButton(u.planning.detail, label) != nil {
			t.Errorf("a cancelled request offers %q", label)
		}
	}
	pane := labelsIn(u.planning.detail)
	if !strings.Contains(pane, "This request is cancelled") || !strings.Contains(pane, "Withdrawn") ||
		!strings.Contains(pane, "request cancelled") {
		t.Errorf("the pane should show who held its seats and how they ended; it says:\n%s", pane)
	}
	test.Tap(button(t, u.planning.detail, "Reopen"))
	if q := u.idx.Request["REQ-1"]; q.Status != model.RequestOpen || !strings.Contains(u.status.undo.Text, "reopen REQ-1") {
		t.Errorf("after Reopen: %s; Undo reads %q", q.Status, u.status.undo.Text)
	}
}

// Closing a request says what happens to its people by the rule the core follows: a
// commitment not yet begun is withdrawn, not completed.
func TestClosingSaysWhatHappensToItsPeople(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	a := u.plan.Assignments[0].Assignment
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }, nil)
	f := u.closeRequest(a.RequestRef, model.RequestClosed)
	want := "2 proposal(s) and commitment(s) not yet begun will be withdrawn."
	if !strings.Contains(f.intro.Text, want) {
		t.Errorf("the close dialog says %q, want %q", f.intro.Text, want)
	}
}

// The import report can be copied for HR (a row per finding, in a spreadsheet's columns),
// and a clean file says it has no problems rather than show an empty table.
func TestImportReportCopiesAndSaysWhenClean(t *testing.T) {
	u := newLaptopUI(t)
	rep := &importers.Report{File: "roster.xlsx", Errors: []importers.Finding{
		{Sheet: "Associates", Row: 4, Column: "Email", Letter: "D", Message: "\"x\" is not an email\taddress"}}}
	u.showImportReport("roster.xlsx", rep)
	tapInDialog(t, u, "Copy the findings")
	want := "Kind\tSheet\tRow\tColumn\tMessage\nError\tAssociates\t4\tEmail D\t\"x\" is not an email address\n"
	if got := u.app.Clipboard().Content(); got != want {
		t.Errorf("copied %q, want %q", got, want)
	}
	u.dismissTop()
	u.showImportReport("roster.xlsx", &importers.Report{File: "roster.xlsx"})
	top := u.win.Canvas().Overlays().Top()
	if !strings.Contains(labelsIn(top), "No problems found") || !button(t, top, "Copy the findings").Disabled() {
		t.Errorf("a clean report shows:\n%s", labelsIn(top))
	}
}

// A timeline lane's name is cut to its column, so that it never runs under the bars.
func TestLongLaneNamesAreCut(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct{ name, text string }{
		{"short", "Amara Okafor (004)"},
		{"long", "Maximiliana Alexandrina Featherstonehaugh-Cholmondeley (20419109)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fitted(tc.text, 12, fyne.TextStyle{}, ganttLabelW-8)
			if w := fyne.MeasureText(got, 12, fyne.TextStyle{}).Width; w > ganttLabelW-8 {
				t.Errorf("%q is %.0f wide, more than %d", got, w, ganttLabelW-8)
			}
			if cut := got != tc.text; cut != (tc.name == "long") || cut && !strings.HasSuffix(got, "…") {
				t.Errorf("%q drawn as %q", tc.text, got)
			}
		})
	}
}

// The planning list highlights the request its pane shows, wherever a change re-sorts it,
// and nothing once the request has left the list.
func TestPlanningListHighlightsTheShownRequest(t *testing.T) {
	u := newDemoUI(t)
	u.planning.planAll()
	closeAll(u)
	v := u.planning
	at := -1
	v.list.OnUnselected = func(i widget.ListItemID) {
		if at == i {
			at = -1
		}
	}
	selected := v.list.OnSelected
	v.list.OnSelected = func(i widget.ListItemID) { at = i; selected(i) }
	check := func(when string) {
		t.Helper()
		if at >= 0 && v.open[at].Ref != v.selected {
			t.Errorf("%s: the list highlights %s, the pane shows %s", when, v.open[at].Ref, v.selected)
		}
		if at < 0 && slices.ContainsFunc(v.open, func(q *model.Request) bool { return q.Ref == v.selected }) {
			t.Errorf("%s: %s is in the list but not highlighted", when, v.selected)
		}
	}
	// The last request of priority 1: rejecting its proposals empties seats and moves it up.
	last := 0
	for i, q := range v.open {
		if q.Priority == 1 {
			last = i
		}
	}
	ref := v.open[last].Ref
	v.selectRequest(ref)
	for _, a := range u.plan.Assignments {
		if a.RequestRef == ref && a.Status == model.Proposed {
			u.change("Rejecting", func(ctx context.Context, seen *model.Data) error { return u.desk.Reject(ctx, seen, a.Assignment) }, nil)
		}
	}
	if v.open[last].Ref == ref {
		t.Fatalf("rejecting %s's proposals left it where it was: the test needs a re-sort", ref)
	}
	check("after rejecting")
	u.change("Cancelling", func(ctx context.Context, seen *model.Data) error {
		return u.desk.CloseRequest(ctx, seen, ref, model.RequestCancelled, nil)
	}, nil)
	check("after cancelling")
}

// A dashboard list's line opens what it names: a person on the Associates tab, a request's
// plan on the Planning tab.
func TestDashboardListLinesOpenWhatTheyName(t *testing.T) {
	u := newTestUI(t)
	cases := []struct {
		name string
		line listLine
		tab  int
		open func() string
	}{
		{"a person", listLine{text: "Siobhán", staffID: "003"}, tabAssociates, func() string { return u.associates.selected }},
		{"a request", listLine{text: "REQ-1", request: "REQ-1"}, tabPlanning, func() string { return u.planning.selected }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u.dashboard.showList("A list", []listLine{tc.line})
			lists := overlayWidgets[*widget.List](t, u)
			lists[0].Select(0)
			want := tc.line.staffID + tc.line.request
			if u.tabs.SelectedIndex() != tc.tab || tc.open() != want || len(u.dialogs) != 0 {
				t.Errorf("clicking %q: tab %d, showing %q, %d dialogs open", tc.line.text, u.tabs.SelectedIndex(), tc.open(), len(u.dialogs))
			}
		})
	}
}

// Tab to a field below a scrolling form's view scrolls the form to it, on a laptop screen.
func TestTabScrollsTheFormToTheField(t *testing.T) {
	u := newLaptopUI(t)
	u.requests.newRequest()
	fields := overlayWidgets[*field](t, u)
	last := fields[len(fields)-1]
	f := u.forms[u.dialogs[len(u.dialogs)-1]]
	if f.scroll.Offset.Y != 0 {
		t.Fatalf("the form opens scrolled to %v", f.scroll.Offset.Y)
	}
	u.win.Canvas().Focus(last)
	driver := fyne.CurrentApp().Driver()
	top := driver.AbsolutePositionForObject(last).Y - driver.AbsolutePositionForObject(f.scroll).Y
	if f.scroll.Offset.Y <= 0 || top < 0 || top+last.Size().Height > f.scroll.Size().Height+1 {
		t.Errorf("focused, the last field is at %v of a %v view (scrolled %v)", top, f.scroll.Size().Height, f.scroll.Offset.Y)
	}
}

// Escape asks before discarding typing wherever it was typed: in a role's field (inside its
// card) and in a field with a list to pick from.
func TestEscapeAsksWhereverTheTypingIs(t *testing.T) {
	cases := []struct {
		name string
		typ  func(u *UI) fyne.Focusable
	}{
		{"a role's start", func(u *UI) fyne.Focusable {
			f := u.requests.openNewRequest()
			f.roles[0].start.SetText("x")
			return f.roles[0].start
		}},
		{"the host trust", func(u *UI) fyne.Focusable {
			f := u.requests.openNewRequest()
			f.trust.SetText("leeds")
			return f.trust
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := newLaptopUI(t)
			typedIn := tc.typ(u)
			typedIn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			if len(u.dialogs) != 2 || !strings.Contains(labelsIn(u.win.Canvas().Overlays().Top()), "lose what you typed") {
				t.Errorf("Escape after typing in %s: %d dialogs open", tc.name, len(u.dialogs))
			}
		})
	}
}

// The Letters tab says when some of the letters chosen are for secondments that break a
// rule now, before anyone signs them.
func TestLettersSayWhenASecondmentBreaksARule(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	if strings.Contains(u.letters.count.Text, "break a rule") {
		t.Fatalf("with nothing in breach the tab says %q", u.letters.count.Text)
	}
	a := u.plan.Assignments[0].Assignment
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }, nil)
	leave := []model.Unavailability{{StaffID: a.StaffID, Period: model.Period{From: a.From, To: a.From + 2}, Reason: "Sickness"}}
	u.saveAssociate(*u.idx.Associate[a.StaffID], leave)
	closeAll(u)
	if !strings.Contains(u.letters.count.Text, "1 of them are for secondments that break a rule now") {
		t.Errorf("with leave over a Confirmed secondment the tab says %q", u.letters.count.Text)
	}
}

// Reopening a request from the Requests tab keeps it chosen where it moves to, ready to plan.
func TestRequestsKeepTheChosenRequestAfterAChange(t *testing.T) {
	u := newTestUI(t)
	u.change("Cancelling", func(ctx context.Context, seen *model.Data) error {
		return u.desk.CloseRequest(ctx, seen, "REQ-1", model.RequestCancelled, nil)
	}, nil)
	v := u.requests
	row := slices.IndexFunc(v.rows, func(q *model.Request) bool { return q.Ref == "REQ-1" })
	v.table.Select(widget.TableCellID{Row: row, Col: 0})
	test.Tap(v.reopen)
	if v.selected != "REQ-1" || v.plan.Disabled() || !v.reopen.Disabled() {
		t.Errorf("after Reopen: chosen %q, Show its plan enabled %v", v.selected, !v.plan.Disabled())
	}
}
