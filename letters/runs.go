package letters

import (
	"bytes"
	_ "embed"
	"strings"
)

// Droid Sans Fallback (Apache License 2.0: fonts/DroidSansFallback-LICENSE.txt) prints
// Chinese, Japanese kana and Korean, which Noto Sans lacks. It has no Latin, so text that
// needs it is set in runs, each in the font that has its characters.
//
//go:embed fonts/DroidSansFallback.ttf
var cjkFont []byte

// cjkFamily: "utf8" + 20 = 24 = len("ABCDEF+DroidSansFallback"), for finish.
const cjkFamily = "droidsansfallback000"

// firstCJK is where the characters that only the CJK font has begin (CJK radicals):
// below it Noto Sans has every character a letter may hold.
const firstCJK = '\u2e80'

// A run is a piece of text printed in one font.
type run struct {
	text string
	cjk  bool
}

// needsCJK reports whether s has characters only the CJK font has.
func needsCJK(s string) bool {
	for _, r := range s {
		if r >= firstCJK && !inMain(r) {
			return true
		}
	}
	return false
}

// runs splits s where it changes font; a space stays with what it follows.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		cjk := r >= firstCJK && !inMain(r)
		if r == ' ' && len(out) > 0 {
			cjk = out[len(out)-1].cjk
		}
		if n := len(out); n > 0 && out[n-1].cjk == cjk {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{string(r), cjk})
	}
	return out
}

// inFont runs fn with the CJK font set at the current size when cjk, then restores the
// current font.
func (d *doc) inFont(cjk bool, fn func()) {
	if !cjk {
		fn()
		return
	}
	if !d.hasCJK {
		d.pdf.AddUTF8FontFromBytes(cjkFamily, "", bytes.Clone(cjkFont)) // a copy: see newDoc
		d.hasCJK = true
	}
	d.pdf.SetFont(cjkFamily, "", d.size)
	fn()
	d.font(d.bold, int(d.size))
}

// width is how wide s prints, each run in its font.
func (d *doc) width(s string) float64 {
	w := 0.0
	for _, r := range runs(s) {
		d.inFont(r.cjk, func() { w += d.pdf.GetStringWidth(r.text) })
	}
	return w
}

// multiCell is gofpdf's MultiCell (left-aligned, no border) for text in any of the fonts.
func (d *doc) multiCell(w, h float64, s string, fill bool) {
	if !needsCJK(s) {
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
	if !needsCJK(s) {
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
	for _, r := range runs(s) {
		d.inFont(r.cjk, func() { d.pdf.CellFormat(d.pdf.GetStringWidth(r.text), h, r.text, "", 0, "L", false, 0, "") })
	}
	d.pdf.SetCellMargin(pad)
	d.pdf.SetXY(x+w, y)
}

// lineCount is how many lines multiCell takes for s in width w.
func (d *doc) lineCount(s string, w float64) int {
	if !needsCJK(s) {
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
