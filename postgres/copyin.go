package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"associateplanner/model"
	"associateplanner/sqlite"
)

// CopyIn moves the local register at path (a consistent copy of it, such as a backup)
// into this team register, which must be empty: everything, the audit trail included.
// Only the register's owner may.
func (s *Store) CopyIn(ctx context.Context, path string) error {
	if err := s.ownerOnly(ctx, model.ActionRestore); err != nil {
		return err
	}
	_, err := s.fromSQLite(ctx, path, "copied in", true)
	return err
}

// Restore replaces the team register's contents with a checked local register or
// snapshot, keeping its own audit trail (the restore is added to it) and, first, a
// snapshot of it as it was in the owner's backups folder. Only the owner may, and only
// while nobody else is connected: their open apps would go on from a register gone.
// People erased since the backup was made are erased again.
func (s *Store) Restore(ctx context.Context, path string) (model.Restored, error) {
	if err := s.ownerOnly(ctx, model.ActionRestore); err != nil {
		return model.Restored{}, err
	}
	if others, err := s.othersConnected(ctx); err != nil {
		return model.Restored{}, err
	} else if others != "" {
		return model.Restored{}, model.Errorf(model.ECONFLICT, "The team register was not restored: %s connected to it. Ask them to close Associate Planner, then restore.", others)
	}
	kept, err := s.keepBeforeRestore(ctx)
	if err != nil {
		return model.Restored{}, fmt.Errorf("keep the register as it was: %w", err)
	}
	reerased, err := s.fromSQLite(ctx, path, "restored from "+filepath.Base(path)+" (the register as it was is kept in "+kept+")", false)
	if err != nil {
		return model.Restored{}, err
	}
	done := model.Restored{Kept: kept, Reerased: reerased}
	if reerased > 0 {
		s.vacuumErased(ctx)
	}
	return done, nil
}

func (s *Store) ownerOnly(ctx context.Context, action model.Action) error {
	access, err := s.Access(ctx)
	if err != nil {
		return err
	}
	return access.Allows(action)
}

// othersConnected names the users of the other programs connected to the register (what
// PostgreSQL shows of another user's session leaves out its program's name: NULL here).
func (s *Store) othersConnected(ctx context.Context) (string, error) {
	var names []string
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND coalesce(backend_type, 'client backend') = 'client backend'
		AND coalesce(application_name, '') <> $1 ORDER BY 1`, s.app)
	if err != nil {
		return "", s.storeErr(err)
	}
	if names, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil || len(names) == 0 {
		return "", s.storeErr(err)
	}
	return strings.Join(names, ", ") + map[bool]string{true: " is", false: " are"}[len(names) == 1], nil
}

// keepBeforeRestore writes a snapshot of the register into the user's own backups folder,
// numbered after any of the same moment (another restore, or one of another server's
// database of the same name).
func (s *Store) keepBeforeRestore(ctx context.Context) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	base := filepath.Join(dir, "associate-planner", "backups",
		fmt.Sprintf("%s-%s", s.cfg.ConnConfig.Database, s.opt.Clock.Now().UTC().Format("20060102-150405.000")))
	for n := 1; ; n++ {
		path := base + "-before-restore.db"
		if n > 1 {
			path = fmt.Sprintf("%s.%d-before-restore.db", base, n)
		}
		if err := s.Backup(ctx, path); !errors.Is(err, fs.ErrExist) {
			return path, err
		}
	}
}

// fromSQLite replaces the register's rows with those of the SQLite register at path,
// checked, brought to this version's schema and its rows checked against the model's
// rules first, in one transaction with the audit triggers off (owner only: ALTER TABLE).
// withAudit copies the audit trail, the erasures and the salt too (into a new register);
// otherwise people this register erased since the copy was made are erased again, and
// fromSQLite returns how many.
func (s *Store) fromSQLite(ctx context.Context, path, what string, withAudit bool) (int, error) {
	tmpDir, err := os.MkdirTemp("", "associate-planner-copy-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmpDir)
	reg, err := sqlite.Restorable(ctx, path, tmpDir)
	if err != nil {
		return 0, err
	}
	if err := reg.Close(); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(reg.Path())+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	reerased := 0
	err = s.inTx(ctx, what, func(t *tx) error {
		if withAudit {
			if err := refuseUnlessNew(t); err != nil {
				return err
			}
		}
		if err := fillPostgres(t, db, withAudit); err != nil || withAudit {
			return err
		}
		var err error
		if reerased, err = eraseAgain(t, db); err != nil {
			return err
		}
		after, err := json.Marshal(map[string]string{"from": path})
		if err != nil {
			return err
		}
		_, err = t.Exec(t.ctx, `INSERT INTO audit (at, os_user, entity, entity_key, change, after)
			VALUES (audit_time(), session_user, 'register', $1, 'restore', $2)`, filepath.Base(path), string(after))
		return err
	})
	return reerased, err
}

// eraseAgain erases, in the rows restored from the SQLite register lite, everyone this
// register erased whose erasure lite does not record (it was made before), and returns
// how many.
func eraseAgain(t *tx, lite *sql.DB) (int, error) {
	rows, err := lite.QueryContext(t.ctx, `SELECT hash FROM erasures`)
	if err != nil {
		return 0, err
	}
	before := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return 0, err
		}
		before[h] = true
	}
	rows.Close()
	var salt string
	if err := t.QueryRow(t.ctx, `SELECT salt FROM register_info`).Scan(&salt); err != nil {
		return 0, err
	}
	erased, err := texts(t, `SELECT hash FROM erasures`)
	if err != nil {
		return 0, err
	}
	ids, err := texts(t, `SELECT staff_id FROM associates`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if h := model.ErasureHash(salt, id); slices.Contains(erased, h) && !before[h] {
			if _, err := eraseIn(t, id, "ERASED-"+strings.ToLower(rand.Text()[:10])); err != nil {
				return 0, err
			}
			n++
		}
	}
	return n, nil
}

// texts returns the one column of text a query reads.
func texts(t *tx, query string) ([]string, error) {
	rows, err := t.Query(t.ctx, query)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// refuseUnlessNew refuses to copy into a register that holds anything, history included.
func refuseUnlessNew(t *tx) error {
	var held bool
	err := t.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM associates)
		OR EXISTS (SELECT 1 FROM requests) OR EXISTS (SELECT 1 FROM audit)`).Scan(&held)
	if err == nil && held {
		return model.Errorf(model.ECONFLICT, "the team register already holds data, so nothing was copied: copy into a new, empty one")
	}
	return err
}

func fillPostgres(t *tx, db *sql.DB, withAudit bool) error {
	lite, err := db.BeginTx(t.ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer lite.Rollback() //nolint:errcheck // read-only
	tables := copied
	if withAudit {
		tables = slices.Concat(copied, history)
	}
	for _, table := range tables {
		if _, err := t.Exec(t.ctx, `ALTER TABLE `+table+` DISABLE TRIGGER USER`); err != nil {
			return err
		}
	}
	if _, err := t.Exec(t.ctx, `TRUNCATE `+strings.Join(copied, ", ")); err != nil {
		return err
	}
	if withAudit {
		var salt string
		if err := lite.QueryRowContext(t.ctx, `SELECT salt FROM register_info`).Scan(&salt); err != nil {
			return err
		}
		if _, err := t.Exec(t.ctx, `UPDATE register_info SET salt = $1`, salt); err != nil {
			return err
		}
	}
	for _, table := range tables {
		if err := sqliteToPG(t, lite, table); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	for _, table := range tables {
		if _, err := t.Exec(t.ctx, `ALTER TABLE `+table+` ENABLE TRIGGER USER`); err != nil {
			return err
		}
	}
	_, err = t.Exec(t.ctx, `SELECT setval(pg_get_serial_sequence('lessons', 'id'), coalesce(max(id), 0) + 1, false) FROM lessons`)
	return err
}

// sqliteToPG copies one table's rows with PostgreSQL's COPY, in the order written.
func sqliteToPG(t *tx, lite *sql.Tx, table string) error {
	cols, err := sharedColumns(t.ctx, t, lite, table)
	if err != nil {
		return err
	}
	kinds, err := columnTypes(t, table)
	if err != nil {
		return err
	}
	rows, err := lite.QueryContext(t.ctx, `SELECT `+quoted(cols)+` FROM `+table+` ORDER BY `+orderOf(table, false))
	if err != nil {
		return err
	}
	defer rows.Close()
	var all [][]any
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range cols {
			if n, ok := values[i].(int64); ok && kinds[c] == "boolean" {
				values[i] = n != 0 // SQLite keeps truth as 0 and 1
			}
		}
		all = append(all, values)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = t.CopyFrom(t.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(all))
	return err
}

func columnTypes(t *tx, table string) (map[string]string, error) {
	rows, err := t.Query(t.ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name = $1`, table)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var name, kind string
	_, err = pgx.ForEachRow(rows, []any{&name, &kind}, func() error { out[name] = kind; return nil })
	return out, err
}
