package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"associateplanner/model"
)

// lastChange says who last changed an entity (any, for key "") and when.
func lastChange(t *tx, key string) string {
	var who, at string
	err := t.QueryRow(t.ctx, `SELECT os_user, at FROM audit WHERE $1 = '' OR entity_key = $1 ORDER BY id DESC LIMIT 1`, key).Scan(&who, &at)
	if err != nil {
		return model.ChangedBy("", "")
	}
	return model.ChangedBy(who, at)
}

// stale refuses a change when the stored version is no longer the one the editor saw.
func stale(t *tx, what, key string, seen int, query string, args ...any) error {
	var now int
	err := t.QueryRow(t.ctx, query, args...).Scan(&now)
	switch {
	case errors.Is(err, pgx.ErrNoRows) && seen == 0:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return model.StaleEdit(what, key, lastChange(t, key), true)
	case err != nil:
		return err
	case now != seen:
		return model.StaleEdit(what, key, lastChange(t, key), false)
	}
	return nil
}

const (
	associateVersion  = `SELECT version FROM associates WHERE staff_id = $1`
	requestVersion    = `SELECT version FROM requests WHERE ref = $1`
	assignmentVersion = `SELECT version FROM assignments WHERE request_ref = $1 AND role = $2 AND staff_id = $3`
)

// SaveAssociate writes an edited associate, unless someone changed it since version seen.
func (s *Store) SaveAssociate(ctx context.Context, a model.Associate, seen int) error {
	return s.inTx(ctx, "saved associate "+a.StaffID, func(t *tx) error {
		if err := stale(t, "Associate", a.StaffID, seen, associateVersion, a.StaffID); err != nil {
			return err
		}
		return write(t, &model.Changeset{Associates: []model.Associate{a}})
	})
}

// SaveRequest writes an edited request with its roles, unless someone changed the request
// since version seen.
func (s *Store) SaveRequest(ctx context.Context, q model.Request, roles []model.Role, seen int) error {
	return s.inTx(ctx, "saved request "+q.Ref, func(t *tx) error {
		if err := stale(t, "Request", q.Ref, seen, requestVersion, q.Ref); err != nil {
			return err
		}
		if err := write(t, &model.Changeset{Requests: []model.Request{q}, Roles: roles}); err != nil || roles == nil {
			return err
		}
		return removeRolesNotIn(t, q.Ref, roles)
	})
}

// removeRolesNotIn deletes the request's roles that are not in keep (nil keeps them all),
// refusing one whose seats someone holds or held: its assignments are its history.
func removeRolesNotIn(t *tx, ref string, keep []model.Role) error {
	rows, err := t.Query(t.ctx, `SELECT name, (SELECT count(*) FROM assignments a WHERE a.request_ref = r.request_ref
		AND a.role = r.name)::int FROM roles r WHERE request_ref = $1`, ref)
	if err != nil {
		return err
	}
	var stored []model.RoleRow
	var row model.RoleRow
	if _, err := pgx.ForEachRow(rows, []any{&row.Name, &row.Assignments}, func() error { stored = append(stored, row); return nil }); err != nil {
		return err
	}
	gone, err := model.RolesToRemove(stored, keep)
	if err != nil || len(gone) == 0 {
		return err
	}
	_, err = t.Exec(t.ctx, `DELETE FROM roles WHERE request_ref = $1 AND name = ANY($2::text[])`, ref, gone)
	return err
}

// unchangedAssignments refuses when one of as changed since the versions seen.
func unchangedAssignments(t *tx, as []model.Assignment, seen map[string]int) error {
	for _, a := range as {
		err := stale(t, "Assignment", a.RequestRef+" / "+a.Role+" / "+a.StaffID, seen[model.AssignmentKey(a)],
			assignmentVersion, a.RequestRef, a.Role, a.StaffID)
		if err != nil {
			return err
		}
	}
	return nil
}

// SaveAssignments writes assignments, unless one changed since the versions seen.
func (s *Store) SaveAssignments(ctx context.Context, as []model.Assignment, seen map[string]int) error {
	return s.inTx(ctx, model.DescribeAssignments(as), func(t *tx) error {
		if err := unchangedAssignments(t, as, seen); err != nil {
			return err
		}
		return write(t, &model.Changeset{Assignments: as})
	})
}

// ReplaceAssignments writes put and deletes drop in one transaction, unless one of them
// changed since the versions seen.
func (s *Store) ReplaceAssignments(ctx context.Context, put, drop []model.Assignment, seen map[string]int) error {
	return s.inTx(ctx, fmt.Sprintf("undid a change of %d assignment(s)", len(put)+len(drop)), func(t *tx) error {
		if err := unchangedAssignments(t, slices.Concat(put, drop), seen); err != nil {
			return err
		}
		for _, a := range drop {
			if _, err := t.Exec(t.ctx, `DELETE FROM assignments WHERE request_ref = $1 AND role = $2 AND staff_id = $3`,
				a.RequestRef, a.Role, a.StaffID); err != nil {
				return err
			}
		}
		return write(t, &model.Changeset{Assignments: put})
	})
}

// SaveLeave replaces an associate's leave, unless the associate changed since seen.
// Periods that stay are not rewritten; the associate's version moves on.
func (s *Store) SaveLeave(ctx context.Context, staffID string, leave []model.Unavailability, seen int) error {
	for _, u := range leave {
		if u.StaffID != staffID {
			return model.Errorf(model.EINVALID, "leave of %s cannot be saved with %s's", u.StaffID, staffID)
		}
	}
	return s.inTx(ctx, "changed the leave of "+staffID, func(t *tx) error {
		if err := stale(t, "Associate", staffID, seen, associateVersion, staffID); err != nil {
			return err
		}
		var starts, ends []string
		for _, u := range leave {
			starts, ends = append(starts, u.From.ISO()), append(ends, u.To.ISO())
		}
		if _, err := t.Exec(t.ctx, `DELETE FROM unavailability WHERE staff_id = $1
			AND (starts, ends) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`, staffID, starts, ends); err != nil {
			return err
		}
		if err := write(t, &model.Changeset{Unavailability: leave}); err != nil {
			return err
		}
		_, err := t.Exec(t.ctx, `UPDATE associates SET version = version + 1 WHERE staff_id = $1`, staffID)
		return err
	})
}

// atRevision refuses, with refuse's error naming who changed it last, unless the register
// is still at revision.
func atRevision(t *tx, revision int64, refuse func(by string) error) error {
	var now int64
	if err := t.QueryRow(t.ctx, `SELECT revision FROM register_info`).Scan(&now); err != nil {
		return err
	}
	if now != revision {
		return refuse(lastChange(t, ""))
	}
	return nil
}

// CommitPlan replaces the earlier unpinned proposals with these, unless the register has
// changed since revision.
func (s *Store) CommitPlan(ctx context.Context, revision int64, proposals []model.Assignment) error {
	return s.inTx(ctx, fmt.Sprintf("saved a plan of %d proposal(s)", len(proposals)), func(t *tx) error {
		if err := atRevision(t, revision, model.StalePlan); err != nil {
			return err
		}
		if _, err := t.Exec(t.ctx, `DELETE FROM assignments WHERE status = $1 AND NOT pinned`, string(model.Proposed)); err != nil {
			return fmt.Errorf("clear earlier proposals: %w", err)
		}
		return write(t, &model.Changeset{Assignments: proposals})
	})
}

// CommitSeats saves new proposals into some roles' empty seats, unless the register has
// changed since revision.
func (s *Store) CommitSeats(ctx context.Context, revision int64, roles []model.RoleKey, proposals []model.Assignment) error {
	for _, a := range proposals {
		if !slices.Contains(roles, a.RoleKey()) {
			return model.Errorf(model.EINVALID, "%s / %s is not one of the roles being re-planned", a.RequestRef, a.Role)
		}
	}
	return s.inTx(ctx, fmt.Sprintf("re-planned %d seat(s)", len(proposals)), func(t *tx) error {
		if err := atRevision(t, revision, model.StalePlan); err != nil {
			return err
		}
		return write(t, &model.Changeset{Assignments: proposals})
	})
}

// Audit returns the newest limit entries of the audit trail, newest first (0: all).
func (s *Store) Audit(ctx context.Context, limit int) ([]model.AuditEntry, error) {
	query := `SELECT at, os_user, entity, entity_key, change, coalesce(before, ''), coalesce(after, '') FROM audit ORDER BY id DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return nil, s.storeErr(fmt.Errorf("read the audit trail: %w", err))
	}
	var out []model.AuditEntry
	var e model.AuditEntry
	_, err = pgx.ForEachRow(rows, []any{&e.At, &e.User, &e.Entity, &e.Key, &e.Change, &e.Before, &e.After}, func() error {
		out = append(out, e)
		return nil
	})
	return out, s.storeErr(err)
}

// Erase removes what identifies an associate, as erase_associate does, and keeps a salted
// hash of their Staff ID among the erasures. The old row versions it leaves in the tables'
// files go too when the register's owner erases (VACUUM FULL rewrites them); copies in the
// server's write-ahead log, its replicas and its backups are the database owner's to
// expire, and the erasure says so.
func (s *Store) Erase(ctx context.Context, staffID string) (model.Erasure, error) {
	done := model.Erasure{Anon: "ERASED-" + strings.ToLower(rand.Text()[:10])}
	err := s.inTx(ctx, "erased an associate", func(t *tx) error {
		found, err := eraseIn(t, staffID, done.Anon)
		if err == nil && !found {
			err = model.Errorf(model.ENOTFOUND, "no associate with Staff ID %q", staffID)
		}
		return err
	})
	if err != nil {
		return model.Erasure{}, err
	}
	done.Remains = s.vacuumErased(ctx)
	return done, nil
}

// eraseIn erases staffID, giving them the Staff ID anon, in t; it reports whether the
// register held them.
func eraseIn(t *tx, staffID, anon string) (bool, error) {
	var salt string
	if err := t.QueryRow(t.ctx, `SELECT salt FROM register_info`).Scan(&salt); err != nil {
		return false, err
	}
	var found bool
	err := t.QueryRow(t.ctx, `SELECT erase_associate($1, $2, $3)`, staffID, anon, model.ErasureHash(salt, staffID)).Scan(&found)
	return found, err
}

// erasedTables hold rows an erasure changes or removes: their old versions stay in the
// tables' files until they are rewritten.
const erasedTables = "associates, associate_skills, associate_systems, associate_clearances, unavailability, assignments, lessons, audit"

// vacuumErased rewrites the tables an erasure changed, so that the old versions of its
// rows leave the database's files, when the person erasing owns the register (PostgreSQL
// lets only the owner); it returns what still holds the person's old data, in plain words.
func (s *Store) vacuumErased(ctx context.Context) string {
	const owners = "the database server's write-ahead log (until the server recycles it), its replicas and its backups: " +
		"those are the database owner's to expire"
	if access, err := s.Access(ctx); err == nil && access.Has(model.RoleOwner) {
		if _, err := s.pool.Exec(ctx, `VACUUM FULL `+erasedTables); err == nil {
			return "Copies of their old rows are still in " + owners + "."
		}
	}
	return "Copies of their old rows are still in the team register's files until its owner runs VACUUM FULL " +
		"(only the owner may), and in " + owners + "."
}
