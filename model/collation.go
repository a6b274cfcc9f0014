package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// NameOrder returns the key by which names sort as a British reader expects them: Åsa
// beside Asa, Łukasz beside Lukasz, capitals or not, rather than by code point (which puts
// every accented name after Z). A function from one NameOrder is not safe for concurrent use.
func NameOrder() func(name string) string {
	c := collate.New(language.BritishEnglish, collate.Loose)
	var buf collate.Buffer
	return func(name string) string {
		key := string(c.KeyFromString(&buf, name))
		buf.Reset()
		return key
	}
}

// Unaccented is text without its accents, so that a search for "Siobhan" finds Siobhán
// and "Malgorzata" Małgorzata. Letters whose stroke or slash Unicode does not split off
// (ł, ø, đ, ħ) become the plain letter, as people type them on an English keyboard.
func Unaccented(text string) string {
	for _, r := range text {
		if r > unicode.MaxASCII { // most text is plain: no work
			return strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Mn, r) {
					return -1
				}
				if plain, ok := struck[r]; ok {
					return plain
				}
				return r
			}, norm.NFD.String(text))
		}
	}
	return text
}

// struck maps the letters with a stroke or slash to the letter under it.
var struck = map[rune]rune{'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ħ': 'h', 'Ħ': 'H', 'ı': 'i'}
