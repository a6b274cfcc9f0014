package postgres

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"associateplanner/model"
)

// TestErasureLeavesNoOldRowsInTheFiles writes a person's record, changes their email twice
// (each change leaves the old row version behind in the table's file), and erases them.
// Erased by the register's owner, their old emails and name are in no file of the
// database afterwards, and they are told that the server's log, replicas and backups are
// the owner's to expire; erased by HR, who may not rewrite the tables, they are told that
// the owner must run VACUUM FULL.
func TestErasureLeavesNoOldRowsInTheFiles(t *testing.T) {
	cases := []struct {
		name    string
		owner   bool
		remains []string
	}{
		{"by the owner", true, []string{"write-ahead log", "replicas", "backups", "owner's to expire"}},
		{"by HR", false, []string{"until its owner runs VACUUM FULL", "write-ahead log"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			r, owner := filledRegister(t)
			eraser := owner
			if !c.owner {
				eraser = r.OpenAs(t, "hr_eraser", model.RoleHR)
			}
			secrets := []string{"ann.lee.first@private.example", "ann.lee.second@private.example", "Ann Lee"}
			for _, email := range secrets[:2] {
				d, err := owner.Load(ctx)
				if err != nil {
					t.Fatal(err)
				}
				a := d.Associates[0]
				a.Email = email
				if err := owner.SaveAssociate(ctx, a, d.Versions.Associates[a.StaffID]); err != nil {
					t.Fatal(err)
				}
			}
			done, err := eraser.Erase(ctx, "00123")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.remains {
				if !strings.Contains(done.Remains, w) {
					t.Errorf("the erasure says %q, not %q", done.Remains, w)
				}
			}
			if !c.owner {
				return
			}
			dir, err := r.srv.DatabaseFiles(ctx, r.db)
			if err != nil {
				t.Fatal(err)
			}
			filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return nil // a file the server has just removed
				}
				for _, s := range secrets {
					if bytes.Contains(data, []byte(s)) {
						t.Errorf("%s still holds %q", filepath.Base(path), s)
					}
				}
				return nil
			})
		})
	}
}
