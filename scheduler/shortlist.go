package scheduler

import (
	"cmp"
	"slices"
	"sort"

	"associateplanner/model"
)

// skillIndex lists, for each skill a role needs, the people who hold it, highest level
// first. Finding a role's candidates then reads only the people who hold its rarest skill
// at the level it needs, not the whole register: on large registers most associates lack
// most roles' skills, and checking each of them against each role is most of the work.
type skillIndex struct {
	people [][]int // by skill number: people holding the skill, highest level first
	levels [][]int // their levels, in the same order
}

func newSkillIndex(in *instance) *skillIndex {
	n := len(in.people[0].Skills)
	x := &skillIndex{people: make([][]int, n), levels: make([][]int, n)}
	for s := range n {
		for _, p := range in.people {
			if p.Skills[s] > 0 {
				x.people[s] = append(x.people[s], p.ID)
			}
		}
		slices.SortStableFunc(x.people[s], func(a, b int) int { return cmp.Compare(in.people[b].Skills[s], in.people[a].Skills[s]) })
		x.levels[s] = make([]int, len(x.people[s]))
		for i, p := range x.people[s] {
			x.levels[s][i] = in.people[p].Skills[s]
		}
	}
	return x
}

// shortlist returns, in ID order, the people at or above r's level in the needed skill
// fewest hold: everyone who meets rule 2 (skills) for r is among them, and the rules are
// then checked on them alone. It returns every person when r needs no skill.
func (x *skillIndex) shortlist(in *instance, r *roleInfo) []int {
	var best []int
	found := false
	for _, n := range r.Needs {
		levels := x.levels[n.Skill]
		held := sort.Search(len(levels), func(i int) bool { return levels[i] < n.Level })
		if !found || held < len(best) {
			best, found = x.people[n.Skill][:held], true
		}
	}
	if !found {
		all := make([]int, len(in.people))
		for i := range all {
			all[i] = i
		}
		return all
	}
	return slices.Sorted(slices.Values(best))
}

// filter finds each role's candidates: the associates no static rule removes, best first,
// and counts how many each rule removed (the first each breaks).
func (in *instance) filter() {
	base := newState(in) // holds only the kept assignments
	if len(in.people) == 0 {
		return
	}
	index := newSkillIndex(in)
	inactive := 0
	for _, p := range in.people {
		if !p.Associate.Active {
			inactive++
		}
	}
	for _, r := range in.roles {
		if !r.open {
			r.removed[model.RuleOpenRequest] = len(in.people)
			continue
		}
		short := index.shortlist(in, r)
		var scored []scoredPerson
		for _, p := range short {
			if rule := base.staticRule(p, r.ID); rule != 0 {
				r.removed[rule]++
				continue
			}
			scored = append(scored, scoredPerson{p, in.total(p, r.ID)})
		}
		// Those left off the shortlist lack the skills, or, if inactive, break rule 1 first.
		offInactive := inactive - r.removed[model.RuleActive]
		r.removed[model.RuleActive] += offInactive
		r.removed[model.RuleSkills] += len(in.people) - len(short) - offInactive
		slices.SortStableFunc(scored, func(a, b scoredPerson) int { return cmp.Compare(b.total, a.total) })
		r.cands = make([]int, len(scored))
		for i, sp := range scored {
			r.cands[i] = sp.id
		}
	}
}
