package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"associateplanner/model"
)

// Audit returns the newest limit entries of the audit trail, newest first; limit 0 means all.
func (r *Register) Audit(ctx context.Context, limit int) ([]model.AuditEntry, error) {
	query := `SELECT at, os_user, entity, entity_key, change, COALESCE(before, ''), COALESCE(after, '') FROM audit ORDER BY id DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := r.db.QueryContext(ctx, query)
	if err != nil {
		return nil, storeErr(r.path, fmt.Errorf("read audit trail: %w", err))
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		if err := rows.Scan(&e.At, &e.User, &e.Entity, &e.Key, &e.Change, &e.Before, &e.After); err != nil {
			return nil, storeErr(r.path, err)
		}
		out = append(out, e)
	}
	return out, storeErr(r.path, rows.Err())
}

// lastChange says who last changed an entity (any, for key "") and when, for a message
// that refuses a stale change.
func lastChange(t *tx, key string) string {
	var who, at string
	err := t.QueryRowContext(t.ctx, `SELECT os_user, at FROM audit WHERE ? = '' OR entity_key = ? ORDER BY id DESC LIMIT 1`,
		key, key).Scan(&who, &at)
	if err != nil {
		return "someone else"
	}
	if when, err := time.Parse(auditTime, at); err == nil {
		at = when.Format("02/01/2006 at 15:04")
	}
	return fmt.Sprintf("%s on %s UTC", who, at)
}

// stale refuses a change when the stored version is no longer the one the editor saw.
func stale(t *tx, what, key string, seen int, query string, args ...any) error {
	var now int
	err := t.QueryRowContext(t.ctx, query, args...).Scan(&now)
	switch {
	case errors.Is(err, sql.ErrNoRows) && seen == 0:
		return nil // new
	case errors.Is(err, sql.ErrNoRows):
		return model.Errorf(model.ECONFLICT, "%s %s was deleted by %s after you opened it", what, key, lastChange(t, key))
	case err != nil:
		return err
	case now != seen:
		return model.Errorf(model.ECONFLICT, "%s %s was changed by %s after you opened it; reload to see the change, then edit again",
			what, key, lastChange(t, key))
	}
	return nil
}

// SaveAssociate validates and writes an edited associate, unless someone changed it since
// the editor read version seen (0 for a new associate).
func (r *Register) SaveAssociate(ctx context.Context, a model.Associate, seen int) error {
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		if err := stale(t, "Associate", a.StaffID, seen, `SELECT version FROM associates WHERE staff_id = ?`, a.StaffID); err != nil {
			return err
		}
		return write(t, &model.Changeset{Associates: []model.Associate{a}})
	}))
}

// SaveRequest validates and writes an edited request with its roles, unless someone
// changed the request since the editor read version seen (0 for a new request).
func (r *Register) SaveRequest(ctx context.Context, q model.Request, roles []model.Role, seen int) error {
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		if err := stale(t, "Request", q.Ref, seen, `SELECT version FROM requests WHERE ref = ?`, q.Ref); err != nil {
			return err
		}
		if err := write(t, &model.Changeset{Requests: []model.Request{q}, Roles: roles}); err != nil || roles == nil {
			return err
		}
		return removeRolesNotIn(t, q.Ref, roles)
	}))
}

// removeRolesNotIn deletes the request's roles that are not in keep, refusing one whose
// seats someone holds or held: its assignments are its history.
func removeRolesNotIn(t *tx, ref string, keep []model.Role) error {
	rows, err := t.QueryContext(t.ctx, `SELECT name, (SELECT COUNT(*) FROM assignments a WHERE a.request_ref = r.request_ref
		AND a.role = r.name) FROM roles r WHERE request_ref = ?`, ref)
	if err != nil {
		return err
	}
	gone, err := rolesToRemove(rows, keep)
	if err != nil {
		return err
	}
	for _, name := range gone {
		if _, err := t.ExecContext(t.ctx, `DELETE FROM roles WHERE request_ref = ? AND name = ?`, ref, name); err != nil {
			return fmt.Errorf("remove role %s / %s: %w", ref, name, err)
		}
	}
	return nil
}

// SaveAssignments validates and writes assignments (a confirmation, a pin, a swap), unless
// someone changed one of them since the editor read the versions in seen (by
// AssignmentKey).
func (r *Register) SaveAssignments(ctx context.Context, as []model.Assignment, seen map[string]int) error {
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error {
		for _, a := range as {
			err := stale(t, "Assignment", a.RequestRef+" / "+a.Role+" / "+a.StaffID, seen[model.AssignmentKey(a)],
				`SELECT version FROM assignments WHERE request_ref = ? AND role = ? AND staff_id = ?`, a.RequestRef, a.Role, a.StaffID)
			if err != nil {
				return err
			}
		}
		return write(t, &model.Changeset{Assignments: as})
	}))
}

// stored answers a changeset's validation from inside the transaction that writes it.
type stored struct{ t *tx }

func (s stored) exists(query string, args ...any) (bool, error) {
	var n int
	err := s.t.QueryRowContext(s.t.ctx, `SELECT EXISTS (`+query+`)`, args...).Scan(&n)
	return n == 1, err
}

func (s stored) HasOrganisation(code string) (bool, error) {
	return s.exists(`SELECT 1 FROM organisations WHERE code = ?`, code)
}

func (s stored) HasAssociate(staffID string) (bool, error) {
	return s.exists(`SELECT 1 FROM associates WHERE staff_id = ?`, staffID)
}

// Request returns the stored request with its window, which is what validation reads.
func (s stored) Request(ref string) (*model.Request, error) {
	q := model.Request{Ref: ref}
	var from, to string
	err := s.t.QueryRowContext(s.t.ctx, `SELECT starts, ends FROM requests WHERE ref = ?`, ref).Scan(&from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	q.From, q.To = isoDate(from), isoDate(to)
	return &q, err
}

// Role returns the stored role with its dates, which is what validation reads.
func (s stored) Role(ref, name string) (*model.Role, error) {
	role := model.Role{RequestRef: ref, Name: name}
	var from, to string
	err := s.t.QueryRowContext(s.t.ctx, `SELECT starts, ends FROM roles WHERE request_ref = ? AND name = ?`, ref, name).Scan(&from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	role.From, role.To = isoDate(from), isoDate(to)
	return &role, err
}

// rolesToRemove reads the stored roles and their assignment counts, and returns the names
// of those an edit keeping keep removes.
func rolesToRemove(rows *sql.Rows, keep []model.Role) ([]string, error) {
	defer rows.Close()
	var stored []model.RoleRow
	for rows.Next() {
		var r model.RoleRow
		if err := rows.Scan(&r.Name, &r.Assignments); err != nil {
			return nil, err
		}
		stored = append(stored, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return model.RolesToRemove(stored, keep)
}
