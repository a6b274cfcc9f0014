package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"associateplanner/model"
)

// randomWorld makes a small instance where the rules bite: few people, overlapping roles,
// tight caps, a release limit, leave and commitments.
func randomWorld(rng *rand.Rand) *model.Data {
	d := world()
	d.Settings.ReleaseLimit = rng.IntN(3)
	start := model.NewDate(2027, 3, 1)
	for i := range 2 + rng.IntN(4) {
		a := associate(fmt.Sprint("P", i), []string{"T1", "T2", "T3"}[rng.IntN(3)],
			skill("Testing", 1+rng.IntN(5)), skill("Cutover", 1+rng.IntN(5)))
		a.MaxDays = 5 + rng.IntN(25)
		a.RemoteOnly = rng.IntN(6) == 0
		a.Active = rng.IntN(10) > 0
		if rng.IntN(4) == 0 {
			a.Clearances[0].Expiry = start + model.Date(rng.IntN(40))
		}
		if rng.IntN(3) == 0 {
			from := start + model.Date(rng.IntN(40))
			d.Unavailability = append(d.Unavailability, model.Unavailability{StaffID: a.StaffID, Period: model.Period{From: from, To: from + model.Date(rng.IntN(6))}})
		}
		d.Associates = append(d.Associates, a)
	}
	for i := range 2 + rng.IntN(3) {
		from := start + model.Date(rng.IntN(35))
		ref := fmt.Sprint("R", i)
		request(d, ref, []string{"T1", "T2", "T3"}[rng.IntN(3)], 1+rng.IntN(4), 1+rng.IntN(2), from, from+model.Date(3+rng.IntN(20)))
		role := &d.Roles[len(d.Roles)-1]
		role.Skills = []model.SkillLevel{skill([]string{"Testing", "Cutover"}[rng.IntN(2)], 1+rng.IntN(4))}
		role.OnSite = rng.IntN(2) == 0
	}
	if rng.IntN(3) == 0 { // a commitment, valid by construction or not: the planner must keep it
		r := d.Roles[0]
		d.Assignments = append(d.Assignments, model.Assignment{RequestRef: r.RequestRef, Role: r.Name,
			StaffID: d.Associates[rng.IntN(len(d.Associates))].StaffID, Period: r.Period, Status: model.Confirmed})
	}
	return d
}

// bestCoverage finds by exhaustive search the best coverage per tier of any valid plan that
// keeps d's commitments, judging validity only by checkPlan.
func bestCoverage(d *model.Data) [5]int {
	var best [5]int
	if !eachValidPlan(d, func(cov [5]int) {
		if better(cov, best) {
			best = cov
		}
	}) {
		return [5]int{-1} // commitments already break a rule: nothing to compare
	}
	return best
}

// eachValidPlan calls visit with the seats per tier of every valid plan that keeps d's
// commitments (commitments not counted), judging validity only by checkPlan. It reports
// false, visiting none, if the commitments already break a rule.
func eachValidPlan(d *model.Data, visit func(cov [5]int)) bool {
	kept := append([]model.Assignment(nil), d.Assignments...)
	if len(checkPlan(d, kept)) > 0 {
		return false
	}
	priority := map[string]int{}
	for _, q := range d.Requests {
		priority[q.Ref] = q.Priority
	}
	var walk func(i int, plan []model.Assignment, cov [5]int)
	walk = func(i int, plan []model.Assignment, cov [5]int) {
		if len(checkPlan(d, plan)) > 0 {
			return
		}
		visit(cov)
		for j := i; j < len(d.Roles)*len(d.Associates); j++ {
			r, a := d.Roles[j/len(d.Associates)], d.Associates[j%len(d.Associates)]
			next := cov
			next[priority[r.RequestRef]]++
			walk(j+1, append(plan, model.Assignment{RequestRef: r.RequestRef, Role: r.Name, StaffID: a.StaffID,
				Period: r.Period, Status: model.Proposed}), next)
		}
	}
	walk(0, kept, [5]int{})
	return true
}

func coverageOf(p *Plan) [5]int {
	var got [5]int
	for _, c := range p.Coverage {
		got[c.Priority] = c.Filled
	}
	return got
}

// TestPlansAreValidAndCoverageIsOptimal checks, on many random small instances, that every
// plan keeps every hard rule and fills exactly as many seats per priority as the best plan
// an exhaustive search finds. It also measures the phases before the exact search alone:
// they must reach the optimum on every instance, as they are all that large registers get.
func TestPlansAreValidAndCoverageIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	instances, compared, heuristicMisses := 300, 0, 0
	for i := range instances {
		d := randomWorld(rng)
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if v := checkPlan(d, allAssignments(p)); len(v) > 0 && len(p.Violations) == 0 {
			t.Fatalf("instance %d: the plan breaks rules %v", i, v)
		}
		want := bestCoverage(d)
		if want[0] < 0 {
			continue
		}
		compared++
		if got := coverageOf(p); got != want {
			t.Fatalf("instance %d: coverage %v, exhaustive search finds %v\n%+v", i, got[1:], want[1:], d)
		}
		if !p.Optimal {
			t.Errorf("instance %d: optimal coverage not reported as optimal: %+v", i, p.Coverage)
		}
		if coverageOf(heuristicOnly(t, d)) != want {
			heuristicMisses++
		}
	}
	if compared < instances/2 {
		t.Fatalf("only %d of %d instances compared", compared, instances)
	}
	if heuristicMisses > 0 {
		t.Errorf("without the exact search, %d of %d instances fall short of the optimum", heuristicMisses, compared)
	}
	t.Logf("%d instances compared; the heuristic phases alone missed the optimum on %d", compared, heuristicMisses)
}

func heuristicOnly(t *testing.T, d *model.Data) *Plan {
	t.Helper()
	p, err := makePlan(context.Background(), d, Options{}, tuning{exactPairs: 0, lazyAbove: lazyChecks})
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, d, p)
	return p
}

// TestLagrangeBoundIsNeverBelowABestPlan checks the Lagrangian bound on many random small
// instances against exhaustive search: for each priority t it must be at least the most
// seats of priorities 1 to t together that any valid plan fills. A bound below that would
// let the app call a plan optimal when it is not.
func TestLagrangeBoundIsNeverBelowABestPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	compared, tight := 0, 0
	for i := range 150 {
		d := randomWorld(rng)
		var most [5]int
		if !eachValidPlan(d, func(cov [5]int) {
			for t, n := range cumulative(cov) {
				most[t] = max(most[t], n)
			}
		}) {
			continue
		}
		b := lagrangeBounds(context.Background(), newInstance(d), newBoundBoard())
		for tier := 1; tier <= 4; tier++ {
			if b[tier] < most[tier] {
				t.Fatalf("instance %d: bound %v on priorities 1 to %d, but a plan fills %v\n%+v", i, b[1:], tier, most[1:], d)
			}
		}
		compared++
		if *b == most {
			tight++
		}
	}
	if compared < 75 {
		t.Fatalf("only %d instances compared", compared)
	}
	t.Logf("%d instances compared; the bound met the best plan on every priority in %d", compared, tight)
}

// TestCapacityBoundIsNeverBelowAPlan checks the release-capacity bound on many random small
// instances against exhaustive search: given the higher priorities filled as in the plan,
// no valid plan that fills them as much fills more of priority t than the bound says.
func TestCapacityBoundIsNeverBelowAPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	compared, binding := 0, 0
	for i := range 200 {
		d := randomWorld(rng)
		d.Settings.ReleaseLimit = 1 + rng.IntN(2)
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		bound, got := capacityBounds(p.in, p.s), coverageOf(p)
		if !eachValidPlan(d, func(cov [5]int) {
			for tier := 1; tier <= 4; tier++ {
				if cov[tier] > bound[tier] && samePrefix(cov, got, tier) {
					t.Fatalf("instance %d: the bound allows %d at priority %d, but a plan filling %v fills %d\n%+v",
						i, bound[tier], tier, got[1:tier], cov[tier], d)
				}
			}
		}) {
			continue
		}
		compared++
		for tier := 1; tier <= 4; tier++ {
			if bound[tier] == got[tier] {
				binding++
			}
		}
	}
	if compared < 100 {
		t.Fatalf("only %d instances compared", compared)
	}
	t.Logf("%d instances compared; the bound met the plan on %d priorities", compared, binding)
}

// samePrefix reports whether a and b fill the same seats at every priority before tier.
func samePrefix(a, b [5]int, tier int) bool {
	for j := 1; j < tier; j++ {
		if a[j] != b[j] {
			return false
		}
	}
	return true
}

// TestTradedBoundIsNeverBelowAPlan checks the release-capacity bound that trades seats of
// priority t against higher ones (tradedBound) on many random small instances against
// exhaustive search: every valid plan's seats of each priority t are within the bound for
// as many seats of each higher priority as it fills (the bound for fewer can only be
// higher).
func TestTradedBoundIsNeverBelowAPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 47))
	compared, lower := 0, 0
	for i := range 200 {
		d := randomWorld(rng)
		d.Settings.ReleaseLimit = 1 + rng.IntN(2)
		in := newInstance(d)
		var pools [5][]int
		for tier := 1; tier <= 4; tier++ {
			pools[tier] = slices.Clone(pools[tier-1])
			for _, r := range in.roles {
				if r.open && r.tier == tier {
					pools[tier] = r.fillable(pools[tier])
				}
			}
		}
		bounds := map[[5]int]int{} // by priority (in [0]) and the floors of the higher ones
		bound := func(tier int, cov [5]int) int {
			key := [5]int{tier}
			copy(key[1:tier], cov[1:tier])
			b, ok := bounds[key]
			if !ok {
				b = in.tradedBound(pools[tier], in.releaseCapacity(), tier, key)
				bounds[key] = b
				if plain := in.mostThatFit(pools[tier], in.releaseCapacity()) - cumulative(key)[tier-1]; b < plain {
					lower++
				}
			}
			return b
		}
		if !eachValidPlan(d, func(cov [5]int) {
			for tier := 2; tier <= 4; tier++ {
				if b := bound(tier, cov); cov[tier] > b {
					t.Fatalf("instance %d: a plan filling %v fills %d at priority %d, above the bound %d\n%+v",
						i, cov[1:], cov[tier], tier, b, d)
				}
			}
		}) {
			continue
		}
		compared++
	}
	if compared < 100 {
		t.Fatalf("only %d instances compared", compared)
	}
	t.Logf("%d instances compared; trading lowered the plain count bound %d times", compared, lower)
}
