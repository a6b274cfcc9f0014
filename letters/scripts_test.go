package letters

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"associateplanner/model"
)

// nameTests are names in the scripts of the NHS workforce: those the letters print, and
// those they refuse (see printableScripts).
var nameTests = []struct {
	script, name string
	prints       bool
}{
	{"Latin, Irish", "Siobhán Ó Súilleabháin", true},
	{"Latin, Polish and Czech", "Łukasz Dvořák-Świątek", true},
	{"Latin, Icelandic and Danish", "Þórunn Ærøe Ðuričić", true},
	{"Latin, Turkish and Romanian", "Şükrü Ağaoğlu Ștefănescu", true},
	{"Latin, Yoruba (a combining accent)", "Adébáyọ̀ Ọláníyì", true},
	{"Vietnamese", "Nguyễn Thị Phương Thảo", true},
	{"Greek", "Αθηνά Παπαδοπούλου", true},
	{"Cyrillic", "Олена Коваленко", true},
	{"Arabic", "محمد الأحمد", true},
	{"Devanagari", "प्रिया शर्मा", true},
	{"Bengali", "রহিম উদ্দিন", true},
	{"Gurmukhi", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", true},
	{"Tamil", "தமிழ்செல்வி", false},
	{"Ethiopic", "አበበ በቀለ", false},
	{"Chinese", "王秀英", true},
	{"Korean", "김민준", true},
	{"Japanese kana and Han", "さくら 田中", true},
	{"Chinese and Latin in one name", "Li 王秀英 (Wendy)", true},
}

// TestNamesInEveryScript writes a letter for a person named in each script. Those printed
// must read exactly as written in the text layer and leave ink on the page in every word
// of the name (rendered by pdftoppm); those refused must be refused before any file is
// written, naming the person, the script and the characters.
func TestNamesInEveryScript(t *testing.T) {
	for _, tc := range nameTests {
		t.Run(tc.script, func(t *testing.T) {
			d := register()
			d.Associates[0].Name = tc.name
			dir := filepath.Join(t.TempDir(), "letters")
			files, err := WriteAll(d, Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses, Request: "REQ-2027-014"})
			if !tc.prints {
				refusedBeforeWriting(t, err, dir, tc.name, tc.script)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			path := files[0]
			if !strings.Contains(filepath.Base(path), "00123") {
				t.Fatalf("first file %s", path)
			}
			text := strings.Join(strings.Fields(withoutBidiMarks(poppler(t, "pdftotext", path, "-"))), " ")
			if want := norm.NFC.String(tc.name); !strings.Contains(text, "the associate: "+want+", Staff ID 00123") {
				t.Errorf("the text layer does not read %q:\n%.600s", want, text)
			}
			for _, label := range []string{"Associate", "Employer", "Host trust", "Role", "Dates", "Reimbursement"} {
				if !strings.Contains(text, label+" ") {
					t.Errorf("the summary lost its label %q", label)
				}
			}
			inkInWords(t, path, strings.Fields(norm.NFC.String(tc.name)))
		})
	}
}

func refusedBeforeWriting(t *testing.T, err error, dir, name, script string) {
	t.Helper()
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("not refused: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{name + " (Staff ID 00123)", script + " characters the letters cannot print", "none was written",
		"Letters print Latin"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, msg)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a refused batch left %d files", len(entries))
	}
}

// inkInWords renders the letter's first page and checks that each word of the name, where
// pdftotext places it, has ink: a glyph the font lacks would print as an empty box or
// nothing.
func inkInWords(t *testing.T, pdf string, words []string) {
	t.Helper()
	boxes := wordBoxes(t, pdf)
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "144", "-f", "1", "-l", "1", "-png", pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm (from poppler-utils): %v\n%s", err, out)
	}
	matches, _ := filepath.Glob(prefix + "*.png")
	if len(matches) != 1 {
		t.Fatalf("pdftoppm made %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range words {
		b, ok := boxes[w]
		if !ok { // right-to-left words are listed as drawn
			r := []rune(w)
			slices.Reverse(r)
			b, ok = boxes[string(r)]
		}
		if !ok {
			t.Errorf("pdftotext places no word %q on page 1", w)
			continue
		}
		if ink := darkShare(img, image.Rect(b.Min.X*2, b.Min.Y*2, b.Max.X*2, b.Max.Y*2)); ink < 0.04 || ink > 0.6 {
			t.Errorf("word %q at %v has %.0f%% ink: not a printed word", w, b, 100*ink)
		}
	}
}

// wordBoxes are the first page's words and their boxes in points.
func wordBoxes(t *testing.T, pdf string) map[string]image.Rectangle {
	t.Helper()
	html := poppler(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-")
	out := map[string]image.Rectangle{}
	for _, line := range strings.Split(html, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "<word ") {
			continue
		}
		var x0, y0, x1, y1 float64
		attrs := line[:strings.Index(line, ">")]
		for _, a := range strings.Fields(attrs)[1:] {
			k, v, _ := strings.Cut(a, "=")
			n, _ := strconv.ParseFloat(strings.Trim(v, `"`), 64)
			switch k {
			case "xMin":
				x0 = n
			case "yMin":
				y0 = n
			case "xMax":
				x1 = n
			case "yMax":
				y1 = n
			}
		}
		word := line[strings.Index(line, ">")+1 : strings.LastIndex(line, "</word>")]
		word = strings.TrimRight(word, ",.;:")
		if _, seen := out[word]; !seen {
			out[word] = image.Rect(int(x0), int(y0), int(x1+0.99), int(y1+0.99))
		}
	}
	return out
}

// darkShare is the share of a rectangle's pixels that are darker than mid-grey.
func darkShare(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c, _, _, _ := img.At(x, y).RGBA()
			if c < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(r.Dx()*r.Dy())
}

// withoutBidiMarks drops the embedding marks pdftotext puts around right-to-left text.
func withoutBidiMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return -1
		}
		return r
	}, s)
}
