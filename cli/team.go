package cli

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/term"

	"associateplanner/actions"
)

// runTeam is `team grant USER ROLE`: the team register's owner gives a database user a
// role (viewer, coordinator or hr).
func runTeam(ctx context.Context, c *call) error {
	if c.args[0] != "grant" {
		return fmt.Errorf("team grant USER ROLE, not team %s: %w", c.args[0], errUsage)
	}
	user, role := c.args[1], c.args[2]
	if err := c.desk.Grant(ctx, user, role); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s may now work on %s as %s\n", user, c.db, role)
	return nil
}

// passwordPrompt asks for a team register's password on the terminal, without echoing
// it, when neither the address, PGPASSWORD nor ~/.pgpass gave one; piped, it gives up,
// so that scripts fail at once instead of waiting.
func passwordPrompt(env Env) func(location string) (string, error) {
	return func(location string) (string, error) {
		fd := int(os.Stdin.Fd())
		if !env.Terminal || !term.IsTerminal(fd) {
			return "", fmt.Errorf("the team register %s needs a password: set PGPASSWORD or put it in ~/.pgpass", location)
		}
		fmt.Fprintf(env.Stderr, "Password for %s: ", location)
		pw, err := term.ReadPassword(fd)
		fmt.Fprintln(env.Stderr)
		return string(pw), err
	}
}

// teamOptions are the desk's options for a command: the password is asked for if needed.
func teamOptions(env Env) actions.Options {
	return actions.Options{Clock: env.Clock, Log: env.Log, Password: passwordPrompt(env)}
}
