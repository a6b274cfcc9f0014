package model

import (
	"reflect"
	"testing"
)

func TestParseBand(t *testing.T) {
	tests := []struct {
		in   string
		want Band
		ok   bool
	}{
		{"6", "6", true}, {"Band 8A", "8a", true}, {"band 8d", "8d", true}, {"AfC Band 9", "9", true},
		{" 2 ", "2", true}, {"1", "", false}, {"10", "", false}, {"8e", "", false}, {"Band", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			b, err := ParseBand(tc.in)
			if (err == nil) != tc.ok || b != tc.want {
				t.Fatalf("ParseBand(%q) = %q, %v", tc.in, b, err)
			}
		})
	}
}

func TestParseSkills(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []SkillLevel
		ok   bool
	}{
		{"semicolons", "Data migration:4; Training:2", []SkillLevel{{"Data migration", 4}, {"Training", 2}}, true},
		{"commas when no semicolon", "Testing:3, Reporting:1", []SkillLevel{{"Testing", 3}, {"Reporting", 1}}, true},
		{"spaces folded", "  Go-live   support : 5 ;", []SkillLevel{{"Go-live support", 5}}, true},
		{"empty", "", nil, true},
		{"level 0", "Testing:0", nil, false},
		{"level 6", "Testing:6", nil, false},
		{"no level", "Testing", nil, false},
		{"not a number", "Testing:high", nil, false},
		{"twice", "Testing:2; testing:3", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSkills(tc.in)
			if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ParseSkills(%q) = %v, %v", tc.in, got, err)
			}
			if tc.ok {
				again, _ := ParseSkills(FormatSkills(got))
				if !reflect.DeepEqual(again, got) {
					t.Fatalf("format/parse round trip changed %v to %v", got, again)
				}
			}
		})
	}
}

func TestParseClearances(t *testing.T) {
	got, err := ParseClearances("DBS:31/03/2027; Smartcard:2028-01-01")
	want := []Clearance{{"DBS", NewDate(2027, 3, 31)}, {"Smartcard", NewDate(2028, 1, 1)}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseClearances = %v, %v", got, err)
	}
	for _, bad := range []string{"DBS", "DBS:31/02/2027", "DBS:03/31/2027", ":01/01/2027"} {
		if _, err := ParseClearances(bad); err == nil {
			t.Errorf("ParseClearances(%q) accepted", bad)
		}
	}
}

func TestParseYesNoAndPriority(t *testing.T) {
	for in, want := range map[string]bool{"Yes": true, "y": true, "TRUE": true, "1": true, "No": false, "n": false, "False": false, "0": false} {
		if got, err := ParseYesNo(in); err != nil || got != want {
			t.Errorf("ParseYesNo(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseYesNo("maybe"); err == nil {
		t.Error("ParseYesNo(maybe) accepted")
	}
	for in, want := range map[string]int{"1": 1, "P2": 2, "p4": 4} {
		if got, err := ParsePriority(in); err != nil || got != want {
			t.Errorf("ParsePriority(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"0", "5", "P", "high"} {
		if _, err := ParsePriority(bad); err == nil {
			t.Errorf("ParsePriority(%q) accepted", bad)
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Pence
		text string
	}{
		{"450", 45000, "£450.00"}, {"£1,250.50", 125050, "£1,250.50"}, {"2000000", 200000000, "£2,000,000.00"},
	}
	for _, tc := range tests {
		got, err := ParseMoney(tc.in)
		if err != nil || got != tc.want || got.String() != tc.text {
			t.Errorf("ParseMoney(%q) = %d (%s), %v", tc.in, got, got, err)
		}
	}
	if _, err := ParseMoney("-5"); err == nil {
		t.Error("a negative amount was accepted")
	}
}

func TestVocabularyKeepsFirstSpelling(t *testing.T) {
	v := NewVocabulary(&Data{Associates: []Associate{{Systems: []string{"Epic"}}}})
	if got := v.Canonical(v.Systems, "EPIC "); got != "Epic" {
		t.Fatalf("EPIC  became %q, want Epic", got)
	}
	if got := v.Canonical(v.Systems, "Nervecentre"); got != "Nervecentre" {
		t.Fatalf("new name became %q", got)
	}
}

func TestListsWithCommasRoundTrip(t *testing.T) {
	for _, items := range [][]string{{"Cerner, Oracle Health"}, {"Epic", "Cerner, Oracle Health"}, {"Epic"}} {
		if got := SplitList(JoinList(items)); !reflect.DeepEqual(got, items) {
			t.Errorf("%q written as %q read back as %q", items, JoinList(items), got)
		}
	}
	skills := []SkillLevel{{",", 1}}
	if got, err := ParseSkills(FormatSkills(skills)); err != nil || !reflect.DeepEqual(got, skills) {
		t.Errorf("a skill named with a comma: %v %v", got, err)
	}
}
