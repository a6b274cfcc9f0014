package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

func audit(t *testing.T, s model.Store) []model.AuditEntry {
	t.Helper()
	entries, err := s.Audit(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// testAuditEntries makes each kind of change at a known time as a known user: each entry
// carries them.
func testAuditEntries(t *testing.T, reg Register, clock *Clock) {
	ctx := context.Background()
	first := clock.Now()
	alice := filled(t, reg, "alice")
	seen := load(t, alice)
	later := time.Date(2027, 3, 4, 16, 45, 30, 0, time.UTC)
	clock.Set(later)
	bob := reg.Open(t, "bob")
	a := seen.Associates[0]
	a.Band = "8b"
	q := seen.Requests[0]
	q.Title = "Go-live rescue"
	as := seen.Assignments[0]
	as.Pinned = true
	settings := seen.Settings
	settings.ReleaseLimit = 4
	leave := []model.Unavailability{{StaffID: a.StaffID, Period: model.Period{From: day(2027, 5, 3), To: day(2027, 5, 7)}}}
	writes := []func() error{
		func() error { return bob.SaveAssociate(ctx, a, seen.Versions.Associates[a.StaffID]) },
		func() error { return bob.SaveRequest(ctx, q, nil, seen.Versions.Requests[q.Ref]) },
		func() error { return bob.SaveAssignments(ctx, []model.Assignment{as}, seen.Versions.Assignments) },
		func() error { return bob.SaveSettings(ctx, settings) },
		func() error { return bob.Apply(ctx, &model.Changeset{Unavailability: leave}) },
		func() error { _, err := bob.Erase(ctx, a.StaffID); return err },
	}
	for _, w := range writes {
		if err := w(); err != nil {
			t.Fatal(err)
		}
	}
	kinds := map[string]bool{}
	for _, e := range audit(t, bob) {
		at, err := time.Parse(time.RFC3339, e.At)
		switch {
		case err != nil:
			t.Errorf("%s %s at %q: %v", e.Change, e.Entity, e.At, err)
		case !(at.Equal(first) && e.User == "alice") && !(at.Equal(later) && e.User == "bob"),
			e.Change != "insert" && e.User != "bob":
			t.Errorf("%s %s %s recorded at %s by %q", e.Change, e.Entity, e.Key, e.At, e.User)
		}
		kinds[e.Change+" "+e.Entity] = true
	}
	for _, k := range []string{"insert organisation", "insert associate", "insert unavailability", "insert request",
		"insert role", "insert assignment", "insert lesson", "insert setting", "update associate", "update request",
		"update assignment", "update setting", "delete unavailability", "erase associate"} {
		if !kinds[k] {
			t.Errorf("no %s entry in %v", k, kinds)
		}
	}
}

// personal is what the sample holds on associate 00123 that identifies them.
var personal = []string{"00123", "Siobhán", "Súilleabháin", "siobhan@nhs.net", "0113 000 0000", "Prefers the north"}

func testErase(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	erased, err := s.Erase(ctx, "00123")
	if err != nil {
		t.Fatal(err)
	}
	anon := erased.Anon
	d := load(t, s)
	a := d.Associates[0]
	if a.StaffID != anon || anon == "00123" || a.Name == sample().Associates[0].Name || a.Email+a.Phone+a.Notes != "" || a.Active ||
		len(a.Skills)+len(a.Systems)+len(a.Clearances)+len(d.Unavailability) != 0 {
		t.Errorf("after erasure: %+v, leave %v", a, d.Unavailability)
	}
	if len(d.Assignments) != 1 || d.Assignments[0].StaffID != anon || d.Lessons[0].Author+d.Lessons[0].AuthorID != "" {
		t.Errorf("past assignments or lessons: %+v %+v", d.Assignments, d.Lessons)
	}
	for _, e := range audit(t, s) {
		for _, p := range personal {
			if strings.Contains(e.Key+e.Before+e.After, p) {
				t.Errorf("the audit trail still holds %q: %+v", p, e)
			}
		}
	}
	wantCode(t, func() error { _, err := s.Erase(ctx, "00123"); return err }(), model.ENOTFOUND)
	if err := s.Apply(ctx, &model.Changeset{Associates: []model.Associate{associate("00124")}}); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Erase(ctx, "00124"); err != nil || again.Anon == anon {
		t.Errorf("a second erasure gave %q (the first %q): %v", again.Anon, anon, err)
	}
}

// testEraseExact erases "ab1" beside "AB1" and "Q / ab1", whose audit entries end alike:
// theirs stay whole. Wildcards match nobody.
func testEraseExact(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	c := &model.Changeset{}
	for _, id := range []string{"ab1", "AB1", "Q / ab1"} {
		a := associate(id)
		a.Name = "Name of " + id
		c.Associates = append(c.Associates, a)
		c.Assignments = append(c.Assignments, proposal(id))
		c.Unavailability = append(c.Unavailability, model.Unavailability{StaffID: id, Period: model.Period{From: day(2027, 6, 1), To: day(2027, 6, 2)}})
	}
	if err := s.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	before := len(audit(t, s))
	for _, pattern := range []string{"%", "_b1", "a%"} {
		wantCode(t, func() error { _, err := s.Erase(ctx, pattern); return err }(), model.ENOTFOUND)
	}
	if _, err := s.Erase(ctx, "ab1"); err != nil {
		t.Fatal(err)
	}
	kept := map[string]int{}
	for _, e := range audit(t, s) {
		for _, id := range []string{"AB1", "Q / ab1"} {
			if (e.Key == id || strings.HasSuffix(e.Key, " / "+id)) && strings.Contains(e.Key+e.After, id) {
				kept[id]++
			}
		}
		if strings.Contains(e.Before+e.After, "Name of ab1") {
			t.Errorf("the erased associate is still in %+v", e)
		}
	}
	if kept["AB1"] != 3 || kept["Q / ab1"] != 3 || len(audit(t, s)) < before+1 {
		t.Errorf("the others' entries (associate, leave, assignment each): %v; %d entries, was %d", kept, len(audit(t, s)), before)
	}
	names := map[string]string{}
	for _, a := range load(t, s).Associates {
		names[a.StaffID] = a.Name
	}
	if len(names) != 4 || names["AB1"] != "Name of AB1" || names["Q / ab1"] != "Name of Q / ab1" || names["ab1"] != "" {
		t.Errorf("associates after: %v", names)
	}
}
