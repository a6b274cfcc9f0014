// Command cbccompare plans the synthetic problems (S, M, L, and the dense XL and XXL) with the scheduler and with
// the exact solver CBC (Debian package coinor-cbc) and prints, side by side, the seats
// filled per priority and the time each took. CBC solves the priorities in turn, each
// with the higher ones held at their optimum, which is what "coverage by priority" means.
//
//	go run ./scheduler/cbccompare [-sizes S,M,L,XL,XXL] [-cbc S,M,L] [-limit 300s] [-seed 1]
//
// Each row also gives the planner's bound gap: per priority, how many more seats its bound
// allows than it fills, and the largest of those as a share of that priority's seats.
// Sizes not in -cbc are planned without CBC beside them (CBC finds no answer to the dense
// national problems within hours).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"associateplanner/model"
	"associateplanner/scheduler"
	"associateplanner/scheduler/synthetic"
)

func main() {
	sizes := flag.String("sizes", "S,M,L", "problem sizes to compare")
	withCBC := flag.String("cbc", "S,M,L", "the sizes CBC solves too")
	limit := flag.Duration("limit", 300*time.Second, "CBC's time limit per priority")
	seed := flag.Uint64("seed", 1, "the synthetic problems' seed")
	flag.Parse()
	fmt.Printf("%-4s %-6s %-20s %9s  %-20s   %-20s %10s  %s\n", "size", "seats", "scheduler P1/P2/P3/P4", "time",
		"bound gap", "CBC P1/P2/P3/P4", "time", "verdict")
	failed := false
	for _, name := range strings.Split(*sizes, ",") {
		size, ok := synthetic.Sizes[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown size %q\n", name)
			os.Exit(2)
		}
		if !compare(size, *seed, *limit, slices.Contains(strings.Split(*withCBC, ","), name)) {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// compare plans one problem, then, if withCBC, solves it with CBC, and prints a row. It
// reports false when CBC proves a priority could hold more than the planner fills.
func compare(size synthetic.Size, seed uint64, limit time.Duration, withCBC bool) bool {
	d := synthetic.Generate(size, seed)
	start := time.Now()
	p, err := scheduler.Make(context.Background(), d, scheduler.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ours := time.Since(start)
	var got, gap [5]int
	seats, worst := 0, 0.0
	for _, c := range p.Coverage {
		got[c.Priority], gap[c.Priority] = c.Filled, c.Bound-c.Filled
		seats += c.Seats - c.Kept
		if c.Seats > 0 {
			worst = max(worst, 100*float64(c.Bound-c.Filled)/float64(c.Seats))
		}
	}
	row := fmt.Sprintf("%-4s %-6d %-20s %9s  %-20s", size.Name, seats, tiers(got), ours.Round(time.Millisecond),
		fmt.Sprintf("%s (%.1f%%)", tiers(gap), worst))
	if !withCBC {
		fmt.Printf("%s   %-20s %10s  %s\n", row, "-", "-", "not solved by CBC")
		return true
	}
	best, cbcTime, note := solveCBC(d, limit)
	verdict, ok := "equal", true
	for t := 1; t <= 4 && verdict == "equal"; t++ {
		switch {
		case got[t] < best[t]:
			verdict, ok = fmt.Sprintf("SHORT at P%d", t), false
		case got[t] > best[t]:
			verdict = fmt.Sprintf("more than CBC found at P%d", t)
		}
	}
	fmt.Printf("%s   %-20s %10s  %s%s\n", row, tiers(best), cbcTime.Round(time.Millisecond), verdict, note)
	return ok
}

func tiers(c [5]int) string { return fmt.Sprintf("%d/%d/%d/%d", c[1], c[2], c[3], c[4]) }

// solveCBC finds the best coverage tier by tier.
func solveCBC(d *model.Data, limit time.Duration) ([5]int, time.Duration, string) {
	dir, err := os.MkdirTemp("", "cbc")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var best [5]int
	var total time.Duration
	note := ""
	for t := 1; t <= 4; t++ {
		lpPath, solPath := filepath.Join(dir, fmt.Sprintf("p%d.lp", t)), filepath.Join(dir, fmt.Sprintf("p%d.sol", t))
		f, err := os.Create(lpPath)
		if err != nil {
			panic(err)
		}
		if err := scheduler.WriteCoverageLP(f, d, t, best); err != nil {
			panic(err)
		}
		f.Close()
		start := time.Now()
		out, err := exec.Command("cbc", lpPath, "sec", strconv.Itoa(int(limit.Seconds())), "solve", "solu", solPath).CombinedOutput()
		total += time.Since(start)
		if err != nil {
			fmt.Fprintf(os.Stderr, "cbc: %v\n%s", err, out)
			os.Exit(1)
		}
		value, status := readSolution(solPath)
		best[t] = value
		if !strings.HasPrefix(status, "Optimal") {
			note += fmt.Sprintf(" (CBC P%d: %s)", t, status)
		}
	}
	return best, total, note
}

// readSolution reads the objective value and status from CBC's solution file's first line,
// such as "Optimal - objective value 150.00000000".
func readSolution(path string) (int, string) {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	line := sc.Text()
	status, value, _ := strings.Cut(line, " - objective value ")
	v, err := strconv.ParseFloat(strings.Fields(value + " 0")[0], 64)
	if err != nil {
		return 0, line
	}
	if v < 0 {
		v = -v // CBC may report a maximum as the minimum of its negation
	}
	return int(v + 0.5), strings.TrimSpace(status)
}
