// Package importers reads and writes the files the register exchanges with HR: the roster
// workbook (.xlsx) of workbook.md, its empty template, the plan workbook, and the NHS ODS
// trust list (etr.csv). An import is validated whole before anything is written.
package importers

import (
	"fmt"
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
}

func (r *Report) errorf(sheet string, row int, col column, format string, args ...any) {
	r.Errors = append(r.Errors, Finding{Sheet: sheet, Row: row, Column: col.name, Letter: col.letter,
		Message: fmt.Sprintf(format, args...)})
}

func (r *Report) warnf(sheet string, row int, format string, args ...any) {
	r.Warnings = append(r.Warnings, Finding{Sheet: sheet, Row: row, Message: fmt.Sprintf(format, args...)})
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
	case len(r.Errors) > 0:
		fmt.Fprintf(&b, "%s: refused, %d error(s); nothing was written\n", r.File, len(r.Errors))
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
	if len(r.Errors) == 0 {
		return nil
	}
	return model.Errorf(model.EINVALID, "%s: refused with %d error(s); nothing was written", r.File, len(r.Errors))
}
