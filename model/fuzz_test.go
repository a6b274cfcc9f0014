package model

import (
	"reflect"
	"testing"
)

// The parsers read text from spreadsheets anyone may send. None may panic, and whatever one
// accepts must come back unchanged through its formatter.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"03/02/2027", "2027-02-03T00:00:00", "3 Feb 2027", "31/02/2027", "12/31/2027", "", "0/0/0000", "29 February 2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("%q read as %s, which reads back as %s, %v", s, d, again, err)
		}
	})
}

func FuzzParseSkills(f *testing.F) {
	for _, s := range []string{"Data migration:4; Training:2", "Testing:3, Reporting:1", "x:0", ":3", "a:1;A:2", ";;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		skills, err := ParseSkills(s)
		if err != nil {
			return
		}
		again, err := ParseSkills(FormatSkills(skills))
		if err != nil || !reflect.DeepEqual(again, skills) && len(skills) > 0 {
			t.Fatalf("%q read as %v, which reads back as %v, %v", s, skills, again, err)
		}
	})
}

func FuzzParseClearances(f *testing.F) {
	for _, s := range []string{"DBS:31/03/2027; Smartcard:01/01/2028", "DBS:2027-03-31", "DBS:3 Mar 2027", "DBS:", "DBS:31/02/2027"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseClearances(s)
		if err != nil {
			return
		}
		again, err := ParseClearances(FormatClearances(cs))
		if err != nil || !reflect.DeepEqual(again, cs) && len(cs) > 0 {
			t.Fatalf("%q read as %v, which reads back as %v, %v", s, cs, again, err)
		}
	})
}

func FuzzParseBand(f *testing.F) {
	for _, s := range []string{"6", "Band 8A", "AfC band 8c", "10", "8e", "band"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBand(s)
		if err != nil {
			return
		}
		if again, err := ParseBand(string(b)); err != nil || again != b {
			t.Fatalf("%q read as %q, which reads back as %q, %v", s, b, again, err)
		}
	})
}
