package scheduler

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"associateplanner/model"
)

// WriteCoverageLP writes, in CPLEX LP format, the integer program "fill as many seats of
// priority tier as any valid plan can, keeping at least locks[j] seats of each higher
// priority j", for an exact solver such as CBC to check the planner against. Variables
// are x_P_R (person P in role R) for the pairs no static rule forbids; constraints are the
// seats per role (rule 10), one role at a time per person (7, as maximal cliques of
// overlapping roles), the annual cap per financial year (8) and the release limit per
// organisation per day (9), all net of commitments.
func WriteCoverageLP(w io.Writer, d *model.Data, tier int, locks [5]int) error {
	in := newInstance(d)
	b := bufio.NewWriter(w)
	lp := &lpWriter{in: in, w: b, tier: tier}
	lp.collect()
	fmt.Fprintf(b, "\\ Associate Planner coverage model: priority %d\nMaximize\n obj:", tier)
	lp.sum(func(p pairKey) bool { return in.roles[p.role].tier == tier }, nil)
	b.WriteString("\nSubject To\n")
	for t := 1; t < tier; t++ {
		fmt.Fprintf(b, " lock_%d:", t)
		lp.sum(func(p pairKey) bool { return in.roles[p.role].tier == t }, nil)
		fmt.Fprintf(b, " >= %d\n", locks[t])
	}
	lp.seats()
	lp.overlaps()
	lp.caps()
	lp.releaseLimit()
	b.WriteString("Binary\n")
	for _, p := range lp.pairs {
		fmt.Fprintf(b, " %s\n", varName(p))
	}
	b.WriteString("End\n")
	return b.Flush()
}

type lpWriter struct {
	in    *instance
	w     *bufio.Writer
	tier  int
	pairs []pairKey
	byP   map[int][]int // person → roles
}

func varName(p pairKey) string { return fmt.Sprintf("x_%d_%d", p.person, p.role) }

func (lp *lpWriter) collect() {
	lp.byP = map[int][]int{}
	for _, r := range lp.in.roles {
		if !r.open || r.tier > lp.tier || r.seats == 0 {
			continue
		}
		for _, p := range r.cands {
			lp.pairs = append(lp.pairs, pairKey{p, r.id})
			lp.byP[p] = append(lp.byP[p], r.id)
		}
	}
}

// sum writes " + x_a + x_b …" over the pairs keep accepts, with coefficients from coef.
func (lp *lpWriter) sum(keep func(pairKey) bool, coef func(pairKey) int) {
	n := 0
	for _, p := range lp.pairs {
		if !keep(p) {
			continue
		}
		c := 1
		if coef != nil {
			c = coef(p)
		}
		if n%8 == 7 {
			lp.w.WriteString("\n   ")
		}
		fmt.Fprintf(lp.w, " + %d %s", c, varName(p))
		n++
	}
	if n == 0 {
		lp.w.WriteString(" 0 x_none")
	}
}

func (lp *lpWriter) seats() {
	for _, r := range lp.in.roles {
		if r.open && r.tier <= lp.tier && r.seats > 0 && len(r.cands) > r.seats {
			fmt.Fprintf(lp.w, " seats_%d:", r.id)
			lp.sum(func(p pairKey) bool { return p.role == r.id }, nil)
			fmt.Fprintf(lp.w, " <= %d\n", r.seats)
		}
	}
}

// interval is a day span carrying the pairs it stands for.
type interval struct {
	from, to int
	pair     pairKey
}

// maximalCliques returns the sets of intervals that share a day and are not contained in
// another such set: for intervals, each begins at a start followed by an end.
func maximalCliques(iv []interval) [][]pairKey {
	type event struct {
		day   int
		start bool
		i     int
	}
	var ev []event
	for i, x := range iv {
		ev = append(ev, event{x.from, true, i}, event{x.to + 1, false, i})
	}
	slices.SortFunc(ev, func(a, b event) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		if a.start == b.start {
			return 0
		}
		if !a.start {
			return -1 // ends (exclusive) before starts on the same day
		}
		return 1
	})
	var out [][]pairKey
	active := map[int]bool{}
	grew := false
	for _, e := range ev {
		if e.start {
			active[e.i], grew = true, true
			continue
		}
		if grew && len(active) > 1 {
			var c []pairKey
			for i := range active {
				c = append(c, iv[i].pair)
			}
			slices.SortFunc(c, func(a, b pairKey) int { return cmp.Or(cmp.Compare(a.person, b.person), cmp.Compare(a.role, b.role)) })
			out = append(out, c)
		}
		delete(active, e.i)
		grew = false
	}
	return out
}

func (lp *lpWriter) clique(name string, c []pairKey, rhs int) {
	fmt.Fprintf(lp.w, " %s:", name)
	for i, p := range c {
		if i%8 == 7 {
			lp.w.WriteString("\n   ")
		}
		fmt.Fprintf(lp.w, " + %s", varName(p))
	}
	fmt.Fprintf(lp.w, " <= %d\n", rhs)
}

func (lp *lpWriter) overlaps() {
	for p, roles := range lp.byP {
		var iv []interval
		for _, r := range roles {
			iv = append(iv, interval{lp.in.roles[r].from, lp.in.roles[r].to, pairKey{p, r}})
		}
		for k, c := range maximalCliques(iv) {
			lp.clique(fmt.Sprintf("busy_%d_%d", p, k), c, 1)
		}
	}
}

func (lp *lpWriter) caps() {
	for p, roles := range lp.byP {
		capLeft := lp.in.people[p].capLeft
		for y := range capLeft {
			var terms []string
			need := 0
			for _, r := range roles {
				for _, yd := range lp.in.roles[r].days {
					if yd.Year-lp.in.fyBase == y && yd.Days > 0 {
						terms = append(terms, fmt.Sprintf("+ %d %s", yd.Days, varName(pairKey{p, r})))
						need += yd.Days
					}
				}
			}
			if need > capLeft[y] {
				fmt.Fprintf(lp.w, " cap_%d_%d: %s <= %d\n", p, y, strings.Join(terms, " "), max(capLeft[y], 0))
			}
		}
	}
}

// releaseLimit writes rule 9 per organisation: on any day at most K of its people away.
// Commitments are intervals fixed at 1 (person -1), so the maximal cliques of all the
// organisation's intervals give every day's constraint, with the fixed ones on the right.
func (lp *lpWriter) releaseLimit() {
	if lp.in.limit == 0 {
		return
	}
	kept := map[int][]interval{}
	for k, a := range lp.in.kept {
		org := lp.in.people[lp.in.byStaff[a.StaffID]].org
		from, to := int(a.From-lp.in.origin), int(a.To-lp.in.origin)
		if to >= 0 && from < lp.in.horizon {
			kept[org] = append(kept[org], interval{from, to, pairKey{-1, k}})
		}
	}
	for org, members := range lp.in.members {
		iv := kept[org]
		for _, p := range members {
			for _, r := range lp.byP[p] {
				iv = append(iv, interval{lp.in.roles[r].from, lp.in.roles[r].to, pairKey{p, r}})
			}
		}
		for k, c := range maximalCliques(iv) {
			var free []pairKey
			for _, p := range c {
				if p.person >= 0 {
					free = append(free, p)
				}
			}
			if room := lp.in.limit - (len(c) - len(free)); len(free) > room {
				lp.clique(fmt.Sprintf("release_%d_%d", org, k), free, max(room, 0))
			}
		}
	}
}
