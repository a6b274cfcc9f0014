package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"associateplanner/model"
)

// bigChange is a change too big for the pages left when the register is made full.
func bigChange() *model.Changeset {
	c := &model.Changeset{}
	for i := range 2000 {
		c.Associates = append(c.Associates, model.Associate{StaffID: fmt.Sprintf("F%05d", i), Name: strings.Repeat("Name ", 20),
			HomeOrg: "RR8", MaxDays: 30, Active: true, Notes: strings.Repeat("notes ", 50)})
	}
	return c
}

// TestWriteFaultsInPlainWords brings about real faults while writing and checks that the
// coordinator is told in plain words, without SQLite's text, and that nothing changed.
func TestWriteFaultsInPlainWords(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		options Options
		fault   func(t *testing.T, r *Register) // brings the fault about
		says    string
		detail  string // what the log keeps
	}{
		{"the disk is full", Options{}, func(t *testing.T, r *Register) {
			var pages int
			r.wdb.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages)
			mustExec(t, r.wdb, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2))
		}, "The disk is full: nothing was changed.", "database or disk is full"},
		{"another program keeps writing", Options{BusyTimeout: 200 * time.Millisecond}, func(t *testing.T, r *Register) {
			other, err := sql.Open("sqlite", r.path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			conn, err := other.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.ExecContext(ctx, `ROLLBACK`); conn.Close() })
			if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
				t.Fatal(err)
			}
		}, "is busy: another program kept it too long, so nothing was changed", "database is locked"},
		{"the register cannot be written", Options{}, func(t *testing.T, r *Register) {
			mustExec(t, r.wdb, `PRAGMA query_only = ON`)
		}, "cannot be written (the file or its disk is read-only): nothing was changed", "readonly database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Open(ctx, filepath.Join(t.TempDir(), "register.db"), c.options)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if err := r.Apply(ctx, sampleChangeset()); err != nil {
				t.Fatal(err)
			}
			before, _ := r.Load(ctx)
			c.fault(t, r)
			err = r.Apply(ctx, bigChange())
			if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), c.says) ||
				strings.Contains(model.ErrorMessage(err), c.detail) {
				t.Fatalf("told %q (code %s), want %q", model.ErrorMessage(err), model.ErrorCode(err), c.says)
			}
			if !strings.Contains(model.ErrorDetail(err), c.detail) {
				t.Errorf("the log would not have the detail: %s", model.ErrorDetail(err))
			}
			if after, _ := r.Load(ctx); after.Revision != before.Revision || len(after.Associates) != 1 {
				t.Errorf("the failed write changed the register")
			}
		})
	}
}

func mustExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// TestOpenRefusesWhatIsNotARegister offers Open files that are not registers of this
// version: each is refused in plain words, and left exactly as it was.
func TestOpenRefusesWhatIsNotARegister(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		says string
		code string
	}{
		{"garbage", func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("not a database at all "), 300), 0o600)
		}, "is not an Associate Planner register", model.EINVALID},
		{"another program's SQLite file", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE notes (body TEXT)`, `INSERT INTO notes VALUES ('mine')`)
			os.Chmod(path, 0o644) // its mode is its owner's business
		}, "is not an Associate Planner register", model.EINVALID},
		{"a file with only a migrations table", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE schema_migrations (name TEXT PRIMARY KEY)`)
		}, "is not an Associate Planner register", model.EINVALID},
		{"a register from a newer version", newerRegister, fmt.Sprintf("was made by a newer version of Associate Planner (schema %d; this version reads up to schema %d)",
			len(migrationNames())+1, len(migrationNames())), model.EINVALID},
		{"a damaged register", damagedRegister, "is damaged, so nothing was changed: restore it from a backup", model.EUNAVAILABLE},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "file.db")
			c.make(t, path)
			before := snapshotFiles(t, path)
			_, err := Open(ctx, path, Options{})
			if model.ErrorCode(err) != c.code || !strings.Contains(model.ErrorMessage(err), c.says) {
				t.Fatalf("told %q (code %s), want %q", model.ErrorMessage(err), model.ErrorCode(err), c.says)
			}
			if after := snapshotFiles(t, path); after != before {
				t.Errorf("the refused file was changed:\n%s\n%s", before, after)
			}
		})
	}
}

// newerRegister makes a register as a newer version of the program would leave it.
func newerRegister(t *testing.T, path string) {
	t.Helper()
	r, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mustExec(t, r.wdb, `INSERT INTO schema_migrations (name) VALUES ('migrations/9001_future.sql')`)
}

// damagedRegister makes a register holding data, then damages it.
func damagedRegister(t *testing.T, path string) {
	t.Helper()
	r, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*model.Changeset{sampleChangeset(), bigChange()} {
		if err := r.Apply(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	damage(t, path)
}

// rawExec runs statements on a SQLite file as another program would.
func rawExec(t *testing.T, path string, statements ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		mustExec(t, db, s)
	}
}

// snapshotFiles describes a database file: its mode, its size and a checksum.
func snapshotFiles(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	return fmt.Sprintf("%v, %d bytes, %x", info.Mode(), len(data), sumOf(data))
}

func sumOf(data []byte) uint64 {
	var h uint64 = 14695981039346656037
	for _, c := range data {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// damage overwrites the pages in the middle of a database file with noise, as a failing
// disk or a stray program might.
func damage(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 3; i < len(data)/3+8192 && i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestFileSystemFaultsInPlainWords words what the file system reports.
func TestFileSystemFaultsInPlainWords(t *testing.T) {
	cases := []struct {
		fault error
		code  string
		says  string
	}{
		{&os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, model.EUNAVAILABLE, "The disk is full"},
		{&os.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, model.EUNAVAILABLE, "may not use /r.db (permission denied)"},
		{&os.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, model.EUNAVAILABLE, "cannot be written"},
		{fmt.Errorf("wrapped: %w", model.Errorf(model.ECONFLICT, "stale")), model.ECONFLICT, "stale"},
		{errors.New("a fault of ours"), model.EINTERNAL, model.InternalMessage},
	}
	for _, c := range cases {
		err := storeErr("/r.db", c.fault)
		if model.ErrorCode(err) != c.code || !strings.Contains(model.ErrorMessage(err), c.says) || !errors.Is(err, c.fault) && c.code != model.ECONFLICT {
			t.Errorf("%v: told %q (%s), want %s %q", c.fault, model.ErrorMessage(err), model.ErrorCode(err), c.code, c.says)
		}
	}
}
