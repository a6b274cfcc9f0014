package importers

import (
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// TestStaffIDsAreNeverSilentlyDuplicated: an ID a spreadsheet turned into a number, or a
// new ID for a name and email the register already has, is refused naming the row and the
// associate it seems to be, and saying how to import a truly different person.
func TestStaffIDsAreNeverSilentlyDuplicated(t *testing.T) {
	tests := []struct {
		name string
		rows sheetRows
		says []string // every one must be in the finding at Associates row 9, Staff ID
	}{
		{"the number 123 for 00123", withRow("Associates", []any{123, "Siobhán Ó Súilleabháin", "RR8"}),
			[]string{"123 is 00123 (Siobhán Ó Súilleabháin) with its leading zeros dropped", "Format the Staff ID column as Text", "a different person needs an ID"}},
		{"123 typed as text for 00123", withRow("Associates", []any{"123", "S. Ó Súilleabháin", "RR8"}),
			[]string{"123 is 00123"}},
		{"a new ID with the name and email of 00123", withRow("Associates", []any{"E-9", "Siobhán Ó Súilleabháin", "RR8", "", "", "", "", "", "", "", "SIOBHAN@nhs.net"}),
			[]string{"E-9 is a new Staff ID", "already associate 00123", "use Staff ID 00123", "give them their own email"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := refused(t, writeXLSX(t, tc.rows), DefaultLimits)
			for _, want := range append(tc.says, "Associates row 9, Staff ID") {
				if !strings.Contains(msg, want) {
					t.Errorf("refused saying\n%s\nwithout %q", msg, want)
				}
			}
		})
	}
	// Already in the register: the same trap on a later import, and on its leave.
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeXLSX(t, messyRoster()))
	for _, tc := range []struct {
		name string
		rows sheetRows
		says string
	}{
		{"an associate", sheetRows{"Associates": {{"Staff ID", "Name", "Home Organisation"}, {123, "Siobhán Ó Súilleabháin", "RR8"}}},
			"Associates row 2, Staff ID: 123 is 00123"},
		{"their leave", sheetRows{"Unavailability": {{"Staff ID", "From", "To"}, {123, "01/03/2027", "02/03/2027"}}},
			"Unavailability row 2, Staff ID: \"123\" is not an associate in the register or on the Associates sheet: did you mean 00123?"},
	} {
		rep, _ := importFile(t, reg, writeXLSX(t, tc.rows), false)
		if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].String(), tc.says) {
			t.Errorf("a later import of %s said %v", tc.name, rep.Errors)
		}
	}
	// Two different people who share a name are fine.
	mustImport(t, reg, writeXLSX(t, sheetRows{"Associates": {{"Staff ID", "Name", "Home Organisation", "Email"},
		{"00999", "Siobhán Ó Súilleabháin", "RR8", "s.osuilleabhain2@nhs.net"}}}))
}

// TestLookAlikeStaffIDsAreNotNewPeople: an ID that looks like one already there, with a
// zero-width space after it or in full-width digits, was imported as a second person
// whom no one could tell from the first. It is refused, naming the character; and an ID in
// look-alike characters that an older register holds is found when the ordinary ID comes.
func TestLookAlikeStaffIDsAreNotNewPeople(t *testing.T) {
	tests := []struct {
		name string
		id   string
		says string
	}{
		{"a zero-width space after 00123", "00123\u200b", `Associates row 9, Staff ID: "00123\u200b" holds an invisible character (U+200B)`},
		{"a right-to-left override in an ID", "A-\u202e77", `Associates row 9, Staff ID: "A-\u202e77" holds an invisible character (U+202E)`},
		{"00123 in full-width digits", "００１２３", `Associates row 9, Staff ID: "００１２３" is written with look-alike characters (such as full-width digits), so it could pass for another Staff ID: write it "00123"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if msg := refused(t, writeXLSX(t, withRow("Associates", []any{tc.id, "Sam Twin", "RR8"})), DefaultLimits); !strings.Contains(msg, tc.says) {
				t.Errorf("refused saying\n%s\nwithout %q", msg, tc.says)
			}
		})
	}
	t.Run("the ordinary ID of a look-alike an older register holds", func(t *testing.T) {
		cur := &model.Data{Settings: model.DefaultSettings(),
			Organisations: []model.Organisation{{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust"}},
			Associates:    []model.Associate{{StaffID: "００１２３", Name: "Siobhán Ó Súilleabháin", HomeOrg: "RR8", MaxDays: 30, Active: true}}}
		rep := &Report{File: "roster.csv"}
		if _, err := DefaultLimits.Read(writeFile(t, "roster.csv", []byte("Staff ID,Name,Home Organisation\n00123,Sam Twin,RR8\n")), cur, rep, nil); err != nil {
			t.Fatal(err)
		}
		want := `Associates row 2, Staff ID: 00123 looks the same as Staff ID "００１２３" (Siobhán Ó Súilleabháin)`
		if len(rep.Errors) != 1 || !strings.HasPrefix(rep.Errors[0].String(), want) {
			t.Errorf("errors %v, want %q", rep.Errors, want)
		}
	})
}

// withRow returns the messy roster with a row added to a sheet (row 9 of Associates).
func withRow(sheet string, cells []any) sheetRows {
	s := messyRoster()
	s[sheet] = append(s[sheet], cells)
	return s
}

// TestTemplateKeepsStaffIDsAsText: the template's Staff ID columns are formatted as text,
// with a note saying why, so 00123 typed into it stays 00123.
func TestTemplateKeepsStaffIDsAsText(t *testing.T) {
	path := exports(t)["template"]
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range []string{sheetAssociates, sheetUnavailability, sheetAssignments} {
		headers, _ := f.GetRows(sheet)
		col := letter(slices.Index(headers[0], "Staff ID"))
		style, err := f.GetColStyle(sheet, col)
		if xf := f.Styles.CellXfs.Xf[style]; err != nil || xf.NumFmtID == nil || *xf.NumFmtID != 49 {
			t.Errorf("%s column %s is not formatted as text", sheet, col)
		}
	}
	comments, _ := f.GetComments(sheetAssociates)
	for _, c := range comments {
		if c.Cell == "A1" && !strings.Contains(c.Paragraph[0].Text, "formatted as text so that 00123 keeps its zeros") {
			t.Errorf("Staff ID note: %q", c.Paragraph[0].Text)
		}
	}
}

// TestTemplateDropDownsRefuseWrongEntries: every list shows an error (stop) for a value
// not in it, which LibreOffice needs to refuse and Gnumeric to keep the list at all.
func TestTemplateDropDownsRefuseWrongEntries(t *testing.T) {
	path := exports(t)["template"]
	lists := 0
	for name, s := range sheetXML(t, path) {
		for _, dv := range parseSheet(t, s).Validations {
			lists++
			if dv.Type != "list" || dv.ShowError != "1" && dv.ShowError != "true" {
				t.Errorf("%s %s: type %s, showErrorMessage %q", name, dv.Sqref, dv.Type, dv.ShowError)
			}
		}
	}
	if lists != 12 {
		t.Errorf("%d drop-down lists, want 12", lists)
	}
}
