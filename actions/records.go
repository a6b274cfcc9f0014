package actions

import (
	"context"
	"strings"

	"associateplanner/model"
)

// SaveAssociate writes a new or edited associate. The store validates it in its
// transaction; an edit made on a version someone has since changed is refused.
func (d *Desk) SaveAssociate(ctx context.Context, seen *model.Data, a model.Associate) error {
	return d.fail("save an associate", d.store.SaveAssociate(ctx, a, seen.Versions.Associates[a.StaffID]))
}

// SaveRequest writes a new or edited request with its roles.
func (d *Desk) SaveRequest(ctx context.Context, seen *model.Data, q model.Request, roles []model.Role) error {
	return d.fail("save a request", d.store.SaveRequest(ctx, q, roles, seen.Versions.Requests[q.Ref]))
}

// SaveSettings writes the register's settings.
func (d *Desk) SaveSettings(ctx context.Context, s model.Settings) error {
	return d.fail("save the settings", d.store.SaveSettings(ctx, s))
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
