package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"associateplanner/model"
)

// storeErr turns what PostgreSQL and the network report into an *model.Error in words a
// coordinator can act on, keeping the fault (never a password: pgx's errors name the host
// and user only) for the log. Other faults are returned as they are: internal.
func (s *Store) storeErr(err error) error {
	var known *model.Error
	if err == nil || errors.As(err, &known) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	code, message := s.plainWords(err)
	if message == "" {
		return err
	}
	return &model.Error{Code: code, Message: message, Err: err}
}

func (s *Store) plainWords(err error) (string, string) {
	host := fmt.Sprintf("%s:%d", s.cfg.ConnConfig.Host, s.cfg.ConnConfig.Port)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "42501": // insufficient_privilege
			return model.EFORBIDDEN, "Your role on the team register does not allow this, so nothing was changed (" + pe.Message +
				"). The register's owner grants roles: associate-planner team grant USER ROLE."
		case pe.Code == "28P01" || pe.Code == "28000":
			return model.EUNAVAILABLE, fmt.Sprintf("The team register at %s refused user %s: check the user name and password.",
				host, s.cfg.ConnConfig.User)
		case pe.Code == "3D000":
			return model.EUNAVAILABLE, fmt.Sprintf("The team register at %s has no database %q: check the address.", host, s.cfg.ConnConfig.Database)
		case pe.Code == "53100":
			return model.EUNAVAILABLE, "The team register's disk is full: nothing was changed. Tell the register's owner."
		case pe.Code == "57P01" || pe.Code == "57P03" || pe.Code == "53300":
			return model.EUNAVAILABLE, fmt.Sprintf("The team register at %s is not taking connections now (restarting or full): nothing was changed. Try again in a moment.", host)
		case pe.Code == "40001" || pe.Code == "40P01":
			return model.EUNAVAILABLE, "The team register was too busy with other people's changes, so nothing was changed. Try again in a moment."
		}
		return "", ""
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce) && isTLS(err):
		return model.EUNAVAILABLE, fmt.Sprintf("The team register at %s could not prove who it is (its certificate was not trusted): nothing was sent. "+
			"Check the address, and sslrootcert for your organisation's certificate authority.", host)
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err):
		return model.EUNAVAILABLE, fmt.Sprintf("The team register could not be reached at %s: check the address and that you are on the network.", host)
	}
	return "", ""
}

func isTLS(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if s := fmt.Sprintf("%T", e); s == "x509.UnknownAuthorityError" || s == "x509.HostnameError" || s == "*tls.CertificateVerificationError" {
			return true
		}
	}
	return false
}
