package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

// backupsOf lists the names of the automatic backups of the register at path.
func backupsOf(t *testing.T, path string) []string {
	t.Helper()
	found, err := automaticBackups(BackupDir(path), filepath.Base(path))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, b := range found {
		names = append(names, b.name)
	}
	return names
}

// TestRefusedChangesMakeNoBackups holds the register's write lock in one handle while
// eleven imports and plan commits in others give up waiting (busy): none makes a backup or
// prunes the one backup before them. A change written makes one; the same revision backed
// up again makes none.
func TestRefusedChangesMakeNoBackups(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	d, _ := r.Load(ctx)
	if err := r.CommitPlan(ctx, d.Revision, nil); err != nil {
		t.Fatal(err)
	}
	before := backupsOf(t, r.path)
	holder, err := r.wdb.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock, held
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, `UPDATE register_info SET revision = revision`); err != nil {
		t.Fatal(err)
	}
	impatient, err := Open(ctx, r.path, Options{BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	d, _ = impatient.Load(ctx)
	for i := range 11 {
		err := impatient.Apply(ctx, (&model.Changeset{Associates: []model.Associate{{StaffID: "P" + string(rune('A'+i)), Name: "Pruned",
			HomeOrg: "RR8", MaxDays: 30}}, Backup: "before-import"}).OnRevision(d.Revision))
		if i%2 == 1 {
			err = impatient.CommitPlan(ctx, d.Revision, nil)
		}
		if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "busy") {
			t.Fatalf("change %d while the register is held: %v", i, err)
		}
	}
	holder.Rollback()
	if after := backupsOf(t, r.path); !slices.Equal(before, after) || len(before) != 1 {
		t.Fatalf("refused changes touched the backups: %v, then %v", before, after)
	}
	change := &model.Changeset{Associates: []model.Associate{{StaffID: "P1", Name: "Written", HomeOrg: "RR8", MaxDays: 30}}, Backup: "before-import"}
	if err := impatient.Apply(ctx, change); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := impatient.AutoBackup(ctx, "before-test"); err != nil {
			t.Fatal(err)
		}
	}
	if after := backupsOf(t, r.path); len(after) != 3 || !strings.HasSuffix(after[1], "-before-import.db") || !strings.HasSuffix(after[2], "-before-test.db") {
		t.Errorf("a written import and two backups of one revision made %v", after)
	}
}

// TestRegistersSharingABaseNameKeepTheirBackups makes backups of reg.db, then many of
// reg.sqlite beside it: reg.db's stays, and no two backups share a name.
func TestRegistersSharingABaseNameKeepTheirBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := func() time.Time { return time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC) } // one moment for all: names could clash
	open := func(name string) *Register {
		r, err := Open(ctx, filepath.Join(dir, name), Options{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		if err := r.Apply(ctx, sampleChangeset()); err != nil {
			t.Fatal(err)
		}
		return r
	}
	db, other := open("reg.db"), open("reg.sqlite")
	if _, err := db.AutoBackup(ctx, "before-plan"); err != nil {
		t.Fatal(err)
	}
	for range BackupsKept + 2 {
		touch(t, other)
		if _, err := other.AutoBackup(ctx, "before-import"); err != nil {
			t.Fatal(err)
		}
	}
	mine, theirs := backupsOf(t, db.path), backupsOf(t, other.path)
	if len(mine) != 1 || len(theirs) != BackupsKept || !strings.HasPrefix(mine[0], "reg.db-") {
		t.Errorf("reg.db keeps %v; reg.sqlite keeps %d: %v", mine, len(theirs), theirs)
	}
	for _, name := range theirs {
		if slices.Contains(mine, name) || !strings.HasPrefix(name, "reg.sqlite-") {
			t.Errorf("reg.sqlite's backup %s", name)
		}
	}
}

// TestAnErasureCutShortIsFinishedAtTheNextOpening commits an erasure and stops before the
// file is wiped, as a program killed there leaves it (its files copied as they are, log
// included): the person's email is still in the files' bytes until the register is next
// opened, which wipes them; erasing them again says they were erased already.
func TestAnErasureCutShortIsFinishedAtTheNextOpening(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	defer r.Close()
	email := []byte(sampleChangeset().Associates[0].Email)
	if err := r.inTx(ctx, func(t *tx) error { return erase(t, "00123", "ERASED-cutshort") }); err != nil {
		t.Fatal(err)
	}
	killed := filepath.Join(t.TempDir(), "register.db")
	copyWithLog(t, r.path, killed)
	if n := bytesIn(t, killed, email); n == 0 {
		t.Fatal("the test needs the email left in the files")
	}
	again, err := Open(ctx, killed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := bytesIn(t, killed, email); n != 0 {
		t.Errorf("after the next opening the email is still in the files %d times", n)
	}
	_, err = again.Erase(ctx, "00123")
	if model.ErrorCode(err) != model.ENOTFOUND || !strings.Contains(model.ErrorMessage(err), "erased already, and nothing of them is left") {
		t.Errorf("erasing them again: %v", err)
	}
}

// bytesIn counts needle in the register's files (main file, log, shared memory).
func bytesIn(t *testing.T, path string, needle []byte) int {
	t.Helper()
	files, _ := filepath.Glob(path + "*")
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(data, needle)
	}
	return n
}

// TestRestoreTakesOnlyRowsFromABackup restores crafted backups. One carries a trigger of
// its own and lacks the audit trail's guards, restored over a damaged register: the
// register has this version's triggers only, and an import deletes nothing. The others
// hold values the model refuses: each is refused, naming the row, and the register is
// left as it was.
func TestRestoreTakesOnlyRowsFromABackup(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		craft  []string
		refuse string // "" when the restore goes ahead
	}{
		{"a trigger of its own, without the audit's guards", []string{
			`CREATE TRIGGER zz_evil AFTER INSERT ON associates BEGIN DELETE FROM assignments; END`,
			`DROP TRIGGER audit_append_only_delete`, `DROP TRIGGER audit_append_only_update`,
			`CREATE VIEW zz_view AS SELECT 1`, `CREATE INDEX zz_index ON associates (notes)`}, ""},
		{"a band that is none", []string{`UPDATE associates SET band = 'ZZ'`}, `"ZZ" is not an Agenda for Change band`},
		{"a date that is not one", []string{`UPDATE requests SET starts = 'garbage'`}, `'garbage' is not a date`},
		{"a day that does not exist", []string{`UPDATE unavailability SET ends = '2027-02-30'`}, `'2027-02-30' is not a date`},
		{"a status that is none", []string{`UPDATE assignments SET status = 'Stolen'`}, "Status"},
		{"a lesson by nobody", []string{`UPDATE lessons SET author_id = 'ghost'`}, `"ghost"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := openWithSample(t)
			backup := filepath.Join(t.TempDir(), "crafted.db")
			if err := r.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}
			rawExec(t, backup, c.craft...)
			r.Close()
			if c.refuse == "" {
				damage(t, r.path)
			}
			before := snapshotFiles(t, r.path)
			_, err := Restore(ctx, r.path, backup, Options{})
			if c.refuse != "" {
				if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), c.refuse) {
					t.Fatalf("told %v, want a refusal saying %q", err, c.refuse)
				}
				if snapshotFiles(t, r.path) != before {
					t.Error("a refused restore changed the register")
				}
				return
			}
			if err != nil {
				t.Fatal(model.ErrorDetail(err))
			}
			back, err := Open(ctx, r.path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer back.Close()
			strangers, _ := queryStrings(ctx, back.db, `SELECT name FROM sqlite_master WHERE name LIKE 'zz%'`)
			guards, _ := queryStrings(ctx, back.db, `SELECT name FROM sqlite_master WHERE name LIKE 'audit_append_only%'`)
			if len(strangers) != 0 || len(guards) != 2 {
				t.Errorf("after the restore: the backup's own %v; the audit's guards %v", strangers, guards)
			}
			if err := back.Apply(ctx, &model.Changeset{Associates: []model.Associate{{StaffID: "EV1", Name: "Evil Trigger", HomeOrg: "RR8", MaxDays: 30}}}); err != nil {
				t.Fatal(err)
			}
			if d, _ := back.Load(ctx); len(d.Assignments) != 1 {
				t.Errorf("an import after the restore left %d assignments", len(d.Assignments))
			}
		})
	}
}

// TestRestoreOverAFlippedApplicationID flips one bit of a register's application id: it
// is refused as damaged (not as a stranger's file), and a backup restores over it, keeping
// the damaged file. Another program's database is still never restored over.
func TestRestoreOverAFlippedApplicationID(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	backup := filepath.Join(t.TempDir(), "good.db")
	if err := r.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	mustExec(t, r.wdb, `PRAGMA wal_checkpoint(TRUNCATE)`)
	r.Close()
	flipBit(t, r.path, 68)
	_, err := Open(ctx, r.path, Options{})
	if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "is damaged") {
		t.Fatalf("the flipped register opened as %v", err)
	}
	if _, err := Restore(ctx, r.path, backup, Options{}); err != nil {
		t.Fatal(model.ErrorDetail(err))
	}
	if ids := staffIDs(t, r.path); !ids["00123"] {
		t.Errorf("after the restore: %v", ids)
	}
	if kept, _ := filepath.Glob(filepath.Join(BackupDir(r.path), "*-damaged.db.bad")); len(kept) != 1 {
		t.Errorf("the damaged file was kept as %v", kept)
	}

	stranger := filepath.Join(t.TempDir(), "notes.db")
	rawExec(t, stranger, `CREATE TABLE notes (body TEXT)`, `PRAGMA application_id = 1234`)
	before := snapshotFiles(t, stranger)
	if _, err := Restore(ctx, stranger, backup, Options{}); !strings.Contains(model.ErrorMessage(err), "is not an Associate Planner register") ||
		snapshotFiles(t, stranger) != before {
		t.Errorf("restoring over another program's database: %v", err)
	}
}

// flipBit flips the lowest bit of the byte at offset in the file at path.
func flipBit(t *testing.T, path string, offset int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, offset); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 1
	if _, err := f.WriteAt(b, offset); err != nil {
		t.Fatal(err)
	}
}
