//go:build wine

// The Windows build under Wine (`make test-windows`, after `make dist`). It runs what ships:
// the executables in dist's Windows zip, for a user whose name has spaces and accents, on
// files in folders with spaces, and compares every result with the Linux build's on the
// same input.
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/demo"
	"associateplanner/model"
)

// wineUser is the Windows user the tests run as: spaces and letters outside ASCII.
const wineUser = "Zoë Ó Súilleabháin"

// wine is a Wine prefix set up to run Go programs, for the user wineUser.
type wine struct {
	t      *testing.T
	prefix string
	env    []string
}

// newWine makes a Wine prefix and puts the test-only ProcessPrng DLL into its system32:
// Go's Windows runtime needs ProcessPrng, which Debian's Wine 8.0 lacks.
func newWine(t *testing.T) *wine {
	t.Helper()
	for _, tool := range []string{"wine", "wineboot", "wineserver", "x86_64-w64-mingw32-gcc", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: `make test-windows` installs it", tool)
		}
	}
	w := &wine{t: t, prefix: filepath.Join(t.TempDir(), "prefix")}
	// Wine links the profile's Documents and Desktop to the Unix home: give it one of its own.
	w.env = append(os.Environ(), "HOME="+t.TempDir(), "WINEPREFIX="+w.prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=",
		"USER="+wineUser, "LOGNAME="+wineUser, "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	run(t, w.env, "wineboot", "--init")
	t.Cleanup(func() {
		stop := exec.Command("wineserver", "-k") // this prefix's server: it would outlive the test
		stop.Env = w.env
		if out, err := stop.CombinedOutput(); err != nil {
			t.Logf("wineserver -k: %v %s", err, out)
		}
	})
	dll := filepath.Join(w.prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	run(t, w.env, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", dll, "testdata/wine/bcryptprimitives.c", "-ladvapi32")
	return w
}

// home is the user's profile folder, as a Unix path.
func (w *wine) home() string { return filepath.Join(w.prefix, "drive_c", "users", wineUser) }

// winPath is the Windows name of a Unix path inside drive C.
func (w *wine) winPath(unix string) string {
	rel, err := filepath.Rel(filepath.Join(w.prefix, "drive_c"), unix)
	if err != nil || strings.HasPrefix(rel, "..") {
		w.t.Fatalf("%s is not on drive C", unix)
	}
	return `C:\` + strings.ReplaceAll(rel, "/", `\`)
}

// run runs name with args and returns its standard output; a failure ends the test.
func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// unzipWindows extracts dist's Windows zip into dir and returns the folder it holds.
func unzipWindows(t *testing.T, dir string) string {
	t.Helper()
	zips, _ := filepath.Glob("dist/associate-planner-*-windows-amd64.zip")
	if len(zips) != 1 {
		t.Fatal("no Windows zip in dist/: run `make test-windows`, which makes it first")
	}
	r, err := zip.OpenReader(zips[0])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range r.File {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		src, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(src)
		src.Close()
		if err == nil {
			err = os.WriteFile(path, data, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "Associate Planner")
}

// step is one command, given to both builds with their own paths.
type step struct {
	name string
	args func(p paths) []string
}

// paths are where one build's files are, in its own operating system's form.
type paths struct {
	db, roster, trusts, planXLSX, letters, demoPlan, demoLetters string
}

// pathsIn names the files in dir, each path put in its system's form by name.
func pathsIn(dir string, name func(string) string) paths {
	at := func(file string) string { return name(filepath.Join(dir, file)) }
	return paths{db: at("My register.db"), roster: at("HR roster.xlsx"), trusts: at("NHS trusts etr.csv"),
		planXLSX: at("Plan 2027.xlsx"), letters: at("Letters to sign"), demoPlan: at("Demo plan.xlsx"),
		demoLetters: at("Demo letters")}
}

func TestWindowsBuildUnderWine(t *testing.T) {
	w := newWine(t)
	folder := unzipWindows(t, filepath.Join(w.home(), "Documents", "Apps"))
	cli := filepath.Join(folder, "associate-planner.exe")
	commit := strings.TrimSpace(run(t, nil, "git", "rev-parse", "--short", "HEAD"))
	linuxBin := filepath.Join(t.TempDir(), "associate-planner")
	run(t, nil, "go", "build", "-trimpath", "-ldflags", "-X main.commit="+commit, "-o", linuxBin, ".")

	// The same inputs for both, in folders with spaces and accents.
	docs := filepath.Join(w.home(), "Documents", "Rosters 2027 (Łódź)")
	linuxDir := filepath.Join(t.TempDir(), "Rosters 2027 (Łódź)")
	for _, dir := range []string{docs, linuxDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.WriteRoster(filepath.Join(dir, "HR roster.xlsx"), model.NewDate(2026, 12, 1), demo.Size{Associates: 400, Requests: 30}); err != nil {
			t.Fatal(err)
		}
		copyFile(t, "demo/etr.csv", filepath.Join(dir, "NHS trusts etr.csv"))
	}
	win := pathsIn(docs, w.winPath)
	lin := pathsIn(linuxDir, func(p string) string { return p })
	linuxDefault := filepath.Join(t.TempDir(), "default.db") // stands in for the Linux user's default register

	steps := []step{
		{"version", func(paths) []string { return []string{"version"} }},
		// The demo goes into the default register: on Windows, in the user's AppData.
		{"demo", func(paths) []string { return []string{"demo"} }},
		{"demo plan --commit", func(paths) []string { return []string{"plan", "--commit"} }},
		{"demo export plan", func(p paths) []string { return []string{"export", "plan", p.demoPlan} }},
		{"demo letters", func(p paths) []string { return []string{"letters", "--out", p.demoLetters} }},
		// A roster and the trust list into a register named with --db.
		{"import etr.csv", func(p paths) []string { return []string{"--db", p.db, "import", p.trusts} }},
		{"import roster", func(p paths) []string { return []string{"--db", p.db, "import", p.roster} }},
		{"plan --commit", func(p paths) []string { return []string{"--db", p.db, "plan", "--commit"} }},
		{"export plan", func(p paths) []string { return []string{"--db", p.db, "export", "plan", p.planXLSX} }},
		{"letters", func(p paths) []string { return []string{"--db", p.db, "letters", "--out", p.letters} }},
	}
	for _, s := range steps {
		winOut := run(t, w.env, "wine", append([]string{w.winPath(cli)}, s.args(win)...)...)
		linOut := run(t, append(os.Environ(), "ASSOCIATE_PLANNER_DB="+linuxDefault), linuxBin, s.args(lin)...)
		if !strings.Contains(winOut, "\r\n") {
			t.Errorf("%s: Windows output without Windows line endings: %q", s.name, winOut)
		}
		winText := strings.ReplaceAll(winOut, "\r\n", "\n")
		for _, p := range [][2]string{{win.db, lin.db}, {w.winPath(docs), linuxDir},
			{w.winPath(filepath.Join(w.home(), "AppData", "Roaming", "associate-planner", "register.db")), linuxDefault}} {
			winText = strings.ReplaceAll(winText, p[0], p[1])
		}
		winText = strings.ReplaceAll(winText, `\`, "/")
		if winText != linOut {
			t.Errorf("%s: the builds differ\nWindows:\n%s\nLinux:\n%s", s.name, winText, linOut)
		}
		t.Logf("%s: %s", s.name, firstLine(linOut))
	}

	appData := filepath.Join(w.home(), "AppData", "Roaming", "associate-planner", "register.db")
	if _, err := os.Stat(appData); err != nil {
		t.Errorf("the default register is not in the user's application data: %v", err)
	}
	for _, name := range []string{"Demo plan.xlsx", "Plan 2027.xlsx"} {
		sameWorkbook(t, filepath.Join(docs, name), filepath.Join(linuxDir, name))
	}
	for _, dir := range []string{"Demo letters", "Letters to sign"} {
		sameLetters(t, filepath.Join(docs, dir), filepath.Join(linuxDir, dir))
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// sameWorkbook fails the test unless two workbooks hold the same sheets and cells.
func sameWorkbook(t *testing.T, a, b string) {
	t.Helper()
	read := func(path string) map[string][][]string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := map[string][][]string{}
		for _, s := range f.GetSheetList() {
			if sheets[s], err = f.GetRows(s); err != nil {
				t.Fatal(err)
			}
		}
		return sheets
	}
	wa, wb := read(a), read(b)
	if fmt.Sprint(wa) != fmt.Sprint(wb) {
		t.Errorf("%s differs between the builds", filepath.Base(a))
	}
	if len(wa["Assignments"]) < 2 {
		t.Errorf("%s has no assignments", filepath.Base(a))
	}
}

// sameLetters fails the test unless two folders hold letters of the same names and words.
func sameLetters(t *testing.T, a, b string) {
	t.Helper()
	na, nb := fileNames(t, a), fileNames(t, b)
	if !slices.Equal(na, nb) || len(na) == 0 {
		t.Fatalf("%s: the builds wrote different letters:\n%v\n%v", filepath.Base(a), na, nb)
	}
	for _, name := range na {
		ta := run(t, nil, "pdftotext", "-layout", filepath.Join(a, name), "-")
		tb := run(t, nil, "pdftotext", "-layout", filepath.Join(b, name), "-")
		if ta != tb {
			t.Errorf("%s/%s reads differently from the two builds", filepath.Base(a), name)
		}
	}
	t.Logf("%s: %d letters, the same words from both builds", filepath.Base(a), len(na))
}

// TestWindowsAppWindowUnderWine starts the Windows app, as a new user with no register, on a
// virtual display, and works it from the keyboard: Tab and Space choose the demo register on
// the first-run screen, Ctrl+1 to Ctrl+8 show each tab, Ctrl+Q quits; each screen is
// screenshotted. They are kept in $ASSOCIATE_PLANNER_SHOTS when set, for a person to look at.
func TestWindowsAppWindowUnderWine(t *testing.T) {
	w := newWine(t)
	folder := unzipWindows(t, filepath.Join(w.home(), "Documents", "Apps"))
	x := startXvfb(t)
	shots := os.Getenv("ASSOCIATE_PLANNER_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	app := exec.Command("wine", w.winPath(filepath.Join(folder, "Associate Planner.exe")))
	app.Env = append(w.env, "DISPLAY="+x.display)
	var stderr bytes.Buffer
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	win := x.window(t, "Associate Planner", 2*time.Minute)
	// The window is mapped before its first frame is drawn: give it that long to draw.
	for end := time.Now().Add(time.Minute); screenshot(t, x.display, "root", filepath.Join(shots, "windows-welcome.png")) < 20; {
		if time.Now().After(end) {
			app.Process.Kill()
			t.Fatal("the window stayed blank")
		}
		time.Sleep(500 * time.Millisecond)
	}
	x.keys(t, win, "Tab", "space")
	time.Sleep(10 * time.Second) // the demo is written and read
	for i := range 8 {
		x.keys(t, win, fmt.Sprintf("ctrl+%d", i+1))
		x.shoot(t, "root", filepath.Join(shots, fmt.Sprintf("windows-tab-%d.png", i+1)))
	}
	x.keys(t, win, "ctrl+q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app failed: %v\n%s", err, stderr.String())
		}
	case <-time.After(time.Minute):
		app.Process.Kill()
		t.Fatal("Ctrl+Q did not end the app")
	}
	appData := filepath.Join(w.home(), "AppData", "Roaming", "associate-planner", "register.db")
	if _, err := os.Stat(appData); err != nil {
		t.Errorf("the demo register chosen on first run is not in the user's application data: %v", err)
	}
	t.Logf("screenshots in %s", shots)
}
