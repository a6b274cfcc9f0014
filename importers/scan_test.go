package importers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// associatesSheet is an Associates sheet: a header row, then rows of raw <c> cells.
func associatesSheet(rows ...string) string {
	var b strings.Builder
	b.WriteString(sheetXMLHead("worksheet") + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Staff ID</t></is></c>` +
		`<c r="B1" t="inlineStr"><is><t>Name</t></is></c><c r="C1" t="inlineStr"><is><t>Home Organisation</t></is></c></row>`)
	for i, cells := range rows {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, i+2, cells)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// person is the cells of one good Associates row, numbered n.
func person(n int) string {
	return fmt.Sprintf(`<c r="A%[1]d" t="inlineStr"><is><t>P%[1]d</t></is></c><c r="B%[1]d" t="inlineStr"><is><t>Pat %[1]d</t></is></c>`+
		`<c r="C%[1]d" t="inlineStr"><is><t>RR8</t></is></c>`, n)
}

func styles(body string) string { return sheetXMLHead("styleSheet") + body + "</styleSheet>" }

func sharedStrings(entries ...string) string {
	return sheetXMLHead("sst") + "<si>" + strings.Join(entries, "</si><si>") + "</si></sst>"
}

// TestWorkbooksAreMeasuredBeforeReading gives the measuring of a workbook (scanWorkbook)
// files just past each of its limits, lowered: each is refused with the limit named and,
// for a sheet, the place.
func TestWorkbooksAreMeasuredBeforeReading(t *testing.T) {
	low := DefaultLimits
	low.Columns, low.Cells, low.SharedStrings, low.Elements, low.Depth = 4, 10, 3, 400, 12
	manyFormulas := make([]string, maxUnsavedFormulas+1)
	for i := range manyFormulas {
		manyFormulas[i] = fmt.Sprintf(`<c r="D%d"><f>1+1</f></c>`, i+2)
	}
	tests := []struct {
		name   string
		parts  map[string]string
		says   string  // the refusal as the report words it
		limits *Limits // nil for low
	}{
		{"a value past the columns a roster sheet may use", map[string]string{
			"xl/worksheets/sheet1.xml": associatesSheet(person(2) + `<c r="E2"><v>7</v></c>`)},
			"Associates row 2, column E: a value this far right, but a roster sheet has at most 4 columns (A to D)", nil},
		{"a value past the columns, with no cell references", map[string]string{
			"xl/worksheets/sheet1.xml": associatesSheet(`<c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c><c><v>5</v></c>`)},
			"Associates row 2, column E: a value this far right", nil},
		{"more cells than the roster sheets may hold", map[string]string{
			"xl/worksheets/sheet1.xml": associatesSheet(person(2), person(3), person(4))},
			"Associates row 4, column B: the roster sheets reach more than 10 cells", nil},
		{"more shared strings than allowed", map[string]string{
			"xl/sharedStrings.xml": sharedStrings("<t>Staff ID</t>", "<t>a</t>", "<t>b</t>", "<t>c</t>")},
			"the workbook's shared strings hold more than 3 entries", nil},
		{"shared strings of many rich-text runs", map[string]string{
			"xl/sharedStrings.xml": sharedStrings("<t>Staff ID</t>", strings.Repeat("<r><t>x</t></r>", 4))},
			"part xl/sharedStrings.xml holds more than 7 XML elements", nil},
		{"styles of more elements than allowed", map[string]string{
			"xl/styles.xml": styles(`<cellXfs>` + strings.Repeat(`<xf numFmtId="0"/>`, 500) + `</cellXfs>`)},
			"holds more than 400 XML elements", nil},
		{"styles nested deeper than allowed", map[string]string{
			"xl/styles.xml": styles(strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20))},
			"part xl/styles.xml: XML elements nest more than 12 deep", nil},
		{"a cell of more parts than any program writes", map[string]string{
			"xl/worksheets/sheet1.xml": associatesSheet(`<c r="A2" t="inlineStr"><is>` + strings.Repeat("<r><t>x</t></r>", maxCellParts) + `</is></c>`)},
			"Associates row 2, column A: the cell holds more than 1,000 parts", nil},
		{"more formulas with no saved value than are listed", map[string]string{
			"xl/worksheets/sheet1.xml": associatesSheet(strings.Join(manyFormulas, "</row><row>"))},
			"more than 10,000 formulas have no saved value", &DefaultLimits},
		{"a roster sheet the workbook names by a roundabout path", map[string]string{
			"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Target="/xl/styles/../worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>` +
				`<Relationship Id="rId4" Target="/xl/sharedStrings.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>`,
			"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
				`<sheets><sheet name=" ASSOCIATES " sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml": associatesSheet(person(2) + `<c r="XFD2"><v>1</v></c>`)},
			" ASSOCIATES  row 2, column XFD: a value this far right", nil},
		{"a roster sheet sharing its relationship with another sheet", map[string]string{
			"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
				`<sheets><sheet name="Associates" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml": associatesSheet(person(2) + `<c r="XFD2"><v>1</v></c>`)},
			"Associates row 2, column XFD: a value this far right", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			limits := low
			if tc.limits != nil {
				limits = *tc.limits
			}
			if msg := refused(t, writeFile(t, "measured.xlsx", withParts(t, tc.parts)), limits); !strings.Contains(msg, tc.says) {
				t.Errorf("refused, saying %q, not %q", msg, tc.says)
			}
		})
	}
}

// TestMeasuringRefusesNoRealWorkbook: what real workbooks hold, however far right or
// large, is not refused by the measuring when the reader would never build it: a formatted
// empty cell in column XFD, a wide sheet that is not a roster sheet, formulas with their
// saved values.
func TestMeasuringRefusesNoRealWorkbook(t *testing.T) {
	wide := messyRoster()
	wide["Notes"] = [][]any{make([]any, 16_384)}
	wide["Notes"][0][16_383] = "a note in column XFD"
	tests := []struct {
		name string
		path func() string
	}{
		{"a formatted empty cell in column XFD", func() string {
			return writeFile(t, "styled.xlsx", withParts(t, map[string]string{
				"xl/worksheets/sheet1.xml": associatesSheet(person(2)+`<c r="XFD2" s="0"/>`, person(3)+`<c r="XFD3" s="0"></c>`)}))
		}},
		{"a value in column XFD of a sheet that is not a roster sheet", func() string { return writeXLSX(t, wide) }},
		{"formulas with saved values, one shared", func() string {
			return writeFile(t, "saved.xlsx", withParts(t, map[string]string{
				"xl/worksheets/sheet1.xml": associatesSheet(
					`<c r="A2" t="str"><f t="shared" ref="A2:A3" si="0">"P"&amp;ROW()</f><v>P2</v></c><c r="B2" t="inlineStr"><is><t>Pat</t></is></c><c r="C2" t="inlineStr"><is><t>RR8</t></is></c>`,
					`<c r="A3" t="str"><f t="shared" si="0"/><v>P3</v></c><c r="B3" t="inlineStr"><is><t>Sam</t></is></c><c r="C3" t="inlineStr"><is><t>RR8</t></is></c>`)}))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newRegister(t)
			mustImport(t, reg, etrPath)
			mustImport(t, reg, tc.path())
		})
	}
}

// TestFormulasWithNoSavedValueAreNamed: a formula cell with no saved value is an error at
// its cell, naming the formula; a cell sharing an earlier cell's formula names that one.
func TestFormulasWithNoSavedValueAreNamed(t *testing.T) {
	path := writeFile(t, "unsaved.xlsx", withParts(t, map[string]string{
		"xl/worksheets/sheet1.xml": associatesSheet(
			`<c r="A2" t="inlineStr"><is><t>P2</t></is></c><c r="B2"><f t="shared" ref="B2:B3" si="4">UPPER(D2)</f></c><c r="C2" t="inlineStr"><is><t>RR8</t></is></c>`,
			`<c r="A3" t="inlineStr"><is><t>P3</t></is></c><c r="B3"><f t="shared" si="4"/></c><c r="C3" t="inlineStr"><is><t>RR8</t></is></c>`)}))
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	rep, err := importFile(t, reg, path, true)
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("imported: %v", err)
	}
	var got []string
	for _, f := range rep.Errors {
		got = append(got, f.String())
	}
	for _, want := range []string{
		"Associates row 2, Name: the formula =UPPER(D2) has no saved value",
		"Associates row 3, Name: the formula =UPPER(D2) (shared from cell B2) has no saved value",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("no error %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// sheetXMLHead opens a part whose root element is root, in the spreadsheet namespace.
func sheetXMLHead(root string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><` + root + ` xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
}

// withParts is a workbook excelize made with one sheet, Associates, holding "Staff ID" in
// A1 (so it has a shared-strings part), with parts replaced.
func withParts(t *testing.T, replaced map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Associates")
	f.SetCellValue("Associates", "A1", "Staff ID")
	base, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range zr.File {
		w, err := z.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if body, ok := replaced[e.Name]; ok {
			w.Write([]byte(body))
			continue
		}
		r, _ := e.Open()
		io.Copy(w, r)
		r.Close()
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
