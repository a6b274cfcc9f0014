// Package scheduler plans associates onto the seats of open requests as
// ../shared/spec/planning.md defines: it never breaks a hard rule, fills as many seats as
// possible tier by tier from priority 1, then maximises a weighted quality score, and
// explains every choice and every empty seat. It imports only model.
package scheduler

import (
	"fmt"

	"associateplanner/model"
)

// Rule is one hard rule of planning.md, numbered as there.
type Rule int

// The hard rules, in planning.md's order.
const (
	RuleActive        Rule = 1
	RuleSkills        Rule = 2
	RuleClearances    Rule = 3
	RuleOwnEmployer   Rule = 4
	RuleRemoteOnly    Rule = 5
	RuleUnavailable   Rule = 6
	RuleDoubleBooking Rule = 7
	RuleAnnualCap     Rule = 8
	RuleReleaseLimit  Rule = 9
	RuleSeats         Rule = 10
	RuleOpenRequest   Rule = 11
	// RuleWithdrawn is not in planning.md: the coordinator withdrew this person from this
	// role (rejected a proposal or swapped them out), so re-planning must not undo that.
	RuleWithdrawn Rule = 12
)

// Rules lists the hard rules in order.
var Rules = []Rule{RuleActive, RuleSkills, RuleClearances, RuleOwnEmployer, RuleRemoteOnly, RuleUnavailable,
	RuleDoubleBooking, RuleAnnualCap, RuleReleaseLimit, RuleSeats, RuleOpenRequest, RuleWithdrawn}

var ruleNames = map[Rule]string{
	RuleActive: "inactive", RuleSkills: "lack the skills", RuleClearances: "lack valid clearances",
	RuleOwnEmployer: "employed by the trust", RuleRemoteOnly: "remote only", RuleUnavailable: "on leave",
	RuleDoubleBooking: "already booked", RuleAnnualCap: "at annual cap", RuleReleaseLimit: "employer at release limit",
	RuleSeats: "already in this role", RuleOpenRequest: "request not open", RuleWithdrawn: "withdrawn by the coordinator",
}

// String names the rule as an explanation says it: "on leave".
func (r Rule) String() string {
	if n, ok := ruleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("rule %d", int(r))
}

// seat describes a role's demands as the rules read them.
type seat struct {
	role    *model.Role
	request *model.Request
	trust   *model.Organisation
}

// The per-person rules: each says whether an associate may take a role on its own merits,
// whatever else the plan holds. Rules 7 to 10 depend on the rest of the plan (state.go).

func active(p *person, _ *roleInfo) bool { return p.a.Active }

func hasSkills(p *person, r *roleInfo) bool {
	for _, n := range r.needs {
		if p.skills[n.skill] < n.level {
			return false
		}
	}
	return true
}

func clearancesValid(p *person, r *roleInfo) bool {
	for _, kind := range r.clears {
		if p.clearances[kind] < r.role.To {
			return false
		}
	}
	return true
}

func notOwnEmployer(p *person, r *roleInfo) bool { return p.a.HomeOrg != r.req.Trust }

func remoteAllowed(p *person, r *roleInfo) bool { return !(r.role.OnSite && p.a.RemoteOnly) }

// personalRules are checked in planning.md's order; the first that fails is the reason an
// associate is not a candidate.
var personalRules = []struct {
	rule Rule
	ok   func(*person, *roleInfo) bool
}{
	{RuleActive, active}, {RuleSkills, hasSkills}, {RuleClearances, clearancesValid},
	{RuleOwnEmployer, notOwnEmployer}, {RuleRemoteOnly, remoteAllowed},
}

// requestOpen is rule 11: only open requests at organisations still open are planned.
func requestOpen(s seat) bool {
	return s.request.Status == model.RequestOpen && (s.trust == nil || !s.trust.IsClosedOn(s.role.From))
}

// skillGap measures how far an associate falls short of a role's skills: the sum of
// missing levels, for ranking near misses.
func skillGap(p *person, r *roleInfo) int {
	gap := 0
	for _, n := range r.needs {
		if l := p.skills[n.skill]; l < n.level {
			gap += n.level - l
		}
	}
	return gap
}
