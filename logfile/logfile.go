// Package logfile keeps the program's log: one file of JSON lines beside the register,
// rotated so that it never grows without end. It records internal faults for whoever
// supports the program; people using it read plain words, never these lines.
package logfile

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Name is the log file's name in its folder.
const Name = "associate-planner.log"

// Limits of the log: a file is rotated when it would pass MaxBytes, and Keep old ones are
// kept (associate-planner.log.1 is the newest of them).
const (
	MaxBytes = 1 << 20
	Keep     = 3
)

// File is a log file that rotates itself.
type File struct {
	mu   sync.Mutex
	path string
	f    *os.File
	size int64
}

// New returns the log in dir. Nothing is created until the first line is written, so a
// run that logs nothing leaves no file behind.
func New(dir string) *File { return &File{path: filepath.Join(dir, Name)} }

func (l *File) open() error {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return fmt.Errorf("log folder: %w", err)
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	l.f, l.size = f, info.Size()
	return nil
}

// Path is where the log is.
func (l *File) Path() string { return l.path }

// Write appends p, rotating the file first when p would take it past MaxBytes.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	if l.size+int64(len(p)) > MaxBytes && l.size > 0 {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate moves log.N to log.N+1 (dropping the oldest) and starts a new file.
func (l *File) rotate() error {
	l.f.Close()
	for i := Keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1)) //nolint:errcheck // a gap is fine
	}
	if err := os.Rename(l.path, l.path+".1"); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("rotate log: %w", err)
	}
	return l.open()
}

// Close closes the file, if it was opened.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}

// Logger returns a logger writing JSON lines to w at level Info and above.
func Logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
