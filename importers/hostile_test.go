package importers

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

// refused imports path into a register holding the trust list and returns everything the
// refusal said; it fails the test if the import was accepted or the register changed.
func refused(t *testing.T, path string, limits Limits) string {
	t.Helper()
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep, err := importWithin(t, reg, path, false, limits)
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("%s was not refused: %v", filepath.Base(path), err)
	}
	if d := load(t, reg); len(d.Associates) != 0 {
		t.Fatalf("a refused file wrote %d associates", len(d.Associates))
	}
	msg := err.Error()
	for _, f := range rep.Errors {
		msg += "\n" + f.String()
	}
	return msg
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	valid, err := os.ReadFile(writeXLSX(t, messyRoster()))
	if err != nil {
		t.Fatal(err)
	}
	long := withCell("Associates", 4, 1, strings.Repeat("Ab", 60_000))
	small := DefaultLimits
	small.UnzipBytes, small.UnzipXMLBytes = 4<<20, 4<<20
	tests := []struct {
		name   string
		path   func() string
		says   string
		limits Limits
	}{
		{"zip bomb", func() string { return write("bomb.xlsx", zipBomb(t)) }, "unpacks to more than", small},
		{"truncated workbook", func() string { return write("cut.xlsx", valid[:len(valid)/2]) }, "not an .xlsx workbook", DefaultLimits},
		{"workbook that is a zip of something else", func() string { return write("other.xlsx", zipOf(t, "readme.txt", "hello")) }, "not an .xlsx workbook", DefaultLimits},
		{"malformed CSV", func() string { return write("bad.csv", []byte("\"RR8,\"LEEDS\n\"")) }, "not readable as CSV", DefaultLimits},
		{"very long name", func() string { return writeXLSX(t, long) }, "longer than the 200 allowed", DefaultLimits},
		{"text in a number column", func() string { return writeXLSX(t, withCell("Associates", 4, 7, "thirty")) }, "not a whole number", DefaultLimits},
		{"a yes/no in a date column", func() string { return writeXLSX(t, withCell("Requests", 1, 6, "Yes")) }, "not a date", DefaultLimits},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if msg := refused(t, tc.path(), tc.limits); !strings.Contains(msg, tc.says) {
				t.Errorf("refused, but saying %q, not %q", msg, tc.says)
			}
		})
	}
}

func TestSheetOverTheRowLimit(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rows := messyRoster()
	for i := range 60 {
		rows["Unavailability"] = append(rows["Unavailability"], []any{"00123", "01/03/2027", "02/03/2027", strings.Repeat("x", i)})
	}
	path := writeXLSX(t, rows)
	limits := DefaultLimits
	limits.Rows = 50
	rep, err := importWithin(t, reg, path, false, limits)
	if model.ErrorCode(err) != model.EINVALID || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].String(), "more than") {
		t.Fatalf("%v: %v", err, rep.Errors)
	}
	if d := load(t, reg); len(d.Associates) != 0 {
		t.Error("a refused file was written")
	}
}

// zipBomb is a workbook whose one sheet unpacks to far more than the limit the test sets.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Associates" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	} {
		w, _ := z.Create(name)
		w.Write([]byte(body))
	}
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for range 64 { // 64 MB of spaces packs into well under one
		w.Write(pad)
	}
	w.Write([]byte(`</sheetData></worksheet>`))
	z.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes packed", b.Len())
	}
	return b.Bytes()
}

func zipOf(t *testing.T, name, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create(name)
	w.Write([]byte(body))
	z.Close()
	return b.Bytes()
}
