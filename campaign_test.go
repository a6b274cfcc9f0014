package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// TestKillAndConcurrencyCampaign runs the real CLI on one register, three commands at a
// time chosen from import, plan --commit, backup, restore, erase and letters, and kills one
// of each three at a random moment, until 24 kills have landed while a command ran. After every round the register must pass SQLite's
// integrity check and nothing a command reported done may be lost: an import's associates
// are in the register (or, when a restore ran beside it, in the backup that restore kept),
// an erased person is gone, a backup is a sound register, letters are whole PDFs; and a
// killed command leaves nothing partial where the user looks.
func TestKillAndConcurrencyCampaign(t *testing.T) {
	c := newCampaign(t)
	c.time(t)
	rng := rand.New(rand.NewPCG(7, 13))
	const wanted = 24 // kills that land while a command runs
	rounds := 0
	for ; c.kills < wanted && rounds < 60; rounds++ {
		c.round(t, rng, rounds)
	}
	t.Logf("%d commands run in %d rounds, %d killed while they ran (%s); lost: %d",
		c.runs, rounds, c.kills, c.killedKinds(), c.lost)
	if c.kills < wanted {
		t.Errorf("only %d of %d kills landed mid-command", c.kills, rounds)
	}
}

// kinds are the commands a round chooses from, imports twice as often.
var kinds = []string{"import", "import", "plan", "backup", "restore", "erase", "letters"}

// time runs each kind of command once on its own, so that kills can be timed to land
// while one runs.
func (c *campaign) time(t *testing.T) {
	t.Helper()
	c.took = map[string]time.Duration{}
	for i, kind := range kinds[1:] {
		began := time.Now()
		if out, err := exec.Command(c.bin, c.command(t, kind, -1, i).args...).CombinedOutput(); err != nil {
			t.Fatalf("%s on its own: %v\n%s", kind, err, out)
		}
		c.took[kind] = time.Since(began)
	}
}

// campaign is the register under attack and what has been done to it.
type campaign struct {
	bin, dir, db string
	good         string // a sound backup that restores restore
	trust        string // an ODS code imports use
	request      string // the request letters are written for
	erasable     []string
	runs, kills  int
	killedBy     map[string]int
	took         map[string]time.Duration // how long each kind takes on its own
	lost         int
}

func newCampaign(t *testing.T) *campaign {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	c := &campaign{bin: buildBinary(t), dir: dir, db: filepath.Join(dir, "register.db"), killedBy: map[string]int{}}
	changes, err := demo.Build(model.NewDate(2026, 12, 1), demo.Size{Associates: 2000, Requests: 60})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := sqlite.Open(ctx, c.db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := reg.Apply(ctx, changes); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(c.bin, "--db", c.db, "plan", "--commit").CombinedOutput(); err != nil {
		t.Fatalf("plan --commit: %v\n%s", err, out)
	}
	c.good = filepath.Join(dir, "good.db") // with proposals, so that letters have some to write
	if err := reg.Backup(ctx, c.good); err != nil {
		t.Fatal(err)
	}
	planned, err := reg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seats := map[string]int{}
	for _, a := range planned.Assignments {
		if a.Status == model.Proposed {
			seats[a.RequestRef]++
			if seats[a.RequestRef] == 3 && c.request == "" {
				c.request = a.RequestRef // a request with a few letters to write
			}
		}
	}
	c.trust = changes.Organisations[0].Code
	for _, a := range changes.Associates[:200] {
		c.erasable = append(c.erasable, a.StaffID)
	}
	return c
}

// command is one run of the CLI in a round, and what it must have done.
type command struct {
	kind   string
	args   []string
	ids    []string // an import's associates; an erasure's Staff ID
	out    string   // a backup's file or a letters folder
	exit   int      // -1 killed
	killed bool     // killed while it ran
}

// round runs three commands at once, kills one of them, and checks what they left.
func (c *campaign) round(t *testing.T, rng *rand.Rand, n int) {
	t.Helper()
	var cmds []*command
	for i := range 3 {
		cmds = append(cmds, c.command(t, kinds[rng.IntN(len(kinds))], n, i))
	}
	victim := rng.IntN(len(cmds))
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() {
			killAfter := time.Duration(0)
			if i == victim {
				killAfter = time.Duration(float64(c.took[cmd.kind]) * (0.1 + 0.7*rng.Float64()))
			}
			cmd.exit, cmd.killed = c.run(t, cmd.args, killAfter)
		})
	}
	wg.Wait()
	c.runs += len(cmds)
	for _, cmd := range cmds {
		if cmd.killed {
			c.kills++
			c.killedBy[cmd.kind]++
		}
	}
	c.check(t, n, cmds)
}

func (c *campaign) command(t *testing.T, kind string, round, i int) *command {
	t.Helper()
	db := []string{"--db", c.db}
	tag := fmt.Sprintf("r%02d-%d", round+1, i)
	switch kind {
	case "import":
		file := filepath.Join(c.dir, tag+".csv")
		var b strings.Builder
		b.WriteString("Staff ID,Name,Home Organisation,Max Days Per Year\n")
		var ids []string
		for k := range 600 {
			id := fmt.Sprintf("K%s-%03d", tag, k)
			ids = append(ids, id)
			fmt.Fprintf(&b, "%s,Campaign Person %s,%s,30\n", id, id, c.trust)
		}
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return &command{kind: kind, args: append(db, "import", file), ids: ids}
	case "plan":
		return &command{kind: kind, args: append(db, "plan", "--commit")}
	case "backup":
		out := filepath.Join(c.dir, "copies", tag+".db")
		os.MkdirAll(filepath.Dir(out), 0o700)
		return &command{kind: kind, args: append(db, "backup", out), out: out}
	case "restore":
		return &command{kind: kind, args: append(db, "restore", c.good)}
	case "erase":
		id := c.erasable[0]
		c.erasable = c.erasable[1:]
		return &command{kind: kind, args: append(db, "erase", "--", id), ids: []string{id}}
	case "letters":
		out := filepath.Join(c.dir, "letters-"+tag)
		return &command{kind: kind, args: append(db, "letters", "--out", out, "--request", c.request), out: out}
	}
	t.Fatalf("no command %s", kind)
	return nil
}

// run runs the CLI, killing it after killAfter (0: never); it returns the exit status (-1
// when killed) and whether the kill landed while it ran.
func (c *campaign) run(t *testing.T, args []string, killAfter time.Duration) (int, bool) {
	cmd := exec.Command(c.bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return -1, false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timeout <-chan time.Time
	if killAfter > 0 {
		timeout = time.After(killAfter)
	}
	select {
	case err := <-done:
		if err != nil && cmd.ProcessState.ExitCode() != 1 {
			t.Errorf("%v: %v\n%s", args[2:], err, stderr.String())
		}
		return cmd.ProcessState.ExitCode(), false
	case <-timeout:
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return -1, cmd.ProcessState.ExitCode() == -1
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Errorf("%v hung", args[2:])
		return -1, false
	}
}

// check verifies, after a round, that the register is sound and nothing done was lost.
func (c *campaign) check(t *testing.T, round int, cmds []*command) {
	t.Helper()
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, c.db, sqlite.Options{})
	if err != nil {
		t.Fatalf("round %d: the register does not open: %v", round, err)
	}
	defer reg.Close()
	if ok, err := reg.IntegrityCheck(ctx); ok != "ok" || err != nil {
		t.Fatalf("round %d: integrity check %q, %v", round, ok, err)
	}
	data, err := reg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, a := range data.Associates {
		held[a.StaffID] = true
	}
	restored := false
	for _, cmd := range cmds {
		restored = restored || cmd.kind == "restore" && cmd.exit != 1
	}
	if restored {
		c.addKeptByRestores(t, held)
	}
	for _, cmd := range cmds {
		c.checkOne(t, round, cmd, held, restored)
	}
}

// addKeptByRestores adds the associates that the backups restores made hold: what a
// restore replaced is kept there.
func (c *campaign) addKeptByRestores(t *testing.T, held map[string]bool) {
	t.Helper()
	kept, _ := filepath.Glob(filepath.Join(sqlite.BackupDir(c.db), "*-before-restore.db"))
	for _, k := range kept {
		reg, err := sqlite.Open(context.Background(), k, sqlite.Options{})
		if err != nil {
			t.Errorf("a backup kept by a restore does not open: %v", err)
			continue
		}
		d, err := reg.Load(context.Background())
		reg.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range d.Associates {
			held[a.StaffID] = true
		}
	}
}

func (c *campaign) checkOne(t *testing.T, round int, cmd *command, held map[string]bool, restored bool) {
	t.Helper()
	fail := func(format string, args ...any) {
		c.lost++
		t.Errorf("round %d, %s (exit %d): %s", round, cmd.kind, cmd.exit, fmt.Sprintf(format, args...))
	}
	switch cmd.kind {
	case "import":
		for _, id := range cmd.ids {
			if cmd.exit == 0 && !held[id] {
				fail("%s was imported, then lost", id)
				return
			}
		}
	case "erase":
		if cmd.exit == 0 && held[cmd.ids[0]] && !restored {
			fail("%s was erased but is still there", cmd.ids[0])
		}
	case "backup":
		if _, err := os.Stat(cmd.out); err == nil {
			if err := sqlite.CheckBackup(context.Background(), cmd.out); err != nil {
				fail("the backup at the user's path is not sound: %v", err)
			}
		} else if cmd.exit == 0 {
			fail("no backup at %s", cmd.out)
		}
		if _, err := os.Stat(cmd.out + "-journal"); err == nil {
			fail("a -journal was left at the user's path")
		}
	case "letters":
		pdfs, _ := filepath.Glob(filepath.Join(cmd.out, "*.pdf"))
		for _, p := range pdfs {
			if data, err := os.ReadFile(p); err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")) {
				fail("%s is not a whole PDF", filepath.Base(p))
			}
		}
	}
}

func (c *campaign) killedKinds() string {
	var parts []string
	for _, k := range []string{"import", "plan", "backup", "restore", "erase", "letters"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, c.killedBy[k]))
	}
	return strings.Join(parts, ", ")
}

// TestDemosAtOnce starts three `demo` commands on one new register at the same moment:
// one fills it, the others are refused, and it holds one demo.
func TestDemosAtOnce(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "register.db")
	var wg sync.WaitGroup
	outcomes := make([]string, 3)
	for i := range outcomes {
		wg.Go(func() {
			out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput()
			outcomes[i] = fmt.Sprintf("%v: %s", err, out)
		})
	}
	wg.Wait()
	filled := 0
	for _, o := range outcomes {
		switch {
		case strings.HasPrefix(o, "<nil>"):
			filled++
		case !strings.Contains(o, "already holds data"):
			t.Errorf("a demo failed otherwise: %s", o)
		}
	}
	reg, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if n, _ := reg.Count(context.Background(), `SELECT COUNT(*) FROM associates`); filled != 1 || n != 320 {
		t.Errorf("%d demos filled the register; it holds %d associates:\n%s", filled, n, strings.Join(outcomes, "\n"))
	}
}
