package scheduler

import "slices"

// Where the release capacity binds, each employer's days are a small packing problem of
// their own: which of the seats its people could hold fit within its limit, day by day.
// The wander re-solves a few roles at a time and never sees the whole of one employer's
// year; re-packing does, exactly, one employer at a time. On XL and XXL it fills seats the
// wander did not.

// repackRounds is how many rounds of re-packing there are at most: on XL and XXL the third
// finds nothing more.
const repackRounds = 3

// repackEmployers re-packs every employer in turn (repackOrg), with every role that has an
// empty seat; then, round after round until one empties no seat, those who could take a
// seat that the round before emptied, with those roles alone: re-packing them all again
// costs a whole round for a seat or two more. A re-plan leaves it out: it may empty a
// seat whose holder could stay to fill two of the same priority, which a re-plan must
// not, and it would take a re-plan on XL over its 0.2 s.
func (v *solver) repackEmployers() {
	in := v.s.in
	if in.replan || in.limit == 0 || !in.capacityBinds() {
		return
	}
	var only []bool // after the first round: the roles re-packing took a seat from
	for range repackRounds {
		var emptied []int
		for org, roles := range v.wantedFrom(only) {
			if v.ctx.Err() != nil {
				return
			}
			if len(roles) > 0 {
				out, _ := v.repackOrg(org, roles)
				emptied = append(emptied, out...)
			}
		}
		if len(emptied) == 0 {
			return
		}
		only = make([]bool, len(in.roles))
		for _, r := range emptied {
			only[r] = true
		}
	}
}

// wanted is a role with an empty seat and the places in its candidates of one employer's
// people.
type wanted struct {
	role   int
	places []int32
}

// wantedFrom lists, per employer, the roles with an empty seat that some of its people
// could take, in planning order: all of them, or those only marks (if not nil).
func (v *solver) wantedFrom(only []bool) [][]wanted {
	in := v.s.in
	out := make([][]wanted, len(in.members))
	for _, r := range v.order {
		if ri := in.roles[r]; v.free(r) && ri.built && (only == nil || only[r]) {
			for org, places := range ri.employers {
				out[org] = append(out[org], wanted{r, places})
			}
		}
	}
	return out
}

// packItem is a role in a re-pack of one employer: n seats of it that the employer's
// people could hold, of which they hold held now.
type packItem struct{ role, n, held int }

// repackOrg re-packs employer org: of the seats its people hold and the empty seats of
// roles (wantedFrom) its people could take as things stand, it finds the set that fills
// the most seats of priority 1, then of 2, and so on, within org's release limit day by
// day (packOrg). If that set is better than what org holds, it makes the change, and keeps
// it if the plan is then better; where people fall short it tries again without the seats
// they were not found for. It returns the roles of the seats it emptied, and whether it
// changed the plan.
func (v *solver) repackOrg(org int, roles []wanted) (emptied []int, changed bool) {
	items := v.packItems(org, roles)
	for try := 0; items != nil && try < 4; try++ {
		keep := v.packOrg(org, items)
		if keep == nil || !v.packsBetter(items, keep) {
			return nil, false
		}
		emptied, changed, short := v.applyPack(org, items, keep)
		if changed || !short {
			return emptied, changed
		}
	}
	return nil, false
}

// packsBetter reports whether keep (seats per item) fills more, priority by priority, than
// the seats the items' roles hold now: else applying it can only shuffle seats about.
func (v *solver) packsBetter(items []packItem, keep []int) bool {
	var kept, held [5]int
	for i, it := range items {
		t := v.s.in.roles[it.role].tier
		kept[t] += keep[i]
		held[t] += it.held
	}
	return better(kept, held)
}

// packItems lists the roles org's people hold seats of, then those of roles with seats
// its people could take now (by the rules of double booking and the annual cap; the
// release limit is the packing's). It returns nil if there are none of the latter.
func (v *solver) packItems(org int, roles []wanted) []packItem {
	s, in := v.s, v.s.in
	var items []packItem
	if v.itemOf == nil {
		v.itemOf = make([]int, len(in.roles))
	}
	defer func() { // itemOf is all zero between re-packs
		for _, it := range items {
			v.itemOf[it.role] = 0
		}
	}()
	heldAt := func(r int) int { return v.itemOf[r] - 1 } // the item of a role org's people hold, or -1
	for _, q := range in.members[org] {
		for _, r := range s.booked[q] {
			i := heldAt(r)
			if i < 0 {
				i = len(items)
				items = append(items, packItem{role: r})
				v.itemOf[r] = len(items)
			}
			items[i].n++
			items[i].held++
		}
	}
	extra := false
	for _, w := range roles {
		r := w.role
		i := heldAt(r)
		holds := i >= 0
		n := 0
		for _, k := range w.places {
			if n == s.room[r] {
				break
			}
			if p := in.roles[r].cands[k]; !(holds && s.holds(p, r)) && v.mayTake(p, r) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		extra = true
		if holds {
			items[i].n += n
		} else {
			items = append(items, packItem{role: r, n: n})
		}
	}
	if !extra {
		return nil
	}
	return items
}

// packOrg returns, per item, how many of its seats the heaviest set of seats that fits
// within org's release limit day by day holds, each seat weighing more than all seats of
// lower priority it could be packed with. Commitments use the limit too (keptAway). It
// returns nil where the weights would be too large for the flow (a release limit in the
// hundreds).
func (v *solver) packOrg(org int, items []packItem) []int {
	in := v.s.in
	roles, infos := make([]int, len(items)), make([]*roleInfo, len(items))
	for i, it := range items {
		roles[i], infos[i] = it.role, in.roles[it.role]
	}
	away := v.keptAway(org)
	cuts, capSpan := in.daySpans(roles, func(d int) int { return in.limit - int(away[d]) })
	// No more than m seats fit together (the limit times as many as do not overlap);
	// weights m³, m², m and 1 rank a set priority by priority, and a path of seats (m at
	// most) must weigh less than a day kept away.
	m := int64(in.limit*mostDisjoint(infos)) + 1
	if m >= 1<<10 {
		return nil
	}
	w := [5]int64{0, m * m * m, m * m, m, 1}
	f := newWeightFlow(capSpan, len(items))
	arcs := make([]int, len(items))
	for i, it := range items {
		ri := in.roles[it.role]
		arcs[i] = len(f.to)
		if f.interval(cuts.at(ri.from), cuts.at(ri.to+1)-1, it.n, w[ri.tier]); arcs[i] == len(f.to) {
			arcs[i] = -1
		}
	}
	f.most()
	keep := make([]int, len(items))
	for i, a := range arcs {
		if a >= 0 {
			keep[i] = f.cap[a^1]
		}
	}
	return keep
}

// keptAway is, per day, how many of org's people commitments hold away: all of them,
// less the seats the planner has placed.
func (v *solver) keptAway(org int) []int16 {
	s, in := v.s, v.s.in
	away := slices.Clone(s.orgDay[org])
	for _, q := range in.members[org] {
		for _, r := range s.booked[q] {
			for d := max(in.roles[r].from, 0); d <= in.roles[r].to && d < len(away); d++ {
				away[d]--
			}
		}
	}
	return away
}

// applyPack makes org's people hold keep[i] seats of each item's role: it takes out the
// seats given up first, then finds people for the new ones, priority by priority and best
// first, so that a seat of lower priority never takes the one person a higher one could
// have. It keeps the change if the plan is then better, returning the roles of the seats
// taken out; else it rolls it back and lowers each item's seats to those people were
// found for, reporting whether any fell short.
func (v *solver) applyPack(org int, items []packItem, keep []int) (emptied []int, changed, short bool) {
	s, in := v.s, v.s.in
	before, mark := s.filled(), s.checkpoint()
	for i, it := range items {
		drop := it.held - keep[i]
		for _, q := range slices.Clone(s.holders[it.role]) {
			if drop > 0 && in.people[q].Org == org {
				s.remove(q, it.role)
				emptied = append(emptied, it.role)
				drop--
			}
		}
	}
	order := make([]int, len(items)) // by priority; within one, held roles first, then wanted ones in planning order
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return in.roles[items[a].role].tier - in.roles[items[b].role].tier })
	found := make([]int, len(items))
	for _, i := range order {
		r := items[i].role
		for _, k := range in.roles[r].ofOrg(org) {
			if found[i] >= keep[i]-items[i].held {
				break
			}
			if p := in.roles[r].cands[k]; s.dynamicRule(p, r) == 0 {
				s.add(p, r)
				found[i]++
			}
		}
	}
	if better(s.filled(), before) {
		return emptied, true, false
	}
	s.rollback(mark)
	for i := range items {
		if keep[i]-items[i].held > found[i] {
			items[i].n, short = items[i].held+found[i], true
		}
	}
	return nil, false, short
}
