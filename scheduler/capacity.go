package scheduler

import (
	"cmp"
	"math"
	"slices"
)

// capacityBounds bounds, for each priority t, the seats of priority t that any plan could
// fill when the higher priorities fill as many seats as in s, by the release limit alone
// (rule 9): on any day each employer can spare at most K people, less those committed,
// and summed over employers that is all the people any plan can have away that day. On
// national registers, where most of an employer's staff could take most roles, that limit
// is what leaves seats empty, and this bound is far tighter than the flow's.
//
// Of the seats it may choose, the most that fit within each day's capacity are found by
// taking them earliest end first: for intervals against day-by-day capacities that greedy
// is optimal. A higher priority whose seats s fills every one of is fixed: any plan filling
// as many fills the same seats, on the same days. With no release limit there is no bound.
//
// That count bounds priority t and the higher ones that are not fixed together, and less
// the seats s fills of those it bounds priority t. When they may be traded (a plan could
// leave a long seat of a higher priority empty for several short ones of priority t), the
// bound is lowered by pricing them (tradedBound), for plans that fill at least as many
// seats of each higher priority as s: fewer would empty a seat of higher priority.
func capacityBounds(in *instance, s *state) [5]int { return in.capacityBounds(s, true) }

// capacityBounds is capacityBounds, lowered by trading seats only if traded.
func (in *instance) capacityBounds(s *state, traded bool) [5]int {
	var b [5]int
	if in.limit == 0 {
		for t := range b {
			b[t] = math.MaxInt
		}
		return b
	}
	filled, capDay := s.filled(), in.releaseCapacity()
	var seats [5][]int // per priority: each seat a plan could fill, as its role
	var planned [5]int
	for _, r := range in.roles {
		if r.open {
			planned[r.tier] += r.seats
			seats[r.tier] = r.fillable(seats[r.tier])
		}
	}
	var pool []int
	var floor [5]int // per higher priority that is not fixed: the seats filled
	for t := 1; t <= 4; t++ {
		pool = append(pool, seats[t]...)
		fit, loose := in.mostThatFit(pool, slices.Clone(capDay)), cumulative(floor)[t-1]
		b[t] = fit - loose
		if traded && loose > 0 && fit < len(pool) { // the capacity binds: seats may be traded
			b[t] = min(b[t], in.tradedBound(pool, capDay, t, floor))
		}
		if filled[t] == planned[t] { // fixed: take its seats out of the days it holds
			pool = pool[:len(pool)-len(seats[t])]
			for _, r := range seats[t] {
				for d := in.roles[r].from; d <= in.roles[r].to; d++ {
					capDay[d]--
				}
			}
		} else {
			floor[t] = filled[t]
		}
	}
	return b
}

// capacityBinds reports whether the release capacity cannot hold every seat that has a
// candidate.
func (in *instance) capacityBinds() bool {
	if in.limit == 0 {
		return false
	}
	var seats []int
	for _, r := range in.roles {
		if r.open {
			seats = r.fillable(seats)
		}
	}
	return in.mostThatFit(seats, in.releaseCapacity()) < len(seats)
}

// fillable appends to seats the role's seats a plan could fill (one for each seat to plan,
// as far as it has candidates), each as the role's ID. A role of a lazy instance whose
// candidates were never asked for has had every seat held all along, each by a
// candidate: it has at least as many candidates as seats.
func (r *roleInfo) fillable(seats []int) []int {
	n := r.seats
	if r.built {
		n = min(n, len(r.cands))
	}
	for range n {
		seats = append(seats, r.ID)
	}
	return seats
}

// mostThatFit returns how many of the seats (each as its role) fit within capDay, people
// away per day. It uses up capDay.
func (in *instance) mostThatFit(seats []int, capDay []int) int { return len(in.fitting(seats, capDay)) }

// fitting returns the most seats (each as its role) that fit within capDay, people away per
// day, taking them earliest end first, and takes their days out of capDay.
func (in *instance) fitting(seats []int, capDay []int) []int {
	byEnd := slices.Clone(seats)
	slices.SortStableFunc(byEnd, func(a, b int) int { return cmp.Compare(in.roles[a].to, in.roles[b].to) })
	var out []int
	for _, r := range byEnd {
		days := capDay[in.roles[r].from : in.roles[r].to+1]
		if len(days) == 0 || slices.Min(days) <= 0 {
			continue
		}
		for d := range days {
			days[d]--
		}
		out = append(out, r)
	}
	return out
}

// releaseCapacity is, for each day of the planning window, how many people all employers
// together may have away under the release limit once commitments are counted: K less
// those committed, for each employer with someone who could take a role.
func (in *instance) releaseCapacity() []int {
	away := make([][]int16, len(in.members))
	for _, a := range in.kept {
		org := in.people[in.byStaff[a.StaffID]].Org
		if away[org] == nil {
			away[org] = make([]int16, in.horizon)
		}
		for d := max(int(a.From-in.origin), 0); d <= int(a.To-in.origin) && d < in.horizon; d++ {
			away[org][d]++
		}
	}
	capDay := make([]int, in.horizon)
	for org, supplies := range in.supplies {
		if !supplies {
			continue
		}
		for d := range capDay {
			n := 0
			if away[org] != nil {
				n = int(away[org][d])
			}
			capDay[d] += max(in.limit-n, 0)
		}
	}
	return capDay
}

// tradedBound bounds the seats of priority t that any plan filling at least floor[u]
// seats of each higher priority u in pool (each seat as its role) can fill within capDay,
// people away per day, by Lagrange: for prices λ_u ≥ 0 of a seat of u against one of t, a
// plan filling x_t seats of t and x_u ≥ floor[u] of each u has x_t ≤ x_t + Σ λ_u (x_u −
// floor[u]) ≤ most(λ) − Σ λ_u floor[u], where most(λ) is the most that seats weigh (1 of
// priority t, λ_u each of u) among those that fit within capDay. For intervals against
// day-by-day capacities that most is a minimum-cost flow, so it is exact. The prices are
// searched on a grid: one price for every higher priority first, then each on its own.
func (in *instance) tradedBound(pool []int, capDay []int, t int, floor [5]int) int {
	w := in.newWeighing(pool, capDay, t)
	var p [5]int64
	best := math.MaxInt
	try := func() bool {
		if b := w.bound(p, floor); b < best {
			best = b
			return true
		}
		return false
	}
	bestOne := int64(0) // λ = p/tradeScale, the same for every higher priority
	for _, one := range tradeGrid {
		p = [5]int64{one, one, one, one, one}
		if try() {
			bestOne = one
		}
	}
	p = [5]int64{bestOne, bestOne, bestOne, bestOne, bestOne}
	for range 2 { // then each on its own, a higher priority at a time
		for u := 1; u < t; u++ {
			keep := p[u]
			for _, one := range tradeGrid {
				if p[u] = one; try() {
					keep = one
				}
			}
			p[u] = keep
		}
	}
	return best
}

// tradeGrid is the prices tradedBound tries, in quarters of a seat of priority t.
var tradeGrid = []int64{0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32}

const tradeScale = 4

// weighing is the seats of a pool, counted per priority and period, on days compressed to
// the periods' boundaries (a seat holds every day between two neighbouring boundaries or
// none), with each stretch's capacity its smallest day's.
type weighing struct {
	t       int
	spans   []weighedSpan
	capSpan []int
}

type weighedSpan struct {
	from, to int // boundaries
	count    [5]int
}

func (in *instance) newWeighing(pool []int, capDay []int, t int) *weighing {
	cuts, capSpan := in.daySpans(pool, func(d int) int { return capDay[d] })
	w := &weighing{t: t, capSpan: capSpan}
	index := map[[2]int]int{}
	for _, r := range pool {
		ri := in.roles[r]
		k := [2]int{cuts.at(ri.from), cuts.at(ri.to + 1)}
		i, ok := index[k]
		if !ok {
			i = len(w.spans)
			index[k] = i
			w.spans = append(w.spans, weighedSpan{from: k[0], to: k[1]})
		}
		w.spans[i].count[ri.tier]++
	}
	slices.SortFunc(w.spans, func(a, b weighedSpan) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	return w
}

// dayCuts are the days on which some roles start or from which they have ended, in order:
// between two neighbours every one of those roles holds all of the days or none.
type dayCuts []int

// at is the place among the cuts of day d, which must be one.
func (c dayCuts) at(d int) int { i, _ := slices.BinarySearch(c, d); return i }

// daySpans cuts the days at the roles' starts and ends, and gives each span between two
// cuts the least capacity free gives any of its days (those outside the planning window
// have none).
func (in *instance) daySpans(roles []int, free func(d int) int) (dayCuts, []int) {
	var cuts []int
	for _, r := range roles {
		cuts = append(cuts, in.roles[r].from, in.roles[r].to+1)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	capSpan := make([]int, max(len(cuts)-1, 0))
	for i := range capSpan {
		capSpan[i] = math.MaxInt
		for d := cuts[i]; d < cuts[i+1]; d++ {
			c := 0
			if d >= 0 && d < in.horizon {
				c = free(d)
			}
			capSpan[i] = min(capSpan[i], c)
		}
	}
	return cuts, capSpan
}

// bound is most(λ) − Σ λ_u floor[u] for λ_u = p[u]/tradeScale, rounded down to seats.
func (w *weighing) bound(p [5]int64, floor [5]int) int {
	f := newWeightFlow(w.capSpan, len(w.spans)*w.t)
	for _, sp := range w.spans {
		for u := 1; u <= w.t; u++ {
			weight := p[u]
			if u == w.t {
				weight = tradeScale
			}
			f.interval(sp.from, sp.to-1, sp.count[u], weight)
		}
	}
	most := f.most()
	for u := 1; u < w.t; u++ {
		most -= p[u] * int64(floor[u])
	}
	return int(floorDiv(most, tradeScale))
}

func floorDiv(a, b int64) int64 {
	d := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		d--
	}
	return d
}

// weightFlow finds the most that intervals weigh among those that fit within capacities
// day by day, as a minimum-cost flow: nodes are the days' boundaries, width units of flow
// run from the first to the last, each either idle on a day, kept away by the day's lack of
// capacity (an arc each unit of which costs so much that all are taken), or held by an
// interval, which takes its days at once.
type weightFlow struct {
	to, next, head []int
	cap            []int
	cost           []int64
	width          int
	blocked        int64 // the cost of the units kept away: added back to the result
}

const blockCost = int64(1) << 40

// newWeightFlow makes the network of capDay's days, with room for the given number of
// arcs of intervals besides.
func newWeightFlow(capDay []int, intervals int) *weightFlow {
	arcs := 2 * (2*len(capDay) + intervals)
	f := &weightFlow{head: make([]int, len(capDay)+1), to: make([]int, 0, arcs), next: make([]int, 0, arcs),
		cap: make([]int, 0, arcs), cost: make([]int64, 0, arcs)}
	for i := range f.head {
		f.head[i] = -1
	}
	for _, c := range capDay {
		f.width = max(f.width, c)
	}
	for d, c := range capDay {
		c = max(c, 0)
		if f.width > c {
			f.arc(d, d+1, f.width-c, -blockCost)
			f.blocked += int64(f.width-c) * blockCost
		}
		f.arc(d, d+1, f.width, 0)
	}
	return f
}

// interval adds n intervals over days from to to (inclusive), each weighing w.
func (f *weightFlow) interval(from, to, n int, w int64) {
	if n > 0 && w > 0 && from >= 0 && to+1 < len(f.head) && from <= to {
		f.arc(from, to+1, n, -w)
	}
}

func (f *weightFlow) arc(u, v, c int, cost int64) {
	for _, e := range [2]struct {
		u, v, c int
		cost    int64
	}{{u, v, c, cost}, {v, u, 0, -cost}} {
		f.to = append(f.to, e.v)
		f.cap = append(f.cap, e.c)
		f.cost = append(f.cost, e.cost)
		f.next = append(f.next, f.head[e.u])
		f.head[e.u] = len(f.to) - 1
	}
}

// most sends width units from the first node to the last at least cost, by successive
// shortest paths (Dijkstra on costs reduced by potentials, which start as the distances
// of the network, acyclic while nothing has flowed), and returns the weight held.
func (f *weightFlow) most() int64 {
	n := len(f.head)
	const inf = math.MaxInt64 / 4
	pot := make([]int64, n)
	for i := range pot {
		pot[i] = inf
	}
	pot[0] = 0
	for u := range n { // arcs with room all run forward: days in order are a topological order
		if pot[u] == inf {
			continue
		}
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if f.cap[e] > 0 && pot[u]+f.cost[e] < pot[f.to[e]] {
				pot[f.to[e]] = pot[u] + f.cost[e]
			}
		}
	}
	dist, prev, done := make([]int64, n), make([]int, n), make([]bool, n)
	var total int64
	for left := f.width; left > 0; {
		for i := range dist {
			dist[i], prev[i], done[i] = inf, -1, false
		}
		dist[0] = 0
		for {
			u := -1
			for i := range n {
				if !done[i] && dist[i] < inf && (u < 0 || dist[i] < dist[u]) {
					u = i
				}
			}
			if u < 0 {
				break
			}
			done[u] = true
			for e := f.head[u]; e >= 0; e = f.next[e] {
				v := f.to[e]
				if f.cap[e] > 0 && !done[v] {
					if d := dist[u] + f.cost[e] + pot[u] - pot[v]; d < dist[v] {
						dist[v], prev[v] = d, e
					}
				}
			}
		}
		if dist[n-1] >= inf {
			break
		}
		for i := range pot {
			if dist[i] < inf {
				pot[i] += dist[i]
			}
		}
		push := left
		for v := n - 1; v != 0; v = f.to[prev[v]^1] {
			push = min(push, f.cap[prev[v]])
		}
		for v := n - 1; v != 0; v = f.to[prev[v]^1] {
			e := prev[v]
			f.cap[e] -= push
			f.cap[e^1] += push
			total += int64(push) * f.cost[e]
		}
		left -= push
	}
	return -total - f.blocked
}
