// Command associate-planner keeps the register of NHS associates, plans them onto support
// requests and prints their secondment agreements. With no command it opens the desktop
// app; the commands of cli.md do the same work from a terminal.
package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"regexp"

	"associateplanner/actions"
	"associateplanner/app"
	"associateplanner/cli"
	"associateplanner/logfile"
	"associateplanner/platform"
)

//go:embed FyneApp.toml
var fyneApp string

// commit is set at build time: -ldflags "-X main.commit=abc1234".
var commit = "unknown"

func version() string {
	v := "0.0.0"
	if m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneApp); m != nil {
		v = m[1]
	}
	return fmt.Sprintf("%s (commit %s)", v, commit)
}

func main() {
	stdout, stderr := platform.TextWriter(os.Stdout), platform.TextWriter(os.Stderr)
	g, args, err := cli.ParseGlobal(os.Args[1:])
	if err != nil {
		fmt.Fprintf(stderr, "associate-planner: %v\n\n%s", err, cli.Usage)
		os.Exit(cli.ExitUsage)
	}
	logs := logfile.New(actions.LogFolder(g.DB)) // a team register's log goes to the user's own folder
	log := logfile.Logger(logs)
	if len(args) == 0 && !g.Help {
		app.Run(g.DB, version(), app.Options{Chosen: g.Chosen, Log: log})
		logs.Close()
		return
	}
	info, _ := os.Stderr.Stat()
	env := cli.Env{Stdout: stdout, Stderr: stderr, Version: version(), Log: log,
		Terminal: info != nil && info.Mode()&os.ModeCharDevice != 0}
	code := cli.Run(context.Background(), g, args, env)
	logs.Close()
	os.Exit(code)
}
