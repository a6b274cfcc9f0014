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
	for _, r := range chosen {
		if p := v.bestFit(r); p >= 0 {
			v.s.add(p, r)
		} else if t := in.roles[r].tier; t <= 1 {
			v.augment(r, t, chainDepth, map[pairKey]bool{})
		}
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
