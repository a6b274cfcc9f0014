package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"associateplanner/atomicfile"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// A team register moves to and from a local SQLite register table by table: both have the
// same tables and columns (but PostgreSQL's ord, which keeps the order rows were written
// in, as SQLite's rowid does). Rows are copied in that order, the audit trail's included.

// copied lists the tables of the register's contents, parents before children: a restore
// replaces them.
var copied = []string{"organisations", "associates", "associate_skills", "associate_systems", "associate_clearances",
	"unavailability", "requests", "roles", "role_skills", "role_clearances", "assignments", "lessons", "closures",
	"settings"}

// history lists the tables a register keeps through a restore: its audit trail and its
// record of erasures. A copy in and a snapshot move them too, with the register's salt.
var history = []string{"audit", "erasures"}

// orderOf is each table's order of writing on either side.
func orderOf(table string, pg bool) string {
	switch {
	case table == "audit" || table == "lessons":
		return "id"
	case table == "erasures":
		return "hash"
	case pg:
		return "ord"
	}
	return "rowid"
}

// snapshotTable marks a SQLite register that is a snapshot of a team register: read-only.
const snapshotTable = "team_snapshot"

// SnapshotOf says, for the SQLite register at path, of which team register it is a
// snapshot and when it was taken ("" when it is a register of its own).
func SnapshotOf(ctx context.Context, path string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var location, taken string
	err = db.QueryRowContext(ctx, `SELECT location, taken FROM `+snapshotTable).Scan(&location, &taken)
	if err != nil {
		return "", nil // no mark (or not yet a register): not a snapshot
	}
	return fmt.Sprintf("a snapshot of the team register %s taken on %s", location, taken), nil
}

// Backup writes a snapshot of the team register to path, a new local SQLite register,
// marked read-only: the app and the CLI read it and refuse to change it.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return snapshotExists(path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return atomicfile.Explain(dir, err)
	}
	tmpDir, err := atomicfile.TempDir(dir, filepath.Base(path))
	if err != nil {
		return atomicfile.Explain(dir, err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "snapshot.db")
	if err := s.snapshot(ctx, tmp); err != nil {
		return s.storeErr(err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return snapshotExists(path)
		}
		return atomicfile.Explain(path, os.Rename(tmp, path))
	}
	return nil
}

// snapshotExists refuses to write a snapshot over a file.
func snapshotExists(path string) error {
	return &model.Error{Code: model.EINVALID, Err: fs.ErrExist,
		Message: fmt.Sprintf("cannot write the snapshot %s: a file of that name is there already", path)}
}

// snapshot writes every table into a new SQLite register at path, in one snapshot of the
// team register, and marks it.
func (s *Store) snapshot(ctx context.Context, path string) error {
	reg, err := sqlite.Open(ctx, path, sqlite.Options{Clock: s.opt.Clock})
	if err != nil {
		return err
	}
	if err := reg.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	src, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer src.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	dst, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.fillSQLite(ctx, src, dst); err != nil {
		return errors.Join(err, dst.Rollback())
	}
	return dst.Commit()
}

func (s *Store) fillSQLite(ctx context.Context, src pgx.Tx, dst *sql.Tx) error {
	triggers, err := liftTriggers(ctx, dst)
	if err != nil {
		return err
	}
	for _, table := range slices.Concat(copied, history) {
		cols, err := sharedColumns(ctx, src, dst, table)
		if err != nil {
			return err
		}
		if err := pgToSQLite(ctx, src, dst, table, cols); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	for _, t := range triggers {
		if _, err := dst.ExecContext(ctx, t); err != nil {
			return err
		}
	}
	var rev int64
	var salt string
	if err := src.QueryRow(ctx, `SELECT revision, salt FROM register_info`).Scan(&rev, &salt); err != nil {
		return err
	}
	taken := s.opt.Clock.Now().In(time.UTC).Format("02/01/2006 at 15:04 UTC")
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`UPDATE register_info SET revision = ?, salt = ?`, []any{rev, salt}},
		{`UPDATE erasures SET scrubbed = 1`, nil}, // a new file holds no one's old bytes
		{`CREATE TABLE ` + snapshotTable + ` (location TEXT NOT NULL, taken TEXT NOT NULL, revision INTEGER NOT NULL)`, nil},
		{`INSERT INTO ` + snapshotTable + ` VALUES (?, ?, ?)`, []any{s.location, taken, rev}},
	} {
		if _, err := dst.ExecContext(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// liftTriggers drops a SQLite register's triggers and returns the statements that make
// them again: rows copied are not new changes, and their audit trail comes with them.
func liftTriggers(ctx context.Context, dst *sql.Tx) ([]string, error) {
	rows, err := dst.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		return nil, err
	}
	var names, sqls []string
	for rows.Next() {
		var name, body string
		if err := rows.Scan(&name, &body); err != nil {
			rows.Close()
			return nil, err
		}
		names, sqls = append(names, name), append(sqls, body)
	}
	rows.Close()
	for _, name := range names {
		if _, err := dst.ExecContext(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return nil, err
		}
	}
	return sqls, rows.Err()
}

// sharedColumns lists a table's columns that both registers have, but the order keepers.
func sharedColumns(ctx context.Context, pg pgx.Tx, lite *sql.Tx, table string) ([]string, error) {
	rows, err := pg.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	pgCols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	liteRows, err := lite.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer liteRows.Close()
	var out []string
	for liteRows.Next() {
		var c string
		if err := liteRows.Scan(&c); err != nil {
			return nil, err
		}
		if slices.Contains(pgCols, c) && c != "ord" && !(table == "audit" && c == "id") {
			out = append(out, c)
		}
	}
	return out, liteRows.Err()
}

func quoted(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

func pgToSQLite(ctx context.Context, src pgx.Tx, dst *sql.Tx, table string, cols []string) error {
	rows, err := src.Query(ctx, `SELECT `+quoted(cols)+` FROM `+table+` ORDER BY `+orderOf(table, true))
	if err != nil {
		return err
	}
	defer rows.Close()
	ins, err := dst.PrepareContext(ctx, `INSERT INTO `+table+` (`+quoted(cols)+`) VALUES (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, values...); err != nil {
			return err
		}
	}
	return rows.Err()
}
