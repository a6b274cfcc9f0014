package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// BackupsKept is how many automatic backups are kept beside a register.
const BackupsKept = 10

// Backup writes a consistent copy of the register to path, which must not exist yet; the
// copy is readable by its owner only. It is written in a temporary folder beside path and
// put in place whole, so a killed backup leaves nothing at path. A damaged register is
// refused: its copy would be no backup.
func (r *Register) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return existsErr(path)
	}
	atomicfile.Sweep(filepath.Dir(path)) // what killed backups left here
	return storeErr(r.path, r.copyOut(ctx, filepath.Dir(path), func(tmp string) error { return placeNew(tmp, path) }))
}

func existsErr(path string) error {
	return &model.Error{Code: model.EINVALID, Err: fs.ErrExist,
		Message: fmt.Sprintf("cannot write backup %s: a file of that name is there already", path)}
}

// copyOut checks the register, writes a copy of it into a private temporary folder in dir,
// and hands the copy's path to place; the folder goes afterwards, whatever happened.
func (r *Register) copyOut(ctx context.Context, dir string, place func(tmp string) error) error {
	if err := r.checkSound(ctx); err != nil {
		return err
	}
	tmpDir, err := atomicfile.TempDir(dir, filepath.Base(r.path))
	if err != nil {
		return atomicfile.Explain(dir, err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "copy.db")
	if err := createPrivate(tmp); err != nil { // VACUUM INTO keeps an empty file's mode
		return err
	}
	if _, err := r.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("copy the register: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	return place(tmp)
}

// placeNew puts the file tmp at path, which must not exist: never over a file someone
// made meanwhile.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return existsErr(path)
	case err != nil: // a file system without links (a FAT memory stick)
		if _, statErr := os.Lstat(path); statErr == nil {
			return existsErr(path)
		}
		return atomicfile.Explain(path, os.Rename(tmp, path))
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// BackupDir is where automatic backups of the register at path go.
func BackupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// AutoBackup backs the register up into BackupDir (reason says why, in lower-case words
// joined by hyphens) and keeps only the newest BackupsKept of this register's. An empty
// register needs none, and a register still at the revision of its newest backup is kept
// by that one: it is returned instead of a copy of it.
func (r *Register) AutoBackup(ctx context.Context, reason string) (string, error) {
	kept, _, err := r.keepBackup(ctx, reason)
	if err != nil || kept == "" {
		return "", err
	}
	return kept, storeErr(r.path, pruneBackups(BackupDir(r.path), filepath.Base(r.path)))
}

// keepBackup makes an automatic backup, unless the register is empty or its newest backup
// holds it at its revision already; made reports whether it made one (so that a change
// that is then not written takes it away again).
func (r *Register) keepBackup(ctx context.Context, reason string) (path string, made bool, err error) {
	if empty, err := r.IsEmpty(ctx); err != nil || empty {
		return "", false, err
	}
	dir := BackupDir(r.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", false, storeErr(r.path, fmt.Errorf("backup folder: %w", err))
	}
	if newest := r.newestBackupAtRevision(ctx, dir); newest != "" {
		return newest, false, nil
	}
	var target string
	err = r.copyOut(ctx, dir, func(tmp string) error {
		var err error
		target, err = placeAutomatic(tmp, dir, filepath.Base(r.path), r.opt.Clock.Now().UTC().Format(stampLayout), reason)
		return err
	})
	if err != nil {
		return "", false, storeErr(r.path, fmt.Errorf("back up before %s: %w", reason, err))
	}
	return target, true, nil
}

// newestBackupAtRevision returns the newest automatic backup of the register when it holds
// the register at the revision it has now (the last commit), else "".
func (r *Register) newestBackupAtRevision(ctx context.Context, dir string) string {
	backups, err := automaticBackups(dir, filepath.Base(r.path))
	if err != nil || len(backups) == 0 {
		return ""
	}
	newest := filepath.Join(dir, backups[len(backups)-1].name)
	var now, then int64
	if err := r.db.QueryRowContext(ctx, `SELECT revision FROM register_info`).Scan(&now); err != nil {
		return ""
	}
	db, err := sql.Open("sqlite", readOnly(newest))
	if err != nil {
		return ""
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, `SELECT revision FROM register_info`).Scan(&then); err != nil || then != now {
		return ""
	}
	return newest
}

// backedUp runs fn in a write transaction on on; fn calls backup, once its checks have
// passed, to keep an automatic backup (reason) of the register as it was. It is made under
// the write lock, reading the last commit (which no other program can change meanwhile),
// and taken away again if the change is not committed; older backups are pruned only once
// it is. backedUp returns the backup's path.
func (r *Register) backedUp(ctx context.Context, on beginner, reason string, fn func(t *tx, backup func() (string, error)) error) (string, error) {
	var kept string
	var made bool
	backup := func() (string, error) {
		var err error
		kept, made, err = r.keepBackup(ctx, reason)
		return kept, err
	}
	if err := r.inTxOn(ctx, on, func(t *tx) error { return fn(t, backup) }); err != nil {
		if made {
			os.Remove(kept) //nolint:errcheck // a backup of a change not written only wastes space
		}
		return "", err
	}
	if kept == "" {
		return "", nil
	}
	return kept, storeErr(r.path, pruneBackups(BackupDir(r.path), filepath.Base(r.path)))
}

// stampLayout dates an automatic backup's name by the register's clock.
const stampLayout = "20060102-150405.000"

// placeAutomatic puts a backup in dir named after the register's whole file name, its
// moment and reason: register.db-20270104-093000.123-before-plan.db, numbered after any
// backup of the same moment (…093000.123.2-before-plan.db), so that names sort by age even
// when the clock stands still, and never over one another program is placing at once.
// reg.db's and reg.sqlite's backups never share a name.
func placeAutomatic(tmp, dir, base, stamp, reason string) (string, error) {
	existing, err := automaticBackups(dir, base)
	if err != nil {
		return "", err
	}
	n := 1
	for _, b := range existing {
		if b.stamp == stamp {
			n = max(n, b.n+1)
		}
	}
	for ; ; n++ {
		name := fmt.Sprintf("%s-%s-%s.db", base, stamp, reason)
		if n > 1 {
			name = fmt.Sprintf("%s-%s.%d-%s.db", base, stamp, n, reason)
		}
		target := filepath.Join(dir, name)
		if err := placeNew(tmp, target); !errors.Is(err, fs.ErrExist) {
			return target, err
		}
	}
}

// automaticBackup is one automatic backup of a register, found by its name.
type automaticBackup struct {
	name  string
	stamp string
	n     int
}

// automaticBackups lists the automatic backups of the register whose file is called base in
// dir, oldest first. Only names this package gives count: another register's
// ("register-2027.db", "register.sqlite"), temporary folders and the user's own files are
// never among them.
func automaticBackups(dir, base string) ([]automaticBackup, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	pattern := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-(\d{8}-\d{6}\.\d{3})(?:\.(\d+))?-[a-z]+(?:-[a-z]+)*\.db$`)
	var out []automaticBackup
	for _, e := range entries {
		m := pattern.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		n, _ := strconv.Atoi(cmp.Or(m[2], "1"))
		out = append(out, automaticBackup{name: e.Name(), stamp: m[1], n: n})
	}
	slices.SortFunc(out, func(a, b automaticBackup) int { return cmp.Or(cmp.Compare(a.stamp, b.stamp), cmp.Compare(a.n, b.n)) })
	return out, nil
}

// pruneBackups deletes all but the newest BackupsKept automatic backups of the register
// whose file is called base. The newest, just made from a register that passed its check, is sound, so
// pruning never leaves only bad backups.
func pruneBackups(dir, base string) error {
	backups, err := automaticBackups(dir, base)
	if err != nil {
		return err
	}
	for _, b := range backups[:max(0, len(backups)-BackupsKept)] {
		if err := os.Remove(filepath.Join(dir, b.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
