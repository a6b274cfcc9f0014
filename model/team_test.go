package model

import (
	"strings"
	"testing"
)

// TestEveryActionHasARole asks each role about every action: each action has a rule, the
// owner may do everything, a read-only register nothing that writes, and a refusal says
// who may.
func TestEveryActionHasARole(t *testing.T) {
	cases := []struct {
		name   string
		access Access
		action Action
		ok     bool
		says   string
	}{
		{"a viewer exports", Access{Roles: []TeamRole{RoleViewer}}, ActionExport, true, ""},
		{"a viewer confirms", Access{Roles: []TeamRole{RoleViewer}}, ActionEditAssignments, false, "a coordinator"},
		{"HR edits leave", Access{Roles: []TeamRole{RoleHR}}, ActionEditLeave, true, ""},
		{"HR saves a plan", Access{Roles: []TeamRole{RoleHR}}, ActionCommitPlan, false, "a coordinator"},
		{"a coordinator erases", Access{Roles: []TeamRole{RoleCoordinator}}, ActionErase, false, "a HR"},
		{"either imports the trust list", Access{Roles: []TeamRole{RoleCoordinator}}, ActionEditOrganisations, true, ""},
		{"a coordinator restores", Access{Roles: []TeamRole{RoleCoordinator}}, ActionRestore, false, "owner"},
		{"the owner grants", FullAccess, ActionGrant, true, ""},
		{"a snapshot is read", Access{Roles: []TeamRole{RoleOwner}, ReadOnly: "a snapshot"}, ActionLetters, true, ""},
		{"a snapshot is changed", Access{Roles: []TeamRole{RoleOwner}, ReadOnly: "a snapshot"}, ActionEditSettings, false, "read-only (a snapshot)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.access.Allows(c.action)
			if (err == nil) != c.ok || err != nil && (ErrorCode(err) != EFORBIDDEN || !strings.Contains(err.Error(), c.says)) {
				t.Errorf("Allows(%s) = %v, want ok %v saying %q", c.action, err, c.ok, c.says)
			}
		})
	}
	for _, a := range Actions() {
		if err := FullAccess.Allows(a); err != nil {
			t.Errorf("the owner may not %s: %v", a, err)
		}
	}
}

// TestCheckChangesetNamesRows refuses only the changed rows a role may not write.
func TestCheckChangesetNamesRows(t *testing.T) {
	cur := &Data{Requests: []Request{{Ref: "REQ-1", Title: "Go-live"}}}
	hr := Access{Roles: []TeamRole{RoleHR}}
	renamed := Request{Ref: "REQ-1", Title: "Renamed"}
	if err := hr.CheckChangeset(&Changeset{Requests: cur.Requests}, cur); err != nil {
		t.Errorf("unchanged rows refused: %v", err)
	}
	err := hr.CheckChangeset(&Changeset{Requests: []Request{renamed}, Associates: []Associate{{StaffID: "1"}}}, cur)
	if ErrorCode(err) != EFORBIDDEN || !strings.Contains(err.Error(), "Requests REQ-1") || strings.Contains(err.Error(), "Associates") {
		t.Errorf("got %v", err)
	}
}
