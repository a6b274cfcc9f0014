package actions

import (
	"context"
	"reflect"
	"strings"

	"associateplanner/model"
)

// SaveAssociate writes a new or edited associate and their leave. What did not change is
// not written, so saving a record unchanged leaves the audit trail as it was. The store
// validates it in its transaction; an edit made on a version someone has since changed is
// refused. It can be undone until the next change.
func (d *Desk) SaveAssociate(ctx context.Context, seen *model.Data, a model.Associate, leave []model.Unavailability) error {
	idx := model.NewIndex(seen)
	old, oldLeave := idx.Associate[a.StaffID], idx.Unavailable[a.StaffID]
	version := seen.Versions.Associates[a.StaffID]
	if old == nil || !reflect.DeepEqual(*old, a) {
		if err := d.store.SaveAssociate(ctx, a, version); err != nil {
			return d.fail("save an associate", err)
		}
		version++ // every save moves the version on by one: the leave is saved on the new one
	}
	if !samePeriods(oldLeave, leave) {
		if err := d.store.SaveLeave(ctx, a.StaffID, leave, version); err != nil {
			return d.fail("save leave", err)
		}
		version++
	}
	if old == nil {
		d.forget() // a new record is not undone here: Undo must not offer the change before it
	} else if version != seen.Versions.Associates[a.StaffID] {
		was, changed := *old, version
		d.remember("edit "+a.Name, func(ctx context.Context) error {
			if err := d.store.SaveAssociate(ctx, was, changed); err != nil {
				return err
			}
			return d.store.SaveLeave(ctx, was.StaffID, oldLeave, changed+1)
		})
	}
	return nil
}

// samePeriods reports whether two lists of leave hold the same periods and reasons.
func samePeriods(a, b []model.Unavailability) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[model.Unavailability]int{}
	for _, u := range a {
		set[u]++
	}
	for _, u := range b {
		if set[u]--; set[u] < 0 {
			return false
		}
	}
	return true
}

// SaveRequest writes a new or edited request with its roles; unchanged, nothing is written.
// An edit can be undone until the next change.
func (d *Desk) SaveRequest(ctx context.Context, seen *model.Data, q model.Request, roles []model.Role) error {
	idx := model.NewIndex(seen)
	old := idx.Request[q.Ref]
	oldRoles := rolesOf(idx, q.Ref)
	if old != nil && *old == q && reflect.DeepEqual(oldRoles, roles) {
		return nil
	}
	version := seen.Versions.Requests[q.Ref]
	if err := d.store.SaveRequest(ctx, q, roles, version); err != nil {
		return d.fail("save a request", err)
	}
	if old == nil {
		d.forget() // as for a new associate
	} else {
		was := *old
		d.remember("edit "+q.Ref, func(ctx context.Context) error { return d.store.SaveRequest(ctx, was, oldRoles, version+1) })
	}
	return nil
}

// SaveOrganisation adds or edits an organisation (a trust or an employer).
func (d *Desk) SaveOrganisation(ctx context.Context, seen *model.Data, o model.Organisation) error {
	o.Code = model.NormaliseCode(o.Code)
	if old := model.NewIndex(seen).Org[o.Code]; old != nil && *old == o {
		return nil
	}
	d.forget()
	return d.fail("save an organisation", d.store.Apply(ctx, &model.Changeset{Organisations: []model.Organisation{o}}))
}

// SaveLesson adds a lesson (ID 0), dated today when it has no date, or edits one;
// unchanged, nothing is written.
func (d *Desk) SaveLesson(ctx context.Context, seen *model.Data, l model.Lesson) error {
	if l.ID == 0 {
		l = d.dated(l)
	}
	for _, old := range seen.Lessons {
		if l.ID != 0 && old.ID == l.ID && reflect.DeepEqual(old, l) {
			return nil
		}
	}
	d.forget()
	return d.fail("save a lesson", d.store.Apply(ctx, &model.Changeset{Lessons: []model.Lesson{l}}))
}

// SaveSettings writes the register's settings; unchanged, nothing is written.
func (d *Desk) SaveSettings(ctx context.Context, seen *model.Data, s model.Settings) error {
	if reflect.DeepEqual(seen.Settings, s) {
		return nil
	}
	was := seen.Settings
	if err := d.store.SaveSettings(ctx, s); err != nil {
		return d.fail("save the settings", err)
	}
	d.remember("change the settings", func(ctx context.Context) error { return d.store.SaveSettings(ctx, was) })
	return nil
}

// rolesOf returns a request's roles as values, in register order.
func rolesOf(idx *model.Index, ref string) []model.Role {
	var out []model.Role
	for _, r := range idx.RolesOf[ref] {
		out = append(out, *r)
	}
	return out
}

// NextRequestRef suggests the next free reference of the form REQ-yyyy-nnn for a request
// made today.
func NextRequestRef(data *model.Data, today model.Date) string {
	year := today.Time().Year()
	taken := make(map[string]bool, len(data.Requests))
	for _, q := range data.Requests {
		taken[strings.ToUpper(q.Ref)] = true
	}
	for n := len(data.Requests) + 1; ; n++ {
		if ref := model.RequestRef(year, n); !taken[ref] {
			return ref
		}
	}
}

// dated gives a lesson written with no date today's.
func (d *Desk) dated(l model.Lesson) model.Lesson {
	if l.Written.IsZero() {
		l.Written = d.Today()
	}
	return l
}
