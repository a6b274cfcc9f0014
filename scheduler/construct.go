package scheduler

import (
	"cmp"
	"slices"
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
// every employer's capacity into gaps too short for them. An emergency's seat that no
// one fits when its turn comes gets a chain of moves at once, while few of the seats after
// it hold people the chain might have to move.
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
	v.allow(chainWork)
	for len(chosen) > 0 {
		n := 1
		for n < len(chosen) && in.roles[chosen[n]].from == in.roles[chosen[0]].from {
			n++
		}
		v.placeBatch(chosen[:n])
		chosen = chosen[n:]
	}
}

// placeBatch seats someone in each of the chosen seats that start on one day, by best fit,
// and if some are left empty, shares the batch's seats out again as a maximum matching
// (rematch): taken one by one, the first seats can use up the only employers with people
// free for a later one. An emergency's seat still empty gets a chain of moves at once.
func (v *solver) placeBatch(batch []int) {
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
		if v.s.in.roles[r].tier <= 1 {
			v.augment(r, 1, chainDepth, map[pairKey]bool{})
		}
	}
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
