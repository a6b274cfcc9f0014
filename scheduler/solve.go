package scheduler

import (
	"cmp"
	"context"
	"slices"

	"associateplanner/model"
)

// Limits that keep planning fast on large registers; all are generous for real ones.
const (
	chainDepth    = 3         // how many seats one chain may move
	augmentBudget = 200_000   // candidate moves tried by the ejection chains
	deepTotal     = 300_000   // then by the longer chains of deepenAll,
	deepEach      = 4_000     // of which one candidate's chains may use this many
	deepRole      = 12_000    // and one seat's this many
	exactNodes    = 2_000_000 // nodes the exact search may visit
	// Each phase that searches may also check the rules at most so many times: the chains
	// and the search among equally good plans most, the neighbourhood re-solve and the
	// longer chains, which rarely find more on large registers, less. On dense registers
	// (hundreds of candidates per seat) a move costs far more checks than on sparse ones,
	// so limits in moves alone would let time grow with density.
	chainWork, plateauWork = 2_000_000, 2_500_000
	repairWork, deepWork   = 500_000, 1_500_000
	// A re-plan starts from a plan that was as good as the search could make it: its
	// chains get this much, enough for the seats one change touches (they try those first),
	// and of it at most replanRest for the seats the saved plan left empty, which the first
	// plan's chains tried already, as did its longer chains, which get replanDeep for the
	// seats the change emptied alone.
	replanWork, replanRest, replanDeep = 150_000, 50_000, 50_000
)

type solver struct {
	ctx        context.Context
	s          *state
	order      []int  // roles by tier, then fewest candidates, then start
	tierEnd    [5]int // order[tierEnd[t-1]:tierEnd[t]] are the roles of priority t
	budget     int    // moves left to the ejection chains
	workEnd    int    // the phase stops once the state has made this many rule checks
	progress   func(stage string, done, total int)
	exactPairs int         // the exact search runs on instances with at most this many candidate pairs
	exact      bool        // the search proved its coverage optimal
	board      *boundBoard // where the Lagrangian bound, running beside the search, posts
	lost       []int       // on a re-plan, the roles of saved proposals that no longer fit
	itemOf     []int       // per role: 1 + its item in the employer being re-packed, 0 if none
}

func newSolver(ctx context.Context, in *instance, progress func(string, int, int)) *solver {
	v := &solver{ctx: ctx, s: newState(in), budget: augmentBudget, progress: progress, board: newBoundBoard(),
		exactPairs: exactPairs}
	for _, r := range in.roles {
		if r.open && r.seats > 0 {
			v.order = append(v.order, r.ID)
		}
	}
	v.sortOrder()
	for _, r := range v.order {
		v.tierEnd[in.roles[r].tier]++
	}
	for t := 1; t <= 4; t++ {
		v.tierEnd[t] += v.tierEnd[t-1]
	}
	return v
}

// sortOrder orders the roles by priority, then fewest candidates, then start.
func (v *solver) sortOrder() {
	in := v.s.in
	slices.SortStableFunc(v.order, func(a, b int) int {
		ra, rb := in.roles[a], in.roles[b]
		return cmp.Or(cmp.Compare(ra.tier, rb.tier), cmp.Compare(in.candidateCount(a), in.candidateCount(b)), cmp.Compare(ra.from, rb.from))
	})
}

// ofTier lists the roles of priority t, in the order they are planned.
func (v *solver) ofTier(t int) []int { return v.order[v.tierEnd[t-1]:v.tierEnd[t]] }

// phase is one stage of the search, named as the progress report shows it.
type phase struct {
	name string
	fn   func()
}

// phases plans: earlier proposals first (stability), then greedily by priority and
// scarcity, then chains of moves and exact re-solves into every seat still empty, then an
// exact search on small instances, then swaps that raise quality without losing a seat.
//
// A re-plan (the register holds earlier proposals, and stability is wanted) keeps every
// earlier proposal that still fits, fills what is left, and runs only the chains: each
// fills one more seat and empties none of equal or higher priority, so everyone whose
// seat still holds stays unless moving them gains a seat. The exact re-solves and the
// wander among equally good plans, which rearrange whole neighbourhoods, and the quality
// swaps of earlier proposals, are left out.
func (v *solver) phases() []phase {
	return []phase{
		{"Keeping earlier proposals", v.seedPrevious},
		{"Filling seats by priority", v.greedy},
		{"Moving people to fill empty seats", v.augmentAll},
		{"Re-solving around empty seats", v.repairNeighbourhoods},
		{"Trying longer chains", v.deepenAll},
		{"Exploring equally good plans", v.explorePlateau},
		{"Re-packing each employer's days", v.repackEmployers},
		{"Proving the best coverage", v.exactSearch},
		{"Improving quality", v.improve},
	}
}

// run runs the phases, telling progress of each and of the wait for the bound after them.
func (v *solver) run() error {
	phases := v.phases()
	for i, ph := range phases {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		v.report(ph.name, i)
		ph.fn()
	}
	return v.ctx.Err()
}

// report tells progress that stage i has begun, of the phases and the wait for the bound.
func (v *solver) report(stage string, i int) {
	if v.progress != nil {
		v.progress(stage, i, len(v.phases())+1)
	}
}

// seedPrevious re-places earlier proposals that still fit, on a re-plan. A lazy instance
// then finds the candidates of the roles with seats left, on every core, and orders the
// roles by them.
func (v *solver) seedPrevious() {
	in := v.s.in
	if !in.replan {
		return
	}
	for _, r := range v.order {
		for _, p := range in.roles[r].previous {
			if v.s.fits(p, r) {
				v.s.add(p, r)
			} else {
				v.lost = append(v.lost, r)
			}
		}
	}
	if in.lazy {
		var open []int
		for _, r := range v.order {
			if v.free(r) {
				open = append(open, r)
			}
		}
		in.findAll(open)
		v.sortOrder()
	}
}

// fillDirect fills a role's free seats with its best candidates who fit as things stand.
func (v *solver) fillDirect(r int) bool {
	added := false
	if !v.free(r) {
		return false
	}
	for _, p := range v.s.in.candidates(r) {
		if !v.free(r) {
			return true
		}
		if v.s.dynamicRule(p, r) == 0 {
			v.s.add(p, r)
			added = true
		}
	}
	if v.free(r) {
		v.s.nobodyFits(r) // those passed over before someone was added fit no better after
	}
	return added
}

func (v *solver) free(r int) bool { return v.s.room[r] > 0 }

// allow gives the phase now starting its allowance of rule checks.
func (v *solver) allow(work int) { v.workEnd = v.s.checks + work }

// work is a phase's allowance of rule checks: full, or at most replan on a re-plan.
func (v *solver) work(full, replan int) int {
	if v.s.in.replan {
		return min(full, replan)
	}
	return full
}

// spent reports whether the chains have used up their moves or the phase its checks.
func (v *solver) spent() bool { return v.budget <= 0 || v.s.checks >= v.workEnd }

// augmentAll tries, tier by tier, to fill each empty seat by a chain of moves, until a pass
// fills nothing more; then again from priority 1, since moves made for a lower priority can
// open a way for a higher one, until a whole round changes nothing. A re-plan tries first
// the roles whose saved proposals the change made invalid, whose seats the saved plan had
// filled, and then the rest, whose empty seats the first plan's chains tried already, with
// what is left of replanRest checks at most.
func (v *solver) augmentAll() {
	v.budget = augmentBudget
	v.allow(v.work(chainWork, replanWork))
	if v.s.in.replan {
		v.chains(func(r int) bool { return slices.Contains(v.lost, r) })
		v.workEnd = min(v.workEnd, v.s.checks+replanRest)
	}
	v.chains(func(int) bool { return true })
}

// chains runs augmentAll's rounds over the roles that only accepts.
func (v *solver) chains(only func(r int) bool) {
	for round := true; round && !v.spent() && v.ctx.Err() == nil; {
		round = false
		for tier := 1; tier <= 4; tier++ {
			for improved := true; improved && !v.spent() && v.ctx.Err() == nil; {
				improved = false
				for _, r := range v.ofTier(tier) {
					for only(r) && v.free(r) && v.augment(r, tier, chainDepth, map[pairKey]bool{}) {
						improved, round = true, true
					}
				}
			}
		}
	}
}

// augment fills one more seat of role r for a chain whose aim is one more seat of priority
// goal. A candidate who does not fit may still take the seat if planned assignments are
// moved out of the way (clear); every seat so emptied at priority goal or higher must be
// made good (refill), to the given depth, so the chain never trades a seat for one of lower
// priority. A failed chain is rolled back whole.
func (v *solver) augment(r, goal, depth int, placed map[pairKey]bool) bool {
	if v.fillOne(r) {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, p := range v.s.in.candidates(r) {
		if v.spent() {
			return false
		}
		if !v.s.holds(p, r) && v.moveIn(p, r, goal, depth, placed) {
			return true
		}
	}
	return false
}

// moveIn puts p in r, moving planned assignments out of the way and making good the seats
// they leave, by chains of at most depth-1 further moves.
func (v *solver) moveIn(p, r, goal, depth int, placed map[pairKey]bool) bool {
	return v.clear(p, r, nil, placed, func(removed []move) bool {
		v.s.add(p, r)
		placed[pairKey{p, r}] = true
		if v.refill(removed, goal, depth-1, placed) {
			return true
		}
		delete(placed, pairKey{p, r})
		return false
	})
}

// deepenAll gives each seat still empty one more try with chains two moves longer than
// augmentAll's, one candidate at a time, cheapest way in first, each within a budget of its
// own. A chain that fills a seat can be long but narrow: in one search over all candidates
// it is reached only after the others have spent the budget. A re-plan gives them only to
// the seats of proposals the change made invalid: the first plan's longer chains tried
// every seat the saved plan left empty. A first plan where the release capacity binds
// gives them none: there they found a seat in a thousand tries and took half the search's
// time, which the wander among equally good plans spends better (explorePlateau).
func (v *solver) deepenAll() {
	if !v.s.in.replan && v.s.in.capacityBinds() {
		return
	}
	v.budget = deepTotal
	v.allow(v.work(deepWork, replanDeep))
	for _, r := range v.order {
		if v.s.in.replan && !slices.Contains(v.lost, r) {
			continue
		}
		for v.free(r) && !v.spent() && v.ctx.Err() == nil && v.deepen(r) {
		}
	}
}

// deepen fills one more seat of r if some candidate's chain does so within deepEach moves,
// and deepRole for the seat.
func (v *solver) deepen(r int) bool {
	cands := slices.Clone(v.s.in.candidates(r))
	cost := make(map[int][2]int, len(cands))
	for _, p := range cands {
		cost[p] = v.s.blockingCost(p, r)
	}
	slices.SortStableFunc(cands, func(a, b int) int {
		return cmp.Or(cmp.Compare(cost[a][0], cost[b][0]), cmp.Compare(cost[a][1], cost[b][1]))
	})
	stop := max(v.budget-deepRole, 0)
	for _, p := range cands {
		if v.budget <= stop || v.spent() {
			return false
		}
		if v.s.holds(p, r) {
			continue
		}
		spend := min(v.budget, deepEach)
		rest := v.budget - spend
		v.budget = spend
		ok := v.moveIn(p, r, v.s.in.roles[r].tier, chainDepth+2, map[pairKey]bool{})
		v.budget += rest
		if ok {
			return true
		}
	}
	return false
}

// maxVictims is how many assignments one chain may move out of the way of one person.
const maxVictims = 4

// clear removes planned assignments (never kept ones, never one this chain has just made)
// until p may join r, trying each plausible victim in turn, and then calls then with what
// it removed. Whatever then does not keep is rolled back. A chain may pass through a role
// more than once: one person leaves it, another joins.
func (v *solver) clear(p, r int, removed []move, placed map[pairKey]bool, then func([]move) bool) bool {
	v.budget--
	rule := v.s.dynamicRule(p, r)
	if rule == 0 {
		mark := v.s.checkpoint()
		if then(removed) {
			return true
		}
		v.s.rollback(mark)
		return false
	}
	if len(removed) >= maxVictims || v.spent() {
		return false
	}
	for _, victim := range v.s.victims(p, r, rule) {
		if placed[pairKey{victim.person, victim.role}] {
			continue
		}
		mark := v.s.checkpoint()
		v.s.remove(victim.person, victim.role)
		if v.clear(p, r, append(removed, victim), placed, then) {
			return true
		}
		v.s.rollback(mark)
	}
	return false
}

// fillOne adds the best candidate who fits now, if any. A role whose candidates were all
// found not to fit is not searched again until something that could let one in changes.
func (v *solver) fillOne(r int) bool {
	if !v.free(r) {
		return false
	}
	if p, known := v.s.fitsSince(r); known {
		if p >= 0 {
			v.s.add(p, r)
		}
		return p >= 0
	}
	for _, p := range v.s.in.candidates(r) {
		if v.s.dynamicRule(p, r) == 0 {
			v.s.add(p, r)
			return true
		}
	}
	v.s.nobodyFits(r)
	return false
}

// refill makes good every emptied seat of priority goal or higher: in the same role if it
// can, else in any other role of that priority with a free seat, since a priority's count
// is what the plan must keep. Seats of lower priority than goal may be given up.
func (v *solver) refill(removed []move, goal, depth int, placed map[pairKey]bool) bool {
	for _, m := range removed {
		lost := v.s.in.roles[m.role].tier
		if lost > goal {
			continue
		}
		if !v.augment(m.role, goal, depth, placed) && !v.augmentTier(lost, m.role, goal, depth, placed) {
			return false
		}
	}
	return true
}

// augmentTier fills one more seat in any role of the given priority other than skip.
func (v *solver) augmentTier(tier, skip, goal, depth int, placed map[pairKey]bool) bool {
	for _, r := range v.ofTier(tier) {
		if r != skip && v.free(r) && v.augment(r, goal, depth, placed) {
			return true
		}
	}
	return false
}

// blockingCost ranks how hard it is to move p into r as things stand: first by the highest
// priority among the assignments in the way (the higher, the scarcer the people who could
// make its seat good), then by how many there are.
func (s *state) blockingCost(p, r int) [2]int {
	blockers := s.victims(p, r, s.dynamicRule(p, r))
	top := 5
	for _, m := range blockers {
		top = min(top, s.in.roles[m.role].tier)
	}
	return [2]int{-top, len(blockers)}
}

// victimChoices is how many different assignments clear tries moving at each step.
const victimChoices = 3

// victims lists the planned assignments whose removal would lift the rule barring p from
// r, most expendable first: for a double booking the clashing role (all must go, so one
// will do); for the annual cap, p's roles in a year r would overrun; for the release
// limit, colleagues' roles on the first day at the limit. Lower priority goes first, then
// more days.
func (s *state) victims(p, r int, rule Rule) []move {
	out := s.blockers(p, r, rule)
	slices.SortStableFunc(out, func(a, b move) int {
		ra, rb := s.in.roles[a.role], s.in.roles[b.role]
		return cmp.Or(cmp.Compare(rb.tier, ra.tier), cmp.Compare(rb.total, ra.total))
	})
	return out[:min(len(out), victimChoices)]
}

// blockers lists the planned assignments whose removal would lift the rule barring p from r.
func (s *state) blockers(p, r int, rule Rule) []move {
	ri := s.in.roles[r]
	var out []move
	switch rule {
	case model.RuleDoubleBooking:
		for _, other := range s.booked[p] {
			if s.in.roles[other].Overlaps(ri.Period) {
				return []move{{person: p, role: other}}
			}
		}
	case model.RuleAnnualCap:
		years := map[int]bool{}
		for _, yd := range ri.Days {
			years[yd.Year] = yd.Days > 0
		}
		for _, other := range s.booked[p] {
			for _, yd := range s.in.roles[other].Days {
				if years[yd.Year] && yd.Days > 0 {
					out = append(out, move{person: p, role: other})
					break
				}
			}
		}
	case model.RuleReleaseLimit:
		out = s.colleaguesAway(p, r)
	}
	return out
}

// colleaguesAway lists the planned assignments of p's colleagues on the first day of r
// that their organisation is at the release limit.
func (s *state) colleaguesAway(p, r int) []move {
	org := s.in.people[p].Org
	day, _, full := s.FullDay(org, s.in.roles[r].Period, s.in.limit)
	if !full {
		return nil
	}
	var out []move
	for _, q := range s.in.members[org] {
		for _, other := range s.booked[q] {
			if s.in.periods[other].Contains(day) {
				out = append(out, move{person: q, role: other})
			}
		}
	}
	return out
}

// improve swaps a seat-holder for a better-scoring candidate who fits in their place, so
// quality rises while coverage stays as it is. On a re-plan, earlier proposals stay.
func (v *solver) improve() {
	in := v.s.in
	for _, r := range v.order {
		for _, holder := range append([]int(nil), v.s.holders[r]...) {
			if v.ctx.Err() != nil {
				return
			}
			if in.replan && slices.Contains(in.roles[r].previous, holder) {
				continue
			}
			current := in.total(holder, r)
			for _, p := range in.candidates(r) {
				if p == holder || in.total(p, r) <= current {
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
