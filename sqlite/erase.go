package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"associateplanner/model"
)

// Erase removes what identifies an associate: name, contact details, notes, skills, systems,
// clearances and leave go, and the Staff ID is replaced by an opaque one, in the associate's
// row and in their assignments, which are kept so that counts, days and spend stay true.
// Lessons they wrote lose their name, and the audit trail keeps that changes happened but
// not what they said about the person. The Staff ID is matched exactly: "ab1" is not "AB1".
//
// The bytes go too: the erasure overwrites what it frees (secure_delete), then the register
// is rebuilt (VACUUM) and its write-ahead log emptied, so the file holds no trace of them.
// It returns the new, anonymous Staff ID.
func (r *Register) Erase(ctx context.Context, staffID string) (string, error) {
	anon := "ERASED-" + strings.ToLower(rand.Text()[:10])
	conn, err := r.wdb.Conn(ctx)
	if err != nil {
		return "", storeErr(r.path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return "", storeErr(r.path, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`) //nolint:errcheck // the next writes would only be slower
	if err := r.inTxOn(ctx, conn, func(t *tx) error { return erase(t, staffID, anon) }); err != nil {
		return "", storeErr(r.path, err)
	}
	if err := scrubFile(ctx, conn, r.opt); err != nil {
		return anon, storeErr(r.path, fmt.Errorf("%s was erased, but the file could not be rebuilt: %w", staffID, err))
	}
	return anon, nil
}

func erase(t *tx, staffID, anon string) error {
	var name string
	err := t.QueryRowContext(t.ctx, `SELECT name FROM associates WHERE staff_id = ?`, staffID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
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
	}
	for _, s := range steps {
		if _, err := t.ExecContext(t.ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("erase %s: %w", staffID, err)
		}
	}
	if err := scrubAudit(t, staffID, name, anon); err != nil {
		return fmt.Errorf("erase %s from the audit trail: %w", staffID, err)
	}
	_, err = t.ExecContext(t.ctx, `INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES (?, ?, 'associate', ?, 'erase')`,
		t.at, t.user, anon)
	return err
}

// scrubAudit takes the person out of every audit entry, the ones the erasure itself has
// just written included: entries keyed by their Staff ID lose what they said, assignments'
// keys take the anonymous ID, and lessons' entries lose their author. The audit trail is
// append-only, so its guard is lifted for these statements and put back in the same
// transaction.
func scrubAudit(t *tx, staffID, name, anon string) error {
	longer, err := idsEndingWith(t, " / "+staffID)
	if err != nil {
		return err
	}
	// An assignment's key ends " / STAFF-ID"; one ending " / X / STAFF-ID" may be X / STAFF-ID's.
	assignment := `entity = 'assignment' AND substr(entity_key, -length(?1)) = ?1`
	args := []any{" / " + staffID}
	for _, other := range longer {
		assignment += fmt.Sprintf(` AND substr(entity_key, -length(?%d)) != ?%d`, len(args)+1, len(args)+1)
		args = append(args, " / "+other)
	}
	statements := []struct {
		query string
		args  []any
	}{
		{`DROP TRIGGER audit_append_only_update`, nil},
		{`UPDATE audit SET before = NULL, after = NULL WHERE entity IN ('associate', 'unavailability') AND entity_key = ?`, []any{staffID}},
		{`UPDATE audit SET entity_key = substr(entity_key, 1, length(entity_key) - length(?1)) || ' / ' || ?` +
			fmt.Sprint(len(args)+1) + ` WHERE ` + assignment, append(args, anon)},
		{`UPDATE audit SET entity_key = ? WHERE entity IN ('associate', 'unavailability') AND entity_key = ?`, []any{anon, staffID}},
		{`UPDATE audit SET
			before = CASE WHEN json_extract(before, '$.author') IN (?1, ?2) THEN json_set(before, '$.author', '') ELSE before END,
			after = CASE WHEN json_extract(after, '$.author') IN (?1, ?2) THEN json_set(after, '$.author', '') ELSE after END
			WHERE entity = 'lesson' AND (json_extract(before, '$.author') IN (?1, ?2) OR json_extract(after, '$.author') IN (?1, ?2))`,
			[]any{name, staffID}},
		{`CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
			BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`, nil},
	}
	for _, s := range statements {
		if _, err := t.ExecContext(t.ctx, s.query, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// idsEndingWith returns the other associates' Staff IDs that end with suffix.
func idsEndingWith(t *tx, suffix string) ([]string, error) {
	return queryStrings(t.ctx, t, `SELECT staff_id FROM associates WHERE substr(staff_id, -length(?1)) = ?1`, suffix)
}

// scrubFile rebuilds the register so that no freed page keeps erased bytes, then copies
// the write-ahead log into it and empties the log, which held the pages as they were. While
// another program is reading, the log cannot be emptied at once: SQLite empties it when the
// last program closes the register.
func scrubFile(ctx context.Context, conn *sql.Conn, opt Options) error {
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 1000`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyMillis(opt))) //nolint:errcheck // a failure shows at the next write
	var busy, logged, copied int
	return conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &copied)
}
