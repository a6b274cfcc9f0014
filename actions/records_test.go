package actions_test

import (
	"context"
	"testing"

	"associateplanner/actions"
	"associateplanner/model"
)

// Each record action of the core, without the app: a change is written once, with an
// audit entry, and saving what the register already holds writes nothing.
func TestRecordActionsWriteChangesOnly(t *testing.T) {
	ctx := context.Background()
	d := planned(t)
	steps := []struct {
		name   string
		do     func(v *actions.View) error
		writes bool
		check  func(v *actions.View) bool
	}{
		{"pin a proposal", func(v *actions.View) error { return d.SetPinned(ctx, v.Data, proposalIn(t, v), true) }, true,
			func(v *actions.View) bool { return proposalIn(t, v).Pinned }},
		{"add a request", func(v *actions.View) error {
			q := model.Request{Ref: "REQ-9", Trust: "RX1", Title: "Cutover", Kind: model.KindAdvisory, Priority: 4,
				Mode: model.ModeRemote, Period: model.Period{From: day(3, 1), To: day(3, 5)}, Status: model.RequestOpen}
			return d.SaveRequest(ctx, v.Data, q, []model.Role{{RequestRef: "REQ-9", Name: "Tester", Headcount: 1, Period: q.Period}})
		}, true, func(v *actions.View) bool {
			return v.Index.Request["REQ-9"] != nil && len(v.Index.RolesOf["REQ-9"]) == 1
		}},
		{"save the request unchanged", func(v *actions.View) error {
			return d.SaveRequest(ctx, v.Data, *v.Index.Request["REQ-9"], []model.Role{*v.Index.RolesOf["REQ-9"][0]})
		}, false, nil},
		{"edit the request", func(v *actions.View) error {
			q := *v.Index.Request["REQ-9"]
			q.Title = "Cutover weekend"
			return d.SaveRequest(ctx, v.Data, q, []model.Role{*v.Index.RolesOf["REQ-9"][0]})
		}, true, func(v *actions.View) bool { return v.Index.Request["REQ-9"].Title == "Cutover weekend" }},
		{"add an organisation", func(v *actions.View) error {
			return d.SaveOrganisation(ctx, v.Data, model.Organisation{Code: "rxh", Name: "University Hospitals Sussex NHS Foundation Trust",
				Region: "South East"})
		}, true, func(v *actions.View) bool { return v.Index.Org["RXH"] != nil }},
		{"save the organisation unchanged", func(v *actions.View) error { return d.SaveOrganisation(ctx, v.Data, *v.Index.Org["RXH"]) }, false, nil},
		{"add a lesson", func(v *actions.View) error {
			return d.SaveLesson(ctx, v.Data, model.Lesson{System: "Epic", WhatFailed: "Orders lost", WhatFixed: "Replayed them"})
		}, true, func(v *actions.View) bool {
			return len(v.Data.Lessons) == 1 && v.Data.Lessons[0].Written == model.NewDate(2026, 12, 1)
		}},
		{"save the lesson unchanged", func(v *actions.View) error { return d.SaveLesson(ctx, v.Data, v.Data.Lessons[0]) }, false, nil},
	}
	for _, step := range steps {
		before := auditCount(t, d)
		if err := step.do(load(t, d)); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if wrote := auditCount(t, d) > before; wrote != step.writes {
			t.Errorf("%s: wrote an audit entry %v, want %v", step.name, wrote, step.writes)
		}
		if step.check != nil && !step.check(load(t, d)) {
			t.Errorf("%s: not in the register", step.name)
		}
	}
}

// proposalIn returns the register's first proposal.
func proposalIn(t *testing.T, v *actions.View) model.Assignment {
	t.Helper()
	for _, a := range v.Data.Assignments {
		if a.Status == model.Proposed {
			return a
		}
	}
	t.Fatal("no proposal in the register")
	return model.Assignment{}
}

// auditCount is how many entries the audit trail holds.
func auditCount(t *testing.T, d *actions.Desk) int {
	t.Helper()
	entries, err := d.Audit(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
