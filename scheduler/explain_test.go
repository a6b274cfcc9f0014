package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
)

// TestEligibilityAgreesWithExplanations plans many random problems and checks, for every
// associate and open role, that the solver and the explanations tell the same story:
//   - before anything is planned, an associate is a candidate exactly when the explanation
//     against the commitments alone lists no miss;
//   - in the plan, an associate not in a role with a free seat may take it exactly when the
//     explanation lists no miss;
//   - every miss named is of a rule that, checked on its own, fails;
//   - an empty seat's counts account for every associate once.
func TestEligibilityAgreesWithExplanations(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 23))
	var problems []*model.Data
	for range 150 {
		problems = append(problems, randomWorld(rng))
	}
	for seed := range uint64(6) {
		problems = append(problems, synthetic.Generate(synthetic.Size{Name: "T", Associates: 120, Requests: 10}, seed))
	}
	for i, d := range problems {
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if msg := disagreement(p); msg != "" {
			t.Fatalf("problem %d: %s", i, msg)
		}
	}
}

// disagreement returns how the solver's eligibility and the plan's explanations of it
// disagree, or "".
func disagreement(p *Plan) string {
	in, s := p.in, p.s
	before, now := newWhy(newState(in)), newWhy(s)
	for _, r := range in.roles {
		if !r.open || r.seats == 0 {
			continue
		}
		for _, pe := range in.people {
			cand := slices.Contains(r.cands, pe.ID)
			if misses := before.misses(pe.ID, r.ID); cand != (len(misses) == 0) {
				return describe("candidate", cand, pe, r, misses)
			}
			if s.seated(pe.ID, r.ID) {
				continue
			}
			misses := now.misses(pe.ID, r.ID)
			for _, m := range misses {
				if got := now.check.First(&pe.Person, &r.Post, model.RulesOf(m.Rule)); got != m.Rule {
					return describe("named rule fails alone", false, pe, r, misses)
				}
			}
			if s.room[r.ID] > 0 {
				if fits := cand && s.dynamicRule(pe.ID, r.ID) == 0; fits != (len(misses) == 0) {
					return describe("may take a free seat", fits, pe, r, misses)
				}
			}
		}
	}
	for _, u := range p.Unfilled {
		counted := len(s.holders[in.byRole[model.RoleKey{RequestRef: u.RequestRef, Name: strings.ToLower(u.Role)}]])
		for _, rc := range u.Removed {
			counted += rc.Count
		}
		if counted != len(in.people) {
			return u.RequestRef + "/" + u.Role + ": the counts and the seat-holders do not add up to every associate: " + u.Summary
		}
	}
	return ""
}

func describe(what string, solver bool, pe *person, r *roleInfo, misses []model.Miss) string {
	var words []string
	for _, m := range misses {
		words = append(words, m.Reason(&pe.Person, &r.Post))
	}
	return fmt.Sprintf("%s: the solver says %v for %s in %s, the explanation lists %q", what, solver,
		pe.Associate.StaffID, r.roleName(), words)
}

// TestNearestReadsTheWholeRegisterOnlyWhenItMust: the near misses of an empty seat, found
// among those with the role's key skill when they suffice, are those a reading of every
// associate finds, on sparse and dense problems.
func TestNearestReadsTheWholeRegisterOnlyWhenItMust(t *testing.T) {
	shortcuts, whole := 0, 0
	for seed := range uint64(8) {
		size := synthetic.Size{Name: "T", Associates: 120, Requests: 10}
		if seed%2 == 1 {
			size = synthetic.Size{Name: "D", Associates: 600, Requests: 40, Dense: true}
		}
		p, err := Make(context.Background(), synthetic.Generate(size, seed), Options{})
		if err != nil {
			t.Fatal(err)
		}
		w := newWhy(p.s)
		for _, r := range p.in.roles {
			if !r.open || p.s.room[r.ID] <= 0 {
				continue
			}
			var all nearest
			for _, pe := range p.in.people {
				all.consider(w, pe.ID, r)
			}
			got, want := w.nearest(r), all.words(w, r)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("seed %d, %s: nearest %v, want %v", seed, r.roleName(), got, want)
			}
			if all.settled() {
				shortcuts++
			} else {
				whole++
			}
		}
	}
	if shortcuts == 0 {
		t.Fatal("no empty seat had three near misses with the skills: the shortcut was never taken")
	}
	if whole == 0 {
		t.Fatal("every empty seat found its near misses among the skilled: the reading of the rest was never tried")
	}
	t.Logf("%d empty seats found their near misses among the skilled, %d read the rest", shortcuts, whole)
}
