package app

import (
	"context"

	"associateplanner/model"
)

// chooseSubjectAccess saves everything held on one associate as JSON, as
// `associate-planner subject-access` does.
func (u *UI) chooseSubjectAccess(staffID string) {
	u.chooseSavePath(staffID+"-subject-access.json", func(path string) { u.subjectAccess(staffID, path) })
}

func (u *UI) subjectAccess(staffID, path string) {
	u.run("Exporting "+staffID, func(ctx context.Context, _ progress) error {
		return u.desk.SubjectAccess(ctx, staffID, path)
	}, func() { u.written("Exported", "Everything held on "+staffID+" is in "+path+".", path) })
}

// confirmErase asks before anonymising an associate.
func (u *UI) confirmErase(staffID string) {
	name := staffID
	if a := u.idx.Associate[staffID]; a != nil {
		name = a.Name
	}
	u.ask("Erase "+name+"?", "Their name, contact details, skills, clearances and leave are removed for good. "+
		"Past assignments stay, anonymised, so that counts and spend stay true. Backups made before now still hold their data. "+
		"An erase cannot be undone.", "Erase", func() { u.erase(staffID) })
}

func (u *UI) erase(staffID string) {
	var done model.Erasure
	u.change("Erasing", func(ctx context.Context, _ *model.Data) error {
		var err error
		done, err = u.desk.Erase(ctx, staffID)
		return err
	}, func() {
		u.associates.selected = ""
		u.associates.clearDetail()
		u.info("Erased", done.Words(staffID))
	})
}
