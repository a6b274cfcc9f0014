package postgres

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"associateplanner/model"
)

// BenchmarkTenClients runs ten client processes on one team register for
// AP_CLIENTS_SECONDS (default 60), each mixing edits of shared associates, imports of
// leave and plan commits. Every acknowledged change must be there afterwards (in the
// register or, for what later changes replaced, its audit trail), every refusal must be a
// stale-data one in plain words, and no client may see a deadlock or serialisation error.
func BenchmarkTenClients(b *testing.B) {
	seconds := 60
	if s, err := strconv.Atoi(os.Getenv("AP_CLIENTS_SECONDS")); err == nil {
		seconds = s
	}
	owner, url := benchTeam(b)
	ctx := context.Background()
	c := bigRegister(50)
	c.Requests = []model.Request{{Ref: "REQ-1", Trust: "R000", Title: "Go-live", Kind: model.KindEmergency, Priority: 1,
		Period: model.Period{From: model.NewDate(2027, 1, 4), To: model.NewDate(2027, 3, 26)}, Mode: model.ModeRemote, Status: model.RequestOpen}}
	c.Roles = []model.Role{{RequestRef: "REQ-1", Name: "Lead", Headcount: 60, Period: c.Requests[0].Period}}
	if err := owner.Apply(ctx, c); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		lines := runClients(b, url, seconds)
		checkClients(b, owner, lines)
	}
}

// runClients starts ten processes of this test binary as clients and gathers what each
// reports, one line per operation: ACK kind token, REFUSED message, or ERROR message.
func runClients(b *testing.B, url string, seconds int) []string {
	var mu sync.Mutex
	var lines []string
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestClientProcess$")
			cmd.Env = append(os.Environ(), "AP_CLIENT_URL="+url, fmt.Sprintf("AP_CLIENT=%d", i), fmt.Sprintf("AP_CLIENTS_SECONDS=%d", seconds))
			out, err := cmd.Output()
			if err != nil {
				b.Errorf("client %d: %v", i, err)
			}
			mu.Lock()
			defer mu.Unlock()
			sc := bufio.NewScanner(strings.NewReader(string(out)))
			for sc.Scan() {
				if l := sc.Text(); strings.HasPrefix(l, "ACK ") || strings.HasPrefix(l, "REFUSED ") || strings.HasPrefix(l, "ERROR ") {
					lines = append(lines, l)
				}
			}
		})
	}
	wg.Wait()
	return lines
}

// checkClients finds every acknowledged token in the audit trail and counts the rest.
func checkClients(b *testing.B, owner *Store, lines []string) {
	entries, err := owner.Audit(context.Background(), 0)
	if err != nil {
		b.Fatal(err)
	}
	var trail strings.Builder
	for _, e := range entries {
		trail.WriteString(e.After)
	}
	counts := map[string]int{}
	for _, l := range lines {
		kind, rest, _ := strings.Cut(l, " ")
		switch kind {
		case "ACK":
			what, token, _ := strings.Cut(rest, " ")
			counts["acknowledged "+what]++
			if !strings.Contains(trail.String(), `"`+token+`"`) {
				b.Errorf("acknowledged %s %s is not in the register's history", what, token)
			}
		case "REFUSED":
			counts["refused as stale"]++
			if !strings.Contains(rest, "after you opened it") && !strings.Contains(rest, "plan again") {
				b.Errorf("refused without a stale-data message: %s", rest)
			}
		default:
			counts["errors shown"]++
			b.Errorf("a client saw: %s", rest)
		}
	}
	b.Logf("ten clients: %v", counts)
	for k, n := range counts {
		b.ReportMetric(float64(n), strings.ReplaceAll(k, " ", "-"))
	}
}

// TestClientProcess is one client of BenchmarkTenClients, run in a process of its own; as
// a plain test it does nothing.
func TestClientProcess(t *testing.T) {
	url := os.Getenv("AP_CLIENT_URL")
	if url == "" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, url, Options{})
	if err != nil {
		fmt.Println("ERROR", model.ErrorDetail(err))
		return
	}
	defer s.Close()
	me, _ := strconv.Atoi(os.Getenv("AP_CLIENT"))
	seconds, _ := strconv.Atoi(os.Getenv("AP_CLIENTS_SECONDS"))
	rng := rand.New(rand.NewPCG(uint64(me), 1))
	for n, end := 0, time.Now().Add(time.Duration(seconds)*time.Second); time.Now().Before(end); n++ {
		token := fmt.Sprintf("c%d-%d", me, n)
		kind, err := clientStep(ctx, s, rng.IntN(3), token, rng)
		switch {
		case err == nil:
			fmt.Println("ACK", kind, token)
		case model.ErrorCode(err) == model.ECONFLICT:
			fmt.Println("REFUSED", err)
		default:
			fmt.Println("ERROR", model.ErrorDetail(err))
		}
	}
}

// clientStep makes one change, as a person would: on data just read, after a pause.
func clientStep(ctx context.Context, s *Store, op int, token string, rng *rand.Rand) (string, error) {
	d, err := s.Load(ctx)
	if err != nil {
		return "", err
	}
	time.Sleep(time.Duration(rng.IntN(50)) * time.Millisecond) // the person looks, then acts
	switch op {
	case 0: // an edit of an associate others edit too
		a := d.Associates[rng.IntN(10)]
		a.Notes = token
		return "edit", s.SaveAssociate(ctx, a, d.Versions.Associates[a.StaffID])
	case 1: // an import of leave
		from := model.NewDate(2027, 4, 1) + model.Date(rng.IntN(300))
		return "import", s.Apply(ctx, &model.Changeset{Unavailability: []model.Unavailability{{StaffID: d.Associates[rng.IntN(50)].StaffID,
			Period: model.Period{From: from, To: from + 2}, Reason: token}}})
	}
	p := model.Assignment{RequestRef: "REQ-1", Role: "Lead", StaffID: d.Associates[rng.IntN(50)].StaffID,
		Period: d.Roles[0].Period, Status: model.Proposed, Reason: token}
	return "plan-commit", s.CommitPlan(ctx, d.Revision, []model.Assignment{p})
}
