package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"associateplanner/model"
)

// readCSV reads a CSV file: one roster table, recognised by its header row, or else the
// NHS trust list, which has no header row.
func (s *source) readCSV(r io.Reader, cur *model.Data) *model.Changeset {
	raw, ok := s.csvRows(r)
	if !ok {
		return &model.Changeset{}
	}
	step, found := rosterTableOf(raw)
	if !found {
		return mergeOrganisations(s.readODS(raw), cur, s.rep)
	}
	rd := newRosterReader(cur, s.rep)
	if t, ok := s.table(raw, step.name, step.columns); ok {
		step.merge(rd, t)
	}
	return &rd.out
}

// headerSearch is how many rows from the top a CSV's header row may be.
const headerSearch = 20

// rosterTableOf names the roster table whose columns the CSV's header row names most of,
// preferring a table whose required columns are all there. found is false when no row
// near the top names two columns of any table.
func rosterTableOf(raw []row) (step sheetStep, found bool) {
	best := 0
	for _, st := range rosterSteps {
		byKey := columnKeys(st.columns)
		i := headerRow(raw[:min(len(raw), headerSearch)], byKey)
		if i < 0 {
			continue
		}
		score := 2 * countKnown(raw[i].cells, byKey)
		if hasRequired(raw[i].cells, st.columns) {
			score++
		}
		if score > best {
			best, step, found = score, st, true
		}
	}
	return step, found
}

func hasRequired(cells []string, spec []column) bool {
	byKey := columnKeys(spec)
	seen := map[string]bool{}
	for _, c := range cells {
		if col, ok := byKey[headerKey(c)]; ok {
			seen[col.name] = true
		}
	}
	for _, c := range spec {
		if c.required && !seen[c.name] {
			return false
		}
	}
	return true
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// csvRows reads every record of a UTF-8 CSV file, with or without a byte-order mark. A
// record is numbered as a spreadsheet would number its row.
func (s *source) csvRows(r io.Reader) ([]row, bool) {
	br := bufio.NewReader(r)
	if start, _ := br.Peek(len(utf8BOM)); bytes.Equal(start, utf8BOM) {
		br.Discard(len(utf8BOM)) //nolint:errcheck // peeked: the bytes are there
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // the width is checked by what reads the rows, to say what is wrong
	var out []row
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, true
		}
		if err != nil {
			s.rep.addError("CSV", Finding{Row: n, Message: "not readable as CSV: " + csvProblem(err)})
			return nil, false
		}
		for i, c := range rec {
			if !utf8.ValidString(c) {
				s.rep.addError("UTF-8", Finding{Row: n, Letter: letter(i), Column: "column " + letter(i),
					Message: "the text is not UTF-8: save the file as \"CSV UTF-8\" and import that"})
				return nil, false
			}
		}
		if !s.accept("", n, rec) {
			return nil, false
		}
		out = append(out, row{num: n, cells: rec})
	}
}

// csvProblem says what encoding/csv found wrong, without its line (the finding has it).
func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%v (at line %d, column %d of the file)", pe.Err, pe.Line, pe.Column)
	}
	return err.Error()
}
