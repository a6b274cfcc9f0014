package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const bom = "\ufeff"

// associatesCSV is the Associates table as HR's spreadsheet saves it as CSV: a title row,
// synonym headers, quoted cells with commas.
const associatesCSV = "Associates exported by HR\r\n" +
	"Employee Number,Full Name,Employer,AfC Band,Skills,E-mail\r\n" +
	"00123,Siobhán Ó Súilleabháin,rr8,Band 8A,\"Data migration:4; Cutover planning:3\",siobhan@nhs.net\r\n" +
	"A-78,Αθηνά Παπαδοπούλου,RJ1,7,,\r\n"

func TestImportRosterTableAsCSV(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		sheet string // the table recognised
		added int
	}{
		{"associates, UTF-8 with a byte-order mark (Excel's CSV UTF-8)", bom + associatesCSV, "Associates", 2},
		{"associates, UTF-8 without one", associatesCSV, "Associates", 2},
		{"unavailability", "Staff ID,From,To,Reason\n00123,01/02/2027,05/02/2027,Annual leave\n", "Unavailability", 1},
		{"requests", "Ref,Host Trust,Title,Start,End\nREQ-1,RJ1,Go-live,04/01/2027,26/03/2027\n", "Requests", 1},
		{"the trust list with a byte-order mark", bom + etrHead(t, 3), "Organisations", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newRegister(t)
			mustImport(t, reg, etrPath)
			if tc.sheet == "Unavailability" {
				mustImport(t, reg, writeFile(t, "associates.csv", []byte(associatesCSV)))
			}
			rep := mustImport(t, reg, writeFile(t, "table.csv", []byte(tc.data)))
			if len(rep.Counts) != 1 || rep.Counts[0].Sheet != tc.sheet || rep.Counts[0].Added != tc.added {
				t.Fatalf("counts %+v, want %d added to %s", rep.Counts, tc.added, tc.sheet)
			}
		})
	}
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeFile(t, "associates.csv", []byte(bom+associatesCSV)))
	a := model.NewIndex(load(t, reg)).Associate["00123"]
	if a == nil || a.Name != "Siobhán Ó Súilleabháin" || a.Band != "8a" || a.HomeOrg != "RR8" || len(a.Skills) != 2 {
		t.Errorf("imported %+v", a)
	}
}

// etrHead is the first n lines of the trust list.
func etrHead(t *testing.T, n int) string {
	t.Helper()
	raw, err := os.ReadFile(etrPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.SplitAfter(string(raw), "\n")[:n], "")
}

func TestBadCSVIsRefusedWithItsPlace(t *testing.T) {
	tests := []struct {
		name, data, says string
	}{
		{"an error names the table, row and column", bom + strings.Replace(associatesCSV, "Band 8A", "Band 10", 1),
			"Associates row 3, Band: \"Band 10\" is not an Agenda for Change band"},
		{"a roster table with no header row", "00123,Siobhán,RR8\n", "3 columns and no header row: this is neither the NHS trust list"},
		{"a spreadsheet's own CSV, not UTF-8", "Staff ID,Name,Employer\n00123,Sin\xe9ad,RR8\n", "line 2, column B: the text is not UTF-8"},
		{"a broken quote", "Staff ID,Name\n\"00123,Ann\n", "not readable as CSV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if msg := refused(t, writeFile(t, "people.csv", []byte(tc.data)), DefaultLimits); !strings.Contains(msg, tc.says) {
				t.Errorf("refused saying\n%s\nnot %q", msg, tc.says)
			}
		})
	}
}

// TestManyUnknownColumnsAreOneWarning: a sheet with 16,000 columns HR did not mean to add
// gives one warning, not one per column.
func TestManyUnknownColumnsAreOneWarning(t *testing.T) {
	header := "Staff ID,Name,Home Organisation"
	for i := range 16_000 {
		header += ",Extra " + string(rune('A'+i%26))
	}
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep := mustImport(t, reg, writeFile(t, "wide.csv", []byte(header+"\n00123,Ann,RR8\n")))
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].String(), `D "Extra A", E "Extra B"`) ||
		!strings.Contains(rep.Warnings[0].String(), "and 15995 more are not a column") {
		t.Errorf("warnings: %d, first %v", len(rep.Warnings), rep.Warnings[0])
	}
}
