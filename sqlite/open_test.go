package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestProgramsOpeningTogether starts six programs on a new register, and on a register of
// the first schema holding data, all at once, three times over: every one opens it, the
// schema is set up once, and the old register is backed up once before it is migrated.
func TestProgramsOpeningTogether(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		make    func(t *testing.T, path string)
		backups int
	}{
		{"a new register", func(*testing.T, string) {}, 0},
		{"a register of the first schema", func(t *testing.T, path string) {
			old, err := open(ctx, path, Options{}, migrationNames()[:1])
			if err != nil {
				t.Fatal(err)
			}
			writeAsSchemaOne(t, old)
			old.Close()
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for round := range 3 {
				path := filepath.Join(t.TempDir(), "register.db")
				c.make(t, path)
				var programs []*program
				at := time.Now().Add(time.Second)
				for range 6 {
					programs = append(programs, startAt(t, at, path, "open"))
				}
				for _, p := range programs {
					if lines, err := p.wait(); err != nil {
						t.Errorf("round %d: a program failed to open the register: %v %v", round, err, lines)
					}
				}
				r, err := Open(ctx, path, Options{})
				if err != nil {
					t.Fatal(err)
				}
				applied, _ := r.Count(ctx, `SELECT COUNT(*) FROM schema_migrations`)
				backups, _ := filepath.Glob(filepath.Join(BackupDir(path), "*-before-migration.db"))
				if applied != len(migrationNames()) || len(backups) != c.backups {
					t.Errorf("round %d: %d migrations applied, %d backups before migrating", round, applied, len(backups))
				}
				r.Close()
			}
		})
	}
}

// TestAnExistingRegisterBecomesPrivate opens a register, with its log, that others could
// read: it is made readable by its owner only.
func TestAnExistingRegisterBecomesPrivate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "register.db")
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil { // SQLite removed its own on closing
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if d, _ := r.Load(ctx); len(d.Associates) != 1 {
		t.Fatal("the register lost its data")
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", filepath.Base(p), info.Mode().Perm(), err)
		}
	}
}

// TestOpeningDoesNotWaitForAWriter opens a register, up to date, while another program
// holds its write lock far longer than the new one would wait: it opens, and reads.
func TestOpeningDoesNotWaitForAWriter(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	other, err := sql.Open("sqlite", r.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `ROLLBACK`)
	second, err := Open(ctx, r.path, Options{BusyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("opening waited for the writer: %v", err)
	}
	defer second.Close()
	if d, err := second.Load(ctx); err != nil || len(d.Associates) != 1 {
		t.Errorf("reading beside the writer: %v", err)
	}
}
