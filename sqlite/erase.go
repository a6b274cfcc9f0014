package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"associateplanner/model"
)

// Erase removes what identifies an associate: name, contact details, notes, skills, systems,
// clearances and leave go, and the Staff ID is replaced by an opaque one, in the associate's
// row and in their assignments, which are kept so that counts, days and spend stay true.
// Lessons they wrote lose their author, and the audit trail keeps that changes happened but
// not what they said about the person. The Staff ID is matched exactly: "ab1" is not "AB1".
// A salted hash of it is kept in erasures, which a restore does not replace.
//
// The bytes go too: the erasure overwrites what it frees (secure_delete), then the register
// is rebuilt (VACUUM) and its write-ahead log emptied, so the file holds no trace of them.
// When that cannot be done (the disk is full, or the program is stopped first), the erasure
// stands and is said to be unfinished: the next opening of the register finishes it, and so
// does erasing the same Staff ID again.
func (r *Register) Erase(ctx context.Context, staffID string) (model.Erasure, error) {
	done := model.Erasure{Anon: "ERASED-" + strings.ToLower(rand.Text()[:10])}
	err := r.scrubbing(ctx, func(conn *sql.Conn) error {
		return r.inTxOn(ctx, conn, func(t *tx) error { return erase(t, staffID, done.Anon) })
	})
	var unfinished *unscrubbed
	switch {
	case errors.As(err, &unfinished):
		return done, unfinished.words(fmt.Sprintf("%s was erased (their past assignments are kept as %s), but", staffID, done.Anon))
	case err == nil:
		return done, nil
	case model.ErrorCode(err) != model.ENOTFOUND:
		return model.Erasure{}, storeErr(r.path, err)
	}
	if erased, herr := r.wasErased(ctx, staffID); herr != nil || !erased {
		return model.Erasure{}, errors.Join(err, storeErr(r.path, herr))
	}
	if err := r.finishScrubs(ctx); errors.As(err, &unfinished) {
		return model.Erasure{}, unfinished.words(fmt.Sprintf("There is no associate with Staff ID %q: they were erased already, but", staffID))
	} else if err != nil {
		return model.Erasure{}, storeErr(r.path, err)
	}
	return model.Erasure{}, model.Errorf(model.ENOTFOUND, "There is no associate with Staff ID %q: they were erased already, and nothing of them is left in the register file", staffID)
}

// scrubbing runs write on a connection that overwrites what it frees, then wipes the file
// of what the write took out (and of what earlier erasures left unwiped).
func (r *Register) scrubbing(ctx context.Context, write func(*sql.Conn) error) error {
	conn, err := r.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`) //nolint:errcheck // the next writes would only be slower
	if err := write(conn); err != nil {
		return err
	}
	return r.scrub(ctx, conn)
}

// finishScrubs wipes the file of what erasures took out, if one of them could not (a full
// disk, a program stopped): the register is opened after them, or the person erased again.
func (r *Register) finishScrubs(ctx context.Context) error {
	var pending bool
	if err := r.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM erasures WHERE scrubbed = 0)`).Scan(&pending); err != nil || !pending {
		return err
	}
	return r.scrubbing(ctx, func(*sql.Conn) error { return nil })
}

// scrub rebuilds the register so that no freed page keeps erased bytes, marks the
// erasures finished, then copies the write-ahead log into the file and empties it (it held
// the pages as they were). While another program is reading, the log cannot be emptied at
// once: SQLite empties it when the last program closes the register.
func (r *Register) scrub(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return &unscrubbed{err: fmt.Errorf("rebuild: %w", err)}
	}
	if _, err := conn.ExecContext(ctx, `UPDATE erasures SET scrubbed = 1 WHERE scrubbed = 0`); err != nil {
		return &unscrubbed{err: err}
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 1000`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyMillis(r.opt))) //nolint:errcheck // a failure shows at the next write
	var busy, logged, copied int
	return conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &copied)
}

// unscrubbed is an erasure committed whose old bytes are still in the file.
type unscrubbed struct{ err error }

func (u *unscrubbed) Error() string { return "the file could not be wiped: " + u.err.Error() }
func (u *unscrubbed) Unwrap() error { return u.err }

// words says, after done ("X was erased, but"), what is left and how to finish it.
func (u *unscrubbed) words(done string) error {
	finish := "it could not be rebuilt just now: run any command on the register later (opening it finishes the wiping)."
	if sqliteCode(u.err) == sqliteFull || errors.Is(u.err, syscall.ENOSPC) {
		finish = "the disk is full, so it could not be rebuilt: free some space, then run any command on the register (opening it finishes the wiping)."
	}
	return &model.Error{Code: model.EUNAVAILABLE, Err: u, Message: done + " their old data is still in the register file's unused space: " + finish}
}

// wasErased reports whether the register keeps a record of staffID's erasure.
func (r *Register) wasErased(ctx context.Context, staffID string) (bool, error) {
	salt, err := saltOf(ctx, r.db)
	if err != nil {
		return false, err
	}
	var erased bool
	err = r.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM erasures WHERE hash = ?)`, model.ErasureHash(salt, staffID)).Scan(&erased)
	return erased, err
}

func erase(t *tx, staffID, anon string) error {
	var name string
	err := t.QueryRowContext(t.ctx, `SELECT name FROM associates WHERE staff_id = ?`, staffID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no associate with Staff ID %q", staffID)
	} else if err != nil {
		return err
	}
	salt, err := saltOf(t.ctx, t)
	if err != nil {
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
		{`UPDATE lessons SET author_id = NULL, author = '' WHERE author_id = ?1 OR author = ?1`, []any{staffID}},
		{`INSERT INTO erasures (hash, erased) VALUES (?, ?) ON CONFLICT (hash) DO UPDATE SET erased = excluded.erased, scrubbed = 0`,
			[]any{model.ErasureHash(salt, staffID), t.at}},
	}
	for _, s := range steps {
		if _, err := t.ExecContext(t.ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("erase %s: %w", staffID, err)
		}
	}
	if err := scrubAudit(t, staffID, anon); err != nil {
		return fmt.Errorf("erase %s from the audit trail: %w", staffID, err)
	}
	_, err = t.ExecContext(t.ctx, `INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES (?, ?, 'associate', ?, 'erase')`,
		t.at, t.user, anon)
	return err
}

// saltOf reads the register's own salt for the hashes of erased Staff IDs.
func saltOf(ctx context.Context, q queryer) (string, error) {
	var salt string
	err := q.QueryRowContext(ctx, `SELECT salt FROM register_info`).Scan(&salt)
	return salt, err
}

// scrubAudit takes the person out of every audit entry, the ones the erasure itself has
// just written included: entries keyed by their Staff ID lose what they said, assignments'
// keys take the anonymous ID, and the entries of lessons they wrote (or that credited
// them) lose their author, whatever name the person had then. The audit trail is
// append-only, so its guard is lifted for these statements and put back in the same
// transaction.
func scrubAudit(t *tx, staffID, anon string) error {
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
	// A lesson of theirs: written by them (the erasure has just taken their ID off it, in
	// an entry of its own), or one whose entry credits them.
	credits := `(json_extract(before, '$.author_id') = ?1 OR json_extract(after, '$.author_id') = ?1
		OR json_extract(before, '$.author') = ?1 OR json_extract(after, '$.author') = ?1)`
	unnamed := `CASE WHEN %[1]s IS NULL THEN NULL ELSE json_replace(%[1]s, '$.author', '', '$.author_id', NULL) END`
	statements := []struct {
		query string
		args  []any
	}{
		{`DROP TRIGGER audit_append_only_update`, nil},
		{`UPDATE audit SET before = NULL, after = NULL WHERE entity IN ('associate', 'unavailability') AND entity_key = ?`, []any{staffID}},
		{`UPDATE audit SET entity_key = substr(entity_key, 1, length(entity_key) - length(?1)) || ' / ' || ?` +
			fmt.Sprint(len(args)+1) + ` WHERE ` + assignment, append(args, anon)},
		{`UPDATE audit SET entity_key = ? WHERE entity IN ('associate', 'unavailability') AND entity_key = ?`, []any{anon, staffID}},
		{`UPDATE audit SET before = ` + fmt.Sprintf(unnamed, "before") + `, after = ` + fmt.Sprintf(unnamed, "after") + `
			WHERE entity = 'lesson' AND entity_key IN (SELECT entity_key FROM audit WHERE entity = 'lesson' AND ` + credits + `)`,
			[]any{staffID}},
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
