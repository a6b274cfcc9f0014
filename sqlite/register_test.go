package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"associateplanner/model"
	"associateplanner/storetest"
)

func openTemp(t *testing.T) *Register {
	t.Helper()
	r, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "register.db"), Options{})
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

// TestConformance runs the suite every store must pass on SQLite registers: each a fresh
// file, each client a handle of its own on it, as two programs would be.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock model.Clock) storetest.Register {
		return conformingRegister{path: filepath.Join(t.TempDir(), "register.db"), clock: clock}
	})
}

type conformingRegister struct {
	path  string
	clock model.Clock
}

func (c conformingRegister) Owner(t *testing.T) model.Store { return c.Open(t, "owner") }

func (c conformingRegister) Open(t *testing.T, user string) model.Store {
	t.Helper()
	r, err := Open(context.Background(), c.path, Options{Clock: c.clock, User: user})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
