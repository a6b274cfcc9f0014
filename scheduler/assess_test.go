package scheduler

import (
	"testing"

	"associateplanner/model"
)

// TestCompletedSecondmentCountsAsSystemExperience: a completed secondment on a request's
// supplier system is experience of it (issue 15), as much as the systems HR's roster lists.
func TestCompletedSecondmentCountsAsSystemExperience(t *testing.T) {
	d := world()
	d.Settings.Weights = model.Weights{System: 1}
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 3)), associate("B", "T3", skill("Testing", 3)),
		associate("C", "T3", skill("Testing", 3))}
	d.Associates[2].Systems = []string{"epic"} // from HR's roster, in other letters
	request(d, "PAST", "T2", 3, 2, model.NewDate(2026, 11, 2), model.NewDate(2026, 11, 13))
	d.Requests[0].System = "Epic"
	d.Requests[0].Status = model.RequestClosed
	request(d, "OTHER", "T2", 3, 1, model.NewDate(2026, 11, 16), model.NewDate(2026, 11, 20))
	d.Requests[1].System = "Nervecentre"
	d.Requests[1].Status = model.RequestClosed
	request(d, "R", "T1", 1, 1, jan4, jan29)
	d.Requests[2].System = "Epic"
	d.Assignments = []model.Assignment{
		{RequestRef: "PAST", Role: "Tester", StaffID: "A", Period: d.Roles[0].Period, Status: model.Completed},
		{RequestRef: "PAST", Role: "Tester", StaffID: "B", Period: d.Roles[0].Period, Status: model.Withdrawn},
		{RequestRef: "OTHER", Role: "Tester", StaffID: "B", Period: d.Roles[1].Period, Status: model.Completed},
	}
	in := newInstance(d)
	r := in.byRole[d.Roles[2].Key()]
	for id, want := range map[string]float64{"A": 1, "B": 0, "C": 1} {
		s := in.score(in.byStaff[id], r)
		if s.Total != want {
			t.Errorf("%s scores %+v on an Epic request, want System experience %v", id, s, want)
		}
		if want > 0 && (len(s.Terms) != 1 || s.Terms[0].Name != "System experience") {
			t.Errorf("%s's terms %+v, want System experience", id, s.Terms)
		}
	}
}

// TestAssessShowsTheStoredPeriod: the plan the register holds shows each saved assignment
// with the dates stored on it (cut short by an early completion, or planned from today),
// with the days and cost of those dates, not its role's.
func TestAssessShowsTheStoredPeriod(t *testing.T) {
	jan15 := model.NewDate(2027, 1, 15)
	for _, status := range []model.AssignmentStatus{model.Confirmed, model.Active, model.Proposed} {
		for _, pinned := range []bool{false, true} {
			if pinned && status != model.Proposed {
				continue
			}
			d := world()
			a := associate("A", "T3", skill("Testing", 3))
			a.DayRate = model.Pounds(300)
			d.Associates = []model.Associate{a}
			request(d, "R", "T1", 1, 1, jan4, jan29)
			d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "A",
				Period: model.Period{From: jan4, To: jan15}, Status: status, Pinned: pinned}}
			p := Assess(d)
			if len(p.Assignments) != 1 {
				t.Fatalf("%s (pinned %v): assignments %+v", status, pinned, p.Assignments)
			}
			got := p.Assignments[0]
			if got.Period != d.Assignments[0].Period || got.Days != 10 || got.Cost != model.Pounds(3000) {
				t.Errorf("%s (pinned %v): shown %s, %d days, %v; want 04/01/2027 – 15/01/2027, 10 days, £3,000",
					status, pinned, got.Period, got.Days, got.Cost)
			}
			if got.Status != status || got.Pinned != pinned {
				t.Errorf("%s (pinned %v): shown as %s (pinned %v)", status, pinned, got.Status, got.Pinned)
			}
		}
	}
}
