package sqlite

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"

	driver "modernc.org/sqlite"

	"associateplanner/model"
)

// SQLite's primary result codes that a coordinator can do something about.
const (
	sqlitePerm     = 3
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode returns the primary result code of the SQLite error in err's chain, 0 if none.
func sqliteCode(err error) int {
	var e *driver.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// storeErr turns what SQLite and the file system report into an *model.Error in words a
// coordinator can act on ("The disk is full: nothing was changed."), keeping the fault for
// the log. Other faults are returned as they are: internal, shown as such.
func storeErr(path string, err error) error {
	var known *model.Error
	if err == nil || errors.As(err, &known) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if sqliteCode(err) == sqliteCorrupt {
		return damaged(path, err)
	}
	message := plainWords(path, err)
	if message == "" {
		return err
	}
	return &model.Error{Code: model.EUNAVAILABLE, Message: message, Err: err}
}

// plainWords says what went wrong, or "" for a fault of ours.
func plainWords(path string, err error) string {
	switch {
	case sqliteCode(err) == sqliteFull || errors.Is(err, syscall.ENOSPC):
		return "The disk is full: nothing was changed. Free some space, then try again."
	case sqliteCode(err) == sqliteBusy || sqliteCode(err) == sqliteLocked:
		return fmt.Sprintf("The register %s is busy: another program kept it too long, so nothing was changed. Try again in a moment.", path)
	case sqliteCode(err) == sqliteNotADB:
		return notARegisterWords(path)
	case sqliteCode(err) == sqliteReadOnly || errors.Is(err, syscall.EROFS):
		return fmt.Sprintf("The register %s cannot be written (the file or its disk is read-only): nothing was changed.", path)
	case sqliteCode(err) == sqlitePerm || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
		return fmt.Sprintf("Associate Planner may not use %s (permission denied): nothing was changed.", path)
	case sqliteCode(err) == sqliteCantOpen:
		return fmt.Sprintf("Associate Planner cannot open %s: check that its folder exists and that you may write in it.", path)
	case sqliteCode(err) == sqliteIOErr:
		return fmt.Sprintf("The register %s could not be read or written (a fault of the disk): nothing was changed.", path)
	}
	return ""
}

// errDamaged is behind every refusal of a damaged register: restore tells it apart.
var errDamaged = errors.New("the register is damaged")

// damaged is the refusal of a register that fails SQLite's checks.
func damaged(path string, fault error) error {
	return &model.Error{Code: model.EUNAVAILABLE, Message: damagedWords(path), Err: fmt.Errorf("%w: %w", errDamaged, fault)}
}

func damagedWords(path string) string {
	return fmt.Sprintf("The register %s is damaged, so nothing was changed: restore it from a backup (the automatic ones are in %s).",
		path, BackupDir(path))
}

// notARegister refuses another program's file, or one that is not a database at all.
func notARegister(path string) error {
	return model.Errorf(model.EINVALID, "%s", notARegisterWords(path))
}

func notARegisterWords(path string) string {
	return fmt.Sprintf("%s is not an Associate Planner register: nothing was changed in it", path)
}

// readOnly returns the URI that opens the database at path for reading only, whatever
// characters its path holds and relative or not.
func readOnly(path string) string { return readOnlyWaiting(path, Options{}) }

// readOnlyWaiting is readOnly waiting for other programs as long as opt says.
func readOnlyWaiting(path string, opt Options) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") { // C:/Users/…
		abs = "/" + abs
	}
	return (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&" + busyPragma(opt)}).String()
}
