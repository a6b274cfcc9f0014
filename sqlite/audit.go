package sqlite

import (
	"associateplanner/model"
	"context"
	"database/sql"
	"fmt"
)

// Audit returns the newest limit entries of the audit trail, newest first; limit 0 means all.
func (r *Register) Audit(ctx context.Context, limit int) ([]model.AuditEntry, error) {
	query := `SELECT at, os_user, entity, entity_key, change, COALESCE(before, ''), COALESCE(after, '') FROM audit ORDER BY id DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := r.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("read audit trail: %w", err)
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		if err := rows.Scan(&e.At, &e.User, &e.Entity, &e.Key, &e.Change, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// lastChange says who last changed an entity (any, for key "") and when, for a message
// that refuses a stale change.
func lastChange(ctx context.Context, tx *sql.Tx, key string) string {
	var who, at string
	err := tx.QueryRowContext(ctx, `SELECT os_user, at FROM audit WHERE ? = '' OR entity_key = ? ORDER BY id DESC LIMIT 1`,
		key, key).Scan(&who, &at)
	if err != nil {
		return "someone else"
	}
	return fmt.Sprintf("%s at %s UTC", who, at[:min(len(at), 16)])
}

// stale refuses a change when the stored version is no longer the one the editor saw.
func stale(ctx context.Context, tx *sql.Tx, what, key, query string, seen int) error {
	var now int
	err := tx.QueryRowContext(ctx, query, key).Scan(&now)
	switch {
	case err == sql.ErrNoRows && seen == 0:
		return nil // new
	case err == sql.ErrNoRows:
		return model.Errorf(model.ECONFLICT, "%s %s was deleted by %s after you opened it", what, key, lastChange(ctx, tx, key))
	case err != nil:
		return err
	case now != seen:
		return model.Errorf(model.ECONFLICT, "%s %s was changed by %s after you opened it; reload to see the change, then edit again",
			what, key, lastChange(ctx, tx, key))
	}
	return nil
}

// SaveAssociate writes an edited associate, unless someone changed it since the editor
// read version seen (0 for a new associate).
func (r *Register) SaveAssociate(ctx context.Context, a model.Associate, seen int) error {
	return r.inTx(ctx, func(tx *sql.Tx) error {
		if err := stale(ctx, tx, "Associate", a.StaffID, `SELECT version FROM associates WHERE staff_id = ?`, seen); err != nil {
			return err
		}
		w := writer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		return w.associates(&model.Changeset{Associates: []model.Associate{a}})
	})
}

// SaveRequest writes an edited request with its roles, unless someone changed the request
// since the editor read version seen (0 for a new request).
func (r *Register) SaveRequest(ctx context.Context, q model.Request, roles []model.Role, seen int) error {
	return r.inTx(ctx, func(tx *sql.Tx) error {
		if err := stale(ctx, tx, "Request", q.Ref, `SELECT version FROM requests WHERE ref = ?`, seen); err != nil {
			return err
		}
		w := writer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		c := &model.Changeset{Requests: []model.Request{q}, Roles: roles}
		if err := w.requests(c); err != nil {
			return err
		}
		return w.roles(c)
	})
}

// SaveAssignments writes assignments (a confirmation, a pin, a swap), unless someone
// changed one of them since the editor read the versions in seen (by AssignmentKey).
func (r *Register) SaveAssignments(ctx context.Context, as []model.Assignment, seen map[string]int) error {
	return r.inTx(ctx, func(tx *sql.Tx) error {
		for _, a := range as {
			key := model.AssignmentKey(a)
			err := stale(ctx, tx, "Assignment", a.RequestRef+" / "+a.Role+" / "+a.StaffID,
				`SELECT version FROM assignments WHERE request_ref || ' / ' || role || ' / ' || staff_id = ?`, seen[key])
			if err != nil {
				return err
			}
		}
		w := writer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		return w.assignments(&model.Changeset{Assignments: as})
	})
}
