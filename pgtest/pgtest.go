// Package pgtest starts a throwaway PostgreSQL server for tests: initdb into a temporary
// folder, pg_ctl start on a free port of the loopback address, TLS with a certificate
// authority made for it, and everything removed afterwards. initdb and the server refuse
// to run as root, so a root test process (as CI is) runs them as the unprivileged system
// user "postgres" that Debian's postgresql package creates, or "nobody".
package pgtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is one running throwaway server.
type Server struct {
	dir      string // holds the data folder, the socket, the certificates
	bin      string // the PostgreSQL binaries
	Port     int
	Password string // of the superuser and of every user made here
	CAFile   string // the certificate authority that signed the server's certificate
	owner    *user.User
	next     atomic.Int64
}

// Superuser is the name of the server's superuser.
const Superuser = "pgtest"

// Start initialises and starts a new server. Stop it when done.
func Start() (*Server, error) {
	bin, err := binaries()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, Password: strings.ToLower(rand.Text())}
	if s.dir, err = os.MkdirTemp("", "pgtest-"); err != nil {
		return nil, err
	}
	if err := s.start(); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

func (s *Server) start() error {
	var err error
	if s.owner, err = serverUser(); err != nil {
		return err
	}
	if s.Port, err = freePort(); err != nil {
		return err
	}
	if err := s.chown(s.dir); err != nil {
		return err
	}
	pwfile := filepath.Join(s.dir, "pw")
	if err := s.writeOwned(pwfile, s.Password+"\n", 0o600); err != nil {
		return err
	}
	data := filepath.Join(s.dir, "data")
	if err := s.run("initdb", "-D", data, "-U", Superuser, "--pwfile", pwfile, "--auth", "scram-sha-256",
		"-E", "UTF8", "--locale", "C", "--no-sync"); err != nil {
		return err
	}
	if err := s.makeCertificates(data); err != nil {
		return err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c ssl=on -c fsync=off -c synchronous_commit=off "+
		"-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB", s.Port, s.dir)
	return s.run("pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", filepath.Join(s.dir, "server.log"), "-o", opts)
}

// Stop stops the server at once and removes its folder.
func (s *Server) Stop() error {
	var err error
	if _, statErr := os.Stat(filepath.Join(s.dir, "data", "postmaster.pid")); statErr == nil {
		err = s.run("pg_ctl", "stop", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w")
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}

// DatabaseFiles returns the folder that holds database db's tables, after a checkpoint (as
// the superuser) has written to them what the server held in memory: what an erasure must
// leave no trace in.
func (s *Server) DatabaseFiles(ctx context.Context, db string) (string, error) {
	conn, err := pgx.Connect(ctx, s.URLWithPassword(Superuser, db))
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var oid uint32
	if _, err := conn.Exec(ctx, `CHECKPOINT`); err != nil {
		return "", err
	}
	if err := conn.QueryRow(ctx, `SELECT oid FROM pg_database WHERE datname = $1`, db).Scan(&oid); err != nil {
		return "", err
	}
	return filepath.Join(s.dir, "data", "base", strconv.FormatUint(uint64(oid), 10)), nil
}

// Log returns what the server has logged, to explain a failure.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	return string(b)
}

// binaries finds the newest installed PostgreSQL's programs.
func binaries() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(a) - version(b) })
	if len(dirs) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", errors.New("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
	}
	return dirs[len(dirs)-1], nil
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// serverUser is who runs the server: the test's own user, or an unprivileged one for root.
func serverUser() (*user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return u, nil
		}
	}
	return nil, errors.New("running as root, and there is no unprivileged user postgres or nobody to run PostgreSQL")
}

// run runs one of PostgreSQL's programs as the server's user.
func (s *Server) run(program string, args ...string) error {
	path := filepath.Join(s.bin, program)
	if s.owner != nil {
		args = append([]string{"-u", s.owner.Username, "--", path}, args...)
		path = "runuser"
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", program, err, out)
	}
	return nil
}

// chown gives path to the server's user.
func (s *Server) chown(path string) error {
	if s.owner == nil {
		return nil
	}
	uid, _ := strconv.Atoi(s.owner.Uid)
	gid, _ := strconv.Atoi(s.owner.Gid)
	return os.Chown(path, uid, gid)
}

// writeOwned writes a file the server's user owns.
func (s *Server) writeOwned(path, content string, mode os.FileMode) error {
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		return err
	}
	return s.chown(path)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// URL returns the address that connects user to database db over TLS, checking the
// server's certificate against the test's authority (sslmode=verify-full), with no password
// in it: the caller gives one through the environment, a password file or a prompt.
func (s *Server) URL(user, db string) string {
	u := url.URL{Scheme: "postgres", User: url.User(user), Host: fmt.Sprintf("localhost:%d", s.Port), Path: "/" + db,
		RawQuery: url.Values{"sslmode": {"verify-full"}, "sslrootcert": {s.CAFile}}.Encode()}
	return u.String()
}

// URLWithPassword is URL with the password in it, for the tests' own connections.
func (s *Server) URLWithPassword(user, db string) string {
	u, _ := url.Parse(s.URL(user, db))
	u.User = url.UserPassword(user, s.Password)
	return u.String()
}

// Exec runs statements as the superuser on database db.
func (s *Server) Exec(ctx context.Context, db, sql string, args ...any) error {
	conn, err := pgx.Connect(ctx, s.URLWithPassword(Superuser, db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// CreateUser makes a login user with the server's password, if it is not there yet.
// Users belong to the whole server: every database sees them.
func (s *Server) CreateUser(ctx context.Context, name string, attrs ...string) error {
	sql := fmt.Sprintf(`DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) THEN
			CREATE ROLE %s LOGIN PASSWORD %s %s;
		END IF; END $$`, quoteLiteral(name), pgx.Identifier{name}.Sanitize(), quoteLiteral(s.Password), strings.Join(attrs, " "))
	return s.Exec(ctx, "postgres", sql)
}

// NewDatabase makes an empty database owned by a new user who may create roles, as the
// owner of a team register is; it returns the database's and the owner's name. The
// database is dropped when the test ends.
func (s *Server) NewDatabase(t testing.TB) (db, owner string) {
	t.Helper()
	ctx := context.Background()
	n := s.next.Add(1)
	db, owner = fmt.Sprintf("register_%d", n), fmt.Sprintf("owner_%d", n)
	if err := s.CreateUser(ctx, owner, "CREATEROLE"); err != nil {
		t.Fatal(err)
	}
	if err := s.Exec(ctx, "postgres", fmt.Sprintf(`CREATE DATABASE %s OWNER %s`, db, owner)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		err := s.Exec(ctx, "postgres", fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, db))
		if err != nil {
			t.Logf("drop %s: %v", db, err)
		}
	})
	return db, owner
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
)

// Shared returns the server the tests of this process share, starting it the first time.
// Main stops it.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start() })
	if sharedErr != nil {
		t.Fatalf("start PostgreSQL: %v", sharedErr)
	}
	return shared
}

// Main runs a package's tests and then stops the shared server, if they started it: call
// it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}

// Wait polls cond until it holds or d passes, and reports whether it held.
func Wait(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}
