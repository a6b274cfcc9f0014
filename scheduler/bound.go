package scheduler

import (
	"cmp"
	"slices"
)

// coverageBounds returns, for each tier t, an upper bound on the seats of tiers 1..t that
// any valid plan can fill: a maximum flow from associates to seats in which each associate
// may take at most as many roles as fit in their diary without overlap and within their
// annual cap, ignoring the release limit and which roles they combine. Rules that the flow
// ignores only make the bound looser, never wrong.
//
// A tier whose seats are all filled needs no flow: its bound is what is filled.
func coverageBounds(in *instance, filled [5]int) [5]int {
	var seats [5]int
	for _, r := range in.roles {
		if r.open {
			seats[r.tier] += r.seats
		}
	}
	var b [5]int
	earlier := 0
	for t := 1; t <= 4; t++ {
		if filled[t] == seats[t] {
			b[t] = earlier + filled[t]
		} else {
			b[t] = boundUpTo(in, t)
		}
		earlier += filled[t]
	}
	return b
}

func boundUpTo(in *instance, tier int) int {
	var roles []*roleInfo
	for _, r := range in.roles {
		if r.open && r.tier <= tier && r.seats > 0 {
			roles = append(roles, r)
		}
	}
	// Nodes: 0 source, 1 sink, 2.. people, then roles.
	g := newFlow(2 + len(in.people) + len(roles))
	perPerson := make([][]*roleInfo, len(in.people))
	for i, r := range roles {
		node := 2 + len(in.people) + i
		g.edge(node, 1, r.seats)
		for _, p := range r.cands {
			g.edge(2+p, node, 1)
			perPerson[p] = append(perPerson[p], r)
		}
	}
	for p, rs := range perPerson {
		if len(rs) > 0 {
			g.edge(0, 2+p, personCapacity(in.people[p], rs))
		}
	}
	return g.maxFlow(0, 1)
}

// personCapacity bounds how many of rs one person can hold: no more than a largest set of
// non-overlapping roles (earliest end first is optimal for that), and no more than fit in
// their total days left when the shortest roles are taken first.
func personCapacity(p *person, rs []*roleInfo) int {
	byEnd := slices.Clone(rs)
	slices.SortFunc(byEnd, func(a, b *roleInfo) int { return cmp.Compare(a.to, b.to) })
	disjoint, lastEnd := 0, -1<<31
	for _, r := range byEnd {
		if r.from > lastEnd {
			disjoint++
			lastEnd = r.to
		}
	}
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

// flow is a small Dinic maximum-flow network.
type flow struct {
	head  []int
	to    []int
	cap   []int
	next  []int
	level []int
	iter  []int
}

func newFlow(n int) *flow {
	f := &flow{head: make([]int, n), level: make([]int, n), iter: make([]int, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

func (f *flow) edge(u, v, c int) {
	for _, e := range [][3]int{{u, v, c}, {v, u, 0}} {
		f.to = append(f.to, e[1])
		f.cap = append(f.cap, e[2])
		f.next = append(f.next, f.head[e[0]])
		f.head[e[0]] = len(f.to) - 1
	}
}

func (f *flow) bfs(s, t int) bool {
	for i := range f.level {
		f.level[i] = -1
	}
	f.level[s] = 0
	queue := []int{s}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if f.cap[e] > 0 && f.level[f.to[e]] < 0 {
				f.level[f.to[e]] = f.level[u] + 1
				queue = append(queue, f.to[e])
			}
		}
	}
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
