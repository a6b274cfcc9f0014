package scheduler

import (
	"testing"

	"associateplanner/model"
)

// TestTermsFollowTheWeights: the planner computes one value per quality term, paired by
// position with model.WeightTerms, which settings and their form read too. A term added to
// one list and not the other, or listed in another order, would weigh one term by
// another's weight.
func TestTermsFollowTheWeights(t *testing.T) {
	if len(termValues) != len(model.WeightTerms) {
		t.Fatalf("%d term values for %d weights", len(termValues), len(model.WeightTerms))
	}
	for i, w := range model.WeightTerms {
		if termValues[i].key != w.Key {
			t.Errorf("term %d computes %s, but its weight is %s", i, termValues[i].key, w.Key)
		}
	}
}

// TestEachTermIsWeighedByItsOwnWeight sets one weight at a time and checks that only the
// term of that name appears in a score, so each value is multiplied by its own weight.
func TestEachTermIsWeighedByItsOwnWeight(t *testing.T) {
	d := world()
	a := associate("A", "T3", skill("Testing", 5))
	a.Systems = []string{"Epic"}
	a.DayRate = model.Pounds(300)
	d.Associates = []model.Associate{a}
	request(d, "R", "T2", 1, 1, jan4, jan29) // at T2, in London; A's T3 is in the North West
	d.Requests[0].System = "Epic"
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "A", Period: d.Roles[0].Period, Status: model.Proposed}}
	nonZero := map[string]bool{"weight_system": true, "weight_skill": true, "weight_cost": true, "weight_stability": true}
	for _, w := range model.WeightTerms {
		t.Run(w.Key, func(t *testing.T) {
			d.Settings.Weights = model.Weights{}
			*w.Field(&d.Settings.Weights) = 1
			in := newInstance(d)
			s := in.score(0, 0)
			switch {
			case !nonZero[w.Key] && len(s.Terms) != 0:
				t.Fatalf("only %s weighs, and its value is 0 here, yet the score has %+v", w.Name, s.Terms)
			case nonZero[w.Key] && (len(s.Terms) != 1 || s.Terms[0].Name != w.Name):
				t.Fatalf("only %s weighs, yet the score has %+v", w.Name, s.Terms)
			}
		})
	}
}
