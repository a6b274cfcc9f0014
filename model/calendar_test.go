package model

import (
	"testing"
	"time"
)

// The bank holidays gov.uk publishes for England and Wales, 2025 to 2028.
var publishedBankHolidays = map[int][]string{
	2025: {"01/01/2025", "18/04/2025", "21/04/2025", "05/05/2025", "26/05/2025", "25/08/2025", "25/12/2025", "26/12/2025"},
	2026: {"01/01/2026", "03/04/2026", "06/04/2026", "04/05/2026", "25/05/2026", "31/08/2026", "25/12/2026", "28/12/2026"},
	2027: {"01/01/2027", "26/03/2027", "29/03/2027", "03/05/2027", "31/05/2027", "30/08/2027", "27/12/2027", "28/12/2027"},
	2028: {"03/01/2028", "14/04/2028", "17/04/2028", "01/05/2028", "29/05/2028", "28/08/2028", "25/12/2028", "26/12/2028"},
}

func TestBankHolidaysMatchPublishedDates(t *testing.T) {
	for year, want := range publishedBankHolidays {
		got := BankHolidays(year)
		if len(got) != len(want) {
			t.Fatalf("%d: %d holidays, want %d", year, len(got), len(want))
		}
		for i, w := range want {
			if got[i].String() != w {
				t.Errorf("%d holiday %d = %s, want %s", year, i, got[i], w)
			}
		}
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWorkingDays(t *testing.T) {
	cal := NewCalendar([]Date{NewDate(2027, time.June, 7)})
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"one ordinary week", "01/02/2027", "05/02/2027", 5},
		{"weekend only", "06/02/2027", "07/02/2027", 0},
		{"Easter 2027 week loses Friday and Monday", "22/03/2027", "02/04/2027", 8},
		{"Christmas 2027 substitutes fall Monday and Tuesday", "27/12/2027", "31/12/2027", 3},
		{"extra closure day counts as closed", "07/06/2027", "11/06/2027", 4},
		{"end before start", "05/02/2027", "01/02/2027", 0},
		{"single working day", "03/02/2027", "03/02/2027", 1},
		{"beyond the prefix range, with the New Year substitute", "03/01/2101", "07/01/2101", 4},
		{"beyond the prefix range, ordinary week", "10/01/2101", "14/01/2101", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.WorkingDays(mustDate(t, tc.from), mustDate(t, tc.to)); got != tc.want {
				t.Errorf("WorkingDays(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestWorkingDaysAgreeWithDayByDayCount(t *testing.T) {
	cal := NewCalendar(nil)
	from := NewDate(2024, time.March, 1)
	for span := 0; span < 900; span += 37 {
		to := from + Date(span)
		n := 0
		for d := from; d <= to; d++ {
			if cal.IsWorkingDay(d) {
				n++
			}
		}
		if got := cal.WorkingDays(from, to); got != n {
			t.Fatalf("WorkingDays over %d days = %d, counted %d", span, got, n)
		}
	}
}

func TestFinancialYearSplit(t *testing.T) {
	cal := NewCalendar(nil)
	// 22/03/2027 to 09/04/2027: 6 working days in 2026/27 (Good Friday and Easter Monday fall there), 7 in 2027/28.
	got := cal.WorkingDaysByYear(Period{mustDate(t, "22/03/2027"), mustDate(t, "09/04/2027")})
	want := []YearDays{{2026, 6}, {2027, 7}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("WorkingDaysByYear = %v, want %v", got, want)
	}
	if l := FinancialYearLabel(FinancialYear(mustDate(t, "31/03/2027"))); l != "2026/27" {
		t.Errorf("31/03/2027 is in %s, want 2026/27", l)
	}
	if l := FinancialYearLabel(FinancialYear(mustDate(t, "01/04/2027"))); l != "2027/28" {
		t.Errorf("01/04/2027 is in %s, want 2027/28", l)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"03/02/2027", "03/02/2027"},
		{"3/2/2027", "03/02/2027"},
		{"2027-02-03", "03/02/2027"},
		{"2027-02-03T00:00:00", "03/02/2027"},
		{"3 Feb 2027", "03/02/2027"},
		{"3 February 2027", "03/02/2027"},
		{" 29/02/2028 ", "29/02/2028"},
		{"31/02/2027", ""},
		{"12/31/2027", ""},
		{"29/02/2027", ""},
		{"03/02/27", ""},
		{"tomorrow", ""},
		{"", ""},
		{"2027-13-01", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %s, want an error", tc.in, d)
				}
				return
			}
			if err != nil || d.String() != tc.want {
				t.Fatalf("ParseDate(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
			}
		})
	}
}

func TestDateSerialIsExcels(t *testing.T) {
	// Excel shows serial 46421 as 03/02/2027.
	d, err := DateFromSerial(46421)
	if err != nil || d.String() != "03/02/2027" {
		t.Fatalf("serial 46421 = %s, %v", d, err)
	}
	if w := d.Weekday(); w != time.Wednesday {
		t.Errorf("03/02/2027 is a %s, want Wednesday", w)
	}
}
