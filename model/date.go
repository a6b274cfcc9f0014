package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // UK time on any machine
)

// Date is a calendar day with no time of day or zone, counted as days since 30 December
// 1899: the same number as an Excel date serial. The zero Date means "no date".
type Date int32

// excelUnixOffset is the Date of 1 January 1970.
const excelUnixOffset = 25569

// NewDate returns the Date for a year, month and day. Out-of-range values normalise the way
// time.Date does; use ParseDate to reject them.
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix()/86400 + excelUnixOffset)
}

// DateOf returns the Date of t in t's own location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	return time.Unix(int64(d-excelUnixOffset)*86400, 0).UTC()
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == 0 }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d) + 6) % 7) }

// AddDays returns the day n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats d the UK way, dd/mm/yyyy; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Time().Date()
	return fmt.Sprintf("%02d/%02d/%04d", day, int(m), y)
}

// ISO formats d as yyyy-mm-dd, the form the register stores; the zero Date is "".
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Long formats d as "3 February 2027", for letters.
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

// ParseDate reads a date written as dd/mm/yyyy (also with - or . between), yyyy-mm-dd
// (optionally followed by a time, as scripts write it) or "3 Feb 2027". Text is never read
// month-first: 12/31/2027 is refused, not taken as 31 December.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("no date given")
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return parseISODate(s)
	}
	if f := strings.Fields(s); len(f) == 3 {
		if m, ok := monthNames[strings.ToLower(strings.TrimSuffix(f[1], "."))]; ok {
			return buildDate(s, f[2], int(m), f[0])
		}
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || len(parts[2]) != 4 {
		return 0, fmt.Errorf("%q is not a date: write dd/mm/yyyy, yyyy-mm-dd or 3 Feb 2027", s)
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil {
		return 0, fmt.Errorf("%q is not a date: write dd/mm/yyyy, yyyy-mm-dd or 3 Feb 2027", s)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("%q is not a date: %d is not a month (dates are read day first, dd/mm/yyyy)", s, m)
	}
	return buildDate(s, parts[2], m, parts[0])
}

func parseISODate(s string) (Date, error) {
	head := s[:10]
	if rest := s[10:]; rest != "" && rest[0] != 'T' && rest[0] != ' ' {
		return 0, fmt.Errorf("%q is not a date", s)
	}
	m, err := strconv.Atoi(head[5:7])
	if err != nil || m < 1 || m > 12 {
		return 0, fmt.Errorf("%q is not a date: %s is not a month", s, head[5:7])
	}
	return buildDate(s, head[:4], m, head[8:10])
}

// buildDate checks that the year and day are numbers and that the day exists in that month.
func buildDate(orig, year string, month int, day string) (Date, error) {
	y, err1 := strconv.Atoi(year)
	d, err2 := strconv.Atoi(day)
	if err1 != nil || err2 != nil || len(year) != 4 {
		return 0, fmt.Errorf("%q is not a date: write dd/mm/yyyy, yyyy-mm-dd or 3 Feb 2027", orig)
	}
	if y < 1900 || y > 2999 {
		return 0, fmt.Errorf("%q is not a date: year %d is out of range", orig, y)
	}
	if last := daysIn(y, time.Month(month)); d < 1 || d > last {
		return 0, fmt.Errorf("%q is not a real date: %s %d has %d days", orig, time.Month(month), y, last)
	}
	return NewDate(y, time.Month(month), d), nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateFromSerial converts an Excel date serial (days since 30/12/1899; a fraction is a time
// of day and is dropped) to a Date. A serial outside 1/1/1900 to 31/12/2999 is refused, and
// so are NaN and the infinities, which compare as neither.
func DateFromSerial(serial float64) (Date, error) {
	if !(serial >= 1 && serial <= 401768) { // 31/12/2999
		return 0, fmt.Errorf("%v is not a date serial in range", serial)
	}
	return Date(int32(serial)), nil
}

// MarshalJSON writes d as "yyyy-mm-dd" (null for the zero Date), for scripts.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.ISO() + `"`), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

// Period is an inclusive span of days.
type Period struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Overlaps reports whether p and q share at least one day.
func (p Period) Overlaps(q Period) bool { return p.From <= q.To && q.From <= p.To }

// Contains reports whether day d lies in p.
func (p Period) Contains(d Date) bool { return p.From <= d && d <= p.To }

// String formats p as "dd/mm/yyyy – dd/mm/yyyy".
func (p Period) String() string { return p.From.String() + " – " + p.To.String() }

// Clock tells the date; tests fix it.
type Clock func() time.Time

// Now returns the clock's time; a nil Clock is the real one.
func (c Clock) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	return c()
}

// Today returns the clock's date in the UK.
func (c Clock) Today() Date { return DateOf(c.Now().In(UK)) }

// UK is the time zone the service works in, from the zone database built into the program
// (time/tzdata), so that a laptop without one still says British time.
var UK = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.UTC // unreachable with the built-in database
}()

// UKTime writes an instant as a British reader expects it: "01/12/2026 14:03:07", in UK time.
func UKTime(t time.Time) string { return t.In(UK).Format("02/01/2006 15:04:05") }
