package scheduler

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
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
	onMovingPlans(t, 12, 200, 9, func(v *solver, r int, _ *rand.Rand, at string) {
		s, before := v.s, v.s.checks
		got := s.fitNow(r)
		if n := s.checks - before; n < len(s.in.candidates(r)) {
			t.Fatalf("%s: fitNow counted %d checks for %d candidates", at, n, len(s.in.candidates(r)))
		}
		if want := whoFits(s, r); !slices.Equal(got, want) {
			t.Fatalf("%s, role %d: fitNow gave %v, one by one %v", at, r, got, want)
		}
		passed += countFullEmployers(s, r)
	})
	if passed == 0 {
		t.Fatal("no employer was at its limit: the test checked nothing that fitNow passes over")
	}
}

// onMovingPlans calls check for a role at random, steps times, on the greedy plans of dense
// registers at six employers, seeds 0 to seeds-1, each plan moved at random after each
// call, with a random source of the given stream; at says which seed and step.
func onMovingPlans(t *testing.T, seeds, steps int, stream uint64, check func(v *solver, r int, rng *rand.Rand, at string)) {
	t.Helper()
	for seed := range uint64(seeds) {
		v := newSolver(context.Background(), newInstance(atSixEmployers(seed)), nil)
		v.greedy()
		rng := rand.New(rand.NewPCG(seed, stream))
		for step := range steps {
			check(v, rng.IntN(len(v.s.in.roles)), rng, fmt.Sprintf("seed %d, step %d", seed, step))
			moveAtRandom(v.s, rng)
		}
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
// counted here day by day, on dense registers at six employers whose plans move at random;
// people who fit as tightly keep their order.
func TestByTightnessPutsBestFitFirst(t *testing.T) {
	reordered := 0
	onMovingPlans(t, 8, 150, 11, func(v *solver, r int, _ *rand.Rand, at string) {
		fit := v.s.fitNow(r)
		got, want := slices.Clone(fit), slices.Clone(fit)
		v.s.byTightness(got, r)
		slices.SortStableFunc(want, func(a, b int) int {
			sa, sb := spareAround(v.s, a, r), spareAround(v.s, b, r)
			return cmp.Or(cmp.Compare(sa[0], sb[0]), cmp.Compare(sa[1], sb[1]))
		})
		if !slices.Equal(got, want) {
			t.Fatalf("%s: byTightness turned %v into %v, want %v", at, fit, got, want)
		}
		if !slices.Equal(got, fit) {
			reordered++
		}
	})
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
		for d := from; d >= 0 && d < s.in.horizon && n < tightReach && !atLimit(s, org, d); d += step {
			n++
		}
		return n
	}
	before, after := run(ri.from-1, -1), run(ri.to+1, 1)
	return [2]int{min(before, after), before + after}
}

// TestAimedHoodHoldsWhatBlocksTheRole: an aimed neighbourhood of a role with an empty seat
// must hold, for an employer at its limit on the fewest days within the role's dates
// (counted here day by day), every role its people hold within them, and, if it may hold
// only two roles, one of those; no role twice; on dense registers at six employers whose
// plans move at random.
func TestAimedHoodHoldsWhatBlocksTheRole(t *testing.T) {
	aimed := 0
	onMovingPlans(t, 8, 150, 13, func(v *solver, r int, rng *rand.Rand, at string) {
		if v.s.room[r] == 0 {
			return
		}
		hood := v.aimedHood(r, 1000, rng)
		if !slices.Contains(hood, r) || len(slices.Compact(slices.Sorted(slices.Values(hood)))) != len(hood) {
			t.Fatalf("%s: the neighbourhood %v of role %d leaves it out or holds a role twice", at, hood, r)
		}
		least := leastBlockedEmployers(v.s, r)
		if len(least) == 0 {
			return
		}
		holds := slices.ContainsFunc(least, func(org int) bool {
			return !slices.ContainsFunc(heldWithin(v.s, org, r), func(h int) bool { return !slices.Contains(hood, h) })
		})
		if !holds {
			t.Fatalf("%s: the neighbourhood %v of role %d holds what blocks none of the employers %v", at, hood, r, least)
		}
		if two := v.aimedHood(r, 2, rng); len(two) == 2 {
			other := two[0] + two[1] - r
			if !slices.ContainsFunc(least, func(org int) bool { return slices.Contains(heldWithin(v.s, org, r), other) }) {
				t.Fatalf("%s: the neighbourhood %v of role %d holds %d, held by none of the employers %v", at, two, r, other, least)
			}
		}
		aimed++
	})
	if aimed == 0 {
		t.Fatal("no role was blocked at any employer: this test would check nothing")
	}
}

// leastBlockedEmployers lists the employers of r's candidates at their release limit on
// the fewest days within r's dates, at least one.
func leastBlockedEmployers(s *state, r int) []int {
	ri, fewest := s.in.roles[r], 0
	var least []int
	for _, p := range s.in.candidates(r) {
		org, n := s.in.people[p].Org, 0
		for d := max(ri.from, 0); d <= ri.to && d < s.in.horizon; d++ {
			if atLimit(s, org, d) {
				n++
			}
		}
		switch {
		case n == 0 || slices.Contains(least, org):
		case len(least) == 0 || n < fewest:
			least, fewest = []int{org}, n
		case n == fewest:
			least = append(least, org)
		}
	}
	return least
}

// atLimit reports whether org has as many people away on day d as the release limit
// allows, read from the day's count (the planner reads a bitmap).
func atLimit(s *state, org, d int) bool { return int(s.orgDay[org][d]) >= s.in.limit }

// heldWithin lists the roles org's people hold that overlap r's dates.
func heldWithin(s *state, org, r int) []int {
	var out []int
	for _, q := range s.in.members[org] {
		for _, h := range s.booked[q] {
			if s.in.periods[h].Overlaps(s.in.roles[r].Period) {
				out = append(out, h)
			}
		}
	}
	return out
}

// TestOpenRolesFollowTheWander: the list of roles with an empty seat, kept up to date role
// by role as the wander changes its neighbourhoods, must be what listing every role anew
// gives, after every try, aimed or not, on dense registers at six employers.
func TestOpenRolesFollowTheWander(t *testing.T) {
	changed := 0
	for seed := range uint64(8) {
		v := newSolver(context.Background(), newInstance(atSixEmployers(seed)), nil)
		v.greedy()
		rng, open := rand.New(rand.NewPCG(seed, 17)), newOpenRoles(v)
		for try := range 300 {
			if len(open.roles) == 0 {
				break
			}
			before := slices.Clone(open.roles)
			for _, h := range v.wander(open.roles[rng.IntN(len(open.roles))], true, try%2 == 0, rng) {
				open.update(v, h)
			}
			if want := newOpenRoles(v).roles; !slices.Equal(open.roles, want) {
				t.Fatalf("seed %d, try %d: the list kept is %v, listed anew %v", seed, try, open.roles, want)
			}
			if !slices.Equal(before, open.roles) {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Fatal("no try changed which roles have an empty seat: this test would check nothing")
	}
}
