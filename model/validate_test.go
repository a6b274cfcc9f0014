package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// storedSample is a register holding one organisation, one associate, and one request with
// one role.
type storedSample struct{ fault error }

func (s storedSample) HasOrganisation(code string) (bool, error) { return code == "RR8", s.fault }
func (s storedSample) HasAssociate(id string) (bool, error)      { return id == "00123", s.fault }
func (s storedSample) Request(ref string) (*Request, error) {
	if ref != "R1" {
		return nil, s.fault
	}
	return &Request{Ref: "R1", Period: Period{From: NewDate(2027, 1, 4), To: NewDate(2027, 1, 29)}}, s.fault
}
func (s storedSample) Role(ref, name string) (*Role, error) {
	if ref != "R1" || name != "Tester" {
		return nil, s.fault
	}
	return &Role{RequestRef: "R1", Name: "Tester", Headcount: 1, Period: Period{From: NewDate(2027, 1, 4), To: NewDate(2027, 1, 15)}}, s.fault
}

func validAssociate(id string) Associate {
	return Associate{StaffID: id, Name: "Ada", HomeOrg: "RR8", MaxDays: 30, Band: "6", Active: true}
}

func TestChangesetValidate(t *testing.T) {
	jan := func(d int) Date { return NewDate(2027, 1, d) }
	request := Request{Ref: "R2", Trust: "RJ1", Title: "Rescue", Kind: KindEmergency, Priority: 1,
		Period: Period{From: jan(4), To: jan(29)}, Mode: ModeOnSite, Status: RequestOpen}
	cases := []struct {
		name    string
		change  Changeset
		entity  string // "" means valid
		field   string
		message string
	}{
		{"a valid associate of a stored organisation", Changeset{Associates: []Associate{validAssociate("9")}}, "", "", ""},
		{"an unknown home organisation", Changeset{Associates: []Associate{func() Associate {
			a := validAssociate("9")
			a.HomeOrg = "ZZ9"
			return a
		}()}}, "Associate 9", "Home Organisation", UnknownOrganisation("ZZ9")},
		{"an organisation known from the same change", Changeset{Organisations: []Organisation{{Code: "RJ1", Name: "Guys"}},
			Requests: []Request{request}}, "", "", ""},
		{"a trust nobody knows", Changeset{Requests: []Request{request}}, "Request R2", "Trust", UnknownOrganisation("RJ1")},
		{"a day cap over a year of weekdays", Changeset{Associates: []Associate{func() Associate {
			a := validAssociate("9")
			a.MaxDays = 261
			return a
		}()}}, "Associate 9", "Max Days Per Year", "261 is not between 0 and 260 working days"},
		{"a bell in a Staff ID", Changeset{Associates: []Associate{validAssociate("12\a3")}}, "Associate 12\a3", "Staff ID", "control character"},
		{"a NUL in a Staff ID", Changeset{Associates: []Associate{validAssociate("12\x003")}}, "Associate 12\x003", "Staff ID", "control character"},
		{"a band written loosely", Changeset{Associates: []Associate{func() Associate {
			a := validAssociate("9")
			a.Band = "8A"
			return a
		}()}}, "Associate 9", "Band", `"8A" is written "8a"`},
		{"leave of nobody", Changeset{Unavailability: []Unavailability{{StaffID: "77", Period: Period{From: jan(4), To: jan(5)}}}},
			"Unavailability of 77", "Staff ID", "not a known associate"},
		{"a role outside its stored request's window", Changeset{Roles: []Role{{RequestRef: "R1", Name: "Lead", Headcount: 1,
			Period: Period{From: jan(4), To: jan(30)}}}}, "Role R1 / Lead", "Start", "outside request R1's window"},
		{"a role of an unknown request", Changeset{Roles: []Role{{RequestRef: "R9", Name: "Lead", Headcount: 1,
			Period: Period{From: jan(4), To: jan(5)}}}}, "Role R9 / Lead", "Request Ref", "not a known request"},
		{"a role skill level of 6", Changeset{Roles: []Role{{RequestRef: "R1", Name: "Lead", Headcount: 1,
			Skills: []SkillLevel{{Skill: "Testing", Level: 6}}, Period: Period{From: jan(4), To: jan(5)}}}}, "Role R1 / Lead", "Skills", "level 6"},
		{"an assignment past its role's dates", Changeset{Assignments: []Assignment{{RequestRef: "R1", Role: "Tester", StaffID: "00123",
			Period: Period{From: jan(4), To: jan(20)}, Status: Proposed}}}, "Assignment R1 / Tester / 00123", "Start", "outside the role's dates"},
		{"an assignment to a role spelt otherwise", Changeset{Assignments: []Assignment{{RequestRef: "R1", Role: "tester", StaffID: "00123",
			Period: Period{From: jan(4), To: jan(5)}, Status: Proposed}}}, "Assignment R1 / tester / 00123", "Role", "not a role of request"},
		{"an assignment of nobody", Changeset{Assignments: []Assignment{{RequestRef: "R1", Role: "Tester", StaffID: "77",
			Period: Period{From: jan(4), To: jan(5)}, Status: Proposed}}}, "Assignment R1 / Tester / 77", "Staff ID", "not a known associate"},
		{"an unknown assignment status", Changeset{Assignments: []Assignment{{RequestRef: "R1", Role: "Tester", StaffID: "00123",
			Period: Period{From: jan(4), To: jan(5)}, Status: "Maybe"}}}, "Assignment R1 / Tester / 00123", "Status", `"Maybe" is not one of`},
		{"an unknown request mode", Changeset{Organisations: []Organisation{{Code: "RJ1", Name: "Guys"}}, Requests: []Request{func() Request {
			q := request
			q.Mode = "Telepathic"
			return q
		}()}}, "Request R2", "Mode", `"Telepathic" is not one of`},
		{"negative settings", Changeset{Settings: &Settings{AnnualBudget: -1}}, "Settings", "Annual budget", "cannot be negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.change.Validate(storedSample{})
			if c.entity == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Fatalf("want EINVALID, got %v", err)
			}
			if !strings.HasPrefix(e.Message, c.entity+" ") {
				t.Errorf("the error does not name %s: %v", c.entity, e)
			}
			for _, p := range e.Problems {
				if p.Field == c.field && strings.Contains(p.Message, c.message) {
					return
				}
			}
			t.Fatalf("no problem %s, %s: %q in %v", c.entity, c.field, c.message, e.Problems)
		})
	}
}

func TestChangesetValidateNamesTheRecordsAndPassesFaultsOn(t *testing.T) {
	one := Changeset{Associates: []Associate{{StaffID: "9", HomeOrg: "ZZ9", Name: "Ada"}}}
	if err := one.Validate(storedSample{}); err == nil || !strings.HasPrefix(err.Error(), "Associate 9 is not valid: Home Organisation: ") {
		t.Errorf("one record: %v", err)
	}
	var many Changeset
	for i := range 25 {
		many.Associates = append(many.Associates, Associate{StaffID: fmt.Sprint(i), Name: "Ada", HomeOrg: "ZZ9"})
	}
	err := many.Validate(storedSample{})
	if err == nil || !strings.HasPrefix(err.Error(), "25 records are not valid: Associate 0, Home Organisation: ") ||
		!strings.HasSuffix(err.Error(), "; and 5 more") || len(err.(*Error).Problems) != 25 {
		t.Errorf("many problems: %v", err)
	}
	fault := errors.New("disk gone")
	if err := one.Validate(storedSample{fault: fault}); !errors.Is(err, fault) || ErrorCode(err) != EINTERNAL {
		t.Errorf("a fault of the store: %v", err)
	}
}

// TestCheckStaffID: a Staff ID every command can name, and that cannot pass for another.
func TestCheckStaffID(t *testing.T) {
	cases := []struct {
		id, refusal string // "" for none
	}{
		{"00123", ""},
		{"A/1", ""},
		{"Zoë-7", ""},
		{"  ", "required"},
		{strings.Repeat("9", 51), "longer than the 50 allowed"},
		{"12\t3", "control character"},
		{"12\n3", "control character"},
		{"12\u00853", "control character"},
		{"\xff12", "not UTF-8"},
		// Invisible characters and look-alikes, which make a second person who looks the same.
		{"20417074\u200b", "invisible character (U+200B)"}, // zero-width space
		{"\ufeff20417074", "invisible character (U+FEFF)"}, // byte-order mark
		{"RTL\u202e1", "invisible character (U+202E)"},     // right-to-left override
		{"20\u200e417074", "invisible character (U+200E)"}, // left-to-right mark
		{"20\u2066417074", "invisible character (U+2066)"}, // isolate
		{"204\u00ad17074", "invisible character (U+00AD)"}, // soft hyphen
		{"A\u200d1", "invisible character (U+200D)"},       // zero-width joiner
		{"A\u31641", "invisible character (U+3164)"},       // Hangul filler
		{"A\ufe0f1", "invisible character (U+FE0F)"},       // variation selector
		{"A\u20281", "invisible character (U+2028)"},       // line separator
		{"２０４１７０７４", `write it "20417074"`},                // full-width digits
		{"AB\u00a012", `write it "AB 12"`},                 // a no-break space
		{"ﬁ7", `write it "fi7"`},                           // a ligature
		{"Zoe\u0308-7", `write it "Zoë-7"`},                // decomposed
		{"Ⅻ1", `write it "XII1"`},                          // a Roman numeral
	}
	for _, c := range cases {
		err := CheckStaffID(c.id)
		if c.refusal == "" && err != nil || c.refusal != "" && (err == nil || !strings.Contains(err.Error(), c.refusal)) {
			t.Errorf("%q: %v, want %q", c.id, err, c.refusal)
		}
	}
}

func TestCheckMaxDays(t *testing.T) {
	for n, ok := range map[int]bool{-1: false, 0: true, 30: true, 260: true, 261: false} {
		if err := CheckMaxDays(n); (err == nil) != ok {
			t.Errorf("%d: %v", n, err)
		}
	}
}
