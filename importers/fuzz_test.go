package importers

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"associateplanner/model"
)

// FuzzReadWorkbook feeds the roster reader arbitrary bytes as an .xlsx file: it may refuse
// them, but never panic or hang.
func FuzzReadWorkbook(f *testing.F) {
	dir := f.TempDir()
	for _, rows := range []sheetRows{messyRoster(), {"Associates": {{"Staff ID", "Name"}, {"1", "=1+1"}}}} {
		raw, err := os.ReadFile(writeXLSX(f, rows))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("PK\x03\x04not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		rep := &Report{File: "fuzz.xlsx"}
		Read(path, &model.Data{Settings: model.DefaultSettings()}, rep, nil) //nolint:errcheck // refusing is fine
	})
}

// FuzzReadODS feeds the trust-list reader arbitrary CSV.
func FuzzReadODS(f *testing.F) {
	raw, err := os.ReadFile(etrPath)
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(raw, []byte("\n"))
	f.Add(bytes.Join(lines[:3], nil))
	f.Add([]byte(`"RR8","LEEDS","Y63","Q","","","","","","LS9","19980401","2024","","","","","","","","","","0","","D","","",""`))
	f.Add([]byte("\"unterminated,quote\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		orgs, rep := ParseODS(bytes.NewReader(data), "fuzz.csv")
		if len(rep.Errors) == 0 {
			for _, o := range orgs {
				if p := o.Validate(); p != nil {
					t.Fatalf("accepted an invalid organisation %+v: %v", o, p)
				}
			}
		}
	})
}

// FuzzReadCSV feeds the CSV reader (a roster table, or else the trust list) arbitrary
// bytes: it may refuse them, but never panic, and never accept an invalid associate.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(bom + associatesCSV))
	f.Add([]byte("Staff ID,From,To\n00123,01/02/2027,05/02/2027\n"))
	f.Add([]byte("\"RR8\",\"LEEDS\""))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cur := &model.Data{Settings: model.DefaultSettings(), Organisations: []model.Organisation{{Code: "RR8", Name: "Leeds"}}}
		rep := &Report{File: "fuzz.csv"}
		changes, err := Read(path, cur, rep, nil)
		if err != nil || len(rep.Errors) > 0 {
			return
		}
		for _, a := range changes.Associates {
			if p := a.Validate(); p != nil {
				t.Fatalf("accepted an invalid associate %+v: %v", a, p)
			}
		}
	})
}

// FuzzMeasureXML feeds the scanner that measures a workbook's parts (xmlScan) arbitrary
// bytes: it reads them to the end or stops at the depth limit, and never panics or hangs.
func FuzzMeasureXML(f *testing.F) {
	f.Add([]byte(associatesSheet(person(2) + `<c r="B2"><f t="shared" si="0">A1&amp;"&gt;"</f></c>`)))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "<b>">]><x a='>' b=">"><![CDATA[<c>]]><!-- <d> --><e/></x>`))
	f.Add([]byte(`<a b="unclosed`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &xmlScan{r: bufio.NewReaderSize(bytes.NewReader(data), 16), maxDepth: 8}
		s.keep = true
		for {
			kind, local, err := s.next()
			if err != nil {
				return
			}
			if kind == startTag && s.depth > 8 || len(local) > len(s.tag) {
				t.Fatalf("depth %d, name %q of tag %q", s.depth, local, s.tag)
			}
			s.attrs("r")
		}
	})
}
