package letters

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"

	"associateplanner/model"
)

// Noto Sans, as Fyne bundles it (SIL Open Font License: fonts/OFL.txt): it prints Latin,
// Greek, Cyrillic and Vietnamese names as written, which the PDF core fonts cannot.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
)

// Layout, in millimetres on A4 (210 × 297).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 22.0
	bandH        = 20.0
	bodyTop      = 34.0
	bottom       = 24.0
	lineH        = 5.2
)

// Colours of the NHS identity.
var (
	nhsBlue  = [3]int{0x00, 0x5E, 0xB8}
	darkGrey = [3]int{0x42, 0x54, 0x63}
	paleGrey = [3]int{0xE8, 0xED, 0xEE}
	black    = [3]int{0x21, 0x2B, 0x32}
)

// Write renders letters into one PDF: each starts on a new page, and every page carries
// its letter's reference, date of issue and "Page i of n" counted within that letter.
func Write(w io.Writer, t *Template, letters ...*Letter) error {
	counts, err := pageCounts(t, letters)
	if err != nil {
		return err
	}
	return write(w, t, letters, counts, model.Clock(nil).Now().In(model.UK))
}

// pageCounts lays every letter out once in scratch documents, only to count its pages:
// the fonts are read once per core and nothing is compressed or written.
func pageCounts(t *Template, letters []*Letter) ([]int, error) {
	parts := min(runtime.GOMAXPROCS(0), max(len(letters)/50, 1))
	counts := make([]int, len(letters))
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		from, to := k*len(letters)/parts, (k+1)*len(letters)/parts
		wg.Go(func() { errs[k] = countPages(t, letters[from:to], counts[from:to]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return counts, nil
}

// countPages lays letters out in one scratch document, setting counts to their pages.
func countPages(t *Template, letters []*Letter, counts []int) error {
	d := newDoc()
	for i, l := range letters {
		before := d.pdf.PageNo()
		d.letter(t, l, before, 0)
		counts[i] = d.pdf.PageNo() - before
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("lay out letters: %w", err)
	}
	return nil
}

// write renders letters whose page counts are known.
func write(w io.Writer, t *Template, letters []*Letter, counts []int, created time.Time) error {
	d := newDoc()
	d.describe(letters, created)
	for i, l := range letters {
		d.letter(t, l, d.pdf.PageNo(), counts[i])
	}
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return fmt.Errorf("write letters: %w", err)
	}
	if _, err := w.Write(finish(b.Bytes(), letters, d.created)); err != nil {
		return fmt.Errorf("write letters: %w", err)
	}
	return nil
}

// describe sets the document's title, author, subject and creation time (UK), which PDF
// readers show and search.
func (d *doc) describe(letters []*Letter, created time.Time) {
	l := letters[0]
	title := "Secondment agreement " + l.Ref
	subject := fmt.Sprintf("Secondment of %s (Staff ID %s) from %s to %s as %s, %s to %s", l.Associate.Name, l.Associate.StaffID,
		l.Employer.Name, l.Host.Name, l.Role.Name, l.Assignment.From, l.Assignment.To)
	if len(letters) > 1 {
		title = "Secondment agreements for request " + l.Request.Ref
		subject = fmt.Sprintf("%d secondment agreements for request %s, %s, at %s", len(letters), l.Request.Ref, l.Request.Title, l.Host.Name)
	}
	d.pdf.SetTitle(title, true)
	d.pdf.SetSubject(subject, true)
	d.pdf.SetAuthor(CentralTeam, true)
	d.created = created
	d.pdf.SetCreationDate(d.created)
	d.pdf.SetModificationDate(d.created)
	d.pdf.SetProducer(producer+producerPad, false)
}

// gofpdf writes the creation date with no time zone, which readers take as UTC; finish adds
// the UK offset, taking as many characters off the producer's padding in the same
// dictionary so that no later byte moves.
const (
	producer    = "Associate Planner with gofpdf"
	producerPad = "~~~~~~~~~~~~~~" // two offsets, +hh'mm' each
)

// The fonts' names inside the PDF. gofpdf names an embedded font "utf8" + its family, with
// no subset tag; the families here are as long as the proper names with a tag
// ("ABCDEF+NotoSans-Regular"), so nameFonts can put those in without moving a byte the
// file's cross-reference table counts.
const (
	regularFamily = "notosansregular0000" // "utf8" + 19 = 23 = len("ABCDEF+NotoSans-Regular")
	boldFamily    = "notosansbold0000"    // "utf8" + 16 = 20 = len("ABCDEF+NotoSans-Bold")
)

// finish gives the embedded fonts their names with a subset tag (six capitals that
// differ between subsets, here from the letters the document holds) and the dates their
// UK offset. Every change keeps the file's length where the cross-reference table counts.
func finish(pdf []byte, letters []*Letter, created time.Time) []byte {
	h := fnv.New32a()
	for _, l := range letters {
		h.Write([]byte(l.Ref + l.Role.Name))
	}
	sum := h.Sum32()
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + byte(sum%26)
		sum /= 26
	}
	stamp := "(D:" + created.Format("20060102150405")
	_, offset := created.Zone()
	zone := fmt.Sprintf("+%02d'%02d'", offset/3600, offset%3600/60)
	for _, r := range [][2]string{
		{"/utf8" + regularFamily, "/" + string(tag[:]) + "+NotoSans-Regular"},
		{"/utf8" + boldFamily, "/" + string(tag[:]) + "+NotoSans-Bold"},
		{"/utf8" + cjkFamily, "/" + string(tag[:]) + "+DroidSansFallback"},
		{"(" + producer + producerPad + ")", "(" + producer + ")"},
		{stamp + ")", stamp + zone + ")"},
	} {
		pdf = bytes.ReplaceAll(pdf, []byte(r[0]), []byte(r[1]))
	}
	for _, s := range shapedScripts {
		pdf = bytes.ReplaceAll(pdf, []byte("/utf8"+s.family()), []byte("/"+string(tag[:])+"+"+s.name))
	}
	return pdf
}

type doc struct {
	pdf     *gofpdf.Fpdf
	created time.Time // UK time
	bold    bool      // the current font
	size    float64
	added   map[string]bool // fonts added beyond Noto Sans, by family
	current *Letter
	first   int // the page the current letter starts after
	total   int // the current letter's pages; 0 while counting
}

func newDoc() *doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	// Each document reads its own copy of the fonts: gofpdf pads a table for its checksum
	// by appending to a slice of the font it was given, which writes into the bytes after
	// it, so documents written at once on several cores must not share them.
	pdf.AddUTF8FontFromBytes(regularFamily, "", bytes.Clone(notoRegular))
	pdf.AddUTF8FontFromBytes(boldFamily, "", bytes.Clone(notoBold))
	pdf.SetMargins(margin, bodyTop, margin)
	pdf.SetAutoPageBreak(true, bottom)
	pdf.SetCreator("Associate Planner", true)
	d := &doc{pdf: pdf, added: map[string]bool{}}
	pdf.SetHeaderFuncMode(d.header, true)
	pdf.SetFooterFunc(d.footer)
	return d
}

func (d *doc) color(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }
func (d *doc) fill(c [3]int)  { d.pdf.SetFillColor(c[0], c[1], c[2]) }
func (d *doc) font(b bool, s int) {
	d.bold, d.size = b, float64(s)
	d.pdf.SetFont(map[bool]string{false: regularFamily, true: boldFamily}[b], "", float64(s))
}

// header draws the NHS Blue band with the parties' names and the agreement's reference.
func (d *doc) header() {
	d.fill(nhsBlue)
	d.pdf.Rect(0, 0, pageW, bandH, "F")
	d.color([3]int{255, 255, 255})
	d.font(true, 13)
	d.pdf.SetXY(margin, 5)
	d.pdf.CellFormat(110, 6, "NHS England", "", 0, "L", false, 0, "")
	d.font(false, 9)
	d.pdf.SetXY(margin, 11)
	d.pdf.CellFormat(110, 5, "Central Support Team · Secondment agreement", "", 0, "L", false, 0, "")
	d.pdf.SetXY(pageW-margin-70, 7)
	d.font(true, 9)
	d.cell(70, 5, "Ref "+d.current.Ref, "R")
	d.pdf.SetXY(pageW-margin-70, 12)
	d.font(false, 9)
	d.pdf.CellFormat(70, 5, "Issued "+d.current.Issued.String(), "", 0, "R", false, 0, "")
	d.pdf.SetXY(margin, bodyTop)
	d.color(black)
}

// footer prints the reference, date of issue and page within the letter.
func (d *doc) footer() {
	d.pdf.SetY(-16)
	d.pdf.SetDrawColor(paleGrey[0], paleGrey[1], paleGrey[2])
	d.pdf.Line(margin, pageH-18, pageW-margin, pageH-18)
	d.font(false, 8)
	d.color(darkGrey)
	d.cell(120, 5, fmt.Sprintf("Secondment agreement %s · issued %s", d.current.Ref, d.current.Issued), "L")
	page := d.pdf.PageNo() - d.first
	total := d.total
	if total == 0 {
		total = page
	}
	d.pdf.CellFormat(pageW-2*margin-120, 5, fmt.Sprintf("Page %d of %d", page, total), "", 0, "R", false, 0, "")
}

// letter draws one agreement from a new page.
func (d *doc) letter(t *Template, l *Letter, first, total int) {
	d.current, d.first, d.total = l, first, total
	d.pdf.AddPage()
	f := t.fill(l.values())
	d.font(true, 20)
	d.color(nhsBlue)
	d.multiCell(0, 9, f.Title, false)
	d.font(false, 11)
	d.color(darkGrey)
	d.multiCell(0, 6, f.Subtitle, false)
	d.pdf.Ln(3)
	d.summary(l)
	for i, s := range f.Sections {
		d.section(i+1, s)
	}
	d.signatures(l, len(f.Sections)+1)
}

// summary is a shaded box of the key facts a manager checks before signing.
func (d *doc) summary(l *Letter) {
	rows := [][2]string{
		{"Associate", fmt.Sprintf("%s (Staff ID %s)", l.Associate.Name, l.Associate.StaffID)},
		{"Employer", fmt.Sprintf("%s (%s)", l.Employer.Name, l.Employer.Code)},
		{"Host trust", fmt.Sprintf("%s (%s)", l.Host.Name, l.Host.Code)},
		{"Role", l.Role.Name},
		{"Dates", fmt.Sprintf("%s to %s · %d working days", l.Assignment.From, l.Assignment.To, l.WorkingDays)},
		{"Reimbursement", fmt.Sprintf("%s × %d days = %s", l.DayRate, l.WorkingDays, l.Total)},
	}
	d.fill(paleGrey)
	valueW := pageW - 2*margin - 34
	for _, r := range rows {
		y := d.pdf.GetY()
		d.font(false, 10)
		lines := d.lineCount(r[1], valueW) // the label's shading spans the value's lines
		d.pdf.Rect(margin, y, 34, 6.5*float64(max(lines, 1)), "F")
		d.font(true, 9)
		d.color(darkGrey)
		d.pdf.CellFormat(34, 6.5, "  "+r[0], "", 0, "L", false, 0, "")
		d.font(false, 10)
		d.color(black)
		d.pdf.SetXY(margin+34, y)
		d.multiCell(valueW, 6.5, r[1], true)
	}
	d.pdf.Ln(4)
}

// section draws a numbered heading and its paragraphs, keeping the heading with its text.
func (d *doc) section(n int, s Section) {
	d.keep(16)
	d.font(true, 12)
	d.color(nhsBlue)
	d.multiCell(0, 7, fmt.Sprintf("%d. %s", n, s.Heading), false)
	d.font(false, 10)
	d.color(black)
	for _, b := range s.Blocks {
		if b.Bullet {
			y := d.pdf.GetY()
			d.pdf.SetXY(margin+2, y)
			d.pdf.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
			d.pdf.SetXY(margin+7, y)
			d.multiCell(pageW-2*margin-7, lineH, b.Text, false)
			continue
		}
		d.multiCell(0, lineH, b.Text, false)
		d.pdf.Ln(1.5)
	}
	d.pdf.Ln(2)
}

// keep starts a new page unless h millimetres fit on this one.
func (d *doc) keep(h float64) {
	if d.pdf.GetY()+h > pageH-bottom {
		d.pdf.AddPage()
	}
}

// signatures draws the three parties' blocks, together on one page.
func (d *doc) signatures(l *Letter, n int) {
	d.keep(110)
	d.font(true, 12)
	d.color(nhsBlue)
	d.pdf.MultiCell(0, 7, fmt.Sprintf("%d. Signatures", n), "", "L", false)
	d.font(false, 10)
	d.color(black)
	d.pdf.MultiCell(0, lineH, "Signed by the parties to show that they agree the terms above.", "", "L", false)
	d.pdf.Ln(2)
	parties := []struct{ who, name string }{
		{"For the employer, " + l.Employer.Name, ""},
		{"For the host, " + l.Host.Name, l.Request.HostName},
		{"The associate", l.Associate.Name},
	}
	for _, p := range parties {
		d.signatureBlock(p.who, p.name)
	}
}

func (d *doc) signatureBlock(who, name string) {
	d.font(true, 10)
	d.color(darkGrey)
	d.multiCell(0, 6, who, false)
	d.font(false, 10)
	d.color(black)
	w := (pageW - 2*margin - 8) / 2
	line := func(label, value string, x float64) {
		d.pdf.SetX(x)
		d.pdf.CellFormat(20, 8, label, "", 0, "L", false, 0, "")
		d.pdf.SetDrawColor(darkGrey[0], darkGrey[1], darkGrey[2])
		y := d.pdf.GetY() + 7
		d.pdf.Line(x+20, y, x+w, y)
		d.cell(w-20, 8, value, "L")
	}
	line("Name", name, margin)
	line("Title", "", margin+w+8)
	d.pdf.Ln(9)
	line("Signature", "", margin)
	line("Date", "", margin+w+8)
	d.pdf.Ln(13)
}

// WriteOne renders the agreement for one assignment of the register.
func WriteOne(w io.Writer, d *model.Data, a model.Assignment, issued model.Date) error {
	t, err := templateFor(d.Settings)
	if err != nil {
		return err
	}
	l, err := NewLetter(d, model.NewIndex(d), model.NewCalendar(d.Closures), a, issued)
	if err != nil {
		return err
	}
	if err := checkPrintable(t, []*Letter{l}); err != nil {
		return err
	}
	return Write(w, t, l)
}
