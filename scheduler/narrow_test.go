package scheduler

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"associateplanner/model"
)

// whoFits is every candidate of r who fits as s stands, best first, checked one by one.
func whoFits(s *state, r int) []int {
	var out []int
	for _, p := range s.in.candidates(r) {
		if s.dynamicRule(p, r) == 0 {
			out = append(out, p)
		}
	}
	return out
}

// TestFitNowIsEveryCandidateWhoFits: passing over an employer at its release limit,
// before any of its people is checked, must leave out exactly the people rule 9 bars, on
// dense registers at six employers whose plans move at random.
func TestFitNowIsEveryCandidateWhoFits(t *testing.T) {
	passed := 0
	for seed := range uint64(12) {
		v := newSolver(context.Background(), newInstance(atSixEmployers(seed)), nil)
		v.greedy()
		s, rng := v.s, rand.New(rand.NewPCG(seed, 9))
		for step := range 200 {
			r := rng.IntN(len(s.in.roles))
			before := s.checks
			got := s.fitNow(r)
			n := s.checks - before
			if want := whoFits(s, r); !slices.Equal(got, want) {
				t.Fatalf("seed %d, step %d, role %d: fitNow gave %v, one by one %v", seed, step, r, got, want)
			}
			if n < len(s.in.candidates(r)) {
				t.Fatalf("seed %d: fitNow counted %d checks for %d candidates", seed, n, len(s.in.candidates(r)))
			}
			passed += countFullEmployers(s, r)
			moveAtRandom(s, rng)
		}
	}
	if passed == 0 {
		t.Fatal("no employer was at its limit: the test checked nothing that fitNow passes over")
	}
}

// countFullEmployers counts r's candidates whose employer is at its limit within r's dates.
func countFullEmployers(s *state, r int) int {
	n := 0
	for _, p := range s.in.candidates(r) {
		if _, _, full := s.FullDay(s.in.people[p].Org, s.in.roles[r].Period, s.in.limit); full {
			n++
		}
	}
	return n
}

// moveAtRandom takes someone out of a role or puts a candidate who fits into one.
func moveAtRandom(s *state, rng *rand.Rand) {
	r := rng.IntN(len(s.in.roles))
	if h := s.holders[r]; len(h) > 0 && rng.IntN(2) == 0 {
		s.remove(h[rng.IntN(len(h))], r)
		return
	}
	if fit := whoFits(s, r); len(fit) > 0 {
		s.add(fit[rng.IntN(len(fit))], r)
	}
}

// TestFitsSinceAfterFreedIsForgotten: a state keeps only the latest freedKept moves it
// undid. After many times that many, whatever fitsSince still claims to know must be
// what a check of every candidate finds.
func TestFitsSinceAfterFreedIsForgotten(t *testing.T) {
	v := newSolver(context.Background(), newInstance(atSixEmployers(3)), nil)
	v.greedy()
	s, rng := v.s, rand.New(rand.NewPCG(3, 9))
	known := 0
	for step := range 6 * freedKept {
		moveAtRandom(s, rng)
		if step%7 != 0 {
			continue
		}
		r := rng.IntN(len(s.in.roles))
		fit := whoFits(s, r)
		if s.room[r] > 0 && len(fit) == 0 {
			s.nobodyFits(r)
			continue
		}
		if p, ok := s.fitsSince(r); ok {
			known++
			if want := append(fit, -1)[0]; p != want {
				t.Fatalf("step %d, role %d: fitsSince gave %d, a check of everyone %d", step, r, p, want)
			}
		}
		if len(s.freed) > freedKept {
			t.Fatalf("step %d: freed holds %d moves", step, len(s.freed))
		}
	}
	if known == 0 {
		t.Fatal("fitsSince never knew: the test checked nothing")
	}
}

// TestByTightnessPutsBestFitFirst: the wander tries first the people whose employer has
// the fewest days below its release limit next to the role (the nearer side, then both),
// counted here day by day through FullDay, on dense registers at six employers whose
// plans move at random. It must only reorder the people it is given.
func TestByTightnessPutsBestFitFirst(t *testing.T) {
	reordered := 0
	for seed := range uint64(8) {
		v := newSolver(context.Background(), newInstance(atSixEmployers(seed)), nil)
		v.greedy()
		s, rng := v.s, rand.New(rand.NewPCG(seed, 11))
		for step := range 150 {
			r := rng.IntN(len(s.in.roles))
			fit := s.fitNow(r)
			got := slices.Clone(fit)
			s.byTightness(got, r)
			if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(fit))) {
				t.Fatalf("seed %d, step %d: byTightness turned %v into %v", seed, step, fit, got)
			}
			for i := 1; i < len(got); i++ {
				if a, b := spareAround(s, got[i-1], r), spareAround(s, got[i], r); a[0] > b[0] || a[0] == b[0] && a[1] > b[1] {
					t.Fatalf("seed %d, step %d: %d (spare %v) comes before %d (spare %v)", seed, step, got[i-1], a, got[i], b)
				}
			}
			if !slices.Equal(got, fit) {
				reordered++
			}
			moveAtRandom(s, rng)
		}
	}
	if reordered == 0 {
		t.Fatal("best fit never differed from best first: this test would check nothing")
	}
}

// spareAround is the nearer, and the sum, of the runs of days just before and just after
// r on which p's employer is below its release limit, each at most tightReach long.
func spareAround(s *state, p, r int) [2]int {
	org, ri := s.in.people[p].Org, s.in.roles[r]
	run := func(from, step int) int {
		n := 0
		for d := from; d >= 0 && d < s.in.horizon && n < tightReach; d += step {
			day := s.in.origin + model.Date(d)
			if _, _, full := s.FullDay(org, model.Period{From: day, To: day}, s.in.limit); full {
				break
			}
			n++
		}
		return n
	}
	before, after := run(ri.from-1, -1), run(ri.to+1, 1)
	return [2]int{min(before, after), before + after}
}
