package scheduler

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Limits of the plateau search: how many neighbourhoods it re-solves, how many nodes the
// exact search may visit in each, and their sizes in roles.
const (
	plateauTries           = 4_000
	plateauNodes           = 100
	plateauMin, plateauMax = 4, 8
	// Where the release capacity binds, which seats are filled is a packing of the
	// employers' days, and the wander, which repacks neighbourhoods, is what improves it:
	// its tries and checks grow with the seats to plan (a national register has as many
	// places to repack as seats), the longer chains get none, and half its tries start
	// from the highest priority with an empty seat, else the many empty seats of the
	// lowest draw nearly all of them. On XL (2,300 seats) that is 15 million checks.
	plateauSeatWork, plateauSeatTries = 6_500, 4
)

// explorePlateau looks for the seats no chain of moves reached by wandering among plans
// that cover just as much. Again and again it picks a role with an empty seat and a
// neighbourhood of roles around it, empties them, and re-solves them exactly with each
// role's candidates in a random order (see wander for where the capacity binds): the
// first arrangement that covers as much as before is a different plan, just as good, and
// from it a seat may be a short step away; one that covers more is better still. Only a
// better plan is kept: when the wander finds none, the plan is as it was. The random
// source has a fixed seed, so the same data gives the same plan on every machine. It stops
// once the bounds show its best can be beaten no more, asking them every 64 tries: asked
// after every seat gained, they took up to a ninth of the wander's time on XXL. The plan is
// the same either way: the bounds read only its counts, which no try lowers.
func (v *solver) explorePlateau() {
	if v.s.in.replan || v.proved() {
		return
	}
	rng := rand.New(rand.NewPCG(1, 2))
	best, bestHolders := v.s.filled(), snapshot(v.s)
	work, tries := plateauWork, plateauTries
	binds := v.s.in.capacityBinds() // national registers: the wander finds the seats chains do not
	if binds {
		seats := v.s.in.seatsToPlan()
		work, tries = plateauSeatWork*seats, plateauSeatTries*seats
	}
	v.allow(work)
	empty := newOpenRoles(v)
	improved := false // since the bounds were last asked
	for try := 0; try < tries && v.s.checks < v.workEnd && v.ctx.Err() == nil; try++ {
		if try%64 == 63 {
			if v.board.proves(best) || improved && v.proved() {
				break
			}
			improved = false
		}
		if len(empty.roles) == 0 {
			break
		}
		n, top := v.topFirst(empty.roles, binds, rng)
		for _, h := range v.wander(empty.roles[rng.IntN(n)], binds, top, rng) {
			empty.update(v, h)
		}
		if f := v.s.filled(); better(f, best) {
			best, bestHolders, improved = f, snapshot(v.s), true
		}
	}
	checks := v.s.checks
	v.s = restore(v.s.in, bestHolders)
	v.s.checks = checks
}

// proved reports whether the bounds so far (beside the search, or the release capacity)
// show that no plan could cover more.
func (v *solver) proved() bool {
	f := v.s.filled()
	if v.board.proves(f) {
		return true
	}
	capacity := v.s.in.capacityBounds(v.s, false) // often asked: without the trades' flows
	for t := 1; t <= 4; t++ {
		if capacity[t] > f[t] {
			return false
		}
	}
	return true
}

// cumulative turns seats filled per tier into seats filled in tiers 1..t.
func cumulative(f [5]int) [5]int {
	for t := 2; t <= 4; t++ {
		f[t] += f[t-1]
	}
	return f
}

// topFirst is how many of empty (roles in planning order) the wander's next try picks
// from, and whether they are only the highest priority's: all, or, on half the tries where
// the release capacity binds, those of the highest priority among them.
func (v *solver) topFirst(empty []int, binds bool, rng *rand.Rand) (int, bool) {
	if !binds || rng.IntN(2) == 0 {
		return len(empty), false
	}
	n := 1
	for n < len(empty) && v.s.in.roles[empty[n]].tier == v.s.in.roles[empty[0]].tier {
		n++
	}
	return n, true
}

// openRoles lists the roles with an empty seat and a candidate not in it, in planning order.
// A wander changes only the roles of its neighbourhood, so only theirs are looked at again:
// listing them all anew before every try took a sixth of the wander's time.
type openRoles struct {
	roles []int
	rank  []int // per role: its place in the planning order, -1 if it has none
}

// newOpenRoles lists the roles with an empty seat and a candidate not in it.
func newOpenRoles(v *solver) *openRoles {
	o := &openRoles{rank: make([]int, len(v.s.in.roles))}
	for r := range o.rank {
		o.rank[r] = -1 // not planned: never open
	}
	for i, r := range v.order {
		o.rank[r] = i
		if v.wanting(r) {
			o.roles = append(o.roles, r)
		}
	}
	return o
}

// wanting reports whether r has an empty seat and a candidate not in it.
func (v *solver) wanting(r int) bool {
	return v.free(r) && len(v.s.in.candidates(r)) > len(v.s.holders[r])
}

// update adds r to the list, or takes it out, as it now wants someone or not.
func (o *openRoles) update(v *solver, r int) {
	if o.rank[r] < 0 {
		return
	}
	i, listed := slices.BinarySearchFunc(o.roles, o.rank[r], func(x, rank int) int { return cmp.Compare(o.rank[x], rank) })
	switch want := v.wanting(r); {
	case want && !listed:
		o.roles = slices.Insert(o.roles, i, r)
	case !want && listed:
		o.roles = slices.Delete(o.roles, i, i+1)
	}
}

// wander re-solves a neighbourhood of r, keeping whatever it finds that covers at least as
// much as before, and returns the neighbourhood's roles. Where the release capacity binds
// (tight), it tries first the people whose employer's spare capacity fits each role most
// tightly, so that what it keeps leaves the employers' free days in runs long enough for
// more seats. A try for the highest priority with an empty seat (aim) re-solves what
// blocks r (aimedHood), others a random neighbourhood: aimed tries fill more seats of the
// priority they aim at, at some cost to the lower ones, so they go to the highest.
func (v *solver) wander(r int, tight, aim bool, rng *rand.Rand) (hood []int) {
	size := plateauMin + rng.IntN(plateauMax-plateauMin+1)
	if aim {
		hood = v.aimedHood(r, size, rng)
	} else {
		hood = v.randomHood(r, size, rng)
	}
	floor := v.s.filled()
	floor[4]-- // so that a plan covering just as much counts as better
	v.resolve(&exactRun{order: hood, best: floor, nodes: plateauNodes, shuffle: rng, tight: tight})
	v.s.journal = v.s.journal[:0] // the plateau search never rolls back past a wander
	return hood
}

// randomHood grows a neighbourhood of up to size roles from r, highest priority first. Each
// step picks a role already in it and one of its candidates, and adds a role that stands
// in the candidate's way: one they hold, or, now and then, one a colleague holds at the
// same time (the release limit).
func (v *solver) randomHood(r, size int, rng *rand.Rand) []int {
	in := v.s.in
	hood, seen := []int{r}, map[int]bool{r: true}
	var next []int
	for tries := 0; len(hood) < size && tries < 20*size; tries++ {
		x := in.roles[hood[rng.IntN(len(hood))]]
		cands := in.candidates(x.ID)
		if len(cands) == 0 {
			continue
		}
		p := cands[rng.IntN(len(cands))]
		next = append(next[:0], v.s.booked[p]...)
		if len(next) == 0 || rng.IntN(3) == 0 {
			next = v.s.heldDuring(in.people[p].Org, x.from, x.to, next)
		}
		if len(next) == 0 {
			continue
		}
		if h := next[rng.IntN(len(next))]; !seen[h] {
			seen[h] = true
			hood = append(hood, h)
		}
	}
	slices.SortStableFunc(hood, func(a, b int) int { return in.roles[a].tier - in.roles[b].tier })
	return hood
}

// aimedHood grows a neighbourhood of up to size roles from r along what blocks it. For
// each role in it in turn, it takes the employer among the role's candidates' that is at
// its release limit on the fewest days within the role's dates (ties at random; one not
// yet taken, and at its limit on some day: the people of one that is not are barred by
// other rules, which moving their colleagues would not lift), and adds the roles that
// employer's people hold within those dates, among them the seats that must move for it
// to take the role. Where the capacity binds, that is where an empty seat is nearest to
// filled, and a random neighbourhood seldom holds those roles.
func (v *solver) aimedHood(r, size int, rng *rand.Rand) []int {
	s, in := v.s, v.s.in
	hood, seen, taken := []int{r}, map[int]bool{r: true}, map[int]bool{}
	for k := 0; k < len(hood) && len(hood) < size; k++ {
		x := in.roles[hood[k]]
		org := s.leastBlocked(x, taken, rng)
		if org < 0 {
			continue
		}
		taken[org] = true
		away := slices.DeleteFunc(s.heldDuring(org, x.from, x.to, nil), func(h int) bool { return seen[h] })
		rng.Shuffle(len(away), func(i, j int) { away[i], away[j] = away[j], away[i] })
		for _, h := range away {
			if len(hood) < size && !seen[h] {
				seen[h] = true
				hood = append(hood, h)
			}
		}
	}
	slices.SortStableFunc(hood, func(a, b int) int { return in.roles[a].tier - in.roles[b].tier })
	return hood
}

// leastBlocked returns the employer of ri's candidates, not among taken, that is at its
// release limit on the fewest days within ri's dates, at least one; ties at random. It
// returns -1 if there is none.
func (s *state) leastBlocked(ri *roleInfo, taken map[int]bool, rng *rand.Rand) int {
	best, fewest, ties := -1, 0, 0
	for org := range ri.employers {
		if taken[org] {
			continue
		}
		switch n := s.fullDays(org, ri.from, ri.to); {
		case n == 0:
		case best < 0 || n < fewest:
			best, fewest, ties = org, n, 1
		case n == fewest:
			if ties++; rng.IntN(ties) == 0 {
				best = org
			}
		}
	}
	return best
}
