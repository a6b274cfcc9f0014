package model

import "testing"

func TestOnDay(t *testing.T) {
	today := NewDate(2026, 12, 1)
	d := &Data{
		Roles: []Role{
			{RequestRef: "R", Name: "Past", Headcount: 3, Period: Period{From: NewDate(2026, 11, 2), To: NewDate(2026, 11, 27)}},
			{RequestRef: "R", Name: "Under way", Headcount: 2, Period: Period{From: NewDate(2026, 11, 23), To: NewDate(2026, 12, 11)}},
			{RequestRef: "R", Name: "To come", Headcount: 1, Period: Period{From: NewDate(2027, 1, 4), To: NewDate(2027, 1, 29)}},
		},
		Assignments: []Assignment{
			{RequestRef: "R", Role: "Past", StaffID: "a", Status: Completed},
			{RequestRef: "R", Role: "Past", StaffID: "b", Status: Proposed},
			{RequestRef: "R", Role: "Past", StaffID: "c", Status: Withdrawn},
		},
	}
	got := d.OnDay(today)
	tests := []struct {
		name      string
		role      Role
		from      Date
		headcount int
	}{
		{"a role over keeps only what was kept", got.Roles[0], NewDate(2026, 11, 2), 1},
		{"a role under way is planned from today", got.Roles[1], today, 2},
		{"a role to come is as it was", got.Roles[2], NewDate(2027, 1, 4), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.role.From != tc.from || tc.role.Headcount != tc.headcount {
				t.Errorf("from %s, headcount %d; want %s, %d", tc.role.From, tc.role.Headcount, tc.from, tc.headcount)
			}
		})
	}
	if d.Roles[1].From != NewDate(2026, 11, 23) {
		t.Error("OnDay changed the register it was given")
	}
}
