package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Pence is an amount of money in pence; whole numbers keep sums exact.
type Pence int64

// Pounds returns a whole number of pounds as Pence.
func Pounds(n int64) Pence { return Pence(n * 100) }

// String formats p as "£1,234.50" (and "-£12.00" below zero).
func (p Pence) String() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s£%s.%02d", sign, groupThousands(int64(p)/100), int64(p)%100)
}

// Whole formats p in whole pounds, rounded down, as "£1,234": for dashboards.
func (p Pence) Whole() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return sign + "£" + groupThousands(int64(p)/100)
}

// Float returns p in pounds, for spreadsheets.
func (p Pence) Float() float64 { return float64(p) / 100 }

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseMoney reads an amount of pounds as people write it: "450", "£450.00", "1,250.5".
// Negative amounts are refused, and so is anything that is not an amount written in
// digits ("NaN", "Inf", "1e5").
func ParseMoney(s string) (Pence, error) {
	clean := strings.NewReplacer("£", "", ",", "", " ", "").Replace(strings.TrimSpace(s))
	f, ok := ParseDecimal(clean)
	if !ok {
		return 0, fmt.Errorf("%q is not an amount of money", s)
	}
	if f < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	if f > 1e9 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return Pence(f*100 + 0.5), nil
}

// ParseDecimal reads a number written in decimal digits, with an optional minus sign and
// fraction ("450", "46023.5", "-3", ".5"), as people and spreadsheets write amounts, date
// serials and counts. It refuses what strconv.ParseFloat would also read but no one means
// as a number here: "NaN", "Inf", "1e5", "0x1p15", "1_000".
func ParseDecimal(s string) (float64, bool) {
	digits := strings.TrimPrefix(s, "-")
	whole, fraction, _ := strings.Cut(digits, ".")
	if whole+fraction == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(fraction, "0123456789") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
