package model

import (
	"fmt"
	"slices"
)

// Experience lists the supplier systems an associate has worked on in secondments completed
// through the register, with the request each came from: "Epic (REQ-2026-014)". It is
// derived from the assignments, apart from the Systems that HR's roster sends, so that the
// next roster import cannot wipe it.
func Experience(d *Data, idx *Index, staffID string) []string {
	var out []string
	for _, a := range d.Assignments {
		if a.StaffID != staffID || a.Status != Completed {
			continue
		}
		if q := idx.Request[a.RequestRef]; q != nil && q.System != "" {
			out = append(out, fmt.Sprintf("%s (%s)", q.System, q.Ref))
		}
	}
	return slices.Compact(out)
}
