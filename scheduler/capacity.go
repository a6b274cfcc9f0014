package scheduler

import (
	"cmp"
	"math"
	"slices"
)

// capacityBounds bounds, for each priority t, the seats of priority t that any plan could
// fill when the higher priorities fill as many seats as in s, by the release limit alone
// (rule 9): on any day each employer can spare at most K people, less those committed,
// and summed over employers that is all the people any plan can have away that day. On
// national registers, where most of an employer's staff could take most roles, that limit
// is what leaves seats empty, and this bound is far tighter than the flow's.
//
// Of the seats it may choose, the most that fit within each day's capacity are found by
// taking them earliest end first: for intervals against day-by-day capacities that greedy
// is optimal. A higher priority whose seats s fills every one of is fixed: any plan filling
// as many fills the same seats, on the same days. With no release limit there is no bound.
func capacityBounds(in *instance, s *state) [5]int {
	var b [5]int
	if in.limit == 0 {
		for t := range b {
			b[t] = math.MaxInt
		}
		return b
	}
	filled, capDay := s.filled(), in.releaseCapacity()
	var seats [5][]int // per priority: each seat a plan could fill, as its role
	var planned [5]int
	for _, r := range in.roles {
		if r.open {
			planned[r.tier] += r.seats
			seats[r.tier] = r.fillable(seats[r.tier])
		}
	}
	var pool []int
	loose := 0 // seats filled in higher priorities that are not fixed
	for t := 1; t <= 4; t++ {
		pool = append(pool, seats[t]...)
		b[t] = in.mostThatFit(pool, slices.Clone(capDay)) - loose
		if filled[t] == planned[t] { // fixed: take its seats out of the days it holds
			pool = pool[:len(pool)-len(seats[t])]
			for _, r := range seats[t] {
				for d := in.roles[r].from; d <= in.roles[r].to; d++ {
					capDay[d]--
				}
			}
		} else {
			loose += filled[t]
		}
	}
	return b
}

// capacityBinds reports whether the release capacity cannot hold every seat that has a
// candidate.
func (in *instance) capacityBinds() bool {
	if in.limit == 0 {
		return false
	}
	var seats []int
	for _, r := range in.roles {
		if r.open {
			seats = r.fillable(seats)
		}
	}
	return in.mostThatFit(seats, in.releaseCapacity()) < len(seats)
}

// fillable appends to seats the role's seats a plan could fill (one for each seat to plan,
// as far as it has candidates), each as the role's ID. A role of a lazy instance whose
// candidates were never asked for has had every seat held all along, each by a
// candidate: it has at least as many candidates as seats.
func (r *roleInfo) fillable(seats []int) []int {
	n := r.seats
	if r.built {
		n = min(n, len(r.cands))
	}
	for range n {
		seats = append(seats, r.ID)
	}
	return seats
}

// mostThatFit returns how many of the seats (each as its role) fit within capDay, people
// away per day. It uses up capDay.
func (in *instance) mostThatFit(seats []int, capDay []int) int { return len(in.fitting(seats, capDay)) }

// fitting returns the most seats (each as its role) that fit within capDay, people away per
// day, taking them earliest end first, and takes their days out of capDay.
func (in *instance) fitting(seats []int, capDay []int) []int {
	byEnd := slices.Clone(seats)
	slices.SortStableFunc(byEnd, func(a, b int) int { return cmp.Compare(in.roles[a].to, in.roles[b].to) })
	var out []int
	for _, r := range byEnd {
		days := capDay[in.roles[r].from : in.roles[r].to+1]
		if len(days) == 0 || slices.Min(days) <= 0 {
			continue
		}
		for d := range days {
			days[d]--
		}
		out = append(out, r)
	}
	return out
}

// releaseCapacity is, for each day of the planning window, how many people all employers
// together may have away under the release limit once commitments are counted: K less
// those committed, for each employer with someone who could take a role.
func (in *instance) releaseCapacity() []int {
	away := make([][]int16, len(in.members))
	for _, a := range in.kept {
		org := in.people[in.byStaff[a.StaffID]].Org
		if away[org] == nil {
			away[org] = make([]int16, in.horizon)
		}
		for d := max(int(a.From-in.origin), 0); d <= int(a.To-in.origin) && d < in.horizon; d++ {
			away[org][d]++
		}
	}
	capDay := make([]int, in.horizon)
	for org, supplies := range in.supplies {
		if !supplies {
			continue
		}
		for d := range capDay {
			n := 0
			if away[org] != nil {
				n = int(away[org][d])
			}
			capDay[d] += max(in.limit-n, 0)
		}
	}
	return capDay
}
