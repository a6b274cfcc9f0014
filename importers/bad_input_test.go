package importers

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// withCell returns the messy roster with one cell changed.
func withCell(sheet string, row, col int, v any) sheetRows {
	s := messyRoster()
	for len(s[sheet][row]) <= col {
		s[sheet][row] = append(s[sheet][row], "")
	}
	s[sheet][row][col] = v
	return s
}

func TestBadRowsAreRefusedWithTheirPlace(t *testing.T) {
	tests := []struct {
		name  string
		rows  sheetRows
		where string // the start of the finding: sheet, Excel row, column
		says  string
	}{
		{"unknown ODS code", withCell("Associates", 4, 2, "ZZ9"), "Associates row 5, Home Organisation", "not a known organisation"},
		{"duplicate Staff ID", withCell("Associates", 6, 0, "00123"), "Associates row 7, Staff ID", "appears again (first at row 5)"},
		{"impossible date", withCell("Requests", 1, 6, "31/02/2027"), "Requests row 2, Start", "not a real date"},
		{"month-first text date", withCell("Requests", 1, 6, "01/13/2027"), "Requests row 2, Start", "day first"},
		{"band outside Agenda for Change", withCell("Associates", 4, 3, "Band 10"), "Associates row 5, Band", "Agenda for Change"},
		{"skill level outside 1-5", withCell("Associates", 4, 4, "Data migration:6"), "Associates row 5, Skills", "1 to 5"},
		{"negative cap", withCell("Associates", 4, 7, -5), "Associates row 5, Max Days Per Year", "not between 0 and 260"},
		{"end before start", withCell("Requests", 1, 7, "01/01/2027"), "Requests row 2, End", "before it starts"},
		{"role outside its request", withCell("Roles", 1, 6, "30/04/2027"), "Roles row 2, Start", "outside request"},
		{"unknown request on a role", withCell("Roles", 1, 0, "REQ-9999"), "Roles row 2, Request Ref", "not a request"},
		{"bad yes/no", withCell("Associates", 4, 9, "perhaps"), "Associates row 5, Remote Only", "not Yes or No"},
		{"bad kind", withCell("Requests", 1, 3, "Disaster"), "Requests row 2, Kind", "not a valid kind of request"},
		{"bad priority", withCell("Requests", 1, 4, "P7"), "Requests row 2, Priority", "not a priority"},
		{"unknown associate on leave", withCell("Unavailability", 1, 0, "NOBODY"), "Unavailability row 2, Staff ID", "not an associate"},
		{"unknown role on an assignment", withCell("Assignments", 1, 1, "Tea maker"), "Assignments row 2, Role", "has no role"},
		{"bad clearance date", withCell("Associates", 4, 6, "DBS:2027/03/31"), "Associates row 5, Clearances", "not a date"},
		{"missing required column", withCell("Associates", 3, 1, "Nickname"), "Associates row 4, Name", "required column is missing"},
		// Text strconv.ParseFloat reads as a number, but no one writes a date or an amount so.
		{"NaN as a date", withCell("Requests", 1, 6, "NaN"), "Requests row 2, Start", `"NaN" is not a date`},
		{"nan as leave's first day", withCell("Unavailability", 1, 1, "nan"), "Unavailability row 2, From", `"nan" is not a date`},
		{"a number cell holding NaN as a date", withCell("Requests", 1, 7, math.NaN()), "Requests row 2, End", `"NaN" is not a date`},
		{"infinity as a date", withCell("Requests", 1, 7, "-Inf"), "Requests row 2, End", `"-Inf" is not a date`},
		{"a date in scientific notation", withCell("Requests", 1, 6, "1e5"), "Requests row 2, Start", `"1e5" is not a date`},
		{"a date in hexadecimal", withCell("Requests", 1, 6, "0x1p15"), "Requests row 2, Start", `"0x1p15" is not a date`},
		{"NaN as a day rate", withCell("Associates", 4, 8, "NaN"), "Associates row 5, Day Rate", `"NaN" is not an amount of money`},
		{"infinity as a day rate", withCell("Associates", 4, 8, "Inf"), "Associates row 5, Day Rate", `"Inf" is not an amount of money`},
		{"a day rate in scientific notation", withCell("Associates", 4, 8, "4.5e2"), "Associates row 5, Day Rate", `"4.5e2" is not an amount of money`},
		{"NaN as a headcount", withCell("Roles", 1, 2, "NaN"), "Roles row 2, Headcount", `"NaN" is not a whole number`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newRegister(t)
			mustImport(t, reg, etrPath)
			before := load(t, reg)
			rep, err := importFile(t, reg, writeXLSX(t, tc.rows), false)
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), "roster.xlsx") {
				t.Errorf("error %q does not name the file", err)
			}
			found := false
			for _, f := range rep.Errors {
				s := f.String()
				if strings.HasPrefix(s, tc.where) && strings.Contains(s, tc.says) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at %q saying %q; got:\n%v", tc.where, tc.says, rep.Errors)
			}
			after := load(t, reg)
			if len(after.Associates) != len(before.Associates) || len(after.Requests) != len(before.Requests) {
				t.Errorf("a refused import changed the register")
			}
		})
	}
}

func TestEveryErrorIsReported(t *testing.T) {
	rows := withCell("Associates", 4, 3, "Band 10")
	rows["Associates"][6][7] = -1
	rows["Requests"][1][6] = "31/02/2027"
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep, _ := importFile(t, reg, writeXLSX(t, rows), false)
	if len(rep.Errors) != 3 {
		t.Fatalf("%d errors reported, want all 3: %v", len(rep.Errors), rep.Errors)
	}
	for _, f := range rep.Errors {
		if f.Letter == "" || f.Row == 0 {
			t.Errorf("%v lacks a row or column letter", f)
		}
	}
}

func TestBrokenFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, body, 0o600)
		return p
	}
	protected := filepath.Join(dir, "protected.xlsx")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "secret")
	if err := f.SaveAs(protected, excelize.Options{Password: "hunter2"}); err != nil {
		t.Fatal(err)
	}
	formula := func() string {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "Organisations")
		f.SetSheetRow("Organisations", "A1", &[]any{"Code", "Name"})
		f.SetSheetRow("Organisations", "A2", &[]any{"RR8"})
		f.SetCellFormula("Organisations", "B2", "CONCAT(\"Leeds\",\" NHS\")")
		p := filepath.Join(dir, "formula.xlsx")
		f.SaveAs(p)
		return p
	}()
	tests := []struct {
		name, path, says string
	}{
		{"empty file", write("empty.xlsx", nil), "empty"},
		{"not a workbook", write("notes.xlsx", []byte("hello, this is text")), "not an .xlsx workbook"},
		{"password-protected", protected, "password"},
		{"OpenDocument spreadsheet", write("roster.ods", []byte("x")), "save it as an Excel workbook (.xlsx)"},
		{"Excel 97-2003 workbook", write("roster.xls", []byte("x")), "save it as an Excel workbook (.xlsx)"},
		{"wrong kind of file", write("roster.pdf", []byte("x")), "not a roster workbook"},
		{"missing file", filepath.Join(dir, "nowhere.xlsx"), "cannot open"},
		{"formula with no saved value", formula, "has no saved value"},
		{"no roster sheets", writeXLSX(t, sheetRows{"Staff": {{"a", "b"}}}), "is this a roster workbook"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newRegister(t)
			rep, err := importFile(t, reg, tc.path, false)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			for _, f := range rep.Errors {
				msg += "\n" + f.String()
			}
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(msg, tc.says) {
				t.Fatalf("got %v / %q, want EINVALID saying %q", err, msg, tc.says)
			}
			if empty, _ := reg.IsEmpty(t.Context()); !empty {
				t.Error("the register changed")
			}
		})
	}
}

func TestUnknownSheetsAndColumnsWarn(t *testing.T) {
	rows := messyRoster()
	rows["Associates"][3] = append(rows["Associates"][3], "Favourite colour")
	rows["Pivot"] = [][]any{{"x"}}
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep := mustImport(t, reg, writeXLSX(t, rows))
	text := ""
	for _, w := range rep.Warnings {
		text += w.String() + "\n"
	}
	if !strings.Contains(text, "Favourite colour") || !strings.Contains(text, "Pivot") {
		t.Fatalf("warnings:\n%s", text)
	}
}

func TestTemplate(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeXLSX(t, messyRoster()))
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := ExportTemplate(load(t, reg), path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, _ := f.GetDataValidations("Associates")
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Formula1
	}
	if !strings.Contains(lists["F2:F2000"], "8A") || !strings.Contains(lists["L2:L2000"], "Yes") {
		t.Errorf("Associates drop-downs: %v", lists)
	}
	kinds, _ := f.GetDataValidations("Requests")
	if len(kinds) == 0 {
		t.Error("Requests has no drop-downs")
	}
	cols, _ := f.GetCols("Lists")
	if len(cols) < 2 || !slices.Contains(cols[1], "Cerner Millennium") || !slices.Contains(cols[0], "Data migration") {
		t.Errorf("Lists sheet: %v", cols)
	}
	// The empty template imports cleanly: nothing to add, nothing wrong.
	rep := mustImport(t, reg, path)
	if len(rep.Warnings) != 0 || rep.Written {
		t.Errorf("importing the empty template: warnings %v written %v", rep.Warnings, rep.Written)
	}
}

// Some systems name the .xlsx workbooks they export .xls: such a file is read as the
// workbook it is, with a warning, not refused as an Excel 97-2003 file.
func TestAnXLSXNamedXLSIsRead(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	data, err := os.ReadFile(writeXLSX(t, messyRoster()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "roster.xls")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rep := mustImport(t, reg, path)
	text := ""
	for _, w := range rep.Warnings {
		text += w.String() + "\n"
	}
	if d, _ := reg.Load(t.Context()); len(d.Associates) == 0 || !strings.Contains(text, "with an .xls name") {
		t.Errorf("%d associates read; warnings:\n%s", len(d.Associates), text)
	}
}
