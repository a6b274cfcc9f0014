package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

// TestRefusalsInPlainWords: what the tester found the command line doing with a wrong
// file name: an .xlsx written under a .csv name with exit 0; "Something went wrong inside"
// for a folder or no name at all; the register, a backup or a device replaced by an
// export. Each is now refused with exit 1, saying what is wrong, and changes nothing.
func TestRefusalsInPlainWords(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "reg.db")
	if code, _, errs := run(t, db, "demo"); code != ExitOK {
		t.Fatal(errs)
	}
	backup := filepath.Join(dir, "good.db")
	if code, _, errs := run(t, db, "backup", backup); code != ExitOK {
		t.Fatal(errs)
	}
	folder := filepath.Join(dir, "exports")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"a roster export named .csv", []string{"export", "roster", filepath.Join(dir, "out.csv")},
			"out.csv: exports are Excel workbooks, so the name must end in .xlsx (such as " + filepath.Join(dir, "out.xlsx") + ")"},
		{"a plan export with no extension", []string{"export", "plan", filepath.Join(dir, "plan")}, "exports are Excel workbooks"},
		{"an export into a folder", []string{"export", "roster", folder}, folder + " is a folder, not a file, so nothing was written"},
		{"an audit export over the register", []string{"export", "audit", db}, db + " is a register (or another program's database), so nothing was written"},
		{"a template over a backup", []string{"export", "template", backup}, "is a register (or another program's database)"},
		{"a subject access over a backup", []string{"subject-access", "20417000", backup}, "is a register (or another program's database)"},
		{"a subject access to no file", []string{"subject-access", "20417000", ""}, "no file name was given: say which file to write"},
		{"a restore from a folder", []string{"restore", folder}, folder + " is a folder, not a backup"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := listing(t, dir)
			code, _, errs := run(t, db, tc.args...)
			if code != ExitRefused || !strings.Contains(errs, tc.says) || strings.Contains(errs, model.InternalMessage) {
				t.Errorf("exit %d (want %d), saying %q, want %q", code, ExitRefused, errs, tc.says)
			}
			if after := listing(t, dir); after != before {
				t.Errorf("the refusal changed the folder:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	if code, out, errs := run(t, db, "plan"); code != ExitOK {
		t.Errorf("the register no longer works: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := run(t, filepath.Join(dir, "from-backup.db"), "restore", backup); code != ExitOK {
		t.Errorf("the backup no longer restores: %s", errs)
	}
}

// listing names every file under dir other than the log, with its size: what a refused
// command must leave as it was.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !strings.HasSuffix(path, ".log") && !strings.Contains(path, "-wal") && !strings.Contains(path, "-shm") {
			b.WriteString(path + " " + info.Mode().String() + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
