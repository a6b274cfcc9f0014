package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"associateplanner/model"
)

// channel is where a register announces its changes.
const channel = "associate_planner"

// notify announces a change to every client listening; PostgreSQL sends it on commit,
// and never for a change rolled back.
func notify(t *tx, c model.Change) error {
	payload, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = t.Exec(t.ctx, `SELECT pg_notify($1, ($2::jsonb || jsonb_build_object('user', session_user::text))::text)`,
		channel, string(payload))
	return err
}

// Watch calls fn with every change committed by any other client until ctx ends or the
// connection is lost; it holds a connection of its own.
func (s *Store) Watch(ctx context.Context, fn func(model.Change)) error {
	conn, err := pgx.ConnectConfig(ctx, s.cfg.ConnConfig)
	if err != nil {
		return s.storeErr(err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return s.storeErr(err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return s.storeErr(err)
		}
		var c model.Change
		if json.Unmarshal([]byte(n.Payload), &c) == nil && c.Client != s.app {
			fn(c)
		}
	}
}

// Access says what the person logged in may do: the owner everything, the others what
// their roles give.
func (s *Store) Access(ctx context.Context) (model.Access, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access != nil {
		return *s.access, nil
	}
	var owner, viewer, coordinator, hr bool
	err := s.pool.QueryRow(ctx, `SELECT pg_has_role(current_user, d.datdba, 'MEMBER'),
		pg_has_role(current_user, team_role('viewer'), 'MEMBER'), pg_has_role(current_user, team_role('coordinator'), 'MEMBER'),
		pg_has_role(current_user, team_role('hr'), 'MEMBER')
		FROM pg_database d WHERE d.datname = current_database()`).Scan(&owner, &viewer, &coordinator, &hr)
	if err != nil {
		return model.Access{}, s.storeErr(err)
	}
	a := model.Access{}
	for _, r := range []struct {
		held bool
		role model.TeamRole
	}{{owner, model.RoleOwner}, {coordinator, model.RoleCoordinator}, {hr, model.RoleHR}, {viewer && !coordinator && !hr, model.RoleViewer}} {
		if r.held && (r.role == model.RoleOwner || !owner) {
			a.Roles = append(a.Roles, r.role)
		}
	}
	s.access = &a
	return a, nil
}

// Grant gives a database user a role on the register, besides any they hold, as the
// register's owner. The user must exist: the server's administrator
// makes logins.
func (s *Store) Grant(ctx context.Context, user string, role model.TeamRole) error {
	access, err := s.Access(ctx)
	if err != nil {
		return err
	}
	if err := access.Allows(model.ActionGrant); err != nil {
		return err
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)`, user).Scan(&exists); err != nil {
		return s.storeErr(err)
	}
	if !exists {
		return model.Errorf(model.ENOTFOUND, "the server has no login %q: its administrator makes one first (CREATE ROLE %s LOGIN)", user, user)
	}
	var name string
	if err := s.pool.QueryRow(ctx, `SELECT team_role($1)`, string(role)).Scan(&name); err != nil {
		return s.storeErr(err)
	}
	_, err = s.pool.Exec(ctx, fmt.Sprintf("GRANT %s TO %s", pgx.Identifier{name}.Sanitize(), pgx.Identifier{user}.Sanitize()))
	return s.storeErr(err)
}

var _ model.Team = (*Store)(nil)
