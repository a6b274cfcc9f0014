package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"associateplanner/model"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// deadPID is the ID of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		write   func(io.Writer) error
		want    string // the file's content after; "" when there must be no file
		errCode string
	}{
		{"whole file", func(w io.Writer) error { _, err := io.WriteString(w, "all of it"); return err }, "all of it", ""},
		{"failure half way", func(w io.Writer) error {
			io.WriteString(w, "half")
			return errors.New("interrupted")
		}, "", model.EINTERNAL},
		{"disk full", func(w io.Writer) error { return &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC} }, "", model.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.xlsx")
			err := Write(path, tc.write)
			if got := model.ErrorCode(err); err != nil && got != tc.errCode || err == nil && tc.errCode != "" {
				t.Fatalf("error %v (code %s), want code %q", err, got, tc.errCode)
			}
			if tc.name == "disk full" && (err == nil || !strings.Contains(err.Error(), "the disk is full")) {
				t.Errorf("a full disk said %v", err)
			}
			data, readErr := os.ReadFile(path)
			if string(data) != tc.want || (tc.want == "") != os.IsNotExist(readErr) {
				t.Errorf("file holds %q (%v), want %q", data, readErr, tc.want)
			}
			if left := names(t, dir); len(left) > 1 || len(left) == 1 && left[0] != "out.xlsx" {
				t.Errorf("left behind: %v", left)
			}
			if info, err := os.Stat(path); err == nil && info.Mode().Perm() != 0o600 {
				t.Errorf("mode %o, want 600", info.Mode().Perm())
			}
		})
	}
}

// TestSweep leaves in a folder what a killed export and a killed letter batch leave, beside
// the temporary files of a live process and the user's own files: only the dead ones go.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	dead, live := deadPID(t), os.Getpid()
	files := map[string]bool{ // name → swept
		fmt.Sprintf(".roster.xlsx.%d-123%s", dead, Suffix): true,
		fmt.Sprintf(".letters.%d-456%s", dead, Suffix):     true, // a folder, below
		fmt.Sprintf(".roster.xlsx.%d-789%s", live, Suffix): false,
		"roster.xlsx":                               false,
		".hidden-notes":                             false,
		fmt.Sprintf(".x.%d-1.tmp", dead):            false, // not ours
		fmt.Sprintf("visible.%d-1%s", dead, Suffix): false, // not hidden: not ours
	}
	for name := range files {
		path := filepath.Join(dir, name)
		if filepath.Ext(name) == Suffix && strings.Contains(name, "letters") {
			if err := os.MkdirAll(filepath.Join(path, "inner"), 0o700); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if n := Sweep(dir); n != 2 {
		t.Errorf("swept %d, want 2", n)
	}
	left := names(t, dir)
	for name, swept := range files {
		if slices.Contains(left, name) == swept {
			t.Errorf("%s: swept %v, want %v", name, !swept, swept)
		}
	}
}

// TestWriteSweepsItsOwnLeftovers: exporting to a path again removes what a killed export to
// that path left, and nothing else.
func TestWriteSweepsItsOwnLeftovers(t *testing.T) {
	dir := t.TempDir()
	dead := deadPID(t)
	mine := fmt.Sprintf(".plan.xlsx.%d-1%s", dead, Suffix)
	other := fmt.Sprintf(".roster.xlsx.%d-1%s", dead, Suffix)
	for _, name := range []string{mine, other} {
		os.WriteFile(filepath.Join(dir, name), []byte("partial"), 0o600)
	}
	if err := Write(filepath.Join(dir, "plan.xlsx"), func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if left := names(t, dir); !slices.Equal(left, []string{other, "plan.xlsx"}) {
		t.Errorf("left %v", left)
	}
}
