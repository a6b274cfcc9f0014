package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"associateplanner/model"
)

// Apply writes a changeset in one transaction: all of it, or (on any error) none of it.
// It is validated inside the transaction, against what the register holds then; a guarded
// one is refused when the register has moved on from its revision, and the automatic
// backup it asks for is made under the same lock, kept only if it is written.
func (r *Register) Apply(ctx context.Context, c *model.Changeset) error {
	_, err := r.backedUp(ctx, r.wdb, c.Backup, func(t *tx, backup func() (string, error)) error {
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
		if c.Backup != "" {
			if _, err := backup(); err != nil {
				return err
			}
		}
		return write(t, c)
	})
	return storeErr(r.path, err)
}

// atRevision refuses, with refuse's error naming who changed it last, unless the register
// is still at revision.
func atRevision(t *tx, revision int64, refuse func(by string) error) error {
	var now int64
	if err := t.QueryRowContext(t.ctx, `SELECT revision FROM register_info`).Scan(&now); err != nil {
		return err
	}
	if now != revision {
		return refuse(lastChange(t, ""))
	}
	return nil
}

// refuseUnlessEmpty refuses a change meant for an empty register when it holds anything.
func refuseUnlessEmpty(t *tx) error {
	var n int
	err := t.QueryRowContext(t.ctx, `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM associates)
		OR EXISTS (SELECT 1 FROM requests)`).Scan(&n)
	if err == nil && n != 0 {
		return model.Errorf(model.ECONFLICT, "the register already holds data, so nothing was written: this fills an empty register only")
	}
	return err
}

// write validates a changeset against the register and writes it, in the transaction t.
func write(t *tx, c *model.Changeset) error {
	if err := c.Validate(stored{t}); err != nil {
		return err
	}
	w := writer{ctx: t.ctx, t: t, stmts: map[string]*sql.Stmt{}}
	defer w.close()
	steps := []func(*model.Changeset) error{w.organisations, w.associates, w.unavailability,
		w.requests, w.roles, w.assignments, w.lessons}
	for _, step := range steps {
		if err := step(c); err != nil {
			return err
		}
	}
	if c.Settings != nil {
		return saveSettings(t, *c.Settings)
	}
	return nil
}

// writer runs the statements of one Apply, each prepared once: SQLite would otherwise parse
// the same INSERT for every one of ten thousand rows.
type writer struct {
	ctx   context.Context
	t     *tx
	stmts map[string]*sql.Stmt
}

func (w writer) exec(query string, args ...any) error {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.t.PrepareContext(w.ctx, query); err != nil {
			return err
		}
		w.stmts[query] = st
	}
	_, err := st.ExecContext(w.ctx, args...)
	return err
}

func (w writer) close() {
	for _, st := range w.stmts {
		st.Close() //nolint:errcheck // the transaction's end releases them anyway
	}
}

func (w writer) organisations(c *model.Changeset) error {
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

// associates writes associates in batches: one multi-row statement per batch for the
// associates, for deleting their old lists and for inserting the new ones, instead of a
// dozen statements per person.
func (w writer) associates(c *model.Changeset) error {
	for start := 0; start < len(c.Associates); start += batchRows {
		batch := c.Associates[start:min(start+batchRows, len(c.Associates))]
		if err := w.associateBatch(batch); err != nil {
			return fmt.Errorf("write associates %s to %s: %w", batch[0].StaffID, batch[len(batch)-1].StaffID, err)
		}
	}
	return nil
}

// batchRows is how many associates one batch writes; their list rows stay well below
// SQLite's limit of 32,766 parameters per statement.
const batchRows = 200

func (w writer) associateBatch(batch []model.Associate) error {
	upsert := rows{head: `INSERT INTO associates (staff_id, name, email, phone, home_org, band, max_days,
		day_rate, remote_only, active, region, notes) VALUES `, tail: ` ON CONFLICT (staff_id) DO UPDATE SET
		name = excluded.name, email = excluded.email, phone = excluded.phone, home_org = excluded.home_org,
		band = excluded.band, max_days = excluded.max_days, day_rate = excluded.day_rate,
		remote_only = excluded.remote_only, active = excluded.active, region = excluded.region, notes = excluded.notes,
		version = associates.version + 1`}
	ids := rows{}
	skills := rows{head: `INSERT INTO associate_skills (staff_id, skill, level) VALUES `}
	systems := rows{head: `INSERT INTO associate_systems (staff_id, system) VALUES `}
	clearances := rows{head: `INSERT INTO associate_clearances (staff_id, kind, expiry) VALUES `}
	for _, a := range batch {
		upsert.add(a.StaffID, a.Name, a.Email, a.Phone, a.HomeOrg, string(a.Band), a.MaxDays, int64(a.DayRate),
			a.RemoteOnly, a.Active, a.Region, a.Notes)
		ids.add(a.StaffID)
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
	before, err := w.associateJSON(ids)
	if err != nil {
		return err
	}
	if err := w.execRows(upsert); err != nil {
		return err
	}
	for _, table := range []string{"associate_skills", "associate_systems", "associate_clearances"} {
		if err := w.exec(`DELETE FROM `+table+` WHERE staff_id IN (`+ids.placeholders(false)+`)`, ids.args...); err != nil {
			return err
		}
	}
	for _, r := range []rows{skills, systems, clearances} {
		if err := w.execRows(r); err != nil {
			return err
		}
	}
	after := make(map[string]string, len(batch))
	for _, a := range batch {
		js, err := auditJSON(a)
		if err != nil {
			return err
		}
		after[a.StaffID] = js
	}
	return w.auditAssociates(ids, before, after)
}

// auditedAssociate is an associate as the audit trail records it: the same keys, in the
// same order, as associateJSON's json_object, so that a stored and a new form compare.
type auditedAssociate struct {
	Name       string  `json:"name"`
	Email      string  `json:"email"`
	Phone      string  `json:"phone"`
	HomeOrg    string  `json:"home_org"`
	Band       string  `json:"band"`
	MaxDays    int     `json:"max_days"`
	DayRate    int64   `json:"day_rate"`
	RemoteOnly int     `json:"remote_only"`
	Active     int     `json:"active"`
	Region     string  `json:"region"`
	Notes      string  `json:"notes"`
	Skills     *string `json:"skills"`
	Systems    *string `json:"systems"`
	Clearances *string `json:"clearances"`
}

// auditJSON renders an associate about to be written as associateJSON would read it back.
func auditJSON(a model.Associate) (string, error) {
	list := func(items []string) *string {
		if len(items) == 0 {
			return nil
		}
		s := strings.Join(items, "; ")
		return &s
	}
	skills := make([]string, len(a.Skills))
	for i, s := range a.Skills {
		skills[i] = fmt.Sprintf("%s:%d", s.Skill, s.Level)
	}
	clearances := make([]string, len(a.Clearances))
	for i, c := range a.Clearances {
		clearances[i] = c.Type + ":" + c.Expiry.ISO()
	}
	bit := map[bool]int{true: 1}
	v := auditedAssociate{Name: a.Name, Email: a.Email, Phone: a.Phone, HomeOrg: a.HomeOrg, Band: string(a.Band),
		MaxDays: a.MaxDays, DayRate: int64(a.DayRate), RemoteOnly: bit[a.RemoteOnly], Active: bit[a.Active],
		Region: a.Region, Notes: a.Notes, Skills: list(skills), Systems: list(a.Systems), Clearances: list(clearances)}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // SQLite writes <, > and & as they are
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// associateJSON returns each listed associate as JSON, with their skills, systems and
// clearances in the order written, as the audit trail records them.
func (w writer) associateJSON(ids rows) (map[string]string, error) {
	query := `SELECT a.staff_id, json_object('name', a.name, 'email', a.email, 'phone', a.phone, 'home_org', a.home_org,
		'band', a.band, 'max_days', a.max_days, 'day_rate', a.day_rate, 'remote_only', a.remote_only, 'active', a.active,
		'region', a.region, 'notes', a.notes,
		'skills', (SELECT group_concat(skill || ':' || level, '; ' ORDER BY rowid) FROM associate_skills s WHERE s.staff_id = a.staff_id),
		'systems', (SELECT group_concat(system, '; ' ORDER BY rowid) FROM associate_systems s WHERE s.staff_id = a.staff_id),
		'clearances', (SELECT group_concat(kind || ':' || expiry, '; ' ORDER BY rowid) FROM associate_clearances s WHERE s.staff_id = a.staff_id))
		FROM associates a WHERE a.staff_id IN (` + ids.placeholders(false) + `)`
	out := map[string]string{}
	rs, err := w.t.QueryContext(w.ctx, query, ids.args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var id, js string
		if err := rs.Scan(&id, &js); err != nil {
			return nil, err
		}
		out[id] = js
	}
	return out, rs.Err()
}

// auditAssociates records one entry per associate whose stored form changed.
func (w writer) auditAssociates(ids rows, before, after map[string]string) error {
	audit := rows{head: `INSERT INTO audit (at, os_user, entity, entity_key, change, before, after) VALUES `}
	for _, v := range ids.args {
		id := v.(string)
		old, existed := before[id]
		switch {
		case !existed:
			audit.add(w.t.at, w.t.user, "associate", id, "insert", nil, after[id])
		case old != after[id]:
			audit.add(w.t.at, w.t.user, "associate", id, "update", old, after[id])
		}
	}
	return w.execRows(audit)
}

// rows gathers the values of a multi-row INSERT: head, then one (?, …) group per row, then
// tail.
type rows struct {
	head, tail string
	width, n   int
	args       []any
}

func (r *rows) add(values ...any) {
	r.width = len(values)
	r.n++
	r.args = append(r.args, values...)
}

// placeholders returns "(?, ?), (?, ?)" for grouped rows, or "?, ?, ?" for a plain list.
func (r *rows) placeholders(grouped bool) string {
	one := "?"
	if grouped {
		one = "(" + strings.Repeat("?, ", r.width-1) + "?)"
	}
	return strings.Repeat(one+", ", r.n-1) + one
}

func (w writer) execRows(r rows) error {
	if r.n == 0 {
		return nil
	}
	return w.exec(r.head+r.placeholders(true)+r.tail, r.args...)
}

// unavailability writes leave in multi-row batches: an import brings thousands.
func (w writer) unavailability(c *model.Changeset) error {
	for start := 0; start < len(c.Unavailability); start += batchRows {
		batch := rows{head: `INSERT INTO unavailability (staff_id, starts, ends, reason) VALUES `,
			tail: ` ON CONFLICT (staff_id, starts, ends) DO UPDATE SET reason = excluded.reason`}
		for _, u := range c.Unavailability[start:min(start+batchRows, len(c.Unavailability))] {
			batch.add(u.StaffID, u.From.ISO(), u.To.ISO(), u.Reason)
		}
		if err := w.execRows(batch); err != nil {
			return fmt.Errorf("write unavailability: %w", err)
		}
	}
	return nil
}

func (w writer) requests(c *model.Changeset) error {
	for _, q := range c.Requests {
		err := w.exec(`INSERT INTO requests (ref, trust, title, kind, priority, system, starts, ends,
			mode, status, host_name, host_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (ref) DO UPDATE SET trust = excluded.trust, title = excluded.title,
			kind = excluded.kind, priority = excluded.priority, system = excluded.system,
			starts = excluded.starts, ends = excluded.ends, mode = excluded.mode,
			status = excluded.status, host_name = excluded.host_name, host_email = excluded.host_email,
			version = requests.version + 1`,
			q.Ref, q.Trust, q.Title, string(q.Kind), q.Priority, q.System, q.From.ISO(), q.To.ISO(),
			string(q.Mode), string(q.Status), q.HostName, q.HostEmail)
		if err != nil {
			return fmt.Errorf("write request %s: %w", q.Ref, err)
		}
	}
	return nil
}

func (w writer) roles(c *model.Changeset) error {
	for _, r := range c.Roles {
		if err := w.role(r); err != nil {
			return fmt.Errorf("write role %s / %s: %w", r.RequestRef, r.Name, err)
		}
	}
	return nil
}

func (w writer) role(r model.Role) error {
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

func (w writer) assignments(c *model.Changeset) error {
	for _, a := range c.Assignments {
		err := w.exec(`INSERT INTO assignments (request_ref, role, staff_id, starts, ends, status, pinned, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (request_ref, role, staff_id) DO UPDATE SET starts = excluded.starts,
			ends = excluded.ends, status = excluded.status, pinned = excluded.pinned, reason = excluded.reason,
			version = assignments.version + 1`,
			a.RequestRef, a.Role, a.StaffID, a.From.ISO(), a.To.ISO(), string(a.Status), a.Pinned, a.Reason)
		if err != nil {
			return fmt.Errorf("write assignment %s / %s / %s: %w", a.RequestRef, a.Role, a.StaffID, err)
		}
	}
	return nil
}

// lessons writes lessons tied to their author: a Staff ID, or an Author naming an
// associate by Staff ID or by a name no one else has (model.Lesson).
func (w writer) lessons(c *model.Changeset) error {
	for _, l := range c.Lessons {
		authorID, author, err := w.author(l)
		if err != nil {
			return err
		}
		args := []any{l.RequestRef, l.Trust, l.System, l.WhatFailed, l.WhatFixed, author, authorID, l.Written.ISO(),
			l.Version, strings.Join(l.Tags, "; ")}
		if l.ID == 0 {
			err = w.exec(`INSERT INTO lessons (request_ref, trust, system, what_failed, what_fixed, author, author_id, written,
				version, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		} else {
			err = w.exec(`UPDATE lessons SET request_ref = ?, trust = ?, system = ?, what_failed = ?,
				what_fixed = ?, author = ?, author_id = ?, written = ?, version = ?, tags = ? WHERE id = ?`, append(args, l.ID)...)
		}
		if err != nil {
			return fmt.Errorf("write lesson on %s: %w", l.System, err)
		}
	}
	return nil
}

// author returns the Staff ID a lesson is credited to (nil for none) and the free-text
// author stored with it.
func (w writer) author(l model.Lesson) (any, string, error) {
	id := l.AuthorID
	if id == "" && l.Author != "" {
		err := w.t.QueryRowContext(w.ctx, `SELECT COALESCE((SELECT staff_id FROM associates WHERE staff_id = ?1),
			(SELECT CASE WHEN COUNT(*) = 1 THEN MAX(staff_id) ELSE '' END FROM associates WHERE name = ?1))`, l.Author).Scan(&id)
		if err != nil {
			return nil, "", err
		}
	}
	if id == "" {
		return nil, l.Author, nil
	}
	if known, err := (stored{w.t}).HasAssociate(id); err != nil || !known {
		return nil, "", errors.Join(err, model.UnknownAuthor(l.System, id))
	}
	return id, "", nil
}

// CommitPlan saves a plan's proposals in one transaction, after an automatic backup made
// under the same lock (kept only if the plan is saved): the earlier unpinned proposals are replaced by these; commitments and pinned assignments are
// left as they are. A plan made on an earlier revision is refused: what it was made from
// has changed (leave imported, a commitment made), so it may break a rule now.
func (r *Register) CommitPlan(ctx context.Context, revision int64, proposals []model.Assignment) error {
	_, err := r.backedUp(ctx, r.wdb, "before-plan", func(t *tx, backup func() (string, error)) error {
		if err := atRevision(t, revision, model.StalePlan); err != nil {
			return err
		}
		if _, err := backup(); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM assignments WHERE status = ? AND pinned = ?`, string(model.Proposed), false); err != nil {
			return fmt.Errorf("clear earlier proposals: %w", err)
		}
		return write(t, &model.Changeset{Assignments: proposals})
	})
	return storeErr(r.path, err)
}
