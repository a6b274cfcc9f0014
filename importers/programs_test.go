package importers

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Programs HR and analysts open the workbooks with, as `make test` installs them: each
// saves a workbook as .xlsx again.
var programs = map[string]func(t *testing.T, in []string, outDir string){
	"LibreOffice": func(t *testing.T, in []string, outDir string) {
		profile := "file://" + filepath.ToSlash(t.TempDir()) // its own, so runs never share one
		args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "xlsx", "--outdir", outDir}, in...)
		run(t, "soffice (libreoffice-calc-nogui)", "soffice", args...)
	},
	"Gnumeric": func(t *testing.T, in []string, outDir string) {
		for _, p := range in {
			run(t, "ssconvert (gnumeric)", "ssconvert", p, filepath.Join(outDir, filepath.Base(p)))
		}
	},
}

func run(t *testing.T, what, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir()) // neither may write to the user's settings
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, out)
	}
}

// TestOtherProgramsOpenEveryExport has LibreOffice and Gnumeric open and save every export
// and a filled-in template: each must convert without error; the roster and the filled
// template must import again unchanged; the template's drop-downs must keep refusing
// wrong entries.
func TestOtherProgramsOpenEveryExport(t *testing.T) {
	reg := newRegister(t)
	mustImport(t, reg, etrPath)
	mustImport(t, reg, writeXLSX(t, messyRoster()))
	paths := exports(t)
	d := load(t, reg)
	roster := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := ExportRoster(d, roster); err != nil {
		t.Fatal(err)
	}
	paths["roster"] = roster
	paths["filled"] = filledTemplate(t, paths["template"])
	mustImport(t, reg, paths["filled"])
	var in []string
	for _, p := range paths {
		in = append(in, p)
	}
	for name, convert := range programs {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			convert(t, in, out)
			for kind, p := range paths {
				if _, err := os.Stat(filepath.Join(out, filepath.Base(p))); err != nil {
					t.Errorf("%s: the %s export was not saved: %v", name, kind, err)
				}
			}
			for _, kind := range []string{"roster", "filled"} {
				rep := mustImport(t, reg, filepath.Join(out, filepath.Base(paths[kind])))
				for _, c := range rep.Counts {
					if c.Added+c.Updated != 0 {
						t.Errorf("the %s saved by %s imports with changes: %+v", kind, name, rep.Counts)
					}
				}
				if rep.Written || len(rep.Warnings) > 0 {
					t.Errorf("the %s saved by %s: written %v, warnings %v", kind, name, rep.Written, rep.Warnings)
				}
			}
			lists := 0
			for sheet, s := range sheetXML(t, filepath.Join(out, filepath.Base(paths["template"]))) {
				for _, dv := range parseSheet(t, s).Validations {
					if dv.Type == "list" && (dv.ShowError == "1" || dv.ShowError == "true") {
						lists++
					} else {
						t.Errorf("%s: %s %s lost its refusal: %+v", name, sheet, dv.Sqref, dv)
					}
				}
			}
			if lists != 12 {
				t.Errorf("%s kept %d of the template's 12 drop-down lists", name, lists)
			}
		})
	}
}

// filledTemplate fills a copy of the template as HR would: a Staff ID with leading zeros
// typed as text, a date as text, choices from the drop-downs.
func filledTemplate(t *testing.T, template string) string {
	t.Helper()
	f, err := excelize.OpenFile(template)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string][]any{
		sheetAssociates: {"00777", "Zoë Pryce-O'Connor", "zoe.pryce-oconnor@nhs.net", "07700 900123", "RR8", "8A", "Data migration:3",
			"Epic", "DBS:31/03/2028", 30, nil, "No", "Yes"},
		sheetRequests:    {"REQ-2027-099", "RJ1", "Cutover rehearsal", "Pre-deployment", 2, "Epic", "01/03/2027", "31/03/2027", "Remote", "Open"},
		sheetRoles:       {"REQ-2027-099", "Data migration lead", 1, "Data migration:3", "DBS"},
		sheetAssignments: {"REQ-2027-099", "Data migration lead", "00777", nil, nil, "Proposed"},
	}
	for sheet, cells := range rows {
		for i, v := range cells {
			if v == nil {
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(i+1, 2)
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sheet, axis, s)
			} else {
				err = f.SetCellValue(sheet, axis, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}
