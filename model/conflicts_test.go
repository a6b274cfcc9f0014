package model

import (
	"fmt"
	"slices"
	"testing"
)

// conflictRegister is a register with requests R1 (4 to 29 January 2027, Tester needing
// Testing ≥ 3 and DBS, one seat) and R2 (25 January to 5 February, Analyst, one seat), both
// at T1, and associates A and B of T2 who meet every rule.
func conflictRegister() *Data {
	d := &Data{Settings: DefaultSettings(), Organisations: []Organisation{{Code: "T1"}, {Code: "T2"}}}
	for _, id := range []string{"A", "B"} {
		d.Associates = append(d.Associates, Associate{StaffID: id, Name: "Person " + id, HomeOrg: "T2", Active: true,
			MaxDays: 60, Skills: []SkillLevel{{"Testing", 4}}, Clearances: []Clearance{{"DBS", NewDate(2030, 1, 1)}}})
	}
	r2 := Period{NewDate(2027, 1, 25), NewDate(2027, 2, 5)}
	d.Requests = []Request{{Ref: "R1", Trust: "T1", Status: RequestOpen, Period: Period{jan4, jan29}},
		{Ref: "R2", Trust: "T1", Status: RequestOpen, Period: r2}}
	d.Roles = []Role{{RequestRef: "R1", Name: "Tester", Headcount: 1, Skills: []SkillLevel{{"Testing", 3}},
		Clearances: []string{"DBS"}, Period: Period{jan4, jan29}, OnSite: true},
		{RequestRef: "R2", Name: "Analyst", Headcount: 1, Period: r2}}
	return d
}

func seat(ref, role, staff string, status AssignmentStatus, d *Data) Assignment {
	for _, r := range d.Roles {
		if r.RequestRef == ref {
			return Assignment{RequestRef: ref, Role: role, StaffID: staff, Period: r.Period, Status: status}
		}
	}
	panic("no request " + ref)
}

// TestConflicts checks the check of saved assignments: each way a saved assignment can
// come to break a rule, reported once, against the weaker of two that clash, in words.
func TestConflicts(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *Data)
		want []string // "staff rule: reason"
	}{
		{"none", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d), seat("R2", "Analyst", "B", Proposed, d)}
		}, nil},
		{"leave over a secondment", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Active, d)}
			d.Unavailability = []Unavailability{{StaffID: "A", Period: Period{NewDate(2027, 1, 27), NewDate(2027, 2, 2)}}}
		}, []string{"A 6: on leave 27/01/2027 – 02/02/2027"}},
		{"clearance expiring before the end", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d)}
			d.Associates[0].Clearances[0].Expiry = NewDate(2027, 1, 20)
		}, []string{"A 3: DBS expires 20/01/2027"}},
		{"inactive", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d)}
			d.Associates[0].Active = false
		}, []string{"A 1: inactive"}},
		{"own employer and missing skills", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d)}
			d.Associates[0].HomeOrg, d.Associates[0].Skills = "T1", nil
		}, []string{"A 2: Testing 0, needs 3", "A 4: employed by the trust"}},
		{"double booking: the later of two commitments", func(d *Data) {
			d.Assignments = []Assignment{seat("R2", "Analyst", "A", Confirmed, d), seat("R1", "Tester", "A", Confirmed, d)}
		}, []string{"A 7: booked on R1 / Tester 04/01/2027 – 29/01/2027"}},
		{"double booking: a proposal against a commitment, whatever the dates", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Proposed, d), seat("R2", "Analyst", "A", Confirmed, d)}
		}, []string{"A 7: booked on R2 / Analyst 25/01/2027 – 05/02/2027"}},
		{"over the annual cap in a financial year, completed work counted", func(d *Data) {
			d.Associates[0].MaxDays = 25
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d),
				{RequestRef: "R2", Role: "Analyst", StaffID: "A", Period: Period{NewDate(2026, 12, 7), NewDate(2026, 12, 14)}, Status: Completed}}
			d.Associates[0].Clearances = nil // completed work is never judged, only counted
		}, []string{"A 3: no DBS", "A 8: annual cap of 25 days: 19 left in 2026/27, needs 20"}},
		{"employer over its release limit on some day", func(d *Data) {
			d.Settings.ReleaseLimit = 1
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d), seat("R2", "Analyst", "B", Confirmed, d)}
		}, []string{"B 9: employer T2 already has 1 away on 25/01/2027"}},
		{"more seat-holders than seats", func(d *Data) {
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d), seat("R1", "Tester", "B", Proposed, d)}
		}, []string{"B 10: all 1 seats already taken"}},
		{"a proposal on a cancelled request; a commitment there stands", func(d *Data) {
			d.Requests[0].Status, d.Requests[1].Status = RequestCancelled, RequestCancelled
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d), seat("R2", "Analyst", "B", Proposed, d)}
		}, []string{"B 11: request not open"}},
		{"withdrawn assignments hold nothing", func(d *Data) {
			d.Associates[0].Active = false
			d.Assignments = []Assignment{seat("R1", "Tester", "A", Withdrawn, d), seat("R1", "Tester", "B", Confirmed, d)}
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := conflictRegister()
			tc.edit(d)
			var got []string
			for _, c := range Conflicts(d) {
				got = append(got, fmt.Sprintf("%s %d: %s", c.Assignment.StaffID, c.Rule, c.Reason))
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("conflicts %q, want %q", got, tc.want)
			}
		})
	}
}

func TestConflictString(t *testing.T) {
	d := conflictRegister()
	d.Assignments = []Assignment{seat("R1", "Tester", "A", Confirmed, d)}
	d.Unavailability = []Unavailability{{StaffID: "A", Period: Period{NewDate(2027, 2, 3), NewDate(2027, 2, 7)}}}
	d.Roles[0].Period.To, d.Assignments[0].To = NewDate(2027, 2, 5), NewDate(2027, 2, 5)
	cs := Conflicts(d)
	if len(cs) != 1 || cs[0].String() != "R1 / Tester / Person A (Confirmed): on leave 03/02/2027 – 07/02/2027" {
		t.Fatalf("conflicts %v", cs)
	}
}
