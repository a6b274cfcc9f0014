package letters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

func TestFileNamesKeepEveryLetter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"शर्मा", "शर्मा"},
		{"Pryce-O'Connor", "Pryce-O'Connor"},
		{"Ó Súilleabháin", "Ó-Súilleabháin"},
		{"Nguyễn", "Nguyễn"},
		{"Nguye\u0302\u0303n", "Nguyễn"}, // composed, as file systems store it
		{"محمد", "محمد"},
		{"王秀英", "王秀英"},
		{"../../etc/passwd", "etc-passwd"},
		{`a\b:c*d?e"f<g>h|i`, "a-b-c-d-e-f-g-h-i"},
		{"tab\tand\x07bell", "tab-and-bell"},
		{"trailing dot.", "trailing-dot"},
		{"..", "x"},
		{strings.Repeat("शर्मा", 10), strings.Repeat("शर्मा", 4)}, // cut at 60 bytes, between whole letters
		// Invisible characters go: a right-to-left override made "Eve‮fdp.exe" show as
		// "Eveexe.pdf"; joiners that Indic and Persian names are spelt with stay.
		{"Eve\u202efdp.exe", "Evefdp.exe"},
		{"\u202efdp.exe", "fdp.exe"},
		{"Ann\u2067e\u2069", "Anne"},
		{"Jo\u200bnes\ufeff", "Jones"},
		{"محمد\u200f", "محمد"},
		{"क्\u200dष", "क्\u200dष"},
		{"می\u200cخواهم", "می\u200cخواهم"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := safeName(tc.in); got != tc.want {
				t.Errorf("safeName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestLetterFileNamesNeverMeet writes letters whose plain names would be one file: Staff
// IDs A/1, A-1 and A.1 (a file system forbids "/"), ab1 and AB1 (one file on Windows and
// macOS), and one person in two roles of one request. Every letter must be its own file.
func TestLetterFileNamesNeverMeet(t *testing.T) {
	d := register()
	second := d.Roles[0]
	second.Name = "Cutover lead"
	d.Roles = append(d.Roles, second)
	d.Assignments = nil
	for _, id := range []string{"A/1", "A-1", "A.1", "ab1", "AB1"} {
		d.Associates = append(d.Associates, model.Associate{StaffID: id, Name: "Sam Jones", HomeOrg: "RR8", MaxDays: 30, Active: true})
	}
	for _, p := range d.Associates {
		d.Assignments = append(d.Assignments, model.Assignment{RequestRef: "REQ-2027-014", Role: d.Roles[0].Name, StaffID: p.StaffID,
			Period: d.Roles[0].Period, Status: model.Confirmed})
	}
	d.Assignments = append(d.Assignments, model.Assignment{RequestRef: "REQ-2027-014", Role: "Cutover lead", StaffID: "00123",
		Period: d.Roles[0].Period, Status: model.Proposed})
	dir := t.TempDir()
	files, err := WriteAll(d, Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(files) != len(d.Assignments) || len(entries) != len(d.Assignments) {
		t.Fatalf("%d letters, %d files reported, %d on disk", len(d.Assignments), len(files), len(entries))
	}
	seen := map[string]string{}
	for _, f := range files {
		key := strings.ToLower(filepath.Base(f))
		if other, dup := seen[key]; dup {
			t.Errorf("%s and %s are one file where case does not count", other, f)
		}
		seen[key] = f
	}
	roles := 0
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "REQ-2027-014_00123_Ó-Súilleabháin_") {
			roles++
		}
	}
	if roles != 2 {
		t.Errorf("the two roles of 00123 are not told apart by name: %v", files)
	}
	again, err := WriteAll(d, Options{Dir: t.TempDir(), Issued: issued, Statuses: DefaultStatuses})
	if err != nil || strings.Join(baseNames(again), ",") != strings.Join(baseNames(files), ",") {
		t.Errorf("the same register named its letters differently: %v", err)
	}
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}
