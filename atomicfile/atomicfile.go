// Package atomicfile writes files whole or not at all, and sweeps away the temporary files
// of writes that a killed process never finished.
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"associateplanner/model"
)

// Suffix ends the name of every temporary file and folder this package makes:
// ".NAME.PID-RANDOM.aptmp", hidden, naming the process that made it, so that Sweep can tell
// one left by a killed process from one still being written.
const Suffix = ".aptmp"

// Write writes a file through a temporary one beside it, renamed into place when
// complete, so an interrupted export never leaves half a file. The file is readable by its
// owner only: exports and letters hold personal data. Temporary files that killed
// processes left for the same path are removed first. A path that cannot be written is an
// EINVALID error naming it; a full disk says so. Only an ordinary file is ever replaced: see
// Writable.
func Write(path string, write func(io.Writer) error) error {
	if err := Writable(path); err != nil {
		return err
	}
	sweep(filepath.Dir(path), "."+filepath.Base(path)+".")
	err := writeAtomic(path, write)
	if err != nil {
		return Explain(path, err)
	}
	return nil
}

// sqliteHeader begins every SQLite database file, the register and its backups among them.
const sqliteHeader = "SQLite format 3\x00"

// Writable refuses, as an EINVALID error in plain words, a path that Write must not write:
// no name at all, or one CheckTarget refuses. Callers with work to do before writing ask
// it first.
func Writable(path string) error {
	if strings.TrimSpace(path) == "" {
		return model.Errorf(model.EINVALID, "no file name was given: say which file to write")
	}
	if err := CheckTarget(path); err != nil {
		return model.Errorf(model.EINVALID, "%s, so nothing was written: choose another name", model.ErrorMessage(err))
	}
	return nil
}

// CheckTarget says, as an EINVALID error, why the thing at path must not be replaced by a
// file: a folder; anything that is not an ordinary file (a device such as /dev/null, a
// pipe, a socket: replacing it breaks the system); a SQLite database, which is the
// register, one of its backups or another program's data. An ordinary file, such as last
// week's export, may be replaced, as may a path that names nothing yet. A symbolic link is
// judged by what it points to.
func CheckTarget(path string) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return nil // nothing there (or nothing this user may see): writing says what is wrong
	case info.IsDir():
		return model.Errorf(model.EINVALID, "%s is a folder, not a file", path)
	case !info.Mode().IsRegular():
		return model.Errorf(model.EINVALID, "%s is not an ordinary file (it is a device, a pipe or the like)", path)
	case isDatabase(path):
		return model.Errorf(model.EINVALID, "%s is a register (or another program's database)", path)
	}
	return nil
}

// isDatabase reports whether the file at path begins as a SQLite database does.
func isDatabase(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == sqliteHeader
}

// Explain turns a failure to write path into words a user can act on: a full disk, a
// folder they may not write to. Other errors are returned unchanged.
func Explain(path string, err error) error {
	switch {
	case diskFull(err):
		return model.Errorf(model.EINVALID, "cannot write %s: the disk is full; nothing was written", path)
	case errors.Is(err, os.ErrPermission):
		return model.Errorf(model.EINVALID, "cannot write %s: permission denied", path)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", path, pe.Err)
	}
	var le *os.LinkError // a rename
	if errors.As(err, &le) {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", path, le.Err)
	}
	return err
}

func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(filepath.Base(path)))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	// On disk before it is renamed: after a power cut the file is whole or absent.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func tempPattern(base string) string {
	return "." + base + "." + strconv.Itoa(os.Getpid()) + "-*" + Suffix
}

// TempDir makes a private temporary folder in dir, named so that Sweep recognises it.
func TempDir(dir, base string) (string, error) {
	return os.MkdirTemp(dir, tempPattern(base))
}

// Sweep removes from dir the temporary files and folders of processes that have ended,
// and returns how many it removed. Those of live processes are left alone: they may be
// writing them now.
func Sweep(dir string) int {
	return sweep(dir, ".")
}

func sweep(dir, prefix string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		pid, ok := maker(name)
		if !ok || !strings.HasPrefix(name, prefix) || alive(pid) {
			continue
		}
		if os.RemoveAll(filepath.Join(dir, name)) == nil {
			n++
		}
	}
	return n
}

// maker is the process ID in a temporary name ".NAME.PID-RANDOM.aptmp".
func maker(name string) (int, bool) {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, Suffix) {
		return 0, false
	}
	rest := strings.TrimSuffix(name, Suffix)
	rest = rest[strings.LastIndexByte(rest, '.')+1:]
	pidText, _, found := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(pidText)
	return pid, found && err == nil && pid > 0
}
