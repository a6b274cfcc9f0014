package model

import (
	"math"
	"strings"
	"testing"
)

// TestNumbersAreWrittenInDigits: dates, amounts and counts are read from numbers written
// out in digits. What strconv.ParseFloat also reads (NaN, the infinities, exponents,
// hexadecimal) is refused: "NaN" in a date cell became year 5881510 and passed the From ≤ To
// check, and a Day Rate of NaN was refused as negative.
func TestNumbersAreWrittenInDigits(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"450", 450, true},
		{"46023.5", 46023.5, true},
		{"-3", -3, true},
		{".5", 0.5, true},
		{"450.", 450, true},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"Inf", 0, false},
		{"-Infinity", 0, false},
		{"1e5", 0, false},
		{"4.5E2", 0, false},
		{"0x1p15", 0, false},
		{"1_000", 0, false},
		{"+5", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"1.2.3", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got, ok := ParseDecimal(tc.in); ok != tc.ok || got != tc.want {
				t.Errorf("ParseDecimal(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestMoneyIsARealAmount(t *testing.T) {
	for _, in := range []string{"NaN", "£NaN", "Inf", "-Inf", "1e5", "0x1p15", "4.5E2"} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseMoney(in); err == nil || !strings.Contains(err.Error(), "is not an amount of money") {
				t.Errorf("ParseMoney(%q) = %d, %v", in, got, err)
			}
		})
	}
}

func TestDateSerialsAreInRange(t *testing.T) {
	tests := []struct {
		serial float64
		ok     bool
	}{
		{46023, true}, {46023.75, true}, {1, true}, {401768, true},
		{0, false}, {-5, false}, {401769, false}, {math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false},
	}
	for _, tc := range tests {
		if d, err := DateFromSerial(tc.serial); (err == nil) != tc.ok {
			t.Errorf("DateFromSerial(%v) = %v (%s), %v", tc.serial, int32(d), d, err)
		}
	}
}
