package scheduler

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"associateplanner/model"
)

// filter finds each role's candidates (the associates no static rule removes, best first)
// and counts how many each rule removed (the first each breaks).
//
// On large registers most associates lack most roles' skills, so only those who hold a
// role's key skill (the one it needs that fewest people hold at its level) are checked
// against it: everyone else breaks rule 2, or rule 1 first. The check runs person by
// person, each against the roles they are keyed for, so that one person's record is read
// once rather than once per role, and the register is shared out among the cores.
func (in *instance) filter() {
	keyed, anyone, checks := in.keyRoles()
	workers := min(runtime.GOMAXPROCS(0), 4, max(len(in.people)/1000, 1))
	parts := make([]*filtered, workers)
	var wg sync.WaitGroup
	for w := range parts {
		from, to := w*len(in.people)/workers, (w+1)*len(in.people)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = in.filterPeople(in.people[from:to], keyed, anyone, checks, workers)
		}()
	}
	wg.Wait()
	in.supplies = make([]bool, len(in.members))
	inactive := 0
	for _, pe := range in.people {
		if !pe.Associate.Active {
			inactive++
		}
	}
	for _, r := range in.roles {
		if !r.open {
			r.removed[model.RuleOpenRequest] = len(in.people)
			continue
		}
		var list []scoredPerson
		checked := 0
		for _, part := range parts {
			list = append(list, part.scored[r.ID]...)
			checked += part.checked[r.ID]
			for rule, n := range part.removed[r.ID] {
				r.removed[rule] += n
			}
		}
		// Those not checked lack the skills, or, if inactive, break rule 1 first.
		offInactive := inactive - r.removed[model.RuleActive]
		r.removed[model.RuleActive] += offInactive
		r.removed[model.RuleSkills] += len(in.people) - checked - offInactive
		slices.SortFunc(list, bestFirst)
		r.cands = make([]int, len(list))
		for i, sp := range list {
			r.cands[i] = sp.id
			in.supplies[in.people[sp.id].Org] = true
		}
	}
}

// filtered is what filterPeople found for some of the people, per role.
type filtered struct {
	scored  [][]scoredPerson // candidates with their scores, in register order
	checked []int            // people checked
	removed [][13]int        // people each rule removed, the first they break
}

// filterPeople checks people against the roles they are keyed for (and those anyone may
// take), each against the commitments alone; checks estimates, per role, how many of the
// register's people will be, and workers how many share the register.
func (in *instance) filterPeople(people []*person, keyed [][]keyedRole, anyone, checks []int, workers int) *filtered {
	base := newState(in) // holds only the kept assignments; one each, for its checker
	f := &filtered{scored: make([][]scoredPerson, len(in.roles)), checked: make([]int, len(in.roles)),
		removed: make([][13]int, len(in.roles))}
	for r, n := range checks {
		f.scored[r] = make([]scoredPerson, 0, n/workers+1)
	}
	check := func(p, r int) {
		f.checked[r]++
		if rule := base.staticRule(p, r); rule != 0 {
			f.removed[r][rule]++
			return
		}
		f.scored[r] = append(f.scored[r], scoredPerson{p, in.total(p, r)})
	}
	for _, pe := range people {
		for _, r := range anyone {
			check(pe.ID, r)
		}
		for s, level := range pe.Skills {
			for _, k := range keyed[s] {
				if k.level > level {
					break
				}
				check(pe.ID, k.role)
			}
		}
	}
	return f
}

// bestFirst orders candidates by score, highest first, then by ID.
func bestFirst(a, b scoredPerson) int {
	switch {
	case a.total > b.total:
		return -1
	case a.total < b.total:
		return 1
	}
	return a.id - b.id
}

// keyedRole is a role keyed on one of its skills, at the level it needs.
type keyedRole struct{ role, level int }

// keyRoles keys each open role on the skill it needs that fewest people hold at its level
// (roleInfo.key): keyed lists, per skill, the roles keyed on it, lowest level first;
// anyone lists the roles that need no skill (or only level 0), which everyone is checked
// against; checks counts, per role, the people who will be checked against it.
func (in *instance) keyRoles() (keyed [][]keyedRole, anyone []int, checks []int) {
	skills := in.names.Skills()
	atLeast := make([][]int, skills) // per skill: atLeast[s][l] people hold it at level l or above
	for _, p := range in.people {
		for s, l := range p.Skills {
			for len(atLeast[s]) <= l {
				atLeast[s] = append(atLeast[s], 0)
			}
			atLeast[s][l]++
		}
	}
	for s := range atLeast {
		for l := len(atLeast[s]) - 2; l >= 0; l-- {
			atLeast[s][l] += atLeast[s][l+1]
		}
	}
	holders := func(n model.Need) int {
		if n.Level >= len(atLeast[n.Skill]) {
			return 0
		}
		return atLeast[n.Skill][n.Level]
	}
	keyed, checks = make([][]keyedRole, skills), make([]int, len(in.roles))
	for _, r := range in.roles {
		if !r.open {
			continue
		}
		key := -1
		for i, n := range r.Needs {
			if n.Level > 0 && (key < 0 || holders(n) < holders(r.Needs[key])) {
				key = i
			}
		}
		if r.key = key; key < 0 {
			anyone, checks[r.ID] = append(anyone, r.ID), len(in.people)
			continue
		}
		n := r.Needs[key]
		keyed[n.Skill] = append(keyed[n.Skill], keyedRole{r.ID, n.Level})
		checks[r.ID] = holders(n)
	}
	for s := range keyed {
		slices.SortStableFunc(keyed[s], func(a, b keyedRole) int { return cmp.Compare(a.level, b.level) })
	}
	return keyed, anyone, checks
}
