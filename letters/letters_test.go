package letters

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"associateplanner/model"
)

var issued = model.NewDate(2026, 11, 23)

// register is a small register whose names need more than Latin-1, whose role title and
// trust names are long enough to wrap, with three assignments.
func register() *model.Data {
	long := "Interim chief clinical information officer and electronic patient record go-live command centre lead"
	d := &model.Data{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire"},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London"},
			{Code: "RXQ", Name: "Buckinghamshire Healthcare NHS Trust with an Exceptionally Long Registered Name for Testing", Region: "South East"},
		},
		Associates: []model.Associate{
			{StaffID: "00123", Name: "Siobhán Ó Súilleabháin", HomeOrg: "RR8", Band: "8a", MaxDays: 30, Active: true,
				Clearances: []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2028, 3, 31)}}},
			{StaffID: "00456", Name: "Łukasz Kowalczyk", HomeOrg: "RJ1", Band: "7", MaxDays: 30, Active: true, DayRate: model.Pounds(412)},
			{StaffID: "../../etc/passwd", Name: "Αθηνά Παπαδοπούλου/../x", HomeOrg: "RJ1", Band: "6", MaxDays: 30, Active: true},
		},
		Requests: []model.Request{{Ref: "REQ-2027-014", Trust: "RXQ", Title: "EPR go-live failure: return to paper",
			Kind: model.KindEmergency, Priority: 1, System: "Cerner Millennium", Mode: model.ModeOnSite, Status: model.RequestOpen,
			Period: model.Period{From: model.NewDate(2027, 1, 4), To: model.NewDate(2027, 2, 26)}, HostName: "Dr Adaeze Okafor", HostEmail: "a.okafor@nhs.net"}},
		Roles: []model.Role{{RequestRef: "REQ-2027-014", Name: long, Headcount: 3, OnSite: true,
			Skills: []model.SkillLevel{{Skill: "Go-live command centre", Level: 4}}, Clearances: []string{"DBS"},
			Period: model.Period{From: model.NewDate(2027, 1, 4), To: model.NewDate(2027, 1, 29)}}},
		Settings: model.DefaultSettings(),
	}
	for _, p := range d.Associates {
		d.Assignments = append(d.Assignments, model.Assignment{RequestRef: "REQ-2027-014", Role: long, StaffID: p.StaffID,
			Period: d.Roles[0].Period, Status: model.Confirmed})
	}
	return d
}

func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s (from poppler-utils, which `make test` installs): %v\n%s", tool, err, out)
	}
	return string(out)
}

func writeLetter(t *testing.T, d *model.Data, i int) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteOne(&b, d, d.Assignments[i], issued); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLetterSaysEverythingExactly(t *testing.T) {
	d := register()
	tmpl, _ := ParseTemplate(DefaultTemplate())
	for i, p := range d.Associates {
		path := writeLetter(t, d, i)
		text := strings.Join(strings.Fields(poppler(t, "pdftotext", path, "-")), " ")
		want := []string{p.Name, "Leeds Teaching Hospitals NHS Trust", "(RR8)", "04/01/2027", "29/01/2027", "Issued 23/11/2026",
			"20 working days", "Dr Adaeze Okafor", "REQ-2027-014", "Cerner Millennium"}
		want[1], want[2] = d.Organisations[map[string]int{"RR8": 0, "RJ1": 1}[p.HomeOrg]].Name, "("+p.HomeOrg+")"
		for _, s := range tmpl.Sections {
			want = append(want, s.Heading)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("letter %d lacks %q", i, w)
			}
		}
	}
	text := strings.Join(strings.Fields(poppler(t, "pdftotext", writeLetter(t, d, 1), "-")), " ")
	if !strings.Contains(text, "£412.00 × 20 days = £8,240.00") {
		t.Errorf("reimbursement line missing or wrong")
	}
	text = strings.Join(strings.Fields(poppler(t, "pdftotext", writeLetter(t, d, 0), "-")), " ")
	if !strings.Contains(text, "DBS, valid to 31/03/2028") || !strings.Contains(text, "£345.00 × 20 days = £6,900.00") {
		t.Errorf("band rate or clearance expiry missing")
	}
}

func TestOnlyEmbeddedFontsAndPagesNumbered(t *testing.T) {
	path := writeLetter(t, register(), 0)
	for _, line := range strings.Split(poppler(t, "pdffonts", path), "\n")[2:] {
		if f := strings.Fields(line); len(f) > 4 && f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", line)
		}
	}
	pages := 0
	for _, line := range strings.Split(poppler(t, "pdfinfo", path), "\n") {
		if strings.HasPrefix(line, "Pages:") {
			pages = int(line[len(line)-1] - '0')
		}
	}
	text := poppler(t, "pdftotext", path, "-")
	for i := 1; i <= pages; i++ {
		if !strings.Contains(text, "Page "+string(rune('0'+i))+" of "+string(rune('0'+pages))) {
			t.Errorf("no 'Page %d of %d'", i, pages)
		}
	}
	if pages < 2 || strings.Count(text, "Ref REQ-2027-014-00123") != pages {
		t.Errorf("%d pages; the reference must head every page", pages)
	}
}

// TestTextStaysInsideTheMargins reads every word's box and checks that long role titles
// and trust names wrap rather than run off the page.
func TestTextStaysInsideTheMargins(t *testing.T) {
	plain := register()
	chinese := register()
	chinese.Requests[0].Title = "EPR go-live failure: " + strings.Repeat("电子病历系统上线失败恢复纸质流程", 4) // no spaces to break at
	chinese.Associates[0].Name = "Li 王秀英 (Wendy)"
	shaped := register()
	shaped.Requests[0].Title = "EPR: " + strings.Repeat("प्रिया शर्मा محمد الأحمد রহিম উদ্দিন ", 8)
	for name, d := range map[string]*model.Data{"Latin": plain, "Chinese": chinese, "shaped scripts": shaped} {
		t.Run(name, func(t *testing.T) { insideMargins(t, writeLetter(t, d, 0)) })
	}
}

func insideMargins(t *testing.T, pdf string) {
	t.Helper()
	html := poppler(t, "pdftotext", "-bbox", pdf, "-")
	var doc struct {
		Pages []struct {
			Width float64 `xml:"width,attr"`
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(strings.NewReader(html))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	const mm = 72 / 25.4
	words := 0
	for _, p := range doc.Pages {
		for _, w := range p.Words {
			words++
			if w.XMin < (margin-0.5)*mm || w.XMax > p.Width-(margin-0.5)*mm {
				t.Errorf("%q runs outside the margins: %.0f–%.0f of %.0f pt", w.Text, w.XMin, w.XMax, p.Width)
			}
		}
	}
	if words < 500 {
		t.Fatalf("only %d words read", words)
	}
}

func TestTemplatePlaceholders(t *testing.T) {
	if _, err := ParseTemplate("# Agreement\n## Parties\nDear {associate_nme}"); err == nil || !strings.Contains(err.Error(), "line 3: unknown placeholder {associate_nme}") {
		t.Fatalf("a misspelt placeholder gave %v", err)
	}
	if _, err := ParseTemplate("no title"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a template with no sections gave %v", err)
	}
	d := register()
	d.Settings.LetterTemplate = "# Custom agreement\nFor {associate_name}\n## Only section\nPaid {total_cost}."
	text := poppler(t, "pdftotext", writeLetter(t, d, 1), "-")
	if !strings.Contains(text, "Custom agreement") || !strings.Contains(text, "Paid £8,240.00.") || strings.Contains(text, "Intellectual property") {
		t.Errorf("the register's template was not used:\n%.400s", text)
	}
	d.Settings.LetterTemplate = "# X\n## Y\n{nope}"
	if err := WriteOne(&bytes.Buffer{}, d, d.Assignments[0], issued); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a bad stored template gave %v", err)
	}
}

func TestWriteAll(t *testing.T) {
	d := register()
	dir := filepath.Join(t.TempDir(), "letters")
	files, err := WriteAll(d, Options{Dir: dir, Issued: issued, Combined: true, Statuses: DefaultStatuses})
	if err != nil || len(files) != 4 {
		t.Fatalf("%v %v", files, err)
	}
	for _, f := range files {
		if filepath.Dir(f) != dir {
			t.Errorf("%s escaped %s", f, dir)
		}
		if info, _ := os.Stat(f); info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", f, info.Mode().Perm())
		}
	}
	names := strings.Join(files, "\n")
	for _, want := range []string{"REQ-2027-014_00123_Ó-Súilleabháin.pdf", "REQ-2027-014_etc-passwd_Παπαδοπούλου-..-x.pdf", "REQ-2027-014_all.pdf"} {
		if !strings.Contains(names, want) {
			t.Errorf("no file %s in\n%s", want, names)
		}
	}
	combined := poppler(t, "pdfinfo", filepath.Join(dir, "REQ-2027-014_all.pdf"))
	single := poppler(t, "pdfinfo", filepath.Join(dir, "REQ-2027-014_00456_Kowalczyk.pdf"))
	if pagesOf(combined) != 3*pagesOf(single) {
		t.Errorf("combined has %d pages, one letter %d", pagesOf(combined), pagesOf(single))
	}
	if _, err := WriteAll(d, Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses}); model.ErrorCode(err) != model.EEXISTS {
		t.Errorf("overwriting without force: %v", err)
	}
	if _, err := WriteAll(d, Options{Dir: dir, Issued: issued, Force: true, Request: "req-2027-014", Statuses: DefaultStatuses}); err != nil {
		t.Errorf("with force: %v", err)
	}
	if _, err := WriteAll(d, Options{Dir: dir, Issued: issued, Statuses: []model.AssignmentStatus{model.Proposed}}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("no proposed assignments: %v", err)
	}
	if _, err := WriteAll(d, Options{Dir: dir, Issued: issued, Force: true}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("no status chosen: %v", err)
	}
}

func pagesOf(info string) int {
	for _, line := range strings.Split(info, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "Pages:" {
			n := 0
			for _, r := range f[1] {
				n = n*10 + int(r-'0')
			}
			return n
		}
	}
	return 0
}

func TestSurname(t *testing.T) {
	for name, want := range map[string]string{"Siobhán Ó Súilleabháin": "Ó Súilleabháin", "Maricel dela Cruz": "dela Cruz",
		"Jan van der Berg": "van der Berg", "Łukasz Kowalczyk": "Kowalczyk", "Cher": "Cher", "Jose Mari Santos": "Santos"} {
		if got := Surname(name); got != want {
			t.Errorf("Surname(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestLettersWrittenAtOnce writes the same letter from several goroutines, as WriteAll does
// on every core, and checks each copy reads the same. Under the race detector (`make test`
// runs this package with it) it also checks that the documents share nothing they write
// to: gofpdf writes into the font bytes it is given, and a shaper's face is not for
// sharing.
func TestLettersWrittenAtOnce(t *testing.T) {
	d := register()
	d.Requests[0].HostName = "محمد الأحمد 王秀英 प्रिया शर्मा" // shaped and CJK text share fonts too
	dir := t.TempDir()
	out := make([]bytes.Buffer, 4)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			if err := WriteOne(&out[i], d, d.Assignments[0], issued); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var first string
	for i := range out {
		path := filepath.Join(dir, fmt.Sprint(i, ".pdf"))
		if err := os.WriteFile(path, out[i].Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		text := poppler(t, "pdftotext", path, "-")
		if i == 0 {
			first = text
		} else if text != first || !strings.Contains(text, "Súilleabháin") {
			t.Fatalf("copy %d reads differently:\n%s\nfirst:\n%s", i, text, first)
		}
	}
}
