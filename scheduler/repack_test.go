package scheduler

import (
	"context"
	"slices"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
)

// TestRepackingOneEmployer: trust T1 may release one person a day (K = 1). LONG runs
// through January and February, JAN and FEB through one month each; A1 may hold LONG
// first. Re-packing T1 chooses what fits its days, by priority and then by count.
func TestRepackingOneEmployer(t *testing.T) {
	cases := []struct {
		name           string
		long, jan, feb int  // priorities
		longHeld       bool // A1 holds LONG before
		febBooked      bool // C1, of T1, is away in February on a confirmed secondment
		want           []string
	}{
		{name: "two seats of a priority for one of it", long: 3, jan: 3, feb: 3, longHeld: true, want: []string{"FEB", "JAN"}},
		{name: "a seat of higher priority stays for two of lower", long: 2, jan: 3, feb: 3, longHeld: true, want: []string{"LONG"}},
		{name: "a seat of lower priority gives way to one higher and one equal", long: 4, jan: 3, feb: 4, longHeld: true,
			want: []string{"FEB", "JAN"}},
		{name: "an empty seat of higher priority is taken", long: 2, jan: 3, feb: 3, want: []string{"LONG"}},
		{name: "a commitment holds the limit in February", long: 3, jan: 3, feb: 3, febBooked: true, want: []string{"JAN"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := world()
			d.Settings.ReleaseLimit = 1
			d.Associates = []model.Associate{associate("A1", "T1", skill("Testing", 5)), associate("A2", "T1", skill("Testing", 4)),
				associate("C1", "T1", skill("Testing", 3))}
			request(d, "LONG", "T3", c.long, 1, jan4, feb26)
			request(d, "JAN", "T3", c.jan, 1, jan4, jan29)
			request(d, "FEB", "T3", c.feb, 1, feb1, feb26)
			if c.febBooked {
				request(d, "ELSE", "T2", 1, 1, feb1, feb26)
				d.Assignments = []model.Assignment{{RequestRef: "ELSE", Role: "Tester", StaffID: "C1",
					Period: model.Period{From: feb1, To: feb26}, Status: model.Confirmed}}
			}
			v := newSolver(context.Background(), newInstance(d), nil)
			in := v.s.in
			if c.longHeld {
				v.s.add(in.byStaff["A1"], in.byRole[d.Roles[0].Key()])
			}
			before := v.s.filled()
			org := in.people[in.byStaff["A1"]].Org
			changed := v.repackOrg(org, v.wantedFrom(nil)[org]) != nil
			var got []string
			for _, ro := range d.Roles[:3] {
				if len(v.s.holders[in.byRole[ro.Key()]]) > 0 {
					got = append(got, ro.RequestRef)
				}
			}
			if slices.Sort(got); !slices.Equal(got, c.want) {
				t.Errorf("T1 holds %v, want %v", got, c.want)
			}
			if changed != better(v.s.filled(), before) {
				t.Errorf("re-packing reported a change %v, but the plan went from %v to %v", changed, before, v.s.filled())
			}
			mustBeValid(t, d, finish(in, v.s, false, nil, nil))
		})
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
