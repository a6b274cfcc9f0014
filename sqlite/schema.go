package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"associateplanner/model"
)

//go:embed migrations/*.sql
var migrations embed.FS

// appID marks a register in the SQLite header (PRAGMA application_id): "APla". Registers
// made before migration 0003 lack it and are known by their schema_migrations table.
const appID = 0x41506c61

// migrationNames lists the embedded migrations in order.
func migrationNames() []string {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	return names
}

// latestMigration names the newest schema this build knows.
func latestMigration() string {
	names := migrationNames()
	return names[len(names)-1]
}

// queryer reads from a database, a connection or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// schemaOf returns how many of the migrations known the database at path has had: 0 for an
// empty database. Another program's database, and a register from a newer version of
// Associate Planner, are refused. A database holding our migrations and tables but
// another mark in its header is ours, damaged: restore may put a backup in its place,
// which it never does over another program's database.
func schemaOf(ctx context.Context, q queryer, path string, known []string) (int, error) {
	var id, objects int
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return 0, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master`).Scan(&objects); err != nil {
		return 0, err
	}
	if objects == 0 && (id == 0 || id == appID) {
		return 0, nil
	}
	applied, err := appliedMigrations(ctx, q)
	ours := err == nil && len(applied) > 0 && applied[0] == migrationNames()[0] && hasCoreTables(ctx, q)
	switch {
	case !ours:
		return 0, notARegister(path)
	case id != 0 && id != appID:
		// Our migrations and tables under another mark: the header is damaged (a bit
		// flipped), not another program's file, which would hold neither.
		return 0, damaged(path, fmt.Errorf("application id %#x in the header", id))
	}
	for i, name := range applied {
		switch {
		case i < len(known) && name == known[i]:
		case name > known[len(known)-1]:
			return 0, model.Errorf(model.EINVALID, "%s was made by a newer version of Associate Planner (schema %d; this version reads up to schema %d): open it with that version",
				path, len(applied), len(known))
		default:
			return 0, notARegister(path) // a gap, or a stranger among our own
		}
	}
	return len(applied), nil
}

// coreTables are the tables every register has had since the first schema.
var coreTables = []string{"register_info", "organisations", "associates", "requests", "roles", "assignments", "settings"}

// hasCoreTables reports whether a database holds every one of coreTables.
func hasCoreTables(ctx context.Context, q queryer) bool {
	tables, err := queryStrings(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	return err == nil && !slices.ContainsFunc(coreTables, func(t string) bool { return !slices.Contains(tables, t) })
}

// appliedMigrations lists the migrations a register has had, in order.
func appliedMigrations(ctx context.Context, q queryer) ([]string, error) {
	return queryStrings(ctx, q, `SELECT name FROM schema_migrations ORDER BY name`)
}

// queryStrings returns the one column of text a query reads.
func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// identify refuses, before anything writes to it, a file that is not a register of this
// version: an empty file is a new register. why says why this user may only read it, if so.
func identify(ctx context.Context, path string, known []string, why string) error {
	if info, err := os.Stat(path); err != nil || info.Size() == 0 {
		return err
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path, Options{}, why))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := schemaOf(ctx, db, path, known); err != nil {
		return notADatabase(path, err)
	}
	return nil
}

// notADatabase words SQLite's "file is not a database" as the refusal of a stranger's file.
func notADatabase(path string, err error) error {
	if sqliteCode(err) == sqliteNotADB {
		return notARegister(path)
	}
	return err
}

// migrate sets up a new register, or brings an older one up to date, in one transaction:
// a second program opening the same register at once waits for it, then finds it ready.
// An older register holding data is backed up first. A register that is up to date is
// only read, so opening it never waits for another program's write.
func (r *Register) migrate(ctx context.Context, names []string) error {
	if applied, err := schemaOf(ctx, r.db, r.path, names); err != nil || applied == len(names) {
		return err
	}
	if err := r.refuseReadOnly(); err != nil {
		return err // made by an older version: only someone who may write it can bring it up to date
	}
	t, err := r.begin(ctx, r.wdb)
	if err != nil {
		return err
	}
	kept, made, err := r.migrateIn(t, names)
	if err == nil {
		err = t.Commit()
	} else {
		err = errors.Join(err, t.Rollback())
	}
	switch {
	case err != nil && made:
		os.Remove(kept) //nolint:errcheck // a backup before a migration not made only wastes space
	case err == nil && kept != "":
		err = pruneBackups(BackupDir(r.path), filepath.Base(r.path))
	}
	return err
}

// migrateIn brings the register's schema up to date in t, after an automatic backup of an
// older register holding data; it returns the backup and whether it made it.
func (r *Register) migrateIn(t *tx, names []string) (kept string, made bool, err error) {
	applied, err := schemaOf(t.ctx, t, r.path, names)
	if err != nil || applied == len(names) {
		return "", false, err
	}
	if applied == 0 {
		if _, err := t.ExecContext(t.ctx, `CREATE TABLE schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
			return "", false, fmt.Errorf("migrations table: %w", err)
		}
	} else if kept, made, err = r.keepBackup(t.ctx, "before-migration"); err != nil { // reads the last commit, as it was
		return "", false, fmt.Errorf("back up before migrating: %w", err)
	}
	for _, name := range names[applied:] {
		body, err := migrations.ReadFile(name)
		if err != nil {
			return kept, made, err
		}
		if _, err := t.ExecContext(t.ctx, string(body)); err != nil {
			return kept, made, fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := t.ExecContext(t.ctx, `INSERT INTO schema_migrations (name) VALUES (?)`, name); err != nil {
			return kept, made, fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return kept, made, nil
}

// SchemaVersion returns the name of the last migration applied.
func (r *Register) SchemaVersion(ctx context.Context) (string, error) {
	var v sql.NullString
	err := r.db.QueryRowContext(ctx, `SELECT MAX(name) FROM schema_migrations`).Scan(&v)
	return v.String, err
}

// checkSound refuses a damaged register: SQLite's quick check must pass.
func (r *Register) checkSound(ctx context.Context) error {
	return quickCheck(ctx, r.db, r.path)
}

// quickCheck runs SQLite's quick check on a database and words a failure.
func quickCheck(ctx context.Context, q queryer, path string) error {
	var answer string
	err := q.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&answer)
	if err == nil && answer == "ok" {
		return nil
	}
	if err != nil && sqliteCode(err) != sqliteCorrupt && sqliteCode(err) != sqliteNotADB {
		return err
	}
	return damaged(path, errors.Join(err, errors.New(answer)))
}
