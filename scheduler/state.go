package scheduler

import "slices"

// state is a plan under construction: the kept assignments plus the ones the planner has
// made. Every change goes through add and remove, which keep the counts that the rules of
// the rest of the plan (7 to 10) read, and a journal so a failed chain of moves can be
// rolled back exactly.
type state struct {
	in      *instance
	holders [][]int   // per role: people the planner has placed
	booked  [][]int   // per person: roles the planner has placed them in
	capLeft [][]int   // per person per financial year: days left
	orgDay  [][]int16 // per organisation per day: people away (kept and planned)
	count   [5]int    // placed seats per tier
	journal []move
}

type move struct {
	person, role int
	added        bool
}

func newState(in *instance) *state {
	s := &state{in: in, holders: make([][]int, len(in.roles)), booked: make([][]int, len(in.people)),
		capLeft: make([][]int, len(in.people)), orgDay: make([][]int16, len(in.members))}
	for i, p := range in.people {
		s.capLeft[i] = append([]int(nil), p.capLeft...)
	}
	if in.limit > 0 {
		for o := range s.orgDay {
			s.orgDay[o] = make([]int16, in.horizon)
		}
		for _, a := range in.kept {
			p := in.people[in.byStaff[a.StaffID]]
			s.markDays(p.org, int(a.From-in.origin), int(a.To-in.origin), 1)
		}
	}
	return s
}

// markDays adds delta to an organisation's count of people away on each day in [from, to]
// that falls inside the planning window.
func (s *state) markDays(org, from, to int, delta int16) {
	if s.in.limit == 0 {
		return
	}
	days := s.orgDay[org]
	for d := max(from, 0); d <= to && d < len(days); d++ {
		days[d] += delta
	}
}

// staticRule returns the first hard rule, in planning.md's order, that bars person p from
// role r whatever else is planned, or 0. Rules 7 to 10 are read against kept assignments.
func (s *state) staticRule(p, r int) Rule {
	pe, ri := s.in.people[p], s.in.roles[r]
	for _, pr := range personalRules {
		if !pr.ok(pe, ri) {
			return pr.rule
		}
	}
	for _, l := range pe.leave {
		if l.Overlaps(ri.role.Period) {
			return RuleUnavailable
		}
	}
	for _, b := range pe.busy {
		if b.Overlaps(ri.role.Period) {
			return RuleDoubleBooking
		}
	}
	if !s.capFits(p, r) {
		return RuleAnnualCap
	}
	if !s.orgFits(p, r) {
		return RuleReleaseLimit
	}
	for _, k := range ri.kept {
		if k == p {
			return RuleSeats
		}
	}
	if s.in.withdrawn[pairKey{p, r}] {
		return RuleWithdrawn
	}
	return 0
}

// dynamicRule returns the rule that bars adding p to r given what the planner has placed:
// rule 10 (already in the role, or the role full), 7, 8 or 9; 0 when p may be added.
func (s *state) dynamicRule(p, r int) Rule {
	ri := s.in.roles[r]
	if len(s.holders[r]) >= ri.seats || s.holds(p, r) {
		return RuleSeats
	}
	for _, other := range s.booked[p] {
		if s.in.roles[other].role.Overlaps(ri.role.Period) {
			return RuleDoubleBooking
		}
	}
	if !s.capFits(p, r) {
		return RuleAnnualCap
	}
	if !s.orgFits(p, r) {
		return RuleReleaseLimit
	}
	return 0
}

// seated reports whether p holds a seat of r, kept (a commitment or pin) or planned.
func (s *state) seated(p, r int) bool { return slices.Contains(s.in.roles[r].kept, p) || s.holds(p, r) }

func (s *state) holds(p, r int) bool {
	for _, h := range s.holders[r] {
		if h == p {
			return true
		}
	}
	return false
}

func (s *state) capFits(p, r int) bool {
	for _, yd := range s.in.roles[r].days {
		if y := yd.Year - s.in.fyBase; y >= 0 && y < len(s.capLeft[p]) && s.capLeft[p][y] < yd.Days {
			return false
		}
	}
	return true
}

func (s *state) orgFits(p, r int) bool {
	if s.in.limit == 0 {
		return true
	}
	ri, days := s.in.roles[r], s.orgDay[s.in.people[p].org]
	for d := ri.from; d <= ri.to; d++ {
		if int(days[d]) >= s.in.limit {
			return false
		}
	}
	return true
}

// add places p in r. The caller has checked dynamicRule.
func (s *state) add(p, r int) {
	s.apply(p, r, true)
	s.journal = append(s.journal, move{p, r, true})
}

// remove takes p out of r.
func (s *state) remove(p, r int) {
	s.apply(p, r, false)
	s.journal = append(s.journal, move{p, r, false})
}

func (s *state) apply(p, r int, add bool) {
	ri := s.in.roles[r]
	sign := 1
	s.count[ri.tier]++
	if add {
		s.holders[r] = append(s.holders[r], p)
		s.booked[p] = append(s.booked[p], r)
	} else {
		s.holders[r] = without(s.holders[r], p)
		s.booked[p] = without(s.booked[p], r)
		sign = -1
		s.count[ri.tier] -= 2
	}
	for _, yd := range ri.days {
		if y := yd.Year - s.in.fyBase; y >= 0 && y < len(s.capLeft[p]) {
			s.capLeft[p][y] -= sign * yd.Days
		}
	}
	s.markDays(s.in.people[p].org, ri.from, ri.to, int16(sign))
}

func without(list []int, x int) []int {
	for i, v := range list {
		if v == x {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// checkpoint marks the journal; rollback undoes every move made since.
func (s *state) checkpoint() int { return len(s.journal) }

func (s *state) rollback(mark int) {
	for len(s.journal) > mark {
		m := s.journal[len(s.journal)-1]
		s.journal = s.journal[:len(s.journal)-1]
		s.apply(m.person, m.role, !m.added)
	}
}

// filled counts placed seats per tier (index 1 to 4), kept seats not included.
func (s *state) filled() [5]int { return s.count }
