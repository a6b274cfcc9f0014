// Package postgres keeps a team register in a PostgreSQL database, shared by the whole
// central team: the schema and its migrations, every read and write of model.Store, the
// roles the database enforces, live changes (LISTEN/NOTIFY), and copies to and from a
// local SQLite register.
package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"associateplanner/model"
)

// Store is one client's connection to a team register.
type Store struct {
	pool     *pgxpool.Pool
	cfg      *pgxpool.Config
	location string // the address without its password, for people and logs
	app      string // this client's application_name: its connections among the server's
	opt      Options

	mu     sync.Mutex
	access *model.Access // as read when first needed
}

// Options change how a team register is opened; the zero value suits the program.
type Options struct {
	Clock model.Clock // dates the audit trail; nil is the real clock
	// Password is asked for when the server wants one that neither the address, the
	// environment (PGPASSWORD) nor ~/.pgpass gave; nil gives up.
	Password func(location string) (string, error)
}

// IsLocation reports whether a register's location names a team register.
func IsLocation(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns a location without its password, to show or log.
func Redact(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return "a team register (its address could not be read)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Open connects to the team register at location (postgres://user@host:5432/db?sslmode=
// verify-full) and brings its schema up to date under an advisory lock, so that two
// clients upgrading at once do it once.
func Open(ctx context.Context, location string, opt Options) (*Store, error) {
	s, err := connect(ctx, location, opt)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, s.storeErr(err)
	}
	return s, nil
}

func connect(ctx context.Context, location string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(location)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "%s is not the address of a team register: %v", Redact(location), cleanParseErr(err))
	}
	s := &Store{cfg: cfg, location: Redact(location), opt: opt, app: "associate-planner " + strings.ToLower(rand.Text()[:8])}
	cfg.ConnConfig.RuntimeParams["application_name"] = s.app
	cfg.MaxConns = 6
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	if err := s.open(ctx); err != nil {
		if !needsPassword(err) || opt.Password == nil || cfg.ConnConfig.Password != "" {
			return nil, s.storeErr(err)
		}
		pw, perr := opt.Password(s.location)
		if perr != nil {
			return nil, perr
		}
		cfg.ConnConfig.Password = pw
		if err := s.open(ctx); err != nil {
			return nil, s.storeErr(err)
		}
	}
	return s, nil
}

// open makes the pool and proves it can connect.
func (s *Store) open(ctx context.Context) error {
	pool, err := pgxpool.NewWithConfig(ctx, s.cfg)
	if err != nil {
		return err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return err
	}
	s.pool = pool
	return nil
}

// needsPassword reports whether the server refused for want of a (right) password.
func needsPassword(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "28P01" {
		return true
	}
	return err != nil && strings.Contains(err.Error(), "password")
}

// cleanParseErr drops the address (which may hold a password) from pgx's parse errors.
func cleanParseErr(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return pe.Unwrap().Error()
	}
	return "it is not a postgres:// address"
}

// Location names the register for people: its address, without a password.
func (s *Store) Location() string { return s.location }

// Close disconnects.
func (s *Store) Close() error {
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}

// tx is one write transaction, with the time the audit trail records for it.
type tx struct {
	pgx.Tx
	ctx context.Context
	at  string
}

// maxTries is how often a write is tried when PostgreSQL cannot serialise it with another.
const maxTries = 8

// inTx runs fn in one SERIALIZABLE write transaction, retried (from the start, fn
// included) when PostgreSQL reports a serialisation failure or a deadlock, so that people
// never see either. Writers queue on the register's revision row first: the lock is taken
// before the transaction's snapshot, so each sees the one before it whole. The revision
// moves on and the change is announced (NOTIFY, sent on commit) with what says what.
func (s *Store) inTx(ctx context.Context, what string, fn func(*tx) error) error {
	var err error
	for try := range maxTries {
		if err = s.tryTx(ctx, what, fn); !retryable(err) {
			return s.storeErr(err)
		}
		time.Sleep(time.Duration(try+1) * 20 * time.Millisecond)
	}
	return s.storeErr(err)
}

func (s *Store) tryTx(ctx context.Context, what string, fn func(*tx) error) error {
	pt, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable})
	if err != nil {
		return err
	}
	t := &tx{Tx: pt, ctx: ctx, at: s.opt.Clock.Now().UTC().Format(model.AuditTime)}
	err = s.writeIn(t, what, fn)
	if err != nil {
		return errors.Join(err, pt.Rollback(context.WithoutCancel(ctx)))
	}
	return pt.Commit(ctx)
}

func (s *Store) writeIn(t *tx, what string, fn func(*tx) error) error {
	if _, err := t.Exec(t.ctx, `LOCK TABLE register_info IN EXCLUSIVE MODE`); err != nil {
		return err
	}
	if _, err := t.Exec(t.ctx, `SELECT set_config('ap.at', $1, true)`, t.at); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	var rev int64
	if err := t.QueryRow(t.ctx, `UPDATE register_info SET revision = revision + 1 RETURNING revision`).Scan(&rev); err != nil {
		return err
	}
	return notify(t, model.Change{Revision: rev, At: t.at, What: what, Client: s.app})
}

// retryable reports whether a transaction failed only for its timing against another.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// IsEmpty reports whether the register holds no organisations, associates or requests.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var any bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM associates)
		OR EXISTS (SELECT 1 FROM requests)`).Scan(&any)
	return !any, s.storeErr(err)
}

// user is who is logged in, as the audit trail records them.
func (s *Store) user() string { return s.cfg.ConnConfig.User }

func (s *Store) String() string { return fmt.Sprintf("team register %s", s.location) }
