package storetest

import (
	"context"
	"reflect"
	"testing"

	"associateplanner/model"
)

func testRoundTrip(t *testing.T, reg Register, _ *Clock) {
	s := filled(t, reg, "alice")
	got := sortedByKey(load(t, s))
	want := sample()
	want.Lessons[0].ID = got.Lessons[0].ID // the store numbers lessons
	want.Lessons[0].AuthorID = "00123"     // the only associate of the name the lesson gives
	checks := []struct {
		name      string
		got, want any
	}{
		{"organisations", got.Organisations, sortedByKey(&model.Data{Organisations: want.Organisations}).Organisations},
		{"associates", got.Associates, want.Associates},
		{"unavailability", got.Unavailability, want.Unavailability},
		{"requests", got.Requests, want.Requests},
		{"roles", got.Roles, want.Roles},
		{"assignments", got.Assignments, want.Assignments},
		{"lessons", got.Lessons, want.Lessons},
		{"settings", got.Settings, *want.Settings},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, c.got, c.want)
		}
	}
	if got.Lessons[0].ID == 0 || got.Versions.Associates["00123"] == 0 || got.Versions.Requests["REQ-2027-001"] == 0 ||
		got.Versions.Assignments[model.AssignmentKey(want.Assignments[0])] == 0 {
		t.Errorf("lesson ID %d, versions %+v", got.Lessons[0].ID, got.Versions)
	}
	if empty, err := s.IsEmpty(context.Background()); err != nil || empty {
		t.Errorf("a filled register is empty: %v %v", empty, err)
	}
}

func testListsReplaced(t *testing.T, reg Register, _ *Clock) {
	s := filled(t, reg, "alice")
	a := sample().Associates[0]
	a.Skills = []model.SkillLevel{{Skill: "Training", Level: 2}}
	a.Systems, a.Clearances = nil, nil
	if err := s.Apply(context.Background(), &model.Changeset{Associates: []model.Associate{a}}); err != nil {
		t.Fatal(err)
	}
	d := load(t, s)
	if got := d.Associates[0]; !reflect.DeepEqual(got.Skills, a.Skills) || len(got.Systems)+len(got.Clearances) != 0 {
		t.Errorf("after the update: %+v", got)
	}
	if len(d.Assignments) != 1 || len(d.Unavailability) != 1 {
		t.Error("updating an associate lost their assignment or leave")
	}
}

func testAllOrNothing(t *testing.T, reg Register, _ *Clock) {
	s := reg.Open(t, "alice")
	c := sample()
	bad := associate("999")
	bad.HomeOrg = "ZZ9"
	c.Associates = append(c.Associates, bad)
	e := wantCode(t, s.Apply(context.Background(), c), model.EINVALID, "999", model.UnknownOrganisation("ZZ9"))
	if !hasProblem(e, "Home Organisation") {
		t.Errorf("the problem is not on the Home Organisation: %+v", e.Problems)
	}
	if empty, err := s.IsEmpty(context.Background()); err != nil || !empty {
		t.Fatalf("a refused change wrote something: empty %v, %v", empty, err)
	}
}

// testWritesValidate sends each write method something invalid: each refuses it with
// EINVALID naming the field, and nothing is written.
func testWritesValidate(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	before := load(t, s)
	role := sample().Roles[0]
	role.Period.To = day(2027, 4, 30) // past the request's window
	cases := []struct {
		name, field string
		write       func() error
	}{
		{"Apply: a Staff ID with a NUL", "Staff ID", func() error {
			return s.Apply(ctx, &model.Changeset{Associates: []model.Associate{associate("12\x003")}})
		}},
		{"SaveAssociate: an unknown employer", "Home Organisation", func() error {
			a := associate("777")
			a.HomeOrg = "ZZ9"
			return s.SaveAssociate(ctx, a, 0)
		}},
		{"SaveAssociate: a year of 300 days", "Max Days Per Year", func() error {
			a := before.Associates[0]
			a.MaxDays = 300
			return s.SaveAssociate(ctx, a, before.Versions.Associates[a.StaffID])
		}},
		{"SaveRequest: an unknown trust", "Trust", func() error {
			q := before.Requests[0]
			q.Trust = "ZZ9"
			return s.SaveRequest(ctx, q, nil, before.Versions.Requests[q.Ref])
		}},
		{"SaveRequest: a role outside the window", "Start", func() error {
			return s.SaveRequest(ctx, before.Requests[0], []model.Role{role}, before.Versions.Requests["REQ-2027-001"])
		}},
		{"SaveAssignments: nobody", "Staff ID", func() error {
			return s.SaveAssignments(ctx, []model.Assignment{proposal("nobody")}, nil)
		}},
		{"SaveAssignments: past the role's dates", "Start", func() error {
			a := before.Assignments[0]
			a.To = day(2027, 2, 26)
			return s.SaveAssignments(ctx, []model.Assignment{a}, before.Versions.Assignments)
		}},
		{"SaveSettings: a negative budget", "Annual budget", func() error {
			settings := before.Settings
			settings.AnnualBudget = -1
			return s.SaveSettings(ctx, settings)
		}},
		{"CommitPlan: a role that does not exist", "Role", func() error {
			p := proposal("00123")
			p.Role = "Nobody's role"
			return s.CommitPlan(ctx, before.Revision, []model.Assignment{p})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if e := wantCode(t, c.write(), model.EINVALID); !hasProblem(e, c.field) {
				t.Errorf("no problem with %s in %v", c.field, e)
			}
			if after := load(t, s); after.Revision != before.Revision {
				t.Errorf("a refused write changed the register (revision %d to %d)", before.Revision, after.Revision)
			}
		})
	}
}

// testReferencesStoredOrNew writes what refers to stored entities, and to entities of the
// same change.
func testReferencesStoredOrNew(t *testing.T, reg Register, _ *Clock) {
	ctx := context.Background()
	s := filled(t, reg, "alice")
	later := model.Changeset{
		Organisations: []model.Organisation{{Code: "RX1", Name: "Nottingham"}},
		Associates:    []model.Associate{func() model.Associate { a := associate("555"); a.HomeOrg = "RX1"; return a }()},
		Assignments:   []model.Assignment{proposal("555")}, // a stored role
		Roles: []model.Role{{RequestRef: "REQ-2027-001", Name: "Trainer", Headcount: 1, // a stored request
			Period: model.Period{From: day(2027, 2, 1), To: day(2027, 2, 12)}}},
	}
	if err := s.Apply(ctx, &later); err != nil {
		t.Fatal(err)
	}
	if d := load(t, s); len(d.Associates) != 2 || len(d.Roles) != 2 || len(d.Assignments) != 2 {
		t.Errorf("%d associates, %d roles, %d assignments", len(d.Associates), len(d.Roles), len(d.Assignments))
	}
}

func testIntoEmpty(t *testing.T, reg Register, _ *Clock) {
	stores := []model.Store{reg.Open(t, "alice"), reg.Open(t, "bob"), reg.Open(t, "carol")}
	errs := make([]error, len(stores))
	done := make(chan struct{})
	for i, s := range stores {
		go func() {
			c := sample()
			c.IntoEmpty = true
			errs[i] = s.Apply(context.Background(), c)
			done <- struct{}{}
		}()
	}
	for range stores {
		<-done
	}
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else {
			wantCode(t, err, model.ECONFLICT, "already holds data")
		}
	}
	if d := load(t, stores[0]); won != 1 || len(d.Associates) != 1 || len(d.Lessons) != 1 {
		t.Errorf("%d fills won; %d associates, %d lessons", won, len(d.Associates), len(d.Lessons))
	}
}
