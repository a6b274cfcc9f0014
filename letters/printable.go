package letters

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"associateplanner/model"
)

// Printable scripts: those the embedded fonts have glyphs for and that are either placed
// one character at a time (Latin, Greek, Cyrillic, CJK) or shaped first (shaped.go).
// Anything else is refused before anything is written, rather than printed as empty boxes.
const printableScripts = "Latin (every accent, Vietnamese included), Greek, Cyrillic, Arabic, Devanagari, Bengali, " +
	"Gurmukhi, Chinese, Japanese kana and Korean"

// fonts are the parsed fonts, to look characters up in: Noto Sans regular and bold, and
// the CJK font.
var fonts = sync.OnceValue(func() []*sfnt.Font {
	var out []*sfnt.Font
	for _, data := range [][]byte{notoRegular, notoBold, cjkFont} {
		f, err := sfnt.Parse(data)
		if err != nil {
			panic(fmt.Sprintf("letters: an embedded font does not parse: %v", err)) // cannot happen: it is tested
		}
		out = append(out, f)
	}
	return out
})

// has reports whether every font of fs has a glyph for r.
func has(fs []*sfnt.Font, r rune) bool {
	var buf sfnt.Buffer
	for _, f := range fs {
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// inMain reports whether Noto Sans, regular and bold, prints r.
func inMain(r rune) bool { return has(fonts()[:2], r) }

// printable reports whether a font of the letters prints r.
func printable(r rune) bool {
	if s := scriptOfRune(r); s != nil {
		return s.prints(r)
	}
	return inMain(r) || has(fonts()[2:], r)
}

// unprintable returns the characters of s, composed as printed, that no font of the
// letters has, each once, in order.
func unprintable(s string) []rune {
	var missing []rune
	for _, r := range norm.NFC.String(s) {
		if !slices.Contains(missing, r) && !printable(r) {
			missing = append(missing, r)
		}
	}
	return missing
}

// checkPrintable refuses, before anything is written, letters whose text has characters
// the fonts cannot print, naming each person, the text and the characters.
func checkPrintable(t *Template, ls []*Letter) error {
	var problems []string
	if missing := unprintable(t.text()); len(missing) > 0 {
		problems = append(problems, "the letter template has "+describe(missing))
	}
	refused := 0
	for _, l := range ls {
		before := len(problems)
		values := l.values()
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if missing := unprintable(values[k]); len(missing) > 0 {
				problems = append(problems, fmt.Sprintf("%s (Staff ID %s), %s: %s %q has %s", l.Associate.Name, l.Associate.StaffID,
					l.Request.Ref, Placeholders[k], values[k], describe(missing)))
			}
		}
		if len(problems) > before {
			refused++
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return model.Errorf(model.EINVALID, "%d of %d letter(s) cannot be printed, so none was written:\n  %s\n"+
		"Letters print %s. Record the text in one of these to print the letter.",
		refused, len(ls), strings.Join(problems, "\n  "), printableScripts)
}

// describe names characters and their scripts: `Devanagari characters (प U+092A, …)`.
func describe(rs []rune) string {
	var scripts, chars []string
	for _, r := range rs {
		if s := scriptOf(r); !slices.Contains(scripts, s) {
			scripts = append(scripts, s)
		}
		shown := string(r)
		if !unicode.IsGraphic(r) || unicode.Is(unicode.Mn, r) {
			shown = ""
		}
		chars = append(chars, strings.TrimSpace(fmt.Sprintf("%s U+%04X", shown, r)))
	}
	if len(chars) > 8 {
		chars = append(chars[:8], "…")
	}
	return fmt.Sprintf("%s characters the letters cannot print (%s)", strings.Join(scripts, " and "), strings.Join(chars, ", "))
}

// scriptOf is the name of r's Unicode script ("Devanagari"), or "other" for marks and
// symbols that belong to none.
func scriptOf(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name != "Common" && name != "Inherited" && unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	if unicode.IsControl(r) {
		return "control"
	}
	return "other"
}

// text is all the template's own wording.
func (t *Template) text() string {
	var b strings.Builder
	b.WriteString(t.Title + " " + t.Subtitle + " ")
	for _, s := range t.Sections {
		b.WriteString(s.Heading + " ")
		for _, bl := range s.Blocks {
			b.WriteString(bl.Text + " ")
		}
	}
	return b.String()
}
