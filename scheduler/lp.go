package scheduler

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"

	"associateplanner/model"
)

// coverageModel is the integer program "fill as many seats of priority tier as any valid
// plan can" as data: a variable per pair that no static rule forbids, for the roles of that
// priority and higher, and the constraints that link them. Net of commitments, the rows
// are the seats per role (rule 10), one role at a time per person (7, as maximal cliques of
// overlapping roles), the annual cap per financial year (8) and the release limit per
// organisation per day (9). WriteCoverageLP hands it to CBC; lagrangeBounds bounds it.
type coverageModel struct {
	in    *instance
	pairs []pairKey // role by role, in the order of in.roles
	byP   [][]int   // per person: their pairs (indexes into pairs)
	rows  []lpRow
}

// lpRow is one constraint: the sum of coef × x over its terms is at most rhs. Its name in
// the LP file is kind_a_b (kind_a for seats).
type lpRow struct {
	kind  string // seats, busy, cap or release
	a, b  int
	terms []lpTerm
	rhs   int
}

func (r *lpRow) name() string {
	if r.kind == "seats" {
		return fmt.Sprintf("%s_%d", r.kind, r.a)
	}
	return fmt.Sprintf("%s_%d_%d", r.kind, r.a, r.b)
}

type lpTerm struct {
	pair int // an index into the model's pairs
	coef int
}

func newCoverageModel(in *instance, tier int) *coverageModel {
	m := &coverageModel{in: in, byP: make([][]int, len(in.people))}
	for _, r := range in.roles {
		if !r.open || r.tier > tier || r.seats == 0 {
			continue
		}
		for _, p := range r.cands {
			m.byP[p] = append(m.byP[p], len(m.pairs))
			m.pairs = append(m.pairs, pairKey{p, r.ID})
		}
	}
	m.seats()
	m.overlaps()
	m.caps()
	m.releaseLimit()
	return m
}

// WriteCoverageLP writes, in CPLEX LP format, the integer program "fill as many seats of
// priority tier as any valid plan can, keeping at least locks[j] seats of each higher
// priority j" (see coverageModel), for an exact solver such as CBC to check the planner
// against. Variables are x_P_R (person P in role R).
func WriteCoverageLP(w io.Writer, d *model.Data, tier int, locks [5]int) error {
	m := newCoverageModel(newInstance(d), tier)
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "\\ Associate Planner coverage model: priority %d\nMaximize\n obj:", tier)
	m.writeSum(b, m.tierTerms(tier))
	b.WriteString("\nSubject To\n")
	for t := 1; t < tier; t++ {
		fmt.Fprintf(b, " lock_%d:", t)
		m.writeSum(b, m.tierTerms(t))
		fmt.Fprintf(b, " >= %d\n", locks[t])
	}
	for _, row := range m.rows {
		fmt.Fprintf(b, " %s:", row.name())
		m.writeSum(b, row.terms)
		fmt.Fprintf(b, " <= %d\n", row.rhs)
	}
	b.WriteString("Binary\n")
	for _, p := range m.pairs {
		fmt.Fprintf(b, " %s\n", varName(p))
	}
	b.WriteString("End\n")
	return b.Flush()
}

func varName(p pairKey) string { return fmt.Sprintf("x_%d_%d", p.person, p.role) }

// tierTerms lists the model's pairs in roles of priority t, each with coefficient 1.
func (m *coverageModel) tierTerms(t int) []lpTerm {
	var out []lpTerm
	for i, p := range m.pairs {
		if m.in.roles[p.role].tier == t {
			out = append(out, lpTerm{i, 1})
		}
	}
	return out
}

// writeSum writes " + c x_a + c x_b …", eight terms to a line.
func (m *coverageModel) writeSum(w *bufio.Writer, terms []lpTerm) {
	for i, t := range terms {
		if i%8 == 7 {
			w.WriteString("\n   ")
		}
		fmt.Fprintf(w, " + %d %s", t.coef, varName(m.pairs[t.pair]))
	}
	if len(terms) == 0 {
		w.WriteString(" 0 x_none")
	}
}

// seats adds a row per role with more candidates than seats; a role's pairs are adjacent.
func (m *coverageModel) seats() {
	for from := 0; from < len(m.pairs); {
		r := m.in.roles[m.pairs[from].role]
		to := from + len(r.cands)
		if len(r.cands) > r.seats {
			terms := make([]lpTerm, 0, to-from)
			for i := from; i < to; i++ {
				terms = append(terms, lpTerm{i, 1})
			}
			m.rows = append(m.rows, lpRow{kind: "seats", a: r.ID, terms: terms, rhs: r.seats})
		}
		from = to
	}
}

// interval is a day span carrying the pair it stands for (-1 for a commitment).
type interval struct {
	from, to int
	pair     int
}

// span is the interval of pair i's role.
func (m *coverageModel) span(i int) interval {
	r := m.in.roles[m.pairs[i].role]
	return interval{r.from, r.to, i}
}

// maximalCliques returns the sets of intervals that share a day and are not contained in
// another such set, each as the indexes of its intervals in iv, in order: for intervals,
// each begins at a start followed by an end.
func maximalCliques(iv []interval) [][]int {
	type event struct {
		day   int
		start bool
		i     int
	}
	ev := make([]event, 0, 2*len(iv))
	for i, x := range iv {
		ev = append(ev, event{x.from, true, i}, event{x.to + 1, false, i})
	}
	slices.SortFunc(ev, func(a, b event) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		if a.start != b.start {
			if !a.start {
				return -1 // ends (exclusive) before starts on the same day
			}
			return 1
		}
		return cmp.Compare(a.i, b.i)
	})
	var out [][]int
	var active []int           // indexes into iv
	at := make([]int, len(iv)) // where each active interval sits in active
	grew := false
	for _, e := range ev {
		if e.start {
			at[e.i] = len(active)
			active, grew = append(active, e.i), true
			continue
		}
		if grew && len(active) > 1 {
			c := slices.Clone(active)
			slices.Sort(c)
			out = append(out, c)
		}
		last := active[len(active)-1]
		active[at[e.i]], at[last] = last, at[e.i]
		active = active[:len(active)-1]
		grew = false
	}
	return out
}

func (m *coverageModel) overlaps() {
	for p, pairs := range m.byP {
		iv := make([]interval, len(pairs))
		for k, i := range pairs {
			iv[k] = m.span(i)
		}
		for k, c := range maximalCliques(iv) {
			m.rows = append(m.rows, lpRow{kind: "busy", a: p, b: k, terms: m.termsOf(iv, c), rhs: 1})
		}
	}
}

// termsOf turns a clique of intervals into terms over their pairs, leaving out commitments.
func (m *coverageModel) termsOf(iv []interval, clique []int) []lpTerm {
	out := make([]lpTerm, 0, len(clique))
	for _, k := range clique {
		if iv[k].pair >= 0 {
			out = append(out, lpTerm{iv[k].pair, 1})
		}
	}
	return out
}

func (m *coverageModel) caps() {
	for p, pairs := range m.byP {
		capLeft := m.in.people[p].capLeft
		for y := range capLeft {
			var terms []lpTerm
			need := 0
			for _, i := range pairs {
				for _, yd := range m.in.roles[m.pairs[i].role].Days {
					if yd.Year-m.in.fyBase == y && yd.Days > 0 {
						terms = append(terms, lpTerm{i, yd.Days})
						need += yd.Days
					}
				}
			}
			if need > capLeft[y] {
				m.rows = append(m.rows, lpRow{kind: "cap", a: p, b: y, terms: terms, rhs: max(capLeft[y], 0)})
			}
		}
	}
}

// releaseLimit adds rule 9 per organisation: on any day at most K of its people away.
// Commitments are intervals fixed at 1 (pair -1), so the maximal cliques of all the
// organisation's intervals give every day's constraint, with the fixed ones on the right.
func (m *coverageModel) releaseLimit() {
	in := m.in
	if in.limit == 0 {
		return
	}
	kept := map[int][]interval{}
	for _, a := range in.kept {
		org := in.people[in.byStaff[a.StaffID]].Org
		from, to := int(a.From-in.origin), int(a.To-in.origin)
		if to >= 0 && from < in.horizon {
			kept[org] = append(kept[org], interval{from, to, -1})
		}
	}
	for org, members := range in.members {
		iv := kept[org]
		for _, p := range members {
			for _, i := range m.byP[p] {
				iv = append(iv, m.span(i))
			}
		}
		for k, c := range maximalCliques(iv) {
			free := m.termsOf(iv, c)
			if room := in.limit - (len(c) - len(free)); len(free) > room {
				m.rows = append(m.rows, lpRow{kind: "release", a: org, b: k, terms: free, rhs: max(room, 0)})
			}
		}
	}
}
