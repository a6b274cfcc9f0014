package model

import "testing"

func TestAssociateFilter(t *testing.T) {
	d := &Data{
		Organisations: []Organisation{{Code: "A", Region: "London"}, {Code: "B", Region: "North West"}},
		Associates: []Associate{
			{StaffID: "1", HomeOrg: "A", Band: "7", Skills: []SkillLevel{{"Testing", 4}}, Active: true},
			{StaffID: "2", HomeOrg: "B", Band: "7", Skills: []SkillLevel{{"Testing", 2}}, Active: true},
			{StaffID: "3", HomeOrg: "A", Band: "6", Skills: []SkillLevel{{"Testing", 5}}, Active: true},
		},
		Unavailability: []Unavailability{{StaffID: "3", Period: Period{NewDate(2027, 2, 1), NewDate(2027, 2, 5)}}},
		Assignments:    []Assignment{{StaffID: "1", Period: Period{NewDate(2027, 1, 25), NewDate(2027, 2, 2)}, Status: Confirmed}},
	}
	idx := NewIndex(d)
	all := []int{0, 1, 2}
	feb := Period{NewDate(2027, 2, 1), NewDate(2027, 2, 26)}
	tests := []struct {
		name string
		f    AssociateFilter
		want []int
	}{
		{"no filter", AssociateFilter{}, all},
		{"region", AssociateFilter{Region: "London"}, []int{0, 2}},
		{"band", AssociateFilter{Band: "7"}, []int{0, 1}},
		{"skill at least 3", AssociateFilter{Skill: "testing", MinLevel: 3}, []int{0, 2}},
		{"free all February: 1 is booked, 3 on leave", AssociateFilter{Free: feb}, []int{1}},
		{"free from 8 February", AssociateFilter{Free: Period{NewDate(2027, 2, 8), NewDate(2027, 2, 26)}}, all},
	}
	for _, tc := range tests {
		got := tc.f.Apply(d, idx, all)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
	if n := len(ClearanceAlerts(&Data{Associates: []Associate{{Active: true, Clearances: []Clearance{{"DBS", NewDate(2027, 1, 1)}, {"SC", NewDate(2030, 1, 1)}}}}}, NewDate(2026, 12, 1), 60)); n != 1 {
		t.Errorf("%d clearance alerts, want 1", n)
	}
}

func TestQualifies(t *testing.T) {
	role := &Role{Skills: []SkillLevel{{"Testing", 3}}, Clearances: []string{"DBS"}, OnSite: true,
		Period: Period{NewDate(2027, 1, 4), NewDate(2027, 1, 29)}}
	q := &Request{Trust: "T1"}
	ok := Associate{HomeOrg: "T2", Active: true, Skills: []SkillLevel{{"testing", 4}}, Clearances: []Clearance{{"dbs", NewDate(2027, 1, 29)}}}
	tests := []struct {
		name  string
		edit  func(a *Associate)
		leave []Unavailability
		busy  []Period
		want  bool
	}{
		{"meets every rule", func(*Associate) {}, nil, nil, true},
		{"inactive", func(a *Associate) { a.Active = false }, nil, nil, false},
		{"skill too low", func(a *Associate) { a.Skills[0].Level = 2 }, nil, nil, false},
		{"clearance ends a day early", func(a *Associate) { a.Clearances[0].Expiry-- }, nil, nil, false},
		{"own employer", func(a *Associate) { a.HomeOrg = "T1" }, nil, nil, false},
		{"remote only", func(a *Associate) { a.RemoteOnly = true }, nil, nil, false},
		{"on leave", func(*Associate) {}, []Unavailability{{Period: Period{NewDate(2027, 1, 29), NewDate(2027, 2, 2)}}}, nil, false},
		{"busy", func(*Associate) {}, nil, []Period{{NewDate(2027, 1, 1), NewDate(2027, 1, 4)}}, false},
	}
	for _, tc := range tests {
		a := ok
		a.Skills = append([]SkillLevel(nil), ok.Skills...)
		a.Clearances = append([]Clearance(nil), ok.Clearances...)
		tc.edit(&a)
		if got := a.Qualifies(q, role, tc.leave, tc.busy); got != tc.want {
			t.Errorf("%s: Qualifies = %v", tc.name, got)
		}
	}
}
