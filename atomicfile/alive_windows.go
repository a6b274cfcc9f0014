//go:build windows

package atomicfile

import "os"

// alive reports whether process pid is running: on Windows, finding a process opens it,
// which fails once it has ended.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
