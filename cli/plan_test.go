package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
	"associateplanner/sqlite"
)

func TestPlanCommitAndExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	run(t, db, "demo")

	code, out, errs := run(t, db, "plan")
	if code != ExitOK || !strings.Contains(out, "Coverage: P1 ") || !strings.Contains(out, "Budget 20") {
		t.Fatalf("plan: exit %d\n%s\n%s", code, out, errs)
	}
	reg, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	before, _ := reg.Load(context.Background())
	if n := countStatus(before, model.Proposed); n != 0 {
		t.Fatalf("plan without --commit saved %d proposals", n)
	}

	code, out, _ = run(t, db, "plan", "--json", "--commit")
	var p struct {
		Assignments []struct {
			StaffID string `json:"staffId"`
			Kept    bool   `json:"kept"`
			From    string `json:"from"`
		} `json:"assignments"`
		Coverage []struct{ Priority, Seats, Filled, Bound int } `json:"coverage"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil || code != ExitOK {
		t.Fatalf("plan --json: exit %d, %v\n%.300s", code, err, out)
	}
	after, _ := reg.Load(context.Background())
	proposed := 0
	for _, a := range p.Assignments {
		if !a.Kept {
			proposed++
		}
	}
	if n := countStatus(after, model.Proposed); n != proposed || n == 0 {
		t.Fatalf("--commit saved %d proposals, the plan made %d", n, proposed)
	}
	if countStatus(after, model.Confirmed)+countStatus(after, model.Active) != len(before.Assignments) {
		t.Fatal("--commit changed the commitments")
	}

	// Planning again proposes the same people: nothing moves without a reason.
	_, out2, _ := run(t, db, "plan", "--json")
	if placements(t, out2) != placements(t, out) {
		t.Error("re-planning an unchanged register moved people")
	}

	path := filepath.Join(dir, "plan.xlsx")
	if code, _, errs := run(t, db, "export", "plan", path); code != ExitOK {
		t.Fatalf("export plan: %s", errs)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Assignments,Unfilled,Utilisation,Budget" {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("Assignments")
	if len(rows) != len(p.Assignments)+1 || rows[0][12] != "Cost (£)" {
		t.Errorf("Assignments sheet has %d rows, header %v", len(rows), rows[0])
	}
	budget, _ := f.GetRows("Budget")
	if len(budget) < 2 || !strings.HasPrefix(budget[1][0], "20") {
		t.Errorf("Budget sheet %v", budget)
	}
}

func countStatus(d *model.Data, s model.AssignmentStatus) int {
	n := 0
	for _, a := range d.Assignments {
		if a.Status == s {
			n++
		}
	}
	return n
}

// placements lists who a JSON plan puts where.
func placements(t *testing.T, js string) string {
	t.Helper()
	var p struct {
		Assignments []model.Assignment `json:"assignments"`
	}
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range p.Assignments {
		b.WriteString(a.RequestRef + "|" + a.Role + "|" + a.StaffID + "|" + a.Period.String() + "\n")
	}
	return b.String()
}

// A commitment that breaks a rule (leave imported over a Confirmed secondment) is said by
// `plan`, which keeps it as it is for a person to decide.
func TestPlanWarnsOfACommitmentThatBreaksARule(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "r.db")
	run(t, db, "demo")
	reg, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := reg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var held model.Assignment
	for _, a := range d.Assignments {
		if a.Status == model.Confirmed {
			held = a
			break
		}
	}
	if held.StaffID == "" {
		t.Fatal("the demo has no Confirmed secondment")
	}
	leave := model.Unavailability{StaffID: held.StaffID, Period: held.Period, Reason: "Sickness"}
	err = reg.Apply(ctx, &model.Changeset{Unavailability: append(d.Unavailability, leave)})
	reg.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, db, "plan")
	if code != ExitOK || !strings.Contains(errs, "warning: a commitment breaks a rule: "+held.RequestRef) {
		t.Errorf("plan: exit %d, said:\n%s", code, errs)
	}
}
