package scheduler

import (
	"cmp"
	"runtime"
	"slices"
	"sort"
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
//
// A lazy instance (a re-plan or an assessment of a large register, which read few roles'
// candidates) finds none now: each role's are found when first asked for (candidates),
// among the holders of its key skill.
func (in *instance) filter() {
	keyed, anyone, checks := in.keyRoles()
	for _, pe := range in.people {
		if !pe.Associate.Active {
			in.inactive++
		}
	}
	estimate := 0
	for _, n := range checks {
		estimate += n
	}
	if in.lazyAbove >= 0 && estimate > in.lazyAbove {
		in.lazy = true
		in.prepareLazy(keyed, anyone)
		return
	}
	in.filterRoles(in.roles, keyed, anyone, checks)
	in.supplies = make([]bool, len(in.members))
	for _, r := range in.roles {
		for _, p := range r.cands {
			in.supplies[in.people[p].Org] = true
		}
	}
}

// filterRoles finds the candidates of roles, each keyed as keyed and anyone say (see
// keyRoles) with checks people to check, person by person on every core.
func (in *instance) filterRoles(roles []*roleInfo, keyed [][]keyedRole, anyone, checks []int) {
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
	for _, r := range roles {
		var list []scoredPerson
		var removed [13]int
		checked := 0
		for _, part := range parts {
			list = append(list, part.scored[r.ID]...)
			checked += part.checked[r.ID]
			for rule, n := range part.removed[r.ID] {
				removed[rule] += n
			}
		}
		in.shortlist(r, list, checked, removed)
	}
}

// shortlist sets a role's candidates from those who passed (list) and its counts from
// those checked (who broke rules as removed says), everyone not checked lacking the key
// skill (or, if inactive, breaking rule 1 first).
func (in *instance) shortlist(r *roleInfo, list []scoredPerson, checked int, removed [13]int) {
	r.built = true
	if !r.open {
		r.removed[model.RuleOpenRequest] = len(in.people)
		return
	}
	r.removed = removed
	offInactive := in.inactive - r.removed[model.RuleActive]
	r.removed[model.RuleActive] += offInactive
	r.removed[model.RuleSkills] += len(in.people) - checked - offInactive
	slices.SortFunc(list, bestFirst)
	r.cands = make([]int, len(list))
	for i, sp := range list {
		r.cands[i] = sp.id
	}
	// Grouped by employer, by counting: the groups in employer order, best first in each.
	if len(in.orgCount) != len(in.members)+1 {
		in.orgCount = make([]int32, len(in.members)+1)
	}
	count := in.orgCount
	clear(count)
	for _, p := range r.cands {
		count[in.people[p].Org+1]++
	}
	for o := 1; o < len(count); o++ {
		count[o] += count[o-1]
	}
	r.byOrg, r.orgOf = make([]int32, len(list)), make([]int32, len(list))
	for k, p := range r.cands {
		o := in.people[p].Org
		r.byOrg[count[o]], r.orgOf[count[o]] = int32(k), int32(o)
		count[o]++
	}
}

// candidates returns role r's candidates, best first, finding them first on a lazy
// instance. Only the planning goroutine may ask for a role not yet found.
func (in *instance) candidates(r int) []int {
	ri := in.roles[r]
	if !ri.built {
		in.findCandidates(ri, in.base)
	}
	return ri.cands
}

// employers yields each employer of role r's candidates (found) with the places in cands
// of those it employs, best first: byOrg in runs of one employer.
func (r *roleInfo) employers(yield func(org int, places []int32) bool) {
	for i := 0; i < len(r.orgOf); {
		j := i + 1
		for j < len(r.orgOf) && r.orgOf[j] == r.orgOf[i] {
			j++
		}
		if !yield(int(r.orgOf[i]), r.byOrg[i:j]) {
			return
		}
		i = j
	}
}

// ofOrg returns the places in cands of role r's candidates (found) employed by org, best
// first.
func (r *roleInfo) ofOrg(org int) []int32 {
	from, _ := slices.BinarySearch(r.orgOf, int32(org))
	to := from
	for to < len(r.orgOf) && r.orgOf[to] == int32(org) {
		to++
	}
	return r.byOrg[from:to]
}

// candidateCount is how many candidates role r has, or, on a lazy instance before they are
// found, how many people hold its key skill (no fewer).
func (in *instance) candidateCount(r int) int {
	if ri := in.roles[r]; ri.built {
		return len(ri.cands)
	} else {
		return ri.estimate
	}
}

// prepareLazy readies a lazy instance: who holds each skill, most skilled first; the
// state every check of the static rules reads; and which employers supply a candidate to
// some role (for the release capacity), found from the first of their people who passes.
func (in *instance) prepareLazy(keyed [][]keyedRole, anyone []int) {
	in.keyed, in.anyone = keyed, anyone
	in.base = newState(in)
	in.skilled = make([][]int, in.names.Skills())
	for _, pe := range in.people {
		for sk, l := range pe.Skills {
			if l > 0 {
				in.skilled[sk] = append(in.skilled[sk], pe.ID)
			}
		}
	}
	for sk, list := range in.skilled {
		slices.SortStableFunc(list, func(a, b int) int { return in.people[b].Skills[sk] - in.people[a].Skills[sk] })
	}
	in.supplies = make([]bool, len(in.members))
	for org, members := range in.members {
	people:
		for _, p := range members {
			pe := in.people[p]
			for _, r := range anyone {
				if in.base.staticRule(p, r) == 0 {
					in.supplies[org] = true
					break people
				}
			}
			for sk, level := range pe.Skills {
				for _, k := range keyed[sk] {
					if k.level > level {
						break
					}
					if in.base.staticRule(p, k.role) == 0 {
						in.supplies[org] = true
						break people
					}
				}
			}
		}
	}
}

// findCandidates finds a role's candidates on a lazy instance, checking against base (a
// state holding only the kept assignments) the holders of its key skill at its level, or
// everyone if it needs no skill.
func (in *instance) findCandidates(r *roleInfo, base *state) {
	if !r.open {
		in.shortlist(r, nil, 0, [13]int{})
		return
	}
	var who []int
	if r.key < 0 {
		who = make([]int, len(in.people))
		for i := range who {
			who[i] = i
		}
	} else {
		n := r.Needs[r.key]
		all := in.skilled[n.Skill]
		who = all[:sort.Search(len(all), func(i int) bool { return in.people[all[i]].Skills[n.Skill] < n.Level })]
	}
	var list []scoredPerson
	var removed [13]int
	for _, p := range who {
		if rule := base.staticRule(p, r.ID); rule != 0 {
			removed[rule]++
			continue
		}
		list = append(list, scoredPerson{p, in.total(p, r.ID)})
	}
	in.shortlist(r, list, len(who), removed)
}

// findAll finds the candidates of the given roles of a lazy instance not yet found, all
// at once, person by person on every core.
func (in *instance) findAll(roles []int) {
	var todo []*roleInfo
	want := make([]bool, len(in.roles))
	checks := make([]int, len(in.roles))
	for _, r := range roles {
		if ri := in.roles[r]; !ri.built && !want[r] {
			want[r], checks[r] = true, ri.estimate
			todo = append(todo, ri)
		}
	}
	if len(todo) == 0 {
		return
	}
	keyed := make([][]keyedRole, len(in.keyed))
	for sk, ks := range in.keyed {
		for _, k := range ks {
			if want[k.role] {
				keyed[sk] = append(keyed[sk], k)
			}
		}
	}
	var anyone []int
	for _, r := range in.anyone {
		if want[r] {
			anyone = append(anyone, r)
		}
	}
	in.filterRoles(todo, keyed, anyone, checks)
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
		if n > 0 {
			f.scored[r] = make([]scoredPerson, 0, n/workers+1)
		}
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
		} else {
			n := r.Needs[key]
			keyed[n.Skill] = append(keyed[n.Skill], keyedRole{r.ID, n.Level})
			checks[r.ID] = holders(n)
		}
		r.estimate = checks[r.ID]
	}
	for s := range keyed {
		slices.SortStableFunc(keyed[s], func(a, b keyedRole) int { return cmp.Compare(a.level, b.level) })
	}
	return keyed, anyone, checks
}
