package model

import (
	"slices"
	"testing"
)

func TestUnheldNamesTyposWithTheClosestHeld(t *testing.T) {
	d := &Data{Associates: []Associate{{StaffID: "1", Skills: []SkillLevel{{Skill: "Data migration", Level: 3}},
		Clearances: []Clearance{{Type: "DBS"}}}}}
	cases := []struct {
		name string
		role Role
		want []string
	}{
		{"held, in any case", Role{Skills: []SkillLevel{{Skill: "data MIGRATION", Level: 2}}, Clearances: []string{"dbs"}}, nil},
		{"typo", Role{Skills: []SkillLevel{{Skill: "Data migation", Level: 2}}},
			[]string{`no associate has the skill "Data migation" (did you mean "Data migration"?)`}},
		{"new", Role{Skills: []SkillLevel{{Skill: "Radiology", Level: 2}}, Clearances: []string{"SC"}},
			[]string{`no associate has the skill "Radiology"`, `no associate has the clearance "SC"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unheld(d, tc.role); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
