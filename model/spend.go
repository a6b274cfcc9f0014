package model

import (
	"cmp"
	"slices"
)

// YearSpend is secondment spend in one financial year against the annual budget.
type YearSpend struct {
	Year      int    `json:"year"`
	Label     string `json:"label"`          // "2026/27"
	Committed Pence  `json:"committedPence"` // Confirmed, Active and Completed assignments
	Proposed  Pence  `json:"proposedPence"`
	Budget    Pence  `json:"budgetPence"`
}

// Left is the budget less committed and proposed spend.
func (y YearSpend) Left() Pence { return y.Budget - y.Committed - y.Proposed }

// Cost is what an assignment reimburses: the associate's day rate × working days.
func Cost(d *Data, cal *Calendar, a *Associate, p Period) Pence {
	return d.Settings.RateFor(a) * Pence(cal.WorkingDays(p.From, p.To))
}

// SpendByYear sums the cost of assignments (Withdrawn ones aside) per financial year.
func SpendByYear(d *Data, idx *Index, cal *Calendar, as []Assignment) []YearSpend {
	years := map[int]*YearSpend{}
	for _, a := range as {
		p := idx.Associate[a.StaffID]
		if p == nil || !a.Holds() {
			continue
		}
		for _, yd := range cal.WorkingDaysByYear(a.Period) {
			y := years[yd.Year]
			if y == nil {
				y = &YearSpend{Year: yd.Year, Label: FinancialYearLabel(yd.Year), Budget: d.Settings.AnnualBudget}
				years[yd.Year] = y
			}
			spend := d.Settings.RateFor(p) * Pence(yd.Days)
			if a.Status == Proposed {
				y.Proposed += spend
			} else {
				y.Committed += spend
			}
		}
	}
	out := make([]YearSpend, 0, len(years))
	for _, y := range years {
		out = append(out, *y)
	}
	slices.SortFunc(out, func(a, b YearSpend) int { return cmp.Compare(a.Year, b.Year) })
	return out
}

// Use is how many of an associate's released days one financial year's assignments take.
type Use struct {
	StaffID string
	Name    string
	Year    int
	Label   string
	Cap     int
	Used    int
}

// Left is the cap less the days used (negative when over).
func (u Use) Left() int { return u.Cap - u.Used }

// Utilisation returns, for every associate with assignments, the days used and left per
// financial year, in register order.
func Utilisation(d *Data, idx *Index, cal *Calendar, as []Assignment) []Use {
	used := map[string]map[int]int{}
	for _, a := range as {
		if !a.Holds() {
			continue
		}
		if used[a.StaffID] == nil {
			used[a.StaffID] = map[int]int{}
		}
		for _, yd := range cal.WorkingDaysByYear(a.Period) {
			used[a.StaffID][yd.Year] += yd.Days
		}
	}
	var out []Use
	for _, p := range d.Associates {
		years := used[p.StaffID]
		keys := make([]int, 0, len(years))
		for y := range years {
			keys = append(keys, y)
		}
		slices.Sort(keys)
		for _, y := range keys {
			out = append(out, Use{StaffID: p.StaffID, Name: p.Name, Year: y, Label: FinancialYearLabel(y), Cap: p.MaxDays, Used: years[y]})
		}
	}
	return out
}

// Shortfall is a role a plan leaves short of people, and why.
type Shortfall struct {
	RequestRef string
	Role       string
	Priority   int
	Seats      int    // empty seats
	Reasons    string // "412 associates: 380 lack the skills; …" and the nearest candidates
}
