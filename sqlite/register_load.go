package sqlite

import (
	"associateplanner/model"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// loader reads one part of the register into a partial Data.
type loader struct {
	what string
	fn   func(context.Context, *sql.Tx, *partial) error
}

// partial is what one group of loaders reads. The detail loaders collect each associate's
// lists in an entry of Associates found through detailAt.
type partial struct {
	*model.Data
	detailAt map[string]int
}

// loadGroups are read in parallel, each on its own connection: reading rows through the
// driver costs the same per value whatever the query, so two cores halve the time. The
// associates' detail lists arrive in their own Data and are attached afterwards.
var loadGroups = [][]loader{
	{{"organisations", loadOrganisations}, {"associates", loadAssociates}, {"unavailability", loadUnavailability},
		{"requests", loadRequests}, {"roles", loadRoles}, {"assignments", loadAssignments},
		{"lessons", loadLessons}, {"closures", loadClosures}, {"settings", loadSettings}, {"versions", loadVersions}},
	{{"skills", loadSkills}},
	{{"systems", loadSystems}, {"clearances", loadClearances}},
}

// Load reads the whole register into memory. The app and planner work on what it returns.
//
// The parts are read in parallel, each in its own snapshot, and kept only if all saw the
// same revision. While another program is writing hard that may keep failing, so after a
// few tries the parts are read one after another in a single snapshot: slower, but always
// consistent.
func (r *Register) Load(ctx context.Context) (*model.Data, error) {
	d, err := r.load(ctx, parallelLoadTries)
	return d, storeErr(r.path, err)
}

// parallelLoadTries is how often Load tries the parallel read before the single snapshot.
const parallelLoadTries = 3

func (r *Register) load(ctx context.Context, parallelTries int) (*model.Data, error) {
	for range parallelTries {
		parts, same, err := r.loadParts(ctx)
		if err != nil {
			return nil, fmt.Errorf("load register: %w", err)
		}
		if same {
			return model.JoinParts(parts), nil
		}
	}
	parts, err := r.loadOneSnapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	return model.JoinParts(parts), nil
}

// loadParts reads every group, each in its own read transaction, and reports whether all
// saw the same revision.
func (r *Register) loadParts(ctx context.Context) ([]*model.Data, bool, error) {
	parts := make([]*model.Data, len(loadGroups))
	revs := make([]int64, len(loadGroups))
	errs := make([]error, len(loadGroups))
	var wg sync.WaitGroup
	for i, group := range loadGroups {
		wg.Go(func() {
			errs[i] = r.readTx(ctx, func(tx *sql.Tx) error {
				var err error
				parts[i], revs[i], err = loadGroup(ctx, tx, group)
				return err
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	for _, rev := range revs[1:] {
		if rev != revs[0] {
			return nil, false, nil
		}
	}
	return parts, true, nil
}

// loadOneSnapshot reads every group in one read transaction.
func (r *Register) loadOneSnapshot(ctx context.Context) ([]*model.Data, error) {
	parts := make([]*model.Data, len(loadGroups))
	err := r.readTx(ctx, func(tx *sql.Tx) error {
		for i, group := range loadGroups {
			var err error
			if parts[i], _, err = loadGroup(ctx, tx, group); err != nil {
				return err
			}
		}
		return nil
	})
	return parts, err
}

// readTx runs fn in a read-only transaction: one snapshot of the register.
func (r *Register) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to undo
	return fn(tx)
}

func loadGroup(ctx context.Context, tx *sql.Tx, group []loader) (*model.Data, int64, error) {
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM register_info`).Scan(&rev); err != nil {
		return nil, 0, err
	}
	p := &partial{Data: &model.Data{}, detailAt: map[string]int{}}
	for _, l := range group {
		if err := l.fn(ctx, tx, p); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", l.what, err)
		}
	}
	p.Revision = rev
	return p.Data, rev, nil
}

// each runs a query and calls fn for every row.
func each(ctx context.Context, tx *sql.Tx, query string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
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

func loadOrganisations(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT code, name, region, postcode, opened, closed FROM organisations ORDER BY code`,
		func(rows *sql.Rows) error {
			var o model.Organisation
			var opened, closed string
			if err := rows.Scan(&o.Code, &o.Name, &o.Region, &o.Postcode, &opened, &closed); err != nil {
				return err
			}
			o.Opened, o.Closed = isoDate(opened), isoDate(closed)
			d.Organisations = append(d.Organisations, o)
			return nil
		})
}

func loadAssociates(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT staff_id, name, email, phone, home_org, band, max_days, day_rate,
		remote_only, active, region, notes FROM associates ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var a model.Associate
			if err := rows.Scan(&a.StaffID, &a.Name, &a.Email, &a.Phone, &a.HomeOrg, &a.Band, &a.MaxDays,
				&a.DayRate, &a.RemoteOnly, &a.Active, &a.Region, &a.Notes); err != nil {
				return err
			}
			d.Associates = append(d.Associates, a)
			return nil
		})
}

// detailOf returns the entry of d that collects the details of one associate, for the
// detail loaders. (Pointers into d.Associates are not kept: appending moves them.)
func detailOf(d *partial, id string) *model.Associate {
	i, ok := d.detailAt[id]
	if !ok {
		i = len(d.Associates)
		d.detailAt[id] = i
		d.Associates = append(d.Associates, model.Associate{StaffID: id})
	}
	return &d.Associates[i]
}

// Detail lists are read in the order they were written.
func loadSkills(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT staff_id, skill, level FROM associate_skills ORDER BY rowid`, func(rows *sql.Rows) error {
		var id string
		var s model.SkillLevel
		if err := rows.Scan(&id, &s.Skill, &s.Level); err != nil {
			return err
		}
		a := detailOf(d, id)
		a.Skills = append(a.Skills, s)
		return nil
	})
}

func loadSystems(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT staff_id, system FROM associate_systems ORDER BY rowid`, func(rows *sql.Rows) error {
		var id, s string
		if err := rows.Scan(&id, &s); err != nil {
			return err
		}
		a := detailOf(d, id)
		a.Systems = append(a.Systems, s)
		return nil
	})
}

func loadClearances(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT staff_id, kind, expiry FROM associate_clearances ORDER BY rowid`, func(rows *sql.Rows) error {
		var id, kind, expiry string
		if err := rows.Scan(&id, &kind, &expiry); err != nil {
			return err
		}
		a := detailOf(d, id)
		a.Clearances = append(a.Clearances, model.Clearance{Type: kind, Expiry: isoDate(expiry)})
		return nil
	})
}

func loadUnavailability(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT staff_id, starts, ends, reason FROM unavailability ORDER BY rowid`, func(rows *sql.Rows) error {
		var u model.Unavailability
		var from, to string
		if err := rows.Scan(&u.StaffID, &from, &to, &u.Reason); err != nil {
			return err
		}
		u.From, u.To = isoDate(from), isoDate(to)
		d.Unavailability = append(d.Unavailability, u)
		return nil
	})
}

func loadRequests(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT ref, trust, title, kind, priority, system, starts, ends, mode, status,
		host_name, host_email FROM requests ORDER BY rowid`, func(rows *sql.Rows) error {
		var q model.Request
		var from, to string
		if err := rows.Scan(&q.Ref, &q.Trust, &q.Title, &q.Kind, &q.Priority, &q.System, &from, &to,
			&q.Mode, &q.Status, &q.HostName, &q.HostEmail); err != nil {
			return err
		}
		q.From, q.To = isoDate(from), isoDate(to)
		d.Requests = append(d.Requests, q)
		return nil
	})
}

func loadRoles(ctx context.Context, tx *sql.Tx, d *partial) error {
	at := map[model.RoleKey]int{}
	err := each(ctx, tx, `SELECT request_ref, name, headcount, starts, ends, on_site FROM roles ORDER BY rowid`, func(rows *sql.Rows) error {
		var r model.Role
		var from, to string
		if err := rows.Scan(&r.RequestRef, &r.Name, &r.Headcount, &from, &to, &r.OnSite); err != nil {
			return err
		}
		r.From, r.To = isoDate(from), isoDate(to)
		at[r.Key()] = len(d.Roles)
		d.Roles = append(d.Roles, r)
		return nil
	})
	if err != nil {
		return err
	}
	role := func(ref, name string) *model.Role {
		if i, ok := at[model.Role{RequestRef: ref, Name: name}.Key()]; ok {
			return &d.Roles[i]
		}
		return nil
	}
	err = each(ctx, tx, `SELECT request_ref, role, skill, level FROM role_skills ORDER BY rowid`, func(rows *sql.Rows) error {
		var ref, name string
		var s model.SkillLevel
		if err := rows.Scan(&ref, &name, &s.Skill, &s.Level); err != nil {
			return err
		}
		if r := role(ref, name); r != nil {
			r.Skills = append(r.Skills, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return each(ctx, tx, `SELECT request_ref, role, kind FROM role_clearances ORDER BY rowid`, func(rows *sql.Rows) error {
		var ref, name, kind string
		if err := rows.Scan(&ref, &name, &kind); err != nil {
			return err
		}
		if r := role(ref, name); r != nil {
			r.Clearances = append(r.Clearances, kind)
		}
		return nil
	})
}

func loadAssignments(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT request_ref, role, staff_id, starts, ends, status, pinned, reason FROM assignments ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var a model.Assignment
			var from, to string
			if err := rows.Scan(&a.RequestRef, &a.Role, &a.StaffID, &from, &to, &a.Status, &a.Pinned, &a.Reason); err != nil {
				return err
			}
			a.From, a.To = isoDate(from), isoDate(to)
			d.Assignments = append(d.Assignments, a)
			return nil
		})
}

func loadLessons(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT l.id, l.request_ref, l.trust, l.system, l.what_failed, l.what_fixed, COALESCE(l.author_id, ''),
		COALESCE(a.name, l.author), l.written, l.version, l.tags
		FROM lessons l LEFT JOIN associates a ON a.staff_id = l.author_id ORDER BY l.id`, func(rows *sql.Rows) error {
		var l model.Lesson
		var written, tags string
		if err := rows.Scan(&l.ID, &l.RequestRef, &l.Trust, &l.System, &l.WhatFailed, &l.WhatFixed, &l.AuthorID, &l.Author, &written,
			&l.Version, &tags); err != nil {
			return err
		}
		l.Written, l.Tags = isoDate(written), model.SplitList(tags)
		d.Lessons = append(d.Lessons, l)
		return nil
	})
}

func loadClosures(ctx context.Context, tx *sql.Tx, d *partial) error {
	return each(ctx, tx, `SELECT day FROM closures ORDER BY day`, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		d.Closures = append(d.Closures, isoDate(s))
		return nil
	})
}

func loadVersions(ctx context.Context, tx *sql.Tx, d *partial) error {
	v := model.Versions{Associates: map[string]int{}, Requests: map[string]int{}, Assignments: map[string]int{}}
	queries := []struct {
		query string
		into  map[string]int
	}{
		{`SELECT staff_id, version FROM associates`, v.Associates},
		{`SELECT ref, version FROM requests`, v.Requests},
		{`SELECT request_ref || '|' || lower(role) || '|' || staff_id, version FROM assignments`, v.Assignments},
	}
	for _, q := range queries {
		err := each(ctx, tx, q.query, func(rows *sql.Rows) error {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			q.into[k] = n
			return nil
		})
		if err != nil {
			return err
		}
	}
	d.Versions = v
	return nil
}
