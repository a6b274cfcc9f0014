package sqlite

import (
	"context"
	"crypto/rand"
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
// this version can restore: one of ours, not from a newer version, passing SQLite's
// integrity check (committed changes still in its write-ahead log included), and holding
// only rows that the model's rules accept once brought to this version's schema.
func CheckBackup(ctx context.Context, path string) error {
	tmpDir, err := os.MkdirTemp("", "associate-planner-check-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	copied, err := Restorable(ctx, path, tmpDir)
	if err != nil {
		return err
	}
	return copied.Close()
}

// Restorable copies the backup at path into dir (the file itself is only read), checks
// the copy, brings it to this version's schema and checks its rows against the model's
// rules: the register it returns, open, is what a restore may copy rows from.
func Restorable(ctx context.Context, path, dir string) (*Register, error) {
	tmp, err := checkedCopy(ctx, path, dir)
	if err != nil {
		return nil, err
	}
	copied, err := open(ctx, tmp, Options{}, migrationNames())
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", path, err)
	}
	if err := copied.checkRows(ctx, path); err != nil {
		return nil, errors.Join(err, copied.Close())
	}
	return copied, nil
}

// checkedCopy copies the register at path into dir, with the committed changes still in
// its write-ahead log, and checks the copy: the file itself is only read.
func checkedCopy(ctx context.Context, path, dir string) (string, error) {
	if info, err := os.Stat(path); err != nil {
		return "", model.Errorf(model.EINVALID, "backup %s: %v", path, unwrapPathErr(err))
	} else if info.IsDir() {
		return "", model.Errorf(model.EINVALID, "%s is a folder, not a backup: name the backup's file", path)
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
func Restore(ctx context.Context, path, backup string, opt Options) (model.Restored, error) {
	var done model.Restored
	err := withRestorable(ctx, path, backup, func(copied *Register) error {
		r, err := Open(ctx, path, opt)
		if errors.Is(err, errDamaged) {
			done, err = restoreDamaged(ctx, path, backup, copied, opt)
			return err
		} else if err != nil {
			return err // another program's file, or a newer version's, is left alone
		}
		defer r.Close()
		done, err = r.restoreFrom(ctx, copied, backup)
		return err
	})
	return done, storeErr(path, err)
}

// Restore replaces the register's contents with a checked copy of backup, in one
// transaction: other programs wait for it, and what they wrote before it is in the
// automatic backup it makes of the register as it was, under the same lock. The audit
// trail is kept, with the restore added to it; the revision moves on, so a plan made
// before the restore cannot be committed after it. People erased since the backup was
// made are erased again.
func (r *Register) Restore(ctx context.Context, backup string) (model.Restored, error) {
	var done model.Restored
	err := withRestorable(ctx, r.path, backup, func(copied *Register) error {
		var err error
		done, err = r.restoreFrom(ctx, copied, backup)
		return err
	})
	return done, storeErr(r.path, err)
}

// withRestorable makes a restorable copy of backup in a temporary folder beside the
// register, and hands it to fn open.
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
	copied, err := Restorable(ctx, backup, tmpDir)
	if err != nil {
		return err
	}
	defer copied.Close()
	return fn(copied)
}

// restoreDamaged puts a new register, made by this version's migrations and filled with
// the rows of the checked copy of backup (its audit trail included: the damaged one's
// cannot be trusted), in place of a damaged register with SQLite's backup API, which takes
// the register's locks as any writer would. The damaged file is kept beside the backups
// first, byte for byte, for whoever wants to look into it; the erasures it records, when
// they can still be read, are kept and applied.
func restoreDamaged(ctx context.Context, path, backup string, copied *Register, opt Options) (model.Restored, error) {
	kept, err := keepDamaged(path, opt.Clock)
	if err != nil {
		return model.Restored{}, fmt.Errorf("keep the damaged register: %w", err)
	}
	fresh, err := open(ctx, filepath.Join(filepath.Dir(copied.path), "fresh.db"), opt, migrationNames())
	if err != nil {
		return model.Restored{}, err
	}
	defer fresh.Close()
	carryErasures(ctx, path, fresh)
	done := model.Restored{Kept: kept}
	_, err = fresh.fillFrom(ctx, copied, func(t *tx, _ func() (string, error)) error {
		if err := replaceRows(t, true); err != nil {
			return err
		}
		// past both the damaged register's revision and the backup's: no plan made on either commits
		if _, err := t.ExecContext(t.ctx, `UPDATE main.register_info SET revision = max(revision, (SELECT revision FROM restored.register_info))`); err != nil {
			return err
		}
		var err error
		if done.Reerased, err = eraseAgain(t); err != nil {
			return err
		}
		return auditRestore(t, backup, kept)
	}, "")
	if err != nil {
		return model.Restored{}, err
	}
	if err := fresh.finishScrubs(ctx); err != nil {
		return model.Restored{}, err
	}
	if err := fresh.Close(); err != nil {
		return model.Restored{}, err
	}
	return done, sqliteCopy(ctx, fresh.path, path+"?"+busyPragma(opt))
}

// carryErasures gives a new register the revision, salt and erasure records of the
// damaged one at path, when they can still be read: a restore over it erases those people
// again too.
func carryErasures(ctx context.Context, path string, fresh *Register) {
	db, err := sql.Open("sqlite", readOnly(path))
	if err != nil {
		return
	}
	defer db.Close()
	var revision int64
	var salt string
	if err := db.QueryRowContext(ctx, `SELECT revision, salt FROM register_info`).Scan(&revision, &salt); err != nil || salt == "" {
		return
	}
	hashes, err := queryStrings(ctx, db, `SELECT hash FROM erasures`)
	if err != nil {
		return
	}
	fresh.inTx(ctx, func(t *tx) error { //nolint:errcheck // what cannot be read of a damaged file is lost with it
		if _, err := t.ExecContext(ctx, `UPDATE register_info SET salt = ?, revision = ?`, salt, revision); err != nil {
			return err
		}
		for _, h := range hashes {
			if _, err := t.ExecContext(ctx, `INSERT OR IGNORE INTO erasures (hash, erased) VALUES (?, ?)`, h, t.at); err != nil {
				return err
			}
		}
		return nil
	})
}

// keepDamaged copies a damaged register and its write-ahead log into its backup folder
// under a name pruning never takes (…-damaged.db.bad), and returns the copy's path.
func keepDamaged(path string, clock model.Clock) (string, error) {
	if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
		return "", err
	}
	kept := filepath.Join(BackupDir(path), filepath.Base(path)+"-"+clock.Now().UTC().Format(stampLayout)+"-damaged.db.bad")
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
// transaction, after backing the register up under the same lock; people erased since the
// backup was made are erased again, and the file wiped of them.
func (r *Register) restoreFrom(ctx context.Context, copied *Register, backup string) (model.Restored, error) {
	var done model.Restored
	kept, err := r.fillFrom(ctx, copied, func(t *tx, keep func() (string, error)) error {
		kept, err := keep() // no other program can write now
		if err != nil {
			return fmt.Errorf("keep the register as it was: %w", err)
		}
		if err := replaceRows(t, false); err != nil {
			return err
		}
		if done.Reerased, err = eraseAgain(t); err != nil {
			return err
		}
		return auditRestore(t, backup, kept)
	}, "before-restore")
	if err != nil {
		return model.Restored{}, err
	}
	done.Kept = kept
	var unfinished *unscrubbed
	if err := r.finishScrubs(ctx); errors.As(err, &unfinished) {
		return done, unfinished.words(fmt.Sprintf("The register was restored from %s and %d associate(s) erased since it was made were erased again, but",
			backup, done.Reerased))
	} else if err != nil {
		return done, err
	}
	return done, nil
}

// fillFrom runs fill in a write transaction of the register on a connection that has the
// copied register attached as "restored", and that overwrites what it frees (the rows
// replaced may hold people erased since).
func (r *Register) fillFrom(ctx context.Context, copied *Register, fill func(t *tx, keep func() (string, error)) error, reason string) (string, error) {
	if err := copied.Close(); err != nil {
		return "", err
	}
	conn, err := r.wdb.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS restored`, copied.path); err != nil {
		return "", fmt.Errorf("read the backup: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE restored`) //nolint:errcheck // the connection's end detaches it anyway
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`) //nolint:errcheck // the next writes would only be slower
	return r.backedUp(ctx, conn, reason, fill)
}

// eraseAgain erases, in the restored rows, everyone the register keeps a record of
// erasing whose erasure the restored copy does not record: it was made before they were
// erased. (One made after holds only people added again since, who stay.) It returns how
// many were erased again.
func eraseAgain(t *tx) (int, error) {
	salt, err := saltOf(t.ctx, t)
	if err != nil {
		return 0, err
	}
	erased, err := queryStrings(t.ctx, t, `SELECT hash FROM main.erasures WHERE hash NOT IN (SELECT hash FROM restored.erasures)`)
	if err != nil || len(erased) == 0 {
		return 0, err
	}
	ids, err := queryStrings(t.ctx, t, `SELECT staff_id FROM main.associates`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if slices.Contains(erased, model.ErasureHash(salt, id)) {
			if err := erase(t, id, "ERASED-"+strings.ToLower(rand.Text()[:10])); err != nil {
				return 0, err
			}
			n++
		}
	}
	return n, nil
}

// unrestored tables keep the register's own rows: its history, its schema, its revision
// and salt, its record of erasures.
var unrestored = map[string]bool{"audit": true, "audit_context": true, "register_info": true, "schema_migrations": true,
	"erasures": true}

// replaceRows empties every table of the register and fills it from the attached copy,
// only the columns of this version's schema, with the audit triggers lifted for the while:
// the restore is one entry, not one per row. withAudit takes the copy's audit trail too
// (for a new register in place of a damaged one).
func replaceRows(t *tx, withAudit bool) error {
	triggers, err := dropDataTriggers(t)
	if err != nil {
		return err
	}
	tables, err := columnsOf(t, withAudit)
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

// columnsOf lists the register's tables that a restore replaces, with their columns: the
// audit trail too when withAudit.
func columnsOf(t *tx, withAudit bool) (map[string][]string, error) {
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
		if !unrestored[table] || withAudit && table == "audit" {
			tables[table] = append(tables[table], `"`+col+`"`)
		}
	}
	return tables, rows.Err()
}
