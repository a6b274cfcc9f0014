package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"associateplanner/model"
)

// staffIDs reads the Staff IDs a register file holds, through its log, without changing it.
func staffIDs(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite", readOnly(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, err := queryStrings(context.Background(), db, `SELECT staff_id FROM associates`)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// openWithSample opens a new register in a folder of its own and writes the sample.
func openWithSample(t *testing.T) *Register {
	t.Helper()
	r := openTemp(t)
	if err := r.Apply(context.Background(), sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRestoreWhileOtherProgramsWrite restores a backup three times while two other
// programs keep adding associates: every addition they saw committed is in the register
// after the last restore, or in a backup a restore made of the register as it was.
func TestRestoreWhileOtherProgramsWrite(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := r.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	writers := []*program{start(t, r.path, "write", "A"), start(t, r.path, "write", "B")}
	for range 3 {
		time.Sleep(400 * time.Millisecond)
		if _, err := r.Restore(ctx, copyPath); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(200 * time.Millisecond)
	var committed []string
	for _, w := range writers {
		committed = append(committed, w.kill()...)
	}
	kept := staffIDs(t, r.path)
	backups, _ := filepath.Glob(filepath.Join(BackupDir(r.path), "*-before-restore.db"))
	onlyInBackups := 0
	for _, b := range backups {
		for id := range staffIDs(t, b) {
			if !kept[id] {
				kept[id] = true
				onlyInBackups++
			}
		}
	}
	for _, id := range committed {
		if !kept[id] {
			t.Errorf("%s was committed, then lost: not in the register nor in any backup made before a restore", id)
		}
	}
	if len(backups) != 3 || onlyInBackups == 0 || len(committed) < 10 {
		t.Errorf("%d backups before restoring, %d associates only in them, %d committed: the writers and restores did not meet",
			len(backups), onlyInBackups, len(committed))
	}
}

// TestRestoreKeepsWhatIsStillInTheLog restores over a register whose last commit is still
// in its write-ahead log, from a copy of a register in use whose last commit is only in
// its log: neither commit is lost.
func TestRestoreKeepsWhatIsStillInTheLog(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	other := openTemp(t) // a register in use elsewhere, copied as it is with its log
	if err := other.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	a := model.Associate{StaffID: "ONLY-IN-ITS-LOG", Name: "Late", HomeOrg: "RR8", MaxDays: 30, Active: true}
	if err := other.Apply(ctx, &model.Changeset{Associates: []model.Associate{a}}); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	copyWithLog(t, other.path, copyPath)
	a.StaffID = "IN-THE-LOG"
	if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{a}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{r.path, copyPath} {
		if main, _ := os.ReadFile(p); bytes.Contains(main, []byte("IN-THE-LOG")) {
			t.Fatalf("%s: the last commit is already in the main file: the test proves nothing", p)
		}
	}
	if _, err := r.Restore(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	if !staffIDs(t, r.path)["ONLY-IN-ITS-LOG"] {
		t.Error("the backup's last commit, in its log, was not restored")
	}
	backups, _ := filepath.Glob(filepath.Join(BackupDir(r.path), "*-before-restore.db"))
	if len(backups) != 1 || !staffIDs(t, backups[0])["IN-THE-LOG"] {
		t.Errorf("the register's last commit, in its log, is not in the backup made before the restore (%v)", backups)
	}
}

// TestRestoreWithRelativePaths backs up and restores with paths relative to the working
// folder, as the README's `restore copy.db` does.
func TestRestoreWithRelativePaths(t *testing.T) {
	ctx := context.Background()
	t.Chdir(t.TempDir())
	r, err := Open(ctx, "register.db", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	if err := r.Backup(ctx, "copy.db"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Restore(ctx, "copy.db"); err != nil {
		t.Errorf("restore copy.db into the open register: %v", err)
	}
	if _, err := Restore(ctx, "other.db", "copy.db", Options{}); err != nil {
		t.Errorf("restore copy.db as other.db: %v", err)
	}
	if ids := staffIDs(t, "other.db"); !ids["00123"] {
		t.Errorf("other.db holds %v", ids)
	}
}

func TestRestoreRefusesWhatIsNotARegister(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		says string
	}{
		{"garbage", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("SQLite format 3\x00 but then garbage"), 0o600)
		}, "is not an Associate Planner register"},
		{"missing", func(*testing.T, string) {}, "no such file"},
		{"a workbook", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("PK\x03\x04 a zip file"), 0o600)
		}, "is not an Associate Planner register"},
		{"another program's SQLite file", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE notes (body TEXT)`)
		}, "is not an Associate Planner register"},
		{"only a migrations table", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE schema_migrations (name TEXT PRIMARY KEY)`,
				`INSERT INTO schema_migrations VALUES ('migrations/0001_register.sql')`)
		}, "is not an Associate Planner register"},
		{"a register from a newer version", newerRegister, "made by a newer version"},
		{"a damaged register", damagedRegister, "is damaged, so it was not restored"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			target, backup := filepath.Join(dir, "register.db"), filepath.Join(dir, "backup.db")
			c.make(t, backup)
			_, err := Restore(ctx, target, backup, Options{})
			if model.ErrorCode(err) != model.EINVALID || !bytes.Contains([]byte(model.ErrorMessage(err)), []byte(c.says)) {
				t.Errorf("told %q (%s), want %q", model.ErrorMessage(err), model.ErrorCode(err), c.says)
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Error("a refused restore made a register")
			}
		})
	}
}

// TestRestoreOverADamagedRegister restores a good backup over a register too damaged to
// open: the register opens again with the backup's data, and the damaged file is kept.
func TestRestoreOverADamagedRegister(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	if err := r.Apply(ctx, bigChange()); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := r.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	r.Close()
	damage(t, r.path)
	if _, err := Open(ctx, r.path, Options{}); model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("the damaged register opened: %v", err)
	}
	if _, err := Restore(ctx, r.path, copyPath, Options{}); err != nil {
		t.Fatal(model.ErrorDetail(err))
	}
	back, err := Open(ctx, r.path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if d, _ := back.Load(ctx); len(d.Associates) != 1+len(bigChange().Associates) {
		t.Errorf("%d associates after restoring", len(d.Associates))
	}
	kept, _ := filepath.Glob(filepath.Join(BackupDir(r.path), "*-damaged.db.bad"))
	if entries := mustAudit(t, back); len(kept) != 1 || entries[0].Change != "restore" {
		t.Errorf("damaged register kept as %v; newest audit entry %+v", kept, entries[0])
	}
}

// copyWithLog copies a register file in use, with its write-ahead log, as it is: what a
// program killed there leaves, or a copy taken without SQLite.
func copyWithLog(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
