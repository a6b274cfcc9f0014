package platform

import (
	"strings"
	"testing"
)

func TestTextWriterLineEndings(t *testing.T) {
	tests := []struct {
		name   string
		eol    string
		writes []string
		want   string
	}{
		{"unix unchanged", "\n", []string{"a\nb\n"}, "a\nb\n"},
		{"windows lines", "\r\n", []string{"a\nb\n"}, "a\r\nb\r\n"},
		{"windows blank lines", "\r\n", []string{"\n\n"}, "\r\n\r\n"},
		{"already windows", "\r\n", []string{"a\r\nb"}, "a\r\nb"},
		{"carriage return split from its newline", "\r\n", []string{"a\r", "\nb\n"}, "a\r\nb\r\n"},
		{"progress redraw kept", "\r\n", []string{"10%\r20%\rdone\n"}, "10%\r20%\rdone\r\n"},
		{"no newline", "\r\n", []string{"£1,200 · 01/04/2027"}, "£1,200 · 01/04/2027"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			w := textWriter(&b, tc.eol)
			for _, s := range tc.writes {
				n, err := w.Write([]byte(s))
				if err != nil || n != len(s) {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if b.String() != tc.want {
				t.Errorf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
}
