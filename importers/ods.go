package importers

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"associateplanner/model"
)

// odsFields is how many columns every row of an ODS etr.csv has.
const odsFields = 27

// readODS reads the NHS ODS trust list's rows: no header row, 27 columns.
func (s *source) readODS(raw []row) []model.Organisation {
	rep := s.rep
	if len(raw) > 0 && len(raw[0].cells) != odsFields {
		rep.addError("no header", Finding{Row: raw[0].num, Message: fmt.Sprintf("%d columns and no header row: "+
			"this is neither the NHS trust list (etr.csv, %d columns) nor a roster table, whose first rows name its "+
			"columns (Staff ID, Name, …)", len(raw[0].cells), odsFields)})
		return nil
	}
	var out []model.Organisation
	seen := map[string]int{}
	for _, r := range raw {
		line := r.num
		if o, ok := odsRow(r.cells, line, rep); ok {
			if first, dup := seen[o.Code]; dup {
				odsError(rep, line, 1, "code", "organisation %s appears again (first at line %d)", o.Code, first)
				continue
			}
			seen[o.Code] = line
			out = append(out, o)
		}
	}
	if len(out) == 0 && rep.ErrorCount() == 0 {
		rep.addError("empty", Finding{Message: "the file holds no organisations"})
	}
	return out
}

func odsError(rep *Report, line, field int, name, format string, args ...any) {
	column := fmt.Sprintf("column %d (%s)", field, name)
	rep.addError(kindOf("", line, column, format), Finding{Row: line, Column: column,
		Letter: fmt.Sprint(field), Message: fmt.Sprintf(format, args...)})
}

// odsRow reads one organisation; see ../shared/data/ods/README.md for the columns.
func odsRow(rec []string, line int, rep *Report) (model.Organisation, bool) {
	if len(rec) != odsFields {
		rep.addError("ODS width", Finding{Row: line,
			Message: fmt.Sprintf("%d columns where the ODS layout has %d: is this an NHS ODS etr.csv file?", len(rec), odsFields)})
		return model.Organisation{}, false
	}
	before := rep.ErrorCount()
	o := model.Organisation{
		Code:     model.NormaliseCode(rec[0]),
		Name:     TitleCase(rec[1]),
		Postcode: strings.ToUpper(strings.TrimSpace(rec[9])),
	}
	region := strings.ToUpper(strings.TrimSpace(rec[2]))
	if name, ok := model.Regions[region]; ok {
		o.Region = name
	} else {
		rep.addWarning("ODS region", Finding{Row: line, Column: "column 3 (region)",
			Message: fmt.Sprintf("%q is not a known NHS England region code; imported with no region", region)})
	}
	var err error
	if o.Opened, err = odsDate(rec[10]); err != nil {
		odsError(rep, line, 11, "open date", "%v", err)
	}
	if o.Closed, err = odsDate(rec[11]); err != nil {
		odsError(rep, line, 12, "close date", "%v", err)
	}
	for _, p := range o.Validate() {
		field := map[string]int{"Code": 1, "Name": 2, "Closed": 12}[p.Field]
		odsError(rep, line, field, strings.ToLower(p.Field), "%s", p.Message)
	}
	return o, rep.ErrorCount() == before
}

// odsDate reads the ODS date form YYYYMMDD; "" is no date.
func odsDate(s string) (model.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if len(s) != 8 {
		return 0, fmt.Errorf("%q is not a date in the ODS form YYYYMMDD", s)
	}
	return model.ParseDate(s[:4] + "-" + s[4:6] + "-" + s[6:])
}

// smallWords stay lower case inside a title; acronyms stay upper case.
var (
	smallWords = map[string]bool{"and": true, "of": true, "the": true, "for": true, "in": true, "on": true, "upon": true, "with": true}
	acronyms   = map[string]bool{"NHS": true, "UK": true, "ICB": true, "CIC": true}
)

// TitleCase turns an ODS upper-case name into one fit for a letter:
// "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST" → "Guy's and St Thomas' NHS Foundation Trust".
func TitleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		switch {
		case acronyms[strings.ToUpper(core)]:
			words[i] = strings.ToUpper(w)
		case i > 0 && smallWords[strings.ToLower(w)]:
			words[i] = strings.ToLower(w)
		default:
			words[i] = capitaliseParts(strings.ToLower(w))
		}
	}
	return strings.Join(words, " ")
}

// capitaliseParts capitalises the first letter and each letter after a hyphen or
// parenthesis: "ashton-under-lyne" → "Ashton-Under-Lyne", but "king's" → "King's".
func capitaliseParts(w string) string {
	rs := []rune(w)
	up := true
	for i, r := range rs {
		if up && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			up = false
		}
		if r == '-' || r == '(' || r == '/' {
			up = true
		}
	}
	return string(rs)
}

// ParseODS reads an NHS ODS trust list from r; name is the file name for the report.
func ParseODS(r io.Reader, name string) ([]model.Organisation, *Report) {
	rep := &Report{File: name}
	src := &source{limits: DefaultLimits, rep: rep}
	defer rep.countLeftOut()
	raw, ok := src.csvRows(r)
	if !ok {
		return nil, rep
	}
	return src.readODS(raw), rep
}

// mergeOrganisations counts and collects the organisations that differ from the register's.
func mergeOrganisations(orgs []model.Organisation, cur *model.Data, rep *Report) *model.Changeset {
	idx := model.NewIndex(cur)
	out := &model.Changeset{}
	for _, o := range orgs {
		if tally(rep, sheetOrganisations, idx.Org[o.Code], o) {
			out.Organisations = append(out.Organisations, o)
		}
	}
	return out
}
