package letters

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

// TestLettersSayWhatTheyAre: title, author, subject and creation time (with the UK's
// offset) in the document information; fonts named with a subset tag; a file qpdf finds
// sound.
func TestLettersSayWhatTheyAre(t *testing.T) {
	path := writeLetter(t, register(), 0)
	info := poppler(t, "pdfinfo", "-isodates", path)
	for _, want := range []string{
		"Title:           Secondment agreement REQ-2027-014-00123",
		"Author:          NHS England Central Support Team (Digital Deployment Recovery)",
		"Subject:         Secondment of Siobhán Ó Súilleabháin (Staff ID 00123) from Leeds Teaching Hospitals NHS Trust to Buckinghamshire",
		"CreationDate:    " + time.Now().In(model.UK).Format("2006-01-02T15"),
	} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	_, offset := time.Now().In(model.UK).Zone()
	if zone := map[int]string{0: "Z", 3600: "+01"}[offset]; !regexp.MustCompile(`CreationDate: +\S+` + regexp.QuoteMeta(zone)).MatchString(info) {
		t.Errorf("the creation date has no UK offset (%s):\n%s", zone, info)
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
