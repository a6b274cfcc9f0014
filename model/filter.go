package model

// AssociateFilter narrows the associates list; zero fields do not filter.
type AssociateFilter struct {
	Region   string
	Band     Band
	Skill    string
	MinLevel int    // with Skill: at least this level (default 1)
	Free     Period // free on every day of this span: no leave, no assignment that holds days
}

// Apply keeps the rows (indexes into d.Associates) that pass the filter.
func (f AssociateFilter) Apply(d *Data, idx *Index, rows []int) []int {
	var busy map[string][]Period
	if !f.Free.From.IsZero() && !f.Free.To.IsZero() {
		busy = Commitments(d)
	}
	out := rows[:0:0]
	for _, i := range rows {
		a := &d.Associates[i]
		if f.Region != "" && idx.RegionOf(a) != f.Region || f.Band != "" && a.Band != f.Band {
			continue
		}
		if f.Skill != "" && a.SkillLevelOf(f.Skill) < max(f.MinLevel, 1) {
			continue
		}
		if busy != nil && !isFree(a.StaffID, f.Free, idx, busy) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// Commitments maps each Staff ID to the periods their assignments hold (all but Withdrawn).
func Commitments(d *Data) map[string][]Period {
	busy := map[string][]Period{}
	for _, a := range d.Assignments {
		if a.Holds() {
			busy[a.StaffID] = append(busy[a.StaffID], a.Period)
		}
	}
	return busy
}

func isFree(staffID string, p Period, idx *Index, busy map[string][]Period) bool {
	for _, u := range idx.Unavailable[staffID] {
		if u.Overlaps(p) {
			return false
		}
	}
	for _, b := range busy[staffID] {
		if b.Overlaps(p) {
			return false
		}
	}
	return true
}

// OnSecondment returns the assignments under way on day d (Confirmed or Active).
func OnSecondment(data *Data, day Date) []Assignment {
	var out []Assignment
	for _, a := range data.Assignments {
		if a.Status.IsCommitment() && a.Contains(day) {
			out = append(out, a)
		}
	}
	return out
}

// ClearanceAlert is a clearance that has expired or expires soon.
type ClearanceAlert struct {
	StaffID, Name string
	Clearance
	Expired bool
}

// ClearanceAlerts lists clearances of active associates expired by today or expiring within
// days, soonest first.
func ClearanceAlerts(d *Data, today Date, days int) []ClearanceAlert {
	var out []ClearanceAlert
	for _, a := range d.Associates {
		if !a.Active {
			continue
		}
		for _, c := range a.Clearances {
			if c.Expiry <= today+Date(days) {
				out = append(out, ClearanceAlert{StaffID: a.StaffID, Name: a.Name, Clearance: c, Expired: c.Expiry < today})
			}
		}
	}
	sortBy(out, func(x ClearanceAlert) Date { return x.Expiry })
	return out
}

// OnLeave returns the unavailability periods that touch the span.
func OnLeave(d *Data, p Period) []Unavailability {
	var out []Unavailability
	for _, u := range d.Unavailability {
		if u.Overlaps(p) {
			out = append(out, u)
		}
	}
	return out
}
