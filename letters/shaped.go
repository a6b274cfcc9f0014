package letters

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Scripts that need shaping — letters that join or change form, vowel signs drawn before
// their consonant, conjuncts — are shaped by go-text's HarfBuzz port, from Noto fonts (SIL
// Open Font License, fonts/OFL.txt). gofpdf places a glyph only through a character, and
// shaped glyphs have none, so each font is embedded with a character map of its own that
// gives glyph n the private character U+E000+n; the text layer gets the real characters
// cluster by cluster (ActualText), so copying and searching the PDF find the name.
var (
	//go:embed fonts/NotoSansArabic-Regular.ttf
	arabicFont []byte
	//go:embed fonts/NotoSansDevanagari-Regular.ttf
	devanagariFont []byte
	//go:embed fonts/NotoSansBengali-Regular.ttf
	bengaliFont []byte
	//go:embed fonts/NotoSansGurmukhi-Regular.ttf
	gurmukhiFont []byte
)

// shapedScript is one script shaped before it is placed.
type shapedScript struct {
	name   string // the font's PostScript-style name, for the PDF
	table  *unicode.RangeTable
	script language.Script
	rtl    bool
	data   []byte
	parsed func() shapedFont
}

type shapedFont struct {
	font *font.Font // shared: a Font is safe for concurrent use, a Face is not
	cmap *sfnt.Font // the original character map, to know what it prints
	pua  []byte     // the font with the private character map, for gofpdf
}

var shapedScripts = []*shapedScript{
	{name: "NotoSansArabic", table: unicode.Arabic, script: language.Arabic, rtl: true, data: arabicFont},
	{name: "NotoSansDevanagari", table: unicode.Devanagari, script: language.Devanagari, data: devanagariFont},
	{name: "NotoSansBengali", table: unicode.Bengali, script: language.Bengali, data: bengaliFont},
	{name: "NotoSansGurmukhi", table: unicode.Gurmukhi, script: language.Gurmukhi, data: gurmukhiFont},
}

func init() {
	for _, s := range shapedScripts {
		s.parsed = sync.OnceValue(func() shapedFont {
			face, err := font.ParseTTF(bytes.NewReader(s.data))
			if err != nil {
				panic(fmt.Sprintf("letters: %s does not parse: %v", s.name, err)) // cannot happen: it is tested
			}
			cmap, err := sfnt.Parse(s.data)
			if err != nil {
				panic(fmt.Sprintf("letters: %s does not parse: %v", s.name, err))
			}
			return shapedFont{font: face.Font, cmap: cmap, pua: privateCharacters(s.data)}
		})
	}
}

// family is the font's family name in gofpdf: "utf8" + family is as long as
// "ABCDEF+" + name, for finish.
func (s *shapedScript) family() string { return strings.ToLower(s.name) + "000" }

// scriptOfRune returns the shaped script r belongs to, or nil.
func scriptOfRune(r rune) *shapedScript {
	for _, s := range shapedScripts {
		if unicode.Is(s.table, r) {
			return s
		}
	}
	return nil
}

// prints reports whether the script's font has a glyph for r.
func (s *shapedScript) prints(r rune) bool {
	return has([]*sfnt.Font{s.parsed().cmap}, r)
}

// shapedGlyph is a glyph placed by the shaper, in thousandths of the font size.
type shapedGlyph struct {
	id      uint16
	cluster int // index in the run's runes of the first character it shows
	advance float64
	dx, dy  float64
}

// shape shapes text in the script: glyphs in the order they are drawn, left to right.
func (s *shapedScript) shape(text string) []shapedGlyph {
	runes := []rune(text)
	dir := di.DirectionLTR
	if s.rtl {
		dir = di.DirectionRTL
	}
	out := (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{Text: runes, RunEnd: len(runes), Direction: dir,
		Face: font.NewFace(s.parsed().font), Size: fixed.I(1000), Script: s.script})
	glyphs := make([]shapedGlyph, len(out.Glyphs))
	for i, g := range out.Glyphs {
		glyphs[i] = shapedGlyph{id: uint16(g.GlyphID), cluster: g.ClusterIndex, advance: float64(g.XAdvance) / 64,
			dx: float64(g.XOffset) / 64, dy: float64(g.YOffset) / 64}
	}
	return glyphs
}

// drawShaped draws text in the script from x on the baseline y, in the current size, and
// returns its width.
func (d *doc) drawShaped(s *shapedScript, text string, x, y float64) float64 {
	if !d.added[s.name] {
		d.pdf.AddUTF8FontFromBytes(s.family(), "", bytes.Clone(s.parsed().pua)) // a copy: see newDoc
		d.added[s.name] = true
	}
	d.pdf.SetFont(s.family(), "", d.size)
	scale := d.size / 1000 * 25.4 / 72 // millimetres per thousandth of the size
	runes := []rune(text)
	glyphs := s.shape(text)
	for i := 0; i < len(glyphs); {
		c := glyphs[i].cluster
		d.pdf.RawWriteStr("/Span <</ActualText <FEFF" + utf16Hex(clusterText(runes, glyphs, c, s.rtl)) + ">>> BDC")
		for ; i < len(glyphs) && glyphs[i].cluster == c; i++ {
			g := glyphs[i]
			d.pdf.Text(x+g.dx*scale, y-g.dy*scale, string(rune(0xE000+int(g.id))))
			x += g.advance * scale
		}
		d.pdf.RawWriteStr("EMC")
	}
	d.font(d.bold, int(d.size))
	return shapedWidth(glyphs) * scale
}

func shapedWidth(glyphs []shapedGlyph) float64 {
	w := 0.0
	for _, g := range glyphs {
		w += g.advance
	}
	return w
}

// clusterText is the characters a cluster of glyphs shows. Readers such as pdftotext lay
// the characters of right-to-left text out as placed and then reverse them; within one
// cluster (a lam-alef ligature) they cannot see the order, so it is given reversed too.
func clusterText(runes []rune, glyphs []shapedGlyph, c int, rtl bool) string {
	end := len(runes)
	for _, g := range glyphs {
		if g.cluster > c && g.cluster < end {
			end = g.cluster
		}
	}
	out := slices.Clone(runes[c:end])
	if rtl {
		slices.Reverse(out)
	}
	return string(out)
}

func utf16Hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// privateCharacters returns a TrueType font whose only character map gives glyph n the
// private-use character U+E000+n, so that gofpdf can place any glyph.
func privateCharacters(data []byte) []byte {
	be := binary.BigEndian
	type table struct {
		tag  string
		body []byte
	}
	var tables []table
	numGlyphs := 0
	for i := range int(be.Uint16(data[4:])) {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		body := data[be.Uint32(rec[8:]) : be.Uint32(rec[8:])+be.Uint32(rec[12:])]
		if tag == "maxp" {
			numGlyphs = int(be.Uint16(body[4:]))
		}
		tables = append(tables, table{tag, body})
	}
	for i := range tables {
		if tables[i].tag == "cmap" {
			tables[i].body = privateCmap(min(numGlyphs, 0xF8FF-0xE000+1))
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	var head, body bytes.Buffer
	head.Write(data[:12])
	start := 12 + 16*len(tables)
	for _, t := range tables {
		rec := make([]byte, 16)
		copy(rec, t.tag)
		be.PutUint32(rec[4:], tableChecksum(t.body))
		be.PutUint32(rec[8:], uint32(start+body.Len()))
		be.PutUint32(rec[12:], uint32(len(t.body)))
		head.Write(rec)
		body.Write(t.body)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	return append(head.Bytes(), body.Bytes()...)
}

// privateCmap is a cmap table of one format 4 subtable (Windows, Unicode BMP) mapping
// U+E000+n to glyph n for n glyphs.
func privateCmap(n int) []byte {
	sub := []uint16{4, 0, 0, 4, 4, 1, 0, // format, length, language, 2×segments, search range, selector, shift
		uint16(0xE000 + n - 1), 0xFFFF, // segment ends
		0,              // padding
		0xE000, 0xFFFF, // segment starts
		uint16(0x10000 - 0xE000), 1, // deltas: glyph = character + delta
		0, 0} // range offsets
	sub[1] = uint16(2 * len(sub))
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint16{0, 1, 3, 1}) //nolint:errcheck // a buffer
	binary.Write(&b, binary.BigEndian, uint32(12))           //nolint:errcheck
	binary.Write(&b, binary.BigEndian, sub)                  //nolint:errcheck
	return b.Bytes()
}

func tableChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
