package main

import (
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSmokeUnderXvfb builds the real binary and works it from the keyboard, as a person
// would, on a virtual X display: with no register it shows the first-run choices, Tab and
// Space choose the demo register, Ctrl+1 to Ctrl+8 show each tab and Ctrl+N the new request
// form (Escape closes it) at a 1024×700 laptop size and again at 1440×900, and Ctrl+Q quits. It fails if the window crashes, a screen
// never shows, or a screenshot is blank. The pictures are kept in $ASSOCIATE_PLANNER_SHOTS
// when set, for a person to look at.
func TestSmokeUnderXvfb(t *testing.T) {
	for _, tool := range []string{"Xvfb", "import", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: `make test` installs xvfb, imagemagick and xdotool", tool)
		}
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	x := startXvfb(t)
	shots := os.Getenv("ASSOCIATE_PLANNER_SHOTS")
	if shots == "" {
		shots = dir
	}
	app := exec.Command(bin, "--db", filepath.Join(dir, "demo.db"))
	app.Env = append(os.Environ(), "DISPLAY="+x.display, "HOME="+dir)
	var stderr strings.Builder
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	watchdog := time.AfterFunc(3*time.Minute, func() { app.Process.Kill() }) // a hung app must not hang the tests
	defer watchdog.Stop()

	win := x.window(t, "Associate Planner", time.Minute)
	x.resize(t, win, 1024, 700)
	x.shoot(t, win, filepath.Join(shots, "welcome-1024x700.png"))
	x.keys(t, win, "Tab", "space") // the first choice: explore the demo register
	time.Sleep(5 * time.Second)    // the demo is written and read
	tabs := []string{"dashboard", "associates", "requests", "planning", "timeline", "letters", "lessons", "settings"}
	for _, size := range [][2]int{{1024, 700}, {1440, 900}} {
		x.resize(t, win, size[0], size[1])
		for i, tab := range tabs {
			x.keys(t, win, fmt.Sprintf("ctrl+%d", i+1))
			x.shoot(t, win, filepath.Join(shots, fmt.Sprintf("%s-%dx%d.png", tab, size[0], size[1])))
		}
		x.keys(t, win, "ctrl+n") // the new request form, then Escape closes it
		x.shoot(t, win, filepath.Join(shots, fmt.Sprintf("new-request-%dx%d.png", size[0], size[1])))
		x.keys(t, win, "Escape")
	}
	x.keys(t, win, "ctrl+f", "a", "ctrl+q") // shortcuts work with the cursor in the search box too
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app failed: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		app.Process.Kill()
		t.Fatal("Ctrl+Q did not quit the app")
	}
	if _, err := os.Stat(filepath.Join(dir, "demo.db")); err != nil {
		t.Errorf("choosing the demo made no register: %v", err)
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildBinary builds the real associate-planner once for all the tests that run it.
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ap-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "associate-planner")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// xDisplay is a virtual X display that tests drive with xdotool.
type xDisplay struct{ display string }

// startXvfb starts a virtual display for the test.
func startXvfb(t *testing.T) xDisplay {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	w.Close()
	var n int
	if _, err := fmt.Fscan(r, &n); err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	return xDisplay{fmt.Sprintf(":%d", n)}
}

// xdotool runs xdotool on the display and returns what it printed.
func (x xDisplay) xdotool(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// window waits up to d for a window titled title and returns its id.
func (x xDisplay) window(t *testing.T, title string, d time.Duration) string {
	t.Helper()
	for end := time.Now().Add(d); ; time.Sleep(300 * time.Millisecond) {
		cmd := exec.Command("xdotool", "search", "--name", "^"+title+"$")
		cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
		if out, err := cmd.Output(); err == nil && len(strings.Fields(string(out))) > 0 {
			time.Sleep(2 * time.Second) // mapped before its first frame: give it time to draw
			return strings.Fields(string(out))[0]
		}
		if time.Now().After(end) {
			t.Fatalf("no window %q appeared", title)
		}
	}
}

// resize sets the window's size, as a person dragging its corner would, and lets it redraw.
func (x xDisplay) resize(t *testing.T, win string, w, h int) {
	t.Helper()
	x.xdotool(t, "windowsize", win, fmt.Sprint(w), fmt.Sprint(h))
	x.xdotool(t, "windowmove", win, "0", "0")
	time.Sleep(time.Second)
}

// keys types key combinations into the window, one after another, each given time to act.
func (x xDisplay) keys(t *testing.T, win string, keys ...string) {
	t.Helper()
	x.xdotool(t, "windowfocus", "--sync", win)
	for _, k := range keys {
		x.xdotool(t, "key", "--window", win, k)
		time.Sleep(800 * time.Millisecond)
	}
}

// shoot saves the window win (the whole display for "root") to path and fails the test
// when it looks blank.
func (x xDisplay) shoot(t *testing.T, win, path string) {
	t.Helper()
	if n := screenshot(t, x.display, win, path); n < 20 {
		t.Errorf("%s looks blank: %d colours", filepath.Base(path), n)
	}
}

// screenshot saves a window of the display (the whole display for "root") to path and
// returns how many colours it shows.
func screenshot(t *testing.T, display, win, path string) int {
	t.Helper()
	if out, err := exec.Command("import", "-display", display, "-window", win, path).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	return colours(t, path)
}

// colours counts the distinct colours in a sample of a picture's pixels.
func colours(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
