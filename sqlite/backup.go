package sqlite

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	return model.Errorf(model.EINVALID, "cannot write backup %s: a file of that name is there already", path)
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

// AutoBackup backs the register up into BackupDir before a risky change (reason says which,
// in lower-case words joined by hyphens) and keeps only the newest BackupsKept of this
// register's. An empty register needs none.
func (r *Register) AutoBackup(ctx context.Context, reason string) (string, error) {
	if empty, err := r.IsEmpty(ctx); err != nil || empty {
		return "", err
	}
	dir := BackupDir(r.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", storeErr(r.path, fmt.Errorf("backup folder: %w", err))
	}
	var target string
	err := r.copyOut(ctx, dir, func(tmp string) error {
		var err error
		target, err = placeAutomatic(tmp, dir, r.backupName(reason))
		return err
	})
	if err != nil {
		return "", storeErr(r.path, fmt.Errorf("back up before %s: %w", reason, err))
	}
	return target, storeErr(r.path, pruneBackups(dir, registerBase(r.path)))
}

// backupName names the nth automatic backup made at this moment: register-20270104-093000.123-before-plan.db,
// then …093000.123.2-before-plan.db.
func (r *Register) backupName(reason string) func(n int) string {
	stamp := r.opt.Clock.Now().UTC().Format("20060102-150405.000")
	return func(n int) string {
		if n == 1 {
			return fmt.Sprintf("%s-%s-%s.db", registerBase(r.path), stamp, reason)
		}
		return fmt.Sprintf("%s-%s.%d-%s.db", registerBase(r.path), stamp, n, reason)
	}
}

// placeAutomatic puts a backup in dir under the first free name: another program may be
// backing up the same register in the same millisecond.
func placeAutomatic(tmp, dir string, name func(n int) string) (string, error) {
	for n := 1; ; n++ {
		target := filepath.Join(dir, name(n))
		if err := placeNew(tmp, target); model.ErrorCode(err) != model.EINVALID {
			return target, err
		}
	}
}

// registerBase is the register's file name without its extension: automatic backups start
// with it.
func registerBase(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// automaticBackup is one automatic backup of a register, found by its name.
type automaticBackup struct {
	name  string
	stamp string
	n     int
}

// automaticBackups lists the automatic backups of the register called base in dir, oldest
// first. Only names this package gives count: another register's ("register-2027"),
// temporary folders and the user's own files are never among them.
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
// called base. The newest, just made from a register that passed its check, is sound, so
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
