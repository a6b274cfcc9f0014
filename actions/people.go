package actions

import (
	"fmt"

	"associateplanner/model"
)

// DaysUsed says how many of an associate's released days this financial year's secondments
// take: "2026/27: 25 of 60 days released used (35 left)".
func DaysUsed(v *View, a *model.Associate, today model.Date) string {
	fy := model.FinancialYear(today)
	used := 0
	cal := model.NewCalendar(v.Data.Closures)
	for _, x := range v.Data.Assignments {
		if x.StaffID != a.StaffID || !x.Holds() {
			continue
		}
		for _, yd := range cal.WorkingDaysByYear(x.Period) {
			if yd.Year == fy {
				used += yd.Days
			}
		}
	}
	return fmt.Sprintf("%s: %d of %d days released used (%d left)", model.FinancialYearLabel(fy), used, a.MaxDays, a.MaxDays-used)
}

// Experience lists the systems an associate has worked on in completed secondments.
func Experience(v *View, staffID string) []string { return model.Experience(v.Data, v.Index, staffID) }
