package sqlite

import (
	"associateplanner/model"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

// TestTwoWritersNeverSeeLocked opens one register twice, as the app and the CLI would, and
// has both write and read at once, in long transactions and in ones that read before they
// write: every call must succeed, waiting its turn rather than failing with "database is
// locked".
func TestTwoWritersNeverSeeLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := a.Apply(ctx, &model.Changeset{Organisations: []model.Organisation{{Code: "RR8", Name: "Leeds"}}}); err != nil {
		t.Fatal(err)
	}
	big := &model.Changeset{}
	for i := range 3000 {
		big.Associates = append(big.Associates, model.Associate{StaffID: fmt.Sprintf("B%05d", i), Name: "Bulk", HomeOrg: "RR8",
			MaxDays: 30, Active: true, Skills: []model.SkillLevel{{Skill: "Testing", Level: 3}, {Skill: "Training", Level: 2}}})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for w, reg := range []*Register{a, b} {
		wg.Go(func() {
			for i := range 40 {
				c := &model.Changeset{Associates: []model.Associate{{StaffID: fmt.Sprintf("W%d-%02d", w, i), Name: "Small", HomeOrg: "RR8", MaxDays: 30, Active: true}}}
				if i%10 == 5 {
					c = big // a long write while the other keeps writing
				}
				errs <- reg.Apply(ctx, c)
				if i%10 == 7 { // read, then write, in one transaction
					_, err := reg.Erase(ctx, fmt.Sprintf("W%d-%02d", w, i-1))
					errs <- err
				}
				_, err := reg.Load(ctx)
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a writer failed: %v", err)
		}
	}
	d, _ := a.Load(ctx)
	if len(d.Associates) != 3000+72 { // 36 small rows from each writer
		t.Errorf("%d associates, want %d", len(d.Associates), 3072)
	}
}

func TestSingleSnapshotLoadReadsTheSame(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	fast, err := r.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	saved := parallelLoadTries
	parallelLoadTries = 0
	defer func() { parallelLoadTries = saved }()
	slow, err := r.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the single-snapshot load differs:\n%+v\n%+v", fast, slow)
	}
}
