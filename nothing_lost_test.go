package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
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

	"associateplanner/model"
	"associateplanner/postgres"
	"associateplanner/sqlite"
)

// The attacks of round three, each on the real CLI: several programs on one register, a
// full disk in a mount namespace of a child process, a register the user may only read.

// cliRun is one command of the real CLI: its arguments, and what it did.
type cliRun struct {
	args []string
	code int
	out  string
}

// atOnce runs the commands of the real CLI together, each after its delay, with env added.
func atOnce(t *testing.T, env []string, runs ...*cliRun) {
	t.Helper()
	delays := make([]time.Duration, len(runs))
	atOnceAfter(t, env, delays, runs...)
}

func atOnceAfter(t *testing.T, env []string, delays []time.Duration, runs ...*cliRun) {
	t.Helper()
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Go(func() {
			time.Sleep(delays[i])
			r.code, r.out = teamCLI(t, env, r.args...)
		})
	}
	wg.Wait()
}

// asUser runs the program bin as the user cred with env added, and returns its exit status
// and output.
func asUser(t *testing.T, bin string, cred *syscall.Credential, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), string(out)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// columnCSVs writes two roster tables for every associate of the register at path: A
// gives each a phone, B an email; the other columns are as stored.
func columnCSVs(t *testing.T, path, dir string) (a, b string, people int) {
	t.Helper()
	reg, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := reg.Load(context.Background())
	reg.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []struct{ name, file, format string }{{"Phone", "A.csv", "0700 A%s"}, {"Email", "B.csv", "b%s@x.nhs.net"}} {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"Staff ID", "Name", "Home Organisation", col.name})
		for _, p := range d.Associates {
			w.Write([]string{p.StaffID, p.Name, p.HomeOrg, fmt.Sprintf(col.format, p.StaffID)})
		}
		w.Flush()
		if err := os.WriteFile(filepath.Join(dir, col.file), buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "A.csv"), filepath.Join(dir, "B.csv"), len(d.Associates)
}

// phonesAndEmails counts the associates holding A's phone and B's email.
func phonesAndEmails(d *model.Data) (phones, emails int) {
	for _, a := range d.Associates {
		if strings.HasPrefix(a.Phone, "0700 A") {
			phones++
		}
		if strings.HasSuffix(a.Email, "@x.nhs.net") {
			emails++
		}
	}
	return phones, emails
}

func loadFile(t *testing.T, path string) *model.Data {
	t.Helper()
	reg, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	d, err := reg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestImportsAtOnceLoseNothing imports, at once, two tables for all 320 associates of the
// demo, one setting their phones and one their emails: both say "imported", and both are
// in the register, every time. Then an erasure beside an import, the import started a
// moment later or sooner: the erased person never comes back with their old email and
// skills.
func TestImportsAtOnceLoseNothing(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	mustCLI(t, nil, "--db", base, "demo")
	a, b, people := columnCSVs(t, base, dir)
	const rounds = 6
	for i := range rounds {
		work := filepath.Join(dir, fmt.Sprintf("imports%d.db", i))
		copyFile(t, base, work)
		runs := []*cliRun{{args: []string{"--db", work, "import", a}}, {args: []string{"--db", work, "import", b}}}
		atOnce(t, nil, runs...)
		for _, r := range runs {
			if r.code != 0 || !strings.Contains(r.out, "imported") {
				t.Fatalf("round %d: %s: exit %d\n%s", i, r.args[3], r.code, r.out)
			}
		}
		if phones, emails := phonesAndEmails(loadFile(t, work)); phones != people || emails != people {
			t.Errorf("round %d: %d of %d phones from A, %d emails from B", i, phones, people, emails)
		}
	}
	victim := loadFile(t, base).Associates[0]
	rng := rand.New(rand.NewPCG(3, 17))
	for i := range rounds * 2 {
		work := filepath.Join(dir, fmt.Sprintf("erase%d.db", i))
		copyFile(t, base, work)
		runs := []*cliRun{{args: []string{"--db", work, "erase", victim.StaffID}}, {args: []string{"--db", work, "import", a}}}
		atOnceAfter(t, nil, []time.Duration{0, time.Duration(rng.IntN(120)) * time.Millisecond}, runs...)
		if runs[0].code != 0 || runs[1].code != 0 {
			t.Fatalf("round %d: erase exit %d, import exit %d\n%s\n%s", i, runs[0].code, runs[1].code, runs[0].out, runs[1].out)
		}
		for _, p := range loadFile(t, work).Associates {
			if p.StaffID == victim.StaffID && (p.Email == victim.Email || len(p.Skills) > 0) {
				t.Errorf("round %d: the erased person is back with their old email %q and %d skills", i, p.Email, len(p.Skills))
			}
		}
	}
}

// TestImportsAtOnceOnATeamRegister is the same attack on a team register: each round the
// phones and emails are reset, then both tables imported at once: both are in it.
func TestImportsAtOnceOnATeamRegister(t *testing.T) {
	ctx := context.Background()
	srv, local, db, owner := demoTeamRegister(t)
	a, b, people := columnCSVs(t, local, t.TempDir())
	env := []string{"PGPASSWORD=" + srv.Password}
	store, err := postgres.Open(ctx, srv.URLWithPassword(owner, db), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i := range 4 {
		if err := srv.Exec(ctx, db, `UPDATE associates SET phone = 'before', email = 'before@nhs.net'`); err != nil {
			t.Fatal(err)
		}
		runs := []*cliRun{{args: []string{"--db", srv.URL(owner, db), "import", a}}, {args: []string{"--db", srv.URL(owner, db), "import", b}}}
		atOnce(t, env, runs...)
		for _, r := range runs {
			if r.code != 0 || !strings.Contains(r.out, "imported") {
				t.Fatalf("round %d: %s: exit %d\n%s", i, r.args[3], r.code, r.out)
			}
		}
		d, err := store.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if phones, emails := phonesAndEmails(d); phones != people || emails != people {
			t.Errorf("round %d: %d of %d phones from A, %d emails from B", i, phones, people, emails)
		}
	}
}

// automaticBackups lists the file names in a register's backups folder.
func automaticBackups(t *testing.T, register string) []string {
	t.Helper()
	return fileNames(t, sqlite.BackupDir(register))
}

// fileNames lists the names of the files in dir, in order.
func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestBackupsOnlyForChangesWritten runs eleven imports at once while another program
// holds the register's write lock: each gives up ("busy", nothing changed), and the one
// backup made before a plan commit is still there, alone. Then ten imports into
// reg.sqlite beside reg.db: reg.db's backup stays, and no two backups share a name.
func TestBackupsOnlyForChangesWritten(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg.db")
	mustCLI(t, nil, "--db", reg, "demo")
	mustCLI(t, nil, "--db", reg, "plan", "--commit")
	before := automaticBackups(t, reg)
	holder, err := sql.Open("sqlite", reg+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	lock, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(`UPDATE register_info SET revision = revision`); err != nil {
		t.Fatal(err)
	}
	var runs []*cliRun
	for i := range 11 {
		csvPath := filepath.Join(dir, fmt.Sprintf("busy%d.csv", i))
		os.WriteFile(csvPath, fmt.Appendf(nil, "Staff ID,Name,Home Organisation\nPR%d,Prune Test %d,R0A\n", i, i), 0o600)
		runs = append(runs, &cliRun{args: []string{"--db", reg, "import", csvPath}})
	}
	atOnce(t, nil, runs...)
	lock.Rollback()
	for _, r := range runs {
		if r.code != 1 || !strings.Contains(r.out, "busy") {
			t.Errorf("an import while the register is held: exit %d\n%s", r.code, r.out)
		}
	}
	if after := automaticBackups(t, reg); len(before) != 1 || strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("backups before the refused imports %v, after %v", before, after)
	}

	other := filepath.Join(dir, "reg.sqlite")
	mustCLI(t, nil, "--db", other, "demo")
	for i := range 10 {
		csvPath := filepath.Join(dir, "other.csv")
		os.WriteFile(csvPath, fmt.Appendf(nil, "Staff ID,Name,Home Organisation\nX%d,X %d,R0A\n", i, i), 0o600)
		mustCLI(t, nil, "--db", other, "import", csvPath)
	}
	all := automaticBackups(t, reg)
	mine, theirs := 0, 0
	for _, name := range all {
		switch {
		case strings.HasPrefix(name, "reg.db-") && strings.HasSuffix(name, "-before-plan.db"):
			mine++
		case strings.HasPrefix(name, "reg.sqlite-"):
			theirs++
		}
	}
	if mine != 1 || theirs != 10 {
		t.Errorf("reg.db keeps %d backup(s), reg.sqlite %d: %v", mine, theirs, all)
	}
}

// fullDiskChild is set in the environment of the child that runs on a small disk.
const fullDiskChild = "ASSOCIATE_PLANNER_FULL_DISK"

// TestEraseOnAFullDisk erases an associate from a register on a disk with room for the
// erasure but not for rebuilding the file (a tmpfs in a mount namespace of a child
// process): the erase says the person is erased but their old data is still in the file,
// and what to do; then, with space freed, the next command wipes it, and erasing them
// again says it is done.
func TestEraseOnAFullDisk(t *testing.T) {
	if spec := os.Getenv(fullDiskChild); spec != "" {
		eraseOnAFullDisk(t, strings.Split(spec, "\n"))
		return
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	mustCLI(t, nil, "--db", base, "demo")
	mustCLI(t, nil, "--db", base, "plan", "--commit")
	victim := loadFile(t, base).Associates[37]
	disk := filepath.Join(dir, "disk")
	os.Mkdir(disk, 0o700)
	cmd := exec.Command("unshare", "-rm", "sh", "-c", `mount -t tmpfs -o size=4m tmpfs "$0" && exec "$@"`,
		disk, os.Args[0], "-test.run=^TestEraseOnAFullDisk$", "-test.v")
	cmd.Env = append(os.Environ(), fullDiskChild+"="+strings.Join([]string{buildBinary(t), base, disk, victim.StaffID, victim.Email}, "\n"))
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child on a small disk (unshare is util-linux's): %v\n%s", err, out)
	}
}

func eraseOnAFullDisk(t *testing.T, spec []string) {
	bin, base, disk, staffID, email := spec[0], spec[1], spec[2], spec[3], []byte(spec[4])
	reg := filepath.Join(disk, "reg.db")
	copyFile(t, base, reg)
	var fs syscall.Statfs_t
	if err := syscall.Statfs(disk, &fs); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(disk, "filler")
	if err := os.WriteFile(filler, make([]byte, int64(fs.Bavail)*fs.Bsize-256<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (int, string) {
		out, err := exec.Command(bin, append([]string{"--db", reg}, args...)...).CombinedOutput()
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	inFiles := func() int {
		files, _ := filepath.Glob(reg + "*")
		n := 0
		for _, f := range files {
			data, _ := os.ReadFile(f)
			n += bytes.Count(data, email)
		}
		return n
	}
	code, out := cli("erase", staffID)
	for _, w := range []string{staffID + " was erased", "still in the register file's unused space", "the disk is full", "free some space"} {
		if code != 1 || !strings.Contains(out, w) {
			t.Fatalf("erase on a full disk: exit %d, does not say %q:\n%s", code, w, out)
		}
	}
	if inFiles() == 0 {
		t.Fatal("the disk had room to wipe the file: the test needs less")
	}
	if code, out := cli("subject-access", staffID, filepath.Join(disk, "sar.json")); code != 1 || !strings.Contains(out, "no associate") {
		t.Errorf("the erased person is still there: exit %d\n%s", code, out)
	}
	os.Remove(filler)
	if code, out := cli("plan"); code != 0 {
		t.Fatalf("plan after freeing space: exit %d\n%s", code, out)
	}
	if n := inFiles(); n != 0 {
		t.Errorf("after freeing space and running a command, the email is still in the files %d times", n)
	}
	if code, out := cli("erase", staffID); code != 1 || !strings.Contains(out, "erased already, and nothing of them is left") {
		t.Errorf("erasing them again: exit %d\n%s", code, out)
	}
}

// TestARegisterTheUserMayOnlyRead makes two registers as an ordinary user (nobody, when
// the tests run as root), then takes away the right to write the file of one and the
// folder of the other: reading commands work (plan, export, subject access, backup
// elsewhere), and writing ones are refused, saying the register is read-only for them.
func TestARegisterTheUserMayOnlyRead(t *testing.T) {
	var cred *syscall.Credential
	root, err := os.MkdirTemp("", "ap-read-only-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "work", "folder"), 0o700); os.RemoveAll(root) })
	os.Chmod(root, 0o755)
	work := filepath.Join(root, "work")
	os.Mkdir(work, 0o777)
	os.Chmod(work, 0o777)
	if os.Geteuid() == 0 { // root may write anything: the attack is an ordinary user's
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	bin := filepath.Join(root, "associate-planner") // a copy the user may run
	copyFile(t, buildBinary(t), bin)
	os.Chmod(bin, 0o755)
	as := func(args ...string) (int, string) { return asUser(t, bin, cred, []string{"HOME=" + work}, args...) }
	cases := []struct {
		name, register string
		lock           func(register string) error
	}{
		{"a file the user may not write", filepath.Join(work, "file", "reg.db"), func(r string) error { return os.Chmod(r, 0o400) }},
		{"a folder the user may not write", filepath.Join(work, "folder", "reg.db"), func(r string) error { return os.Chmod(filepath.Dir(r), 0o500) }},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, out := as("--db", c.register, "demo"); code != 0 {
				t.Fatalf("demo: exit %d\n%s", code, out)
			}
			if err := c.lock(c.register); err != nil {
				t.Fatal(err)
			}
			csvPath := filepath.Join(work, "p.csv")
			os.WriteFile(csvPath, []byte("Staff ID,Name,Home Organisation\nP1,Perm Test,R0A\n"), 0o644)
			reads := [][]string{{"plan"}, {"export", "roster", filepath.Join(work, fmt.Sprintf("out%d.xlsx", i))},
				{"subject-access", "20417000", filepath.Join(work, fmt.Sprintf("sa%d.json", i))},
				{"backup", filepath.Join(work, fmt.Sprintf("copy%d.db", i))}}
			for _, r := range reads {
				if code, out := as(append([]string{"--db", c.register}, r...)...); code != 0 {
					t.Errorf("%s: exit %d\n%s", r[0], code, out)
				}
			}
			for _, w := range [][]string{{"import", csvPath}, {"erase", "20417000"}, {"plan", "--commit"}} {
				if code, out := as(append([]string{"--db", c.register}, w...)...); code != 1 || !strings.Contains(out, "read-only for you") {
					t.Errorf("%s: exit %d\n%s", w[0], code, out)
				}
			}
		})
	}
}

// TestPrivacyOnTheCLI answers a subject access request for someone whose email and phone
// were changed: the answer holds what they were, in camelCase JSON with [] for empty
// lists. Then, renamed and erased, their old name is in no lesson and no audit export;
// and a backup made before the erasure, restored, brings nobody back, saying so.
func TestPrivacyOnTheCLI(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg.db")
	mustCLI(t, nil, "--db", reg, "demo")
	person := loadFile(t, reg).Associates[0]
	update := filepath.Join(dir, "update.csv")
	os.WriteFile(update, fmt.Appendf(nil, "Staff ID,Name,Email,Phone,Home Organisation\n%s,%s,new.private@example.org,07700 111222,%s\n",
		person.StaffID, person.Name, person.HomeOrg), 0o600)
	mustCLI(t, nil, "--db", reg, "import", update)
	sar := filepath.Join(dir, "sar.json")
	mustCLI(t, nil, "--db", reg, "subject-access", person.StaffID, sar)
	answer, _ := os.ReadFile(sar)
	for _, want := range []string{person.Email, "new.private@example.org", `"staffId"`, `"homeOrg"`, `"history": [`, `"unavailability": [`} {
		if !strings.Contains(string(answer), want) {
			t.Errorf("the subject access answer does not hold %s", want)
		}
	}
	for _, not := range []string{`"StaffID"`, `"HomeOrg"`, `"unavailability": null`, `"lessonsWritten": null`, `"assignments": null`} {
		if strings.Contains(string(answer), not) {
			t.Errorf("the subject access answer holds %s", not)
		}
	}

	before := filepath.Join(dir, "before.db")
	mustCLI(t, nil, "--db", reg, "backup", before)
	rename := filepath.Join(dir, "rename.csv")
	os.WriteFile(rename, fmt.Appendf(nil, "Staff ID,Name,Home Organisation\n%s,Renamed Person,%s\n", person.StaffID, person.HomeOrg), 0o600)
	mustCLI(t, nil, "--db", reg, "import", rename)
	mustCLI(t, nil, "--db", reg, "erase", person.StaffID)
	audit := filepath.Join(dir, "audit.xlsx")
	mustCLI(t, nil, "--db", reg, "export", "audit", audit)
	if text := cells(t, audit); strings.Contains(text, person.Name) || strings.Contains(text, "Renamed Person") {
		t.Errorf("the audit export still names the erased person")
	}
	for _, l := range loadFile(t, reg).Lessons {
		if l.Author == person.Name || l.Author == "Renamed Person" {
			t.Errorf("a lesson is still credited to the erased person: %+v", l)
		}
	}
	if out := mustCLI(t, nil, "--db", reg, "restore", before); !strings.Contains(out, "erased again") {
		t.Errorf("the restore did not say it erased someone again:\n%s", out)
	}
	for _, a := range loadFile(t, reg).Associates {
		if a.StaffID == person.StaffID || a.Email == person.Email {
			t.Errorf("the restore brought the erased person back: %+v", a)
		}
	}
}
