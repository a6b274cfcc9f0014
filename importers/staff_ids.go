package importers

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"associateplanner/model"
)

// people finds the associates a new Staff ID may really be: the same number written
// without (or with) its leading zeros, which a spreadsheet drops when it takes 00123 for
// a number; the same ID in look-alike characters (full-width digits), which a register
// made before model.CheckStaffID refused them may hold; or the same name and email under
// another ID. Each would silently make a second record of one person, splitting their
// leave and clearances and letting the planner book them twice.
type people struct {
	byNumber  map[string]string // Staff ID with leading zeros dropped → Staff ID, for all-digit IDs
	byLook    map[string]string // Staff ID in ordinary characters (NFKC) → Staff ID
	byContact map[string]string // folded name and email → Staff ID
}

func newPeople(staff map[string]*model.Associate) *people {
	p := &people{byNumber: map[string]string{}, byLook: map[string]string{}, byContact: map[string]string{}}
	for _, a := range staff {
		p.add(*a)
	}
	return p
}

func (p *people) add(a model.Associate) {
	if n, ok := number(a.StaffID); ok {
		p.byNumber[n] = a.StaffID
	}
	p.byLook[norm.NFKC.String(a.StaffID)] = a.StaffID
	if k, ok := contactKey(a); ok {
		p.byContact[k] = a.StaffID
	}
}

// number is an all-digit Staff ID without its leading zeros.
func number(id string) (string, bool) {
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	return strings.TrimLeft(id, "0"), true
}

func contactKey(a model.Associate) (string, bool) {
	if a.Email == "" || a.Name == "" {
		return "", false
	}
	return model.FoldKey(a.Name) + "\x00" + strings.ToLower(a.Email), true
}

// sameAs returns why a new associate seems to be one the register (or an earlier row)
// already has under another Staff ID, or "" when they do not.
func (p *people) sameAs(a model.Associate, staff map[string]*model.Associate) string {
	if n, ok := number(a.StaffID); ok {
		if other, found := p.byNumber[n]; found && other != a.StaffID {
			return fmt.Sprintf("%s is %s (%s) with its leading zeros %s: a spreadsheet may have taken the ID for a number. "+
				"Format the Staff ID column as Text and type the ID in full; a different person needs an ID that differs by more than leading zeros",
				a.StaffID, other, staff[other].Name, map[bool]string{true: "dropped", false: "added"}[len(a.StaffID) < len(other)])
		}
	}
	if other, found := p.byLook[norm.NFKC.String(a.StaffID)]; found && other != a.StaffID {
		return fmt.Sprintf("%s looks the same as Staff ID %q (%s), which is written with look-alike characters: "+
			"to update them use %q as the register holds it; a different person needs an ID that differs in more than how it is written",
			a.StaffID, other, staff[other].Name, other)
	}
	if k, ok := contactKey(a); ok {
		if other, found := p.byContact[k]; found && other != a.StaffID {
			return fmt.Sprintf("%s is a new Staff ID, but %s with email %s is already associate %s: "+
				"to update them use Staff ID %s; to import a different person, give them their own email",
				a.StaffID, a.Name, a.Email, other, other)
		}
	}
	return ""
}

// unknownStaff says that id names no associate, pointing to the one it may have been
// before a spreadsheet dropped its leading zeros.
func (r *rosterReader) unknownStaff(id string) string {
	msg := fmt.Sprintf("%q is not an associate in the register or on the Associates sheet", id)
	if n, ok := number(id); ok {
		for other := range r.staff {
			if m, ok := number(other); ok && m == n {
				return msg + fmt.Sprintf(": did you mean %s? A spreadsheet may have taken the ID for a number and dropped its leading zeros", other)
			}
		}
	}
	return msg
}
