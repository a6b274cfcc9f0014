package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"associateplanner/atomicfile"
	"associateplanner/demo"
	"associateplanner/model"
)

// TestKilledBackupsLeaveNoPartialFiles kills programs at random moments while they back a
// register of 5,000 associates up to a user's file, and while they make automatic
// backups: nothing partial is ever at the user's path or among the automatic backups, and
// what the killed programs left is swept away by the next program.
func TestKilledBackupsLeaveNoPartialFiles(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c, err := demo.Build(model.NewDate(2026, 11, 21), demo.Size{Associates: 5000, Requests: 150})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	copies := t.TempDir()
	began := time.Now() // how long a whole backup takes, start to end, so the kills land inside one
	if lines, err := start(t, r.path, "backup", filepath.Join(copies, "whole.db")).wait(); err != nil {
		t.Fatal(err, lines)
	}
	whole := time.Since(began)
	rng := rand.New(rand.NewPCG(3, 4))
	const wanted = 8 // kills that land while a backup is being written
	landed, tries := 0, 0
	for ; landed < wanted && tries < 30; tries++ {
		target := filepath.Join(copies, fmt.Sprintf("copy-%02d.db", tries))
		if start(t, r.path, "backup", target).killAfter(time.Duration(float64(whole) * (0.2 + 0.6*rng.Float64()))) {
			landed++
		}
		if _, err := os.Stat(target); err == nil {
			if err := CheckBackup(ctx, target); err != nil {
				t.Errorf("kill %d left a partial backup at the user's path: %v", tries, err)
			}
		}
		if _, err := os.Stat(target + "-journal"); err == nil {
			t.Errorf("kill %d left %s", tries, filepath.Base(target)+"-journal")
		}
	}
	for range 5 {
		start(t, r.path, "autobackups").killAfter(time.Duration(float64(whole) * (1 + 2*rng.Float64())))
	}
	kept, _ := automaticBackups(BackupDir(r.path), filepath.Base(r.path))
	for _, b := range kept {
		if err := CheckBackup(ctx, filepath.Join(BackupDir(r.path), b.name)); err != nil {
			t.Errorf("a partial automatic backup is among those kept: %v", err)
		}
	}
	if lines, err := start(t, r.path, "open").wait(); err != nil { // the next program sweeps
		t.Fatal(err, lines)
	}
	if err := r.Backup(ctx, filepath.Join(copies, "last.db")); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{copies, BackupDir(r.path)} {
		if left := temporaries(t, dir); len(left) > 0 {
			t.Errorf("left in %s: %v", dir, left)
		}
	}
	t.Logf("%d of %d kills landed while the backup was being written (a whole one takes %v); %d automatic backups kept",
		landed, tries, whole.Round(time.Millisecond), len(kept))
	if landed < wanted || len(kept) == 0 {
		t.Errorf("only %d of %d kills landed mid-backup, %d automatic backups made: the test proves little", landed, tries, len(kept))
	}
}

// temporaries lists the temporary files and folders in dir.
func temporaries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), atomicfile.Suffix) || strings.HasSuffix(e.Name(), "-journal") {
			out = append(out, e.Name())
		}
	}
	return out
}
