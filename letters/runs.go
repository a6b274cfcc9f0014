package letters

import (
	"bytes"
	_ "embed"
	"slices"
	"strings"
	"unicode"
)

// Droid Sans Fallback (Apache License 2.0: fonts/DroidSansFallback-LICENSE.txt) prints
// Chinese, Japanese kana and Korean, which Noto Sans lacks. It has no Latin, so text that
// needs it is set in runs, each in the font that has its characters.
//
//go:embed fonts/DroidSansFallback.ttf
var cjkFont []byte

// cjkFamily: "utf8" + 20 = 24 = len("ABCDEF+DroidSansFallback"), for finish.
const cjkFamily = "droidsansfallback000"

// A run is a piece of text printed in one font: Noto Sans, the CJK font, or a shaped
// script's font.
type run struct {
	text   string
	cjk    bool
	shaped *shapedScript
}

// plain reports whether Noto Sans prints all of s, so gofpdf can set it alone.
func plain(s string) bool {
	for _, r := range s {
		if r >= firstOther && !inMain(r) {
			return false
		}
	}
	return true
}

// firstOther is where scripts Noto Sans lacks begin (Hebrew, then Arabic): below it, it
// has every character a letter may hold.
const firstOther = '\u0590'

// runs splits s where it changes font. A space, a combining mark or a joiner stays with
// what it follows.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		next := run{text: string(r)}
		switch n := len(out); {
		case n > 0 && (r == ' ' || r == '\u200c' || r == '\u200d' || unicode.In(r, unicode.Inherited)):
			next.cjk, next.shaped = out[n-1].cjk, out[n-1].shaped
		case r < firstOther:
		case scriptOfRune(r) != nil:
			next.shaped = scriptOfRune(r)
		default:
			next.cjk = !inMain(r)
		}
		if n := len(out); n > 0 && out[n-1].cjk == next.cjk && out[n-1].shaped == next.shaped {
			out[n-1].text += next.text
			continue
		}
		out = append(out, next)
	}
	return moveTrailingSpaces(out)
}

// moveTrailingSpaces moves the spaces at the end of a right-to-left run to the run after
// it: shaped right to left, they would be drawn at its left, before the word.
func moveTrailingSpaces(rs []run) []run {
	for i := range rs {
		if rs[i].shaped == nil || !rs[i].shaped.rtl {
			continue
		}
		trimmed := strings.TrimRight(rs[i].text, " ")
		spaces := rs[i].text[len(trimmed):]
		if spaces == "" {
			continue
		}
		rs[i].text = trimmed
		if i+1 < len(rs) && rs[i+1].shaped == nil && !rs[i+1].cjk {
			rs[i+1].text = spaces + rs[i+1].text
		} else {
			rs = slices.Insert(rs, i+1, run{text: spaces})
		}
	}
	return rs
}

// inFont runs fn with the CJK font set at the current size when cjk, then restores the
// current font.
func (d *doc) inFont(cjk bool, fn func()) {
	if !cjk {
		fn()
		return
	}
	if !d.added[cjkFamily] {
		d.pdf.AddUTF8FontFromBytes(cjkFamily, "", bytes.Clone(cjkFont)) // a copy: see newDoc
		d.added[cjkFamily] = true
	}
	d.pdf.SetFont(cjkFamily, "", d.size)
	fn()
	d.font(d.bold, int(d.size))
}

// width is how wide s prints, each run in its font.
func (d *doc) width(s string) float64 {
	w := 0.0
	for _, r := range runs(s) {
		if r.shaped != nil {
			w += shapedWidth(r.shaped.shape(r.text)) * d.size / 1000 * 25.4 / 72
			continue
		}
		d.inFont(r.cjk, func() { w += d.pdf.GetStringWidth(r.text) })
	}
	return w
}

// multiCell is gofpdf's MultiCell (left-aligned, no border) for text in any of the fonts.
func (d *doc) multiCell(w, h float64, s string, fill bool) {
	if plain(s) {
		d.pdf.MultiCell(w, h, s, "", "L", fill)
		return
	}
	x := d.pdf.GetX()
	if w == 0 {
		w = pageW - margin - x
	}
	for _, line := range d.wrap(s, w) {
		if d.pdf.GetY()+h > pageH-bottom {
			d.pdf.AddPage()
		}
		y := d.pdf.GetY()
		if fill {
			d.pdf.Rect(x, y, w, h, "F")
		}
		d.pdf.SetXY(x, y)
		d.cell(w, h, line, "L")
		d.pdf.SetXY(x, y+h)
	}
	left, _, _, _ := d.pdf.GetMargins()
	d.pdf.SetX(left) // where MultiCell leaves it
}

// cell is gofpdf's CellFormat (no border, stays on the line) for text in any of the fonts.
func (d *doc) cell(w, h float64, s, align string) {
	if plain(s) {
		d.pdf.CellFormat(w, h, s, "", 0, align, false, 0, "")
		return
	}
	x, y := d.pdf.GetXY()
	pad := d.pdf.GetCellMargin()
	start := x + pad
	if align == "R" {
		start = x + w - pad - d.width(s)
	}
	d.pdf.SetCellMargin(0)
	d.pdf.SetXY(start, y)
	baseline := y + h/2 + 0.3*d.size*25.4/72 // where CellFormat puts it
	for _, r := range runs(s) {
		if r.shaped != nil {
			at := d.pdf.GetX()
			d.pdf.SetX(at + d.drawShaped(r.shaped, r.text, at, baseline))
			continue
		}
		d.inFont(r.cjk, func() { d.pdf.CellFormat(d.pdf.GetStringWidth(r.text), h, r.text, "", 0, "L", false, 0, "") })
	}
	d.pdf.SetCellMargin(pad)
	d.pdf.SetXY(x+w, y)
}

// lineCount is how many lines multiCell takes for s in width w.
func (d *doc) lineCount(s string, w float64) int {
	if plain(s) {
		return len(d.pdf.SplitText(s, w))
	}
	return len(d.wrap(s, w))
}

// wrap breaks s into lines that fit w as MultiCell would: at spaces, and inside a word
// (Chinese has no spaces) only when the word alone is too wide.
func (d *doc) wrap(s string, w float64) []string {
	limit := w - 2*d.pdf.GetCellMargin()
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		next := word
		if line != "" {
			next = line + " " + word
		}
		switch {
		case d.width(next) <= limit:
			line = next
		case line != "" && d.width(word) <= limit:
			lines, line = append(lines, line), word
		default:
			if line != "" {
				lines, line = append(lines, line), ""
			}
			for _, r := range word {
				if line != "" && d.width(line+string(r)) > limit {
					lines, line = append(lines, line), ""
				}
				line += string(r)
			}
		}
	}
	return append(lines, line)
}
