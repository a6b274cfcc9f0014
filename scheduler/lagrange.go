package scheduler

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync/atomic"
)

// Limits of the Lagrangian bound: at most lagrangeSteps subgradient steps per priority,
// and fewer on large problems, so that a step's work (one pass over the model) times the
// steps stays within lagrangeWork.
const lagrangeSteps, lagrangeWork = 300, 20_000_000

// lagrangePairs is the most candidate pairs the Lagrangian bound is computed for. Beyond
// it (national registers, hundreds of candidates per seat) building the model takes
// seconds and the few steps lagrangeWork allows do not bring the bound anywhere near the
// plan; there the release capacity (capacityBounds) is the bound that binds.
const lagrangePairs = 400_000

// boundBoard is where the Lagrangian bound, running beside the search, posts its bound so
// far (seats of priorities 1 to t together), so that the search can stop as soon as its
// plan meets it. Only the search reads it: the bound's own steps never depend on how far
// the search has got, so the same data always gives the same bound.
type boundBoard [5]atomic.Int64

func newBoundBoard() *boundBoard {
	b := &boundBoard{}
	for t := range b {
		b[t].Store(math.MaxInt64)
	}
	return b
}

// lower posts bounds found (seats of priorities 1 to t together), keeping the tighter.
func (b *boundBoard) lower(bounds [5]int) {
	for t, n := range bounds {
		b.lowerTo(t, int64(n))
	}
}

func (b *boundBoard) lowerTo(t int, n int64) {
	for {
		old := b[t].Load()
		if n >= old || b[t].CompareAndSwap(old, n) {
			return
		}
	}
}

// proves reports whether the bound so far shows that a plan filling filled is best.
func (b *boundBoard) proves(filled [5]int) bool {
	for t, n := range cumulative(filled) {
		if t > 0 && int64(n) < b[t].Load() {
			return false
		}
	}
	return true
}

// lagrangeBounds returns, for each priority t, an upper bound on the seats of priorities
// 1 to t together that any valid plan can fill, from the Lagrangian relaxation of the
// coverage model. It depends on the instance alone, so Make computes it on another core
// while the search runs, posting on board as it goes. Its steps aim at what the greedy
// plan fills. A cancelled ctx gives no bounds (nil).
func lagrangeBounds(ctx context.Context, in *instance, board *boundBoard) *[5]int {
	if in.pairs() > lagrangePairs {
		b := noBound
		return &b
	}
	greedy := newSolver(ctx, in, nil)
	greedy.greedy()
	target := cumulative(greedy.s.filled())
	lg := newLagrangian(newCoverageModel(in, 4))
	var b [5]int
	for t := 1; t <= 4; t++ {
		if b[t] = lg.bound(ctx, t, target[t], func(n int64) { board.lowerTo(t, n) }); ctx.Err() != nil {
			return nil
		}
	}
	return &b
}

// lagrangian is the coverage model relaxed by Lagrange: every row but the seats of a role
// moves into the objective at a price, and what remains falls apart into one easy problem
// per role: take its best candidates at their priced value. Whatever the prices, the
// result bounds the seats from above; subgradient steps lower it towards the LP
// relaxation's bound, which is far tighter than the flow's on large problems.
type lagrangian struct {
	rowStart []int32 // per pair: where its rows begin in rowOf and coef; one entry more than pairs
	rowOf    []int32
	coef     []float64
	roles    []roleSpan // in priority order
	rhs      []float64  // per relaxed row
	price    []float64  // per relaxed row
	use      []float64  // per relaxed row: its left-hand side at the current solution
	profit   []float64  // per pair, at the current prices
	chosen   []int32
	bounded  int // seats of this priority and higher count
}

// roleSpan is a role's pairs, adjacent in the model, and its seats.
type roleSpan struct{ from, to, seats, tier int }

func newLagrangian(m *coverageModel) *lagrangian {
	lg := &lagrangian{profit: make([]float64, len(m.pairs))}
	for i := 0; i < len(m.pairs); {
		r := m.in.roles[m.pairs[i].role]
		lg.roles = append(lg.roles, roleSpan{i, i + len(r.cands), r.seats, r.tier})
		i += len(r.cands)
	}
	slices.SortStableFunc(lg.roles, func(a, b roleSpan) int { return cmp.Compare(a.tier, b.tier) })
	count := make([]int32, len(m.pairs)+1)
	for _, row := range m.rows {
		if row.kind != "seats" {
			for _, t := range row.terms {
				count[t.pair+1]++
			}
		}
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	lg.rowStart = count
	lg.rowOf, lg.coef = make([]int32, count[len(m.pairs)]), make([]float64, count[len(m.pairs)])
	next := append([]int32(nil), count[:len(m.pairs)]...)
	for _, row := range m.rows {
		if row.kind == "seats" {
			continue
		}
		k := int32(len(lg.rhs))
		lg.rhs = append(lg.rhs, float64(row.rhs))
		for _, t := range row.terms {
			lg.rowOf[next[t.pair]], lg.coef[next[t.pair]] = k, float64(t.coef)
			next[t.pair]++
		}
	}
	lg.price, lg.use = make([]float64, len(lg.rhs)), make([]float64, len(lg.rhs))
	return lg
}

// bound bounds the seats of priorities 1 to t together, posting each improvement. The
// steps follow Polyak's rule towards target, the seats a known plan fills, and stop once
// the bound meets it: that plan is then proved best.
func (lg *lagrangian) bound(ctx context.Context, t, target int, post func(int64)) int {
	steps := lagrangeSteps
	if work := lg.work(t); work > 0 {
		steps = min(steps, max(10, lagrangeWork/work))
	}
	return lg.boundSteps(ctx, t, target, post, steps)
}

func (lg *lagrangian) boundSteps(ctx context.Context, t, target int, post func(int64), steps int) int {
	lg.bounded = t // the prices the last priority ended with are a good start for this one
	best, goal := math.Inf(1), float64(target)
	theta, stale := 2.0, 0
	for range steps {
		if ctx.Err() != nil {
			break
		}
		value, norm := lg.evaluate()
		if value < best-1e-9 {
			best, stale = value, 0
			post(int64(math.Floor(best + 1e-6)))
		} else if stale++; stale >= 5 {
			theta, stale = theta/2, 0
		}
		if math.Floor(best+1e-6) <= goal || norm == 0 || theta < 1e-3 {
			break
		}
		lg.step(theta * (value - goal) / norm)
	}
	return int(math.Floor(best + 1e-6))
}

// work is the size of one step when bounding priority t: the pairs of that priority and
// higher, and their rows.
func (lg *lagrangian) work(t int) int {
	n := 0
	for _, r := range lg.roles {
		if r.tier <= t {
			n += r.to - r.from + int(lg.rowStart[r.to]-lg.rowStart[r.from])
		}
	}
	return n
}

// evaluate solves the relaxed problem at the current prices and returns its value (the
// bound) and the squared length of the subgradient the next step follows.
func (lg *lagrangian) evaluate() (value, norm float64) {
	for r := range lg.rhs {
		value += lg.price[r] * lg.rhs[r]
	}
	clear(lg.use)
	lg.chosen = lg.chosen[:0]
	for _, span := range lg.roles {
		if span.tier > lg.bounded {
			break
		}
		for i := span.from; i < span.to; i++ {
			p := 1.0
			for k := lg.rowStart[i]; k < lg.rowStart[i+1]; k++ {
				p -= lg.price[lg.rowOf[k]] * lg.coef[k]
			}
			lg.profit[i] = p
		}
		value += lg.takeBest(span)
	}
	for r, use := range lg.use {
		if g := lg.rhs[r] - use; g < 0 || lg.price[r] > 0 {
			norm += g * g
		}
	}
	return value, norm
}

// takeBest takes up to span.seats of the role's pairs with the highest positive profit,
// recording what they use, and returns their profit.
func (lg *lagrangian) takeBest(span roleSpan) float64 {
	start := len(lg.chosen)
	for i := span.from; i < span.to; i++ {
		if lg.profit[i] <= 0 {
			continue
		}
		k := len(lg.chosen) // insert i among the best so far, highest profit first
		if k-start == span.seats {
			if lg.profit[lg.chosen[k-1]] >= lg.profit[i] {
				continue
			}
			k--
		} else {
			lg.chosen = append(lg.chosen, 0)
		}
		for k > start && lg.profit[lg.chosen[k-1]] < lg.profit[i] {
			lg.chosen[k] = lg.chosen[k-1]
			k--
		}
		lg.chosen[k] = int32(i)
	}
	sum := 0.0
	for _, i := range lg.chosen[start:] {
		sum += lg.profit[i]
		for k := lg.rowStart[i]; k < lg.rowStart[i+1]; k++ {
			lg.use[lg.rowOf[k]] += lg.coef[k]
		}
	}
	return sum
}

// step moves every price against its subgradient by size, keeping prices non-negative.
func (lg *lagrangian) step(size float64) {
	for r, use := range lg.use {
		lg.price[r] = max(0, lg.price[r]-size*(lg.rhs[r]-use))
	}
}
