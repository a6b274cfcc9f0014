// Package importers reads and writes the files the register exchanges with HR: the roster
// workbook (.xlsx) of workbook.md, its empty template, the plan workbook, and the NHS ODS
// trust list (etr.csv). An import is validated whole before anything is written.
package importers

import (
	"fmt"
	"strconv"
	"strings"

	"associateplanner/model"
)

// Finding is one error or warning about a place in a file.
type Finding struct {
	Sheet   string // "" for a CSV file or the file as a whole
	Row     int    // as Excel (or a text editor, for CSV) numbers it; 0 when not about a row
	Column  string // the column's name as the spec gives it, "" when not about a column
	Letter  string // the column's letter (A, B, …) or number for CSV, when known
	Message string
}

// String formats the finding as "Associates row 7, Band: message".
func (f Finding) String() string {
	var where []string
	switch {
	case f.Sheet != "" && f.Row > 0:
		where = append(where, fmt.Sprintf("%s row %d", f.Sheet, f.Row))
	case f.Sheet != "":
		where = append(where, f.Sheet)
	case f.Row > 0:
		where = append(where, fmt.Sprintf("line %d", f.Row))
	}
	if f.Column != "" {
		where = append(where, f.Column)
	}
	if len(where) == 0 {
		return f.Message
	}
	return strings.Join(where, ", ") + ": " + f.Message
}

// Count is what an import did, or would do, to the rows of one sheet.
type Count struct {
	Sheet                     string
	Added, Updated, Unchanged int
}

// Report is the outcome of reading one file.
type Report struct {
	File     string
	DryRun   bool
	Written  bool // the register was changed
	Errors   []Finding
	Warnings []Finding
	Counts   []Count

	// Findings of one kind (one message in one column of one sheet) past the first
	// MaxOfAKind are counted, not listed: a line after the last one listed says how many
	// more there are.
	kinds      map[string]*kind
	notListed  [2]int // errors, warnings
	countLines [2]int // the lines saying how many more, in Errors and in Warnings
}

// ErrorCount is how many errors the file has, listed or not.
func (r *Report) ErrorCount() int { return len(r.Errors) - r.countLines[0] + r.notListed[0] }

// MaxOfAKind is how many findings of one kind a report lists. workbook.md asks for every
// error, and HR fixes a roster from the list, so any real roster's errors are all listed (a
// register's 10,000 associates with one mistake each); a crafted file with the same mistake
// a million times is refused with 10,000 lines and a count, not a million.
const MaxOfAKind = 10_000

// kind counts the findings of one kind.
type kind struct {
	listed int     // how many are listed
	last   int     // the index of the last one listed
	shown  Finding // the last one listed
	more   int     // how many were not listed, in rows minRow to maxRow
	minRow int
	maxRow int
}

func (r *Report) errorf(sheet string, row int, col column, format string, args ...any) {
	r.addError(kindOf(sheet, row, col.name, format), Finding{Sheet: sheet, Row: row, Column: col.name, Letter: col.letter,
		Message: fmt.Sprintf(format, args...)})
}

func (r *Report) warnf(sheet string, row int, format string, args ...any) {
	r.addWarning(kindOf(sheet, row, "", format), Finding{Sheet: sheet, Row: row, Message: fmt.Sprintf(format, args...)})
}

// kindOf names the kind of a finding: its message's wording (before the values are put
// in), its column and, for a finding about a row, its sheet. Findings about whole sheets
// (such as 20,000 sheets that are not roster sheets) are one kind across sheets.
func kindOf(sheet string, row int, column, format string) string {
	if row == 0 {
		sheet = ""
	}
	return sheet + "\x00" + column + "\x00" + format
}

// addError records an error of a kind, listing it only while fewer than MaxOfAKind of
// that kind are listed.
func (r *Report) addError(key string, f Finding) {
	r.add(&r.Errors, 0, key, f)
}

// addWarning is addError for warnings.
func (r *Report) addWarning(key string, f Finding) {
	r.add(&r.Warnings, 1, key, f)
}

// add lists f in list (0 errors, 1 warnings), or counts it when MaxOfAKind of its kind are
// listed already.
func (r *Report) add(list *[]Finding, which int, key string, f Finding) {
	if r.kinds == nil {
		r.kinds = map[string]*kind{}
	}
	key = strconv.Itoa(which) + key
	k := r.kinds[key]
	if k == nil {
		k = &kind{}
		r.kinds[key] = k
	}
	if k.listed < MaxOfAKind {
		*list = append(*list, f)
		k.listed, k.last, k.shown = k.listed+1, len(*list)-1, f
		return
	}
	if k.more == 0 || f.Row < k.minRow {
		k.minRow = f.Row
	}
	k.maxRow = max(k.maxRow, f.Row)
	k.more++
	r.notListed[which]++
}

// countLeftOut adds, after the last finding listed of each kind that had more, a line
// saying how many more there were and in which rows. It is called once, when the file
// has been read.
func (r *Report) countLeftOut() {
	for which, list := range []*[]Finding{&r.Errors, &r.Warnings} {
		after := map[int]*kind{} // by the index of the last one listed
		for key, k := range r.kinds {
			if k.more > 0 && key[0] == '0'+byte(which) {
				after[k.last] = k
			}
		}
		if len(after) == 0 {
			continue
		}
		out := make([]Finding, 0, len(*list)+len(after))
		for i, f := range *list {
			out = append(out, f)
			if k := after[i]; k != nil {
				out = append(out, k.countLine())
				r.countLines[which]++
			}
		}
		*list = out
	}
	r.kinds = nil
}

// countLine says how many findings of a kind were not listed.
func (k *kind) countLine() Finding {
	f := Finding{Sheet: k.shown.Sheet, Column: k.shown.Column, Letter: k.shown.Letter}
	where := ""
	switch {
	case k.shown.Row == 0:
		f.Sheet = "" // a kind of finding about whole sheets, such as sheets not read
	case k.minRow == k.maxRow:
		where = fmt.Sprintf(" (row %d)", k.minRow)
	default:
		where = fmt.Sprintf(" (rows %d to %d)", k.minRow, k.maxRow)
	}
	f.Message = fmt.Sprintf("… and %s more like this%s, not listed", thousands(k.more), where)
	return f
}

// thousands writes n with commas between thousands: 19,980.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (r *Report) count(sheet string) *Count {
	for i := range r.Counts {
		if r.Counts[i].Sheet == sheet {
			return &r.Counts[i]
		}
	}
	r.Counts = append(r.Counts, Count{Sheet: sheet})
	return &r.Counts[len(r.Counts)-1]
}

// Summary says in one line per sheet what the import did or would do.
func (r *Report) Summary() string {
	var b strings.Builder
	verb := "imported"
	switch {
	case r.ErrorCount() > 0:
		fmt.Fprintf(&b, "%s: refused, %s error(s); nothing was written\n", r.File, thousands(r.ErrorCount()))
		return b.String()
	case r.DryRun:
		verb = "checked (dry run, nothing written)"
	}
	fmt.Fprintf(&b, "%s: %s\n", r.File, verb)
	for _, c := range r.Counts {
		fmt.Fprintf(&b, "  %-15s %5d added, %5d updated, %5d unchanged\n", c.Sheet, c.Added, c.Updated, c.Unchanged)
	}
	return b.String()
}

// Err returns an EINVALID error naming the file when the report holds errors.
func (r *Report) Err() error {
	if r.ErrorCount() == 0 {
		return nil
	}
	return model.Errorf(model.EINVALID, "%s: refused with %s error(s); nothing was written", r.File, thousands(r.ErrorCount()))
}
