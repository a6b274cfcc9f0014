package importers

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// exports writes every kind of workbook the app exports, from a register holding the
// messy roster and its audit trail, and returns their paths by kind.
func exports(t *testing.T) map[string]string {
	t.Helper()
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeXLSX(t, messyRoster()))
	d := load(t, reg)
	d.Associates[0].Phone = "+44 113 243 3144" // text a spreadsheet would take for a formula
	dir := t.TempDir()
	paths := map[string]string{}
	for kind, export := range map[string]func(string) error{
		"roster":   func(p string) error { return ExportRoster(d, p) },
		"template": func(p string) error { return ExportTemplate(d, p) },
		"plan": func(p string) error {
			short := []model.Shortfall{{RequestRef: "REQ-2027-014", Role: "Cutover lead", Priority: 1, Seats: 1,
				Reasons: strings.Repeat("412 associates: 380 lack the skills; 20 are on leave; ", 6)}}
			return ExportPlan(d, d.Assignments, short, p)
		},
		"audit": func(p string) error {
			entries, err := reg.Audit(t.Context(), 0)
			if err != nil {
				return err
			}
			return ExportAudit(entries, p)
		},
	} {
		paths[kind] = filepath.Join(dir, kind+".xlsx")
		if err := export(paths[kind]); err != nil {
			t.Fatalf("export %s: %v", kind, err)
		}
	}
	return paths
}

// xlsxParts returns every part of a workbook's zip by name.
func xlsxParts(t *testing.T, path string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// sheetXML returns each worksheet's XML by sheet name, found as any reader finds it:
// through the workbook and its relationships.
func sheetXML(t *testing.T, path string) map[string]string {
	t.Helper()
	parts := xlsxParts(t, path)
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal([]byte(parts["xl/workbook.xml"]), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal([]byte(parts["xl/_rels/workbook.xml.rels"]), &rels); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				out[s.Name] = parts["xl/"+strings.TrimPrefix(r.Target, "/xl/")]
			}
		}
	}
	return out
}

// worksheet is what the tests read of a sheet's XML.
type worksheet struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	SheetPr struct {
		PageSetUpPr struct {
			FitToPage bool `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Pane struct {
		State  string `xml:"state,attr"`
		YSplit string `xml:"ySplit,attr"`
	} `xml:"sheetViews>sheetView>pane"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Max   int     `xml:"max,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Cells []struct {
		Ref   string `xml:"r,attr"`
		Style int    `xml:"s,attr"`
		Type  string `xml:"t,attr"`
		Value string `xml:"v"`
		Text  string `xml:"is>t"`
	} `xml:"sheetData>row>c"`
	AutoFilter struct {
		Ref string `xml:"ref,attr"`
	} `xml:"autoFilter"`
	PageSetup struct {
		Orientation string `xml:"orientation,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
		FitToHeight string `xml:"fitToHeight,attr"`
	} `xml:"pageSetup"`
	Validations []struct {
		Type      string `xml:"type,attr"`
		ShowError string `xml:"showErrorMessage,attr"`
		Sqref     string `xml:"sqref,attr"`
		Formula   string `xml:"formula1"`
	} `xml:"dataValidations>dataValidation"`
}

func parseSheet(t *testing.T, s string) worksheet {
	t.Helper()
	var ws worksheet
	if err := xml.Unmarshal([]byte(s), &ws); err != nil {
		t.Fatal(err)
	}
	return ws
}

// width is column n's width (counting from 1), 0 when not set.
func (ws worksheet) width(n int) float64 {
	for _, c := range ws.Cols {
		if c.Min <= n && n <= c.Max {
			return c.Width
		}
	}
	return 0
}

// usedRange is the range a sheet's cells really cover.
func (ws worksheet) usedRange(t *testing.T) string {
	t.Helper()
	maxCol, maxRow := 1, 1
	for _, c := range ws.Cells {
		col, row, err := excelize.CellNameToCoordinates(c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		maxCol, maxRow = max(maxCol, col), max(maxRow, row)
	}
	last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	return "A1:" + last
}

// TestExportsDeclareTheirUsedRange reads each export as a reader that trusts the declared
// range does (openpyxl's read-only mode, Power BI): it must see every cell.
func TestExportsDeclareTheirUsedRange(t *testing.T) {
	for kind, path := range exports(t) {
		for name, s := range sheetXML(t, path) {
			t.Run(kind+"/"+name, func(t *testing.T) {
				ws := parseSheet(t, s)
				if got, want := ws.Dimension.Ref, ws.usedRange(t); got != want {
					t.Errorf("declares %s, holds %s", got, want)
				}
			})
		}
	}
}

// TestExportsPrintAndFilter: every data sheet has its header frozen and filtered, printed
// landscape one page wide with the header on each page, columns as wide as their headers,
// a named sans font, and wrapped reasons on the plan's Unfilled sheet.
func TestExportsPrintAndFilter(t *testing.T) {
	paths := exports(t)
	for kind, path := range paths {
		parts := xlsxParts(t, path)
		if !strings.Contains(parts["xl/styles.xml"], `<name val="Arial"`) || strings.Contains(parts["xl/styles.xml"], `<name val="Calibri"`) {
			t.Errorf("%s: the fonts are not all Arial", kind)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range sheetXML(t, path) {
			if name == sheetGuide {
				continue
			}
			ws := parseSheet(t, s)
			if ws.Pane.State != "frozen" || ws.Pane.YSplit != "1" || !strings.HasPrefix(strings.ReplaceAll(ws.AutoFilter.Ref, "$", ""), "A1:") ||
				ws.PageSetup.Orientation != "landscape" || ws.PageSetup.FitToWidth != "1" || ws.PageSetup.FitToHeight != "0" ||
				!ws.SheetPr.PageSetUpPr.FitToPage {
				t.Errorf("%s %s: pane %+v, filter %q, page %+v, fit %v", kind, name, ws.Pane, ws.AutoFilter.Ref, ws.PageSetup, ws.SheetPr)
			}
			found := false
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" && dn.Scope == name && strings.HasSuffix(dn.RefersTo, "!$1:$1") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s: the header row is not repeated on printed pages", kind, name)
			}
			headers, _ := f.GetRows(name)
			for i, h := range headers[0] {
				if ws.width(i+1) < float64(len([]rune(h))) {
					t.Errorf("%s %s: column %q is narrower than its header", kind, name, h)
				}
			}
		}
		f.Close()
	}
	f, _ := excelize.OpenFile(paths["plan"])
	defer f.Close()
	style, _ := f.GetCellStyle("Unfilled", "E2")
	if a := f.Styles.CellXfs.Xf[style].Alignment; a == nil || !a.WrapText {
		t.Errorf("the plan's Reasons are not wrapped")
	}
}

// TestExportsWriteDatesAsDates: every date column, the audit's time of change included,
// holds date cells (numbers with a date format), never text.
func TestExportsWriteDatesAsDates(t *testing.T) {
	paths := exports(t)
	tests := []struct{ kind, sheet, cell, format string }{
		{"roster", "Requests", "G2", "dd/mm/yyyy"},
		{"roster", "Unavailability", "B2", "dd/mm/yyyy"},
		{"plan", "Assignments", "D2", "dd/mm/yyyy"},
		{"audit", "Audit", "A2", "dd/mm/yyyy hh:mm:ss"},
	}
	for _, tc := range tests {
		t.Run(tc.kind+"/"+tc.sheet, func(t *testing.T) {
			f, err := excelize.OpenFile(paths[tc.kind])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			typ, _ := f.GetCellType(tc.sheet, tc.cell)
			raw, _ := f.GetCellValue(tc.sheet, tc.cell, excelize.Options{RawCellValue: true})
			style, _ := f.GetCellStyle(tc.sheet, tc.cell)
			fmtID := f.Styles.CellXfs.Xf[style].NumFmtID
			code := ""
			for _, nf := range f.Styles.NumFmts.NumFmt {
				if nf.NumFmtID == *fmtID {
					code = nf.FormatCode
				}
			}
			if _, err := cellDate(raw); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || err != nil || code != tc.format {
				t.Errorf("%s is %q (type %v, format %q), want a date cell formatted %s", tc.cell, raw, typ, code, tc.format)
			}
		})
	}
}
