package sqlite

import (
	"associateplanner/model"
	"context"
	"strings"
	"testing"
	"time"
)

func TestSubjectAccessAndErase(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	c.Lessons[0].Author = "Siobhán Ó Súilleabháin"
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	d, _ := r.Load(ctx)
	sar, err := model.SubjectAccessFor(d, "00123", time.Now())
	if err != nil || sar.Associate.Name != "Siobhán Ó Súilleabháin" || len(sar.Assignments) != 1 ||
		len(sar.Unavailability) != 1 || len(sar.LessonsWritten) != 1 {
		t.Fatalf("subject access %+v, %v", sar, err)
	}
	if _, err := model.SubjectAccessFor(d, "nobody", time.Now()); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown Staff ID: %v", err)
	}
	anon, err := r.Erase(ctx, "00123")
	if err != nil {
		t.Fatal(err)
	}
	d, _ = r.Load(ctx)
	a := d.Associates[0]
	if a.StaffID != anon || !strings.HasPrefix(anon, "ERASED-") || a.Name != "Erased associate" || a.Email != "" ||
		len(a.Skills)+len(a.Systems)+len(a.Clearances)+len(d.Unavailability) != 0 || a.Active {
		t.Errorf("after erasure: %+v, leave %v", a, d.Unavailability)
	}
	if len(d.Assignments) != 1 || d.Assignments[0].StaffID != anon || d.Lessons[0].Author != "" {
		t.Errorf("past assignments or lessons: %+v %+v", d.Assignments, d.Lessons)
	}
	if ok, _ := r.IntegrityCheck(ctx); ok != "ok" {
		t.Error(ok)
	}
	if _, err := r.Erase(ctx, "00123"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("erasing twice: %v", err)
	}
}

func TestErasureReachesTheAuditTrail(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Erase(ctx, "00123"); err != nil {
		t.Fatal(err)
	}
	entries, _ := r.Audit(ctx, 0)
	for _, e := range entries {
		if strings.Contains(e.Before+e.After+e.Key, "Súilleabháin") || strings.Contains(e.Key, "00123") {
			t.Fatalf("the audit trail still names them: %+v", e)
		}
	}
	if _, err := r.wdb.ExecContext(ctx, `UPDATE audit SET os_user = 'x'`); err == nil {
		t.Error("the audit trail is no longer append-only after an erasure")
	}
}
