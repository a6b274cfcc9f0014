package postgres

import (
	"context"
	"fmt"
	"os"
	"testing"

	"associateplanner/model"
	"associateplanner/pgtest"
	"associateplanner/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// teamRegister is a new database on the shared test server, set up by its owner; each Open
// is another person's client, holding the coordinator and HR roles.
type teamRegister struct {
	srv   *pgtest.Server
	db    string
	owner string
	clock model.Clock
}

func newTeamRegister(t testing.TB, clock model.Clock) *teamRegister {
	t.Helper()
	srv := pgtest.Shared(t)
	db, owner := srv.NewDatabase(t)
	r := &teamRegister{srv: srv, db: db, owner: owner, clock: clock}
	s, err := Open(context.Background(), srv.URLWithPassword(owner, db), Options{Clock: clock}) // sets the register up
	if err != nil {
		t.Fatal(model.ErrorDetail(err))
	}
	s.Close()
	return r
}

// Open connects as user, who is made a coordinator and HR first if they are not the owner.
func (r *teamRegister) Open(t *testing.T, user string) model.Store {
	t.Helper()
	return r.OpenAs(t, user, model.RoleCoordinator, model.RoleHR)
}

// Owner connects as the register's owner.
func (r *teamRegister) Owner(t *testing.T) model.Store { return r.OpenAs(t, r.owner) }

// OpenAs connects as user holding roles.
func (r *teamRegister) OpenAs(t *testing.T, user string, roles ...model.TeamRole) *Store {
	t.Helper()
	ctx := context.Background()
	if user != r.owner {
		if err := r.srv.CreateUser(ctx, user); err != nil {
			t.Fatal(err)
		}
		for _, role := range roles {
			if err := r.srv.Exec(ctx, r.db, fmt.Sprintf(`GRANT %s_%s TO %s`, r.db, role, user)); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, err := Open(ctx, r.srv.URLWithPassword(user, r.db), Options{Clock: r.clock})
	if err != nil {
		t.Fatalf("open as %s: %v", user, model.ErrorDetail(err))
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the suite every store must pass on team registers: each a new
// database, each client its own connections as its own database user.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock model.Clock) storetest.Register { return newTeamRegister(t, clock) })
}
