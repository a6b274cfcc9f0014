package importers

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// templateRows is how far down the template's drop-down lists reach.
const templateRows = 2000

// ExportTemplate writes an empty roster workbook for HR: every sheet's headers, drop-down
// lists for bands, kinds, modes, statuses and yes/no, a Lists sheet of the skill, system and
// clearance names the register knows, and a Guide sheet saying how to fill it in.
func ExportTemplate(d *model.Data, path string) error {
	w, err := newWorkbook(path)
	if err != nil {
		return fmt.Errorf("export template: %w", err)
	}
	if err := writeTemplate(w, d); err != nil {
		return fmt.Errorf("export template %s: %w", path, err)
	}
	if err := w.save(path); err != nil {
		return fmt.Errorf("export template %s: %w", path, err)
	}
	return nil
}

func writeTemplate(w *workbook, d *model.Data) error {
	if err := writeGuide(w); err != nil {
		return err
	}
	sheets := []struct {
		name string
		cols []column
	}{
		{sheetOrganisations, organisationColumns}, {sheetAssociates, associateColumns},
		{sheetUnavailability, unavailabilityColumns}, {sheetRequests, requestColumns},
		{sheetRoles, roleColumns}, {sheetAssignments, assignmentColumns[:8]},
	}
	for _, sh := range sheets {
		// Not streamed: excelize drops data validations added to a streamed sheet.
		if err := w.plainSheet(sh.name, names(sh.cols)); err != nil {
			return err
		}
		if err := w.decorateTemplateSheet(sh.name, sh.cols); err != nil {
			return err
		}
	}
	return writeLists(w, model.NewVocabulary(d))
}

// dropDowns are the columns whose values come from a fixed list.
var dropDowns = map[string][]string{
	"Band":        bandNames(),
	"Kind":        enumNames(model.Kinds),
	"Mode":        enumNames(model.Modes),
	"Priority":    {"1", "2", "3", "4"},
	"Remote Only": {"Yes", "No"},
	"Active":      {"Yes", "No"},
	"On-site":     {"Yes", "No"},
	"Pinned":      {"Yes", "No"},
	"Region":      model.RegionNames,
}

// columnNotes explain the columns whose form is not obvious; they show as cell comments.
var columnNotes = map[string]string{
	"Staff ID":          "Unique; kept exactly as written. The column is formatted as text so that 00123 keeps its zeros: do not change it to a number format.",
	"Phone":             "Formatted as text so that a leading 0 is kept.",
	"Home Organisation": "The employer's ODS code, e.g. RR8.",
	"Trust":             "The host trust's ODS code, e.g. RJ1.",
	"Skills":            "Skill:level; … with levels 1 (aware) to 5 (expert), e.g. Data migration:4; Training:2. See the Lists sheet for known names.",
	"Systems":           "Supplier systems worked on, separated by ; (see the Lists sheet).",
	"Clearances":        "On Associates: Type:expiry date; … e.g. DBS:31/03/2027. On Roles: the types needed, separated by ;.",
	"Max Days Per Year": "Working days the employer releases per financial year (April to March). Default 30.",
	"Day Rate":          "£ per day reimbursed to the employer. Blank: the band's rate.",
	"Start":             "A date: dd/mm/yyyy.",
	"End":               "A date: dd/mm/yyyy, on or after Start.",
	"From":              "A date: dd/mm/yyyy.",
	"To":                "A date: dd/mm/yyyy.",
	"Headcount":         "Seats to fill; default 1.",
	"Priority":          "1 (highest) to 4; default 1 for Emergency, else 3.",
}

// textColumns are typed as text: Excel would turn 00123 into the number 123.
var textColumns = map[string]bool{"Staff ID": true, "Phone": true}

func (w *workbook) decorateTemplateSheet(sheet string, cols []column) error {
	for i, c := range cols {
		colName := letter(i)
		if note, ok := columnNotes[c.name]; ok {
			if err := w.f.AddComment(sheet, excelize.Comment{Cell: colName + "1", Author: "Associate Planner",
				Paragraph: []excelize.RichTextRun{{Text: note}}}); err != nil {
				return err
			}
		}
		if textColumns[c.name] {
			if err := w.f.SetColStyle(sheet, colName, w.text); err != nil {
				return err
			}
		}
		if err := w.dropDown(sheet, colName, c.name); err != nil {
			return err
		}
	}
	return nil
}

// dropDown limits a column to its list of values, if it has one. Every program refuses
// a value not in the list only when the error message is switched on (Gnumeric drops a
// list without it).
func (w *workbook) dropDown(sheet, colName, name string) error {
	values, ok := dropDowns[name]
	if name == "Status" {
		values, ok = statusValues(sheet), true
	}
	if !ok {
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", colName, colName, templateRows)
	if err := dv.SetDropList(values); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, name+": not in the list",
		fmt.Sprintf("%s must be one of: %s.", name, strings.Join(values, ", ")))
	return w.f.AddDataValidation(sheet, dv)
}

// plainSheet adds a sheet with a styled, frozen header row, written cell by cell.
func (w *workbook) plainSheet(name string, headers []string) error {
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = h
	}
	if err := w.f.SetSheetRow(name, "A1", &row); err != nil {
		return err
	}
	last := letter(len(headers) - 1)
	if err := w.f.SetCellStyle(name, "A1", last+"1", w.header); err != nil {
		return err
	}
	for i, h := range headers {
		if err := w.f.SetColWidth(name, letter(i), letter(i), max(18, headerWidth(h))); err != nil {
			return err
		}
	}
	if err := w.f.SetSheetDimension(name, "A1:"+last+"1"); err != nil {
		return err
	}
	if err := w.printable(name, last, 0); err != nil {
		return err
	}
	return w.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func statusValues(sheet string) []string {
	if sheet == sheetAssignments {
		return enumNames(model.AssignmentStatuses)
	}
	return enumNames(model.RequestStatuses)
}

func writeLists(w *workbook, v *model.Vocabulary) error {
	skills, systems, clearances := model.Names(v.Skills), model.Names(v.Systems), model.Names(v.Clearances)
	n := max(len(skills), len(systems), len(clearances))
	s, err := w.sheet(sheetLists, []string{"Skills", "Systems", "Clearances"}, n, 36, 36, 24)
	if err != nil {
		return err
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	for i := range n {
		if err := s.add(at(skills, i), at(systems, i), at(clearances, i)); err != nil {
			return err
		}
	}
	return s.done()
}

// guideLines are the Guide sheet's notes on filling the template in.
var guideLines = []string{
	"One row per associate, unavailability period, request, role or assignment, on its own sheet. Keep the header row.",
	"Staff IDs are text: type them exactly, leading zeros and all (00123). The Staff ID columns are formatted as text to keep them.",
	"Dates: dd/mm/yyyy (or real date cells). Dates are never read month first.",
	"Codes are NHS ODS codes (RR8, RJ1…). Organisations must be known: import the NHS trust list or fill the Organisations sheet.",
	"Lists inside a cell are separated by ;  Skills are Skill:level with levels 1 (aware) to 5 (expert).",
	"Yes/No cells accept Yes/No, Y/N, True/False or 1/0. Columns with a drop-down accept only its values.",
	"Rows are matched by key (Staff ID; Ref; Request Ref + Role; …): an existing row is updated, a new one added.",
	"If any row has a problem nothing is imported, and the report names the sheet, row and column of each.",
	"One sheet can also be saved on its own as CSV UTF-8 and imported: its header row says which sheet it is.",
}

func writeGuide(w *workbook) error {
	s, err := w.sheet(sheetGuide, []string{"How to fill in this roster workbook"}, len(guideLines), 110)
	if err != nil {
		return err
	}
	for _, line := range guideLines {
		if err := s.add(line); err != nil {
			return err
		}
	}
	return s.done()
}

func bandNames() []string {
	out := make([]string, len(model.Bands))
	for i, b := range model.Bands {
		out[i] = strings.ToUpper(string(b))
	}
	return out
}

func enumNames[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
