package importers

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// workbook wraps an excelize file being written, with the app's styles.
type workbook struct {
	f      *excelize.File
	header int // style of header cells
	date   int // style of date cells: dd/mm/yyyy
	money  int // style of £ cells
}

func newWorkbook() (*workbook, error) {
	f := excelize.NewFile()
	w := &workbook{f: f}
	var err error
	if w.header, err = f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"005EB8"}},
	}); err != nil {
		return nil, err
	}
	dateFmt := "dd/mm/yyyy"
	if w.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	moneyFmt := `"£"#,##0.00`
	w.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	return w, err
}

// sheetWriter streams one sheet's rows.
type sheetWriter struct {
	w   *workbook
	sw  *excelize.StreamWriter
	row int
}

// sheet starts a sheet with a header row, frozen so it stays in view.
func (w *workbook) sheet(name string, headers []string, widths ...float64) (*sheetWriter, error) {
	if _, err := w.f.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, wd := range widths {
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

// add writes the next row. Strings are neutralised, Dates become date cells (blank when
// zero), Pence becomes a £ number.
func (s *sheetWriter) add(values ...any) error {
	cells := make([]any, len(values))
	for i, v := range values {
		switch x := v.(type) {
		case string:
			cells[i] = neutralise(x)
		case model.Date:
			if x.IsZero() {
				cells[i] = nil
			} else {
				cells[i] = excelize.Cell{StyleID: s.w.date, Value: int(x)}
			}
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

func (s *sheetWriter) done() error { return s.sw.Flush() }

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
	w, err := newWorkbook()
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
	s, err := w.sheet(sheetOrganisations, names(organisationColumns), 10, 50, 24, 12, 12, 12)
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
	s, err := w.sheet(sheetAssociates, names(associateColumns), 12, 28, 30, 16, 12, 8, 50, 36, 36, 10, 10, 8, 8, 22, 30)
	if err != nil {
		return err
	}
	for _, a := range d.Associates {
		var rate any = ""
		if a.DayRate > 0 {
			rate = a.DayRate
		}
		err := s.add(a.StaffID, a.Name, a.Email, a.Phone, a.HomeOrg, string(a.Band), model.FormatSkills(a.Skills),
			model.JoinList(a.Systems), model.FormatClearances(a.Clearances), a.MaxDays, rate,
			model.YesNo(a.RemoteOnly), model.YesNo(a.Active), a.Region, a.Notes)
		if err != nil {
			return err
		}
	}
	return s.done()
}

func writeUnavailability(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetUnavailability, names(unavailabilityColumns), 12, 12, 12, 30)
	if err != nil {
		return err
	}
	for _, u := range d.Unavailability {
		if err := s.add(u.StaffID, u.From, u.To, u.Reason); err != nil {
			return err
		}
	}
	return s.done()
}

func writeRequests(w *workbook, d *model.Data) error {
	s, err := w.sheet(sheetRequests, names(requestColumns), 15, 8, 40, 14, 8, 20, 12, 12, 10, 10, 24, 30)
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
	s, err := w.sheet(sheetRoles, names(roleColumns), 15, 32, 10, 40, 20, 12, 12, 8)
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
	s, err := w.sheet(sheetAssignments, names(assignmentColumns), 15, 32, 12, 12, 12, 11, 8, 28, 12, 8, 6, 12)
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
		err := s.add(a.RequestRef, a.Role, a.StaffID, a.From, a.To, string(a.Status), model.YesNo(a.Pinned),
			name, home, trust, days, cost)
		if err != nil {
			return err
		}
	}
	return s.done()
}
