package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestServerOverVerifiedTLS connects to a new database over TLS that checks the server's
// certificate, and is refused a plain connection that skips the check with a wrong password.
func TestServerOverVerifiedTLS(t *testing.T) {
	s := Shared(t)
	db, owner := s.NewDatabase(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URLWithPassword(owner, db))
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, s.Log())
	}
	defer conn.Close(ctx)
	var ssl bool
	if err := conn.QueryRow(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&ssl); err != nil || !ssl {
		t.Errorf("the connection is not encrypted: %v %v", ssl, err)
	}
	if _, err := pgx.Connect(ctx, s.URL(owner, db)+"&password=wrong"); err == nil {
		t.Error("a wrong password was let in")
	}
}
