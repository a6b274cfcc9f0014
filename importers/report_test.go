package importers

import (
	"fmt"
	"strings"
	"testing"

	"associateplanner/model"
)

// TestFindingsOfAKindAreCapped: a file with one mistake many times over lists the first
// MaxOfAKind of them and a line counting the rest, in the report itself, so that the
// command line and the app both show a few dozen lines, not 20,000; the totals still count
// every one.
func TestFindingsOfAKindAreCapped(t *testing.T) {
	var sheets strings.Builder
	for i := range MaxOfAKind + 20 {
		fmt.Fprintf(&sheets, `<sheet name="S%d" sheetId="%d" r:id="rId%d"/>`, i, i+2, i+2)
	}
	manySheets := withParts(t, map[string]string{"xl/workbook.xml": `<?xml version="1.0"?><workbook ` +
		`xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="Associates" sheetId="1" r:id="rId1"/>` + sheets.String() + `</sheets></workbook>`,
		"xl/worksheets/sheet1.xml": associatesSheet(person(2))})
	nameless := "Staff ID,Name,Home Organisation\n"
	for i := range MaxOfAKind + 50 {
		nameless += fmt.Sprintf("P%d,,RR8\n", i)
	}
	shortODS := etrHead(t, 1)
	for range MaxOfAKind + 80 {
		shortODS += "RZZ,A TRUST,Y60\n"
	}
	tests := []struct {
		name      string
		file      string
		body      []byte
		warnings  bool   // the capped findings are warnings, not errors
		first     string // the first listed
		more      string // the line counting the rest
		total     int    // errors, listed or not
		listedAll int    // findings listed in all, the count lines included
	}{
		{"10,020 sheets that are not roster sheets", "sheets.xlsx", manySheets, true,
			"S0: this sheet is not one the roster workbook has", "… and 20 more like this, not listed", 0, MaxOfAKind + 1},
		{"10,050 rows with no name", "nameless.csv", []byte(nameless), false,
			"Associates row 2, Name: a name is required", "Associates, Name: … and 50 more like this (rows 10002 to 10051), not listed", MaxOfAKind + 50, MaxOfAKind + 1},
		{"10,080 short lines of a trust list", "etr.csv", []byte(shortODS), false,
			"line 2: 3 columns where the ODS layout has 27", "… and 80 more like this (rows 10002 to 10081), not listed", MaxOfAKind + 80, MaxOfAKind + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newRegister(t)
			mustImport(t, reg, etrPath)
			rep, err := importFile(t, reg, writeFile(t, tc.file, tc.body), true)
			if tc.total > 0 && (err == nil || !strings.Contains(err.Error(), fmt.Sprintf("refused with %s error(s)", thousands(tc.total)))) {
				t.Errorf("the refusal %v does not count all %d errors", err, tc.total)
			}
			if tc.total == 0 && err != nil {
				t.Fatalf("refused: %v %v", err, rep.Errors[:min(3, len(rep.Errors))])
			}
			if got := rep.ErrorCount(); got != tc.total {
				t.Errorf("ErrorCount %d, want %d", got, tc.total)
			}
			listed := rep.Errors
			if tc.warnings {
				listed = rep.Warnings
			}
			if len(listed) != tc.listedAll {
				t.Fatalf("%d findings listed, want %d", len(listed), tc.listedAll)
			}
			if !strings.HasPrefix(listed[0].String(), tc.first) || !strings.HasSuffix(listed[len(listed)-1].String(), tc.more) {
				t.Errorf("listed from %q to %q", listed[0], listed[len(listed)-1])
			}
		})
	}
}

// TestCountLinesFollowTheirKind: the line counting findings not listed comes right after
// the last one listed of its kind, before findings of other kinds.
func TestCountLinesFollowTheirKind(t *testing.T) {
	rep := &Report{File: "x.csv"}
	for row := 2; row < 2+MaxOfAKind+3; row++ {
		rep.errorf(sheetAssociates, row, column{name: "Band"}, "%q is not a band", "Band 10")
		if row == 2 {
			rep.errorf(sheetAssociates, row, column{name: "Email"}, "%q is not an email address", "x")
		}
	}
	rep.countLeftOut()
	var got []string
	for _, f := range rep.Errors {
		got = append(got, f.String())
	}
	if len(got) != MaxOfAKind+2 || !strings.HasPrefix(got[1], "Associates row 2, Email:") ||
		got[len(got)-1] != fmt.Sprintf("Associates, Band: … and 3 more like this (rows %d to %d), not listed", MaxOfAKind+2, MaxOfAKind+4) {
		t.Errorf("listed:\n%s", strings.Join(got, "\n"))
	}
	if rep.ErrorCount() != MaxOfAKind+4 || model.ErrorCode(rep.Err()) != model.EINVALID {
		t.Errorf("ErrorCount %d, Err %v", rep.ErrorCount(), rep.Err())
	}
}
