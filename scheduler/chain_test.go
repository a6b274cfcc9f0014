package scheduler

import (
	"context"
	"testing"

	"associateplanner/scheduler/synthetic"
)

// TestChainsNeverTradeDown checks the invariant the ejection chains rest on: each chain that
// succeeds raises coverage lexicographically — one more seat at its priority, never paid
// for with a seat of equal or higher priority — on problems too big for the exact search.
func TestChainsNeverTradeDown(t *testing.T) {
	for seed := range uint64(12) {
		d := synthetic.Generate(synthetic.Size{Name: "T", Associates: 80, Requests: 12}, seed)
		v := newSolver(context.Background(), newInstance(d), nil)
		v.greedy()
		for tier := 1; tier <= 4; tier++ {
			for _, r := range v.order {
				for v.s.in.roles[r].tier == tier && v.free(r) {
					before := v.s.filled()
					if !v.augment(r, tier, chainDepth, map[pairKey]bool{}) {
						break
					}
					if after := v.s.filled(); !better(after, before) {
						t.Fatalf("seed %d: a chain for priority %d took coverage from %v to %v", seed, tier, before[1:], after[1:])
					}
				}
			}
		}
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustBeValid(t, d, p)
	}
}
