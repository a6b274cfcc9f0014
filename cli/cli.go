// Package cli is the associate-planner command line of cli.md. It does the same work as
// the desktop app by calling the same packages; it adds only argument parsing and output.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"associateplanner/actions"
	"associateplanner/model"
)

// Exit statuses of cli.md.
const (
	ExitOK      = 0
	ExitRefused = 1 // the input was refused; nothing was changed
	ExitUsage   = 2
)

// Env is what a command may touch besides the register.
type Env struct {
	Stdout, Stderr io.Writer
	Version        string       // "0.1.0 (commit abc1234)"
	Clock          model.Clock  // nil is the real clock
	Terminal       bool         // stderr is a terminal: show progress
	Log            *slog.Logger // where internal faults are recorded; nil discards
}

// Global holds the options that come before the command.
type Global struct {
	DB     string // the register's path
	Chosen bool   // DB was named by --db or $ASSOCIATE_PLANNER_DB, not defaulted
	Help   bool
}

// DefaultDB returns the register path when --db is not given: $ASSOCIATE_PLANNER_DB, else
// register.db in the user's configuration folder.
func DefaultDB() string {
	if p := os.Getenv("ASSOCIATE_PLANNER_DB"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "associate-planner", "register.db")
}

// ParseGlobal reads --db PATH (or --db=PATH) and --help from the front of args and returns
// the rest: the command and its arguments.
func ParseGlobal(args []string) (Global, []string, error) {
	g := Global{DB: DefaultDB(), Chosen: os.Getenv("ASSOCIATE_PLANNER_DB") != ""}
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--db" || a == "-db":
			if len(args) < 2 {
				return g, nil, errors.New("--db needs a path")
			}
			g.DB, g.Chosen, args = args[1], true, args[2:]
		case strings.HasPrefix(a, "--db="):
			g.DB, g.Chosen, args = strings.TrimPrefix(a, "--db="), true, args[1:]
		case a == "-h" || a == "--help" || a == "help":
			g.Help, args = true, args[1:]
		case strings.HasPrefix(a, "-"):
			return g, nil, fmt.Errorf("unknown option %s", a)
		default:
			return g, args, nil
		}
	}
	return g, nil, nil
}

// Usage is the help text of cli.md.
const Usage = `associate-planner [--db PATH] [COMMAND] [ARGS]

  (none)                          open the desktop app
  demo                            fill an empty register with a realistic demo data set
  import FILE [--dry-run]         import a roster workbook (.xlsx) or an ODS etr.csv
  plan [--commit] [--json]        plan every open request; print a summary per request;
                                  --commit saves the proposals (commitments are kept)
  letters --out DIR [--request REF] [--status LIST] [--combined] [--force]
          [--template FILE]       one PDF secondment agreement per assignment
                                  (default statuses: Proposed,Confirmed); --combined adds
                                  one PDF per request; --force replaces existing letters;
                                  --template words them from FILE (see README)
  export roster|plan|template|audit FILE.xlsx
                                  roster: the whole register as a roster workbook
                                  plan: assignments, unfilled seats with reasons,
                                        utilisation and budget
                                  template: empty workbook with headers, drop-down lists
                                        and notes for HR to fill in
                                  audit: every change, who made it, before and after
  backup FILE                     a consistent copy of the register (also made
                                  automatically before every import and plan commit)
  restore FILE                    check a backup and put it in the register's place
                                  (the register as it was is kept in backups/)
  subject-access STAFF-ID FILE.json
                                  everything held on one associate (UK GDPR)
  erase STAFF-ID                  anonymise an associate; their past assignments stay
                                  as counts, days and spend
  team grant USER ROLE            on a team register (--db postgres://…), its owner
                                  gives a database user a role: viewer, coordinator or hr
  copy --to postgres://…          move the register (--db FILE) into an empty team
                                  register, its audit trail included
  copy --from postgres://…        take a read-only snapshot of a team register into a
                                  new file (--db FILE), for work offline
  version

A Staff ID or file name that starts with "--" goes after "--": erase -- --odd-id

--db defaults to $ASSOCIATE_PLANNER_DB, else register.db in your configuration folder.
A team register is --db postgres://USER@HOST:5432/DB?sslmode=verify-full; its password
comes from PGPASSWORD, ~/.pgpass or, on a terminal, a prompt.
Exit status: 0 done; 1 the input was refused (nothing was changed); 2 wrong usage.
`

// command is one subcommand: how many positional arguments it takes, which flags, and
// whether it needs the register open.
type command struct {
	args     int
	flags    []string // options on their own: --dry-run
	values   []string // options with a value: --out DIR or --out=DIR
	register bool
	run      func(ctx context.Context, c *call) error
}

var commands = map[string]command{
	"version":        {run: runVersion},
	"demo":           {register: true, run: runDemo},
	"import":         {args: 1, flags: []string{"--dry-run"}, register: true, run: runImport},
	"export":         {args: 2, register: true, run: runExport},
	"plan":           {flags: []string{"--commit", "--json"}, register: true, run: runPlan},
	"backup":         {args: 1, register: true, run: runBackup},
	"subject-access": {args: 2, register: true, run: runSubjectAccess},
	"erase":          {args: 1, register: true, run: runErase},
	"restore":        {args: 1, run: runRestore}, // not opened first: a damaged register can be restored
	"letters":        {flags: []string{"--force", "--combined"}, values: []string{"--out", "--request", "--status", "--template"}, register: true, run: runLetters},
	"team":           {args: 3, register: true, run: runTeam},
	"copy":           {values: []string{"--to", "--from"}, run: runCopy}, // copy.go
}

// call is one run of a command.
type call struct {
	env    Env
	db     string
	desk   *actions.Desk
	args   []string
	flags  map[string]bool
	values map[string]string
}

// Run runs the command in args against the register at g.DB and returns the exit status.
func Run(ctx context.Context, g Global, args []string, env Env) int {
	if g.Help || len(args) == 0 {
		fmt.Fprint(env.Stdout, Usage)
		return ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return usageError(env, "unknown command %q", args[0])
	}
	c := &call{env: env, db: actions.ShownLocation(g.DB), flags: map[string]bool{}, values: map[string]string{}} // never a password
	if err := c.parse(args[0], cmd, args[1:]); err != nil {
		return usageError(env, "%v", err)
	}
	if len(c.args) != cmd.args {
		return usageError(env, "%s takes %d argument(s), not %d", args[0], cmd.args, len(c.args))
	}
	if cmd.register {
		desk, err := actions.Open(ctx, g.DB, teamOptions(env)) // asks for a team register's password
		if err != nil {
			return fail(env, err)
		}
		defer desk.Close()
		c.desk = desk
	}
	if err := cmd.run(ctx, c); err != nil {
		return fail(env, err)
	}
	return ExitOK
}

// parse sorts a command's arguments into positional ones, flags and valued options.
func (c *call) parse(name string, cmd command, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" { // what follows is positional, even a Staff ID that starts with "--"
			c.args = append(c.args, args[i+1:]...)
			return nil
		}
		if !strings.HasPrefix(a, "--") {
			c.args = append(c.args, a)
			continue
		}
		key, value, hasValue := strings.Cut(a, "=")
		switch {
		case slices.Contains(cmd.flags, a):
			c.flags[a] = true
		case slices.Contains(cmd.values, key) && hasValue:
			c.values[key] = value
		case slices.Contains(cmd.values, key) && i+1 < len(args):
			c.values[key] = args[i+1]
			i++
		case slices.Contains(cmd.values, key):
			return fmt.Errorf("%s needs a value", key)
		default:
			return fmt.Errorf("%s does not take %s", name, a)
		}
	}
	return nil
}

func usageError(env Env, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "associate-planner: "+format+"\n\n%s", append(args, Usage)...)
	return ExitUsage
}

var errUsage = errors.New("usage")

// fail prints err in plain words and returns its exit status.
func fail(env Env, err error) int {
	if errors.Is(err, errUsage) {
		return usageError(env, "%s", strings.TrimSuffix(err.Error(), ": usage"))
	}
	fmt.Fprintln(env.Stderr, "associate-planner: "+model.ErrorMessage(err))
	return ExitRefused
}

// progress returns a reporter that redraws one line on a terminal and is silent when piped.
func (c *call) progress() func(stage string, done, total int) {
	if !c.env.Terminal {
		return nil
	}
	return func(stage string, done, total int) {
		fmt.Fprintf(c.env.Stderr, "\r\033[K%s… (%d/%d)", stage, done+1, total)
	}
}

// endProgress clears the progress line.
func (c *call) endProgress() {
	if c.env.Terminal {
		fmt.Fprint(c.env.Stderr, "\r\033[K")
	}
}
