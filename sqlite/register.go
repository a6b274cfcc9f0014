package sqlite

import (
	"associateplanner/model"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Register is the SQLite file that holds one team's associates, requests and plans.
//
// Reads and writes use separate connection pools. Every write transaction begins
// IMMEDIATE on the one write connection, so that a second program writing the same file
// makes it wait (up to the busy timeout) instead of failing with "database is locked",
// which SQLite returns at once when a reading transaction tries to start writing.
type Register struct {
	db   *sql.DB // reads
	wdb  *sql.DB // writes: one connection, BEGIN IMMEDIATE
	path string
}

// dsnPragmas apply to every pooled connection: foreign keys are enforced, readers do not
// block the writer (WAL), and a busy register waits rather than failing at once.
const dsnPragmas = "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)"

// Open opens the register at path, creating it (mode 0600, in a folder of mode 0700) and
// bringing its schema up to date (after a backup, if it holds data).
func Open(ctx context.Context, path string) (*Register, error) {
	return openUpTo(ctx, path, len(migrationNames()))
}

// openUpTo opens the register with at most the first n migrations: tests make registers of
// every earlier schema with it.
func openUpTo(ctx context.Context, path string, n int) (*Register, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, model.Errorf(model.EINVALID, "register path %q may not contain ? or #", path)
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("create register %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", path+dsnPragmas)
	if err != nil {
		return nil, fmt.Errorf("open register %s: %w", path, err)
	}
	wdb, err := sql.Open("sqlite", path+dsnPragmas+"&_txlock=immediate")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open register %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	r := &Register{db: db, wdb: wdb, path: path}
	if err := r.migrate(ctx, migrationNames()[:n]); err != nil {
		r.Close()
		return nil, fmt.Errorf("open register %s: %w", path, err)
	}
	return r, nil
}

// createPrivate makes an empty file readable by its owner only, so that SQLite (which gives
// its -wal and -shm files the database's mode) never exposes personal data to other users.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// Path returns where the register lives.
func (r *Register) Path() string { return r.path }

// Close closes the register.
func (r *Register) Close() error { return errors.Join(r.wdb.Close(), r.db.Close()) }

// migrate applies, in order and each in its own transaction, every embedded migration the
// register has not yet had.
func (r *Register) migrate(ctx context.Context, names []string) error {
	if _, err := r.wdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	if pending, err := r.pending(ctx, names); err != nil {
		return err
	} else if pending {
		if _, err := r.AutoBackup(ctx, "before-migration"); err != nil {
			return fmt.Errorf("back up before migrating: %w", err)
		}
	}
	for _, name := range names {
		if err := r.migrateOne(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

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

// pending reports whether a register that already has a schema lacks some migration.
func (r *Register) pending(ctx context.Context, names []string) (bool, error) {
	var applied int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
		return false, err
	}
	return applied > 0 && applied < len(names), nil
}

func (r *Register) migrateOne(ctx context.Context, name string) error {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil || n > 0 {
		return err
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	return r.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES (?)`, name)
		return err
	})
}

// SchemaVersion returns the name of the last migration applied.
func (r *Register) SchemaVersion(ctx context.Context) (string, error) {
	var v sql.NullString
	err := r.db.QueryRowContext(ctx, `SELECT MAX(name) FROM schema_migrations`).Scan(&v)
	return v.String, err
}

// inTx runs fn in a write transaction, committing if it returns nil and rolling back
// otherwise. Every committed write bumps the register's revision.
func (r *Register) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := r.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_context SET os_user = ?`, osUser()); err != nil && !isMissingTable(err) {
		return errors.Join(err, tx.Rollback())
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if _, err := tx.ExecContext(ctx, `UPDATE register_info SET revision = revision + 1`); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// osUser names who is making a change, for the audit trail.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// isMissingTable tells the migrations that run before audit_context exists (it comes with
// migration 0002) from a failure.
func isMissingTable(err error) bool { return strings.Contains(err.Error(), "no such table") }

// IsEmpty reports whether the register holds no associates, requests or organisations.
func (r *Register) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx,
		`SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM associates) + (SELECT COUNT(*) FROM requests)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count register rows: %w", err)
	}
	return n == 0, nil
}

// IntegrityCheck runs SQLite's integrity check and returns its answer ("ok" when sound).
func (r *Register) IntegrityCheck(ctx context.Context) (string, error) {
	var s string
	err := r.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&s)
	return s, err
}

// Count runs a query that returns one number, for checks and tests.
func (r *Register) Count(ctx context.Context, query string) (int, error) {
	var n int
	err := r.db.QueryRowContext(ctx, query).Scan(&n)
	return n, err
}

// Location names the register's file.
func (r *Register) Location() string { return r.path }
