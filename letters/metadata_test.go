package letters

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

// TestLettersSayWhatTheyAre: title, author, subject and creation time (in UK time, with
// its offset, winter and summer, from the clock the letters are written by) in the
// document information; fonts named with a subset tag; a file qpdf finds sound.
func TestLettersSayWhatTheyAre(t *testing.T) {
	d := register()
	cases := []struct {
		name    string
		at      time.Time
		created string
	}{
		{"winter", time.Date(2027, 1, 15, 10, 30, 0, 0, time.UTC), "CreationDate:    2027-01-15T10:30:00Z"},
		{"summer", time.Date(2027, 7, 15, 10, 30, 0, 0, time.UTC), "CreationDate:    2027-07-15T11:30:00+01"},
	}
	var path string
	for _, tc := range cases {
		files, err := WriteAll(d, Options{Dir: t.TempDir(), Request: d.Assignments[0].RequestRef, Issued: issued,
			Statuses: []model.AssignmentStatus{d.Assignments[0].Status}, Clock: func() time.Time { return tc.at }})
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v, %v", tc.name, files, err)
		}
		path = files[0]
		info := poppler(t, "pdfinfo", "-isodates", path)
		for _, want := range []string{
			"Title:           Secondment agreement REQ-2027-014-00123",
			"Author:          NHS England Central Support Team (Digital Deployment Recovery)",
			"Subject:         Secondment of Siobhán Ó Súilleabháin (Staff ID 00123) from Leeds Teaching Hospitals NHS Trust to Buckinghamshire",
			tc.created,
		} {
			if !strings.Contains(info, want) {
				t.Errorf("%s: pdfinfo lacks %q:\n%s", tc.name, want, info)
			}
		}
	}
	fonts := poppler(t, "pdffonts", path)
	for _, name := range []string{"NotoSans-Regular", "NotoSans-Bold"} {
		if !regexp.MustCompile(`(?m)^[A-Z]{6}\+` + name + ` `).MatchString(fonts) {
			t.Errorf("no subset-tagged %s:\n%s", name, fonts)
		}
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check (qpdf is a test dependency): %v\n%s", err, out)
	}
}
