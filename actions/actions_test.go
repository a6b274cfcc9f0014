package actions_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/actions"
	"associateplanner/letters"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// day is a date in the fixture's year.
func day(m time.Month, d int) model.Date { return model.NewDate(2027, m, d) }

// fixture is a small register: four associates at three trusts, an emergency request with
// a two-seat role and a request with one seat, all planned in early 2027.
func fixture() *model.Changeset {
	dbs := []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2030, 1, 1)}}
	skill := func(level int) []model.SkillLevel { return []model.SkillLevel{{Skill: "Data migration", Level: level}} }
	person := func(id, name, home string, level int) model.Associate {
		return model.Associate{StaffID: id, Name: name, HomeOrg: home, Band: "7", MaxDays: 60, Active: true,
			Clearances: dbs, Skills: skill(level)}
	}
	jan := model.Period{From: day(1, 4), To: day(1, 29)}
	return &model.Changeset{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire"},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London"},
			{Code: "RX1", Name: "Nottingham University Hospitals NHS Trust", Region: "Midlands"},
		},
		Associates: []model.Associate{person("001", "Łukasz Kowalczyk", "RJ1", 3), person("002", "Αθηνά Παπαδοπούλου", "RJ1", 4),
			person("003", "Siobhán Ó Súilleabháin", "RR8", 4), person("004", "Amara Okafor", "RR8", 5)},
		Requests: []model.Request{
			{Ref: "REQ-1", Trust: "RX1", Title: "EPR go-live rescue", Kind: model.KindEmergency, Priority: 1, System: "Epic",
				Mode: model.ModeOnSite, Period: jan, Status: model.RequestOpen},
			{Ref: "REQ-2", Trust: "RR8", Title: "Readiness review", Kind: model.KindAdvisory, Priority: 3, Mode: model.ModeRemote,
				Period: model.Period{From: day(2, 1), To: day(2, 26)}, Status: model.RequestOpen},
		},
		Roles: []model.Role{
			{RequestRef: "REQ-1", Name: "Data migration lead", Headcount: 2, OnSite: true, Clearances: []string{"DBS"}, Skills: skill(3), Period: jan},
			{RequestRef: "REQ-2", Name: "Reviewer", Headcount: 1, Skills: skill(4), Period: model.Period{From: day(2, 1), To: day(2, 26)}},
		},
	}
}

// testClock is 1 December 2026, 09:00.
func testClock() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }

// newDesk opens a new register holding the fixture, with a desk on it logging to log.
func newDesk(t *testing.T, log *bytes.Buffer) *actions.Desk {
	t.Helper()
	return newDeskAt(t, log, testClock)
}

// moving is a clock a test moves on, as the days pass.
type moving struct{ now time.Time }

func (m *moving) clock() time.Time { return m.now }

// newDeskAt is newDesk reading the clock given.
func newDeskAt(t *testing.T, log *bytes.Buffer, clock model.Clock) *actions.Desk {
	t.Helper()
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"), sqlite.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Apply(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	opt := actions.Options{Clock: clock}
	if log != nil {
		opt.Log = slog.New(slog.NewJSONHandler(log, nil))
	}
	d := actions.New(reg, opt)
	t.Cleanup(func() { d.Close() })
	return d
}

// planned is newDesk with every open request planned and the proposals saved.
func planned(t *testing.T) *actions.Desk {
	t.Helper()
	d := newDesk(t, nil)
	if _, err := d.PlanAndCommit(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

func load(t *testing.T, d *actions.Desk) *actions.View {
	t.Helper()
	v, err := d.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// holding returns the register's assignments that hold days, as "REF/role/ID Status".
func holding(d *model.Data) []string {
	var out []string
	for _, a := range d.Assignments {
		if a.Holds() {
			out = append(out, a.RequestRef+"/"+a.Role+"/"+a.StaffID+" "+string(a.Status))
		}
	}
	return out
}

// shown returns what a view's plan lists, in the form holding uses.
func shown(v *actions.View) []string {
	var out []string
	for _, a := range v.Plan.Assignments {
		out = append(out, a.RequestRef+"/"+a.Role+"/"+a.StaffID+" "+string(a.Status))
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x]--; seen[x] < 0 {
			return false
		}
	}
	return true
}

// The first drift: after a proposal was rejected, the app showed a replacement that was not
// in the register, so the letters, the plan export and the dashboard's spend disagreed.
func TestRejectLeavesTheSeatEmptyEverywhere(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	rejected := v.Data.Assignments[0]
	if err := d.Reject(ctx, v.Data, rejected); err != nil {
		t.Fatal(err)
	}
	after := load(t, d)
	if !sameSet(shown(after), holding(after.Data)) {
		t.Fatalf("the view shows %v, the register holds %v", shown(after), holding(after.Data))
	}
	if len(after.Plan.Unfilled) == 0 {
		t.Error("the rejected seat is not shown as empty")
	}
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := d.ExportPlan(ctx, path); err != nil {
		t.Fatal(err)
	}
	if rows := sheetRows(t, path, "Assignments"); rows-1 != len(holding(after.Data)) {
		t.Errorf("the plan export holds %d assignments, the register %d", rows-1, len(holding(after.Data)))
	}
	letters := actions.LettersChosen(after.Data, "", []model.AssignmentStatus{model.Proposed, model.Confirmed})
	if len(letters) != len(holding(after.Data)) {
		t.Errorf("%d letters for %d assignments", len(letters), len(holding(after.Data)))
	}
	f := actions.Dashboard(after, testDay)
	if total := budgetTotal(t, path); total != f.Spend.Committed+f.Spend.Proposed {
		t.Errorf("the dashboard's spend %s, the export's %s", f.Spend.Committed+f.Spend.Proposed, total)
	}
}

// testDay is the clock's date.
var testDay = model.DateOf(testClock())

// budgetTotal reads the first year's total spend from a plan workbook's Budget sheet.
func budgetTotal(t *testing.T, path string) model.Pence {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue("Budget", "D2", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.ParseMoney(v)
	if err != nil {
		t.Fatalf("Budget D2 %q: %v", v, err)
	}
	return p
}

func sheetRows(t *testing.T, path, sheet string) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// The second drift: with no status ticked the Letters tab said "0 letter(s) to write", then
// wrote two, because the writer fell back to its own default statuses.
func TestLettersCountedAreTheLettersWritten(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	tests := []struct {
		name     string
		statuses []model.AssignmentStatus
		request  string
	}{
		{"none ticked", nil, ""},
		{"proposed", []model.AssignmentStatus{model.Proposed}, ""},
		{"confirmed, of which there are none", []model.AssignmentStatus{model.Confirmed}, ""},
		{"one request", []model.AssignmentStatus{model.Proposed, model.Confirmed}, "req-2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			want := len(actions.LettersChosen(v.Data, tc.request, tc.statuses))
			files, err := d.WriteLetters(ctx, letters.Options{Dir: dir, Request: tc.request, Statuses: tc.statuses})
			written, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
			if len(files) != want || len(written) != want {
				t.Fatalf("counted %d, reported %d, wrote %d (%v)", want, len(files), len(written), err)
			}
			if (want == 0) != (model.ErrorCode(err) == model.EINVALID) {
				t.Errorf("error %v for %d letters", err, want)
			}
		})
	}
}

func TestLettersAlreadyThereAreATypedRefusal(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	opt := letters.Options{Dir: t.TempDir(), Statuses: []model.AssignmentStatus{model.Proposed}}
	if _, err := d.WriteLetters(ctx, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := d.WriteLetters(ctx, opt); model.ErrorCode(err) != model.EEXISTS || strings.Contains(err.Error(), "--force") {
		t.Fatalf("writing again: %v", err)
	}
	opt.Force = true
	if _, err := d.WriteLetters(ctx, opt); err != nil {
		t.Fatalf("replacing: %v", err)
	}
}

// The third drift: `export plan` made a new plan instead of exporting the saved one.
func TestExportPlanIsTheSavedPlan(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	// Another program adds a person who would change a fresh plan; the saved one stays.
	extra := model.Associate{StaffID: "005", Name: "Priya Raman", HomeOrg: "RR8", MaxDays: 60, Active: true,
		Skills: []model.SkillLevel{{Skill: "Data migration", Level: 5}}, Clearances: []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2031, 1, 1)}}}
	if err := d.Store().Apply(ctx, &model.Changeset{Associates: []model.Associate{extra}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := d.ExportPlan(ctx, path); err != nil {
		t.Fatal(err)
	}
	v := load(t, d)
	if rows := sheetRows(t, path, "Assignments"); rows-1 != len(holding(v.Data)) {
		t.Fatalf("exported %d assignments, the register holds %d", rows-1, len(holding(v.Data)))
	}
}

// The fourth drift: only the CLI reported a commitment that breaks a rule; the app showed
// the person Confirmed while on leave, with no warning. The core reports it to both.
func TestCommitmentOnLeaveIsReported(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	a := v.Data.Assignments[0]
	if err := d.Confirm(ctx, v.Data, a); err != nil {
		t.Fatal(err)
	}
	leave := model.Unavailability{StaffID: a.StaffID, Period: model.Period{From: a.From + 1, To: a.From + 3}, Reason: "Sickness"}
	if err := d.Store().Apply(ctx, &model.Changeset{Unavailability: []model.Unavailability{leave}}); err != nil {
		t.Fatal(err)
	}
	after := load(t, d)
	if !containsText(after.Plan.Violations, "on leave") {
		t.Fatalf("the view reports %v", after.Plan.Violations)
	}
	done, err := d.PlanAndCommit(ctx, nil)
	if err != nil || !containsText(done.Conflicts, "on leave") {
		t.Fatalf("planning again reports %v (%v)", done.Conflicts, err)
	}
}

func containsText(list []string, part string) bool {
	for _, s := range list {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// A plan made before a leave import finished must not be saved: it may put people on
// leave. Re-planning, then committing, works.
func TestStalePlanCommitIsRefused(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t, nil)
	v, err := d.Plan(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	chosen := v.Plan.Proposals()[0]
	roster := leaveWorkbook(t, chosen.StaffID, chosen.Period)
	if _, err := d.Import(ctx, roster, actions.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitPlan(ctx, v); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "plan again") {
		t.Fatalf("committing a plan made before the import: %v", err)
	}
	if n := len(load(t, d).Data.Assignments); n != 0 {
		t.Fatalf("the refused commit saved %d assignments", n)
	}
	again, err := d.Plan(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitPlan(ctx, again); err != nil {
		t.Fatalf("committing a fresh plan: %v", err)
	}
	for _, a := range load(t, d).Data.Assignments {
		if a.StaffID == chosen.StaffID && a.Overlaps(chosen.Period) {
			t.Errorf("%s was planned over their leave", a.StaffID)
		}
	}
}

// leaveWorkbook writes a roster workbook with one Unavailability row, as HR sends it.
func leaveWorkbook(t *testing.T, staffID string, p model.Period) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Unavailability")
	for i, v := range []any{"Staff ID", "From", "To", "Reason", staffID, p.From.String(), p.To.String(), "Annual leave"} {
		axis, _ := excelize.CoordinatesToCellName(i%4+1, i/4+1)
		f.SetCellValue("Unavailability", axis, v)
	}
	path := filepath.Join(t.TempDir(), "leave.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSwapWithdrawsTheHolderAndPinsTheNewcomer(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	var holder model.Assignment
	for _, a := range v.Data.Assignments {
		if a.RequestRef == "REQ-1" {
			holder = a
		}
	}
	var newcomer string
	for _, c := range v.Plan.Candidates(holder.RoleKey()) {
		if c.Eligible {
			newcomer = c.StaffID
		}
	}
	if newcomer == "" {
		t.Fatal("no one to swap in")
	}
	if err := d.Swap(ctx, v.Data, holder, newcomer); err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Assignment{}
	for _, a := range load(t, d).Data.Assignments {
		if a.RoleKey() == holder.RoleKey() {
			got[a.StaffID] = a
		}
	}
	if got[holder.StaffID].Status != model.Withdrawn || got[newcomer].Status != model.Proposed || !got[newcomer].Pinned {
		t.Fatalf("after the swap: %+v", got)
	}
	// The same swap on the data as it was before is stale: refused, nothing changed.
	if err := d.Swap(ctx, v.Data, holder, newcomer); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a swap on stale data: %v", err)
	}
	if err := d.Swap(ctx, load(t, d).Data, got[newcomer], newcomer); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("swapping someone for themselves: %v", err)
	}
}

func TestNextRequestRef(t *testing.T) {
	tests := []struct {
		name string
		refs []string
		want string
	}{
		{"empty register", nil, "REQ-2026-001"},
		{"after two", []string{"REQ-2026-001", "REQ-2026-002"}, "REQ-2026-003"},
		{"skips one taken in another case", []string{"x", "req-2026-003"}, "REQ-2026-004"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &model.Data{}
			for _, r := range tc.refs {
				d.Requests = append(d.Requests, model.Request{Ref: r})
			}
			if got := actions.NextRequestRef(d, testDay); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestDashboardFigures(t *testing.T) {
	d := newDesk(t, nil)
	f := actions.Dashboard(load(t, d), testDay)
	if f.OpenByPriority[1] != 1 || f.OpenByPriority[3] != 1 || f.Open() != 2 || f.Spend.Label != "2026/27" || f.Spend.Proposed != 0 {
		t.Errorf("before planning: %+v", f)
	}
	if f.EmptyEmergency != 2 {
		t.Errorf("%d empty emergency seats before planning, want 2", f.EmptyEmergency)
	}
	if _, err := d.PlanAndCommit(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	f = actions.Dashboard(load(t, d), testDay)
	if f.Spend.Proposed == 0 || f.EmptyEmergency != 0 {
		t.Errorf("after planning: proposed %s, %d empty emergency seats", f.Spend.Proposed, f.EmptyEmergency)
	}
}

func TestFillDemoOnlyIntoAnEmptyRegister(t *testing.T) {
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := actions.New(reg, actions.Options{Clock: testClock})
	defer d.Close()
	c, err := d.FillDemo(ctx)
	if err != nil || len(c.Associates) == 0 {
		t.Fatalf("the demo: %v", err)
	}
	if _, err := d.FillDemo(ctx); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a second demo into a full register: %v", err)
	}
}

func TestSubjectAccessAndErase(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	path := filepath.Join(t.TempDir(), "sar.json")
	if err := d.SubjectAccess(ctx, "003", path); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(path)
	if !strings.Contains(string(text), "Siobhán Ó Súilleabháin") || !strings.Contains(string(text), `"generated": "2026-12-01T09:00:00Z"`) {
		t.Errorf("subject access file:\n%s", text)
	}
	if err := d.SubjectAccess(ctx, "nobody", path); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("subject access for nobody: %v", err)
	}
	erased, err := d.Erase(ctx, "003")
	if err != nil || load(t, d).Index.Associate["003"] != nil || load(t, d).Index.Associate[erased.Anon] == nil {
		t.Fatalf("erase: %+v %v", erased, err)
	}
}

// failingStore breaks the way a full disk or a driver fault does: with an error that is
// not one of the domain's.
type failingStore struct{ model.Store }

func (failingStore) Load(context.Context) (*model.Data, error) {
	return nil, errors.New("sqlite: disk I/O error (522)")
}

// An internal fault is logged with its detail; the user reads plain words, never the
// driver's text.
func TestInternalFaultsAreLoggedNotShown(t *testing.T) {
	var log bytes.Buffer
	d := actions.New(failingStore{}, actions.Options{Log: slog.New(slog.NewJSONHandler(&log, nil))})
	_, err := d.Load(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	if msg := model.ErrorMessage(err); strings.Contains(msg, "sqlite") || strings.Contains(msg, "Internal error") || msg != model.InternalMessage {
		t.Errorf("the user reads %q", msg)
	}
	if !strings.Contains(log.String(), "disk I/O error") || !strings.Contains(log.String(), "load the register") {
		t.Errorf("the log holds %q", log.String())
	}
	// A refusal of the user's input is theirs to read, and not a fault to log.
	log.Reset()
	refusing := newDesk(t, &log)
	if _, err := refusing.Import(context.Background(), filepath.Join(t.TempDir(), "missing.xlsx"), actions.ImportOptions{}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("importing a missing file: %v", err)
	}
	if log.Len() != 0 {
		t.Errorf("a refused input was logged as a fault: %s", log.String())
	}
}

// Leave imported over a Confirmed secondment is named in the dry run, before anything is
// written: "Confirmed REQ-1 / … would break a rule: on leave …".
func TestDryRunWarnsOfLeaveOverACommitment(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	a := firstOf(t, d, "REQ-1")
	if err := d.Confirm(ctx, load(t, d).Data, a); err != nil {
		t.Fatal(err)
	}
	roster := leaveWorkbook(t, a.StaffID, model.Period{From: a.From + 7, To: a.From + 11})
	rep, err := d.Import(ctx, roster, actions.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, w := range rep.Warnings {
		warned = append(warned, w.String())
	}
	if !containsText(warned, "Confirmed REQ-1 / Data migration lead") || !containsText(warned, "on leave") {
		t.Fatalf("the dry run warned %q", warned)
	}
	if n := len(load(t, d).Index.Unavailable[a.StaffID]); n != 0 {
		t.Fatalf("the dry run wrote %d periods of leave", n)
	}
}

// The clearances to renew put first those expired of people booked on a secondment.
func TestAlertsPutBookedPeopleFirst(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	var changed []model.Associate
	for i, a := range v.Data.Associates {
		a.Clearances = []model.Clearance{{Type: "Smartcard", Expiry: testDay - model.Date(30-i)}} // all expired, on different days
		changed = append(changed, a)
	}
	if err := d.Store().Apply(ctx, &model.Changeset{Associates: changed}); err != nil {
		t.Fatal(err)
	}
	f := actions.Dashboard(load(t, d), testDay)
	if len(f.Alerts) != len(changed) {
		t.Fatalf("%d alerts for %d expired clearances", len(f.Alerts), len(changed))
	}
	for i := 1; i < len(f.Alerts); i++ {
		a, b := f.Alerts[i-1], f.Alerts[i]
		if !a.Booked && b.Booked || a.Booked == b.Booked && a.Expiry > b.Expiry {
			t.Errorf("%s (booked %v, %s) before %s (booked %v, %s)", a.StaffID, a.Booked, a.Expiry, b.StaffID, b.Booked, b.Expiry)
		}
	}
	if !f.Alerts[0].Booked || f.Alerts[len(f.Alerts)-1].Booked {
		t.Errorf("the fixture should have people both booked and not: %+v", f.Alerts)
	}
}

// Changing one setting records one change in the audit trail, however many settings the
// register has never stored; saving them unchanged records none.
func TestSettingsChangeOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t, nil)
	entries := func() int {
		t.Helper()
		es, err := d.Store().Audit(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	before := entries()
	v := load(t, d)
	s := v.Data.Settings
	s.ReleaseLimit = 3
	if err := d.SaveSettings(ctx, v.Data, s); err != nil {
		t.Fatal(err)
	}
	if n := entries() - before; n != 1 {
		t.Errorf("changing one setting wrote %d audit entries", n)
	}
	if err := d.Store().SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if n := entries() - before; n != 1 {
		t.Errorf("saving the same settings again wrote %d more", n-1)
	}
}

// readOnlyStore is a register file this user may only read.
type readOnlyStore struct{ model.Store }

func (readOnlyStore) ReadOnly() string { return "the folder is not yours to write" }

// A register the user may only read is shown as read-only, as a snapshot is, so that the
// app disables what would change it rather than let every change be refused.
func TestAReadOnlyRegisterSaysSo(t *testing.T) {
	cases := []struct {
		name  string
		store model.Store
		want  string
	}{
		{"writable", newDesk(t, nil).Store(), ""},
		{"read-only", readOnlyStore{newDesk(t, nil).Store()}, "the folder is not yours to write"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			access, err := actions.New(tc.store, actions.Options{}).Access(context.Background())
			if err != nil || access.ReadOnly != tc.want {
				t.Errorf("access %+v, %v", access, err)
			}
			if denied := access.Allows(model.ActionEditAssociates) != nil; denied != (tc.want != "") {
				t.Errorf("editing associates allowed: %v", !denied)
			}
		})
	}
}

// A swap never breaks a hard rule: someone who already holds the role's other seat cannot
// be swapped into this one, and the register is left as it was.
func TestSwapRefusesWhatBreaksARule(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	v := load(t, d)
	var seats []model.Assignment
	for _, a := range v.Data.Assignments {
		if a.RequestRef == "REQ-1" && a.Holds() {
			seats = append(seats, a)
		}
	}
	if len(seats) != 2 {
		t.Fatalf("REQ-1 holds %d seats, want 2", len(seats))
	}
	err := d.Swap(ctx, v.Data, seats[0], seats[1].StaffID)
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "cannot take this seat") {
		t.Errorf("swapping in the holder of the other seat: %v", err)
	}
	if got := holding(load(t, d).Data); !slices.Equal(got, holding(v.Data)) {
		t.Errorf("a refused swap changed the register: %v, was %v", got, holding(v.Data))
	}
	// Nor can someone on leave for the seat's dates.
	var free string
	for _, c := range v.Plan.Candidates(seats[0].RoleKey()) {
		if c.Eligible && !c.Chosen {
			free = c.StaffID
		}
	}
	person := *v.Index.Associate[free]
	leave := []model.Unavailability{{StaffID: free, Period: model.Period{From: day(1, 11), To: day(1, 15)}, Reason: "Annual leave"}}
	if err := d.SaveAssociate(ctx, v.Data, person, leave); err != nil {
		t.Fatal(err)
	}
	v = load(t, d)
	err = d.Swap(ctx, v.Data, seats[0], free)
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "leave") {
		t.Errorf("swapping in someone on leave: %v", err)
	}
}

// Two coordinators on one register: a swap checked against the register as one of them
// read it is written only if no one has changed the register since, as a change since (a
// colleague swapped in, leave imported) can make the newcomer break a rule that spans rows.
func TestSwapOnARegisterChangedSinceIsRefused(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	other := actions.New(d.Store(), actions.Options{Clock: testClock})
	v := load(t, d)
	var holder model.Assignment
	for _, a := range v.Data.Assignments {
		if a.RequestRef == "REQ-1" && a.Holds() {
			holder = a
		}
	}
	var newcomer string
	for _, c := range v.Plan.Candidates(holder.RoleKey()) {
		if c.Eligible && !c.Chosen {
			newcomer = c.StaffID
		}
	}
	s := load(t, other).Data.Settings
	s.ReleaseLimit++
	if err := other.SaveSettings(ctx, load(t, other).Data, s); err != nil {
		t.Fatal(err)
	}
	err := d.Swap(ctx, v.Data, holder, newcomer)
	if model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a swap on a register changed since it was read: %v", err)
	}
	if got := holding(load(t, d).Data); !slices.Equal(got, holding(v.Data)) {
		t.Errorf("a refused swap changed the register: %v", got)
	}
}

// The log keeps faults, never the people they happened to: a save that fails inside the
// store logs what failed with the store's words, and no name, email or Staff ID.
func TestTheLogHoldsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	var log bytes.Buffer
	d := newDesk(t, &log)
	v := load(t, d)
	a := *v.Index.Associate["003"]
	a.Email = "siobhan.osuilleabhain@nhs.net"
	d.Store().Close() // every write now fails inside the store, as a lost disk would
	if err := d.SaveAssociate(ctx, v.Data, a, nil); model.ErrorCode(err) != model.EINTERNAL && model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("saving on a closed register: %v", err)
	}
	if err := d.CloseRequest(ctx, v.Data, "REQ-1", model.RequestClosed, &model.Lesson{System: "Epic", WhatFailed: "x", WhatFixed: "y",
		Author: a.Name}); err == nil {
		t.Fatal("closing a request on a closed register succeeded")
	}
	if !strings.Contains(log.String(), "failed") {
		t.Fatalf("the faults were not logged: %q", log.String())
	}
	for _, personal := range []string{a.Name, "Siobh", "osuilleabhain", a.StaffID + `"`, "nhs.net"} {
		if strings.Contains(log.String(), personal) {
			t.Errorf("the log holds %q:\n%s", personal, log.String())
		}
	}
}
