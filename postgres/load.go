package postgres

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"associateplanner/model"
)

// Load reads the whole register, at one revision. The parts are read in parallel on
// connections that share one snapshot (pg_export_snapshot), so they agree without a
// second try: the associates' lists are most of the rows.
func (s *Store) Load(ctx context.Context) (*model.Data, error) {
	d, err := s.load(ctx)
	if err != nil {
		return nil, s.storeErr(fmt.Errorf("load the register: %w", err))
	}
	return d, nil
}

// loadGroups are read each on its own connection; the first holds the snapshot.
var loadGroups = [][]func(context.Context, pgx.Tx, *model.Data) error{
	{loadRevision, loadOrganisations, loadAssociates, loadUnavailability, loadRequests, loadRoles,
		loadAssignments, loadLessons, loadClosures, loadSettings, loadVersions},
	{loadSkills},
	{loadSystems, loadClearances},
}

func (s *Store) load(ctx context.Context) (*model.Data, error) {
	first, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer first.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	var snapshot string
	if err := first.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return nil, err
	}
	parts := make([]*model.Data, len(loadGroups))
	errs := make([]error, len(loadGroups))
	var wg sync.WaitGroup
	for i, group := range loadGroups {
		parts[i] = &model.Data{}
		if i == 0 {
			continue
		}
		wg.Go(func() { errs[i] = s.readShared(ctx, snapshot, group, parts[i]) })
	}
	errs[0] = readGroup(ctx, first, loadGroups[0], parts[0])
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return model.JoinParts(parts), nil
}

// readShared reads a group in a transaction on the snapshot of another.
func (s *Store) readShared(ctx context.Context, snapshot string, group []func(context.Context, pgx.Tx, *model.Data) error, d *model.Data) error {
	t, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer t.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	if _, err := t.Exec(ctx, `SET TRANSACTION SNAPSHOT '`+snapshot+`'`); err != nil {
		return err
	}
	return readGroup(ctx, t, group, d)
}

func readGroup(ctx context.Context, t pgx.Tx, group []func(context.Context, pgx.Tx, *model.Data) error, d *model.Data) error {
	for _, fn := range group {
		if err := fn(ctx, t, d); err != nil {
			return err
		}
	}
	return nil
}

// each runs a query and calls fn with every row's values scanned into dest.
func each(ctx context.Context, t pgx.Tx, query string, dest []any, fn func() error) error {
	rows, err := t.Query(ctx, query)
	if err != nil {
		return err
	}
	_, err = pgx.ForEachRow(rows, dest, fn)
	return err
}

// isoDate reads the register's yyyy-mm-dd text; "" is the zero Date.
func isoDate(s string) model.Date {
	if len(s) != 10 {
		return 0
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	return model.NewDate(y, time.Month(m), d)
}

func loadRevision(ctx context.Context, t pgx.Tx, d *model.Data) error {
	return t.QueryRow(ctx, `SELECT revision FROM register_info`).Scan(&d.Revision)
}

func loadOrganisations(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var o model.Organisation
	var opened, closed string
	return each(ctx, t, `SELECT code, name, region, postcode, opened, closed FROM organisations ORDER BY code`,
		[]any{&o.Code, &o.Name, &o.Region, &o.Postcode, &opened, &closed}, func() error {
			o.Opened, o.Closed = isoDate(opened), isoDate(closed)
			d.Organisations = append(d.Organisations, o)
			return nil
		})
}

func loadAssociates(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var a model.Associate
	var band string
	var rate int64
	return each(ctx, t, `SELECT staff_id, name, email, phone, home_org, band, max_days, day_rate, remote_only, active,
		region, notes FROM associates ORDER BY ord`,
		[]any{&a.StaffID, &a.Name, &a.Email, &a.Phone, &a.HomeOrg, &band, &a.MaxDays, &rate, &a.RemoteOnly, &a.Active,
			&a.Region, &a.Notes}, func() error {
			a.Band, a.DayRate = model.Band(band), model.Pence(rate)
			d.Associates = append(d.Associates, a)
			return nil
		})
}

// detailOf returns the entry of d that collects one associate's lists, read in the order
// they were written (consecutive per associate, as each associate's are written at once).
func detailOf(d *model.Data, id string) *model.Associate {
	if n := len(d.Associates); n > 0 && d.Associates[n-1].StaffID == id {
		return &d.Associates[n-1]
	}
	d.Associates = append(d.Associates, model.Associate{StaffID: id})
	return &d.Associates[len(d.Associates)-1]
}

func loadSkills(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var id string
	var sk model.SkillLevel
	return each(ctx, t, `SELECT staff_id, skill, level FROM associate_skills ORDER BY staff_id, ord`,
		[]any{&id, &sk.Skill, &sk.Level}, func() error {
			a := detailOf(d, id)
			a.Skills = append(a.Skills, sk)
			return nil
		})
}

func loadSystems(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var id, sys string
	return each(ctx, t, `SELECT staff_id, system FROM associate_systems ORDER BY staff_id, ord`, []any{&id, &sys}, func() error {
		a := detailOf(d, id)
		a.Systems = append(a.Systems, sys)
		return nil
	})
}

func loadClearances(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var id, kind, expiry string
	return each(ctx, t, `SELECT staff_id, kind, expiry FROM associate_clearances ORDER BY staff_id, ord`,
		[]any{&id, &kind, &expiry}, func() error {
			a := detailOf(d, id)
			a.Clearances = append(a.Clearances, model.Clearance{Type: kind, Expiry: isoDate(expiry)})
			return nil
		})
}

func loadUnavailability(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var u model.Unavailability
	var from, to string
	return each(ctx, t, `SELECT staff_id, starts, ends, reason FROM unavailability ORDER BY ord`,
		[]any{&u.StaffID, &from, &to, &u.Reason}, func() error {
			u.From, u.To = isoDate(from), isoDate(to)
			d.Unavailability = append(d.Unavailability, u)
			return nil
		})
}

func loadRequests(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var q model.Request
	var kind, mode, status, from, to string
	return each(ctx, t, `SELECT ref, trust, title, kind, priority, system, starts, ends, mode, status, host_name, host_email
		FROM requests ORDER BY ord`,
		[]any{&q.Ref, &q.Trust, &q.Title, &kind, &q.Priority, &q.System, &from, &to, &mode, &status, &q.HostName, &q.HostEmail},
		func() error {
			q.Kind, q.Mode, q.Status = model.Kind(kind), model.Mode(mode), model.RequestStatus(status)
			q.From, q.To = isoDate(from), isoDate(to)
			d.Requests = append(d.Requests, q)
			return nil
		})
}

func loadRoles(ctx context.Context, t pgx.Tx, d *model.Data) error {
	at := map[[2]string]int{}
	var r model.Role
	var from, to string
	err := each(ctx, t, `SELECT request_ref, name, headcount, starts, ends, on_site FROM roles ORDER BY ord`,
		[]any{&r.RequestRef, &r.Name, &r.Headcount, &from, &to, &r.OnSite}, func() error {
			r.From, r.To = isoDate(from), isoDate(to)
			at[[2]string{r.RequestRef, r.Name}] = len(d.Roles)
			d.Roles = append(d.Roles, r)
			return nil
		})
	if err != nil {
		return err
	}
	var ref, name, skill, kind string
	var level int
	err = each(ctx, t, `SELECT request_ref, role, skill, level FROM role_skills ORDER BY ord`,
		[]any{&ref, &name, &skill, &level}, func() error {
			if i, ok := at[[2]string{ref, name}]; ok {
				d.Roles[i].Skills = append(d.Roles[i].Skills, model.SkillLevel{Skill: skill, Level: level})
			}
			return nil
		})
	if err != nil {
		return err
	}
	return each(ctx, t, `SELECT request_ref, role, kind FROM role_clearances ORDER BY ord`, []any{&ref, &name, &kind}, func() error {
		if i, ok := at[[2]string{ref, name}]; ok {
			d.Roles[i].Clearances = append(d.Roles[i].Clearances, kind)
		}
		return nil
	})
}

func loadAssignments(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var a model.Assignment
	var from, to, status string
	return each(ctx, t, `SELECT request_ref, role, staff_id, starts, ends, status, pinned, reason FROM assignments ORDER BY ord`,
		[]any{&a.RequestRef, &a.Role, &a.StaffID, &from, &to, &status, &a.Pinned, &a.Reason}, func() error {
			a.From, a.To, a.Status = isoDate(from), isoDate(to), model.AssignmentStatus(status)
			d.Assignments = append(d.Assignments, a)
			return nil
		})
}

func loadLessons(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var l model.Lesson
	var written, tags string
	return each(ctx, t, `SELECT l.id, l.request_ref, l.trust, l.system, l.what_failed, l.what_fixed, coalesce(l.author_id, ''),
		coalesce(a.name, l.author), l.written, l.version, l.tags
		FROM lessons l LEFT JOIN associates a ON a.staff_id = l.author_id ORDER BY l.id`,
		[]any{&l.ID, &l.RequestRef, &l.Trust, &l.System, &l.WhatFailed, &l.WhatFixed, &l.AuthorID, &l.Author, &written, &l.Version, &tags},
		func() error {
			l.Written, l.Tags = isoDate(written), model.SplitList(tags)
			d.Lessons = append(d.Lessons, l)
			return nil
		})
}

func loadClosures(ctx context.Context, t pgx.Tx, d *model.Data) error {
	var day string
	return each(ctx, t, `SELECT day FROM closures ORDER BY day`, []any{&day}, func() error {
		d.Closures = append(d.Closures, isoDate(day))
		return nil
	})
}

func loadSettings(ctx context.Context, t pgx.Tx, d *model.Data) error {
	stored := map[string]string{}
	var k, v string
	if err := each(ctx, t, `SELECT key, value FROM settings`, []any{&k, &v}, func() error {
		stored[k] = v
		return nil
	}); err != nil {
		return err
	}
	var err error
	d.Settings, err = model.SettingsFromRows(stored)
	return err
}

func loadVersions(ctx context.Context, t pgx.Tx, d *model.Data) error {
	v := model.Versions{Associates: map[string]int{}, Requests: map[string]int{}, Assignments: map[string]int{}}
	for _, q := range []struct {
		query string
		into  map[string]int
	}{
		{`SELECT staff_id, version FROM associates`, v.Associates},
		{`SELECT ref, version FROM requests`, v.Requests},
		{`SELECT request_ref || '|' || lower(role) || '|' || staff_id, version FROM assignments`, v.Assignments},
	} {
		var k string
		var n int
		if err := each(ctx, t, q.query, []any{&k, &n}, func() error { q.into[k] = n; return nil }); err != nil {
			return err
		}
	}
	d.Versions = v
	return nil
}
