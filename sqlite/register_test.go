package sqlite

import (
	"associateplanner/model"
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

func sampleChangeset() *model.Changeset {
	d := func(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }
	return &model.Changeset{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire", Postcode: "LS9 7TF", Opened: d(1998, 4, 1)},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London", Opened: d(1993, 4, 1)},
		},
		Associates: []model.Associate{{
			StaffID: "00123", Name: "Siobhán Ó Súilleabháin", Email: "siobhan@nhs.net", HomeOrg: "RR8", Band: "8a",
			Skills:     []model.SkillLevel{{Skill: "Data migration", Level: 4}, {Skill: "Cutover planning", Level: 3}},
			Systems:    []string{"Epic", "Cerner Millennium"},
			Clearances: []model.Clearance{{Type: "DBS", Expiry: d(2027, 3, 31)}},
			MaxDays:    30, DayRate: model.Pounds(380), Active: true,
		}},
		Unavailability: []model.Unavailability{{StaffID: "00123", Period: model.Period{From: d(2027, 2, 1), To: d(2027, 2, 5)}, Reason: "Leave"}},
		Requests: []model.Request{{Ref: "REQ-2027-001", Trust: "RJ1", Title: "EPR go-live rescue", Kind: model.KindEmergency,
			Priority: 1, System: "Epic", Period: model.Period{From: d(2027, 1, 4), To: d(2027, 3, 26)}, Mode: model.ModeOnSite, Status: model.RequestOpen}},
		Roles: []model.Role{{RequestRef: "REQ-2027-001", Name: "Cutover lead", Headcount: 2,
			Skills: []model.SkillLevel{{Skill: "Cutover planning", Level: 3}}, Clearances: []string{"DBS"},
			Period: model.Period{From: d(2027, 1, 4), To: d(2027, 1, 29)}, OnSite: true}},
		Assignments: []model.Assignment{{RequestRef: "REQ-2027-001", Role: "Cutover lead", StaffID: "00123",
			Period: model.Period{From: d(2027, 1, 4), To: d(2027, 1, 29)}, Status: model.Confirmed}},
		Lessons: []model.Lesson{{RequestRef: "REQ-2027-001", Trust: "RJ1", System: "Epic", WhatFailed: "Interfaces", WhatFixed: "Replay queue", Written: d(2027, 2, 1)}},
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
		{"organisations", d.Organisations, []model.Organisation{c.Organisations[1], c.Organisations[0]}}, // by code
		{"associates", d.Associates, c.Associates},
		{"unavailability", d.Unavailability, c.Unavailability},
		{"requests", d.Requests, c.Requests},
		{"roles", d.Roles, c.Roles},
		{"assignments", d.Assignments, c.Assignments},
		{"lessons", d.Lessons, c.Lessons},
		{"settings", d.Settings, model.DefaultSettings()},
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
	c.Associates = append(c.Associates, model.Associate{StaffID: "999", Name: "Nobody", HomeOrg: "NOPE", MaxDays: 30, Active: true})
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
	a.Skills = []model.SkillLevel{{Skill: "Training", Level: 2}}
	a.Systems = nil
	if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{a}}); err != nil {
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
	s := model.DefaultSettings()
	s.AnnualBudget = model.Pounds(1_500_000)
	s.ReleaseLimit = 3
	s.Weights.Cost = 2.5
	s.DayRates["8a"] = model.Pounds(360)
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
	if err := r.SaveSettings(ctx, s); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("negative release limit: %v", err)
	}
}
