package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"associateplanner/model"
)

// Apply writes a changeset in one transaction: all of it, or none. It is validated inside
// the transaction, against what the register holds then; a guarded one is refused when the
// register has moved on from its revision. No automatic backup is made: a team register's
// safeguards are its owner's (pg_dump, the server's own backups), and a snapshot of the
// whole register before every import would cost everyone seconds. Rows the person's role may not
// write are refused by name before anything is written (the database would refuse them
// anyway); rows the same as stored are let through untouched.
func (s *Store) Apply(ctx context.Context, c *model.Changeset) error {
	c, err := s.allowed(ctx, c)
	if err != nil {
		return err
	}
	return s.inTx(ctx, model.DescribeChangeset(c), func(t *tx) error {
		if c.IntoEmpty {
			if err := refuseUnlessEmpty(t); err != nil {
				return err
			}
		}
		if c.Guarded {
			if err := atRevision(t, c.Revision, model.Changed); err != nil {
				return err
			}
		}
		return write(t, c)
	})
}

func refuseUnlessEmpty(t *tx) error {
	var held bool
	err := t.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM associates)
		OR EXISTS (SELECT 1 FROM requests)`).Scan(&held)
	if err == nil && held {
		return model.Errorf(model.ECONFLICT, "the register already holds data, so nothing was written: this fills an empty register only")
	}
	return err
}

// write validates a changeset against the register and writes it, in the transaction t.
func write(t *tx, c *model.Changeset) error {
	if err := c.Validate(stored{t}); err != nil {
		return err
	}
	steps := []struct {
		what string
		fn   func(*tx, *model.Changeset) error
	}{{"organisations", writeOrganisations}, {"associates", writeAssociates}, {"unavailability", writeUnavailability},
		{"requests", writeRequests}, {"roles", writeRoles}, {"assignments", writeAssignments}, {"lessons", writeLessons}}
	for _, step := range steps {
		if err := step.fn(t, c); err != nil {
			return fmt.Errorf("write %s: %w", step.what, err)
		}
	}
	if c.Settings != nil {
		return saveSettings(t, *c.Settings)
	}
	return nil
}

// columns gathers the values of many rows column by column, to send each as one array:
// a statement per table instead of one per row.
type columns [][]any

func (c *columns) add(values ...any) {
	if *c == nil {
		*c = make(columns, len(values))
	}
	for i, v := range values {
		(*c)[i] = append((*c)[i], v)
	}
}

// exec runs query with the columns as its array parameters, unless there are no rows.
func (c columns) exec(t *tx, query string) error {
	if len(c) == 0 {
		return nil
	}
	args := make([]any, len(c))
	for i, col := range c {
		args[i] = col
	}
	_, err := t.Exec(t.ctx, query, args...)
	return err
}

func writeOrganisations(t *tx, c *model.Changeset) error {
	var cols columns
	for _, o := range lastOf(c.Organisations, func(o model.Organisation) string { return o.Code }) {
		cols.add(o.Code, o.Name, o.Region, o.Postcode, o.Opened.ISO(), o.Closed.ISO())
	}
	return cols.exec(t, `INSERT INTO organisations (code, name, region, postcode, opened, closed)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, postcode = excluded.postcode,
		opened = excluded.opened, closed = excluded.closed`)
}

// lastOf keeps the last of items with the same key, in the order of their first: one
// statement may not change a row twice.
func lastOf[T any](items []T, key func(T) string) []T {
	at := make(map[string]int, len(items))
	var out []T
	for _, it := range items {
		if i, ok := at[key(it)]; ok {
			out[i] = it
			continue
		}
		at[key(it)] = len(out)
		out = append(out, it)
	}
	return out
}

// writeAssociates writes associates with their lists (replaced whole), recording in the
// audit trail one entry per associate whose stored form changed.
func writeAssociates(t *tx, c *model.Changeset) error {
	people := lastOf(c.Associates, func(a model.Associate) string { return a.StaffID })
	if len(people) == 0 {
		return nil
	}
	var skills, systems, clearances columns
	ids := make([]string, len(people))
	for i, a := range people {
		ids[i] = a.StaffID
		for _, sk := range a.Skills {
			skills.add(a.StaffID, sk.Skill, sk.Level)
		}
		for _, sys := range a.Systems {
			systems.add(a.StaffID, sys)
		}
		for _, cl := range a.Clearances {
			clearances.add(a.StaffID, cl.Type, cl.Expiry.ISO())
		}
	}
	rows, err := t.Query(t.ctx, `SELECT coalesce(associate_doc(id)::text, '') FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n`, ids)
	if err != nil {
		return err
	}
	before, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	statements := []struct {
		cols  columns
		query string
	}{
		{rowsOf(people), `INSERT INTO associates (staff_id, name, email, phone, home_org, band, max_days, day_rate,
			remote_only, active, region, notes)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
				$8::bigint[], $9::bool[], $10::bool[], $11::text[], $12::text[])
			ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
			home_org = excluded.home_org, band = excluded.band, max_days = excluded.max_days, day_rate = excluded.day_rate,
			remote_only = excluded.remote_only, active = excluded.active, region = excluded.region, notes = excluded.notes,
			version = associates.version + 1`},
		{columns{toAny(ids)}, `DELETE FROM associate_skills WHERE staff_id = ANY($1::text[])`},
		{columns{toAny(ids)}, `DELETE FROM associate_systems WHERE staff_id = ANY($1::text[])`},
		{columns{toAny(ids)}, `DELETE FROM associate_clearances WHERE staff_id = ANY($1::text[])`},
		{skills, `INSERT INTO associate_skills (staff_id, skill, level) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`},
		{systems, `INSERT INTO associate_systems (staff_id, system) SELECT * FROM unnest($1::text[], $2::text[])`},
		{clearances, `INSERT INTO associate_clearances (staff_id, kind, expiry) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`},
		{columns{toAny(ids), toAny(before)}, `SELECT audit_associates($1::text[], $2::text[])`},
	}
	for _, st := range statements {
		if err := st.cols.exec(t, st.query); err != nil {
			return err
		}
	}
	return nil
}

func rowsOf(people []model.Associate) columns {
	var rows columns
	for _, a := range people {
		rows.add(a.StaffID, a.Name, a.Email, a.Phone, a.HomeOrg, string(a.Band), a.MaxDays, int64(a.DayRate),
			a.RemoteOnly, a.Active, a.Region, a.Notes)
	}
	return rows
}

func toAny[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func writeUnavailability(t *tx, c *model.Changeset) error {
	var cols columns
	for _, u := range lastOf(c.Unavailability, func(u model.Unavailability) string { return u.StaffID + "|" + u.From.ISO() + "|" + u.To.ISO() }) {
		cols.add(u.StaffID, u.From.ISO(), u.To.ISO(), u.Reason)
	}
	return cols.exec(t, `INSERT INTO unavailability (staff_id, starts, ends, reason)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
		ON CONFLICT (staff_id, starts, ends) DO UPDATE SET reason = excluded.reason`)
}

func writeRequests(t *tx, c *model.Changeset) error {
	var cols columns
	for _, q := range lastOf(c.Requests, func(q model.Request) string { return q.Ref }) {
		cols.add(q.Ref, q.Trust, q.Title, string(q.Kind), q.Priority, q.System, q.From.ISO(), q.To.ISO(),
			string(q.Mode), string(q.Status), q.HostName, q.HostEmail)
	}
	return cols.exec(t, `INSERT INTO requests (ref, trust, title, kind, priority, system, starts, ends, mode, status,
		host_name, host_email)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[],
			$8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
		ON CONFLICT (ref) DO UPDATE SET trust = excluded.trust, title = excluded.title, kind = excluded.kind,
		priority = excluded.priority, system = excluded.system, starts = excluded.starts, ends = excluded.ends,
		mode = excluded.mode, status = excluded.status, host_name = excluded.host_name, host_email = excluded.host_email,
		version = requests.version + 1`)
}

// writeRoles writes roles with their skills and clearances, replaced whole.
func writeRoles(t *tx, c *model.Changeset) error {
	var rows, keys, skills, clearances columns
	for _, r := range lastOf(c.Roles, func(r model.Role) string { return r.RequestRef + "|" + r.Name }) {
		rows.add(r.RequestRef, r.Name, r.Headcount, r.From.ISO(), r.To.ISO(), r.OnSite)
		keys.add(r.RequestRef, r.Name)
		for _, s := range r.Skills {
			skills.add(r.RequestRef, r.Name, s.Skill, s.Level)
		}
		for _, k := range r.Clearances {
			clearances.add(r.RequestRef, r.Name, k)
		}
	}
	statements := []struct {
		cols  columns
		query string
	}{
		{rows, `INSERT INTO roles (request_ref, name, headcount, starts, ends, on_site)
			SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bool[])
			ON CONFLICT (request_ref, name) DO UPDATE SET headcount = excluded.headcount, starts = excluded.starts,
			ends = excluded.ends, on_site = excluded.on_site`},
		{keys, `DELETE FROM role_skills WHERE (request_ref, role) IN (SELECT * FROM unnest($1::text[], $2::text[]))`},
		{keys, `DELETE FROM role_clearances WHERE (request_ref, role) IN (SELECT * FROM unnest($1::text[], $2::text[]))`},
		{skills, `INSERT INTO role_skills (request_ref, role, skill, level) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`},
		{clearances, `INSERT INTO role_clearances (request_ref, role, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`},
	}
	for _, st := range statements {
		if err := st.cols.exec(t, st.query); err != nil {
			return err
		}
	}
	return nil
}

func writeAssignments(t *tx, c *model.Changeset) error {
	var cols columns
	for _, a := range lastOf(c.Assignments, func(a model.Assignment) string { return a.RequestRef + "|" + a.Role + "|" + a.StaffID }) {
		cols.add(a.RequestRef, a.Role, a.StaffID, a.From.ISO(), a.To.ISO(), string(a.Status), a.Pinned, a.Reason)
	}
	return cols.exec(t, `INSERT INTO assignments (request_ref, role, staff_id, starts, ends, status, pinned, reason)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[])
		ON CONFLICT (request_ref, role, staff_id) DO UPDATE SET starts = excluded.starts, ends = excluded.ends,
		status = excluded.status, pinned = excluded.pinned, reason = excluded.reason, version = assignments.version + 1`)
}

// writeLessons writes lessons tied to their author: a Staff ID, or an Author naming an
// associate by Staff ID or by a name no one else has (model.Lesson).
func writeLessons(t *tx, c *model.Changeset) error {
	for _, l := range c.Lessons {
		authorID, author, err := lessonAuthor(t, l)
		if err != nil {
			return err
		}
		args := []any{l.RequestRef, l.Trust, l.System, l.WhatFailed, l.WhatFixed, author, authorID, l.Written.ISO(), l.Version,
			strings.Join(l.Tags, "; ")}
		if l.ID == 0 {
			_, err = t.Exec(t.ctx, `INSERT INTO lessons (request_ref, trust, system, what_failed, what_fixed, author, author_id, written,
				version, tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, args...)
		} else {
			_, err = t.Exec(t.ctx, `UPDATE lessons SET request_ref = $1, trust = $2, system = $3, what_failed = $4,
				what_fixed = $5, author = $6, author_id = $7, written = $8, version = $9, tags = $10 WHERE id = $11`, append(args, l.ID)...)
		}
		if err != nil {
			return fmt.Errorf("lesson on %s: %w", l.System, err)
		}
	}
	return nil
}

// lessonAuthor returns the Staff ID a lesson is credited to (nil for none) and the
// free-text author stored with it.
func lessonAuthor(t *tx, l model.Lesson) (any, string, error) {
	id := l.AuthorID
	if id == "" && l.Author != "" {
		err := t.QueryRow(t.ctx, `SELECT coalesce((SELECT staff_id FROM associates WHERE staff_id = $1),
			(SELECT CASE WHEN count(*) = 1 THEN max(staff_id) ELSE '' END FROM associates WHERE name = $1))`, l.Author).Scan(&id)
		if err != nil {
			return nil, "", err
		}
	}
	if id == "" {
		return nil, l.Author, nil
	}
	if known, err := (stored{t}).HasAssociate(id); err != nil || !known {
		return nil, "", errors.Join(err, model.UnknownAuthor(l.System, id))
	}
	return id, "", nil
}

// SaveSettings validates and stores the settings.
func (s *Store) SaveSettings(ctx context.Context, settings model.Settings) error {
	return s.inTx(ctx, "changed the settings", func(t *tx) error { return write(t, &model.Changeset{Settings: &settings}) })
}

func saveSettings(t *tx, settings model.Settings) error {
	var cols columns
	for k, v := range model.SettingsRows(settings) {
		cols.add(k, v)
	}
	return cols.exec(t, `INSERT INTO settings (key, value) SELECT * FROM unnest($1::text[], $2::text[])
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
}

// stored answers a changeset's validation from inside the transaction that writes it.
type stored struct{ t *tx }

func (s stored) exists(query string, args ...any) (bool, error) {
	var b bool
	err := s.t.QueryRow(s.t.ctx, `SELECT EXISTS (`+query+`)`, args...).Scan(&b)
	return b, err
}

func (s stored) HasOrganisation(code string) (bool, error) {
	return s.exists(`SELECT 1 FROM organisations WHERE code = $1`, code)
}

func (s stored) HasAssociate(staffID string) (bool, error) {
	return s.exists(`SELECT 1 FROM associates WHERE staff_id = $1`, staffID)
}

func (s stored) Request(ref string) (*model.Request, error) {
	var from, to string
	err := s.t.QueryRow(s.t.ctx, `SELECT starts, ends FROM requests WHERE ref = $1`, ref).Scan(&from, &to)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &model.Request{Ref: ref, Period: model.Period{From: isoDate(from), To: isoDate(to)}}, err
}

func (s stored) Role(ref, name string) (*model.Role, error) {
	var from, to string
	err := s.t.QueryRow(s.t.ctx, `SELECT starts, ends FROM roles WHERE request_ref = $1 AND name = $2`, ref, name).Scan(&from, &to)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &model.Role{RequestRef: ref, Name: name, Period: model.Period{From: isoDate(from), To: isoDate(to)}}, err
}

// allowed checks a changeset against the person's roles: rows they may not write that
// change something are refused by name; the rest is returned without the unchanged ones.
func (s *Store) allowed(ctx context.Context, c *model.Changeset) (*model.Changeset, error) {
	access, err := s.Access(ctx)
	if err != nil {
		return nil, err
	}
	if access.Has(model.RoleCoordinator) && access.Has(model.RoleHR) {
		return c, nil
	}
	cur, err := s.Load(ctx)
	if err != nil {
		return nil, err
	}
	if err := access.CheckChangeset(c, cur); err != nil {
		return nil, err
	}
	return model.Unchanged(c, cur, access), nil
}

var _ model.Store = (*Store)(nil)
