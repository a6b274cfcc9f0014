package sqlite

import (
	"associateplanner/model"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuditTrailRecordsEveryChange(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	d, _ := r.Load(ctx)
	a := d.Associates[0]
	a.Band = "8b"
	if err := r.SaveAssociate(ctx, a, d.Versions.Associates[a.StaffID]); err != nil {
		t.Fatal(err)
	}
	entries, err := r.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var update *model.AuditEntry
	for i, e := range entries {
		if e.Entity == "associate" && e.Change == "update" {
			update = &entries[i]
			break
		}
	}
	if update == nil || update.Key != "00123" || update.User == "" ||
		!strings.Contains(update.Before, `"band":"8a"`) || !strings.Contains(update.After, `"band":"8b"`) {
		t.Errorf("the band change was audited as %+v", update)
	}
	inserts := 0
	for _, e := range entries {
		if e.Change == "insert" {
			inserts++
		}
	}
	if inserts < 10 {
		t.Errorf("only %d inserts audited", inserts)
	}
	for _, q := range []string{`UPDATE audit SET os_user = 'x'`, `DELETE FROM audit`} {
		if _, err := r.wdb.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestStaleEditsAreRefused(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	mine, _ := r.Load(ctx) // the app opens the form…
	theirs, _ := r.Load(ctx)
	other := theirs.Associates[0]
	other.Notes = "changed by the CLI"
	if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{other}}); err != nil { // …another writer saves first
		t.Fatal(err)
	}
	a := mine.Associates[0]
	a.MaxDays = 45
	err := r.SaveAssociate(ctx, a, mine.Versions.Associates[a.StaffID])
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "was changed by") {
		t.Fatalf("stale edit: %v", err)
	}
	now, _ := r.Load(ctx)
	if now.Associates[0].Notes != "changed by the CLI" || now.Associates[0].MaxDays != 30 {
		t.Fatal("the stale edit overwrote the other change")
	}
	if err := r.SaveAssociate(ctx, a, now.Versions.Associates[a.StaffID]); err != nil {
		t.Fatalf("after reloading the edit should save: %v", err)
	}
	q := mine.Requests[0]
	if err := r.SaveRequest(ctx, q, nil, mine.Versions.Requests[q.Ref]); err != nil {
		t.Fatalf("a request nobody else touched: %v", err)
	}
	as := mine.Assignments
	as[0].Pinned = true
	if err := r.SaveAssignments(ctx, as, mine.Versions.Assignments); err != nil {
		t.Fatal(err)
	}
	as[0].Status = model.Withdrawn
	if err := r.SaveAssignments(ctx, as, mine.Versions.Assignments); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a second save on the same stale versions: %v", err)
	}
}

// TestMigratingFromEveryEarlierSchema opens registers made at each earlier schema, with
// data in them, with the current code: the data is all there and a backup was made first.
func TestMigratingFromEveryEarlierSchema(t *testing.T) {
	ctx := context.Background()
	for n := 1; n < len(migrationNames()); n++ {
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := openUpTo(ctx, path, n)
		if err != nil {
			t.Fatal(err)
		}
		writeAsSchemaOne(t, old)
		old.Close()
		r, err := Open(ctx, path)
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
		`INSERT INTO assignments (request_ref, role, staff_id, starts, ends, status) VALUES ('R1', 'Tester', '00123', '2027-01-04', '2027-01-29', 'model.Confirmed')`,
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
	err := r.inTx(ctx, func(tx *sql.Tx) error {
		w := writer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
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
