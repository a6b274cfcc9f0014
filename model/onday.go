package model

// OnDay returns the register as planning sees it on day today. A seat-holder cannot start in
// the past: a role under way is planned from today, and a role already over has no seat left
// to plan (its headcount is what its kept assignments hold). Commitments, completed work and
// pinned proposals stay as they are; d is not changed.
func (d *Data) OnDay(today Date) *Data {
	out := *d
	out.Roles = make([]Role, len(d.Roles))
	copy(out.Roles, d.Roles)
	for i := range out.Roles {
		r := &out.Roles[i]
		switch {
		case r.To < today:
			r.Headcount = keptIn(d, r.Key())
		case r.From < today:
			r.From = today
		}
	}
	return &out
}

// keptIn counts the assignments of a role that planning keeps: commitments, completed work
// and pinned proposals.
func keptIn(d *Data, k RoleKey) int {
	n := 0
	for _, a := range d.Assignments {
		if a.RoleKey() == k && a.Holds() && (a.Status != Proposed || a.Pinned) {
			n++
		}
	}
	return n
}
