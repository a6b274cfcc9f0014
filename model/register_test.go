package model

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func openTemp(t *testing.T) *Register {
	t.Helper()
	r, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "register.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func sampleChangeset() *Changeset {
	d := func(y int, m time.Month, day int) Date { return NewDate(y, m, day) }
	return &Changeset{
		Organisations: []Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire", Postcode: "LS9 7TF", Opened: d(1998, 4, 1)},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London", Opened: d(1993, 4, 1)},
		},
		Associates: []Associate{{
			StaffID: "00123", Name: "Siobhán Ó Súilleabháin", Email: "siobhan@nhs.net", HomeOrg: "RR8", Band: "8a",
			Skills:     []SkillLevel{{"Data migration", 4}, {"Cutover planning", 3}},
			Systems:    []string{"Epic", "Cerner Millennium"},
			Clearances: []Clearance{{"DBS", d(2027, 3, 31)}},
			MaxDays:    30, DayRate: Pounds(380), Active: true,
		}},
		Unavailability: []Unavailability{{StaffID: "00123", Period: Period{d(2027, 2, 1), d(2027, 2, 5)}, Reason: "Leave"}},
		Requests: []Request{{Ref: "REQ-2027-001", Trust: "RJ1", Title: "EPR go-live rescue", Kind: KindEmergency,
			Priority: 1, System: "Epic", Period: Period{d(2027, 1, 4), d(2027, 3, 26)}, Mode: ModeOnSite, Status: RequestOpen}},
		Roles: []Role{{RequestRef: "REQ-2027-001", Name: "Cutover lead", Headcount: 2,
			Skills: []SkillLevel{{"Cutover planning", 3}}, Clearances: []string{"DBS"},
			Period: Period{d(2027, 1, 4), d(2027, 1, 29)}, OnSite: true}},
		Assignments: []Assignment{{RequestRef: "REQ-2027-001", Role: "Cutover lead", StaffID: "00123",
			Period: Period{d(2027, 1, 4), d(2027, 1, 29)}, Status: Confirmed}},
		Lessons: []Lesson{{RequestRef: "REQ-2027-001", Trust: "RJ1", System: "Epic", WhatFailed: "Interfaces", WhatFixed: "Replay queue", Written: d(2027, 2, 1)}},
	}
}

func TestRegisterStoresAndLoadsEverything(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	d, err := r.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Lessons[0].ID = 1
	checks := []struct {
		name      string
		got, want any
	}{
		{"organisations", d.Organisations, []Organisation{c.Organisations[1], c.Organisations[0]}}, // by code
		{"associates", d.Associates, c.Associates},
		{"unavailability", d.Unavailability, c.Unavailability},
		{"requests", d.Requests, c.Requests},
		{"roles", d.Roles, c.Roles},
		{"assignments", d.Assignments, c.Assignments},
		{"lessons", d.Lessons, c.Lessons},
		{"settings", d.Settings, DefaultSettings()},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", ch.name, ch.got, ch.want)
		}
	}
}

func TestRegisterApplyIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	c.Associates = append(c.Associates, Associate{StaffID: "999", Name: "Nobody", HomeOrg: "NOPE", MaxDays: 30, Active: true})
	if err := r.Apply(ctx, c); err == nil {
		t.Fatal("an associate at an unknown organisation was accepted")
	}
	if empty, err := r.IsEmpty(ctx); err != nil || !empty {
		t.Fatalf("register after a failed apply: empty=%v err=%v", empty, err)
	}
}

func TestRegisterReplacesListsOnUpdate(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	a := c.Associates[0]
	a.Skills = []SkillLevel{{"Training", 2}}
	a.Systems = nil
	if err := r.Apply(ctx, &Changeset{Associates: []Associate{a}}); err != nil {
		t.Fatal(err)
	}
	d, _ := r.Load(ctx)
	if got := d.Associates[0]; !reflect.DeepEqual(got.Skills, a.Skills) || len(got.Systems) != 0 {
		t.Fatalf("after update: skills %v systems %v", got.Skills, got.Systems)
	}
	if len(d.Assignments) != 1 {
		t.Fatal("updating an associate lost their assignment")
	}
}

func TestRegisterFileIsPrivate(t *testing.T) {
	r := openTemp(t)
	info, err := os.Stat(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("register mode %o, want 600", perm)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	s := DefaultSettings()
	s.AnnualBudget = Pounds(1_500_000)
	s.ReleaseLimit = 3
	s.Weights.Cost = 2.5
	s.DayRates["8a"] = Pounds(360)
	if err := r.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	d, err := r.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Settings, s) {
		t.Fatalf("settings came back %+v, want %+v", d.Settings, s)
	}
	s.ReleaseLimit = -1
	if err := r.SaveSettings(ctx, s); ErrorCode(err) != EINVALID {
		t.Fatalf("negative release limit: %v", err)
	}
}
