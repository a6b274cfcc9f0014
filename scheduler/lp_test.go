package scheduler

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLPModelAgreesWithExhaustiveSearch solves the LP that WriteCoverageLP writes with CBC
// and checks the optimum, tier by tier, against the exhaustive search: the model handed
// to CBC in the benchmark is the problem planning.md defines. CBC comes from the Debian
// package coinor-cbc, which `make test` installs.
func TestLPModelAgreesWithExhaustiveSearch(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Fatal("cbc is not installed: run `make test`, which installs coinor-cbc")
	}
	rng := rand.New(rand.NewPCG(3, 5))
	dir := t.TempDir()
	compared := 0
	for i := range 40 {
		d := randomWorld(rng)
		want := bestCoverage(d)
		if want[0] < 0 {
			continue
		}
		var got [5]int
		for tier := 1; tier <= 4; tier++ {
			path := filepath.Join(dir, "m.lp")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteCoverageLP(f, d, tier, got); err != nil {
				t.Fatal(err)
			}
			f.Close()
			got[tier] = cbcObjective(t, path)
		}
		if got != want {
			t.Fatalf("instance %d: CBC on the LP finds %v, exhaustive search %v", i, got[1:], want[1:])
		}
		compared++
	}
	if compared < 20 {
		t.Fatalf("only %d instances compared", compared)
	}
}

func cbcObjective(t *testing.T, lp string) int {
	t.Helper()
	sol := lp + ".sol"
	if out, err := exec.Command("cbc", lp, "solve", "solu", sol).CombinedOutput(); err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	f, err := os.Open(sol)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	status, value, ok := strings.Cut(sc.Text(), " - objective value ")
	if !ok || !strings.HasPrefix(status, "Optimal") {
		t.Fatalf("cbc: %q", sc.Text())
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil {
		t.Fatal(err)
	}
	if v < 0 {
		v = -v
	}
	return int(v + 0.5)
}
