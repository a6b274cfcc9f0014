package importers

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
	"associateplanner/sqlite"
)

// etrPath is the project's own copy of the NHS trust list (embedded by demo, kept equal
// to shared/data/ods/etr.csv by a test there).
const etrPath = "../demo/etr.csv"

func newRegister(t *testing.T) *sqlite.Register {
	t.Helper()
	reg, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "register.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return reg
}

// sheetRows is a sheet's cells, row by row from A1; a time.Time becomes a date cell.
type sheetRows map[string][][]any

// writeXLSX builds a workbook with excelize directly (not through the exporter), as another
// program would.
func writeXLSX(t testing.TB, sheets sheetRows) string {
	t.Helper()
	f := excelize.NewFile()
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for name, rows := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range rows {
			for c, v := range cells {
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(name, axis, v); err != nil {
					t.Fatal(err)
				}
				if _, ok := v.(time.Time); ok {
					f.SetCellStyle(name, axis, axis, dateStyle)
				}
			}
		}
	}
	f.DeleteSheet("Sheet1")
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// importFile reads a file against the register and, unless dry or refused, writes it.
func importFile(t *testing.T, reg *sqlite.Register, path string, dry bool) (*Report, error) {
	t.Helper()
	return importWithin(t, reg, path, dry, DefaultLimits)
}

// importWithin is importFile within limits.
func importWithin(t *testing.T, reg *sqlite.Register, path string, dry bool, limits Limits) (*Report, error) {
	t.Helper()
	ctx := context.Background()
	rep := &Report{File: filepath.Base(path), DryRun: dry}
	changes, err := limits.Read(path, load(t, reg), rep, nil)
	if err != nil {
		return rep, err
	}
	if err := rep.Err(); err != nil || dry || changes.Len() == 0 {
		return rep, err
	}
	rep.Written = true
	return rep, reg.Apply(ctx, changes)
}

func mustImport(t *testing.T, reg *sqlite.Register, path string) *Report {
	t.Helper()
	rep, err := importFile(t, reg, path, false)
	if err != nil {
		t.Fatalf("import %s: %v\n%v", path, err, rep.Errors)
	}
	return rep
}

func load(t *testing.T, reg *sqlite.Register) *model.Data {
	t.Helper()
	d, err := reg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestImportRealODSTrustList(t *testing.T) {
	reg := newRegister(t)
	rep := mustImport(t, reg, etrPath)
	raw, err := os.ReadFile(etrPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(raw), "\n")
	d := load(t, reg)
	if len(d.Organisations) != lines {
		t.Fatalf("%d organisations loaded from %d lines", len(d.Organisations), lines)
	}
	idx := model.NewIndex(d)
	checks := []struct {
		code, name, region, postcode, closed string
	}{
		{"R1C", "Solent NHS Trust", "South East", "SO19 8BR", "30/09/2024"},
		{"RAP", "North Middlesex University Hospital NHS Trust", "London", "N18 1QX", "31/12/2024"},
		{"R0A", "Manchester University NHS Foundation Trust", "North West", "M13 9WL", ""},
	}
	for _, c := range checks {
		o := idx.Org[c.code]
		if o == nil {
			t.Fatalf("%s missing", c.code)
		}
		if o.Name != c.name || o.Region != c.region || o.Postcode != c.postcode || o.Closed.String() != c.closed {
			t.Errorf("%s = %+v", c.code, *o)
		}
	}
	var closed []string
	for _, o := range d.Organisations {
		if !o.Closed.IsZero() {
			closed = append(closed, o.Code)
		}
	}
	if want := []string{"R1C", "RAP", "RRP", "RY9", "RYK"}; !reflect.DeepEqual(closed, want) {
		t.Errorf("closed trusts %v, the file closes %v", closed, want)
	}
	if rep.Counts[0].Added != lines {
		t.Errorf("report counts %+v", rep.Counts)
	}
	again := mustImport(t, reg, etrPath)
	if c := again.Counts[0]; c.Unchanged != lines || c.Added != 0 || c.Updated != 0 || again.Written {
		t.Errorf("second import of the same file: %+v written=%v", c, again.Written)
	}
}

func TestTitleCase(t *testing.T) {
	tests := map[string]string{
		"GUY'S AND ST THOMAS' NHS FOUNDATION TRUST":              "Guy's and St Thomas' NHS Foundation Trust",
		"THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST": "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
		"BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS":   "Barking, Havering and Redbridge University Hospitals",
		"WRIGHTINGTON, WIGAN AND LEIGH TEACHING HOSPITALS":       "Wrightington, Wigan and Leigh Teaching Hospitals",
		"ASHTON-UNDER-LYNE": "Ashton-Under-Lyne",
	}
	for in, want := range tests {
		if got := TitleCase(in); got != want {
			t.Errorf("TitleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// messyRoster is a workbook as people make them: title rows above the header, synonym and
// oddly spelt headers, columns out of order, date cells beside UK text dates, Unicode
// names, stray spaces, lower-case codes and blank rows.
func messyRoster() sheetRows {
	return sheetRows{
		"organisations": {
			{"Code", "Name", "Region"},
			{"rr8", "Leeds Teaching Hospitals NHS Trust", "North East and Yorkshire"},
			{"RJ1 ", "Guy's and St Thomas' NHS Foundation Trust", "london"},
			{"RX1", "Nottingham University Hospitals NHS Trust", "Y60"},
		},
		"Associates": {
			{"NHS Central Support Team: associate roster"},
			{"Exported by HR, July"},
			{},
			{"Employee Number", "Full Name", "Employer", "AfC Band", "Skills", "Supplier Systems", "Checks", "Max Days", "Daily Rate (£)", "remote only", "E-mail"},
			{" 00123 ", "Siobhán Ó Súilleabháin", "rr8", "Band 8A", "Data migration:4; Cutover planning:3", "Epic; Cerner Millennium", "DBS:31/03/2027; Smartcard:2028-01-01", 40, 380, "N", "siobhan@nhs.net"},
			{},
			{"A-77", "Łukasz Kowalczyk", "RJ1", "6", "Interface engineering:5", "EPIC ", "DBS:3 Feb 2027", "", "", "yes", ""},
			{"A-78", "Αθηνά Παπαδοπούλου", "RX1", "7", "Training:2,Testing:3", "", "", 25, "", "FALSE", ""},
		},
		"Unavailability": {
			{"Staff ID", "From", "To", "Reason"},
			{"00123", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), "05/02/2027", "Annual leave"},
		},
		"Requests": {
			{"Ref", "Host Trust", "Title", "Kind", "Priority", "System", "Start", "End", "Mode"},
			{"REQ-2027-014", "rj1", "EPR go-live rescue", "emergency", "", "epic", "04/01/2027", time.Date(2027, 3, 26, 0, 0, 0, 0, time.UTC), "hybrid"},
			{"REQ-2027-015", "RX1", "Pre-deployment readiness review", "Pre-deployment", "P2", "Nervecentre", "2027-04-06", "2027-05-28", ""},
		},
		"Roles": {
			{"Request Ref", "Role", "Headcount", "Skills", "Clearances", "Start", "End"},
			{"req-2027-014", "Cutover lead", 2, "Cutover planning:3", "DBS", "04/01/2027", "29/01/2027"},
			{"REQ-2027-015", "Clinical safety officer", "", "", "", "", ""},
		},
		"Assignments": {
			{"Request Ref", "Role", "Staff ID", "Status"},
			{"REQ-2027-014", "cutover lead", "00123", "Confirmed"},
		},
	}
}

func TestImportMessyWorkbook(t *testing.T) {
	reg := newRegister(t)
	rep := mustImport(t, reg, writeXLSX(t, messyRoster()))
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
	d := load(t, reg)
	idx := model.NewIndex(d)
	a := idx.Associate["00123"]
	if a == nil {
		t.Fatalf("00123 missing; have %v", d.Associates)
	}
	want := model.Associate{StaffID: "00123", Name: "Siobhán Ó Súilleabháin", Email: "siobhan@nhs.net", HomeOrg: "RR8", Band: "8a",
		Skills:     []model.SkillLevel{{Skill: "Data migration", Level: 4}, {Skill: "Cutover planning", Level: 3}},
		Systems:    []string{"Epic", "Cerner Millennium"},
		Clearances: []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2027, 3, 31)}, {Type: "Smartcard", Expiry: model.NewDate(2028, 1, 1)}},
		MaxDays:    40, DayRate: model.Pounds(380), Active: true}
	if !reflect.DeepEqual(*a, want) {
		t.Errorf("associate\n got %+v\nwant %+v", *a, want)
	}
	l := idx.Associate["A-77"]
	if l.Name != "Łukasz Kowalczyk" || !l.RemoteOnly || l.MaxDays != model.DefaultMaxDays || l.Systems[0] != "Epic" ||
		l.Clearances[0].Expiry.String() != "03/02/2027" {
		t.Errorf("A-77 = %+v (EPIC must join Epic; blank cap is the default)", *l)
	}
	if p := idx.Associate["A-78"]; len(p.Skills) != 2 || p.RemoteOnly {
		t.Errorf("A-78 = %+v", *p)
	}
	q := idx.Request["REQ-2027-014"]
	if q.Trust != "RJ1" || q.Kind != model.KindEmergency || q.Priority != 1 || q.Mode != model.ModeHybrid ||
		q.System != "Epic" || q.To.String() != "26/03/2027" {
		t.Errorf("request = %+v", *q)
	}
	if q2 := idx.Request["REQ-2027-015"]; q2.Priority != 2 || q2.Mode != model.ModeOnSite || q2.Status != model.RequestOpen {
		t.Errorf("request 15 = %+v", *q2)
	}
	r := idx.Role[model.RoleKey{RequestRef: "REQ-2027-015", Name: "clinical safety officer"}]
	if r == nil || r.Headcount != 1 || r.Period != idx.Request["REQ-2027-015"].Period || !r.OnSite {
		t.Errorf("defaulted role = %+v", r)
	}
	if len(d.Assignments) != 1 || d.Assignments[0].Role != "Cutover lead" || d.Assignments[0].From.String() != "04/01/2027" {
		t.Errorf("assignments = %+v", d.Assignments)
	}
	if u := d.Unavailability; len(u) != 1 || u[0].From.String() != "01/02/2027" || u[0].To.String() != "05/02/2027" {
		t.Errorf("unavailability = %+v", u)
	}
}

func TestRoundTrip(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeXLSX(t, messyRoster()))
	before := load(t, reg)
	// Text that a spreadsheet would run as a formula must survive the trip.
	before.Associates[0].Notes = "=HYPERLINK(\"http://x\")"
	before.Associates[0].Phone = "+44 113 243 3144"
	if err := reg.Apply(context.Background(), &model.Changeset{Associates: before.Associates[:1]}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.xlsx")
	if err := ExportRoster(before, path); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenFile(path)
	for cell, want := range map[string]string{"O2": before.Associates[0].Notes, "D2": before.Associates[0].Phone} {
		v, _ := f.GetCellValue("Associates", cell)
		style, _ := f.GetCellStyle("Associates", cell)
		if xf := f.Styles.CellXfs.Xf[style]; v != want || xf.QuotePrefix == nil || !*xf.QuotePrefix {
			t.Errorf("%s exported as %q with style %d; want %q as text with the quote prefix", cell, v, style, want)
		}
	}
	f.Close()
	rep := mustImport(t, reg, path)
	for _, c := range rep.Counts {
		if c.Added != 0 || c.Updated != 0 {
			t.Errorf("re-importing the export changed %s: %+v", c.Sheet, c)
		}
	}
	if rep.Written || len(rep.Warnings) != 0 {
		t.Errorf("written=%v warnings=%v", rep.Written, rep.Warnings)
	}
	fresh := newRegister(t)
	mustImport(t, fresh, path)
	after := load(t, fresh)
	if !reflect.DeepEqual(before.Associates, after.Associates) || !reflect.DeepEqual(before.Roles, after.Roles) ||
		!reflect.DeepEqual(before.Requests, after.Requests) || !reflect.DeepEqual(before.Assignments, after.Assignments) ||
		!reflect.DeepEqual(before.Unavailability, after.Unavailability) || !reflect.DeepEqual(before.Organisations, after.Organisations) {
		t.Errorf("a fresh register loaded from the export differs from the original")
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep, err := importFile(t, reg, writeXLSX(t, messyRoster()), true)
	if err != nil || rep.Written {
		t.Fatalf("dry run: %v written=%v", err, rep.Written)
	}
	if d := load(t, reg); len(d.Associates) != 0 {
		t.Fatalf("dry run wrote %d associates", len(d.Associates))
	}
	if rep.Counts[1].Sheet != "Associates" || rep.Counts[1].Added != 3 {
		t.Errorf("dry-run counts %+v", rep.Counts)
	}
}
