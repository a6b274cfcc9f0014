package scheduler

import (
	"cmp"
	"slices"

	"associateplanner/model"
)

// greedy makes the first plan: each role's best candidates who fit, by priority and
// scarcity. When the release limit, summed over employers, cannot hold every seat (national
// registers, where requests bunch), it first chooses which seats to fill and whom to send
// by the employers' capacity (seatsByCapacity), and only then fills what is left.
func (v *solver) greedy() {
	if !v.s.in.replan && v.s.in.capacityBinds() {
		v.seatsByCapacity()
	}
	for _, r := range v.order {
		v.fillDirect(r)
	}
}

// seatsByCapacity chooses, priority by priority, the seats that fit the employers' release
// capacity day by day, earliest end first (the most that fit: see capacityBounds), and
// then seats someone in each, in order of start, from the employer whose spare capacity
// fits it most tightly (bestFit). Leaving a loosely fitting employer free keeps room for
// long roles later; sending people from any employer that happens to score best splits
// every employer's capacity into gaps too short for them. The seats that start on one day
// are placed together (placeBatch). An emergency's seat that no one fits when its turn
// comes gets a chain of moves at once, while few of the seats after it hold people the
// chain might have to move; other seats still empty get chains that empty no seat, once
// all have had their turn.
func (v *solver) seatsByCapacity() {
	in := v.s.in
	capDay := in.releaseCapacity()
	var chosen []int
	for t := 1; t <= 4; t++ {
		var seats []int
		for _, r := range v.ofTier(t) {
			seats = in.roles[r].fillable(seats)
		}
		chosen = append(chosen, in.fitting(seats, capDay)...)
	}
	slices.SortStableFunc(chosen, func(a, b int) int {
		ra, rb := in.roles[a], in.roles[b]
		return cmp.Or(cmp.Compare(ra.from, rb.from), cmp.Compare(ra.tier, rb.tier), cmp.Compare(ra.to, rb.to))
	})
	var later []int // seats below priority 1 still empty
	for len(chosen) > 0 {
		n := 1
		for n < len(chosen) && in.roles[chosen[n]].from == in.roles[chosen[0]].from {
			n++
		}
		later = append(later, v.placeBatch(chosen[:n])...)
		chosen = chosen[n:]
	}
	for _, r := range later {
		if v.free(r) {
			v.allow(constructWork)
			v.augment(r, 4, chainDepth, map[pairKey]bool{})
		}
	}
}

// constructWork is the checks each chain of moves while seating by capacity may make.
const constructWork = 50_000

// placeBatch seats someone in each of the chosen seats that start on one day, by best fit;
// if some are left empty, it shares the batch's seats out again as a maximum matching
// (rematch: taken one by one, the first seats can use up the only employers with people
// free for a later one), and gives each seat still empty an augmenting path that moves
// seats placed before (rescue). An emergency's seat still empty gets a chain of moves at
// once, which may empty seats of lower priority; it returns the others still empty, for
// chains that empty none, once every chosen seat has had its turn (seatsByCapacity).
func (v *solver) placeBatch(batch []int) (later []int) {
	var missed []int
	for _, r := range batch {
		if p := v.bestFit(r); p >= 0 {
			v.s.add(p, r)
		} else {
			missed = append(missed, r)
		}
	}
	if len(missed) > 0 {
		missed = v.rematch(batch, missed)
	}
	for _, r := range missed {
		switch {
		case v.rescue(r):
		case v.s.in.roles[r].tier <= 1:
			v.allow(constructWork)
			v.augment(r, 1, chainDepth, map[pairKey]bool{})
		default:
			later = append(later, r)
		}
	}
	return later
}

// rematch takes out the batch's seats that best fit filled and fills the batch again by a
// maximum flow from its roles through the people who fit them to their employers' places
// free on its first day, starting from best fit's choices, so that they stand where the
// flow need not move them. Every batch seat starts that day, and earlier seats that hold
// a later day hold that one too, so a place free on it is free for the whole seat (each
// move is checked all the same). If the flow seats no more, best fit's choices are put
// back. It returns the seats still empty, each as its role.
func (v *solver) rematch(batch, missed []int) []int {
	s := v.s
	roles := slices.Clone(batch)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	var greedy []pairKey
	for _, r := range roles {
		for _, p := range s.holders[r] {
			greedy = append(greedy, pairKey{p, r})
		}
	}
	for _, k := range greedy {
		s.remove(k.person, k.role)
	}
	m := v.batchNetwork(batch, roles)
	for _, k := range greedy {
		m.push(k)
	}
	if m.f.maxFlow(0, 1) == 0 { // no more seats: best fit's choices stand
		for _, k := range greedy {
			s.add(k.person, k.role)
		}
		return missed
	}
	missed = missed[:0]
	for i, r := range roles {
		for _, a := range m.arcs[i] {
			if m.f.cap[a.arc^1] > 0 && s.fits(a.person, r) {
				s.add(a.person, r)
			}
		}
		for range m.count[i] - len(s.holders[r]) {
			missed = append(missed, r)
		}
	}
	return missed
}

// rescue fills a seat of r that no one fits by an augmenting path over employers, moving
// seats already placed whatever their start: a candidate takes the seat at an employer
// whose days at the release limit within the seat's dates are all covered by one seat
// its people hold; that seat passes to someone at another employer, and so on until an
// employer with room. Nobody loses a seat. The path is a shortest (breadth first), from at
// most rescueOrgs employers on; rescue reports whether one was found and made.
func (v *solver) rescue(r int) bool {
	s, in := v.s, v.s.in
	reached := map[int]pathLink{}
	var queue []int
	reach := func(l pathLink) bool { // reports whether a path ending at the taker's employer was made
		o := in.people[l.take.person].Org
		if _, seen := reached[o]; seen {
			return false
		}
		reached[o] = l
		if _, _, full := s.FullDay(o, in.roles[l.take.role].Period, in.limit); !full {
			return v.applyPath(reached, o)
		}
		queue = append(queue, o)
		return false
	}
	for _, p := range in.candidates(r) {
		if !s.holds(p, r) && v.mayTake(p, r) && reach(pathLink{take: pairKey{p, r}, give: pairKey{-1, -1}, prev: -1}) {
			return true
		}
	}
	for expanded := 0; len(queue) > 0 && expanded < rescueOrgs; expanded++ {
		o := queue[0]
		queue = queue[1:]
		seat, ok := v.blocker(o, reached[o].take.role)
		if !ok {
			continue
		}
		for _, p := range in.candidates(seat.role) {
			if in.people[p].Org != o && !s.holds(p, seat.role) && v.mayTake(p, seat.role) &&
				reach(pathLink{take: pairKey{p, seat.role}, give: seat, prev: o}) {
				return true
			}
		}
	}
	return false
}

// rescueOrgs is how many employers rescue looks beyond, moving one of their seats.
const rescueOrgs = 40

// pathLink is how an augmenting path reaches an employer: one of its people takes a seat,
// which the person before held (give; none at the path's start) at the employer prev.
type pathLink struct {
	take, give pairKey
	prev       int
}

// mayTake reports whether p could take a seat of r but for the seat being held and the
// release limit: by the rules of double booking and the annual cap.
func (v *solver) mayTake(p, r int) bool { return v.s.firstOf(p, r, personalRules) == 0 }

var personalRules = []Rule{model.RuleDoubleBooking, model.RuleAnnualCap}

// blocker returns a seat planned for one of org's people that covers every day within
// role r's dates on which org is at the release limit, so that moving it frees them all.
func (v *solver) blocker(org, r int) (pairKey, bool) {
	s, in := v.s, v.s.in
	ri := in.roles[r]
	first, last := -1, -1
	for d := max(ri.from, 0); d <= ri.to && d < len(s.orgDay[org]); d++ {
		if int(s.orgDay[org][d]) >= in.limit {
			if first < 0 {
				first = d
			}
			last = d
		}
	}
	if first < 0 { // not at its limit within r's dates: nothing to move
		return pairKey{}, false
	}
	for _, q := range in.members[org] {
		for _, held := range s.booked[q] {
			if h := in.roles[held]; h.from <= first && last <= h.to {
				return pairKey{q, held}, true
			}
		}
	}
	return pairKey{}, false
}

// applyPath makes the moves of the path that ends at employer end, from its end back to
// its start, each checked; a path that breaks a rule after all is rolled back.
func (v *solver) applyPath(reached map[int]pathLink, end int) bool {
	s := v.s
	mark := s.checkpoint()
	for o := end; o >= 0; o = reached[o].prev {
		l := reached[o]
		if l.give.person >= 0 {
			s.remove(l.give.person, l.give.role)
		}
		if !s.fits(l.take.person, l.take.role) {
			s.rollback(mark)
			return false
		}
		s.add(l.take.person, l.take.role)
	}
	return true
}

// batchNetwork is rematch's flow network: source, sink, the batch's roles (as many units
// each as it has seats in the batch), the people who fit them, and their employers (as
// many units each as places it has free on the batch's first day).
type batchNetwork struct {
	f      *flow
	count  []int          // per role: its seats in the batch
	index  map[int]int    // per role: its place in the batch's roles
	arcs   [][]personArc  // per role: its arcs to the people who fit it
	source []int          // per role: its arc from the source
	out    map[int][2]int // per person: their arc to their employer, and its arc to the sink
}

type personArc struct{ person, arc int }

func (v *solver) batchNetwork(batch, roles []int) *batchNetwork {
	s, in := v.s, v.s.in
	m := &batchNetwork{index: map[int]int{}, out: map[int][2]int{}}
	first := in.roles[batch[0]].from
	fit := make([][]int, len(roles))
	var people, orgs []int
	personNode, orgNode := map[int]int{}, map[int]int{}
	arcs := 0
	for i, r := range roles {
		m.index[r] = i
		for _, p := range in.candidates(r) {
			if int(s.orgDay[in.people[p].Org][first]) >= in.limit || s.dynamicRule(p, r) != 0 {
				continue // an employer full that day is the commonest reason, and the cheapest seen
			}
			fit[i] = append(fit[i], p)
			if _, ok := personNode[p]; ok {
				continue
			}
			personNode[p] = len(people)
			people = append(people, p)
			if _, ok := orgNode[in.people[p].Org]; !ok {
				orgNode[in.people[p].Org] = len(orgs)
				orgs = append(orgs, in.people[p].Org)
			}
		}
		arcs += len(fit[i])
	}
	personAt, orgAt := 2+len(roles), 2+len(roles)+len(people)
	m.f = newFlow(orgAt+len(orgs), len(roles)+arcs+len(people)+len(orgs))
	for i, r := range roles {
		m.count = append(m.count, 0)
		for _, b := range batch {
			if b == r {
				m.count[i]++
			}
		}
		m.source = append(m.source, m.f.edge(0, 2+i, m.count[i]))
		m.arcs = append(m.arcs, make([]personArc, 0, len(fit[i])))
		for _, p := range fit[i] {
			m.arcs[i] = append(m.arcs[i], personArc{p, m.f.edge(2+i, personAt+personNode[p], 1)})
		}
	}
	down := make([]int, len(orgs))
	for j, o := range orgs {
		down[j] = m.f.edge(orgAt+j, 1, max(in.limit-int(s.orgDay[o][first]), 0))
	}
	for k, p := range people {
		j := orgNode[in.people[p].Org]
		m.out[p] = [2]int{m.f.edge(personAt+k, orgAt+j, 1), down[j]}
	}
	return m
}

// push sends a unit of flow along best fit's choice k, if every arc on its way has room.
func (m *batchNetwork) push(k pairKey) {
	i := m.index[k.role]
	for _, a := range m.arcs[i] {
		if a.person != k.person {
			continue
		}
		out := m.out[k.person]
		path := []int{m.source[i], a.arc, out[0], out[1]}
		for _, e := range path {
			if m.f.cap[e] <= 0 {
				return
			}
		}
		for _, e := range path {
			m.f.cap[e]--
			m.f.cap[e^1]++
		}
		return
	}
}

// bestFit returns the candidate who fits r now whose employer was last at its release
// limit latest before r starts, or -1 if no one fits.
func (v *solver) bestFit(r int) int {
	ri := v.s.in.roles[r]
	best, bestDay := -1, 0
	for _, p := range v.s.in.candidates(r) {
		if v.s.dynamicRule(p, r) != 0 {
			continue
		}
		days := v.s.orgDay[v.s.in.people[p].Org]
		last := -1
		for d := ri.from - 1; d >= 0; d-- {
			if int(days[d]) >= v.s.in.limit {
				last = d
				break
			}
		}
		if best < 0 || last > bestDay {
			best, bestDay = p, last
		}
	}
	return best
}
