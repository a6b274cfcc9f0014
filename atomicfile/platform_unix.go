//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// alive reports whether process pid is running (or cannot be told apart from one that is).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// diskFull reports whether err says the disk is full.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
