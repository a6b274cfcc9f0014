package importers

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// workbook wraps an excelize file being written, with the app's styles. Every sheet is
// set up for people who print and filter: a named sans font (LibreOffice draws a nameless
// one in a serif), the header frozen, filtered and repeated on every printed page, the page
// landscape and one page wide.
type workbook struct {
	f        *excelize.File
	header   int // header cells
	date     int // dd/mm/yyyy
	dateTime int // dd/mm/yyyy hh:mm:ss
	money    int // £
	text     int // text as typed: Staff IDs, and text a spreadsheet would take for a formula
	wrap     int // long text, wrapped
}

// font is the workbook's font: every spreadsheet program has it or a metric twin.
const font = "Arial"

// newWorkbook starts a workbook to be saved at path, refusing first, before any work, a
// path it must not be saved at (see checkExportPath).
func newWorkbook(path string) (*workbook, error) {
	if err := checkExportPath(path); err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	w := &workbook{f: f}
	if err := f.SetDefaultFont(font); err != nil {
		return nil, err
	}
	dateFmt, dateTimeFmt, moneyFmt := "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss", `"£"#,##0.00`
	styles := []struct {
		id    *int
		style excelize.Style
	}{
		{&w.header, excelize.Style{Font: &excelize.Font{Family: font, Bold: true, Color: "FFFFFF"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"005EB8"}}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&w.date, excelize.Style{CustomNumFmt: &dateFmt}},
		{&w.dateTime, excelize.Style{CustomNumFmt: &dateTimeFmt}},
		{&w.money, excelize.Style{CustomNumFmt: &moneyFmt}},
		{&w.text, excelize.Style{NumFmt: 49}}, // "@": what is typed stays text
		{&w.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	// Excel's "quote prefix": the cell is text even when what is typed over it looks like
	// a number or a formula, and no apostrophe becomes part of the value. excelize has no
	// option for it, so it is set on the style's record directly.
	quote := true
	f.Styles.CellXfs.Xf[w.text].QuotePrefix = &quote
	return w, nil
}

// sheetWriter streams one sheet's rows.
type sheetWriter struct {
	w   *workbook
	sw  *excelize.StreamWriter
	row int
}

// sheet starts a sheet of n data rows under a header row. Each column is as wide as
// widths says, or as its header needs.
func (w *workbook) sheet(name string, headers []string, n int, widths ...float64) (*sheetWriter, error) {
	if _, err := w.f.NewSheet(name); err != nil {
		return nil, err
	}
	last := letter(len(headers) - 1)
	// The used range and page set-up are written when streaming starts, so set them first.
	if err := w.f.SetSheetDimension(name, fmt.Sprintf("A1:%s%d", last, n+1)); err != nil {
		return nil, err
	}
	if err := w.fitToPage(name); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	if err := w.printable(name, last, n); err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, h := range headers {
		wd := headerWidth(h)
		if i < len(widths) {
			wd = max(wd, widths[i])
		}
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	s := &sheetWriter{w: w, sw: sw}
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: w.header, Value: h}
	}
	return s, s.add(cells...)
}

// printable filters the header row and prints the sheet landscape, one page wide, with
// the header row on every page. (For a streamed sheet, whose sheet properties are written
// when streaming starts, fitToPage must be set before as well.)
func (w *workbook) printable(name, last string, n int) error {
	if last != "A" {
		if err := w.f.AutoFilter(name, fmt.Sprintf("A1:%s%d", last, n+1), nil); err != nil {
			return err
		}
	}
	if err := w.fitToPage(name); err != nil { // after AutoFilter, which replaces the properties
		return err
	}
	wide, tall := 1, 0 // 0: as many pages tall as it takes
	if err := w.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: stringPtr("landscape"),
		FitToWidth: &wide, FitToHeight: &tall, Size: intPtr(9)}); err != nil { // 9: A4
		return err
	}
	return w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", name), Scope: name})
}

func (w *workbook) fitToPage(name string) error {
	fit := true
	return w.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func stringPtr(s string) *string { return &s }
func intPtr(i int) *int          { return &i }

// headerWidth is the width, in characters, a bold header with a filter button needs.
func headerWidth(h string) float64 {
	return float64(utf8.RuneCountInString(h))*1.15 + 4
}

// Cell kinds that add writes with a style of their own.
type (
	textCell    string // always text (Staff IDs: 00123 must not become 123)
	wrappedCell string // long text, wrapped
	dateTime    time.Time
)

// add writes the next row. Text that a spreadsheet would take for a formula or a number
// gets the text style; Dates become date cells (blank when zero), Pence a £ number.
func (s *sheetWriter) add(values ...any) error {
	cells := make([]any, len(values))
	for i, v := range values {
		switch x := v.(type) {
		case string:
			cells[i] = x
			if formulaLike(x) {
				cells[i] = excelize.Cell{StyleID: s.w.text, Value: x}
			}
		case textCell:
			cells[i] = excelize.Cell{StyleID: s.w.text, Value: string(x)}
		case wrappedCell:
			cells[i] = excelize.Cell{StyleID: s.w.wrap, Value: string(x)}
		case model.Date:
			if x.IsZero() {
				cells[i] = nil
			} else {
				cells[i] = excelize.Cell{StyleID: s.w.date, Value: int(x)}
			}
		case dateTime:
			cells[i] = excelize.Cell{StyleID: s.w.dateTime, Value: serial(time.Time(x))}
		case model.Pence:
			cells[i] = excelize.Cell{StyleID: s.w.money, Value: x.Float()}
		default:
			cells[i] = v
		}
	}
	s.row++
	axis, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(axis, cells)
}

// formulaLike reports text that a spreadsheet would run as a formula if typed: in a
// workbook a text cell never is one, but the quote-prefix style keeps it text when edited.
func formulaLike(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// excelEpoch is day 0 of Excel's 1900 date system (as Excel counts, past its 1900 leap day).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is t as an Excel date-time number, to the second.
func serial(t time.Time) float64 {
	return float64(t.Sub(excelEpoch).Round(time.Second)) / float64(24*time.Hour)
}

// done ends the sheet; the rows written must be the n it was started with.
func (s *sheetWriter) done() error {
	return s.sw.Flush()
}

// checkExportPath refuses a path that is neither an ordinary file nor a new name (a folder,
// a device, the register: see atomicfile.Writable), and a name not ending in .xlsx: every
// export is an Excel workbook, and one named out.csv opens in no program as what its name
// says.
func checkExportPath(path string) error {
	if err := atomicfile.Writable(path); err != nil {
		return err
	}
	if ext := filepath.Ext(path); !strings.EqualFold(ext, ".xlsx") {
		return model.Errorf(model.EINVALID, "%s: exports are Excel workbooks, so the name must end in .xlsx (such as %s)",
			path, strings.TrimSuffix(path, ext)+".xlsx")
	}
	return nil
}

// save removes the default empty sheet and writes the file.
func (w *workbook) save(path string) error {
	if idx, _ := w.f.GetSheetIndex("Sheet1"); idx >= 0 && len(w.f.GetSheetList()) > 1 {
		if err := w.f.DeleteSheet("Sheet1"); err != nil {
			return err
		}
	}
	w.f.SetActiveSheet(0)
	if err := atomicfile.Write(path, func(out io.Writer) error { return w.f.Write(out) }); err != nil {
		return err
	}
	return w.f.Close()
}

// ExportRoster writes the whole register as a roster workbook that imports again unchanged.
func ExportRoster(d *model.Data, path string) error {
	w, err := newWorkbook(path)
	if err != nil {
		return fmt.Errorf("export roster: %w", err)
	}
	cal := model.NewCalendar(d.Closures)
	idx := model.NewIndex(d)
	for _, write := range []func(*workbook, *model.Data) error{
		writeOrganisations, writeAssociates, writeUnavailability, writeRequests, writeRoles,
		func(w *workbook, d *model.Data) error { return writeAssignments(w, d, d.Assignments, idx, cal) },
	} {
		if err := write(w, d); err != nil {
			return fmt.Errorf("export roster %s: %w", path, err)
		}
	}
	if err := w.save(path); err != nil {
		return fmt.Errorf("export roster %s: %w", path, err)
	}
	return nil
}

func names(cols []column) []string {
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		out = append(out, c.name)
	}
	return out
}

func writeOrganisations(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetOrganisations, names(organisationColumns), len(d.Organisations), 10, 50, 24, 12, 12, 12)
	if err != nil {
		return err
	}
	for _, o := range d.Organisations {
		if err := s.add(o.Code, o.Name, o.Region, o.Postcode, o.Opened, o.Closed); err != nil {
			return err
		}
	}
	return s.done()
}

func writeAssociates(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetAssociates, names(associateColumns), len(d.Associates), 12, 28, 30, 16, 12, 8, 50, 36, 36, 10, 10, 8, 8, 22, 30)
	if err != nil {
		return err
	}
	for _, a := range d.Associates {
		var rate any = ""
		if a.DayRate > 0 {
			rate = a.DayRate
		}
		err := s.add(textCell(a.StaffID), a.Name, a.Email, textCell(a.Phone), a.HomeOrg, string(a.Band), model.FormatSkills(a.Skills),
			model.JoinList(a.Systems), model.FormatClearances(a.Clearances), a.MaxDays, rate,
			model.YesNo(a.RemoteOnly), model.YesNo(a.Active), a.Region, a.Notes)
		if err != nil {
			return err
		}
	}
	return s.done()
}

func writeUnavailability(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetUnavailability, names(unavailabilityColumns), len(d.Unavailability), 12, 12, 12, 30)
	if err != nil {
		return err
	}
	for _, u := range d.Unavailability {
		if err := s.add(textCell(u.StaffID), u.From, u.To, u.Reason); err != nil {
			return err
		}
	}
	return s.done()
}

func writeRequests(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetRequests, names(requestColumns), len(d.Requests), 15, 8, 40, 14, 8, 20, 12, 12, 10, 10, 24, 30)
	if err != nil {
		return err
	}
	for _, q := range d.Requests {
		err := s.add(q.Ref, q.Trust, q.Title, string(q.Kind), q.Priority, q.System, q.From, q.To,
			string(q.Mode), string(q.Status), q.HostName, q.HostEmail)
		if err != nil {
			return err
		}
	}
	return s.done()
}

func writeRoles(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetRoles, names(roleColumns), len(d.Roles), 15, 32, 10, 40, 20, 12, 12, 8)
	if err != nil {
		return err
	}
	for _, r := range d.Roles {
		err := s.add(r.RequestRef, r.Name, r.Headcount, model.FormatSkills(r.Skills),
			model.JoinList(r.Clearances), r.From, r.To, model.YesNo(r.OnSite))
		if err != nil {
			return err
		}
	}
	return s.done()
}

func writeAssignments(w *workbook, d *model.Data, as []model.Assignment, idx *model.Index, cal *model.Calendar) error {
	s, err := w.sheet(sheetAssignments, names(assignmentColumns), len(as), 15, 32, 12, 12, 12, 11, 30, 8, 28, 12, 8, 6, 12)
	if err != nil {
		return err
	}
	for _, a := range as {
		var name, home, trust string
		var cost model.Pence
		days := cal.WorkingDays(a.From, a.To)
		if p := idx.Associate[a.StaffID]; p != nil {
			name, home = p.Name, p.HomeOrg
			cost = model.Cost(d, cal, p, a.Period)
		}
		if q := idx.Request[a.RequestRef]; q != nil {
			trust = q.Trust
		}
		err := s.add(a.RequestRef, a.Role, textCell(a.StaffID), a.From, a.To, string(a.Status), a.Reason, model.YesNo(a.Pinned),
			name, home, trust, days, cost)
		if err != nil {
			return err
		}
	}
	return s.done()
}
