package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// fixture is a small register: three associates at two trusts, two requests.
func fixture() *model.Changeset {
	jan4, mar26 := model.NewDate(2027, 1, 4), model.NewDate(2027, 3, 26)
	dbs := []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2030, 1, 1)}}
	return &model.Changeset{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire"},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London"},
			{Code: "RX1", Name: "Nottingham University Hospitals NHS Trust", Region: "Midlands"},
		},
		Associates: []model.Associate{
			{StaffID: "003", Name: "Siobhán Ó Súilleabháin", HomeOrg: "RR8", Band: "8a", MaxDays: 60, Active: true, Clearances: dbs,
				Skills: []model.SkillLevel{{Skill: "Data migration", Level: 4}}, Systems: []string{"Epic"}},
			{StaffID: "001", Name: "Łukasz Kowalczyk", HomeOrg: "RJ1", Band: "6", MaxDays: 60, Active: true, Clearances: dbs,
				Skills: []model.SkillLevel{{Skill: "Data migration", Level: 3}}, Systems: []string{"Cerner Millennium"}},
			{StaffID: "002", Name: "Αθηνά Παπαδοπούλου", HomeOrg: "RJ1", Band: "7", MaxDays: 60, Active: true, Clearances: dbs,
				Skills: []model.SkillLevel{{Skill: "Training", Level: 5}}, Systems: []string{"Epic", "Nervecentre"}},
		},
		Unavailability: []model.Unavailability{{StaffID: "002", Period: model.Period{From: model.NewDate(2027, 2, 1), To: model.NewDate(2027, 2, 5)}}},
		Requests: []model.Request{
			{Ref: "REQ-2", Trust: "RR8", Title: "Readiness review", Kind: model.KindPreDeployment, Priority: 3, Mode: model.ModeRemote,
				Period: model.Period{From: model.NewDate(2027, 4, 5), To: model.NewDate(2027, 4, 30)}, Status: model.RequestOpen},
			{Ref: "REQ-1", Trust: "RX1", Title: "EPR go-live rescue", Kind: model.KindEmergency, Priority: 1, System: "Epic",
				Mode: model.ModeOnSite, Period: model.Period{From: jan4, To: mar26}, Status: model.RequestOpen, HostName: "Dr Ama Mensah"},
		},
		Roles: []model.Role{{RequestRef: "REQ-1", Name: "Data migration lead", Headcount: 2, OnSite: true, Clearances: []string{"DBS"},
			Skills: []model.SkillLevel{{Skill: "Data migration", Level: 3}}, Period: model.Period{From: jan4, To: model.NewDate(2027, 1, 29)}}},
		Lessons: []model.Lesson{{System: "Epic", Trust: "RJ1", WhatFailed: "Interfaces queued", WhatFixed: "Replayed the queue", Author: "Siobhán Ó Súilleabháin"}},
	}
}

// newTestUI opens a fresh register holding the fixture and shows the app on it, doing
// background work inline so tests can assert right after each action.
func newTestUI(t *testing.T) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Apply(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	u := inTestWindow(a, fyne.NewSize(1400, 800))
	u.desk = actions.New(reg, actions.Options{Clock: u.clock})
	t.Cleanup(func() { u.desk.Close() })
	v, err := u.desk.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u.show(v)
	return u
}

// inTestWindow is the app in a test window of the given size, with no register yet, doing
// background work at once so tests can assert right after each action, and reading a fixed
// clock: 1 December 2026, 09:00.
func inTestWindow(a fyne.App, size fyne.Size) *UI {
	w := test.NewWindow(nil)
	w.Resize(size)
	u := newUI(a, w, "test", nil)
	u.start = func(job func()) { job() }
	u.clock = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	return u
}

func loadData(t *testing.T, u *UI) *model.Data {
	t.Helper()
	d, err := u.desk.Store().Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// names returns the names in the associates table, in order.
func names(v *associatesView) []string {
	var out []string
	for _, i := range v.rows {
		out = append(out, v.u.data.Associates[i].Name)
	}
	return out
}

func TestAssociatesSearchAndFilters(t *testing.T) {
	u := newTestUI(t)
	v := u.associates
	test.Type(v.query, "epic")
	if got := names(v); !slices.Equal(got, []string{"Siobhán Ó Súilleabháin", "Αθηνά Παπαδοπούλου"}) {
		t.Fatalf("epic: %v", got)
	}
	test.Type(v.freeFrom, "01/02/2027")
	test.Type(v.freeTo, "26/02/2027") // Αθηνά is on leave then
	if got := names(v); !slices.Equal(got, []string{"Siobhán Ó Súilleabháin"}) {
		t.Fatalf("epic and free in February: %v", got)
	}
	if v.count.Text != "1 of 3 associates" {
		t.Errorf("count %q", v.count.Text)
	}
	v.query.SetText("")
	v.freeFrom.SetText("")
	v.region.SetSelected("London")
	if got := names(v); len(got) != 2 {
		t.Errorf("London: %v", got)
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if d := v.detail.String(); !containsAll(d, "Staff ID", "Clearances", "DBS valid to 01/01/2030") {
		t.Errorf("detail pane: %q", d)
	}
}

func TestAssociatesHeaderSorts(t *testing.T) {
	u := newTestUI(t)
	v := u.associates
	header := func(title string) *widget.Button {
		t.Helper()
		for _, o := range test.LaidOutObjects(v.table) {
			if b, ok := o.(*widget.Button); ok && (b.Text == title || b.Text == title+" ▲" || b.Text == title+" ▼") {
				return b
			}
		}
		t.Fatalf("no header %q", title)
		return nil
	}
	u.tabs.SelectIndex(tabAssociates)
	staff := func() []string {
		var out []string
		for _, i := range v.rows {
			out = append(out, u.data.Associates[i].StaffID)
		}
		return out
	}
	test.Tap(header("Staff ID"))
	if got := staff(); !slices.Equal(got, []string{"001", "002", "003"}) {
		t.Errorf("by Staff ID: %v", got)
	}
	test.Tap(header("Staff ID"))
	if got := staff(); !slices.Equal(got, []string{"003", "002", "001"}) {
		t.Errorf("reversed: %v", got)
	}
	test.Tap(header("Band"))
	if got := staff(); !slices.Equal(got, []string{"001", "002", "003"}) || header("Band").Text != "Band ▲" {
		t.Errorf("by band: %v, header %q", got, header("Band").Text)
	}
}

func TestNewRequestIsSavedOnlyWhenValid(t *testing.T) {
	u := newTestUI(t)
	f := newRequestForm(u)
	f.trust.SetText("RJ1 — Guy's and St Thomas' NHS Foundation Trust")
	test.Type(f.title, "Cutover rescue")
	test.Type(f.start, "31/02/2027") // impossible
	test.Type(f.end, "26/03/2027")
	test.Type(f.roles[0].name, "Cutover lead")
	test.Type(f.roles[0].skills, "Data migration:3")
	if _, _, ok := f.read(); ok || f.start.Validate() == nil || !containsAll(f.problem.Text, "Start") {
		t.Fatalf("an impossible date was accepted: %q", f.problem.Text)
	}
	f.start.SetText("01/03/2027")
	f.roles[0].end.SetText("30/03/2027") // after the request's end
	if _, _, ok := f.read(); ok || !containsAll(f.problem.Text, "outside request") {
		t.Fatalf("a role ending after its request was accepted: %q", f.problem.Text)
	}
	f.roles[0].end.SetText("12/03/2027")
	q, roles, ok := f.read()
	if !ok {
		t.Fatalf("valid form refused: %s", f.problem.Text)
	}
	if roles[0].From.String() != "01/03/2027" || roles[0].To.String() != "12/03/2027" {
		t.Errorf("role dates %s", roles[0].Period)
	}
	if q.Kind != model.KindEmergency || q.Priority != 1 || q.Ref != "REQ-2026-003" {
		t.Errorf("defaults: %+v", q)
	}
	u.saveRequest(q, roles)
	d := loadData(t, u)
	idx := model.NewIndex(d)
	if idx.Request["REQ-2026-003"] == nil || len(idx.RolesOf["REQ-2026-003"]) != 1 {
		t.Fatalf("request not saved: %+v", d.Requests)
	}
	if u.planning.selected != "REQ-2026-003" || u.tabs.SelectedIndex() != tabPlanning {
		t.Error("the new request's plan is not shown")
	}
}

func TestPlanConfirmRejectSwap(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	d := loadData(t, u)
	if len(d.Assignments) != 2 {
		t.Fatalf("planning saved %d proposals, want 2 (two eligible people for two seats)", len(d.Assignments))
	}
	u.planning.selectRequest("REQ-1")
	if !containsAll(u.planning.coverage.Text, "P1 2/2 seats (optimal)") {
		t.Errorf("coverage: %q", u.planning.coverage.Text)
	}
	a := d.Assignments[0]
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }, nil)
	if got := loadData(t, u).Assignments[0].Status; got != model.Confirmed {
		t.Fatalf("confirm saved %s", got)
	}
	b := d.Assignments[1]
	u.change("Rejecting", func(ctx context.Context, seen *model.Data) error { return u.desk.Reject(ctx, seen, b) }, nil)
	u.planning.planAll() // re-planning keeps the confirmed seat and does not bring back the rejected one
	after := loadData(t, u)
	for _, x := range after.Assignments {
		if x.StaffID == b.StaffID && x.Status != model.Withdrawn {
			t.Errorf("rejected %s came back as %s", b.StaffID, x.Status)
		}
		if x.StaffID == a.StaffID && x.Status != model.Confirmed {
			t.Errorf("confirmed %s became %s", a.StaffID, x.Status)
		}
	}
	// The swap list: the confirmed holder first, then everyone else with why they cannot.
	cands := u.plan.Candidates(a.RoleKey())
	if len(cands) != 3 || cands[0].StaffID != a.StaffID || !cands[0].Chosen || len(cands[0].Reasons) != 0 {
		t.Fatalf("candidates %+v", cands)
	}
	why := map[string]string{}
	for _, c := range cands[1:] {
		if c.Eligible || len(c.Reasons) == 0 {
			t.Errorf("%s shown as able to take the seat", c.StaffID)
		} else {
			why[c.StaffID] = c.Reasons[0]
		}
	}
	if !strings.Contains(why[b.StaffID], "withdrawn") || !strings.Contains(why["002"], "Data migration 0, needs 3") {
		t.Errorf("reasons %v", why)
	}
}

func TestLettersAndSettings(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	dir := t.TempDir()
	u.letters.write(dir, false)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) != 2 {
		t.Fatalf("%d letters written", len(files))
	}
	if info, _ := os.Stat(files[0]); info.Size() < 10_000 {
		t.Errorf("letter of %d bytes", info.Size())
	}
	s := u.settings
	s.budget.SetText("1,500,000")
	s.limit.SetText("-1")
	s.save()
	if loadData(t, u).Settings.ReleaseLimit != 2 {
		t.Fatal("an invalid release limit was saved")
	}
	s.limit.SetText("3")
	s.template.SetText("# Agreement\n## Terms\nFor {associate_nme}")
	s.save()
	if loadData(t, u).Settings.ReleaseLimit != 2 {
		t.Fatal("settings with an unknown placeholder were saved")
	}
	s.template.SetText("")
	s.save()
	got := loadData(t, u).Settings
	if got.ReleaseLimit != 3 || got.AnnualBudget != model.Pounds(1_500_000) {
		t.Errorf("settings saved as %+v", got)
	}
}

// The views' parts are checked against small golden files of their markup: a change that
// moves or drops what they show fails here, and the new markup is in testdata/failed.
func TestViewsMarkup(t *testing.T) {
	u := newTestUI(t)
	u.planning.planAll()
	u.planning.selectRequest("REQ-1")
	u.planning.list.Resize(fyne.NewSize(320, 160)) // as on a laptop's screen, both requests in view
	for name, o := range map[string]fyne.CanvasObject{"planning-detail.xml": u.planning.detail, "requests-list.xml": u.planning.list} {
		test.AssertObjectRendersToMarkup(t, name, o)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestTimeline(t *testing.T) {
	u := newTestUI(t)
	leave := model.Unavailability{StaffID: "001", Period: model.Period{From: model.NewDate(2027, 3, 1), To: model.NewDate(2027, 3, 5)}}
	if err := u.desk.Store().Apply(context.Background(), &model.Changeset{Unavailability: []model.Unavailability{leave}}); err != nil {
		t.Fatal(err)
	}
	u.planning.planAll()
	if got := u.timeline.chart.describe(); got != "2 lanes, 2 bars, 1 leave, 0 conflicts, 23/11/2026 to 24/05/2027" {
		t.Errorf("by associate: %s", got) // two people planned, one of them with leave in March
	}
	u.timeline.byWho.SetSelected("By request")
	if got := u.timeline.chart.describe(); got != "2 lanes, 2 bars, 1 leave, 0 conflicts, 23/11/2026 to 24/05/2027" {
		t.Errorf("by request: %s", got) // one lane each, under the request's heading
	}
}

func TestEditAssociate(t *testing.T) {
	u := newTestUI(t)
	a := *u.idx.Associate["001"]
	f := newAssociateForm(u, a, u.idx.Unavailable["001"], false)
	f.skills.SetText("Data migration:9")
	if _, _, ok := f.read(); ok || f.skills.Validate() == nil {
		t.Fatal("a skill level of 9 was accepted")
	}
	f.skills.SetText("Data migration:4; Testing:2")
	f.maxDays.SetText("45")
	f.home.SetText("ZZ9")
	if _, _, ok := f.read(); ok {
		t.Fatal("an unknown employer was accepted")
	}
	f.home.SetText("Leeds Teaching Hospitals NHS Trust (RR8)")
	edited, leave, ok := f.read()
	if !ok {
		t.Fatalf("valid edit refused: %s", f.problem.Text)
	}
	u.saveAssociate(edited, leave)
	got := model.NewIndex(loadData(t, u)).Associate["001"]
	if got.HomeOrg != "RR8" || got.MaxDays != 45 || len(got.Skills) != 2 || got.Name != a.Name {
		t.Errorf("saved %+v", *got)
	}
	if d := u.associates.detail.String(); !strings.Contains(d, "Testing:2") {
		t.Errorf("the detail pane did not follow the edit: %q", d)
	}
}

func TestEditRequest(t *testing.T) {
	u := newTestUI(t)
	q := u.idx.Request["REQ-1"]
	f := newRequestForm(u)
	f.load(q, u.idx.RolesOf["REQ-1"])
	if f.ref.Text != "REQ-1" || !f.ref.Disabled() || len(f.roles) != 2 || f.roles[0].headcount.Text != "2" {
		t.Fatalf("form not filled from the request")
	}
	f.end.SetText("19/03/2027")
	f.roles[0].headcount.SetText("3")
	edited, roles, ok := f.read()
	if !ok {
		t.Fatalf("valid edit refused: %s", f.problem.Text)
	}
	u.saveRequest(edited, roles)
	d := loadData(t, u)
	idx := model.NewIndex(d)
	if got := idx.Request["REQ-1"]; got.To.String() != "19/03/2027" || idx.RolesOf["REQ-1"][0].Headcount != 3 || len(d.Requests) != 2 {
		t.Errorf("saved %+v, roles %+v", *got, idx.RolesOf["REQ-1"])
	}
}

func TestClearancesAreFlaggedByColour(t *testing.T) {
	u := newTestUI(t)
	a := *u.idx.Associate["001"]
	a.Clearances = []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2026, 11, 30)}, {Type: "Smartcard", Expiry: model.NewDate(2027, 1, 15)},
		{Type: "SC", Expiry: model.NewDate(2029, 1, 1)}}
	u.associates.showDetail(&a)
	colours := map[string]fyne.ThemeColorName{}
	for _, seg := range u.associates.detail.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok {
			colours[ts.Text] = ts.Style.ColorName
		}
	}
	want := map[string]fyne.ThemeColorName{"DBS expired 30/11/2026": "error",
		"Smartcard expires 15/01/2027, within 60 days": "warning", "SC valid to 01/01/2029": ""}
	for text, colour := range want {
		if got, ok := colours[text]; !ok || got != colour {
			t.Errorf("%q shown %v in %q", text, ok, got)
		}
	}
}

func TestLessonsSearch(t *testing.T) {
	u := newTestUI(t)
	v := u.lessons
	if len(v.shown) != 1 {
		t.Fatalf("%d lessons shown", len(v.shown))
	}
	test.Type(v.query, "epic guy's")
	if len(v.shown) != 1 {
		t.Errorf("search by system and trust name found %d", len(v.shown))
	}
	v.query.SetText("cerner")
	if len(v.shown) != 0 {
		t.Errorf("a search for another system found %d", len(v.shown))
	}
	// A new lesson is saved with the search still typed: the search is cleared so that it
	// shows, first, as the newest.
	f := v.open(model.Lesson{})
	f.system.SetText("Cerner Millennium")
	test.Type(f.whatFailed, "Orders lost at cutover")
	test.Type(f.whatFixedIt, "Replayed them from the paper log")
	tapInDialog(t, u, "Save")
	if v.query.Text != "" || len(v.shown) != 2 || v.shown[0].System != "Cerner Millennium" {
		t.Errorf("after saving, the search is %q and the list starts with %+v", v.query.Text, v.shown[0])
	}
}

func TestBackupAndRestoreFromTheApp(t *testing.T) {
	u := newTestUI(t)
	path := filepath.Join(t.TempDir(), "copy.db")
	u.backup(path)
	u.planning.planAll()
	if len(loadData(t, u).Assignments) == 0 {
		t.Fatal("planning saved nothing")
	}
	u.restore(path)
	if n := len(loadData(t, u).Assignments); n != 0 || len(u.data.Assignments) != 0 {
		t.Errorf("after restoring the copy made before planning: %d assignments", n)
	}
	if said := labelsIn(u.win.Canvas().Overlays().Top()); !strings.Contains(said, "restored from "+path+"; the register as it was is kept in") {
		t.Errorf("after restoring the app says:\n%s", said)
	}
	u.dismissTop()
	u.restore(filepath.Join(t.TempDir(), "nothing.db"))
	if len(u.data.Associates) != 3 {
		t.Error("a failed restore lost the register")
	}
}

func TestSubjectAccessAndEraseFromTheApp(t *testing.T) {
	u := newTestUI(t)
	path := filepath.Join(t.TempDir(), "sar.json")
	u.subjectAccess("001", path)
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "Łukasz Kowalczyk") {
		t.Fatalf("subject access file: %v\n%s", err, data)
	}
	u.erase("001")
	if model.NewIndex(loadData(t, u)).Associate["001"] != nil || len(u.data.Associates) != 3 {
		t.Error("001 was not erased, or the register lost a row")
	}
	if said := labelsIn(u.win.Canvas().Overlays().Top()); !strings.Contains(said, "001 erased; their past assignments are kept as") {
		t.Errorf("after erasing the app says:\n%s", said)
	}
}

func TestStaleEditIsRefusedAndShown(t *testing.T) {
	u := newTestUI(t)
	a := *u.idx.Associate["001"]
	// Another program changes the associate after the app read it.
	other := a
	other.Notes = "changed elsewhere"
	if err := u.desk.Store().Apply(context.Background(), &model.Changeset{Associates: []model.Associate{other}}); err != nil {
		t.Fatal(err)
	}
	a.MaxDays = 55
	u.saveAssociate(a, nil)
	got := model.NewIndex(loadData(t, u)).Associate["001"]
	if got.MaxDays == 55 || got.Notes != "changed elsewhere" {
		t.Fatalf("the stale edit overwrote the other change: %+v", *got)
	}
	if u.idx.Associate["001"].Notes != "changed elsewhere" {
		t.Error("the app did not reload to show the other change")
	}
	u.saveAssociate(a, nil) // now on fresh data
	if model.NewIndex(loadData(t, u)).Associate["001"].MaxDays != 55 {
		t.Error("the edit made after reloading was not saved")
	}
}

// readOnlyStore is a register the user may only read, as a snapshot or a file in someone
// else's folder is.
type readOnlyStore struct{ model.Store }

func (readOnlyStore) ReadOnly() string { return "a snapshot for work offline" }

// A register the user may not change shows every button that would change it disabled,
// and says why in the bar under the tabs.
func TestAReadOnlyRegisterDisablesWhatWouldChangeIt(t *testing.T) {
	u := newTestUI(t)
	u.desk = actions.New(readOnlyStore{u.desk.Store()}, actions.Options{Clock: u.clock})
	v, err := u.desk.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u.show(v)
	for view, labels := range map[fyne.CanvasObject][]string{
		u.planning.content:   {"Plan all open requests (Ctrl+P)"},
		u.associates.content: {"New associate…"},
		u.requests.content:   {"New request (Ctrl+N)"},
	} {
		for _, label := range labels {
			if b := button(t, view, label); !b.Disabled() {
				t.Errorf("%q can be pressed on a read-only register", label)
			}
		}
	}
	if said := labelsIn(u.win.Content()); !strings.Contains(said, "Read-only: a snapshot for work offline") {
		t.Errorf("the window does not say it is read-only:\n%s", said)
	}
}
