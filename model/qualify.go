package model

// Qualifies reports whether an associate meets planning.md's rules for one role on their
// own (rules 1 to 6: active, skills, clearances valid to the role's end, not their own
// employer, not remote-only for on-site work, no leave in the role's dates) and is not
// already busy over those dates. Tools that make commitments by hand, such as the demo,
// use it; the planner has its own faster form of the same rules.
func (a *Associate) Qualifies(q *Request, r *Role, leave []Unavailability, busy []Period) bool {
	if !a.Active || a.HomeOrg == q.Trust || r.OnSite && a.RemoteOnly {
		return false
	}
	for _, s := range r.Skills {
		if a.SkillLevelOf(s.Skill) < s.Level {
			return false
		}
	}
	for _, k := range r.Clearances {
		if a.ClearanceExpiry(k) < r.To {
			return false
		}
	}
	for _, u := range leave {
		if u.Overlaps(r.Period) {
			return false
		}
	}
	for _, b := range busy {
		if b.Overlaps(r.Period) {
			return false
		}
	}
	return true
}
