package model

import "strings"

// RoleRow is a stored role as a request's edit sees it: its name and how many assignments
// (of any status) it has.
type RoleRow struct {
	Name        string
	Assignments int
}

// RolesToRemove returns the stored roles an edit of a request removes (those not in keep),
// or an EINVALID error naming one that has assignments: a role someone holds or held keeps
// its history, and its people are withdrawn instead.
func RolesToRemove(stored []RoleRow, keep []Role) ([]string, error) {
	kept := map[string]bool{}
	for _, r := range keep {
		kept[strings.ToLower(r.Name)] = true
	}
	var gone []string
	for _, r := range stored {
		if kept[strings.ToLower(r.Name)] {
			continue
		}
		if r.Assignments > 0 {
			return nil, Errorf(EINVALID, "role %s cannot be removed: it has %d assignment(s); withdraw them instead", r.Name, r.Assignments)
		}
		gone = append(gone, r.Name)
	}
	return gone, nil
}
