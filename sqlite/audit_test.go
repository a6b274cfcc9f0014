package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"associateplanner/model"
)

// TestAuditTrailIsAppendOnly tries to change and delete audit entries, before and after an
// erasure (which lifts the guard for its own statements): both are refused.
func TestAuditTrailIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	for _, erased := range []bool{false, true} {
		if erased {
			if _, err := r.Erase(ctx, "00123"); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{`UPDATE audit SET os_user = 'x'`, `DELETE FROM audit`} {
			if _, err := r.wdb.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("erased %v: %s: %v", erased, q, err)
			}
		}
	}
}

// TestMigratingFromEveryEarlierSchema opens registers made at each earlier schema, with
// data in them, with the current code: the data is all there, a backup was made first, the
// register is marked as ours, and its audit trail takes its times from the program's clock.
func TestMigratingFromEveryEarlierSchema(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2027, 5, 6, 7, 8, 9, 0, time.UTC) }
	for n := 1; n < len(migrationNames()); n++ {
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := open(ctx, path, Options{}, migrationNames()[:n])
		if err != nil {
			t.Fatal(err)
		}
		writeAsSchemaOne(t, old)
		old.Close()
		r, err := Open(ctx, path, Options{Clock: clock})
		if err != nil {
			t.Fatalf("from schema %d: %v", n, err)
		}
		got, _ := r.Load(ctx)
		if len(got.Associates) != 1 || got.Associates[0].Name != "Siobhán Ó Súilleabháin" || len(got.Associates[0].Skills) != 1 ||
			len(got.Assignments) != 1 || got.Versions.Associates["00123"] != 1 {
			t.Errorf("from schema %d the data came back as %+v", n, got.Associates)
		}
		if v, _ := r.SchemaVersion(ctx); v != latestMigration() {
			t.Errorf("schema %s after migrating", v)
		}
		backups, _ := filepath.Glob(filepath.Join(BackupDir(path), "*-before-migration.db"))
		if len(backups) != 1 {
			t.Errorf("from schema %d: %d backups before migrating", n, len(backups))
		}
		if id, _ := r.Count(ctx, `PRAGMA application_id`); id != appID {
			t.Errorf("from schema %d the register is marked %x", n, id)
		}
		if err := r.Apply(ctx, &model.Changeset{Organisations: []model.Organisation{{Code: "RX1", Name: "Nottingham"}}}); err != nil {
			t.Fatal(err)
		}
		if entries, _ := r.Audit(ctx, 1); len(entries) != 1 || entries[0].At != "2027-05-06T07:08:09.000Z" {
			t.Errorf("from schema %d the audit trail dates by another clock: %+v", n, entries)
		}
		r.Close()
	}
}

// writeAsSchemaOne stores a little data with SQL the first schema accepts, as the first
// version of the app would have.
func writeAsSchemaOne(t *testing.T, r *Register) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO organisations (code, name) VALUES ('RR8', 'Leeds'), ('RJ1', 'Guys')`,
		`INSERT INTO associates (staff_id, name, home_org, max_days) VALUES ('00123', 'Siobhán Ó Súilleabháin', 'RR8', 30)`,
		`INSERT INTO associate_skills (staff_id, skill, level) VALUES ('00123', 'Testing', 3)`,
		`INSERT INTO requests (ref, trust, title, kind, priority, starts, ends, mode, status)
			VALUES ('R1', 'RJ1', 'Rescue', 'Emergency', 1, '2027-01-04', '2027-01-29', 'On-site', 'Open')`,
		`INSERT INTO roles (request_ref, name, headcount, starts, ends, on_site) VALUES ('R1', 'Tester', 1, '2027-01-04', '2027-01-29', 1)`,
		`INSERT INTO assignments (request_ref, role, staff_id, starts, ends, status) VALUES ('R1', 'Tester', '00123', '2027-01-04', '2027-01-29', 'Confirmed')`,
	} {
		if _, err := r.wdb.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestAuditJSONMatchesTheStoredForm checks that the writer's JSON of an associate is
// exactly what SQLite gives for the stored row, so an unchanged save records no change.
func TestAuditJSONMatchesTheStoredForm(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	c := sampleChangeset()
	c.Associates[0].Notes = `Says "hello" & <waves>, café`
	c.Associates = append(c.Associates, model.Associate{StaffID: "bare", Name: "No Lists", HomeOrg: "RR8", MaxDays: 0})
	if err := r.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	err := r.inTx(ctx, func(x *tx) error {
		w := writer{ctx: ctx, t: x, stmts: map[string]*sql.Stmt{}}
		ids := rows{}
		for _, a := range c.Associates {
			ids.add(a.StaffID)
		}
		stored, err := w.associateJSON(ids)
		if err != nil {
			return err
		}
		for _, a := range c.Associates {
			mine, err := auditJSON(a)
			if err != nil {
				return err
			}
			if mine != stored[a.StaffID] {
				t.Errorf("writer: %s\nstored: %s", mine, stored[a.StaffID])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
