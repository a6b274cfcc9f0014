package importers

import (
	"fmt"
	"time"

	"associateplanner/model"
)

// ExportAudit writes audit trail entries, newest first, as a workbook.
func ExportAudit(entries []model.AuditEntry, path string) error {
	w, err := newWorkbook(path)
	if err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	s, err := w.sheet("Audit", []string{"At (UTC)", "User", "Entity", "Key", "Change", "Before", "After"}, len(entries), 20, 14, 18, 40, 10, 80, 80)
	if err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	for _, e := range entries {
		if err := s.add(auditTime(e.At), e.User, e.Entity, e.Key, e.Change, e.Before, e.After); err != nil {
			return fmt.Errorf("export audit: %w", err)
		}
	}
	if err := s.done(); err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	return w.save(path)
}

// auditTime is an entry's time as a date-time cell; text the register wrote in another
// form stays as it is.
func auditTime(at string) any {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return at
	}
	return dateTime(t)
}
