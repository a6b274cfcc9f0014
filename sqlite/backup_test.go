package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
	if err := Restore(ctx, path, copyPath, Options{}); err != nil {
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

func TestRestoreRefusesWhatIsNotARegister(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	target := filepath.Join(dir, "register.db")
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("SQLite format 3\x00 but then garbage"), 0o600)
	other := filepath.Join(dir, "other.db")
	db, _ := Open(ctx, other, Options{})
	db.db.Exec(`DELETE FROM schema_migrations`)
	db.Close()
	for name, path := range map[string]string{"garbage": junk, "no schema": other, "missing": filepath.Join(dir, "none.db")} {
		if err := Restore(ctx, target, path, Options{}); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Error("a refused restore wrote the register")
	}
}

func TestAutomaticBackupsKeepTheNewest(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
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
	files, _ := filepath.Glob(filepath.Join(BackupDir(r.Path()), "*-before-plan.db"))
	if len(files) != BackupsKept {
		t.Errorf("%d automatic backups kept, want %d", len(files), BackupsKept)
	}
	for _, f := range files {
		if err := CheckBackup(ctx, f); err != nil {
			t.Error(err)
		}
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
	if _, err := r.Erase(ctx, "00123"); err != nil {
		t.Fatal(err)
	}
	planned, _ := r.Load(ctx)
	history := len(mustAudit(t, r))
	if err := r.Restore(ctx, copyPath); err != nil {
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
