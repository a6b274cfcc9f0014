package letters

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"associateplanner/model"
)

// FileName is REF_StaffID_Surname.pdf with every letter of each kept: only what a file
// system forbids is changed (see safeName). A batch may lengthen it to stay unique: see
// fileNames.
func (l *Letter) FileName() string {
	return l.baseName() + ".pdf"
}

func (l *Letter) baseName() string {
	return safeName(l.Request.Ref) + "_" + safeName(l.Associate.StaffID) + "_" + safeName(Surname(l.Associate.Name))
}

// fileNames gives each letter a name no other letter of the batch has, even where case
// does not count (Windows, macOS): two letters for one person in two roles of a request
// add the role; names that still meet ("ab1" and "AB1") add a short code of the
// assignment. The same register always gives the same names.
func fileNames(ls []*Letter) []string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.baseName()
	}
	for _, extra := range []func(*Letter) string{
		func(l *Letter) string { return safeName(l.Role.Name) },
		func(l *Letter) string {
			h := fnv.New32a()
			fmt.Fprintf(h, "%s\x00%s\x00%s", l.Request.Ref, l.Role.Name, l.Associate.StaffID)
			return fmt.Sprintf("%08x", h.Sum32())
		},
	} {
		for _, group := range clashes(names) {
			for _, i := range group {
				names[i] += "_" + extra(ls[i])
			}
		}
	}
	for i := range names {
		names[i] += ".pdf"
	}
	return names
}

// clashes returns the groups of indexes whose names are equal once case is ignored.
func clashes(names []string) [][]int {
	byKey := map[string][]int{}
	var order []string
	for i, n := range names {
		k := foldCase(n)
		if byKey[k] == nil {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	var out [][]int
	for _, k := range order {
		if len(byKey[k]) > 1 {
			out = append(out, byKey[k])
		}
	}
	return out
}

// foldCase is a name as a case-insensitive file system compares it.
func foldCase(s string) string {
	return strings.ToLower(strings.ToUpper(s))
}

// The zero-width joiner and non-joiner, which shape the letters either side of them.
const (
	zwj  = '\u200d'
	zwnj = '\u200c'
)

// forbidden are the characters Windows, macOS or Linux forbid in a file name, and the
// separators of ours ("_" between parts is kept, so a part that has one stays readable).
const forbidden = `/\:*?"<>|`

// maxPart caps one part of a name in bytes, so that four parts and ".pdf" stay within
// the 255 bytes file systems allow, whatever the script.
const maxPart = 60

// safeName keeps every letter, mark and digit of s, any script, composed (NFC) as most
// file systems store it, apostrophes and hyphens included. Only what a file system forbids
// changes: those characters and control characters become "-", spaces "-", and a part
// ending in a dot or space (which Windows drops) loses it. Invisible characters are
// dropped, above all the bidirectional controls that would make "Eve\u202Efdp.exe" show as
// "Eveexe.pdf"; the joiners that Indic and Persian names need to be spelt stay. It is cut,
// between whole letters, at maxPart bytes.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		switch {
		case model.Invisible(r) && r != zwj && r != zwnj:
		case strings.ContainsRune(forbidden, r) || unicode.IsControl(r) || unicode.IsSpace(r):
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	out = strings.Trim(cut(out, maxPart), "-. ")
	if out == "" || out == "." || out == ".." {
		return "x"
	}
	return out
}

// cut shortens s to at most n bytes, never between a letter and its marks (so शर्मा never
// loses a vowel sign or a virama).
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	end := 0
	for i, r := range s {
		if i > n {
			break
		}
		if !unicode.Is(unicode.M, r) && r != zwj && r != zwnj && !afterJoiner(s[:i]) {
			end = i
		}
	}
	return s[:end]
}

// afterJoiner reports whether s ends in a virama or joiner, which binds the next letter.
func afterJoiner(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == zwj || unicode.In(r, unicode.Mn) && strings.ContainsRune("\u094d\u09cd\u0a4d", r)
}

// combinedName is the file holding all of one request's letters.
func combinedName(ref string) string {
	return safeName(ref) + "_all.pdf"
}
