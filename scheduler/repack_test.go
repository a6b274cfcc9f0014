package scheduler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
)

// TestRepackingOneEmployer: trust T1 may release one person a day (K = 1). LONG (two
// seats) runs through January and February, JAN and FEB through one month each; A1 may
// hold LONG first. Re-packing T1 chooses what fits its days, by priority and then by
// count, and moves no one at another employer.
func TestRepackingOneEmployer(t *testing.T) {
	cases := []struct {
		name           string
		long, jan, feb int  // priorities
		longHeld       bool // A1 holds LONG before
		febBooked      bool // C1, of T1, is away in February on a confirmed secondment
		colleague      bool // B1, of T2, holds a second seat of LONG, taken before A1's
		want           []string
	}{
		{name: "two seats of a priority for one of it", long: 3, jan: 3, feb: 3, longHeld: true, want: []string{"FEB", "JAN"}},
		{name: "a seat of higher priority stays for two of lower", long: 2, jan: 3, feb: 3, longHeld: true, want: []string{"LONG"}},
		{name: "a seat of lower priority gives way to one higher and one equal", long: 4, jan: 3, feb: 4, longHeld: true,
			want: []string{"FEB", "JAN"}},
		{name: "an empty seat of higher priority is taken", long: 2, jan: 3, feb: 3, want: []string{"LONG"}},
		{name: "a commitment holds the limit in February", long: 3, jan: 3, feb: 3, febBooked: true, want: []string{"JAN"}},
		{name: "a colleague at another employer keeps their seat", long: 3, jan: 3, feb: 3, longHeld: true, colleague: true,
			want: []string{"FEB", "JAN"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := world()
			d.Settings.ReleaseLimit = 1
			d.Associates = []model.Associate{associate("A1", "T1", skill("Testing", 5)), associate("A2", "T1", skill("Testing", 4)),
				associate("C1", "T1", skill("Testing", 3)), associate("B1", "T2", skill("Testing", 3))}
			request(d, "LONG", "T3", c.long, 2, jan4, feb26)
			request(d, "JAN", "T3", c.jan, 1, jan4, jan29)
			request(d, "FEB", "T3", c.feb, 1, feb1, feb26)
			if c.febBooked {
				request(d, "ELSE", "T2", 1, 1, feb1, feb26)
				d.Assignments = []model.Assignment{{RequestRef: "ELSE", Role: "Tester", StaffID: "C1",
					Period: model.Period{From: feb1, To: feb26}, Status: model.Confirmed}}
			}
			v := newSolver(context.Background(), newInstance(d), nil)
			in := v.s.in
			long, b1 := in.byRole[d.Roles[0].Key()], in.byStaff["B1"]
			if c.colleague {
				v.s.add(b1, long)
			}
			if c.longHeld {
				v.s.add(in.byStaff["A1"], long)
			}
			before := v.s.filled()
			org := in.people[in.byStaff["A1"]].Org
			_, changed := v.repackOrg(org, v.wantedFrom(nil)[org])
			var got []string
			for _, ro := range d.Roles[:3] {
				for _, p := range v.s.holders[in.byRole[ro.Key()]] {
					if in.people[p].Org == org {
						got = append(got, ro.RequestRef)
					}
				}
			}
			if slices.Sort(got); !slices.Equal(got, c.want) {
				t.Errorf("T1 holds %v, want %v", got, c.want)
			}
			if c.colleague && !v.s.holds(b1, long) {
				t.Error("B1, of T2, lost their seat in LONG")
			}
			if changed != better(v.s.filled(), before) {
				t.Errorf("re-packing reported a change %v, but the plan went from %v to %v", changed, before, v.s.filled())
			}
			mustBeValid(t, d, finish(in, v.s, false, nil, nil))
		})
	}
}

// TestRepackingSeatsTheHigherPriorityFirst: T1 may release three people (K = 3); A1 holds
// a priority-4 seat of H, which has another, and P (priority 2) needs Training, which only
// A2 has. Re-packing T1 takes both seats; A2, H's best candidate after A1, must go to P.
func TestRepackingSeatsTheHigherPriorityFirst(t *testing.T) {
	d := world()
	d.Settings.ReleaseLimit = 3
	d.Associates = []model.Associate{associate("A1", "T1", skill("Testing", 5)),
		associate("A2", "T1", skill("Testing", 4), skill("Training", 3)), associate("A3", "T1", skill("Testing", 3))}
	request(d, "H", "T3", 4, 2, jan4, jan29)
	request(d, "P", "T3", 2, 1, jan4, jan29)
	d.Roles[1].Skills = []model.SkillLevel{skill("Training", 3)}
	v := newSolver(context.Background(), newInstance(d), nil)
	in := v.s.in
	h, p := in.byRole[d.Roles[0].Key()], in.byRole[d.Roles[1].Key()]
	v.s.add(in.byStaff["A1"], h)
	org := in.people[in.byStaff["A1"]].Org
	v.repackOrg(org, v.wantedFrom(nil)[org])
	if got := [2][]string{holding(v, p), holding(v, h)}; !slices.Equal(got[0], []string{"A2"}) || len(got[1]) != 2 {
		t.Errorf("P held by %v and H by %v, want A2 in P and two in H", got[0], got[1])
	}
}

// TestRepackingEmployersKeepsEveryRule: on registers as dense as national ones, their 400
// people at six employers (sizedAtSixEmployers), re-packing every employer after the wander
// never breaks a hard rule and never leaves the plan worse, priority by priority; on some
// it fills seats the wander did not.
func TestRepackingEmployersKeepsEveryRule(t *testing.T) {
	gained := 0
	for seed := range uint64(12) {
		d := sizedAtSixEmployers(synthetic.Size{Name: "dense", Associates: 400, Requests: 60, Dense: true}, seed)
		v := newSolver(context.Background(), newInstance(d), nil)
		for _, ph := range v.phases() {
			if ph.name == "Re-packing each employer's days" {
				break
			}
			ph.fn()
		}
		before := v.s.filled()
		v.repackEmployers()
		after := v.s.filled()
		if better(before, after) {
			t.Errorf("seed %d: re-packing left the plan worse: %v, was %v", seed, after, before)
		}
		if better(after, before) {
			gained++
		}
		mustBeValid(t, d, finish(v.s.in, v.s, false, nil, nil))
	}
	if gained == 0 {
		t.Fatal("re-packing filled no seat on any register: the test would check little")
	}
	t.Logf("re-packing filled more on %d of 12 registers", gained)
}

// TestPackOrgFindsTheBestPacking compares packOrg with trying every set of seats, on small
// random registers: trust T1's four people, the release limit at 1 or 2, a few roles of
// random priorities and weeks, some seats held and a commitment that uses the limit. The
// packing must fit T1's limit day by day, commitments counted, and fill as many seats of
// each priority, in turn, as the best set does.
func TestPackOrgFindsTheBestPacking(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	tried := 0
	for c := range 60 {
		d, org, v := randomPackingRegister(rng)
		items := v.packItems(org, v.wantedFrom(nil)[org])
		var units []int // one per seat an item offers, as the item
		for i, it := range items {
			for range it.n {
				units = append(units, i)
			}
		}
		if items == nil || len(units) > 14 {
			continue
		}
		tried++
		keep := v.packOrg(org, items)
		away := committedAway(v, org)
		got, ok := packCounts(v, items, keep, away)
		if !ok {
			t.Errorf("case %d: the packing %v breaks T1's limit %d", c, keep, d.Settings.ReleaseLimit)
		}
		best := [5]int{}
		for set := range 1 << len(units) {
			n := make([]int, len(items))
			for u, i := range units {
				if set&(1<<u) != 0 {
					n[i]++
				}
			}
			if counts, fits := packCounts(v, items, n, away); fits && better(counts, best) {
				best = counts
			}
		}
		if got != best {
			t.Errorf("case %d: the packing fills %v seats per priority, the best set %v", c, got[1:], best[1:])
		}
	}
	if tried < 30 {
		t.Fatalf("only %d registers were small enough to try every set", tried)
	}
}

// randomPackingRegister is a small register for TestPackOrgFindsTheBestPacking: T1's
// people may take every role, some hold seats, one has a commitment elsewhere.
func randomPackingRegister(rng *rand.Rand) (*model.Data, int, *solver) {
	d := world()
	d.Settings.ReleaseLimit = 1 + rng.IntN(2)
	for _, id := range []string{"A1", "A2", "A3", "A4"} {
		d.Associates = append(d.Associates, associate(id, "T1", skill("Testing", 5)))
	}
	week := func(w int) model.Date { return jan4 + model.Date(7*w) }
	for i := range 3 + rng.IntN(4) {
		from := week(rng.IntN(8))
		request(d, fmt.Sprintf("R%d", i), "T3", 1+rng.IntN(4), 1+rng.IntN(2), from, from+model.Date(7*rng.IntN(4)+4))
	}
	from := week(rng.IntN(8))
	request(d, "ELSE", "T2", 1, 1, from, from+11)
	d.Assignments = []model.Assignment{{RequestRef: "ELSE", Role: "Tester", StaffID: "A4",
		Period: model.Period{From: from, To: from + 11}, Status: model.Confirmed}}
	v := newSolver(context.Background(), newInstance(d), nil)
	for r, ri := range v.s.in.roles {
		if ri.open && rng.IntN(2) == 0 {
			for _, p := range ri.cands {
				if v.s.fits(p, r) {
					v.s.add(p, r)
					break
				}
			}
		}
	}
	return d, v.s.in.people[0].Org, v
}

// committedAway counts, per day, org's people away on commitments, from the kept
// assignments themselves.
func committedAway(v *solver, org int) []int {
	in := v.s.in
	away := make([]int, in.horizon)
	for _, a := range in.kept {
		if in.people[in.byStaff[a.StaffID]].Org == org {
			for d := max(int(a.From-in.origin), 0); d <= int(a.To-in.origin) && d < in.horizon; d++ {
				away[d]++
			}
		}
	}
	return away
}

// packCounts counts the seats per priority of n seats of each item's role, and reports
// whether they fit within the release limit every day, beside away.
func packCounts(v *solver, items []packItem, n []int, away []int) (counts [5]int, fits bool) {
	in := v.s.in
	used := slices.Clone(away)
	for i, it := range items {
		ri := in.roles[it.role]
		counts[ri.tier] += n[i]
		for d := ri.from; d <= ri.to; d++ {
			used[d] += n[i]
		}
	}
	return counts, slices.Max(used) <= in.limit
}
