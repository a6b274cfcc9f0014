package model

import (
	"context"
	"database/sql"
	"fmt"
)

// Changeset is a batch of entities to write in one transaction: each is inserted, or
// replaces the stored one with the same key (an associate's skills, systems and clearances
// and a role's skills and clearances are replaced with it).
type Changeset struct {
	Organisations  []Organisation
	Associates     []Associate
	Unavailability []Unavailability
	Requests       []Request
	Roles          []Role
	Assignments    []Assignment
	Lessons        []Lesson // ID 0 adds a lesson
	Settings       *Settings
}

// Len counts the entities in the changeset.
func (c *Changeset) Len() int {
	return len(c.Organisations) + len(c.Associates) + len(c.Unavailability) + len(c.Requests) +
		len(c.Roles) + len(c.Assignments) + len(c.Lessons)
}

// Apply writes a changeset in one transaction: all of it, or (on any error) none of it.
func (r *Register) Apply(ctx context.Context, c *Changeset) error {
	return r.inTx(ctx, func(tx *sql.Tx) error {
		w := writer{ctx: ctx, tx: tx}
		steps := []func(*Changeset) error{w.organisations, w.associates, w.unavailability,
			w.requests, w.roles, w.assignments, w.lessons}
		for _, step := range steps {
			if err := step(c); err != nil {
				return err
			}
		}
		if c.Settings != nil {
			return saveSettings(ctx, tx, *c.Settings)
		}
		return nil
	})
}

// writer runs the statements of one Apply.
type writer struct {
	ctx context.Context
	tx  *sql.Tx
}

func (w writer) exec(query string, args ...any) error {
	_, err := w.tx.ExecContext(w.ctx, query, args...)
	return err
}

func (w writer) organisations(c *Changeset) error {
	for _, o := range c.Organisations {
		err := w.exec(`INSERT INTO organisations (code, name, region, postcode, opened, closed)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region,
			postcode = excluded.postcode, opened = excluded.opened, closed = excluded.closed`,
			o.Code, o.Name, o.Region, o.Postcode, o.Opened.ISO(), o.Closed.ISO())
		if err != nil {
			return fmt.Errorf("write organisation %s: %w", o.Code, err)
		}
	}
	return nil
}

func (w writer) associates(c *Changeset) error {
	for _, a := range c.Associates {
		if err := w.associate(a); err != nil {
			return fmt.Errorf("write associate %s: %w", a.StaffID, err)
		}
	}
	return nil
}

func (w writer) associate(a Associate) error {
	err := w.exec(`INSERT INTO associates (staff_id, name, email, phone, home_org, band, max_days,
		day_rate, remote_only, active, region, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, email = excluded.email,
		phone = excluded.phone, home_org = excluded.home_org, band = excluded.band,
		max_days = excluded.max_days, day_rate = excluded.day_rate, remote_only = excluded.remote_only,
		active = excluded.active, region = excluded.region, notes = excluded.notes`,
		a.StaffID, a.Name, a.Email, a.Phone, a.HomeOrg, string(a.Band), a.MaxDays, int64(a.DayRate),
		a.RemoteOnly, a.Active, a.Region, a.Notes)
	if err != nil {
		return err
	}
	for _, table := range []string{"associate_skills", "associate_systems", "associate_clearances"} {
		if err := w.exec(`DELETE FROM `+table+` WHERE staff_id = ?`, a.StaffID); err != nil {
			return err
		}
	}
	for _, s := range a.Skills {
		if err := w.exec(`INSERT INTO associate_skills (staff_id, skill, level) VALUES (?, ?, ?)`, a.StaffID, s.Skill, s.Level); err != nil {
			return err
		}
	}
	for _, s := range a.Systems {
		if err := w.exec(`INSERT INTO associate_systems (staff_id, system) VALUES (?, ?)`, a.StaffID, s); err != nil {
			return err
		}
	}
	for _, cl := range a.Clearances {
		if err := w.exec(`INSERT INTO associate_clearances (staff_id, kind, expiry) VALUES (?, ?, ?)`, a.StaffID, cl.Type, cl.Expiry.ISO()); err != nil {
			return err
		}
	}
	return nil
}

func (w writer) unavailability(c *Changeset) error {
	for _, u := range c.Unavailability {
		err := w.exec(`INSERT INTO unavailability (staff_id, starts, ends, reason) VALUES (?, ?, ?, ?)
			ON CONFLICT (staff_id, starts, ends) DO UPDATE SET reason = excluded.reason`,
			u.StaffID, u.From.ISO(), u.To.ISO(), u.Reason)
		if err != nil {
			return fmt.Errorf("write unavailability of %s %s: %w", u.StaffID, u.Period, err)
		}
	}
	return nil
}

func (w writer) requests(c *Changeset) error {
	for _, q := range c.Requests {
		err := w.exec(`INSERT INTO requests (ref, trust, title, kind, priority, system, starts, ends,
			mode, status, host_name, host_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (ref) DO UPDATE SET trust = excluded.trust, title = excluded.title,
			kind = excluded.kind, priority = excluded.priority, system = excluded.system,
			starts = excluded.starts, ends = excluded.ends, mode = excluded.mode,
			status = excluded.status, host_name = excluded.host_name, host_email = excluded.host_email`,
			q.Ref, q.Trust, q.Title, string(q.Kind), q.Priority, q.System, q.From.ISO(), q.To.ISO(),
			string(q.Mode), string(q.Status), q.HostName, q.HostEmail)
		if err != nil {
			return fmt.Errorf("write request %s: %w", q.Ref, err)
		}
	}
	return nil
}

func (w writer) roles(c *Changeset) error {
	for _, r := range c.Roles {
		if err := w.role(r); err != nil {
			return fmt.Errorf("write role %s / %s: %w", r.RequestRef, r.Name, err)
		}
	}
	return nil
}

func (w writer) role(r Role) error {
	err := w.exec(`INSERT INTO roles (request_ref, name, headcount, starts, ends, on_site)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_ref, name) DO UPDATE SET headcount = excluded.headcount,
		starts = excluded.starts, ends = excluded.ends, on_site = excluded.on_site`,
		r.RequestRef, r.Name, r.Headcount, r.From.ISO(), r.To.ISO(), r.OnSite)
	if err != nil {
		return err
	}
	for _, table := range []string{"role_skills", "role_clearances"} {
		if err := w.exec(`DELETE FROM `+table+` WHERE request_ref = ? AND role = ?`, r.RequestRef, r.Name); err != nil {
			return err
		}
	}
	for _, s := range r.Skills {
		if err := w.exec(`INSERT INTO role_skills (request_ref, role, skill, level) VALUES (?, ?, ?, ?)`,
			r.RequestRef, r.Name, s.Skill, s.Level); err != nil {
			return err
		}
	}
	for _, k := range r.Clearances {
		if err := w.exec(`INSERT INTO role_clearances (request_ref, role, kind) VALUES (?, ?, ?)`,
			r.RequestRef, r.Name, k); err != nil {
			return err
		}
	}
	return nil
}

func (w writer) assignments(c *Changeset) error {
	for _, a := range c.Assignments {
		err := w.exec(`INSERT INTO assignments (request_ref, role, staff_id, starts, ends, status, pinned)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (request_ref, role, staff_id) DO UPDATE SET starts = excluded.starts,
			ends = excluded.ends, status = excluded.status, pinned = excluded.pinned`,
			a.RequestRef, a.Role, a.StaffID, a.From.ISO(), a.To.ISO(), string(a.Status), a.Pinned)
		if err != nil {
			return fmt.Errorf("write assignment %s / %s / %s: %w", a.RequestRef, a.Role, a.StaffID, err)
		}
	}
	return nil
}

func (w writer) lessons(c *Changeset) error {
	for _, l := range c.Lessons {
		args := []any{l.RequestRef, l.Trust, l.System, l.WhatFailed, l.WhatFixed, l.Author, l.Written.ISO()}
		var err error
		if l.ID == 0 {
			err = w.exec(`INSERT INTO lessons (request_ref, trust, system, what_failed, what_fixed, author, written)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, args...)
		} else {
			err = w.exec(`UPDATE lessons SET request_ref = ?, trust = ?, system = ?, what_failed = ?,
				what_fixed = ?, author = ?, written = ? WHERE id = ?`, append(args, l.ID)...)
		}
		if err != nil {
			return fmt.Errorf("write lesson on %s: %w", l.System, err)
		}
	}
	return nil
}
