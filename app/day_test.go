package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// newDemoUI is the app on a new demo register, dated by the test clock.
func newDemoUI(t *testing.T) *UI {
	t.Helper()
	return newDemoUIAt(t, nil)
}

// newDemoUIAt is newDemoUI reading clock (nil: the test clock).
func newDemoUIAt(t *testing.T, clock model.Clock) *UI {
	t.Helper()
	ctx := context.Background()
	u := inTestWindow(test.NewTempApp(t), fyne.NewSize(1440, 900))
	if clock != nil {
		u.clock = clock
	}
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{Clock: u.clock})
	if err != nil {
		t.Fatal(err)
	}
	u.desk = actions.New(reg, actions.Options{Clock: u.clock})
	t.Cleanup(func() { u.desk.Close() })
	if _, err := u.desk.FillDemo(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := u.desk.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u.show(v)
	return u
}

// labelsIn is the text of every label o lays out, a line each.
func labelsIn(o fyne.CanvasObject) string {
	var shown string
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok {
			shown += l.Text + "\n"
		}
	}
	return shown
}

// overlayWidgets returns the widgets of type T in the newest dialog, in layout order.
func overlayWidgets[T fyne.CanvasObject](t *testing.T, u *UI) []T {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	var out []T
	for _, o := range test.LaidOutObjects(top) {
		if w, ok := o.(T); ok {
			out = append(out, w)
		}
	}
	return out
}

// noErrorShown fails the test if the newest dialog reports a failure.
func noErrorShown(t *testing.T, u *UI, step string) {
	t.Helper()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		for _, l := range overlayWidgets[*widget.Label](t, u) {
			if strings.HasSuffix(l.Text, " failed") {
				var texts []string
				for _, x := range overlayWidgets[*widget.Label](t, u) {
					texts = append(texts, x.Text)
				}
				t.Fatalf("%s: %s", step, strings.Join(texts, " | "))
			}
		}
	}
}

// closeAll dismisses every open dialog, without the question Escape asks of a form
// with something typed in it.
func closeAll(u *UI) {
	for u.dismissTop() {
	}
}

// dismissTop hides the newest dialog; it reports whether there was one.
func (u *UI) dismissTop() bool {
	if len(u.dialogs) == 0 {
		return false
	}
	u.dialogs[len(u.dialogs)-1].Hide()
	return true
}

// assignmentsOf returns the register's assignments of a request, by Staff ID.
func assignmentsOf(t *testing.T, u *UI, ref string) map[string]model.Assignment {
	t.Helper()
	out := map[string]model.Assignment{}
	for _, a := range loadData(t, u).Assignments {
		if a.RequestRef == ref {
			out[a.StaffID] = a
		}
	}
	return out
}

// addPerson adds an associate through the form: a rescue specialist employed at RR8.
func addPerson(t *testing.T, u *UI, id, name string, leave [2]string) {
	t.Helper()
	f := u.associateDialog("New associate", blankAssociate(), nil, true)
	test.Type(f.staffID, id)
	test.Type(f.name, name)
	f.home.SetText("RR8")
	test.Type(f.skills, "Go-live rescue:5")
	test.Type(f.clears, "DBS:01/01/2031")
	test.Type(f.systems, "Meridian EPR")
	if leave[0] != "" {
		test.Tap(button(t, u.win.Canvas().Overlays().Top(), "Add leave"))
		row := f.leave.rows[0]
		test.Type(row.from, leave[0])
		test.Type(row.to, leave[1])
	}
	tapInDialog(t, u, "Save")
	noErrorShown(t, u, "adding "+name)
}

// A coordinator's whole day in the app, on the demo register: two new associates (one with
// leave), an emergency request, a plan, a swap, every proposal confirmed, HR's leave import
// that conflicts (the warning appears), a stand-down and a re-plan of that seat, a
// secondment completed, the request closed with a debrief, and the lesson found when
// planning the next request on that system.
func TestACoordinatorsWholeDay(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	u := newDemoUIAt(t, func() time.Time { return now })

	addPerson(t, u, "DAY-1", "Morwenna Tregothnan", [2]string{"01/06/2027", "12/06/2027"})
	addPerson(t, u, "DAY-2", "Tomasz Wiśniewski", [2]string{})
	addPerson(t, u, "DAY-3", "Adaeze Nwosu", [2]string{})
	if got := model.NewIndex(loadData(t, u)).Unavailable["DAY-1"]; len(got) != 1 {
		t.Fatalf("the first associate's leave: %+v", got)
	}

	// An emergency request for one rescue lead, on a system only the two new people know.
	f := u.requests.openNewRequest()
	ref := f.ref.Text
	f.trust.SetText("RX1")
	test.Type(f.title, "Meridian go-live rescue")
	f.system.SetText("Meridian EPR")
	test.Type(f.start, "11/01/2027")
	test.Type(f.end, "29/01/2027")
	test.Type(f.roles[0].name, "Rescue lead")
	test.Type(f.roles[0].skills, "Go-live rescue:4")
	tapInDialog(t, u, "Save")
	noErrorShown(t, u, "saving the request")
	if q := u.idx.Request[ref]; q == nil || q.Kind != model.KindEmergency || q.Priority != 1 {
		t.Fatalf("the emergency request: %+v", q)
	}

	// Plan: one of the two takes the seat.
	u.tabs.SelectIndex(tabPlanning)
	test.Tap(button(t, u.planning.content, "Plan all open requests (Ctrl+P)"))
	closeAll(u)
	held := assignmentsOf(t, u, ref)
	if len(held) != 1 {
		t.Fatalf("after planning %s holds %v", ref, held)
	}
	var first model.Assignment
	for _, a := range held {
		first = a
	}

	// Swap them for another who can take the seat.
	u.planning.swap(first)
	other := ""
	for _, c := range u.plan.Candidates(first.RoleKey()) {
		if c.Eligible && !c.Chosen && other == "" {
			other = c.StaffID
		}
	}
	test.Type(overlayWidgets[*widget.Entry](t, u)[0], other) // found by Staff ID among everyone
	list := overlayWidgets[*widget.List](t, u)[0]
	if list.Length() != 1 {
		t.Fatalf("searching for %s lists %d candidates", other, list.Length())
	}
	list.Select(0)
	tapInDialog(t, u, "Swap")
	noErrorShown(t, u, "swapping")
	if a := assignmentsOf(t, u, ref)[other]; a.Status != model.Proposed || !a.Pinned {
		t.Fatalf("after the swap %s is %+v", other, a)
	}

	// Confirm every proposal at once, after saying yes to how many.
	test.Tap(u.planning.confirmAll)
	if !strings.Contains(labelsIn(u.win.Canvas().Overlays().Top()), "become commitments") {
		t.Fatal("Confirm every proposal did not ask first")
	}
	tapInDialog(t, u, "Confirm them all")
	closeAll(u)
	holder := assignmentsOf(t, u, ref)[other]
	if holder.Status != model.Confirmed {
		t.Fatalf("after confirming all: %+v", holder)
	}

	// HR's leave import puts the confirmed person on leave during the rescue: the dry run
	// says so before anything is written, and once imported the conflict is in sight.
	u.importFile(leaveRoster(t, other, "18/01/2027", "22/01/2027"))
	var warned bool
	for _, l := range overlayWidgets[*widget.Label](t, u) {
		warned = warned || strings.Contains(l.Text, "would break a rule")
	}
	if !warned {
		t.Fatal("the dry run did not warn that the leave breaks the commitment")
	}
	tapInDialog(t, u, "Import")
	closeAll(u)
	if why := u.conflictOf(assignmentsOf(t, u, ref)[other]); !strings.Contains(why, "on leave") {
		t.Fatalf("the conflict is not in sight: %q", why)
	}
	if lines := u.dashboard.conflictLines(); len(lines) == 0 || !strings.Contains(lines[0].text, ref) {
		t.Fatalf("the dashboard lists %+v", lines)
	}

	// Stand them down for sickness, and re-plan just that seat: the third rescue specialist
	// takes it (the one swapped out stays out: the coordinator chose).
	u.standDown(assignmentsOf(t, u, ref)[other])
	if b := button(t, u.win.Canvas().Overlays().Top(), "Stand down"); !b.Disabled() {
		t.Error("Stand down can be pressed with no reason given (and the form would be lost)")
	}
	overlayWidgets[*choiceField](t, u)[0].SetText("Sickness")
	tapInDialog(t, u, "Stand down")
	noErrorShown(t, u, "standing down")
	tapInDialog(t, u, "Re-plan")
	closeAll(u)
	after := assignmentsOf(t, u, ref)
	if after[other].Status != model.Withdrawn || after[other].Reason != "Sickness" {
		t.Fatalf("the stood-down seat: %+v", after[other])
	}
	var third string
	for id, a := range after {
		if id != first.StaffID && id != other && a.Status == model.Proposed {
			third = id
		}
	}
	if third == "" || after[first.StaffID].Status != model.Withdrawn {
		t.Fatalf("the seat was not re-planned: %+v", after)
	}

	// Confirm, then on its first day start it, and complete it with a debrief.
	u.planning.selectRequest(ref)
	test.Tap(button(t, u.planning.detail, "Confirm")) // the one proposal left on it: the third's
	noErrorShown(t, u, "confirming")
	if a := assignmentsOf(t, u, ref)[third]; a.Status != model.Confirmed {
		t.Fatalf("confirmed: %+v", a)
	}
	now = time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)
	u.planning.refresh() // the next morning's view: Start is offered on the first day
	test.Tap(button(t, u.planning.detail, "Start"))
	noErrorShown(t, u, "starting")
	debrief := u.complete(assignmentsOf(t, u, ref)[third])
	test.Type(debrief.whatFailed, "Orders vanished between Meridian and the lab system after cutover")
	test.Type(debrief.whatFixedIt, "Rebuilt the HL7 routing table and replayed the dead-letter queue")
	test.Type(debrief.tags, "interfaces; HL7")
	tapInDialog(t, u, "Complete")
	noErrorShown(t, u, "completing")
	if a := assignmentsOf(t, u, ref)[third]; a.Status != model.Completed {
		t.Fatalf("completed: %+v", a)
	}

	// Close the request with a debrief of its own.
	closing := u.closeRequest(ref, model.RequestClosed)
	test.Type(closing.whatFailed, "Paper fallback ran two days longer than planned")
	test.Type(closing.whatFixedIt, "A daily cutover call with the supplier and the lab")
	tapInDialog(t, u, "Close the request")
	closeAll(u)
	if q := model.NewIndex(loadData(t, u)).Request[ref]; q.Status != model.RequestClosed {
		t.Fatalf("the request is %s", q.Status)
	}

	// The next request on Meridian EPR shows what was learnt.
	next := model.Request{Ref: "REQ-NEXT", Trust: "RJ1", Title: "Meridian readiness", Kind: model.KindPreDeployment, Priority: 3,
		System: "Meridian EPR", Mode: model.ModeRemote, Status: model.RequestOpen,
		Period: model.Period{From: model.NewDate(2027, 3, 1), To: model.NewDate(2027, 3, 26)}}
	u.saveRequest(next, []model.Role{{RequestRef: "REQ-NEXT", Name: "Reviewer", Headcount: 1, Period: next.Period}})
	u.planning.selectRequest("REQ-NEXT")
	shown := labelsIn(u.planning.detail)
	if !strings.Contains(shown, "HL7 routing table") || !strings.Contains(shown, "daily cutover call") {
		t.Fatalf("planning the next request on the system shows:\n%s", shown)
	}
	if exp := actions.Experience(u.view, third); len(exp) != 1 || !strings.HasPrefix(exp[0], "Meridian EPR") {
		t.Errorf("the completed secondment is not experience: %v", exp)
	}
}

// leaveRoster writes HR's workbook with one period of leave.
func leaveRoster(t *testing.T, staffID, from, to string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Unavailability")
	for i, v := range []string{"Staff ID", "From", "To", "Reason", staffID, from, to, "Annual leave"} {
		axis, _ := excelize.CoordinatesToCellName(i%4+1, i/4+1)
		f.SetCellValue("Unavailability", axis, v)
	}
	path := filepath.Join(t.TempDir(), "leave.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}
