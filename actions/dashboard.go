package actions

import (
	"cmp"
	"slices"

	"associateplanner/model"
)

// Figures are what a coordinator checks first, each with the list behind it.
type Figures struct {
	OpenByPriority [5]int                 // open requests by priority, 1 to 4
	EmptyEmergency int                    // empty seats of emergency requests in the saved plan
	Away           []model.Assignment     // on secondment today (Confirmed or Active)
	Spend          model.YearSpend        // this financial year against the budget
	Alerts         []Alert                // clearances expired or expiring within AlertDays, the most urgent first
	Leave          []model.Unavailability // leave this week, Monday to Sunday
}

// AlertDays is how far ahead the dashboard warns of clearances expiring.
const AlertDays = 60

// Open counts the open requests.
func (f Figures) Open() int {
	n := 0
	for _, c := range f.OpenByPriority {
		n += c
	}
	return n
}

// Dashboard computes the figures of a view on a day.
func Dashboard(v *View, today model.Date) Figures {
	var f Figures
	for _, q := range v.Data.Requests {
		if q.Status == model.RequestOpen {
			f.OpenByPriority[q.Priority]++
		}
	}
	for _, s := range v.Plan.Unfilled {
		if q := v.Index.Request[s.RequestRef]; q != nil && q.Kind == model.KindEmergency {
			f.EmptyEmergency += s.Seats
		}
	}
	f.Away = model.OnSecondment(v.Data, today)
	fy := model.FinancialYear(today)
	f.Spend = model.YearSpend{Year: fy, Label: model.FinancialYearLabel(fy), Budget: v.Data.Settings.AnnualBudget}
	for _, y := range model.SpendByYear(v.Data, v.Index, model.NewCalendar(v.Data.Closures), v.Data.Assignments) {
		if y.Year == fy {
			f.Spend = y
		}
	}
	f.Alerts = alerts(v.Data, today)
	monday := today - model.Date((int(today.Weekday())+6)%7)
	f.Leave = model.OnLeave(v.Data, model.Period{From: monday, To: monday + 6})
	return f
}

// Alert is a clearance expired or expiring, and whether its holder is booked on a
// secondment still to come or under way.
type Alert struct {
	model.ClearanceAlert
	Booked bool
}

// alerts lists the clearances to renew, the most urgent first: expired ones of people booked
// on a secondment, then other expired ones, then those expiring, each soonest first.
func alerts(d *model.Data, today model.Date) []Alert {
	booked := map[string]bool{}
	for _, a := range d.Assignments {
		if a.Holds() && a.Status != model.Completed && a.To >= today {
			booked[a.StaffID] = true
		}
	}
	var out []Alert
	for _, c := range model.ClearanceAlerts(d, today, AlertDays) {
		out = append(out, Alert{ClearanceAlert: c, Booked: booked[c.StaffID]})
	}
	rank := func(a Alert) int {
		switch {
		case a.Expired && a.Booked:
			return 0
		case a.Expired:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b Alert) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Expiry, b.Expiry)) })
	return out
}
