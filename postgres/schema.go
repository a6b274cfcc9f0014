package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"associateplanner/model"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock that migrations hold: "APla".
const migrationLock = 0x41506c61

func migrationNames() []string {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	return names
}

// migrate brings the schema up to date, each migration in its own transaction, holding
// the advisory lock throughout: a second client upgrading at once waits, then finds the
// work done.
func (s *Store) migrate(ctx context.Context) error {
	known := migrationNames()
	if applied, err := appliedMigrations(ctx, s.pool); err == nil && slices.Equal(applied, known) {
		return nil // up to date: no lock needed
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck // the session's end frees it anyway
	applied, err := s.checkSchema(ctx, conn, known)
	if err != nil {
		return err
	}
	for _, name := range known[len(applied):] {
		if err := s.apply(ctx, conn, name); err != nil {
			return err
		}
	}
	return nil
}

// checkSchema returns the migrations applied, refusing a database that holds another
// program's tables or a newer version's schema.
func (s *Store) checkSchema(ctx context.Context, conn *pgxpool.Conn, known []string) ([]string, error) {
	applied, err := appliedMigrations(ctx, conn)
	if err != nil {
		return nil, err
	}
	if len(applied) == 0 {
		var tables int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
			return nil, err
		}
		if tables > 0 {
			return nil, model.Errorf(model.EINVALID, "%s holds another program's tables: it is not an Associate Planner team register, and nothing was changed in it", s.location)
		}
	}
	for i, name := range applied {
		if i >= len(known) || name != known[i] {
			return nil, model.Errorf(model.EINVALID, "the team register %s was set up by a newer version of Associate Planner (schema %d; this version reads up to %d): use that version",
				s.location, len(applied), len(known))
		}
	}
	return applied, nil
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// appliedMigrations lists the migrations the register has had; none for a new database.
func appliedMigrations(ctx context.Context, q querier) ([]string, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('public.schema_migrations') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// apply runs one migration and records it, in one transaction.
func (s *Store) apply(ctx context.Context, conn *pgxpool.Conn, name string) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, conn, func(t pgx.Tx) error {
		if _, err := t.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY)`); err != nil {
			return err
		}
		if _, err := t.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		_, err := t.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name)
		return err
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42501" || pe.Code == "42P07" && name == migrationNames()[0]) {
		return &model.Error{Code: model.EUNAVAILABLE, Err: err, Message: fmt.Sprintf(
			"The team register %s is not set up for this version yet, and you may not set it up: its owner must open it once with this version first.", s.location)}
	}
	return err
}
