package importers

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// column describes one column of a sheet: its name in workbook.md, the other names it
// goes by, and whether a sheet that has rows must have it.
type column struct {
	name     string
	synonyms []string
	required bool
	letter   string // where it was found, set when a sheet is read
}

func col(name string, required bool, synonyms ...string) column {
	return column{name: name, synonyms: synonyms, required: required}
}

// headerKey folds a header cell for matching: case, spaces, punctuation and "(£)" aside.
func headerKey(s string) string {
	return model.FoldKey(strings.ReplaceAll(s, "£", ""))
}

// table is one sheet's rows under a recognised header.
type table struct {
	sheet     string
	headerRow int
	cols      map[string]*column // by name, only the columns present
	index     map[string]int     // by name: the cell index in a row
	rows      []row
}

type row struct {
	num   int // as Excel numbers it
	cells []string
}

// get returns a row's trimmed cell under a column and whether the sheet has the column.
func (t *table) get(r row, name string) (string, bool) {
	i, ok := t.index[name]
	if !ok {
		return "", false
	}
	if i >= len(r.cells) {
		return "", true
	}
	return r.cells[i], true
}

// column returns the column called name (with its letter when the sheet has it).
func (t *table) column(name string) column {
	if c, ok := t.cols[name]; ok {
		return *c
	}
	return column{name: name}
}

// source reads the rows of one file within its limits, recording problems in rep.
type source struct {
	limits    Limits
	rep       *Report
	cellBytes int64 // the text read so far, over every sheet
	cells     int   // the cells read so far, over every sheet
}

// sheetTable reads a workbook sheet as a table of spec's columns; unsaved are its formula
// cells that hold no saved value.
func (s *source) sheetTable(f *excelize.File, sheet string, unsaved map[cellAt]string, spec []column) (*table, bool) {
	raw, ok := s.sheetRows(f, sheet)
	if !ok {
		return nil, false
	}
	t, ok := s.table(raw, sheet, spec)
	if t == nil || !ok {
		return t, ok
	}
	return t, checkFormulas(t, unsaved, s.rep)
}

// table finds the header row among raw rows and keeps every non-blank row under it.
// Problems with the layout go into rep; ok is false when the table cannot be read at all.
func (s *source) table(raw []row, sheet string, spec []column) (*table, bool) {
	t := &table{sheet: sheet, cols: map[string]*column{}, index: map[string]int{}}
	byKey := columnKeys(spec)
	header := headerRow(raw, byKey)
	if header < 0 {
		if len(raw) > 0 {
			s.rep.errorf(sheet, 0, column{}, "no header row found: no row names two or more of its columns (%s)", specNames(spec))
		}
		return t, len(raw) == 0
	}
	t.headerRow = raw[header].num
	if !t.mapHeader(raw[header].cells, byKey, s.rep) {
		return t, false
	}
	for _, r := range raw[header+1:] {
		if !blank(r.cells) {
			t.rows = append(t.rows, r)
		}
	}
	if len(t.rows) > s.limits.Rows {
		s.rep.errorf(sheet, 0, column{}, "%d rows is more than the %d a sheet may hold: split the file", len(t.rows), s.limits.Rows)
		return t, false
	}
	return t, t.checkRequired(spec, s.rep)
}

// columnKeys maps every name and synonym of spec, folded, to its column.
func columnKeys(spec []column) map[string]*column {
	byKey := map[string]*column{}
	for i := range spec {
		c := spec[i]
		for _, n := range append([]string{c.name}, c.synonyms...) {
			byKey[headerKey(n)] = &c
		}
	}
	return byKey
}

// headerRow is the index of the first row naming two or more of the columns, or -1.
func headerRow(raw []row, byKey map[string]*column) int {
	for i, r := range raw {
		if countKnown(r.cells, byKey) >= 2 {
			return i
		}
	}
	return -1
}

// mapHeader records where each known column is; unknown columns are one warning.
func (t *table) mapHeader(cells []string, byKey map[string]*column, rep *Report) bool {
	ok := true
	var unknown []string
	for i, h := range cells {
		if h == "" {
			continue
		}
		c, known := byKey[headerKey(h)]
		if !known {
			unknown = append(unknown, fmt.Sprintf("%s %q", letter(i), h))
			continue
		}
		if _, dup := t.index[c.name]; dup {
			rep.errorf(t.sheet, t.headerRow, *c, "the column appears twice (%s and %s)", t.cols[c.name].letter, letter(i))
			ok = false
			continue
		}
		c.letter = letter(i)
		t.cols[c.name] = c
		t.index[c.name] = i
	}
	if len(unknown) > 0 {
		rep.warnf(t.sheet, t.headerRow, "%s not a column this sheet has; not read", listSome(unknown, 5))
	}
	return ok
}

// listSome lists up to n items and counts the rest: `A "x", B "y" and 3 more are`.
func listSome(items []string, n int) string {
	verb := " is"
	if len(items) > 1 {
		verb = " are"
	}
	if len(items) <= n {
		return strings.Join(items, ", ") + verb
	}
	return fmt.Sprintf("%s and %d more are", strings.Join(items[:n], ", "), len(items)-n)
}

func (t *table) checkRequired(spec []column, rep *Report) bool {
	ok := true
	for _, c := range spec {
		if _, found := t.index[c.name]; c.required && !found {
			rep.errorf(t.sheet, t.headerRow, c, "required column is missing")
			ok = false
		}
	}
	return ok
}

// sheetRows reads every row of a workbook sheet with cells as stored (dates as serial
// numbers).
func (s *source) sheetRows(f *excelize.File, sheet string) ([]row, bool) {
	it, err := f.Rows(sheet)
	if err != nil {
		s.rep.errorf(sheet, 0, column{}, "cannot read the sheet: %v", err)
		return nil, false
	}
	defer it.Close()
	var out []row
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			s.rep.errorf(sheet, n, column{}, "cannot read the row: %v", err)
			return nil, false
		}
		if !s.accept(sheet, n, cells) {
			return nil, false
		}
		out = append(out, row{num: n, cells: cells})
	}
	return out, it.Error() == nil
}

// accept counts a row against the limits before it is kept, then trims its cells and
// restores text an older export neutralised ("'=…"). The cells (to the row's rightmost
// value) and their bytes are counted as read, so a file whose cells all name one huge
// shared string is refused before it fills memory. (How far right a workbook's rows reach
// is measured before it is read: see scanWorkbook. A CSV file's width is all in the file.)
func (s *source) accept(sheet string, n int, cells []string) bool {
	if n > s.limits.Rows+1000 {
		s.rep.errorf(sheet, 0, column{}, "more than %d rows: split the file", s.limits.Rows)
		return false
	}
	width := len(cells)
	for width > 0 && strings.TrimSpace(cells[width-1]) == "" {
		width--
	}
	if s.cells += width; s.cells > s.limits.Cells {
		s.rep.errorf(sheet, n, column{}, "more than %s cells, far more than any roster: the file was refused", thousands(s.limits.Cells))
		return false
	}
	for i, c := range cells {
		s.cellBytes += int64(len(c))
		if s.cellBytes > s.limits.CellBytes {
			s.rep.errorf(sheet, n, column{letter: letter(i)}, "the cells hold more than %d MB of text, far more than any roster: the file was refused", s.limits.CellBytes>>20)
			return false
		}
		cells[i] = restoreNeutralised(strings.TrimSpace(c))
	}
	return true
}

// checkFormulas refuses the formula cells of the table that hold no saved value: their
// result is unknown until Excel recalculates, and guessing would import the wrong thing.
func checkFormulas(t *table, unsaved map[cellAt]string, rep *Report) bool {
	ok := true
	for _, r := range t.rows {
		for name, i := range t.index {
			if formula, found := unsaved[cellAt{r.num, i + 1}]; found {
				rep.errorf(t.sheet, r.num, t.column(name), "the formula %s has no saved value: open the file in Excel or LibreOffice and save it", formula)
				ok = false
			}
		}
	}
	return ok
}

func countKnown(cells []string, byKey map[string]*column) int {
	seen := map[string]bool{}
	for _, c := range cells {
		if col, ok := byKey[headerKey(c)]; ok && c != "" {
			seen[col.name] = true
		}
	}
	return len(seen)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func letter(i int) string {
	s, _ := excelize.ColumnNumberToName(i + 1)
	return s
}

func specNames(spec []column) string {
	names := make([]string, len(spec))
	for i, c := range spec {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// restoreNeutralised drops the apostrophe that older exports, and CSV files guarded
// against formula injection, put before text starting with = + - or @.
func restoreNeutralised(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

// cellDate reads a date cell: an Excel serial number written in digits, or text as
// model.ParseDate reads it.
func cellDate(s string) (model.Date, error) {
	if serial, ok := model.ParseDecimal(s); ok {
		return model.DateFromSerial(serial)
	}
	return model.ParseDate(s)
}

// cellInt reads a whole number, as text or a numeric cell ("30" or "30.0").
func cellInt(s string) (int, error) {
	f, ok := model.ParseDecimal(s)
	if !ok || f != float64(int(f)) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(f), nil
}
