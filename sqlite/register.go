// Package sqlite keeps a register in one SQLite file on the coordinator's machine: the
// schema and its migrations, every read and write of model.Store, the audit trail, backups,
// restores and erasure.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"associateplanner/atomicfile"
	"associateplanner/model"
)

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
	opt  Options
	// readOnly says why the register may only be read by this user ("" when it may be
	// written): every write is refused, saying so, and nothing is written to its folder.
	readOnly string
}

// Options change how a register is opened; the zero value suits the program.
type Options struct {
	Clock model.Clock // dates the audit trail and the backups; nil is the real clock
	User  string      // who makes the changes, for the audit trail; "" is the OS user
	// BusyTimeout is how long a write waits for another program's write to finish before it
	// gives up; 0 is DefaultBusyTimeout.
	BusyTimeout time.Duration
}

// DefaultBusyTimeout is how long a write waits for another program's by default: an
// import of ten thousand associates takes a few seconds.
const DefaultBusyTimeout = 10 * time.Second

// dsn names the register's file with the settings of every pooled connection: a busy
// register waits rather than failing at once (first, so that the switch to WAL waits too),
// foreign keys are enforced, and readers do not block the writer (WAL).
func dsn(path string, opt Options) string {
	return path + "?" + busyPragma(opt) + "&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// busyPragma sets how long a connection waits for another program's write.
func busyPragma(opt Options) string { return fmt.Sprintf("_pragma=busy_timeout(%d)", busyMillis(opt)) }

func busyMillis(opt Options) int64 { return cmp.Or(opt.BusyTimeout, DefaultBusyTimeout).Milliseconds() }

// Open opens the register at path, creating it (mode 0600, in a folder of mode 0700) and
// bringing its schema up to date (after a backup, if it holds data). A file that is not an
// Associate Planner register, one from a newer version, or a damaged one is refused
// untouched.
func Open(ctx context.Context, path string, opt Options) (*Register, error) {
	r, err := open(ctx, path, opt, migrationNames())
	return r, storeErr(path, err)
}

// open opens the register with the given migrations, the embedded ones but for tests of
// older schemas. A register that this user may not write (the file, or its folder where
// SQLite keeps its -wal and -shm files) is opened read-only: it can be read, exported and
// backed up elsewhere, and every write is refused, saying why.
func open(ctx context.Context, path string, opt Options, migrations []string) (*Register, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, model.Errorf(model.EINVALID, "register path %q may not contain ? or #", path)
	}
	why := readOnlyReason(path)
	if why == "" {
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("create register %s: %w", path, err)
		}
	}
	if err := identify(ctx, path, migrations, why); err != nil {
		return nil, err
	}
	if why == "" {
		if err := makePrivate(path); err != nil {
			return nil, fmt.Errorf("make register %s private: %w", path, err)
		}
	}
	r, err := connect(path, opt, why)
	if err != nil {
		return nil, err
	}
	if err := r.settle(ctx, migrations); err != nil {
		return nil, errors.Join(fmt.Errorf("open register %s: %w", path, err), r.Close())
	}
	if err := r.checkSound(ctx); err != nil {
		return nil, errors.Join(err, r.Close())
	}
	if why == "" {
		r.finishScrubs(ctx)               //nolint:errcheck // unfinished again: the next opening tries again
		atomicfile.Sweep(BackupDir(path)) // what killed backups and restores left
		atomicfile.Sweep(filepath.Dir(path))
	}
	return r, nil
}

// settle brings the register's schema up to date, trying again while another program
// holds it in a way SQLite does not wait for: programs opening a new register together
// each switch it to write-ahead logging as they connect, and all but one are told "busy"
// at once (SQLite's answer to a deadlock) rather than made to wait.
func (r *Register) settle(ctx context.Context, migrations []string) error {
	deadline := time.Now().Add(time.Duration(busyMillis(r.opt)) * time.Millisecond)
	for {
		err := r.migrate(ctx, migrations)
		if sqliteCode(err) != sqliteBusy || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// readOnlyReason says why this user may not write the register at path, "" when they may
// (or when it does not exist yet, in a folder they may write).
func readOnlyReason(path string) string {
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if cannotWrite(err) {
		return fileReadOnly
	}
	probe, err := os.CreateTemp(filepath.Dir(path), ".associate-planner-probe-*")
	if err != nil {
		if cannotWrite(err) && fileExists(path) {
			return folderReadOnly
		}
		return ""
	}
	probe.Close()
	os.Remove(probe.Name())
	return ""
}

// Why a register may only be read.
const (
	fileReadOnly   = "you may not write the file"
	folderReadOnly = "you may not write in its folder"
)

func cannotWrite(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ReadOnly says why this user may only read the register, or "" when they may write it.
func (r *Register) ReadOnly() string { return r.readOnly }

// refuseReadOnly refuses a write to a register this user may only read.
func (r *Register) refuseReadOnly() error {
	if r.readOnly == "" {
		return nil
	}
	return readOnlyErr(r.path, r.readOnly)
}

func readOnlyErr(path, why string) error {
	return model.Errorf(model.EFORBIDDEN, "The register %s is read-only for you (%s), so nothing was changed: "+
		"ask whoever keeps it for write access, or back it up and work on the copy.", path, why)
}

// connect opens the two connection pools on the register's file; read-only ones when
// readOnly says why it may not be written.
func connect(path string, opt Options, readOnly string) (*Register, error) {
	name := dsn(path, opt)
	if readOnly != "" {
		name = readOnlyDSN(path, opt, readOnly)
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, fmt.Errorf("open register %s: %w", path, err)
	}
	wdb, err := sql.Open("sqlite", name+"&_txlock=immediate")
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open register %s: %w", path, err), db.Close())
	}
	wdb.SetMaxOpenConns(1)
	return &Register{db: db, wdb: wdb, path: path, opt: opt, readOnly: readOnly}, nil
}

// readOnlyDSN opens a register for reading only. In a folder this user may not write,
// SQLite cannot make the -shm file that a reader of a write-ahead log shares: unless a
// writer has them open (then they are read as they are), the file is read as it stands,
// without them (immutable), which is whole, as nothing is in a log.
func readOnlyDSN(path string, opt Options, why string) string {
	uri := readOnlyWaiting(path, opt) + "&_pragma=foreign_keys(1)"
	if why == folderReadOnly && !fileExists(path+"-wal") {
		uri += "&immutable=1"
	}
	return uri
}

// createPrivate makes a file readable by its owner only, unless it exists, so that SQLite
// (which gives its -wal and -shm files the database's mode) never exposes personal data to
// other users.
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

// makePrivate makes a register that others could read, and its companions, its owner's
// only.
func makePrivate(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, info.Mode().Perm()&0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

// Path returns where the register lives.
func (r *Register) Path() string { return r.path }

// Location names the register's file.
func (r *Register) Location() string { return r.path }

// Close closes the register.
func (r *Register) Close() error { return errors.Join(r.wdb.Close(), r.db.Close()) }

// tx is one write transaction, with the time and the user the audit trail records for it.
type tx struct {
	*sql.Tx
	ctx  context.Context
	at   string // UTC, as the audit trail writes it
	user string
}

// auditTime is how the audit trail writes a moment.
const auditTime = "2006-01-02T15:04:05.000Z"

// inTx runs fn in a write transaction, committing if it returns nil and rolling back
// otherwise. The transaction's time and user are set first, for the audit trail's
// triggers; every committed write bumps the register's revision.
func (r *Register) inTx(ctx context.Context, fn func(*tx) error) error {
	return r.inTxOn(ctx, r.wdb, fn)
}

// beginner starts transactions: the write pool, or one connection of it.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTxOn is inTx on a connection of the write pool that is set up for the work.
func (r *Register) inTxOn(ctx context.Context, on beginner, fn func(*tx) error) error {
	if err := r.refuseReadOnly(); err != nil {
		return err
	}
	t, err := r.begin(ctx, on)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `UPDATE audit_context SET os_user = ?, at = ?`, t.user, t.at); err != nil {
		return errors.Join(err, t.Rollback())
	}
	if err := fn(t); err != nil {
		return errors.Join(err, t.Rollback())
	}
	if _, err := t.ExecContext(ctx, `UPDATE register_info SET revision = revision + 1`); err != nil {
		return errors.Join(err, t.Rollback())
	}
	return t.Commit()
}

// begin starts a write transaction, waiting for any other writer to finish.
func (r *Register) begin(ctx context.Context, on beginner) (*tx, error) {
	sqlTx, err := on.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: sqlTx, ctx: ctx, at: r.opt.Clock.Now().UTC().Format(auditTime), user: r.user()}, nil
}

// user names who is making a change, for the audit trail.
func (r *Register) user() string {
	if r.opt.User != "" {
		return r.opt.User
	}
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

// IsEmpty reports whether the register holds no associates, requests or organisations.
func (r *Register) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx,
		`SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM associates) + (SELECT COUNT(*) FROM requests)`).Scan(&n)
	if err != nil {
		return false, storeErr(r.path, fmt.Errorf("count register rows: %w", err))
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
