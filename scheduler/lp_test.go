package scheduler

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"associateplanner/model"
	"associateplanner/scheduler/synthetic"
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
		if got := cbcCoverage(t, d, filepath.Join(dir, "m")); got != want {
			t.Fatalf("instance %d: CBC on the LP finds %v, exhaustive search %v", i, got[1:], want[1:])
		}
		compared++
	}
	if compared < 20 {
		t.Fatalf("only %d instances compared", compared)
	}
}

// TestPlansAndBoundsAgreeWithCBC plans synthetic problems of 300 associates and 20
// requests, the size of a busy real register, and asks CBC for the best coverage priority
// by priority: the plan must fill exactly that, and no priority's bound may be below it.
// The bounds must also be tight enough to prove each plan optimal, so that the app says
// "optimal" rather than "at most 1 more" on registers of this size.
func TestPlansAndBoundsAgreeWithCBC(t *testing.T) {
	dir := t.TempDir()
	proved := 0
	for seed := range uint64(6) {
		d := synthetic.Generate(synthetic.S, seed+1)
		p, err := Make(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		best := cbcCoverage(t, d, filepath.Join(dir, fmt.Sprint(seed)))
		if got := coverageOf(p); got != best {
			t.Errorf("seed %d: the plan fills %v, CBC %v", seed+1, got[1:], best[1:])
		}
		for _, c := range p.Coverage {
			if c.Bound < best[c.Priority] {
				t.Errorf("seed %d: priority %d bound %d, but CBC fills %d", seed+1, c.Priority, c.Bound, best[c.Priority])
			}
		}
		if p.Optimal {
			proved++
		}
	}
	if proved < 6 {
		t.Errorf("only %d of 6 plans proved optimal by their bounds", proved)
	}
}

// cbcCoverage solves d's coverage model with CBC priority by priority, each with the higher
// ones held at their best, writing its files under prefix.
func cbcCoverage(t *testing.T, d *model.Data, prefix string) [5]int {
	t.Helper()
	var got [5]int
	for tier := 1; tier <= 4; tier++ {
		path := fmt.Sprintf("%s_%d.lp", prefix, tier)
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
	return got
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
