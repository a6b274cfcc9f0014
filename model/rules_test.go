package model

import (
	"slices"
	"testing"
)

// ruleCase is one associate considered for one seat: a role at trust T1 needing Testing ≥ 3
// and DBS, on site, 4 to 29 January 2027 (20 working days), one seat; an associate of T2
// who meets every rule; and the rest of the plan, empty.
type ruleCase struct {
	a     Associate
	role  Role
	req   Request
	trust Organisation
	leave []Period
	plan  *ledger
	limit int
	post  *Post
	p     *Person
}

var jan4, jan29 = NewDate(2027, 1, 4), NewDate(2027, 1, 29)

func newRuleCase() *ruleCase {
	return &ruleCase{
		a: Associate{StaffID: "A", Name: "Ann", HomeOrg: "T2", Active: true, MaxDays: 60,
			Skills: []SkillLevel{{"Testing", 4}}, Clearances: []Clearance{{"DBS", NewDate(2030, 1, 1)}}},
		role: Role{RequestRef: "R1", Name: "Tester", Headcount: 1, Skills: []SkillLevel{{"Testing", 3}},
			Clearances: []string{"DBS"}, Period: Period{jan4, jan29}, OnSite: true},
		req:   Request{Ref: "R1", Trust: "T1", Status: RequestOpen},
		trust: Organisation{Code: "T1"},
		plan:  newLedger(),
	}
}

// prepare numbers the role and the associate as the planner would: person 0 of
// organisation 0, post 0.
func (c *ruleCase) prepare() {
	n := NewNumbering()
	c.post = &Post{ID: 0, Role: &c.role, Request: &c.req, Trust: &c.trust, Period: c.role.Period,
		Days: NewCalendar(nil).WorkingDaysByYear(c.role.Period)}
	n.NumberPost(c.post)
	c.p = &Person{ID: 0, Org: 0, Associate: &c.a, Leave: c.leave}
	n.NumberPerson(c.p)
	c.plan.know(c.p, c.post)
}

// book puts someone in the plan: person id of organisation org in post, over span.
func (c *ruleCase) book(id, org, post int, name string, span Period) {
	other := &Person{ID: id, Org: org, Associate: &Associate{MaxDays: 60}}
	r := &Post{ID: post, Role: &Role{Name: name, Headcount: 1}, Request: &Request{Ref: "R9"}, Period: span,
		Days: NewCalendar(nil).WorkingDaysByYear(span)}
	if post == 0 {
		r = c.post
	}
	c.plan.book(other, r)
}

// TestEachRule checks every hard rule: whom it bars, that it is the first rule named, and
// how its reason is worded.
func TestEachRule(t *testing.T) {
	feb := Period{NewDate(2027, 1, 25), NewDate(2027, 2, 5)}
	tests := []struct {
		name   string
		edit   func(c *ruleCase) // before prepare
		after  func(c *ruleCase) // after prepare: what the rest of the plan holds
		rule   Rule              // 0: may take the seat
		reason string
	}{
		{"meets every rule", nil, nil, 0, ""},
		{"1 inactive", func(c *ruleCase) { c.a.Active = false }, nil, RuleActive, "inactive"},
		{"2 skill too low", func(c *ruleCase) { c.a.Skills[0].Level = 2 }, nil, RuleSkills, "Testing 2, needs 3"},
		{"2 skill not held", func(c *ruleCase) { c.a.Skills = nil }, nil, RuleSkills, "Testing 0, needs 3"},
		{"2 skill names match whatever their case", func(c *ruleCase) { c.a.Skills[0].Skill = "TESTING" }, nil, 0, ""},
		{"3 clearance expires the day before the role ends", func(c *ruleCase) { c.a.Clearances[0].Expiry = jan29 - 1 }, nil,
			RuleClearances, "DBS expires 28/01/2027"},
		{"3 clearance valid to the last day", func(c *ruleCase) { c.a.Clearances[0].Expiry = jan29 }, nil, 0, ""},
		{"3 clearance not held", func(c *ruleCase) { c.a.Clearances = nil }, nil, RuleClearances, "no DBS"},
		{"4 own employer", func(c *ruleCase) { c.a.HomeOrg = "T1" }, nil, RuleOwnEmployer, "employed by the trust"},
		{"5 remote only, on site", func(c *ruleCase) { c.a.RemoteOnly = true }, nil, RuleRemoteOnly, "remote only"},
		{"5 remote only, remote role", func(c *ruleCase) { c.a.RemoteOnly, c.role.OnSite = true, false }, nil, 0, ""},
		{"6 leave on the last day", func(c *ruleCase) { c.leave = []Period{{jan29, jan29 + 4}} }, nil,
			RuleUnavailable, "on leave 29/01/2027 – 02/02/2027"},
		{"6 leave the day after", func(c *ruleCase) { c.leave = []Period{{jan29 + 1, jan29 + 4}} }, nil, 0, ""},
		{"7 booked elsewhere over the same days", nil, func(c *ruleCase) { c.book(0, 0, 1, "Analyst", feb) },
			RuleDoubleBooking, "booked on R9 / Analyst 25/01/2027 – 05/02/2027"},
		{"8 cap too small for the role", func(c *ruleCase) { c.a.MaxDays = 19 }, nil,
			RuleAnnualCap, "annual cap of 19 days: 19 left in 2026/27, needs 20"},
		{"8 cap used up earlier in the year", func(c *ruleCase) { c.a.MaxDays = 25 },
			func(c *ruleCase) { c.book(0, 0, 1, "Analyst", Period{NewDate(2026, 11, 2), NewDate(2026, 11, 9)}) },
			RuleAnnualCap, "annual cap of 25 days: 19 left in 2026/27, needs 20"},
		{"8 cap used in another financial year", func(c *ruleCase) { c.a.MaxDays = 25 },
			func(c *ruleCase) { c.book(0, 0, 1, "Analyst", Period{NewDate(2027, 4, 5), NewDate(2027, 4, 30)}) }, 0, ""},
		{"9 colleague away with the release limit at 1", func(c *ruleCase) { c.limit = 1 },
			func(c *ruleCase) { c.book(1, 0, 1, "Analyst", Period{NewDate(2027, 1, 11), NewDate(2027, 1, 12)}) },
			RuleReleaseLimit, "employer T2 already has 1 away on 11/01/2027"},
		{"9 colleague away with the release limit at 2", func(c *ruleCase) { c.limit = 2 },
			func(c *ruleCase) { c.book(1, 0, 1, "Analyst", Period{NewDate(2027, 1, 11), NewDate(2027, 1, 12)}) }, 0, ""},
		{"9 someone of another employer away", func(c *ruleCase) { c.limit = 1 },
			func(c *ruleCase) { c.book(1, 1, 1, "Analyst", Period{NewDate(2027, 1, 11), NewDate(2027, 1, 12)}) }, 0, ""},
		{"10 the one seat taken", nil, func(c *ruleCase) { c.book(1, 1, 0, "", c.role.Period) },
			RuleSeats, "all 1 seats already taken"},
		{"10 already in the role", func(c *ruleCase) { c.role.Headcount = 2 }, func(c *ruleCase) { c.book(0, 0, 0, "", c.role.Period) },
			RuleSeats, "already holds a seat in this role"},
		{"11 request cancelled", func(c *ruleCase) { c.req.Status = RequestCancelled }, nil, RuleOpenRequest, "request not open"},
		{"11 trust closed before the role starts", func(c *ruleCase) { c.trust.Closed = jan4 }, nil, RuleOpenRequest, "request not open"},
		{"12 withdrawn by the coordinator", nil, func(c *ruleCase) { c.post.Withdrawn = []int{0} },
			RuleWithdrawn, "withdrawn from this role by the coordinator"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newRuleCase()
			if tc.edit != nil {
				tc.edit(c)
			}
			c.prepare()
			if tc.after != nil {
				tc.after(c)
			}
			check := Checker{Plan: c.plan, Limit: c.limit}
			if got := check.First(c.p, c.post, AllRules); got != tc.rule {
				t.Fatalf("First = rule %d (%s), want %d", got, got, tc.rule)
			}
			misses := check.Misses(c.p, c.post, AllRules)
			if tc.rule == 0 {
				if len(misses) != 0 {
					t.Fatalf("misses %+v for someone who may take the seat", misses)
				}
				return
			}
			if len(misses) != 1 || misses[0].Rule != tc.rule {
				t.Fatalf("misses %+v, want one of rule %d", misses, tc.rule)
			}
			if got := misses[0].Reason(c.p, c.post); got != tc.reason {
				t.Errorf("reason %q, want %q", got, tc.reason)
			}
			if got := check.First(c.p, c.post, AllRules&^RulesOf(tc.rule)); got != 0 {
				t.Errorf("without rule %d, rule %d still bars them: the case tests more than one rule", tc.rule, got)
			}
		})
	}
}

// TestMissesListsEveryBreachInOrder: an explanation names every way a person falls short,
// rule by rule in planning.md's order, and First names the first of them.
func TestMissesListsEveryBreachInOrder(t *testing.T) {
	c := newRuleCase()
	c.a.Active, c.a.HomeOrg = false, "T1"
	c.role.Skills = append(c.role.Skills, SkillLevel{"Cutover", 2})
	c.a.Skills[0].Level = 1
	c.leave = []Period{{jan4, jan4}, {jan29, jan29}}
	c.prepare()
	check := Checker{Plan: c.plan}
	var got []string
	for _, m := range check.Misses(c.p, c.post, AllRules) {
		got = append(got, m.Reason(c.p, c.post))
	}
	want := []string{"inactive", "Testing 1, needs 3", "Cutover 0, needs 2", "employed by the trust",
		"on leave 04/01/2027 – 04/01/2027", "on leave 29/01/2027 – 29/01/2027"}
	if !slices.Equal(got, want) {
		t.Errorf("misses %q, want %q", got, want)
	}
	if r := check.First(c.p, c.post, AllRules); r != RuleActive {
		t.Errorf("First = %d, want rule 1", r)
	}
	if r := check.FirstOf(c.p, c.post, []Rule{RuleUnavailable, RuleActive}); r != RuleUnavailable {
		t.Errorf("FirstOf asked leave first, got rule %d", r)
	}
}

// TestWithoutAPlanOnlyTheRulesOfPersonAndRoleAreRead: a Checker with no Bookings judges
// rules 1 to 6, 11 and 12 alone.
func TestWithoutAPlanOnlyTheRulesOfPersonAndRoleAreRead(t *testing.T) {
	c := newRuleCase()
	c.a.MaxDays = 1
	c.prepare()
	var check Checker
	if r := check.First(c.p, c.post, AllRules); r != 0 {
		t.Errorf("rule %d read with no plan", r)
	}
	check.Plan = c.plan
	if r := check.First(c.p, c.post, AllRules); r != RuleAnnualCap {
		t.Errorf("with the plan, rule %d; want the annual cap", r)
	}
}

// TestCountNames: an unfilled seat's counts name the skills and clearances the role needs.
func TestCountNames(t *testing.T) {
	c := newRuleCase()
	c.role.Skills = append(c.role.Skills, SkillLevel{"Cutover", 2})
	c.prepare()
	for rule, want := range map[Rule]string{RuleSkills: "lack Testing ≥ 3 or Cutover ≥ 2",
		RuleClearances: "lack DBS valid to 29/01/2027", RuleUnavailable: "on leave"} {
		if got := rule.CountName(c.post); got != want {
			t.Errorf("rule %d: %q, want %q", rule, got, want)
		}
	}
}
