// Command cbccompare plans the synthetic problems (S, M, L, and the dense XL and XXL) with the scheduler and with
// the exact solver CBC (Debian package coinor-cbc) and prints, side by side, the seats
// filled per priority and the time each took. CBC solves the priorities in turn, each
// with the higher ones held at their optimum, which is what "coverage by priority" means.
//
//	go run ./scheduler/cbccompare [-sizes S,M,L,XL,XXL] [-cbc S,M,L] [-relax XL] [-limit 300s] [-seed 1]
//
// Each row also gives the planner's bound gap: per priority, how many more seats its bound
// allows than it fills, and the largest of those as a share of that priority's seats.
// Sizes not in -cbc are planned without CBC beside them (CBC finds no answer to the dense
// national problems within hours). For sizes in -relax a line below the row gives each
// priority's linear relaxation, solved by CLP with the higher priorities held at the plan's
// seats: no bound built on that relaxation can be tighter.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
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
	relax := flag.String("relax", "", "the sizes whose linear relaxation CLP solves too (XL: about 10 minutes a priority)")
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
		with := func(list string) bool { return slices.Contains(strings.Split(list, ","), name) }
		if !compare(size, *seed, *limit, with(*withCBC), with(*relax)) {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// compare plans one problem, then, if withCBC, solves it with CBC, and prints a row, and if
// relax, a line with the linear relaxation's bounds below it. It reports false when CBC
// proves a priority could hold more than the planner fills.
func compare(size synthetic.Size, seed uint64, limit time.Duration, withCBC, relax bool) bool {
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
	if relax {
		defer printRelaxation(d, got)
	}
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

// printRelaxation prints the linear relaxation's bounds and how far they stand above the plan.
func printRelaxation(d *model.Data, filled [5]int) {
	lp := relaxation(d, filled)
	var above [5]int
	for t := range lp {
		above[t] = lp[t] - filled[t]
	}
	fmt.Printf("     linear relaxation, higher priorities held at the plan's seats: %s (above the plan: %s)\n",
		tiers(lp), tiers(above))
}

func tiers(c [5]int) string { return fmt.Sprintf("%d/%d/%d/%d", c[1], c[2], c[3], c[4]) }

// solveCBC finds the best coverage tier by tier.
func solveCBC(d *model.Data, limit time.Duration) ([5]int, time.Duration, string) {
	var best [5]int
	var total time.Duration
	note := ""
	for t := 1; t <= 4; t++ {
		start := time.Now()
		value, status := runCBC(d, t, best, "sec", strconv.Itoa(int(limit.Seconds())), "solve")
		total += time.Since(start)
		best[t] = int(value + 0.5)
		if !strings.HasPrefix(status, "Optimal") {
			note += fmt.Sprintf(" (CBC P%d: %s)", t, status)
		}
	}
	return best, total, note
}

// relaxation bounds each priority by the coverage model's linear relaxation, with the
// higher priorities held at the seats the planner filled (as its own bound holds them),
// solved by CLP's interior point method. No bound built on that relaxation can be tighter,
// so the part of the planner's gap above it is slack in the bound, the part below it
// integrality or seats the planner left empty.
func relaxation(d *model.Data, filled [5]int) [5]int {
	var b [5]int
	for t := 1; t <= 4; t++ {
		value, status := runCBC(d, t, filled, "crossover", "off", "barrier")
		if !strings.HasPrefix(status, "Optimal") {
			fmt.Fprintf(os.Stderr, "CLP P%d: %s\n", t, status)
			os.Exit(1)
		}
		b[t] = int(math.Floor(value + 1e-4)) // interior point: near the optimum, not on it
	}
	return b
}

// runCBC writes priority t's model, holding the higher priorities at locks, runs CBC on it
// with args and returns the objective value and status of the solution it writes.
func runCBC(d *model.Data, t int, locks [5]int, args ...string) (float64, string) {
	dir, err := os.MkdirTemp("", "cbc")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	lpPath, solPath := filepath.Join(dir, "p.lp"), filepath.Join(dir, "p.sol")
	f, err := os.Create(lpPath)
	if err != nil {
		panic(err)
	}
	if err := scheduler.WriteCoverageLP(f, d, t, locks); err != nil {
		panic(err)
	}
	f.Close()
	args = append(append([]string{lpPath}, args...), "solu", solPath)
	if out, err := exec.Command("cbc", args...).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "cbc: %v\n%s", err, out)
		os.Exit(1)
	}
	return readSolution(solPath)
}

// readSolution reads the objective value and status from CBC's solution file's first line,
// such as "Optimal - objective value 150.00000000".
func readSolution(path string) (float64, string) {
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
	return math.Abs(v), strings.TrimSpace(status) // CBC may report a maximum as the minimum of its negation
}
