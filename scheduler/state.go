package scheduler

import (
	"cmp"
	"math/bits"
	"slices"

	"associateplanner/model"
)

// state is a plan under construction: the kept assignments plus the ones the planner has
// made. Every change goes through add and remove, which keep the counts that the rules of
// the rest of the plan (7 to 10) read, and a journal so a failed chain of moves can be
// rolled back exactly.
type state struct {
	in      *instance
	holders [][]int    // per role: people the planner has placed
	booked  [][]int    // per person: roles the planner has placed them in
	capLeft []int      // per person, per financial year from fyBase (years at a stride): days left
	years   int        // financial years per person in capLeft
	orgDay  [][]int16  // per organisation per day: people away (kept and planned)
	full    [][]uint64 // per organisation: the days it is at the release limit, as bits
	room    []int      // per role: seats the planner may still fill
	count   [5]int     // placed seats per tier
	journal []move
	// freed lists every assignment taken away (removed, or added then rolled back), in
	// order: only such a change can let someone into a role they did not fit. noFit holds,
	// per role, how much of freed had happened when a search of its candidates last found
	// no one who fits (-1 if none has, or one may fit since).
	freed  []move
	noFit  []int
	check  model.Checker // the hard rules, reading this state
	checks int           // how many times dynamicRule has been asked: the search's work
}

type move struct {
	person, role int
	added        bool
}

func newState(in *instance) *state {
	s := &state{in: in, holders: make([][]int, len(in.roles)), booked: make([][]int, len(in.people)),
		orgDay: make([][]int16, len(in.members)), full: make([][]uint64, len(in.members)), years: in.years()}
	s.check = model.Checker{Plan: s, Limit: in.limit}
	s.room, s.noFit = make([]int, len(in.roles)), make([]int, len(in.roles))
	for r, ri := range in.roles {
		s.room[r], s.noFit[r] = ri.seats, -1
	}
	s.capLeft = make([]int, 0, len(in.people)*s.years)
	for _, p := range in.people {
		s.capLeft = append(s.capLeft, p.capLeft...)
	}
	if in.limit > 0 {
		for o := range s.orgDay {
			s.orgDay[o], s.full[o] = make([]int16, in.horizon), make([]uint64, (in.horizon+63)/64)
		}
		for _, a := range in.kept {
			p := in.people[in.byStaff[a.StaffID]]
			s.markDays(p.Org, int(a.From-in.origin), int(a.To-in.origin), 1)
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
	days, limit := s.orgDay[org], int16(s.in.limit)
	for d := max(from, 0); d <= to && d < len(days); d++ {
		was := days[d] >= limit
		if days[d] += delta; was != (days[d] >= limit) {
			s.full[org][d/64] ^= 1 << (d % 64)
		}
	}
}

// staticRule returns the first hard rule, in planning.md's order, that bars person p from
// role r whatever else is planned, or 0. s must hold only the kept assignments: rules 7 to
// 10 are read against them.
func (s *state) staticRule(p, r int) Rule {
	return s.check.First(&s.in.people[p].Person, &s.in.roles[r].Post, model.AllRules)
}

// dynamicRule returns the rule that bars adding p to r given what the planner has placed:
// rule 10 (already in the role, or the role full), 7, 8 or 9; 0 when p may be added. Rule
// 10 is asked first: it costs least, and someone already in the role is best told so.
func (s *state) dynamicRule(p, r int) Rule { return s.firstOf(p, r, dynamicOrder) }

// firstOf returns the first of rules, in their order, that bars adding p to r given what
// the planner has placed, or 0; each call is one of the search's checks.
func (s *state) firstOf(p, r int, rules []Rule) Rule {
	s.checks++
	return s.check.FirstOf(&s.in.people[p].Person, &s.in.roles[r].Post, rules)
}

// fits reports whether p may join r as the plan stands: no hard rule bars it.
func (s *state) fits(p, r int) bool {
	s.checks++
	return s.check.First(&s.in.people[p].Person, &s.in.roles[r].Post, model.AllRules) == 0
}

var dynamicOrder = []Rule{model.RuleSeats, model.RuleDoubleBooking, model.RuleAnnualCap, model.RuleReleaseLimit}

// seated reports whether p holds a seat of r, kept (a commitment or pin) or planned.
func (s *state) seated(p, r int) bool { return slices.Contains(s.in.roles[r].kept, p) || s.holds(p, r) }

func (s *state) holds(p, r int) bool { return slices.Contains(s.holders[r], p) }

// The state is the rest of the plan that rules 7 to 10 read (model.Bookings).

// Clash returns p's k-th kept or planned assignment outside post that overlaps span.
func (s *state) Clash(p, post int, span model.Period, k int) (model.Booking, bool) {
	for _, b := range s.in.busy[p] {
		if b.role != post && b.Overlaps(span) {
			if k == 0 {
				return b.Booking, true
			}
			k--
		}
	}
	for _, other := range s.booked[p] {
		if other != post && s.in.periods[other].Overlaps(span) {
			if k == 0 {
				return s.in.bookings[other], true
			}
			k--
		}
	}
	return model.Booking{}, false
}

// DaysLeft is what p's cap leaves in financial year fy after kept and planned assignments.
func (s *state) DaysLeft(p, fy int) int {
	if y := fy - s.in.fyBase; y >= 0 && y < s.years {
		return s.capLeft[p*s.years+y]
	}
	return s.in.people[p].Associate.MaxDays
}

// FullDay finds the first day of span on which org has at least limit people away. At the
// release limit itself, which is what the rules ask, it reads the days the organisation is
// full a word of 64 days at a time: rule 9 is the check the search makes most often.
func (s *state) FullDay(org int, span model.Period, limit int) (model.Date, int, bool) {
	days := s.orgDay[org]
	from, to := max(int(span.From-s.in.origin), 0), min(int(span.To-s.in.origin), len(days)-1)
	if from > to {
		return 0, 0, false
	}
	if limit != s.in.limit {
		for d, n := range days[from : to+1] {
			if int(n) >= limit {
				return s.in.origin + model.Date(from+d), int(n), true
			}
		}
		return 0, 0, false
	}
	for w := from / 64; w <= to/64; w++ {
		if word := fullWord(s.full[org], w, from, to); word != 0 {
			d := w*64 + bits.TrailingZeros64(word)
			return s.in.origin + model.Date(d), int(days[d]), true
		}
	}
	return 0, 0, false
}

// fullDays counts the days in [from, to] (day numbers) on which org is at the release
// limit, a word of 64 days at a time.
func (s *state) fullDays(org, from, to int) int {
	from, to = max(from, 0), min(to, len(s.orgDay[org])-1)
	if from > to {
		return 0
	}
	n := 0
	for w := from / 64; w <= to/64; w++ {
		n += bits.OnesCount64(fullWord(s.full[org], w, from, to))
	}
	return n
}

// fullWord is word w of an organisation's full days, less the days outside [from, to].
func fullWord(full []uint64, w, from, to int) uint64 {
	word := full[w]
	if w == from/64 {
		word &= ^uint64(0) << (from % 64)
	}
	if w == to/64 {
		word &= ^uint64(0) >> (63 - to%64)
	}
	return word
}

// heldDuring appends to out the roles org's people hold (planned) that overlap the days
// [from, to].
func (s *state) heldDuring(org, from, to int, out []int) []int {
	for _, q := range s.in.members[org] {
		for _, held := range s.booked[q] {
			if o := s.in.roles[held]; o.from <= to && from <= o.to {
				out = append(out, held)
			}
		}
	}
	return out
}

// tightReach is how many days byTightness looks at on either side of a role.
const tightReach = 60

// byTightness orders people, candidates of r, stably by how tightly their employer's spare
// capacity fits r (best fit, as in packing bins): first by the nearer of the runs of days
// just before and just after r on which the employer is below its release limit, since a
// seat that abuts a full day leaves no sliver too short for another; then by the two runs
// together, the gap the seat fills, since filling a small gap keeps the long ones whole.
func (s *state) byTightness(people []int, r int) {
	type fit struct{ person, near, gap int }
	ri, fits, ofOrg := s.in.roles[r], make([]fit, len(people)), map[int]fit{}
	for i, p := range people {
		org := s.in.people[p].Org
		f, seen := ofOrg[org]
		if !seen {
			before, after := s.freeRun(org, ri.from-1, -1), s.freeRun(org, ri.to+1, 1)
			f = fit{near: min(before, after), gap: before + after}
			ofOrg[org] = f
		}
		f.person = p
		fits[i] = f
	}
	slices.SortStableFunc(fits, func(a, b fit) int { return cmp.Or(cmp.Compare(a.near, b.near), cmp.Compare(a.gap, b.gap)) })
	for i, f := range fits {
		people[i] = f.person
	}
}

// freeRun counts the days, from day on in steps of step and at most tightReach, before org
// is at its release limit or the planning window ends.
func (s *state) freeRun(org, day, step int) int {
	days, n := s.orgDay[org], 0
	for d := day; d >= 0 && d < len(days) && int(days[d]) < s.in.limit && n < tightReach; d += step {
		n++
	}
	return n
}

// Seats is how many of post's seats the planner may still fill, and whether p holds one,
// kept or planned.
func (s *state) Seats(p, post int) (int, bool) {
	return s.room[post], s.seated(p, post)
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
		s.room[r]--
		s.holders[r] = append(s.holders[r], p)
		s.booked[p] = append(s.booked[p], r)
	} else {
		s.room[r]++
		s.holders[r] = without(s.holders[r], p)
		s.booked[p] = without(s.booked[p], r)
		sign = -1
		s.count[ri.tier] -= 2
		if len(s.freed) == freedKept {
			s.forgetFreed()
		}
		s.freed = append(s.freed, move{person: p, role: r})
	}
	for _, yd := range ri.Days {
		if y := yd.Year - s.in.fyBase; y >= 0 && y < s.years {
			s.capLeft[p*s.years+y] -= sign * yd.Days
		}
	}
	s.markDays(s.in.people[p].Org, ri.from, ri.to, int16(sign))
}

func without(list []int, x int) []int {
	for i, v := range list {
		if v == x {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// freedKept is the most of freed a state holds: a long search undoes millions of moves,
// and copying them all as the list grows took more of the wander's time than its checks.
const freedKept = 1 << 14

// forgetFreed drops the older half of freed. A role whose search found no one before
// that point is searched whole next time (fitsSince: not known), which is always right.
func (s *state) forgetFreed() {
	cut := len(s.freed) - freedKept/2
	for r, mark := range s.noFit {
		switch {
		case mark >= cut:
			s.noFit[r] = mark - cut
		case mark >= 0:
			s.noFit[r] = -1
		}
	}
	s.freed = append(s.freed[:0], s.freed[cut:]...)
}

// nobodyFits records that no candidate of r fits as the plan stands.
func (s *state) nobodyFits(r int) { s.noFit[r] = len(s.freed) }

// fitsSince finds the best candidate of r who fits now when a search has found that no
// one did (known): only an assignment taken away since can have let someone in, and only
// its holder (whose days and annual cap it frees, or seat in r) or, if it overlaps r, a
// colleague (a place under their employer's release limit). Adding assignments never lets
// anyone in. It returns -1 when no one fits; known is false when no search has been made
// or so much has been taken away since that searching them all is as quick.
func (s *state) fitsSince(r int) (best int, known bool) {
	mark := s.noFit[r]
	if mark < 0 {
		return -1, false
	}
	in, ri := s.in, s.in.roles[r]
	var people, orgs []int // whose holder, and whose employer, was freed
	for _, m := range s.freed[mark:] {
		if len(people)+len(orgs) > len(ri.cands)/2 {
			return -1, false
		}
		s.checks++ // reading what was freed is work too
		if !slices.Contains(people, m.person) {
			people = append(people, m.person)
		}
		if org := in.people[m.person].Org; !slices.Contains(orgs, org) && (m.role == r || in.periods[m.role].Overlaps(ri.Period)) {
			orgs = append(orgs, org)
		}
	}
	var ranks []int32
	for _, o := range orgs {
		ranks = append(ranks, ri.ofOrg(o)...)
	}
	for _, p := range people {
		if org := in.people[p].Org; !slices.Contains(orgs, org) {
			for _, k := range ri.ofOrg(org) {
				if ri.cands[k] == p {
					ranks = append(ranks, k)
				}
			}
		}
	}
	slices.Sort(ranks)
	for _, k := range ranks {
		if p := ri.cands[k]; s.dynamicRule(p, r) == 0 {
			s.noFit[r] = -1
			return p, true
		}
	}
	s.noFit[r] = len(s.freed)
	return -1, true
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
