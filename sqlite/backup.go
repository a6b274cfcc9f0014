package sqlite

import (
	"associateplanner/model"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BackupsKept is how many automatic backups are kept beside a register.
const BackupsKept = 10

// Backup writes a consistent copy of the register to path, which must not exist yet; the
// copy is readable by its owner only.
func (r *Register) Backup(ctx context.Context, path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600) // VACUUM INTO keeps an empty file's mode
	if err != nil {
		return model.Errorf(model.EINVALID, "cannot write backup %s: %v", path, unwrapPathErr(err))
	}
	f.Close()
	if _, err := r.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("back up register to %s: %w", path, err)
	}
	return nil
}

// BackupDir is where automatic backups of the register at path go.
func BackupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// AutoBackup backs the register up into BackupDir before a risky change (reason says which)
// and keeps only the newest BackupsKept. An empty register needs none.
func (r *Register) AutoBackup(ctx context.Context, reason string) (string, error) {
	if empty, err := r.IsEmpty(ctx); err != nil || empty {
		return "", err
	}
	return autoBackup(ctx, r.path, reason, r.Backup)
}

func autoBackup(ctx context.Context, path, reason string, backup func(context.Context, string) error) (string, error) {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup folder: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	stamp := time.Now().UTC().Format("20060102-150405.000")
	target := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.db", base, stamp, reason))
	for n := 2; fileExists(target); n++ { // two backups in one millisecond
		target = filepath.Join(dir, fmt.Sprintf("%s-%s.%d-%s.db", base, stamp, n, reason))
	}
	if err := backup(ctx, target); err != nil {
		return "", err
	}
	return target, pruneBackups(dir, base+"-")
}

// pruneBackups deletes all but the newest BackupsKept backups with the prefix; their names
// sort by time.
func pruneBackups(dir, prefix string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && strings.HasSuffix(e.Name(), ".db") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for len(names) > BackupsKept {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

// CheckBackup opens a file read-only and confirms it is a sound register this version can
// open: the integrity check passes and its schema is one we know.
func CheckBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return model.Errorf(model.EINVALID, "backup %s: %v", path, unwrapPathErr(err))
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro"}).String())
	if err != nil {
		return err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return model.Errorf(model.EINVALID, "backup %s is not a sound register (%s%v)", path, ok, errOrEmpty(err))
	}
	var version sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT MAX(name) FROM schema_migrations`).Scan(&version); err != nil || !version.Valid {
		return model.Errorf(model.EINVALID, "backup %s is not an model.Associate Planner register", path)
	}
	if latest := latestMigration(); version.String > latest {
		return model.Errorf(model.EINVALID, "backup %s was made by a newer version (schema %s; this one knows up to %s)", path, version.String, latest)
	}
	return nil
}

// Restore replaces the register at path with a checked copy of backup. The register must
// not be open. The current register is backed up first, so a restore can be undone.
func Restore(ctx context.Context, path, backup string) error {
	if err := CheckBackup(ctx, backup); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		copyOf := func(_ context.Context, target string) error { return copyFile(path, target) }
		if _, err := autoBackup(ctx, path, "before-restore", copyOf); err != nil {
			return fmt.Errorf("keep the current register: %w", err)
		}
	}
	tmp := path + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	// A write-ahead log left by the old register would be replayed into the restored one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			os.Remove(tmp)
			return fmt.Errorf("restore: %w", err)
		}
	}
	return os.Rename(tmp, path)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func errOrEmpty(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Restore replaces the register with a checked copy of backup, keeping the register as it
// was among the automatic backups, and opens it again.
func (r *Register) Restore(ctx context.Context, backup string) error {
	if err := CheckBackup(ctx, backup); err != nil {
		return err
	}
	if err := r.Close(); err != nil {
		return fmt.Errorf("close the register to restore it: %w", err)
	}
	restoreErr := Restore(ctx, r.path, backup)
	reopened, err := Open(ctx, r.path)
	if err != nil {
		return errors.Join(restoreErr, err)
	}
	*r = *reopened
	return restoreErr
}
