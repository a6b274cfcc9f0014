package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	driver "modernc.org/sqlite"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// CheckBackup confirms, without changing it, that the file at path is a sound register
// this version can open: one of ours, not from a newer version, and passing SQLite's
// integrity check, committed changes still in its write-ahead log included.
func CheckBackup(ctx context.Context, path string) error {
	tmpDir, err := os.MkdirTemp("", "associate-planner-check-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	_, err = checkedCopy(ctx, path, tmpDir)
	return err
}

// checkedCopy copies the register at path into dir, with the committed changes still in
// its write-ahead log, and checks the copy: the file itself is only read.
func checkedCopy(ctx context.Context, path, dir string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", model.Errorf(model.EINVALID, "backup %s: %v", path, unwrapPathErr(err))
	}
	tmp := filepath.Join(dir, "restoring.db")
	if err := createPrivate(tmp); err != nil {
		return "", err
	}
	if err := sqliteCopy(ctx, readOnly(path), tmp); err != nil {
		return "", refusedBackup(path, err)
	}
	db, err := sql.Open("sqlite", readOnly(tmp))
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := schemaOf(ctx, db, path, migrationNames()); err != nil {
		return "", err
	}
	var answer string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&answer); err != nil || answer != "ok" {
		return "", damagedBackup(path, errors.Join(err, errors.New(answer)))
	}
	return tmp, nil
}

// damagedBackup refuses a backup that fails SQLite's checks, keeping what they said for the log.
func damagedBackup(path string, fault error) error {
	return &model.Error{Code: model.EINVALID, Err: fault, Message: fmt.Sprintf("backup %s is damaged, so it was not restored", path)}
}

// sqliteCopy copies the database at the URI from into the file to with SQLite's backup API,
// which reads through from's write-ahead log.
func sqliteCopy(ctx context.Context, from, to string) error {
	db, err := sql.Open("sqlite", from)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, err := dc.(interface {
			NewBackup(string) (*driver.Backup, error)
		}).NewBackup(to)
		if err != nil {
			return err
		}
		_, stepErr := b.Step(-1)
		return errors.Join(stepErr, b.Finish())
	})
}

// refusedBackup words why a file could not be read as a backup.
func refusedBackup(path string, err error) error {
	switch sqliteCode(err) {
	case sqliteNotADB:
		return notARegister(path)
	case sqliteCorrupt:
		return damagedBackup(path, err)
	}
	return err
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Restore replaces the contents of the register at path with a checked copy of backup,
// keeping the register as it was among the automatic backups. It works on a register that
// cannot be opened because it is damaged; on a sound one it is Register.Restore.
func Restore(ctx context.Context, path, backup string, opt Options) error {
	return storeErr(path, withRestorable(ctx, path, backup, func(copied *Register) error {
		r, err := Open(ctx, path, opt)
		if errors.Is(err, errDamaged) {
			return restoreDamaged(ctx, path, backup, copied, opt)
		} else if err != nil {
			return err // another program's file, or a newer version's, is left alone
		}
		return errors.Join(r.restoreFrom(ctx, copied, backup), r.Close())
	}))
}

// Restore replaces the register's contents with a checked copy of backup, in one
// transaction: other programs wait for it, and what they wrote before it is in the
// automatic backup it makes of the register as it was, under the same lock. The audit
// trail is kept, with the restore added to it; the revision moves on, so a plan made
// before the restore cannot be committed after it.
func (r *Register) Restore(ctx context.Context, backup string) error {
	return storeErr(r.path, withRestorable(ctx, r.path, backup, func(copied *Register) error {
		return r.restoreFrom(ctx, copied, backup)
	}))
}

// withRestorable makes a checked copy of backup, brought to this version's schema, in a
// temporary folder beside the register, and hands it to fn open.
func withRestorable(ctx context.Context, path, backup string, fn func(copied *Register) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmpDir, err := atomicfile.TempDir(dir, "restore")
	if err != nil {
		return atomicfile.Explain(dir, err)
	}
	defer os.RemoveAll(tmpDir)
	tmp, err := checkedCopy(ctx, backup, tmpDir)
	if err != nil {
		return err
	}
	copied, err := open(ctx, tmp, Options{}, migrationNames())
	if err != nil {
		return fmt.Errorf("backup %s: %w", backup, err)
	}
	defer copied.Close()
	return fn(copied)
}

// restoreDamaged writes a checked copy of backup over a damaged register with SQLite's
// backup API, which takes the register's locks as any writer would; the damaged file is
// kept beside the backups first, byte for byte, for whoever wants to look into it.
func restoreDamaged(ctx context.Context, path, backup string, copied *Register, opt Options) error {
	kept, err := keepDamaged(path, opt.Clock)
	if err != nil {
		return fmt.Errorf("keep the damaged register: %w", err)
	}
	copied.opt = opt
	if err := copied.inTx(ctx, func(t *tx) error { return auditRestore(t, backup, kept) }); err != nil {
		return err
	}
	if err := copied.Close(); err != nil {
		return err
	}
	return sqliteCopy(ctx, copied.path, path+"?"+busyPragma(opt))
}

// keepDamaged copies a damaged register and its write-ahead log into its backup folder
// under a name pruning never takes (…-damaged.db.bad), and returns the copy's path.
func keepDamaged(path string, clock model.Clock) (string, error) {
	if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
		return "", err
	}
	kept := filepath.Join(BackupDir(path), registerBase(path)+"-"+clock.Now().UTC().Format(stampLayout)+"-damaged.db.bad")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err == nil {
			err = os.WriteFile(kept+suffix, data, 0o600)
		}
		if err != nil {
			return "", err
		}
	}
	return kept, nil
}

// auditRestore records a restore in the audit trail: from which file, and where the
// register as it was is kept.
func auditRestore(t *tx, backup, kept string) error {
	after, err := json.Marshal(map[string]string{"from": backup, "kept": kept})
	if err != nil {
		return err
	}
	_, err = t.ExecContext(t.ctx, `INSERT INTO audit (at, os_user, entity, entity_key, change, after) VALUES (?, ?, 'register', ?, 'restore', ?)`,
		t.at, t.user, filepath.Base(backup), string(after))
	return err
}

// restoreFrom replaces every table's rows with those of the copied register, in one
// transaction, after backing the register up under the same lock.
func (r *Register) restoreFrom(ctx context.Context, copied *Register, backup string) error {
	if err := copied.Close(); err != nil {
		return err
	}
	conn, err := r.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS restored`, copied.path); err != nil {
		return fmt.Errorf("read the backup: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE restored`) //nolint:errcheck // the connection's end detaches it anyway
	return r.inTxOn(ctx, conn, func(t *tx) error {
		kept, err := r.AutoBackup(ctx, "before-restore") // no other program can write now
		if err != nil {
			return fmt.Errorf("keep the register as it was: %w", err)
		}
		if err := replaceRows(t); err != nil {
			return err
		}
		return auditRestore(t, backup, kept)
	})
}

// unrestored tables keep the register's own rows: its history, its schema, its revision.
var unrestored = map[string]bool{"audit": true, "audit_context": true, "register_info": true, "schema_migrations": true}

// replaceRows empties every table of the register and fills it from the attached copy,
// with the audit triggers lifted for the while: the restore is one entry, not one per row.
func replaceRows(t *tx) error {
	triggers, err := dropDataTriggers(t)
	if err != nil {
		return err
	}
	tables, err := columnsOf(t)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(t.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return err
	}
	for _, table := range slices.Sorted(maps.Keys(tables)) { // all emptied before any is filled: deletes cascade
		if _, err := t.ExecContext(t.ctx, `DELETE FROM main.`+table); err != nil {
			return fmt.Errorf("empty %s: %w", table, err)
		}
	}
	for _, table := range slices.Sorted(maps.Keys(tables)) {
		list := strings.Join(tables[table], ", ")
		if _, err := t.ExecContext(t.ctx, `INSERT INTO main.`+table+` (`+list+`) SELECT `+list+` FROM restored.`+table); err != nil {
			return fmt.Errorf("restore %s: %w", table, err)
		}
	}
	for _, sql := range triggers {
		if _, err := t.ExecContext(t.ctx, sql); err != nil {
			return fmt.Errorf("put the audit back: %w", err)
		}
	}
	return nil
}

// dropDataTriggers drops the triggers that audit the register's tables and returns the
// statements that make them again.
func dropDataTriggers(t *tx) ([]string, error) {
	rows, err := t.QueryContext(t.ctx, `SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name != 'audit'`)
	if err != nil {
		return nil, err
	}
	var names, sqls []string
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			rows.Close()
			return nil, err
		}
		names, sqls = append(names, name), append(sqls, sql)
	}
	rows.Close()
	for _, name := range names {
		if _, err := t.ExecContext(t.ctx, `DROP TRIGGER main."`+name+`"`); err != nil {
			return nil, err
		}
	}
	return sqls, rows.Err()
}

// columnsOf lists the register's tables that a restore replaces, with their columns.
func columnsOf(t *tx) (map[string][]string, error) {
	rows, err := t.QueryContext(t.ctx, `SELECT m.name, p.name FROM main.sqlite_master m, pragma_table_info(m.name, 'main') p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		if !unrestored[table] {
			tables[table] = append(tables[table], `"`+col+`"`)
		}
	}
	return tables, rows.Err()
}
