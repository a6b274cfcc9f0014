package importers

import (
	"fmt"

	"associateplanner/model"
)

// ExportPlan writes a plan as a workbook: Assignments (the roster's columns, with name,
// organisations, days and cost), Unfilled (each short role with the reasons), Utilisation
// (days used and left per associate per financial year) and Budget (committed and
// proposed spend per financial year against the annual budget).
func ExportPlan(d *model.Data, as []model.Assignment, short []model.Shortfall, path string) error {
	w, err := newWorkbook(path)
	if err != nil {
		return fmt.Errorf("export plan: %w", err)
	}
	idx, cal := model.NewIndex(d), model.NewCalendar(d.Closures)
	steps := []func() error{
		func() error { return writeAssignments(w, d, as, idx, cal) },
		func() error { return writeUnfilled(w, short) },
		func() error { return writeUtilisation(w, model.Utilisation(d, idx, cal, as)) },
		func() error { return writeBudget(w, model.SpendByYear(d, idx, cal, as)) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("export plan %s: %w", path, err)
		}
	}
	if err := w.save(path); err != nil {
		return fmt.Errorf("export plan %s: %w", path, err)
	}
	return nil
}

func writeUnfilled(w *workbook, short []model.Shortfall) error {
	s, err := w.sheet("Unfilled", []string{"Request Ref", "Role", "Priority", "Seats Unfilled", "Reasons"}, len(short), 15, 32, 9, 14, 120)
	if err != nil {
		return err
	}
	for _, u := range short {
		if err := s.add(u.RequestRef, u.Role, u.Priority, u.Seats, wrappedCell(u.Reasons)); err != nil {
			return err
		}
	}
	return s.done()
}

func writeUtilisation(w *workbook, uses []model.Use) error {
	s, err := w.sheet("Utilisation", []string{"Staff ID", "Name", "Financial Year", "Max Days", "Days Used", "Days Left"}, len(uses), 12, 28, 14, 10, 10, 10)
	if err != nil {
		return err
	}
	for _, u := range uses {
		if err := s.add(textCell(u.StaffID), u.Name, u.Label, u.Cap, u.Used, u.Left()); err != nil {
			return err
		}
	}
	return s.done()
}

func writeBudget(w *workbook, years []model.YearSpend) error {
	s, err := w.sheet("Budget", []string{"Financial Year", "Committed (£)", "Proposed (£)", "Total (£)", "Annual Budget (£)", "Left (£)"}, len(years), 14, 16, 16, 16, 18, 16)
	if err != nil {
		return err
	}
	for _, y := range years {
		if err := s.add(y.Label, y.Committed, y.Proposed, y.Committed+y.Proposed, y.Budget, y.Left()); err != nil {
			return err
		}
	}
	return s.done()
}
