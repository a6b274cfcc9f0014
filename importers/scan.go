package importers

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"associateplanner/model"
)

// scanned is what measuring a workbook found that reading it needs: the formula cells of
// the roster sheets that hold no saved value, by sheet (its name folded, as readRoster
// finds sheets).
type scanned struct {
	unsaved map[string]map[cellAt]string // the formula, as words for the message
}

// sheetKey is a sheet's name as readRoster matches it: case and surrounding spaces aside.
func sheetKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

type cellAt struct{ row, col int }

// refusal is a workbook refused by the scan, with where and why.
type refusal struct{ Finding }

func (r refusal) Error() string { return r.String() }

// maxUnsavedFormulas is how many formula cells with no saved value the scan records; a
// workbook with more was never saved by a spreadsheet program, and is refused whole.
const maxUnsavedFormulas = 10_000

// maxCellParts is how many elements one cell may hold (rich text runs and their
// formatting); real cells hold a handful.
const maxCellParts = 1_000

// scanWorkbook measures the workbook at path, part by part as a stream, before excelize
// reads it. Excelize holds each part it parses whole, as Go structures many times the
// size of their XML, and gives each row of a sheet as many cells as its rightmost one: a
// workbook of 27 KB whose rows each have one cell in column XFD asks for gigabytes, as do
// 12 million empty shared strings or elements nested 5 million deep. So before anything
// is built this counts, against l, the bytes every part unpacks to, how deeply elements
// nest, the elements of the parts read whole (shared strings, styles, the workbook and
// its relationships…), the shared strings, and in the roster sheets the columns each row
// reaches and the cells all rows add up to. Sheets that are not roster sheets are never
// read, so they are not measured.
//
// The error is EINVALID for a file that is not a zip, or a refusal naming the limit.
func (l Limits) scanWorkbook(file, name string) (*scanned, error) {
	info, err := os.Stat(file)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", name, unwrapPath(err))
	}
	if info.Size() == 0 {
		return nil, model.Errorf(model.EINVALID, "%s: the file is empty", name)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, notAWorkbook(name)
	}
	defer zr.Close()
	p := &partScan{l: l, name: name, parts: map[string][]*zip.File{}, roster: map[string]string{},
		done: map[*zip.File]bool{}, buf: bufio.NewReaderSize(nil, 64<<10),
		out: &scanned{unsaved: map[string]map[cellAt]string{}}}
	var unzipped uint64
	for _, f := range zr.File {
		// Go's zip reader refuses a part that unpacks to more than it declares.
		if unzipped += f.UncompressedSize64; unzipped > uint64(l.UnzipBytes) {
			return nil, refusal{Finding{Message: fmt.Sprintf("the workbook unpacks to more than %d MB and was refused", l.UnzipBytes>>20)}}
		}
		n := partName(f.Name)
		p.parts[n] = append(p.parts[n], f)
	}
	if err := p.findSheets(); err != nil {
		return nil, err
	}
	for n, files := range p.parts {
		for _, f := range files {
			if err := p.scanPart(n, f); err != nil {
				return nil, err
			}
		}
	}
	return p.out, nil
}

// partName is a zip entry's name as excelize stores it.
func partName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return "[Content_Types].xml"
	case "xl/sharedstrings.xml":
		return sharedStringsPart
	}
	return name
}

const sharedStringsPart = "xl/sharedStrings.xml"

// partScan measures the parts of one workbook.
type partScan struct {
	l        Limits
	name     string
	parts    map[string][]*zip.File
	roster   map[string]string // part → the roster sheet it holds
	done     map[*zip.File]bool
	buf      *bufio.Reader
	elements int // in the parts read whole
	cells    int // cell slots of the roster sheets
	out      *scanned
}

// findSheets reads the package's relationships, the workbook and the workbook's
// relationships to learn which parts hold which sheets, as excelize resolves them. Where a
// file is ambiguous (two workbooks, two relationships with one ID) every reading counts,
// so no part excelize reads as a roster sheet escapes measurement.
func (p *partScan) findSheets() error {
	books := map[string]bool{"xl/workbook.xml": true}
	if err := p.scanAll("_rels/.rels", func(s *xmlScan, local []byte) {
		if string(local) == "Relationship" && anySuffix(s.attrs("Type"), "/officeDocument") {
			for _, t := range s.attrs("Target") {
				books[strings.TrimPrefix(t, "/")] = true
			}
		}
	}); err != nil {
		return err
	}
	for book := range books {
		ids := map[string]string{} // relationship ID → a roster sheet using it
		if err := p.scanAll(book, func(s *xmlScan, local []byte) {
			if string(local) != "sheet" {
				return
			}
			for _, n := range s.attrs("name") {
				for _, id := range s.attrs("id") {
					if isRosterSheet(n) {
						ids[id] = n
					}
				}
			}
		}); err != nil {
			return err
		}
		rels := path.Join(path.Dir(book), "_rels", path.Base(book)+".rels")
		if err := p.scanAll(strings.TrimPrefix(rels, "/"), func(s *xmlScan, local []byte) {
			if string(local) != "Relationship" {
				return
			}
			for _, id := range s.attrs("Id") {
				if sheet, ok := ids[id]; ok {
					for _, t := range s.attrs("Target") {
						p.roster[sheetPath(book, t)] = sheet
					}
				}
			}
		}); err != nil {
			return err
		}
	}
	return nil
}

func anySuffix(values []string, suffix string) bool {
	for _, v := range values {
		if strings.HasSuffix(v, suffix) {
			return true
		}
	}
	return false
}

// sheetPath is the part a workbook relationship's target names, as excelize resolves it.
func sheetPath(book, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(strings.ReplaceAll(target, "\\", "/")), "/")
	}
	return strings.TrimPrefix(path.Clean(strings.ReplaceAll(path.Dir(book)+"/"+target, "\\", "/")), "/")
}

// isRosterSheet reports whether readRoster would read a sheet of this name.
func isRosterSheet(name string) bool {
	for _, step := range rosterSteps {
		if strings.EqualFold(strings.TrimSpace(name), step.name) {
			return true
		}
	}
	return false
}

// scanAll scans every part called name as one read whole, telling look of each start tag.
func (p *partScan) scanAll(name string, look func(*xmlScan, []byte)) error {
	for _, f := range p.parts[name] {
		p.done[f] = true
		if err := p.scanWhole(name, f, look); err != nil {
			return err
		}
	}
	return nil
}

// readWhole are the parts excelize parses whole whenever it opens a workbook or reads a
// sheet, whatever else a crafted workbook makes them.
var readWhole = map[string]bool{"[Content_Types].xml": true, "xl/styles.xml": true, "xl/theme/theme1.xml": true,
	"xl/calcChain.xml": true, sharedStringsPart: true}

// scanPart measures one part: a roster sheet as one, and a part read whole as one (the
// package's relationships and the workbook's parts were measured by findSheets). Other
// parts (sheets that are not roster sheets, pictures, a pivot table's cache) are never
// parsed, so only their bytes count.
func (p *partScan) scanPart(name string, f *zip.File) error {
	if f.FileInfo().IsDir() {
		return nil
	}
	if p.roster[name] != "" {
		if err := p.scanSheet(name, f); err != nil {
			return err
		}
	}
	if readWhole[name] && !p.done[f] {
		return p.scanWhole(name, f, nil)
	}
	return nil
}

// open starts reading a part through the one buffer.
func (p *partScan) open(f *zip.File) (*xmlScan, io.Closer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, notAWorkbook(p.name)
	}
	p.buf.Reset(rc)
	return &xmlScan{r: p.buf, maxDepth: p.l.Depth}, rc, nil
}

// scanWhole measures a part that excelize parses whole: its elements count against
// Limits.Elements, added up over such parts; a shared-strings table's entries count
// against Limits.SharedStrings and its elements (rich text runs) against twice that.
func (p *partScan) scanWhole(name string, f *zip.File, look func(*xmlScan, []byte)) error {
	s, rc, err := p.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	strs, elements, most := 0, &p.elements, p.l.Elements
	if name == sharedStringsPart {
		elements, most = new(int), 2*p.l.SharedStrings+1 // each entry and its text, and the root
	}
	for {
		kind, local, err := s.next()
		if err != nil {
			return p.ended(name, "", err)
		}
		if kind == endTag {
			continue
		}
		if string(local) == "si" {
			if strs++; strs > p.l.SharedStrings {
				return refusal{Finding{Message: fmt.Sprintf("the workbook's shared strings hold more than %s entries, far more than any roster: the file was refused",
					thousands(p.l.SharedStrings))}}
			}
		}
		if *elements++; *elements > most {
			return refusal{Finding{Message: fmt.Sprintf("part %s holds more than %s XML elements, far more than any roster workbook: the file was refused",
				name, thousands(most))}}
		}
		if look != nil {
			look(s, local)
		}
	}
}

// ended turns the end of scanning a part into nil at its end, or the refusal of a part
// nested too deeply or unreadable.
func (p *partScan) ended(name, sheet string, err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, errTooDeep):
		where := "" // the finding names the sheet
		if sheet == "" {
			where = "part " + name + ": "
		}
		return refusal{Finding{Sheet: sheet, Message: fmt.Sprintf("%sXML elements nest more than %d deep, which no spreadsheet program writes: the file was refused",
			where, p.l.Depth)}}
	}
	return notAWorkbook(p.name) // a damaged zip: excelize would say no more
}

// sheetScan is the state of measuring one roster sheet.
type sheetScan struct {
	*partScan
	sheet      string
	row, col   int
	width      int // the rightmost column of the row that has a value
	inCell     bool
	valued     bool // the cell has a value, inline text or a formula
	hasValue   bool
	hasFormula bool
	group      string // the cell's shared-formula group
	formula    string // the cell's formula, as words for a message
	parts      int    // elements in the cell
	shared     map[string]string
}

// scanSheet measures a roster sheet: the columns its rows reach and the cell slots they add
// up to, counted as excelize makes them (a row whose one value is in column XFD is 16,384
// cells), and records the formulas that hold no saved value.
func (p *partScan) scanSheet(name string, f *zip.File) error {
	s, rc, err := p.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	sh := &sheetScan{partScan: p, sheet: p.roster[name], shared: map[string]string{}}
	for {
		kind, local, err := s.next()
		if err != nil {
			return p.ended(name, sh.sheet, err)
		}
		if err := sh.tag(s, kind, string(local)); err != nil {
			return err
		}
	}
}

func (sh *sheetScan) tag(s *xmlScan, kind tagKind, local string) error {
	if sh.inCell && kind != endTag {
		if sh.parts++; sh.parts > maxCellParts {
			return sh.refuse("the cell holds more than %s parts, which no spreadsheet program writes: the file was refused", thousands(maxCellParts))
		}
	}
	switch local {
	case "row":
		if kind != endTag {
			sh.row, sh.col, sh.width = rowNumber(s.attrs("r"), sh.row), 0, 0
		}
	case "c":
		if kind == endTag {
			sh.inCell = false
			return sh.endCell()
		}
		sh.col = cellColumn(s.attrs("r"), sh.col)
		sh.inCell, sh.valued, sh.hasValue, sh.hasFormula, sh.group, sh.formula, sh.parts = kind == startTag, false, false, false, "", "", 0
	case "v", "is":
		sh.valued, sh.hasValue = sh.valued || sh.inCell, sh.hasValue || sh.inCell
	case "f":
		if !sh.inCell {
			return nil
		}
		sh.valued, sh.hasFormula = true, true
		switch kind {
		case startTag:
			s.keep, sh.group = true, sharedGroup(s)
		case emptyTag:
			sh.group = sharedGroup(s)
			sh.formulaText("")
		case endTag:
			s.keep = false
			sh.formulaText(string(s.text))
		}
	}
	return nil
}

// sharedGroup is the group of a shared formula, "" for any other.
func sharedGroup(s *xmlScan) string {
	for _, t := range s.attrs("t") {
		if t == "shared" {
			if si := s.attrs("si"); len(si) > 0 {
				return si[len(si)-1]
			}
		}
	}
	return ""
}

// formulaText words the cell's formula: its text, or for a cell that shares the formula
// of an earlier one, that one's.
func (sh *sheetScan) formulaText(text string) {
	text = html.UnescapeString(strings.TrimSpace(text))
	if r := []rune(text); len(r) > 200 {
		text = string(r[:200]) + "…"
	}
	switch {
	case text != "":
		sh.formula = "=" + text
		if sh.group != "" && len(sh.shared) < maxUnsavedFormulas {
			sh.shared[sh.group] = fmt.Sprintf("=%s (shared from cell %s%d)", text, letter(sh.col-1), sh.row)
		}
	case sh.shared[sh.group] != "":
		sh.formula = sh.shared[sh.group]
	default:
		sh.formula = "(shared from another cell)"
	}
}

// endCell counts a cell with a value: the row's width reaches its column, and the slots
// added to the row count against Limits.Cells.
func (sh *sheetScan) endCell() error {
	if !sh.valued {
		return nil
	}
	if sh.col > sh.l.Columns {
		return sh.refuse("a value this far right, but a roster sheet has at most %d columns (%s to %s): delete what lies to the right of the table, or move it to another sheet",
			sh.l.Columns, letter(0), letter(sh.l.Columns-1))
	}
	if sh.col > sh.width {
		sh.cells += sh.col - sh.width
		sh.width = sh.col
		if sh.cells > sh.l.Cells {
			return sh.refuse("the roster sheets reach more than %s cells, far more than any roster: the file was refused", thousands(sh.l.Cells))
		}
	}
	if sh.hasFormula && !sh.hasValue {
		unsaved := sh.out.unsaved[sheetKey(sh.sheet)]
		if unsaved == nil {
			unsaved = map[cellAt]string{}
			sh.out.unsaved[sheetKey(sh.sheet)] = unsaved
		}
		if len(unsaved) >= maxUnsavedFormulas {
			return sh.refuse("more than %s formulas have no saved value: open the file in Excel or LibreOffice, save it, and import that", thousands(maxUnsavedFormulas))
		}
		unsaved[cellAt{sh.row, sh.col}] = sh.formula
	}
	return nil
}

func (sh *sheetScan) refuse(format string, args ...any) error {
	return refusal{Finding{Sheet: sh.sheet, Row: sh.row, Letter: letter(max(sh.col, 1) - 1), Column: "column " + letter(max(sh.col, 1)-1),
		Message: fmt.Sprintf(format, args...)}}
}

// rowNumber is a row's number from its r attribute, or the one after the last.
func rowNumber(rs []string, last int) int {
	n := last + 1
	for _, r := range rs {
		if v, err := strconv.Atoi(r); err == nil {
			n = v
		}
	}
	return n
}

// cellColumn is a cell's column from its reference ("XFD7": 16,384), or the one after the
// last. Of several references the rightmost counts; letters past any real column count as
// a column too far right.
func cellColumn(refs []string, last int) int {
	if len(refs) == 0 {
		return last + 1
	}
	col := 0
	for _, ref := range refs {
		n := 0
		for _, c := range strings.ToUpper(ref) {
			if c < 'A' || c > 'Z' {
				break
			}
			n = min(n*26+int(c-'A'+1), 1<<30)
		}
		col = max(col, n)
	}
	return max(col, 1)
}

// notAWorkbook refuses a file that is not a workbook excelize could open.
func notAWorkbook(name string) error {
	return model.Errorf(model.EINVALID, "%s: not an .xlsx workbook, or it is password-protected: open it in Excel, remove any password and save as .xlsx", name)
}
