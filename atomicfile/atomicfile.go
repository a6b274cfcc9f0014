// Package atomicfile writes files whole or not at all.
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"associateplanner/model"
)

// Write writes a file through a temporary one beside it, renamed into place when
// complete, so an interrupted export never leaves half a file. The file is readable by its
// owner only: exports and letters hold personal data. A path that cannot be written is an
// EINVALID error naming it.
func Write(path string, write func(io.Writer) error) error {
	err := writeAtomic(path, write)
	var pe *os.PathError
	if errors.As(err, &pe) {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", path, pe.Err)
	}
	return err
}

func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
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
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
