package logfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNothingIsCreatedUntilALineIsWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "register folder")
	l := New(dir)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("a run that logged nothing made %s: %v", dir, err)
	}
}

func TestTheLogIsPrivateAndRotates(t *testing.T) {
	dir := t.TempDir()
	l := New(dir)
	defer l.Close()
	line := strings.Repeat("x", 1000) + "\n"
	for range (Keep + 2) * MaxBytes / len(line) {
		if _, err := l.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, Name+"*"))
	if len(files) != Keep+1 {
		t.Errorf("%d files, want the log and %d old ones: %v", len(files), Keep, files)
	}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > MaxBytes {
			t.Errorf("%s has %d bytes, more than %d", f, info.Size(), MaxBytes)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", f, info.Mode().Perm())
		}
	}
}
