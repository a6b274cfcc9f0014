package scheduler

import (
	"context"
	"slices"
	"strings"
	"testing"

	"associateplanner/model"
)

var (
	jan4  = model.NewDate(2027, 1, 4)  // a Monday
	jan29 = model.NewDate(2027, 1, 29) // the Friday four weeks on: 20 working days
	feb1  = model.NewDate(2027, 2, 1)
	feb26 = model.NewDate(2027, 2, 26)
)

// world is a small register to plan: trusts T1 to T3, associates added per test.
func world() *model.Data {
	return &model.Data{
		Organisations: []model.Organisation{
			{Code: "T1", Name: "Trust One", Region: "London"}, {Code: "T2", Name: "Trust Two", Region: "London"},
			{Code: "T3", Name: "Trust Three", Region: "North West"},
		},
		Settings: model.DefaultSettings(),
	}
}

func associate(id, home string, skills ...model.SkillLevel) model.Associate {
	return model.Associate{StaffID: id, Name: "Person " + id, HomeOrg: home, MaxDays: 60, Active: true, Skills: skills,
		Clearances: []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2030, 1, 1)}}}
}

func skill(name string, level int) model.SkillLevel {
	return model.SkillLevel{Skill: name, Level: level}
}

// request adds a request at trust with one role needing Testing ≥ 3 and DBS.
func request(d *model.Data, ref, trust string, priority, headcount int, from, to model.Date) {
	d.Requests = append(d.Requests, model.Request{Ref: ref, Trust: trust, Title: ref, Kind: model.KindAdvisory,
		Priority: priority, Period: model.Period{From: from, To: to}, Mode: model.ModeOnSite, Status: model.RequestOpen})
	d.Roles = append(d.Roles, model.Role{RequestRef: ref, Name: "Tester", Headcount: headcount,
		Skills: []model.SkillLevel{skill("Testing", 3)}, Clearances: []string{"DBS"},
		Period: model.Period{From: from, To: to}, OnSite: true})
}

func plan(t *testing.T, d *model.Data) *Plan {
	t.Helper()
	p, err := Make(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, d, p)
	return p
}

func chosen(p *Plan, ref string) []string {
	var ids []string
	for _, a := range p.Assignments {
		if a.RequestRef == ref {
			ids = append(ids, a.StaffID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestEachHardRuleKeepsPeopleOut(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(a *model.Associate, d *model.Data)
		reason string // in the unfilled seat's summary
	}{
		{"inactive", func(a *model.Associate, _ *model.Data) { a.Active = false }, "1 inactive"},
		{"skill too low", func(a *model.Associate, _ *model.Data) { a.Skills[0].Level = 2 }, "1 lack Testing ≥ 3"},
		{"clearance expires before the role ends", func(a *model.Associate, _ *model.Data) { a.Clearances[0].Expiry = jan29 - 1 }, "1 lack DBS valid to 29/01/2027"},
		{"own employer", func(a *model.Associate, _ *model.Data) { a.HomeOrg = "T1" }, "1 employed by the trust"},
		{"remote only", func(a *model.Associate, _ *model.Data) { a.RemoteOnly = true }, "1 remote only"},
		{"on leave", func(a *model.Associate, d *model.Data) {
			d.Unavailability = append(d.Unavailability, model.Unavailability{StaffID: a.StaffID, Period: model.Period{From: jan29, To: feb1}})
		}, "1 on leave"},
		{"cap too small", func(a *model.Associate, _ *model.Data) { a.MaxDays = 19 }, "1 at annual cap"},
		{"committed elsewhere", func(a *model.Associate, d *model.Data) {
			request(d, "OTHER", "T3", 4, 1, jan4, jan4)
			d.Requests[len(d.Requests)-1].Status = model.RequestClosed
			d.Assignments = append(d.Assignments, model.Assignment{RequestRef: "OTHER", Role: "Tester", StaffID: a.StaffID,
				Period: model.Period{From: jan4, To: jan4}, Status: model.Confirmed})
		}, "1 already booked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := world()
			d.Associates = []model.Associate{associate("A", "T2", skill("Testing", 3))}
			request(d, "R", "T1", 1, 1, jan4, jan29)
			tc.edit(&d.Associates[0], d)
			p := plan(t, d)
			if ids := chosen(p, "R"); len(ids) != 0 {
				t.Fatalf("placed %v", ids)
			}
			if len(p.Unfilled) == 0 || !strings.Contains(p.Unfilled[0].Summary, tc.reason) {
				t.Fatalf("unfilled %+v, want a summary saying %q", p.Unfilled, tc.reason)
			}
		})
	}
}

func TestReleaseLimitCountsColleaguesAway(t *testing.T) {
	d := world()
	d.Settings.ReleaseLimit = 1
	d.Associates = []model.Associate{associate("A", "T2", skill("Testing", 4)), associate("B", "T2", skill("Testing", 4))}
	request(d, "R", "T1", 1, 2, jan4, jan29)
	p := plan(t, d)
	if ids := chosen(p, "R"); len(ids) != 1 {
		t.Fatalf("with K=1 two colleagues from T2 were placed: %v", ids)
	}
	if !strings.Contains(p.Unfilled[0].Summary, "1 employer at release limit") {
		t.Errorf("summary %q", p.Unfilled[0].Summary)
	}
	d.Settings.ReleaseLimit = 0 // no limit
	if ids := chosen(plan(t, d), "R"); len(ids) != 2 {
		t.Fatalf("with no limit: %v", ids)
	}
}

func TestEmergenciesFirst(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 5))}
	request(d, "ADVICE", "T1", 3, 1, jan4, jan29)
	request(d, "RESCUE", "T2", 1, 1, jan4+7, jan29+7) // overlaps: only one can have A
	p := plan(t, d)
	if got := chosen(p, "RESCUE"); len(got) != 1 {
		t.Fatalf("the only expert went elsewhere: %+v", p.Assignments)
	}
	if p.Coverage[0].Filled != 1 || p.Coverage[2].Filled != 0 || !p.Optimal {
		t.Errorf("coverage %+v optimal=%v", p.Coverage, p.Optimal)
	}
}

func TestChainMovesAPersonToFreeAnExpert(t *testing.T) {
	// A can do both roles; B only the advisory one. Greedy might give A the advisory seat
	// first (it is listed first); the plan must still fill both.
	d := world()
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 5), skill("Cutover", 4)), associate("B", "T3", skill("Testing", 3))}
	request(d, "R1", "T1", 2, 1, jan4, jan29)
	request(d, "R2", "T2", 2, 1, jan4, jan29)
	d.Roles[1].Skills = []model.SkillLevel{skill("Cutover", 4)}
	p := plan(t, d)
	if len(chosen(p, "R1")) != 1 || len(chosen(p, "R2")) != 1 {
		t.Fatalf("plan %+v", p.Assignments)
	}
}

func TestCommitmentsAndPinsAreKept(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 3)), associate("B", "T3", skill("Testing", 5))}
	request(d, "R", "T1", 1, 1, jan4, jan29)
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "A", Period: model.Period{From: jan4, To: jan29}, Status: model.Confirmed}}
	p := plan(t, d)
	if got := chosen(p, "R"); !slices.Equal(got, []string{"A"}) || len(p.Proposals()) != 0 {
		t.Fatalf("the confirmed seat moved: %+v", p.Assignments)
	}
	d.Assignments[0].Status, d.Assignments[0].Pinned = model.Proposed, true
	if got := chosen(plan(t, d), "R"); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("the pinned seat moved: %v", got)
	}
}

func TestReplanningKeepsEarlierProposals(t *testing.T) {
	d := world()
	for _, id := range []string{"A", "B", "C", "D"} {
		d.Associates = append(d.Associates, associate(id, "T3", skill("Testing", 3)))
	}
	d.Associates[3].Skills[0].Level = 5 // D scores higher on skill
	request(d, "R", "T1", 2, 1, jan4, jan29)
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "B", Period: model.Period{From: jan4, To: jan29}, Status: model.Proposed}}
	if got := chosen(plan(t, d), "R"); !slices.Equal(got, []string{"B"}) {
		t.Fatalf("re-planning reshuffled the earlier proposal to %v", got)
	}
	d.Settings.Weights.Stability = 0
	if got := chosen(plan(t, d), "R"); !slices.Equal(got, []string{"D"}) {
		t.Fatalf("without stability the best scorer should win: %v", got)
	}
}

func TestClosedTrustsAndClosedRequestsAreNotPlanned(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 3))}
	request(d, "R", "T1", 1, 1, jan4, jan29)
	d.Organisations[0].Closed = model.NewDate(2024, 9, 30)
	if p := plan(t, d); len(p.Assignments) != 0 || p.Coverage[0].Seats != 0 {
		t.Fatalf("planned at a closed trust: %+v", p)
	}
	d.Organisations[0].Closed = 0
	d.Requests[0].Status = model.RequestCancelled
	if p := plan(t, d); len(p.Assignments) != 0 {
		t.Fatal("planned a cancelled request")
	}
}

func TestCommitmentThatBreaksARuleIsReportedNotFixed(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{associate("A", "T1", skill("Testing", 3))} // employed by the host
	request(d, "R", "T1", 1, 1, jan4, jan29)
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "A", Period: model.Period{From: jan4, To: jan29}, Status: model.Confirmed}}
	p, err := Make(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Violations) != 1 || !strings.Contains(p.Violations[0], "employed by the trust") {
		t.Fatalf("violations %v", p.Violations)
	}
	if got := chosen(p, "R"); !slices.Equal(got, []string{"A"}) {
		t.Fatal("the commitment was changed")
	}
}

func TestAnnualCapSplitsAtFinancialYear(t *testing.T) {
	// 22/03/2027 to 09/04/2027 is 6 working days in 2026/27 and 7 in 2027/28: an associate
	// with 6 days left in 2026/27 fits; with 5 left they do not.
	d := world()
	a := associate("A", "T3", skill("Testing", 3))
	a.MaxDays = 10
	d.Associates = []model.Associate{a}
	request(d, "USED", "T2", 4, 1, model.NewDate(2027, 1, 4), model.NewDate(2027, 1, 7)) // 4 days in 2026/27
	d.Assignments = []model.Assignment{{RequestRef: "USED", Role: "Tester", StaffID: "A", Period: d.Roles[0].Period, Status: model.Completed}}
	request(d, "R", "T1", 1, 1, model.NewDate(2027, 3, 22), model.NewDate(2027, 4, 9))
	if got := chosen(plan(t, d), "R"); len(got) != 1 {
		t.Fatalf("6 days left in 2026/27 should fit: %v", got)
	}
	d.Assignments[0].To = model.NewDate(2027, 1, 8) // 5 days used: 5 left
	d.Roles[0].To = d.Assignments[0].To
	if got := chosen(plan(t, d), "R"); len(got) != 0 {
		t.Fatalf("5 days left cannot hold 6: %v", got)
	}
}

func TestExplanations(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{
		associate("A", "T2", skill("Testing", 2)), // one level short
		associate("B", "T1", skill("Testing", 4)), // works at the trust
		associate("C", "T3", skill("Testing", 5)),
	}
	request(d, "R", "T1", 1, 2, jan4, jan29)
	p := plan(t, d)
	u := p.Unfilled[0]
	if u.Seats != 1 || u.Summary != "3 associates: 1 lack Testing ≥ 3; 1 employed by the trust" {
		t.Errorf("unfilled %+v", u)
	}
	if len(u.Nearest) == 0 || u.Nearest[0].StaffID != "A" || u.Nearest[0].Misses[0] != "Testing 2, needs 3" {
		t.Errorf("nearest %+v", u.Nearest)
	}
	key := d.Roles[0].Key()
	for id, want := range map[string]string{"C": "was chosen", "A": "Testing 2, needs 3", "B": "employed by the trust"} {
		if got := p.WhyNot(id, key); !strings.Contains(got, want) {
			t.Errorf("WhyNot(%s) = %q, want %q", id, got, want)
		}
	}
	c := p.Candidates(key)
	if c[0].StaffID != "C" || !c[0].Chosen || c[1].Eligible {
		t.Errorf("candidates %+v", c)
	}
	placed := p.Assignments[0]
	if placed.Days != 20 || placed.Cost != d.Settings.RateFor(&d.Associates[2])*20 || len(placed.Score.Terms) == 0 {
		t.Errorf("placed %+v", placed)
	}
}

func TestBudgetPerFinancialYear(t *testing.T) {
	d := world()
	a := associate("A", "T3", skill("Testing", 3))
	a.DayRate = model.Pounds(300)
	d.Associates = []model.Associate{a}
	request(d, "R", "T1", 1, 1, model.NewDate(2027, 3, 22), model.NewDate(2027, 4, 9))
	p := plan(t, d)
	if len(p.Budget) != 2 || p.Budget[0].Proposed != model.Pounds(1800) || p.Budget[1].Proposed != model.Pounds(2100) ||
		p.Budget[0].Label != "2026/27" || p.Budget[0].Budget != model.Pounds(2_000_000) {
		t.Fatalf("budget %+v", p.Budget)
	}
}

func TestEmptyRegisterAndCancellation(t *testing.T) {
	p := plan(t, world())
	if len(p.Assignments) != 0 || len(p.Unfilled) != 0 || !p.Optimal {
		t.Fatalf("empty register: %+v", p)
	}
	d := world()
	request(d, "R", "T1", 1, 1, jan4, jan29)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Make(ctx, d, Options{}); err == nil {
		t.Fatal("a cancelled plan returned no error")
	}
}

func TestWithdrawnPeopleAreNotProposedAgain(t *testing.T) {
	d := world()
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 5)), associate("B", "T3", skill("Testing", 3))}
	request(d, "R", "T1", 1, 1, jan4, jan29)
	if got := chosen(plan(t, d), "R"); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("first plan %v", got)
	}
	d.Assignments = []model.Assignment{{RequestRef: "R", Role: "Tester", StaffID: "A", Period: d.Roles[0].Period, Status: model.Withdrawn}}
	p := plan(t, d)
	if got := chosen(p, "R"); !slices.Equal(got, []string{"B"}) {
		t.Fatalf("after withdrawing A: %v", got)
	}
	if why := p.WhyNot("A", d.Roles[0].Key()); !strings.Contains(why, "withdrawn") {
		t.Errorf("WhyNot(A) = %q", why)
	}
}

// TestProgressCountsEveryStage: the progress report is told each stage once, in order, as
// "done of total", and the total is how many stages there are, so a progress line never
// reads "6 of 5".
func TestProgressCountsEveryStage(t *testing.T) {
	d := world()
	d.Associates = append(d.Associates, associate("A", "T3", skill("Testing", 3)))
	request(d, "R", "T1", 1, 1, jan4, jan29)
	var stages []string
	total := 0
	_, err := Make(context.Background(), d, Options{Progress: func(stage string, done, of int) {
		if done != len(stages) || stage == "" {
			t.Errorf("%q reported as stage %d after %d stages", stage, done, len(stages))
		}
		stages, total = append(stages, stage), of
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) < 2 || len(stages) != total {
		t.Fatalf("%d stages reported, of a total of %d: %q", len(stages), total, stages)
	}
}

// TestViolationsAreTheRegistersConflicts: a new plan reports the conflicts of the kept
// assignments, as model.Conflicts finds them (unpinned proposals are planned afresh);
// the plan the register holds (Assess) reports every saved assignment's.
func TestViolationsAreTheRegistersConflicts(t *testing.T) {
	d := world()
	d.Settings.ReleaseLimit = 1
	d.Associates = []model.Associate{associate("A", "T3", skill("Testing", 3)), associate("B", "T3", skill("Testing", 3)),
		associate("C", "T2", skill("Testing", 3))}
	request(d, "R1", "T1", 1, 1, jan4, jan29)
	request(d, "R2", "T1", 1, 1, jan4+7, feb1)
	request(d, "R3", "T1", 1, 1, feb1, feb26)
	d.Assignments = []model.Assignment{
		{RequestRef: "R1", Role: "Tester", StaffID: "A", Period: d.Roles[0].Period, Status: model.Confirmed},
		{RequestRef: "R2", Role: "Tester", StaffID: "B", Period: d.Roles[1].Period, Status: model.Active},   // T3 over K=1
		{RequestRef: "R3", Role: "Tester", StaffID: "C", Period: d.Roles[2].Period, Status: model.Proposed}, // on leave
	}
	d.Unavailability = []model.Unavailability{{StaffID: "C", Period: model.Period{From: feb1, To: feb1}}}
	var kept, all []string
	for _, c := range model.Conflicts(d) {
		if c.Assignment.IsKept() {
			kept = append(kept, c.String())
		}
		all = append(all, c.String())
	}
	if len(kept) != 1 || len(all) != 2 {
		t.Fatalf("the register's conflicts %q: this test needs one kept and one proposed", all)
	}
	p, err := Make(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Violations, kept) {
		t.Errorf("a new plan reports %q, want %q", p.Violations, kept)
	}
	if got := Assess(d).Violations; !slices.Equal(got, all) {
		t.Errorf("the saved plan reports %q, want %q", got, all)
	}
}
