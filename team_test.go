package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// teamCLI runs the real binary with env added and returns its exit status and output.
func teamCLI(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	return asUser(t, buildBinary(t), nil, env, args...) // as this user
}

// mustCLI runs the binary and fails the test unless it succeeds.
func mustCLI(t *testing.T, env []string, args ...string) string {
	t.Helper()
	code, out := teamCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// cells reads every sheet of a workbook as text, row by row.
func cells(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n", sheet)
		for _, r := range rows {
			fmt.Fprintln(&b, strings.Join(r, "\t"))
		}
	}
	return b.String()
}

// demoTeamRegister fills a local register with the demo and a committed plan and copies it
// into a new team register; it returns the local file, the team register's address (no
// password in it) and the environment that gives the owner's password.
func demoTeamRegister(t *testing.T) (srv *pgtest.Server, local, db, owner string) {
	t.Helper()
	srv = pgtest.Shared(t)
	db, owner = srv.NewDatabase(t)
	local = filepath.Join(t.TempDir(), "local.db")
	mustCLI(t, nil, "--db", local, "demo")
	mustCLI(t, nil, "--db", local, "plan", "--commit")
	out := mustCLI(t, []string{"PGPASSWORD=" + srv.Password}, "--db", local, "copy", "--to", srv.URL(owner, db))
	if strings.Contains(out, srv.Password) {
		t.Errorf("the password was printed: %s", out)
	}
	return srv, local, db, owner
}

// TestCopyToThenFromKeepsTheExports moves a register into a team register and takes a
// snapshot back: its roster and plan exports hold what the original's do, and the
// snapshot refuses to be changed.
func TestCopyToThenFromKeepsTheExports(t *testing.T) {
	srv, local, db, owner := demoTeamRegister(t)
	dir := t.TempDir()
	snapshot := filepath.Join(dir, "snapshot.db")
	pw := []string{"PGPASSWORD=" + srv.Password}
	mustCLI(t, pw, "--db", snapshot, "copy", "--from", srv.URL(owner, db))
	for _, what := range []string{"roster", "plan"} {
		mine, theirs := filepath.Join(dir, "local-"+what+".xlsx"), filepath.Join(dir, "snapshot-"+what+".xlsx")
		mustCLI(t, nil, "--db", local, "export", what, mine)
		mustCLI(t, nil, "--db", snapshot, "export", what, theirs)
		if a, b := cells(t, mine), cells(t, theirs); a != b {
			t.Errorf("the %s exports differ", what)
		}
	}
	// $ASSOCIATE_PLANNER_DB chooses the team register as --db does.
	fromEnv := filepath.Join(dir, "env-roster.xlsx")
	mustCLI(t, append(pw, "ASSOCIATE_PLANNER_DB="+srv.URL(owner, db)), "export", "roster", fromEnv)
	if a, b := cells(t, filepath.Join(dir, "local-roster.xlsx")), cells(t, fromEnv); a != b {
		t.Error("the roster exported through $ASSOCIATE_PLANNER_DB differs from the original's")
	}
	code, out := teamCLI(t, nil, "--db", snapshot, "plan", "--commit")
	if code != 1 || !strings.Contains(out, "read-only") || !strings.Contains(out, "snapshot of the team register") {
		t.Errorf("a plan committed to a snapshot: exit %d\n%s", code, out)
	}
	code, out = teamCLI(t, pw, "--db", local, "copy", "--to", srv.URL(owner, db))
	if code != 1 || !strings.Contains(out, "already holds data") {
		t.Errorf("a second copy into the same team register: exit %d\n%s", code, out)
	}
}

// TestTwoWindowsOnATeamRegister opens the app twice on one team register, as a
// coordinator and as a viewer: the coordinator confirms every proposal, and the viewer's
// window shows it without a restart; the viewer's own confirm button does nothing.
func TestTwoWindowsOnATeamRegister(t *testing.T) {
	srv, _, db, owner := demoTeamRegister(t)
	ctx := context.Background()
	pw := "PGPASSWORD=" + srv.Password
	for user, role := range map[string]string{db + "_alice": "coordinator", db + "_victor": "viewer"} {
		if err := srv.CreateUser(ctx, user); err != nil {
			t.Fatal(err)
		}
		mustCLI(t, []string{pw}, "--db", srv.URL(owner, db), "team", "grant", user, role)
	}
	x := startXvfb(t)
	coordinator := x.startApp(t, srv.URL(db+"_alice", db), pw)
	viewer := x.startApp(t, srv.URL(db+"_victor", db), pw)

	viewer.confirmEveryProposal(t, x) // refused: the viewer's window says why
	coordinator.confirmEveryProposal(t, x)
	if !pgtest.Wait(60*time.Second, func() bool { return strings.Contains(viewer.log(), "showing a change made elsewhere") }) {
		t.Fatalf("the viewer's window did not show the change; its log:\n%s", viewer.log())
	}
	log := viewer.log()
	if !strings.Contains(log, db+"_alice") || !strings.Contains(log, "confirmed") {
		t.Errorf("the change was not told as alice's confirmation:\n%s", log)
	}
	if strings.Contains(coordinator.log(), "showing a change made elsewhere") {
		t.Error("the viewer changed something the coordinator's window had to show")
	}
	shots := os.Getenv("ASSOCIATE_PLANNER_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	for name, a := range map[string]teamApp{"team-coordinator.png": coordinator, "team-viewer.png": viewer} {
		x.xdotool(t, "windowraise", a.win)
		time.Sleep(time.Second)
		x.shoot(t, a.win, filepath.Join(shots, name))
	}
}

// teamApp is one app window of the test.
type teamApp struct {
	win  string
	home string
}

// confirmEveryProposal presses the Planning tab's "Confirm every proposal", as a person
// would with the mouse (the window is 1280×800 at the screen's corner).
func (a teamApp) confirmEveryProposal(t *testing.T, x xDisplay) {
	t.Helper()
	x.xdotool(t, "windowraise", a.win)
	x.keys(t, a.win, "ctrl+4")
	x.xdotool(t, "mousemove", "--window", a.win, "900", "98", "click", "1")
	time.Sleep(time.Second)
	x.keys(t, a.win, "Return") // yes to "Confirm every proposal?"
	time.Sleep(2 * time.Second)
}

// log returns what the app has logged so far.
func (a teamApp) log() string {
	b, _ := os.ReadFile(filepath.Join(a.home, ".config", "associate-planner", "associate-planner.log"))
	return string(b)
}

// startApp opens the app on a register as a new window of the display, and returns it.
func (x xDisplay) startApp(t *testing.T, location string, env ...string) teamApp {
	t.Helper()
	before := x.windows()
	home := t.TempDir()
	cmd := exec.Command(buildBinary(t), "--db", location)
	cmd.Env = append(append(os.Environ(), "DISPLAY="+x.display, "HOME="+home, "XDG_CONFIG_HOME="), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(300 * time.Millisecond) {
		for w := range x.windows() {
			if !before[w] {
				time.Sleep(3 * time.Second) // the register is read and drawn
				x.resize(t, w, 1280, 800)
				return teamApp{win: w, home: home}
			}
		}
	}
	t.Fatal("no new window appeared")
	return teamApp{}
}

// windows lists the app windows on the display.
func (x xDisplay) windows() map[string]bool {
	cmd := exec.Command("xdotool", "search", "--name", "^Associate Planner$")
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, _ := cmd.Output()
	found := map[string]bool{}
	for _, w := range strings.Fields(string(out)) {
		found[w] = true
	}
	return found
}
