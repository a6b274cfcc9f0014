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

	"associateplanner/app"
	"associateplanner/cli"
	"associateplanner/model"
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
	stdout, stderr := model.TextWriter(os.Stdout), model.TextWriter(os.Stderr)
	g, args, err := cli.ParseGlobal(os.Args[1:])
	if err != nil {
		fmt.Fprintf(stderr, "associate-planner: %v\n\n%s", err, cli.Usage)
		os.Exit(cli.ExitUsage)
	}
	if len(args) == 0 && !g.Help {
		app.Run(g.DB, version(), app.Options{Chosen: g.Chosen, Tour: os.Getenv("ASSOCIATE_PLANNER_TOUR") != ""})
		return
	}
	info, _ := os.Stderr.Stat()
	env := cli.Env{Stdout: stdout, Stderr: stderr, Version: version(),
		Terminal: info != nil && info.Mode()&os.ModeCharDevice != 0}
	os.Exit(cli.Run(context.Background(), g, args, env))
}
