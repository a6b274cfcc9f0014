package importers

import (
	"fmt"

	"associateplanner/model"
)

// ExportAudit writes audit trail entries, newest first, as a workbook.
func ExportAudit(entries []model.AuditEntry, path string) error {
	w, err := newWorkbook()
	if err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	s, err := w.sheet("Audit", []string{"At (UTC)", "User", "Entity", "Key", "Change", "Before", "After"}, 24, 14, 18, 40, 10, 80, 80)
	if err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	for _, e := range entries {
		if err := s.add(e.At, e.User, e.Entity, e.Key, e.Change, e.Before, e.After); err != nil {
			return fmt.Errorf("export audit: %w", err)
		}
	}
	if err := s.done(); err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	return w.save(path)
}
