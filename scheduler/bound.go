package scheduler

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// boundsBeside computes, on a core of its own while the search runs, two bounds on the
// seats of priorities 1 to t together that any valid plan can fill, posting each to board
// as it goes: a maximum flow, then the Lagrangian relaxation of the coverage model. It
// returns the tighter of them per priority, or nil if ctx was cancelled. They depend on
// the instance alone, so the same data always gives the same bounds. A re-plan, which
// must be quick, has the flow only, and on large registers not even that (quickBounds); nor
// has a large register whose release capacity binds, where that capacity is the tight
// bound and the flow, which ignores it, a far looser one that takes seconds.
func boundsBeside(ctx context.Context, in *instance, board *boundBoard) *[5]int {
	if in.lazy { // the candidates are found as the search asks for them: nothing to read here
		b := noBound
		return &b
	}
	if in.replan || in.pairs() > lagrangePairs && in.capacityBinds() {
		b := quickBounds(in)
		return &b
	}
	flow := flowBounds(in)
	board.lower(flow)
	lag := lagrangeBounds(ctx, in, board)
	if lag == nil {
		return nil
	}
	for t := range lag {
		lag[t] = min(lag[t], flow[t])
	}
	return lag
}

// quickBounds is the flow bound on registers small enough for it to take a moment, and
// none on larger ones (the release capacity and the seats still bound each priority) nor
// on lazy ones, whose candidates are not all found.
func quickBounds(in *instance) [5]int {
	if in.lazy || in.pairs() > lagrangePairs {
		return noBound
	}
	return flowBounds(in)
}

// noBound bounds nothing.
var noBound = [5]int{math.MaxInt, math.MaxInt, math.MaxInt, math.MaxInt, math.MaxInt}

// flowBounds returns, for each tier t, an upper bound on the seats of tiers 1..t that any
// valid plan can fill: a maximum flow from associates to seats in which each associate may
// take at most as many roles as fit in their diary without overlap and within their annual
// cap, ignoring the release limit and which roles they combine. Rules that the flow
// ignores only make the bound looser, never wrong.
//
// One network serves every tier: tier t's seats are opened and the flow augmented from
// where tier t-1 left it, since opening seats and raising capacities keeps a flow valid.
// Each tier's flow starts from a greedy one, so the exact search for the rest is short.
func flowBounds(in *instance) [5]int {
	var roles []*roleInfo
	pairs := 0
	for _, r := range in.roles {
		if r.open && r.seats > 0 {
			roles = append(roles, r)
			pairs += len(r.cands)
		}
	}
	// Nodes: 0 source, 1 sink, 2.. people, then roles.
	g := newFlow(2+len(in.people)+len(roles), len(in.people)+len(roles)+pairs)
	sinkArc := make([]int, len(roles))
	pairArcs := make([][]int, len(roles))
	perPerson := make([][]*roleInfo, len(in.people))
	for i, r := range roles {
		sinkArc[i] = g.edge(2+len(in.people)+i, 1, 0)
		for _, p := range r.cands {
			pairArcs[i] = append(pairArcs[i], g.edge(2+p, 2+len(in.people)+i, 1))
		}
	}
	sourceArc := make([]int, len(in.people))
	for p := range in.people {
		sourceArc[p] = g.edge(0, 2+p, 0)
	}
	var b [5]int
	flowed := 0
	for t := 1; t <= 4; t++ {
		for i, r := range roles {
			if r.tier != t {
				continue
			}
			g.cap[sinkArc[i]] = r.seats
			for _, p := range r.cands {
				perPerson[p] = append(perPerson[p], r)
			}
		}
		for p, rs := range perPerson {
			if len(rs) > 0 {
				g.raise(sourceArc[p], personCapacity(in.people[p], rs))
			}
		}
		for i, r := range roles {
			if r.tier == t {
				flowed += g.pushDirect(sourceArc, sinkArc[i], pairArcs[i], r.cands)
			}
		}
		flowed += g.maxFlow(0, 1)
		b[t] = flowed
	}
	return b
}

// pushDirect sends flow along source → person → role → sink wherever all three arcs have
// room: candidates, in order, into the role's free seats. It returns the flow sent.
func (f *flow) pushDirect(sourceArc []int, sink int, pairArcs, cands []int) int {
	sent := 0
	for k, p := range cands {
		if f.cap[sink] == 0 {
			break
		}
		if e := pairArcs[k]; f.cap[sourceArc[p]] > 0 && f.cap[e] > 0 {
			for _, arc := range []int{sourceArc[p], e, sink} {
				f.cap[arc]--
				f.cap[arc^1]++
			}
			sent++
		}
	}
	return sent
}

// personCapacity bounds how many of rs one person can hold: no more than a largest set of
// non-overlapping roles (earliest end first is optimal for that), and no more than fit in
// their total days left when the shortest roles are taken first.
func personCapacity(p *person, rs []*roleInfo) int {
	disjoint := mostDisjoint(rs)
	left := 0
	for _, c := range p.capLeft {
		left += max(c, 0)
	}
	byDays := slices.Clone(rs)
	slices.SortFunc(byDays, func(a, b *roleInfo) int { return cmp.Compare(a.total, b.total) })
	fit := 0
	for _, r := range byDays {
		if left < r.total {
			break
		}
		left -= r.total
		fit++
	}
	return min(disjoint, fit)
}

// mostDisjoint is the most of rs that do not overlap one another: earliest end first is
// optimal for that.
func mostDisjoint(rs []*roleInfo) int {
	byEnd := slices.Clone(rs)
	slices.SortFunc(byEnd, func(a, b *roleInfo) int { return cmp.Compare(a.to, b.to) })
	n, lastEnd := 0, math.MinInt
	for _, r := range byEnd {
		if r.from > lastEnd {
			n, lastEnd = n+1, r.to
		}
	}
	return n
}

// flow is a small Dinic maximum-flow network.
type flow struct {
	head  []int
	to    []int
	cap   []int
	next  []int
	level []int
	iter  []int
	queue []int
}

// newFlow makes a network of n nodes with room for the given number of edges.
func newFlow(n, edges int) *flow {
	f := &flow{head: make([]int, n), level: make([]int, n), iter: make([]int, n),
		to: make([]int, 0, 2*edges), cap: make([]int, 0, 2*edges), next: make([]int, 0, 2*edges)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

// edge adds an arc from u to v of capacity c, and its reverse; it returns the arc's index.
func (f *flow) edge(u, v, c int) int {
	f.arc(u, v, c)
	f.arc(v, u, 0)
	return len(f.to) - 2
}

func (f *flow) arc(u, v, c int) {
	f.to = append(f.to, v)
	f.cap = append(f.cap, c)
	f.next = append(f.next, f.head[u])
	f.head[u] = len(f.to) - 1
}

// raise sets arc e's capacity to c, which must be no less than the flow it carries.
func (f *flow) raise(e, c int) {
	used := f.cap[e^1]
	f.cap[e] = c - used
}

// bfs levels the nodes by distance from s in the residual network, as far as t's level:
// nodes farther than t cannot be on a shortest path to it.
func (f *flow) bfs(s, t int) bool {
	for i := range f.level {
		f.level[i] = -1
	}
	f.level[s] = 0
	queue := append(f.queue[:0], s)
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		if f.level[t] >= 0 && f.level[u] >= f.level[t] {
			break
		}
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if v := f.to[e]; f.cap[e] > 0 && f.level[v] < 0 {
				f.level[v] = f.level[u] + 1
				queue = append(queue, v)
			}
		}
	}
	f.queue = queue
	return f.level[t] >= 0
}

func (f *flow) dfs(u, t, pushed int) int {
	if u == t {
		return pushed
	}
	for ; f.iter[u] >= 0; f.iter[u] = f.next[f.iter[u]] {
		e := f.iter[u]
		v := f.to[e]
		if f.cap[e] > 0 && f.level[v] == f.level[u]+1 {
			if got := f.dfs(v, t, min(pushed, f.cap[e])); got > 0 {
				f.cap[e] -= got
				f.cap[e^1] += got
				return got
			}
		}
	}
	return 0
}

func (f *flow) maxFlow(s, t int) int {
	total := 0
	for f.bfs(s, t) {
		copy(f.iter, f.head)
		for pushed := f.dfs(s, t, 1<<30); pushed > 0; pushed = f.dfs(s, t, 1<<30) {
			total += pushed
		}
	}
	return total
}
