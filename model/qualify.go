package model

// Qualifies reports whether an associate meets planning.md's rules for one role on their
// own (rules 1 to 6: active, skills, clearances valid to the role's end, not their own
// employer, not remote-only for on-site work, no leave in the role's dates) and is not
// already busy over those dates (rule 7). Tools that make commitments by hand, such as the
// demo, use it; it reads the one table of rules the planner reads.
func (a *Associate) Qualifies(q *Request, r *Role, leave []Unavailability, busy []Period) bool {
	n := NewNumbering()
	post := &Post{Role: r, Request: q, Period: r.Period}
	n.NumberPost(post)
	p := &Person{Associate: a, Leave: LeavePeriods(leave)}
	n.NumberPerson(p)
	l := newLedger()
	for _, b := range busy {
		l.busy(p.ID, Booking{Period: b})
	}
	c := Checker{Plan: l}
	return c.First(p, post, RulesOf(RuleActive, RuleSkills, RuleClearances, RuleOwnEmployer, RuleRemoteOnly,
		RuleUnavailable, RuleDoubleBooking)) == 0
}
