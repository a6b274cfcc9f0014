package letters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

// TestForcedLettersCheckEveryTargetFirst: with --force, a target that is not an ordinary
// file (a folder named like a letter, a database) was found only when its letter was
// moved into place, after the letters before it had replaced what was there; and the
// message said something had gone wrong inside. Every target is checked before anything
// is moved: the refusal names it, and every letter already there is as it was.
func TestForcedLettersCheckEveryTargetFirst(t *testing.T) {
	d := register()
	opt := Options{Issued: issued, Statuses: DefaultStatuses, Force: true}
	ls, err := choose(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	names := fileNames(ls)
	last := names[len(names)-1] // moved into place last: before it, every other letter
	tests := []struct {
		name     string
		obstacle func(t *testing.T, path string)
		says     string
	}{
		{"a folder named like the last letter", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(path, "keep"), []byte("mine"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "is a folder, not a file, so no letters were written: move it away, or write the letters to another folder"},
		{"a database named like the last letter", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("SQLite format 3\x00and the rest of a register"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "is a register (or another program's database), so no letters were written"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range names[:len(names)-1] {
				if err := os.WriteFile(filepath.Join(dir, n), []byte("last week's letter"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			tc.obstacle(t, filepath.Join(dir, last))
			opt.Dir = dir
			_, err := WriteAll(d, opt)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), filepath.Join(dir, last)+" "+tc.says) {
				t.Fatalf("forced over %s: %v", tc.name, err)
			}
			for _, n := range names[:len(names)-1] {
				if got, _ := os.ReadFile(filepath.Join(dir, n)); string(got) != "last week's letter" {
					t.Errorf("%s was replaced", n)
				}
			}
		})
	}
}
