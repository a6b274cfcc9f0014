package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"associateplanner/model"
)

// TestErasureLeavesNoBytesBehind erases an associate from a register where their record
// was written, changed and rewritten around other work, then reads the register's files
// byte by byte: their Staff ID, name, email, phone and notes are nowhere, not in a freed
// page, not in the write-ahead log.
func TestErasureLeavesNoBytesBehind(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	person := &c.Associates[0]
	person.StaffID, person.Name, person.Email = "ZQX-4417", "Wilhelmína Quaresma", "w.quaresma@nhs.net"
	person.Phone, person.Notes = "07700 900461", "Allergic to penicillin"
	c.Unavailability[0].StaffID, c.Assignments[0].StaffID, c.Lessons[0].Author = person.StaffID, person.StaffID, person.Name
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i, note := range []string{"Allergic to penicillin, and to nuts", "Allergic to penicillin"} {
		person.Notes = note
		if i == 0 {
			person.Skills = append(person.Skills, model.SkillLevel{Skill: "Training", Level: 2})
		}
		if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{*person}}); err != nil {
			t.Fatal(err)
		}
		if err := r.Apply(ctx, bigChange()); err != nil { // pages fill, split and are freed around theirs
			t.Fatal(err)
		}
	}
	if _, err := r.Erase(ctx, person.StaffID); err != nil {
		t.Fatal(err)
	}
	needles := []string{person.StaffID, "Wilhelmína", "Quaresma", person.Email, person.Phone, "penicillin"}
	files, _ := filepath.Glob(r.path + "*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if k := bytes.Count(data, []byte(n)); k > 0 {
				t.Errorf("%s still holds %q %d times", filepath.Base(f), n, k)
			}
		}
	}
	if d, _ := r.Load(ctx); len(d.Associates) != 1+len(bigChange().Associates) || len(d.Assignments) != 1 {
		t.Errorf("the erasure took more than the person: %d associates, %d assignments", len(d.Associates), len(d.Assignments))
	}
}
