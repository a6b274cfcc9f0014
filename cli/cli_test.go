package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
	"associateplanner/sqlite"
)

// run runs the CLI in-process and returns its exit status and output.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	g, rest, err := ParseGlobal(append([]string{"--db", db}, args...))
	if err != nil {
		t.Fatal(err)
	}
	env := Env{Stdout: &out, Stderr: &errOut, Version: "9.9.9 (commit test)",
		Clock: func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }}
	code := Run(context.Background(), g, rest, env)
	return code, out.String(), errOut.String()
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	tests := []struct {
		name      string
		args      []string
		code      int
		out, errs string // text each must contain
	}{
		{"version", []string{"version"}, ExitOK, "associate-planner 9.9.9", ""},
		{"demo fills an empty register", []string{"demo"}, ExitOK, "320 associates", ""},
		{"demo refuses a full register", []string{"demo"}, ExitRefused, "", "already holds data"},
		{"export roster", []string{"export", "roster", filepath.Join(dir, "r.xlsx")}, ExitOK, "written", ""},
		{"dry run of the export changes nothing", []string{"import", filepath.Join(dir, "r.xlsx"), "--dry-run"}, ExitOK, "320 unchanged", ""},
		{"export template", []string{"export", "template", filepath.Join(dir, "t.xlsx")}, ExitOK, "written", ""},
		{"export audit", []string{"export", "audit", filepath.Join(dir, "a.xlsx")}, ExitOK, "audit entries", ""},
		{"export of an unknown kind", []string{"export", "payroll", filepath.Join(dir, "p.xlsx")}, ExitUsage, "", "export roster, plan, template or audit"},
		{"export to a missing folder", []string{"export", "roster", filepath.Join(dir, "no", "r.xlsx")}, ExitRefused, "", "cannot write"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "", "unknown command"},
		{"unknown flag", []string{"import", "x.xlsx", "--force"}, ExitUsage, "", "does not take --force"},
		{"missing argument", []string{"import"}, ExitUsage, "", "takes 1 argument"},
		{"import of a missing file", []string{"import", filepath.Join(dir, "none.xlsx")}, ExitRefused, "", "none.xlsx: cannot open"},
		{"no command prints help", []string{"--help"}, ExitOK, "open the desktop app", ""},
		{"subject access", []string{"subject-access", "20417000", filepath.Join(dir, "sar.json")}, ExitOK, "written to", ""},
		{"subject access for nobody", []string{"subject-access", "nobody", filepath.Join(dir, "x.json")}, ExitRefused, "", "no associate"},
		{"erase", []string{"erase", "20417000"}, ExitOK, "erased", ""},
		{"erase again", []string{"erase", "20417000"}, ExitRefused, "", "no associate"},
		{"backup", []string{"backup", filepath.Join(dir, "b.db")}, ExitOK, "backed up", ""},
		{"backup over an existing file", []string{"backup", filepath.Join(dir, "b.db")}, ExitRefused, "", "cannot write backup"},
		{"restore from that backup", []string{"restore", filepath.Join(dir, "b.db")}, ExitOK, "restored", ""},
		{"restore from a workbook", []string{"restore", filepath.Join(dir, "r.xlsx")}, ExitRefused, "", "not an Associate Planner register"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, db, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.errs) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
		})
	}
}

func TestRefusedImportListsEveryErrorAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	run(t, src, "demo")
	roster := filepath.Join(dir, "r.xlsx")
	run(t, src, "export", "roster", roster)
	// Without its Organisations sheet, into an empty register, every row naming an
	// organisation fails.
	f, err := excelize.OpenFile(roster)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet("Organisations"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	empty := filepath.Join(dir, "empty.db")
	code, out, errs := run(t, empty, "import", roster)
	if code != ExitRefused || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	// Every error is listed (workbook.md), with its sheet, row and column.
	if n := strings.Count(errs, "r.xlsx: Associates row "); n != 320 || strings.Contains(errs, "not listed") {
		t.Errorf("%d associate rows reported, want all 320:\n%.500s", n, errs)
	}
	reg, err := sqlite.Open(context.Background(), empty, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if e, _ := reg.IsEmpty(context.Background()); !e {
		t.Error("a refused import wrote to the register")
	}
}

func TestParseGlobal(t *testing.T) {
	t.Setenv("ASSOCIATE_PLANNER_DB", "/tmp/from-env.db")
	g, rest, err := ParseGlobal([]string{"import", "x.xlsx"})
	if err != nil || g.DB != "/tmp/from-env.db" || len(rest) != 2 {
		t.Fatalf("%+v %v %v", g, rest, err)
	}
	g, _, _ = ParseGlobal([]string{"--db=/a b/ü.db", "version"})
	if g.DB != "/a b/ü.db" {
		t.Fatalf("--db= gave %q", g.DB)
	}
	if _, _, err := ParseGlobal([]string{"--db"}); err == nil {
		t.Fatal("--db with no path accepted")
	}
}

// A Staff ID that starts with "--" can still be named, after "--".
func TestStaffIDThatLooksLikeAnOption(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	reg, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = reg.Apply(context.Background(), &model.Changeset{
		Organisations: []model.Organisation{{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust"}},
		Associates:    []model.Associate{{StaffID: "--odd-id", Name: "Dara Quinn", HomeOrg: "RR8", MaxDays: 30, Active: true}},
	})
	reg.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, db, "erase", "--odd-id"); code != ExitUsage || !strings.Contains(errs, "does not take --odd-id") {
		t.Fatalf("without --: exit %d %s", code, errs)
	}
	sar := filepath.Join(dir, "sar.json")
	if code, _, errs := run(t, db, "subject-access", "--", "--odd-id", sar); code != ExitOK {
		t.Fatalf("subject access after --: exit %d %s", code, errs)
	}
	if code, out, errs := run(t, db, "erase", "--", "--odd-id"); code != ExitOK || !strings.Contains(out, "erased") {
		t.Fatalf("erase after --: exit %d %s", code, errs)
	}
}

// A register too damaged to open can still be restored from the command line: restore does
// not open it first.
func TestRestoreOverADamagedRegister(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	run(t, db, "demo")
	copyPath := filepath.Join(dir, "copy.db")
	if code, _, errs := run(t, db, "backup", copyPath); code != ExitOK {
		t.Fatal(errs)
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 3; i < len(data)/3+8192 && i < len(data); i++ {
		data[i] = byte(i * 7) // noise over the pages in the middle, as a failing disk might leave
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := run(t, db, "plan"); code != ExitRefused {
		t.Fatalf("the damaged register was used: exit %d", code)
	}
	if code, out, errs := run(t, db, "restore", copyPath); code != ExitOK || !strings.Contains(out, "restored") {
		t.Fatalf("restoring over the damaged register: exit %d: %s", code, errs)
	}
	if code, out, errs := run(t, db, "plan"); code != ExitOK || !strings.Contains(out, "Coverage") {
		t.Fatalf("after the restore: exit %d: %s", code, errs)
	}
}
