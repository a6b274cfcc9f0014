package scheduler

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// exactPairs: instances with at most this many candidate pairs are solved exactly.
const exactPairs = 60

// exactSearch proves the best coverage on small instances by branch and bound: it tries
// every way of filling the seats, role by role in priority order, pruning any branch that
// cannot beat the best coverage found. It starts from the plan the earlier phases made, so
// it only replaces that plan with one that fills more.
func (v *solver) exactSearch() {
	if v.s.in.replan || v.s.in.pairs() > v.exactPairs {
		return
	}
	e := &exactRun{order: v.order, best: v.s.filled(), nodes: exactNodes, s: newState(v.s.in)}
	e.narrow()
	e.dfs(0, 0)
	if e.nodes > 0 {
		v.exact = true // the search ran to the end: its best is optimal
	}
	if e.bestHolders != nil {
		s := newState(v.s.in)
		e.place(s)
		s.journal, s.checks = nil, v.s.checks
		v.s = s
	}
}

type exactRun struct {
	order       []int // the roles to decide, in this order
	s           *state
	best        [5]int  // the coverage to beat
	bestHolders [][]int // per role of order, the best arrangement found; nil if none beat best
	nodes       int     // how many more nodes the search may visit
	// cands are, per role of order, the candidates who fit before the search, in the
	// order tried: best first, or shuffled by shuffle if it is set, and then, if tight is,
	// those whose employer's spare capacity fits the role most tightly first.
	cands   [][]int
	shuffle *rand.Rand
	tight   bool
}

// narrow keeps, of each role's candidates, those who fit as the plan stands, with the roles
// of order empty: adding assignments never lets in someone who did not fit, so no one else
// can take a seat anywhere in the search. On registers with hundreds of candidates per
// role, mostly booked elsewhere, this spares the search nearly all of its checks.
func (e *exactRun) narrow() {
	e.cands = make([][]int, len(e.order))
	for k, r := range e.order {
		fit := e.s.fitNow(r)
		if e.shuffle != nil {
			e.shuffle.Shuffle(len(fit), func(i, j int) { fit[i], fit[j] = fit[j], fit[i] })
		}
		if e.tight {
			e.s.byTightness(fit, r)
		}
		e.cands[k] = fit
	}
}

// fitNow lists, best first, role r's candidates who fit as the plan stands. Where the
// release limit binds, most candidates work for an employer at its limit within the
// role's dates: each such employer is passed over whole, before any of its people is
// checked (rule 9 would bar every one of them).
func (s *state) fitNow(r int) []int {
	cands, ri := s.in.candidates(r), s.in.roles[r]
	var fit []int
	if s.in.limit == 0 || len(ri.orgOf) != len(cands) {
		for _, p := range cands {
			if s.dynamicRule(p, r) == 0 {
				fit = append(fit, p)
			}
		}
		return fit
	}
	var places []int32
	for org, theirs := range ri.employers {
		if _, _, full := s.FullDay(org, ri.Period, s.in.limit); full {
			s.checks += len(theirs) // still counted: the phases' allowances are in candidates considered
			continue
		}
		for _, k := range theirs {
			if s.dynamicRule(cands[k], r) == 0 {
				places = append(places, k)
			}
		}
	}
	slices.Sort(places)
	for _, k := range places {
		fit = append(fit, cands[k])
	}
	return fit
}

// dfs decides the seats of v.order[i] from candidate index `from` on.
func (e *exactRun) dfs(i, from int) {
	if e.nodes <= 0 {
		return
	}
	e.nodes--
	if !better(e.optimistic(i), e.best) && i < len(e.order) {
		return
	}
	if i == len(e.order) {
		if f := e.s.filled(); better(f, e.best) {
			e.best = f
			e.bestHolders = make([][]int, len(e.order))
			for k, r := range e.order {
				e.bestHolders[k] = slices.Clone(e.s.holders[r])
			}
		}
		return
	}
	r, cands := e.order[i], e.cands[i]
	if e.free(r) {
		for k := from; k < len(cands); k++ {
			if p := cands[k]; e.s.dynamicRule(p, r) == 0 {
				e.s.add(p, r)
				e.dfs(i, k+1)
				e.s.rollback(len(e.s.journal) - 1)
			}
		}
	}
	e.dfs(i+1, 0) // leave the rest of this role's seats empty
}

// place adds the best arrangement found to s, whose roles of order must be empty.
func (e *exactRun) place(s *state) {
	for k, r := range e.order {
		for _, p := range e.bestHolders[k] {
			s.add(p, r)
		}
	}
}

func (e *exactRun) free(r int) bool { return e.s.room[r] > 0 }

// optimistic is the coverage if every role from i on filled every free seat with the
// candidates who fit now. Adding assignments never lets in someone who did not fit, so no
// branch can do better.
func (e *exactRun) optimistic(i int) [5]int {
	f := e.s.filled()
	for j := i; j < len(e.order); j++ {
		r := e.order[j]
		ri := e.s.in.roles[r]
		fit, free := 0, e.s.room[r]
		for _, p := range e.cands[j] {
			if fit == free {
				break
			}
			if e.s.dynamicRule(p, r) == 0 {
				fit++
			}
		}
		f[ri.tier] += fit
	}
	return f
}

// better compares coverage lexicographically from priority 1.
func better(a, b [5]int) bool {
	for t := 1; t <= 4; t++ {
		if a[t] != b[t] {
			return a[t] > b[t]
		}
	}
	return false
}

func snapshot(s *state) [][]int {
	out := make([][]int, len(s.holders))
	for r, h := range s.holders {
		out[r] = append([]int(nil), h...)
	}
	return out
}

func restore(in *instance, holders [][]int) *state {
	s := newState(in)
	for r, h := range holders {
		for _, p := range h {
			s.add(p, r)
		}
	}
	s.journal = nil
	return s
}

// Limits of the neighbourhood search: how many roles are re-solved together, and how
// many nodes the exact search may visit for each.
const hoodRoles, hoodNodes = 7, 4_000

// repairNeighbourhoods tries, for each role still short of people, to re-solve exactly a
// small neighbourhood around it: the role, the roles its candidates hold, and the roles
// their candidates hold. Everything else stays put; the new arrangement is kept only if
// coverage rises lexicographically. It finds the improvements that need two chains of
// moves at once.
func (v *solver) repairNeighbourhoods() {
	if v.s.in.replan {
		return
	}
	v.allow(repairWork)
	for _, r := range v.order {
		for v.free(r) && !v.spent() && v.ctx.Err() == nil && v.repair(r) {
		}
	}
}

func (v *solver) repair(r int) bool {
	e := &exactRun{order: v.neighbourhood(r), best: v.s.filled(), nodes: hoodNodes}
	changed := v.resolve(e)
	v.budget -= hoodNodes - e.nodes
	return changed
}

// resolve empties the roles of e.order in the plan and re-solves them exactly, everything
// else staying put, and keeps the best arrangement found that beats e.best. If none does,
// the plan is left as it was. It reports whether the plan changed.
func (v *solver) resolve(e *exactRun) bool {
	mark := v.s.checkpoint()
	for _, h := range e.order {
		for _, p := range slices.Clone(v.s.holders[h]) {
			v.s.remove(p, h)
		}
	}
	e.s = v.s
	e.narrow()
	e.dfs(0, 0)
	if e.bestHolders == nil {
		v.s.rollback(mark)
		return false
	}
	e.place(v.s)
	return true
}

// neighbourhood lists r and the roles most entangled with it, highest priority first.
func (v *solver) neighbourhood(r int) []int {
	in := v.s.in
	seen := map[int]bool{r: true}
	hood := []int{r}
	ring := []int{r}
	for len(ring) > 0 && len(hood) < hoodRoles {
		var next []int
		for _, x := range ring {
			for _, p := range in.candidates(x) {
				for _, held := range v.s.booked[p] {
					if !seen[held] && len(hood) < hoodRoles {
						seen[held] = true
						hood = append(hood, held)
						next = append(next, held)
					}
				}
			}
		}
		ring = next
	}
	slices.SortStableFunc(hood, func(a, b int) int {
		return cmp.Or(cmp.Compare(in.roles[a].tier, in.roles[b].tier), cmp.Compare(in.candidateCount(a), in.candidateCount(b)))
	})
	return hood
}
