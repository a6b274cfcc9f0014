package scheduler

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
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

// TestPlateauKeepsOnlyABetterPlan checks the wander among equally good plans: it must never
// lower coverage, must leave the plan exactly as it was unless it finds one that covers
// more, and what it keeps must break no rule. It starts from the greedy plan, which leaves
// it something to find.
func TestPlateauKeepsOnlyABetterPlan(t *testing.T) {
	improved := 0
	for seed := range uint64(12) {
		d := synthetic.Generate(synthetic.Size{Name: "T", Associates: 80, Requests: 12}, seed)
		v := newSolver(context.Background(), newInstance(d), nil)
		v.greedy()
		before, holders := v.s.filled(), snapshot(v.s)
		v.explorePlateau()
		after := v.s.filled()
		switch {
		case better(before, after):
			t.Fatalf("seed %d: coverage fell from %v to %v", seed, before[1:], after[1:])
		case better(after, before):
			improved++
		case !slices.EqualFunc(holders, snapshot(v.s), slices.Equal[[]int]):
			t.Fatalf("seed %d: nothing better was found, yet the plan changed", seed)
		}
		p := &Plan{in: v.s.in, s: v.s}
		p.placed()
		mustBeValid(t, d, p)
	}
	if improved == 0 {
		t.Fatal("the wander never improved on a greedy plan: this test would check nothing")
	}
}

// TestPlanningIsReproducible: the plateau search draws random numbers, from a fixed seed,
// so the same register must give the same plan every time (and on every machine). On this
// problem the wander finds a seat that the chains did not.
func TestPlanningIsReproducible(t *testing.T) {
	d := synthetic.Generate(synthetic.M, 23)
	var plans [2][]byte
	for i := range plans {
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if plans[i], err = json.Marshal(p); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(plans[0], plans[1]) {
		t.Fatal("two plans of the same register differ")
	}
}
