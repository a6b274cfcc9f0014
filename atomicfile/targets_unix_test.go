//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"associateplanner/model"
)

// TestWriteReplacesOnlyOrdinaryFiles: every export and subject access writes through
// Write, which replaced whatever the path named: `export audit reg.db` turned the open
// register into a workbook, a subject access replaced a backup, and as root
// `export roster /dev/null` put a file in place of the device. Now a new name or an
// ordinary file (last week's export) is written; a folder, a pipe, a register or a link to
// one is refused in plain words, and left as it was.
func TestWriteReplacesOnlyOrdinaryFiles(t *testing.T) {
	const register = "SQLite format 3\x00the rest of the register"
	tests := []struct {
		name  string
		setUp func(t *testing.T, dir string) string // returns the path to write
		says  string                                // "" when the write must succeed
	}{
		{"a new name", func(t *testing.T, dir string) string { return filepath.Join(dir, "new.xlsx") }, ""},
		{"last week's export", func(t *testing.T, dir string) string {
			return file(t, filepath.Join(dir, "old.xlsx"), "PK last week")
		}, ""},
		{"a link to last week's export", func(t *testing.T, dir string) string {
			return link(t, file(t, filepath.Join(dir, "old.xlsx"), "PK last week"), filepath.Join(dir, "to-old.xlsx"))
		}, ""},
		{"no name", func(t *testing.T, dir string) string { return "" }, "no file name was given: say which file to write"},
		{"a folder", func(t *testing.T, dir string) string {
			file(t, filepath.Join(dir, "exports", "keep"), "mine")
			return filepath.Join(dir, "exports")
		}, "exports is a folder, not a file, so nothing was written: choose another name"},
		{"a pipe", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "pipe")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, "pipe is not an ordinary file (it is a device, a pipe or the like), so nothing was written: choose another name"},
		{"the register", func(t *testing.T, dir string) string {
			return file(t, filepath.Join(dir, "register.db"), register)
		}, "register.db is a register (or another program's database), so nothing was written: choose another name"},
		{"a backup, whatever its name", func(t *testing.T, dir string) string {
			return file(t, filepath.Join(dir, "backups", "register-2026-12-01.xlsx"), register)
		}, "is a register (or another program's database)"},
		{"a link to the register", func(t *testing.T, dir string) string {
			return link(t, file(t, filepath.Join(dir, "register.db"), register), filepath.Join(dir, "out.xlsx"))
		}, "out.xlsx is a register (or another program's database)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.setUp(t, dir)
			before := snapshot(t, dir)
			err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "PK the export"); return err })
			switch {
			case tc.says == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.says == "":
				if got, _ := os.ReadFile(path); string(got) != "PK the export" {
					t.Errorf("%s holds %q", path, got)
				}
			case model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tc.says):
				t.Errorf("Write(%q) = %v, want a refusal saying %q", path, err, tc.says)
			default:
				if after := snapshot(t, dir); after != before {
					t.Errorf("a refused write changed the folder:\nbefore %s\nafter  %s", before, after)
				}
			}
		})
	}
}

// file writes body at path, making its folder, and returns path.
func file(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// link makes a symbolic link at path to target and returns path.
func link(t *testing.T, target, path string) string {
	t.Helper()
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot describes everything under dir: each name, its kind and an ordinary file's content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(path + " " + info.Mode().String())
		if info.Mode().IsRegular() {
			body, _ := os.ReadFile(path)
			b.WriteString(" " + string(body))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
