// Package scheduler plans associates onto the seats of open requests as
// ../shared/spec/planning.md defines: it never breaks a hard rule, fills as many seats as
// possible tier by tier from priority 1, then maximises a weighted quality score, and
// explains every choice and every empty seat. It imports only model, whose table of hard
// rules (model.HardRules) is the one its filter, its search and its explanations read.
package scheduler

import "associateplanner/model"

// Rule is one hard rule of planning.md, numbered as there.
type Rule = model.Rule

// skillGap measures how far an associate falls short of a role's skills: the sum of
// missing levels, for ranking near misses.
func skillGap(p *person, r *roleInfo) int {
	gap := 0
	for _, n := range r.Needs {
		if l := p.Skills[n.Skill]; l < n.Level {
			gap += n.Level - l
		}
	}
	return gap
}
