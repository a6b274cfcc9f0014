package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

// testGuardedApply has Alice merge a change on the register as she read it while Bob saves
// first: her guarded change is refused whole, naming Bob, and his stands; merged again on
// the register as it is now, it is written beside his.
func testGuardedApply(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	alice, bob := filled(t, reg, "alice"), reg.Open(t, "bob")
	seen := load(t, alice)
	theirs := seen.Associates[0]
	theirs.Phone = "0113 999 9999"
	if err := bob.SaveAssociate(ctx, theirs, seen.Versions.Associates[theirs.StaffID]); err != nil {
		t.Fatal(err)
	}
	mine := seen.Associates[0]
	mine.Email = "new@nhs.net"
	err := alice.Apply(ctx, (&model.Changeset{Associates: []model.Associate{mine}}).OnRevision(seen.Revision))
	wantCode(t, err, model.ECONFLICT, "bob", "nothing was written")
	if !errors.Is(err, model.ErrChanged) {
		t.Errorf("the refusal is not ErrChanged: %v", err)
	}
	if a := load(t, alice).Associates[0]; a.Phone != theirs.Phone || a.Email != seen.Associates[0].Email {
		t.Errorf("after the refusal: phone %q, email %q", a.Phone, a.Email)
	}
	now := load(t, alice)
	mine = now.Associates[0]
	mine.Email = "new@nhs.net"
	if err := alice.Apply(ctx, (&model.Changeset{Associates: []model.Associate{mine}}).OnRevision(now.Revision)); err != nil {
		t.Fatal(err)
	}
	if a := load(t, bob).Associates[0]; a.Phone != theirs.Phone || a.Email != "new@nhs.net" {
		t.Errorf("both changes should stand: phone %q, email %q", a.Phone, a.Email)
	}
}

// testLessonAuthors credits lessons to two namesakes, one by Staff ID and one by the name
// only she has, to a name both share and to a visitor: each is tied to the right person or
// to nobody; a renamed author's lessons carry the new name; erasing one namesake leaves
// the other's lesson alone, and erasing the renamed author leaves none of her names in
// the audit trail.
func testLessonAuthors(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	twin1, twin2, solo := associate("T1"), associate("T2"), associate("S1")
	twin1.Name, twin2.Name, solo.Name = "Lucía Muñoz", "Lucía Muñoz", "Ana Solo"
	lesson := func(system, authorID, author string) model.Lesson {
		return model.Lesson{System: system, WhatFailed: "it failed", WhatFixed: "it was fixed", AuthorID: authorID, Author: author}
	}
	c := &model.Changeset{Associates: []model.Associate{twin1, twin2, solo}, Lessons: []model.Lesson{
		lesson("by T1", "T1", ""), lesson("by T2", "", "T2"), lesson("by a shared name", "", "Lucía Muñoz"),
		lesson("by Ana", "", "Ana Solo"), lesson("by a visitor", "", "Dr Visiting")}}
	if err := s.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	e := wantCode(t, s.Apply(ctx, &model.Changeset{Lessons: []model.Lesson{lesson("by nobody", "nobody", "")}}), model.EINVALID, "nobody")
	if !hasProblem(e, "Author") {
		t.Errorf("no problem with the Author: %v", e)
	}
	renamed := solo
	renamed.Name = "Ana Renamed"
	if err := s.SaveAssociate(ctx, renamed, load(t, s).Versions.Associates["S1"]); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{"by T1": {"T1", "Lucía Muñoz"}, "by T2": {"T2", "Lucía Muñoz"},
		"by a shared name": {"", "Lucía Muñoz"}, "by Ana": {"S1", "Ana Renamed"}, "by a visitor": {"", "Dr Visiting"}}
	checkAuthors(t, s, "written", want)
	for _, id := range []string{"T2", "S1"} {
		if _, err := s.Erase(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	want["by T2"], want["by Ana"] = [2]string{}, [2]string{}
	checkAuthors(t, s, "after erasing T2 and S1", want)
	for _, e := range audit(t, s) {
		for _, gone := range []string{"Ana Solo", "Ana Renamed", `"S1"`, `"T2"`} {
			if strings.Contains(e.Key+e.Before+e.After, gone) {
				t.Errorf("the audit trail still holds %s: %+v", gone, e)
			}
		}
	}
}

// checkAuthors fails unless each lesson, by system, is credited as want says (Staff ID, name).
func checkAuthors(t *testing.T, s model.Store, when string, want map[string][2]string) {
	t.Helper()
	for _, l := range load(t, s).Lessons {
		if w, ok := want[l.System]; ok && (l.AuthorID != w[0] || l.Author != w[1]) {
			t.Errorf("%s: the lesson %q is credited to %q %q, want %q %q", when, l.System, l.AuthorID, l.Author, w[0], w[1])
		}
	}
}

// testSubjectAccess changes an associate's name, email and leave, then answers a subject
// access request: it holds what they were (from the audit trail), nothing of anyone
// else's, camelCase keys, and [] for the lists of someone who has nothing in them.
func testSubjectAccess(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	seen := load(t, s)
	a := seen.Associates[0]
	a.Name, a.Email = "Siobhán Moved", "moved@nhs.net"
	if err := s.SaveAssociate(ctx, a, seen.Versions.Associates[a.StaffID]); err != nil {
		t.Fatal(err)
	}
	jury := model.Unavailability{StaffID: a.StaffID, Period: model.Period{From: day(2027, 6, 7), To: day(2027, 6, 11)}, Reason: "Jury service"}
	for _, leave := range [][]model.Unavailability{{jury}, nil} {
		if err := s.SaveLeave(ctx, a.StaffID, leave, load(t, s).Versions.Associates[a.StaffID]); err != nil {
			t.Fatal(err)
		}
	}
	other := associate("00124")
	other.Name = "Someone Else"
	if err := s.Apply(ctx, &model.Changeset{Associates: []model.Associate{other}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, staffID string
		want, not     []string
	}{
		{"a person with a history", "00123",
			[]string{"siobhan@nhs.net", "Siobhán Ó Súilleabháin", "moved@nhs.net", "Jury service", `"staffId": "00123"`, `"homeOrg"`,
				`"lessonsWritten": [`, `"history": [`},
			[]string{"Someone Else", `"StaffID"`, `"HomeOrg"`}},
		{"a person with nothing", "00124",
			[]string{`"unavailability": []`, `"assignments": []`, `"lessonsWritten": []`, `"skills": []`, `"systems": []`, `"clearances": []`},
			[]string{"Siobhán"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sar, err := model.SubjectAccessFor(load(t, s), audit(t, s), c.staffID, time.Date(2027, 3, 5, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(sar, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			text := string(js)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("the answer does not hold %s:\n%s", w, text)
				}
			}
			for _, n := range c.not {
				if strings.Contains(text, n) {
					t.Errorf("the answer holds %q:\n%s", n, text)
				}
			}
		})
	}
}

// testErasureSurvivesRestore erases a person after a backup was made and restores that
// backup: they are erased again, and the restore says so. A backup made after the erasure,
// holding the person added again since, brings them back as they are now.
func testErasureSurvivesRestore(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := reg.Owner(t)
	if err := s.Apply(ctx, sample()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before.db"), filepath.Join(dir, "after.db")
	if err := s.Backup(ctx, before); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Erase(ctx, "00123"); err != nil {
		t.Fatal(err)
	}
	done, err := s.Restore(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	d := load(t, s)
	if done.Reerased != 1 || model.NewIndex(d).Associate["00123"] != nil || len(d.Assignments) != 1 ||
		d.Assignments[0].StaffID == "00123" || len(d.Unavailability) != 0 {
		t.Errorf("restored %+v: associates %+v, assignments %+v, leave %+v", done, d.Associates, d.Assignments, d.Unavailability)
	}
	back := associate("00123")
	back.Name = "Siobhán Returned"
	if err := s.Apply(ctx, &model.Changeset{Associates: []model.Associate{back}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, after); err != nil {
		t.Fatal(err)
	}
	if done, err = s.Restore(ctx, after); err != nil {
		t.Fatal(err)
	}
	if a := model.NewIndex(load(t, s)).Associate["00123"]; done.Reerased != 0 || a == nil || a.Name != back.Name {
		t.Errorf("restoring a backup made after the erasure: %+v, the person added again is %+v", done, a)
	}
}
