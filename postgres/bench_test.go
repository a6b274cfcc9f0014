package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"associateplanner/model"
	"associateplanner/sqlite"
)

// bigRegister is ten thousand associates with their skills, systems and clearances,
// employed by two hundred organisations.
func bigRegister(n int) *model.Changeset {
	c := &model.Changeset{}
	for i := range 200 {
		c.Organisations = append(c.Organisations, model.Organisation{Code: fmt.Sprintf("R%03d", i), Name: fmt.Sprintf("Trust %d", i)})
	}
	skills := []string{"Data migration", "Cutover planning", "Training", "Testing", "Interfaces", "Clinical safety"}
	for i := range n {
		c.Associates = append(c.Associates, model.Associate{StaffID: fmt.Sprintf("%06d", i), Name: fmt.Sprintf("Person %d", i),
			Email: fmt.Sprintf("p%d@nhs.net", i), HomeOrg: fmt.Sprintf("R%03d", i%200), Band: "7", MaxDays: 30, Active: true,
			Skills: []model.SkillLevel{{Skill: skills[i%6], Level: 1 + i%5}, {Skill: skills[(i+1)%6], Level: 1 + (i+2)%5},
				{Skill: skills[(i+3)%6], Level: 3}},
			Systems:    []string{"Epic", "Cerner Millennium"}[:1+i%2],
			Clearances: []model.Clearance{{Type: "DBS", Expiry: model.NewDate(2028, 3, 31)}}})
	}
	return c
}

// BenchmarkLoad10k reads a register of ten thousand associates with their lists, from a
// SQLite file and from a team register holding the same data.
func BenchmarkLoad10k(b *testing.B) {
	ctx := context.Background()
	data := bigRegister(10_000)
	lite, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "register.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	team, _ := benchTeam(b)
	for _, s := range []model.Store{lite, team} {
		if err := s.Apply(ctx, data); err != nil {
			b.Fatal(err)
		}
	}
	for name, s := range map[string]model.Store{"sqlite": lite, "postgres": team} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				d, err := s.Load(ctx)
				if err != nil || len(d.Associates) != 10_000 {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchTeam opens a new team register as its owner and returns it with its address.
func benchTeam(b *testing.B) (*Store, string) {
	b.Helper()
	r := newTeamRegister(b, nil)
	url := r.srv.URLWithPassword(r.owner, r.db)
	s, err := Open(context.Background(), url, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, url
}

// BenchmarkLiveRefresh has one client confirm an assignment while another watches: the
// time from the commit to the watcher's reload of the whole register (what the app then
// draws), over a register of two thousand associates.
func BenchmarkLiveRefresh(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writer, url := benchTeam(b)
	c := bigRegister(2000)
	c.Requests = []model.Request{{Ref: "REQ-1", Trust: "R000", Title: "Go-live", Kind: model.KindEmergency, Priority: 1,
		Period: model.Period{From: model.NewDate(2027, 1, 4), To: model.NewDate(2027, 3, 26)}, Mode: model.ModeRemote, Status: model.RequestOpen}}
	c.Roles = []model.Role{{RequestRef: "REQ-1", Name: "Lead", Headcount: 1, Period: c.Requests[0].Period}}
	c.Assignments = []model.Assignment{{RequestRef: "REQ-1", Role: "Lead", StaffID: "000001", Period: c.Requests[0].Period, Status: model.Proposed}}
	if err := writer.Apply(ctx, c); err != nil {
		b.Fatal(err)
	}
	watcher, err := Open(ctx, url, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer watcher.Close()
	shown := make(chan time.Time, 1)
	go watcher.Watch(ctx, func(model.Change) { //nolint:errcheck // ends with ctx
		if _, err := watcher.Load(ctx); err == nil {
			shown <- time.Now()
		}
	})
	time.Sleep(300 * time.Millisecond)
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		d, err := writer.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		a := d.Assignments[0]
		a.Pinned = i%2 == 0
		start := time.Now()
		if err := writer.SaveAssignments(ctx, []model.Assignment{a}, d.Versions.Assignments); err != nil {
			b.Fatal(err)
		}
		took = append(took, (<-shown).Sub(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "median-ms")
	b.ReportMetric(float64(took[len(took)-1].Milliseconds()), "worst-ms")
}
