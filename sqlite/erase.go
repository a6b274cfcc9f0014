package sqlite

import (
	"associateplanner/model"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

// Erase removes what identifies an associate: name, contact details, notes, skills, systems,
// clearances and leave go, and the Staff ID is replaced by an opaque one, in the associate's
// row and in their assignments, which are kept so that counts, days and spend stay true.
// Lessons they wrote lose their name, and the audit trail keeps that changes happened but
// not what they said about the person. It returns the new, anonymous Staff ID.
func (r *Register) Erase(ctx context.Context, staffID string) (string, error) {
	sum := sha256.Sum256([]byte(staffID + time.Now().String()))
	anon := "ERASED-" + hex.EncodeToString(sum[:])[:10]
	err := r.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM associates WHERE staff_id = ?`, staffID).Scan(&name); err == sql.ErrNoRows {
			return model.Errorf(model.ENOTFOUND, "no associate with Staff ID %q", staffID)
		} else if err != nil {
			return err
		}
		steps := []struct {
			query string
			args  []any
		}{
			{`PRAGMA defer_foreign_keys = ON`, nil}, // the key changes in parent and children together
			{`DELETE FROM associate_skills WHERE staff_id = ?`, []any{staffID}},
			{`DELETE FROM associate_systems WHERE staff_id = ?`, []any{staffID}},
			{`DELETE FROM associate_clearances WHERE staff_id = ?`, []any{staffID}},
			{`DELETE FROM unavailability WHERE staff_id = ?`, []any{staffID}},
			{`UPDATE associates SET staff_id = ?, name = ?, email = '', phone = '', notes = '', region = '', active = 0
				WHERE staff_id = ?`, []any{anon, "Erased associate", staffID}},
			{`UPDATE assignments SET staff_id = ? WHERE staff_id = ?`, []any{anon, staffID}},
			{`UPDATE lessons SET author = '' WHERE author = ? OR author = ?`, []any{name, staffID}},
			// The audit trail is append-only, but erasure must reach it too: the guards are
			// lifted for this one statement and put back in the same transaction.
			{`DROP TRIGGER audit_append_only_update`, nil},
			{`UPDATE audit SET before = NULL, after = NULL, entity_key = ? WHERE entity_key = ? OR entity_key = ?
				OR entity_key LIKE ? OR entity_key LIKE ?`, []any{anon, staffID, anon, "% / " + staffID, "% / " + anon}},
			{`CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
				BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`, nil},
			{`INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES (?, ?, 'associate', ?, 'erase')`,
				[]any{time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), osUser(), anon}},
		}
		for _, s := range steps {
			if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
				return fmt.Errorf("erase %s: %w", staffID, err)
			}
		}
		return nil
	})
	return anon, err
}
