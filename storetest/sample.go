package storetest

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

func day(y int, m time.Month, d int) model.Date { return model.NewDate(y, m, d) }

// sample is a small register with one of everything: two organisations, an associate with
// skills, systems, a clearance and leave, a request with a role, an assignment, a lesson
// and settings.
func sample() *model.Changeset {
	settings := model.DefaultSettings()
	settings.ReleaseLimit = 3
	return &model.Changeset{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire", Postcode: "LS9 7TF", Opened: day(1998, 4, 1)},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London", Opened: day(1993, 4, 1)},
		},
		Associates: []model.Associate{{
			StaffID: "00123", Name: "Siobhán Ó Súilleabháin", Email: "siobhan@nhs.net", Phone: "0113 000 0000", HomeOrg: "RR8", Band: "8a",
			Skills:     []model.SkillLevel{{Skill: "Data migration", Level: 4}, {Skill: "Cutover planning", Level: 3}},
			Systems:    []string{"Epic", "Cerner Millennium"},
			Clearances: []model.Clearance{{Type: "DBS", Expiry: day(2027, 3, 31)}},
			MaxDays:    30, DayRate: model.Pounds(380), Active: true, Notes: "Prefers the north",
		}},
		Unavailability: []model.Unavailability{{StaffID: "00123", Period: model.Period{From: day(2027, 2, 1), To: day(2027, 2, 5)}, Reason: "Leave"}},
		Requests: []model.Request{{Ref: "REQ-2027-001", Trust: "RJ1", Title: "EPR go-live rescue", Kind: model.KindEmergency,
			Priority: 1, System: "Epic", Period: model.Period{From: day(2027, 1, 4), To: day(2027, 3, 26)}, Mode: model.ModeOnSite,
			Status: model.RequestOpen, HostName: "Sam Host", HostEmail: "sam@nhs.net"}},
		Roles: []model.Role{{RequestRef: "REQ-2027-001", Name: "Cutover lead", Headcount: 2,
			Skills: []model.SkillLevel{{Skill: "Cutover planning", Level: 3}}, Clearances: []string{"DBS"},
			Period: model.Period{From: day(2027, 1, 4), To: day(2027, 1, 29)}, OnSite: true}},
		Assignments: []model.Assignment{{RequestRef: "REQ-2027-001", Role: "Cutover lead", StaffID: "00123",
			Period: model.Period{From: day(2027, 1, 4), To: day(2027, 1, 29)}, Status: model.Confirmed}},
		Lessons: []model.Lesson{{RequestRef: "REQ-2027-001", Trust: "RJ1", System: "Epic", WhatFailed: "Interfaces",
			WhatFixed: "Replay queue", Author: "Siobhán Ó Súilleabháin", Written: day(2027, 2, 1)}},
		Settings: &settings,
	}
}

// associate returns a valid associate of RR8.
func associate(id string) model.Associate {
	return model.Associate{StaffID: id, Name: "Person " + id, HomeOrg: "RR8", MaxDays: 30, Active: true}
}

// proposal proposes staffID for the sample's role.
func proposal(staffID string) model.Assignment {
	return model.Assignment{RequestRef: "REQ-2027-001", Role: "Cutover lead", StaffID: staffID,
		Period: model.Period{From: day(2027, 1, 11), To: day(2027, 1, 22)}, Status: model.Proposed}
}

// filled opens a store on reg as user and writes the sample into it.
func filled(t *testing.T, reg Register, user string) model.Store {
	t.Helper()
	s := reg.Open(t, user)
	if err := s.Apply(context.Background(), sample()); err != nil {
		t.Fatal(err)
	}
	return s
}

func load(t *testing.T, s model.Store) *model.Data {
	t.Helper()
	d, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sortedByKey returns the data's entities each in the order of their keys, so that two
// stores that list them in different orders compare equal.
func sortedByKey(d *model.Data) *model.Data {
	c := *d
	c.Organisations = slices.SortedFunc(slices.Values(d.Organisations), func(a, b model.Organisation) int { return cmp.Compare(a.Code, b.Code) })
	c.Associates = slices.SortedFunc(slices.Values(d.Associates), func(a, b model.Associate) int { return cmp.Compare(a.StaffID, b.StaffID) })
	c.Requests = slices.SortedFunc(slices.Values(d.Requests), func(a, b model.Request) int { return cmp.Compare(a.Ref, b.Ref) })
	c.Assignments = slices.SortedFunc(slices.Values(d.Assignments), func(a, b model.Assignment) int {
		return cmp.Compare(model.AssignmentKey(a), model.AssignmentKey(b))
	})
	return &c
}

// wantCode fails the test unless err is a *model.Error with the code and a message that
// holds every one of words.
func wantCode(t *testing.T, err error, code string, words ...string) *model.Error {
	t.Helper()
	var e *model.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("want a %s error, got %v", code, err)
	}
	for _, w := range words {
		if !strings.Contains(e.Error(), w) {
			t.Errorf("%q does not say %q", e.Error(), w)
		}
	}
	return e
}

// hasProblem reports whether e names a problem with field.
func hasProblem(e *model.Error, field string) bool {
	return slices.ContainsFunc(e.Problems, func(p model.Problem) bool { return p.Field == field })
}
