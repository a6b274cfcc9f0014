package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"associateplanner/model"
	"associateplanner/pgtest"
	"associateplanner/sqlite"
)

func day(y int, m time.Month, d int) model.Date { return model.NewDate(y, m, d) }

// filledRegister is a team register holding an organisation, an associate, a request with a
// role and a proposal.
func filledRegister(t *testing.T) (*teamRegister, *Store) {
	t.Helper()
	r := newTeamRegister(t, nil)
	owner := r.OpenAs(t, r.owner)
	c := &model.Changeset{
		Organisations: []model.Organisation{{Code: "RR8", Name: "Leeds"}},
		Associates:    []model.Associate{{StaffID: "00123", Name: "Ann Lee", HomeOrg: "RR8", MaxDays: 30, Active: true}},
		Requests: []model.Request{{Ref: "REQ-2027-001", Trust: "RR8", Title: "Go-live", Kind: model.KindEmergency, Priority: 1,
			Period: model.Period{From: day(2027, 1, 4), To: day(2027, 3, 26)}, Mode: model.ModeOnSite, Status: model.RequestOpen}},
		Roles: []model.Role{{RequestRef: "REQ-2027-001", Name: "Lead", Headcount: 1, Period: model.Period{From: day(2027, 1, 4), To: day(2027, 1, 29)}}},
		Assignments: []model.Assignment{{RequestRef: "REQ-2027-001", Role: "Lead", StaffID: "00123",
			Period: model.Period{From: day(2027, 1, 4), To: day(2027, 1, 29)}, Status: model.Proposed}},
	}
	if err := owner.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return r, owner
}

func wantCode(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if model.ErrorCode(err) != code {
		t.Fatalf("want a %s error, got %v", code, err)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q does not say %q", err, w)
		}
	}
}

// TestRolesEnforcedByTheDatabase has each role write what it may and may not, through the
// store and straight through SQL as psql would: the database refuses what the role may not.
func TestRolesEnforcedByTheDatabase(t *testing.T) {
	r, _ := filledRegister(t)
	ctx := context.Background()
	cases := []struct {
		name    string
		role    model.TeamRole
		sql     string
		refused bool
	}{
		{"a viewer inserts a request", model.RoleViewer, `INSERT INTO requests (ref, trust, title, kind, priority, starts, ends, mode, status)
			VALUES ('R2', 'RR8', 'x', 'Emergency', 1, '2027-01-01', '2027-01-02', 'On site', 'Open')`, true},
		{"a viewer changes an assignment", model.RoleViewer, `UPDATE assignments SET status = 'Confirmed'`, true},
		{"a viewer forges the audit trail", model.RoleViewer, `INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES ('', 'x', 'x', 'x', 'x')`, true},
		{"HR confirms an assignment", model.RoleHR, `UPDATE assignments SET status = 'Confirmed'`, true},
		{"HR edits an associate", model.RoleHR, `UPDATE associates SET notes = 'n'`, false},
		{"a coordinator edits an associate", model.RoleCoordinator, `UPDATE associates SET notes = 'n'`, true},
		{"a coordinator confirms an assignment", model.RoleCoordinator, `UPDATE assignments SET status = 'Confirmed'`, false},
		{"a coordinator deletes the audit trail", model.RoleCoordinator, `DELETE FROM audit`, true},
		{"a viewer changes the settings", model.RoleViewer, `UPDATE settings SET value = '0' WHERE key = 'release_limit'`, true},
		{"HR changes the settings", model.RoleHR, `UPDATE settings SET value = '0' WHERE key = 'release_limit'`, true},
		{"a coordinator changes the settings", model.RoleCoordinator, `UPDATE settings SET value = '2' WHERE key = 'release_limit'`, false},
		{"a viewer writes a lesson", model.RoleViewer, `INSERT INTO lessons (system, what_failed, what_fixed) VALUES ('Epic', 'x', 'y')`, true},
		{"HR writes a lesson", model.RoleHR, `INSERT INTO lessons (system, what_failed, what_fixed) VALUES ('Epic', 'x', 'y')`, true},
		{"a coordinator writes a lesson", model.RoleCoordinator, `INSERT INTO lessons (system, what_failed, what_fixed) VALUES ('Epic', 'x', 'y')`, false},
		{"a viewer renames a trust", model.RoleViewer, `UPDATE organisations SET name = 'x' WHERE code = 'RR8'`, true},
		{"HR adds an employer", model.RoleHR, `INSERT INTO organisations (code, name) VALUES ('ZZ1', 'Employer')`, false},
		{"a coordinator deletes a trust", model.RoleCoordinator, `DELETE FROM organisations WHERE code = 'RR8'`, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			user := fmt.Sprintf("%s_%d_%s", r.db, i, c.role)
			r.OpenAs(t, user, c.role)
			conn, err := pgx.Connect(ctx, r.srv.URLWithPassword(user, r.db))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, c.sql)
			var pe *pgconn.PgError
			if refused := errors.As(err, &pe) && pe.Code == "42501"; refused != c.refused {
				t.Errorf("refused %v (%v), want %v", refused, err, c.refused)
			}
		})
	}
}

// TestImportRefusedNamingRows has HR import a change holding a request they may not write:
// refused, naming it, nothing written; the same rows unchanged beside a new associate pass.
func TestImportRefusedNamingRows(t *testing.T) {
	r, owner := filledRegister(t)
	ctx := context.Background()
	hr := r.OpenAs(t, r.db+"_hr_user", model.RoleHR)
	cur, err := owner.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	changed := cur.Requests[0]
	changed.Title = "Renamed by HR"
	newcomer := model.Associate{StaffID: "00999", Name: "New Person", HomeOrg: "RR8", MaxDays: 30, Active: true}
	err = hr.Apply(ctx, &model.Changeset{Associates: []model.Associate{newcomer}, Requests: []model.Request{changed}})
	wantCode(t, err, model.EFORBIDDEN, "Requests REQ-2027-001", "HR")
	if after, _ := owner.Load(ctx); after.Revision != cur.Revision {
		t.Fatal("a refused import wrote something")
	}
	whole := &model.Changeset{Associates: []model.Associate{newcomer}, Requests: cur.Requests, Roles: cur.Roles, Assignments: cur.Assignments}
	if err := hr.Apply(ctx, whole); err != nil {
		t.Fatalf("an import whose requests are unchanged: %v", err)
	}
}

// TestLiveChanges has one client watch while another confirms: the change arrives, saying
// who did what.
func TestLiveChanges(t *testing.T) {
	r, owner := filledRegister(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan model.Change, 10)
	go owner.Watch(ctx, func(c model.Change) { changes <- c }) //nolint:errcheck // ends with ctx
	time.Sleep(300 * time.Millisecond)                         // listening
	bob := r.OpenAs(t, r.db+"_bob", model.RoleCoordinator)
	d, err := bob.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Assignments[0]
	a.Status = model.Confirmed
	if err := bob.SaveAssignments(ctx, []model.Assignment{a}, d.Versions.Assignments); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-changes:
		if c.User != r.db+"_bob" || c.What != "confirmed 1 assignment(s)" || c.Revision != d.Revision+1 || c.Client == "" {
			t.Errorf("told %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no change was told")
	}
}

// TestMigrationsOnceUnderTheLock opens a new register from several clients at once: each
// migration is applied once, and every client works.
func TestMigrationsOnceUnderTheLock(t *testing.T) {
	srv := pgtest.Shared(t)
	db, owner := srv.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range errs {
		wg.Go(func() {
			s, err := Open(context.Background(), srv.URLWithPassword(owner, db), Options{})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(model.ErrorDetail(err))
		}
	}
	conn, err := pgx.Connect(context.Background(), srv.URLWithPassword(owner, db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(migrationNames()) {
		t.Errorf("%d migrations recorded (%v), want %d", n, err, len(migrationNames()))
	}
}

// TestPasswordSources connects with the password from each place it may come from, and
// says in plain words, without the password, when it is wrong.
func TestPasswordSources(t *testing.T) {
	srv := pgtest.Shared(t)
	db, owner := srv.NewDatabase(t)
	location := srv.URL(owner, db)
	pgpass := filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(pgpass, []byte(fmt.Sprintf("localhost:%d:%s:%s:%s\n", srv.Port, db, owner, srv.Password)), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		env    map[string]string
		prompt string
		ok     bool
	}{
		{"PGPASSWORD", map[string]string{"PGPASSWORD": srv.Password}, "", true},
		{"~/.pgpass", map[string]string{"PGPASSFILE": pgpass}, "", true},
		{"a prompt", nil, srv.Password, true},
		{"a wrong prompt", nil, "not-the-password", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("PGPASSWORD", "")
			t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			opt := Options{}
			if c.prompt != "" {
				opt.Password = func(string) (string, error) { return c.prompt, nil }
			}
			s, err := Open(context.Background(), location, opt)
			if c.ok != (err == nil) {
				t.Fatalf("ok %v, want %v: %v", err == nil, c.ok, err)
			}
			if err != nil {
				wantCode(t, err, model.EUNAVAILABLE, "refused user "+owner)
				if strings.Contains(model.ErrorDetail(err), c.prompt) {
					t.Errorf("the password is in %q", model.ErrorDetail(err))
				}
				return
			}
			s.Close()
		})
	}
}

// TestTLSVerified refuses a server whose certificate the client's authority did not sign.
func TestTLSVerified(t *testing.T) {
	srv := pgtest.Shared(t)
	db, owner := srv.NewDatabase(t)
	other := filepath.Join(t.TempDir(), "other-ca.crt")
	if err := os.WriteFile(other, []byte(strings.Repeat("x", 10)), 0o600); err != nil {
		t.Fatal(err)
	}
	location := strings.Replace(srv.URLWithPassword(owner, db), "sslmode=verify-full", "sslmode=verify-full&sslrootcert="+other, 1)
	location = strings.Replace(location, "sslrootcert="+strings.ReplaceAll(srv.CAFile, "/", "%2F"), "", 1)
	if _, err := Open(context.Background(), location, Options{}); err == nil {
		t.Fatal("connected without the server's authority")
	}
	if s, err := Open(context.Background(), srv.URLWithPassword(owner, db), Options{}); err != nil {
		t.Fatalf("over verify-full with the right authority: %v", err)
	} else {
		s.Close()
	}
}

// TestSnapshotAndCopyIn takes a snapshot of a team register and copies it into a new one:
// the data and the audit trail come back equal, and the snapshot says what it is.
func TestSnapshotAndCopyIn(t *testing.T) {
	r, owner := filledRegister(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "snapshot.db")
	if err := owner.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if why, err := SnapshotOf(ctx, path); err != nil || !strings.Contains(why, "snapshot of the team register") || strings.Contains(why, r.srv.Password) {
		t.Errorf("SnapshotOf: %q %v", why, err)
	}
	local, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	again := newTeamRegister(t, nil)
	target := again.OpenAs(t, again.owner)
	if err := target.CopyIn(ctx, path); err != nil {
		t.Fatal(err)
	}
	want, _ := owner.Load(ctx)
	for name, s := range map[string]model.Store{"snapshot": local, "copied in": target} {
		got, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Associates, got.Requests, got.Roles, got.Assignments, got.Settings) !=
			fmt.Sprint(want.Associates, want.Requests, want.Roles, want.Assignments, want.Settings) {
			t.Errorf("%s differs:\n%+v\n%+v", name, got, want)
		}
		wantAudit, _ := owner.Audit(ctx, 0)
		gotAudit, _ := s.Audit(ctx, 0)
		if len(gotAudit) != len(wantAudit) || gotAudit[0].User != wantAudit[0].User {
			t.Errorf("%s: %d audit entries, want %d", name, len(gotAudit), len(wantAudit))
		}
	}
	wantCode(t, target.CopyIn(ctx, path), model.ECONFLICT, "already holds data")
}

// TestRestoreOnlyAloneAndByTheOwner refuses a coordinator's restore, and the owner's while
// another client is connected; alone, the owner restores.
func TestRestoreOnlyAloneAndByTheOwner(t *testing.T) {
	r, owner := filledRegister(t)
	ctx := context.Background()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path := filepath.Join(t.TempDir(), "snapshot.db")
	if err := owner.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	coordinator := r.OpenAs(t, r.db+"_coord", model.RoleCoordinator)
	wantCode(t, restoreErr(coordinator.Restore(ctx, path)), model.EFORBIDDEN, "owner")
	wantCode(t, restoreErr(owner.Restore(ctx, path)), model.ECONFLICT, r.db+"_coord")
	coordinator.Close()
	var err error
	if !pgtest.Wait(10*time.Second, func() bool { _, err = owner.Restore(ctx, path); return err == nil }) { // the server ends the session
		t.Fatal(err)
	}
	entries, _ := owner.Audit(ctx, 1)
	if len(entries) != 1 || entries[0].Change != "restore" {
		t.Errorf("the newest audit entry: %+v", entries)
	}
}

// restoreErr is a restore's error, for wantCode.
func restoreErr(_ model.Restored, err error) error { return err }
