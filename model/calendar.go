package model

import (
	"fmt"
	"time"
)

// BankHolidays returns the England and Wales bank holidays of a year in date order, as
// planning.md defines them: New Year's Day, Good Friday, Easter Monday, the first and last
// Mondays of May, the last Monday of August, Christmas Day and Boxing Day, each moved to
// the next free weekday when it falls on a weekend.
func BankHolidays(year int) []Date {
	easter := EasterSunday(year)
	taken := map[Date]bool{}
	substitute := func(d Date) Date {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || taken[d] {
			d++
		}
		taken[d] = true
		return d
	}
	days := []Date{substitute(NewDate(year, time.January, 1))}
	days = append(days,
		easter-2, easter+1,
		nthMonday(year, time.May, 1), lastMonday(year, time.May), lastMonday(year, time.August))
	for _, d := range days[1:] {
		taken[d] = true
	}
	christmas := substitute(NewDate(year, time.December, 25))
	boxing := substitute(NewDate(year, time.December, 26))
	return append(days, christmas, boxing)
}

// EasterSunday returns Western Easter Sunday of a year (the anonymous Gregorian algorithm).
func EasterSunday(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(year, time.Month(month), day)
}

func nthMonday(year int, m time.Month, n int) Date {
	d := NewDate(year, m, 1)
	for d.Weekday() != time.Monday {
		d++
	}
	return d + Date(7*(n-1))
}

func lastMonday(year int, m time.Month) Date {
	d := NewDate(year, m+1, 1) - 1
	for d.Weekday() != time.Monday {
		d--
	}
	return d
}

// FinancialYear returns the year in which d's financial year (1 April to 31 March) starts:
// 2026 for any day from 01/04/2026 to 31/03/2027.
func FinancialYear(d Date) int {
	y, m, _ := d.Time().Date()
	if m < time.April {
		return y - 1
	}
	return y
}

// FinancialYearLabel names a financial year as "2026/27".
func FinancialYearLabel(fy int) string { return fmt.Sprintf("%d/%02d", fy, (fy+1)%100) }

// FinancialYearPeriod returns 01/04/fy to 31/03/fy+1.
func FinancialYearPeriod(fy int) Period {
	return Period{NewDate(fy, time.April, 1), NewDate(fy+1, time.March, 31)}
}

// Calendar counts working days: Monday to Friday less bank holidays and the register's
// extra closure days. Counting is O(1) through a prefix sum over 2000 to 2099.
type Calendar struct {
	closures map[Date]bool
	prefix   []int32 // prefix[i] = working days in [calStart, calStart+i)
}

var (
	calStart = NewDate(2000, time.January, 1)
	calEnd   = NewDate(2100, time.January, 1)
)

// NewCalendar returns a calendar with the given extra closure days.
func NewCalendar(closures []Date) *Calendar {
	c := &Calendar{closures: map[Date]bool{}}
	for y := 2000; y < 2100; y++ {
		for _, d := range BankHolidays(y) {
			c.closures[d] = true
		}
	}
	for _, d := range closures {
		c.closures[d] = true
	}
	c.prefix = make([]int32, int(calEnd-calStart)+1)
	for i := range int(calEnd - calStart) {
		n := c.prefix[i]
		if c.IsWorkingDay(calStart + Date(i)) {
			n++
		}
		c.prefix[i+1] = n
	}
	return c
}

// IsWorkingDay reports whether d is a weekday that is neither a bank holiday nor a closure.
func (c *Calendar) IsWorkingDay(d Date) bool {
	wd := d.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if d < calStart || d >= calEnd {
		return !c.closures[d] && !isBankHoliday(d)
	}
	return !c.closures[d]
}

func isBankHoliday(d Date) bool {
	for _, h := range BankHolidays(d.Time().Year()) {
		if h == d {
			return true
		}
	}
	return false
}

// WorkingDays counts the working days from `from` to `to`, both included.
func (c *Calendar) WorkingDays(from, to Date) int {
	if to < from {
		return 0
	}
	if from >= calStart && to < calEnd {
		return int(c.prefix[to-calStart+1] - c.prefix[from-calStart])
	}
	n := 0
	for d := from; d <= to; d++ {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// YearDays is a count of working days in one financial year.
type YearDays struct {
	Year int // the financial year, by its starting year
	Days int
}

// WorkingDaysByYear splits the working days of p by financial year, in year order, so a
// span over 31 March counts its days in each year separately.
func (c *Calendar) WorkingDaysByYear(p Period) []YearDays {
	var out []YearDays
	for fy := FinancialYear(p.From); fy <= FinancialYear(p.To); fy++ {
		y := FinancialYearPeriod(fy)
		from, to := max(p.From, y.From), min(p.To, y.To)
		out = append(out, YearDays{Year: fy, Days: c.WorkingDays(from, to)})
	}
	return out
}
