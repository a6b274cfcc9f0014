package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := r.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(copyPath); info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o", info.Mode().Perm())
	}
	if err := r.Backup(ctx, copyPath); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("overwriting a backup: %v", err)
	}
	// Change the register, then restore the copy over it.
	a := sampleChangeset().Associates[0]
	a.Name = "Changed Name"
	if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{a}}); err != nil {
		t.Fatal(err)
	}
	path := r.Path()
	r.Close()
	if _, err := Restore(ctx, path, copyPath, Options{}); err != nil {
		t.Fatal(err)
	}
	back, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	d, _ := back.Load(ctx)
	if d.Associates[0].Name != "Siobhán Ó Súilleabháin" {
		t.Errorf("after restore the name is %q", d.Associates[0].Name)
	}
	saved, _ := filepath.Glob(filepath.Join(BackupDir(path), "*-before-restore.db"))
	if len(saved) != 1 {
		t.Errorf("the register before the restore was not kept: %v", saved)
	}
}

// TestAutomaticBackupsKeepTheNewest makes thirteen automatic backups in one moment of the
// register's clock: they are named by that clock, numbered in order, and the newest ten,
// all sound, are kept.
func TestAutomaticBackupsKeepTheNewest(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC) }
	r, err := Open(ctx, filepath.Join(t.TempDir(), "register.db"), Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if p, err := r.AutoBackup(ctx, "test"); err != nil || p != "" {
		t.Fatalf("an empty register was backed up: %q %v", p, err)
	}
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	for range BackupsKept + 3 {
		d, err := r.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.CommitPlan(ctx, d.Revision, nil); err != nil {
			t.Fatal(err)
		}
	}
	kept, _ := automaticBackups(BackupDir(r.path), "register.db")
	if len(kept) != BackupsKept || kept[0].name != "register.db-20270104-093000.000.4-before-plan.db" ||
		kept[len(kept)-1].name != "register.db-20270104-093000.000.13-before-plan.db" {
		t.Errorf("kept %+v", kept)
	}
	for _, b := range kept {
		if err := CheckBackup(ctx, filepath.Join(BackupDir(r.path), b.name)); err != nil {
			t.Error(err)
		}
	}
}

// TestPruningKeepsOtherRegistersBackups commits plans on register-2027.db beside
// register.db: register.db's backups, and the user's own files, stay.
func TestPruningKeepsOtherRegistersBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var registers []*Register
	for _, name := range []string{"register.db", "register-2027.db"} {
		r, err := Open(ctx, filepath.Join(dir, name), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if err := r.Apply(ctx, sampleChangeset()); err != nil {
			t.Fatal(err)
		}
		registers = append(registers, r)
	}
	for range 3 {
		touch(t, registers[0])
		if _, err := registers[0].AutoBackup(ctx, "before-import"); err != nil {
			t.Fatal(err)
		}
	}
	mine := filepath.Join(BackupDir(registers[0].path), "register-my-own-copy.db")
	os.WriteFile(mine, []byte("the user's"), 0o600)
	for range BackupsKept + 2 {
		touch(t, registers[1])
		if _, err := registers[1].AutoBackup(ctx, "before-plan"); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := automaticBackups(BackupDir(registers[0].path), "register.db")
	second, _ := automaticBackups(BackupDir(registers[1].path), "register-2027.db")
	if _, err := os.Stat(mine); len(first) != 3 || len(second) != BackupsKept || err != nil {
		t.Errorf("register.db keeps %d backups, register-2027.db %d; the user's own file: %v", len(first), len(second), err)
	}
}

// TestADamagedRegisterIsNeverBackedUp damages a register that holds three good backups
// and ten bad ones made after them (as an older version made them from a damaged
// register), then tries eleven plan commits through an open handle and through new ones:
// each is refused, and no backup is made or pruned.
func TestADamagedRegisterIsNeverBackedUp(t *testing.T) {
	ctx := context.Background()
	r := openWithSample(t)
	for range 3 {
		touch(t, r)
		if _, err := r.AutoBackup(ctx, "before-plan"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // names are by the millisecond
	}
	dir := BackupDir(r.path)
	for i := range 10 {
		bad := filepath.Join(dir, fmt.Sprintf("register.db-%s-before-plan.db", time.Now().Add(time.Duration(i+1)*time.Hour).UTC().Format(stampLayout)))
		os.WriteFile(bad, []byte("SQLite format 3\x00 and then nothing good"), 0o600)
	}
	if err := r.Apply(ctx, bigChange()); err != nil {
		t.Fatal(err)
	}
	mustExec(t, r.wdb, `PRAGMA wal_checkpoint(TRUNCATE)`) // all in the main file, which a fault then damages
	r.db.SetMaxIdleConns(0)                               // and no connection reads it from its cache
	before, _ := automaticBackups(dir, "register.db")
	damage(t, r.path)
	d, _ := r.Load(ctx)
	for i := range 11 {
		err := r.CommitPlan(ctx, d.Revision, nil)
		if i%2 == 1 {
			_, err = Open(ctx, r.path, Options{})
		}
		if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "is damaged") {
			t.Fatalf("try %d on the damaged register: %v", i, err)
		}
	}
	after, _ := automaticBackups(dir, "register.db")
	good := 0
	for _, b := range after {
		if CheckBackup(ctx, filepath.Join(dir, b.name)) == nil {
			good++
		}
	}
	if !reflect.DeepEqual(before, after) || good != 3 {
		t.Errorf("the backups changed: %d before, %d after, %d good", len(before), len(after), good)
	}
}

// TestRestoreIntoTheOpenRegister restores a backup into a register that is open: the rows
// are the backup's, the audit trail keeps its history with the restore added, and the
// revision moves on, so a plan made before the restore cannot be committed after it.
func TestRestoreIntoTheOpenRegister(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	saved, _ := r.Load(ctx)
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := r.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	changed := saved.Associates[0]
	changed.Name = "Changed after the backup"
	if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{changed}}); err != nil {
		t.Fatal(err)
	}
	planned, _ := r.Load(ctx)
	history := len(mustAudit(t, r))
	if _, err := r.Restore(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	back, _ := r.Load(ctx)
	if !reflect.DeepEqual(back.Associates, saved.Associates) || !reflect.DeepEqual(back.Assignments, saved.Assignments) ||
		!reflect.DeepEqual(back.Roles, saved.Roles) || !reflect.DeepEqual(back.Lessons, saved.Lessons) {
		t.Errorf("after the restore:\n%+v\nwant\n%+v", back.Associates, saved.Associates)
	}
	entries := mustAudit(t, r)
	if len(entries) != history+1 || entries[0].Change != "restore" || entries[0].Key != "copy.db" {
		t.Errorf("%d audit entries (was %d), newest %+v", len(entries), history, entries[0])
	}
	if back.Revision <= planned.Revision {
		t.Errorf("revision %d after the restore, %d before", back.Revision, planned.Revision)
	}
	if err := r.CommitPlan(ctx, planned.Revision, nil); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a plan made before the restore: %v", err)
	}
}

func mustAudit(t *testing.T, r *Register) []model.AuditEntry {
	t.Helper()
	entries, err := r.Audit(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// touch changes the register (its settings), so that its revision moves on and its next
// automatic backup is not the same as its last.
func touch(t *testing.T, r *Register) {
	t.Helper()
	d, err := r.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d.Settings.ReleaseLimit++
	if err := r.SaveSettings(context.Background(), d.Settings); err != nil {
		t.Fatal(err)
	}
}
