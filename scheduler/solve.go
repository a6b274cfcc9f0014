package scheduler

import (
	"cmp"
	"context"
	"slices"
)

// Limits that keep planning fast on large registers; both are generous for real ones.
const (
	augmentBudget = 200_000 // candidate moves tried by the ejection chains
	chainDepth    = 3       // how many seats one chain may move
	// exactPairs lives in exact.go
	exactNodes = 2_000_000 // nodes the exact search may visit
)

type solver struct {
	ctx      context.Context
	s        *state
	order    []int // roles by tier, then fewest candidates, then start
	budget   int
	progress func(stage string)
	exact    bool // the search proved its coverage optimal
}

func newSolver(ctx context.Context, in *instance, progress func(string)) *solver {
	v := &solver{ctx: ctx, s: newState(in), budget: augmentBudget, progress: progress}
	for _, r := range in.roles {
		if r.open && r.seats > 0 {
			v.order = append(v.order, r.id)
		}
	}
	slices.SortStableFunc(v.order, func(a, b int) int {
		ra, rb := in.roles[a], in.roles[b]
		return cmp.Or(cmp.Compare(ra.tier, rb.tier), cmp.Compare(len(ra.cands), len(rb.cands)), cmp.Compare(ra.from, rb.from))
	})
	return v
}

// run plans: earlier proposals first (stability), then greedily by priority and scarcity,
// then chains of moves into every seat still empty, then an exact search on small
// instances, then swaps that raise quality without losing a seat.
func (v *solver) run() error {
	phases := []struct {
		name string
		fn   func()
	}{
		{"Keeping earlier proposals", v.seedPrevious},
		{"Filling seats by priority", v.greedy},
		{"Moving people to fill empty seats", v.augmentAll},
		{"Proving the best coverage", v.exactSearch},
		{"Improving quality", v.improve},
	}
	for _, ph := range phases {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		if v.progress != nil {
			v.progress(ph.name)
		}
		ph.fn()
	}
	return v.ctx.Err()
}

// seedPrevious re-places earlier proposals that still fit, when stability is wanted.
func (v *solver) seedPrevious() {
	if v.s.in.weights.Stability <= 0 {
		return
	}
	for _, r := range v.order {
		for _, p := range v.s.in.roles[r].cands {
			if v.s.in.previous[pairKey{p, r}] && v.s.dynamicRule(p, r) == 0 {
				v.s.add(p, r)
			}
		}
	}
}

func (v *solver) greedy() {
	for _, r := range v.order {
		v.fillDirect(r)
	}
}

// fillDirect fills a role's free seats with its best candidates who fit as things stand.
func (v *solver) fillDirect(r int) bool {
	added := false
	for _, p := range v.s.in.roles[r].cands {
		if len(v.s.holders[r]) >= v.s.in.roles[r].seats {
			break
		}
		if v.s.dynamicRule(p, r) == 0 {
			v.s.add(p, r)
			added = true
		}
	}
	return added
}

func (v *solver) free(r int) bool { return len(v.s.holders[r]) < v.s.in.roles[r].seats }

// augmentAll tries, tier by tier, to fill each empty seat by a chain of moves, until a pass
// fills nothing more.
func (v *solver) augmentAll() {
	for tier := 1; tier <= 4; tier++ {
		for improved := true; improved && v.budget > 0 && v.ctx.Err() == nil; {
			improved = false
			for _, r := range v.order {
				for v.s.in.roles[r].tier == tier && v.free(r) && v.augment(r, chainDepth, map[int]bool{}) {
					improved = true
				}
			}
		}
	}
}

// augment fills one more seat of role r. A candidate who does not fit may still take it
// if planned assignments are moved out of the way (makeRoom); every seat so emptied in a
// role of the same or higher priority must itself be refilled, to the given depth. A failed
// chain is rolled back whole.
func (v *solver) augment(r, depth int, visited map[int]bool) bool {
	if v.fillOne(r) {
		return true
	}
	if depth == 0 {
		return false
	}
	ri := v.s.in.roles[r]
	for _, p := range ri.cands {
		if v.budget <= 0 {
			return false
		}
		v.budget--
		if v.s.holds(p, r) {
			continue
		}
		mark := v.s.checkpoint()
		removed, ok := v.s.makeRoom(p, r, visited)
		if !ok {
			v.s.rollback(mark)
			continue
		}
		v.s.add(p, r)
		visited[r] = true
		if v.refill(removed, ri.tier, depth-1, visited) {
			delete(visited, r)
			return true
		}
		delete(visited, r)
		v.s.rollback(mark)
	}
	return false
}

// fillOne adds the best candidate who fits now, if any.
func (v *solver) fillOne(r int) bool {
	if !v.free(r) {
		return false
	}
	for _, p := range v.s.in.roles[r].cands {
		if v.s.dynamicRule(p, r) == 0 {
			v.s.add(p, r)
			return true
		}
	}
	return false
}

// refill refills every emptied seat whose role is of tier or higher priority.
func (v *solver) refill(removed []move, tier, depth int, visited map[int]bool) bool {
	for _, m := range removed {
		if v.s.in.roles[m.role].tier <= tier && !v.augment(m.role, depth, visited) {
			return false
		}
	}
	return true
}

// makeRoom removes planned assignments (never kept ones, never of roles in the chain)
// until p may join r, and returns what it removed; false when that cannot be done.
func (s *state) makeRoom(p, r int, chain map[int]bool) ([]move, bool) {
	var removed []move
	for range 8 {
		var victim move
		switch s.dynamicRule(p, r) {
		case 0:
			return removed, true
		case RuleDoubleBooking:
			victim = s.overlapping(p, r)
		case RuleAnnualCap:
			victim = s.capVictim(p, r)
		case RuleReleaseLimit:
			victim = s.orgVictim(p, r)
		default:
			return nil, false
		}
		if victim.role < 0 || chain[victim.role] {
			return nil, false
		}
		s.remove(victim.person, victim.role)
		removed = append(removed, victim)
	}
	return nil, false
}

var noMove = move{person: -1, role: -1}

func (s *state) overlapping(p, r int) move {
	for _, other := range s.booked[p] {
		if s.in.roles[other].role.Overlaps(s.in.roles[r].role.Period) {
			return move{person: p, role: other}
		}
	}
	return noMove
}

// capVictim picks, of p's planned roles in a year r would overrun, the one of lowest
// priority (then most days).
func (s *state) capVictim(p, r int) move {
	years := map[int]bool{}
	for _, yd := range s.in.roles[r].days {
		years[yd.Year] = true
	}
	best := noMove
	for _, other := range s.booked[p] {
		o := s.in.roles[other]
		shares := false
		for _, yd := range o.days {
			shares = shares || years[yd.Year] && yd.Days > 0
		}
		if shares && (best.role < 0 || worseVictim(o, s.in.roles[best.role])) {
			best = move{person: p, role: other}
		}
	}
	return best
}

func worseVictim(a, b *roleInfo) bool {
	return a.tier > b.tier || a.tier == b.tier && a.total > b.total
}

// orgVictim picks, among the planned assignments of p's colleagues on the first day that
// is at the release limit, the one of lowest priority.
func (s *state) orgVictim(p, r int) move {
	ri := s.in.roles[r]
	org := s.in.people[p].org
	for d := ri.from; d <= ri.to; d++ {
		if int(s.orgDay[org][d]) < s.in.limit {
			continue
		}
		best := noMove
		for _, q := range s.in.members[org] {
			for _, other := range s.booked[q] {
				o := s.in.roles[other]
				if o.from <= d && d <= o.to && (best.role < 0 || worseVictim(o, s.in.roles[best.role])) {
					best = move{person: q, role: other}
				}
			}
		}
		return best
	}
	return noMove
}

// improve swaps a seat-holder for a better-scoring candidate who fits in their place, so
// quality rises while coverage stays as it is.
func (v *solver) improve() {
	in := v.s.in
	for _, r := range v.order {
		for _, holder := range append([]int(nil), v.s.holders[r]...) {
			if v.ctx.Err() != nil {
				return
			}
			current := in.score(holder, r).Total
			for _, p := range in.roles[r].cands {
				if p == holder || in.score(p, r).Total <= current {
					break // candidates are sorted best first
				}
				mark := v.s.checkpoint()
				v.s.remove(holder, r)
				if v.s.dynamicRule(p, r) == 0 {
					v.s.add(p, r)
					break
				}
				v.s.rollback(mark)
			}
		}
	}
}
