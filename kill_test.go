package main

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// TestKilledMidWrite runs the real CLI on a 10,000-associate import and on `plan --commit`,
// kills it with SIGKILL at random moments until 30 kills have landed while it ran, and
// checks after every kill that the register passes SQLite's integrity check and holds
// either all of the change or none of it.
func TestKilledMidWrite(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	ctx := context.Background()
	roster := filepath.Join(dir, "roster.xlsx")
	c, err := demo.WriteRoster(roster, model.NewDate(2026, 12, 1), demo.Size{Associates: 10_000, Requests: 250})
	if err != nil {
		t.Fatal(err)
	}
	trusts := register(t, filepath.Join(dir, "trusts.db"), &model.Changeset{Organisations: c.Organisations})
	full := register(t, filepath.Join(dir, "full.db"), &model.Changeset{Organisations: c.Organisations,
		Associates: c.Associates, Unavailability: c.Unavailability, Requests: c.Requests, Roles: c.Roles})
	planned := filepath.Join(dir, "planned.db")
	copyFile(t, full, planned)
	if out, err := exec.Command(bin, "--db", planned, "plan", "--commit").CombinedOutput(); err != nil {
		t.Fatalf("plan --commit: %v\n%s", err, out)
	}
	proposals := countRows(t, planned, `SELECT COUNT(*) FROM assignments WHERE status = 'Proposed'`)

	rng := rand.New(rand.NewPCG(1, 2))
	kills, interrupted := 0, 0
	for i := 0; interrupted < 30 && i < 60; i++ {
		work := filepath.Join(dir, "work.db")
		os.Remove(work + "-wal")
		os.Remove(work + "-shm")
		query, whole := `SELECT COUNT(*) FROM associates`, len(c.Associates)
		args := []string{"--db", work, "import", roster}
		copyFile(t, trusts, work)
		if i%2 == 1 {
			copyFile(t, full, work)
			query, whole = `SELECT COUNT(*) FROM assignments WHERE status = 'Proposed'`, proposals
			args = []string{"--db", work, "plan", "--commit"}
		}
		if killAt(t, bin, args, time.Duration(100+rng.IntN(1400))*time.Millisecond) {
			interrupted++
		}
		kills++
		reg, err := sqlite.Open(ctx, work, sqlite.Options{})
		if err != nil {
			t.Fatalf("kill %d: the register does not open: %v", i, err)
		}
		if ok, err := reg.IntegrityCheck(ctx); err != nil || ok != "ok" {
			t.Fatalf("kill %d: integrity check %q, %v", i, ok, err)
		}
		reg.Close()
		if n := countRows(t, work, query); n != 0 && n != whole {
			t.Fatalf("kill %d (%v): %d rows, want none or all %d", i, args[2:], n, whole)
		}
	}
	t.Logf("%d kills, %d of them while the command was still running; the register was sound every time", kills, interrupted)
	if interrupted < 30 {
		t.Errorf("only %d of %d kills landed while the command ran", interrupted, kills)
	}
}

// killAt starts the command and sends SIGKILL after d; it reports whether the command was
// still running then.
func killAt(t *testing.T, bin string, args []string, d time.Duration) bool {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
		return false
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

func register(t *testing.T, path string, c *model.Changeset) string {
	t.Helper()
	reg, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := reg.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return path
}

func countRows(t *testing.T, path, query string) int {
	t.Helper()
	reg, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	n, err := reg.Count(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
