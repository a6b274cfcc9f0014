package main

import (
	"bufio"
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

// TestSmokeUnderXvfb builds the real binary and starts it with no register in a virtual X
// display: it screenshots the first-run choices, then every tab as the app tours the demo
// register it chose. It fails if the window crashes, a screen never shows, or a screenshot
// is blank. The pictures are kept in $ASSOCIATE_PLANNER_SHOTS when set, for a person to
// look at.
func TestSmokeUnderXvfb(t *testing.T) {
	for _, tool := range []string{"Xvfb", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: `make test` installs xvfb and imagemagick", tool)
		}
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	display := startXvfb(t)
	shots := os.Getenv("ASSOCIATE_PLANNER_SHOTS")
	if shots == "" {
		shots = dir
	}
	app := exec.Command(bin, "--db", filepath.Join(dir, "demo.db"))
	app.Env = append(os.Environ(), "DISPLAY="+display, "ASSOCIATE_PLANNER_TOUR=1", "HOME="+dir)
	stdout, _ := app.StdoutPipe()
	var stderr strings.Builder
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	watchdog := time.AfterFunc(2*time.Minute, func() { app.Process.Kill() }) // a hung app must not hang the tests
	defer watchdog.Stop()
	seen := 0
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		tab, ok := strings.CutPrefix(lines.Text(), "tour ")
		if !ok {
			continue
		}
		if n := screenshot(t, display, filepath.Join(shots, tab+".png")); n < 20 {
			t.Errorf("the %s screen looks blank: %d colours", tab, n)
		}
		seen++
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app failed: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		app.Process.Kill()
		t.Fatal("the app did not finish its tour")
	}
	if seen != 9 {
		t.Fatalf("%d of 9 screens (first run and 8 tabs) shown\n%s", seen, stderr.String())
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

// startXvfb starts a virtual display for the test and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
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
	return fmt.Sprintf(":%d", n)
}

// screenshot saves the whole display to path and returns how many colours it shows.
func screenshot(t *testing.T, display, path string) int {
	t.Helper()
	if out, err := exec.Command("import", "-display", display, "-window", "root", path).CombinedOutput(); err != nil {
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
