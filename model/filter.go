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
	fit := f.fitness(d, idx)
	out := rows[:0:0]
	for _, i := range rows {
		a := &d.Associates[i]
		if f.Region != "" && idx.RegionOf(a) != f.Region || f.Band != "" && a.Band != f.Band {
			continue
		}
		if fit != nil && !fit.passes(i, a, idx) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// fitness judges the filter's skill and free dates as the hard rules judge a role that
// needs that skill over those dates: rules 2 (skills), 6 (leave) and 7 (no double
// booking, against every assignment that holds days).
type fitness struct {
	check Checker
	post  Post
	n     *Numbering
	rules RuleSet
}

// fitness returns nil when the filter asks for neither a skill nor free dates.
func (f AssociateFilter) fitness(d *Data, idx *Index) *fitness {
	role := &Role{}
	fit := &fitness{n: NewNumbering(), post: Post{Role: role, Request: &Request{}}}
	if f.Skill != "" {
		role.Skills = []SkillLevel{{Skill: f.Skill, Level: max(f.MinLevel, 1)}}
		fit.rules |= RulesOf(RuleSkills)
	}
	if !f.Free.From.IsZero() && !f.Free.To.IsZero() {
		role.Period, fit.post.Period = f.Free, f.Free
		fit.rules |= RulesOf(RuleUnavailable, RuleDoubleBooking)
		fit.check.Plan = holdings(d)
	}
	if fit.rules == 0 {
		return nil
	}
	fit.n.NumberPost(&fit.post)
	return fit
}

// passes reports whether associate a, row i of the register, meets the filter.
func (fit *fitness) passes(i int, a *Associate, idx *Index) bool {
	p := Person{ID: i, Associate: a, Leave: LeavePeriods(idx.Unavailable[a.StaffID])}
	fit.n.NumberPerson(&p)
	return fit.check.First(&p, &fit.post, fit.rules) == 0
}

// holdings books every assignment that holds days, each person known by their row in
// d.Associates.
func holdings(d *Data) *ledger {
	row := make(map[string]int, len(d.Associates))
	for i, a := range d.Associates {
		row[a.StaffID] = i
	}
	l := newLedger()
	for _, a := range d.Assignments {
		if i, ok := row[a.StaffID]; ok && a.Holds() {
			l.busy(i, Booking{a.RequestRef, a.Role, a.Period})
		}
	}
	return l
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
