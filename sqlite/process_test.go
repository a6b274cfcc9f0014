package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"associateplanner/model"
)

// The tests of several programs on one register run this test binary again as the other
// programs: TestHelperProcess does what AP_HELPER names, on the register AP_REGISTER.

// helpers are the things a second program can be asked to do. Each prints a line per
// change it saw committed, then exits 0; a failure is printed and exits 1.
var helpers = map[string]func(ctx context.Context, path string, args []string) error{
	"open": func(ctx context.Context, path string, _ []string) error {
		r, err := Open(ctx, path, Options{})
		if err == nil {
			err = r.Close()
		}
		return err
	},
	"backup": func(ctx context.Context, path string, args []string) error {
		return withRegister(ctx, path, func(r *Register) error { return r.Backup(ctx, args[0]) })
	},
	"autobackups": func(ctx context.Context, path string, args []string) error {
		return withRegister(ctx, path, func(r *Register) error {
			for {
				if _, err := r.AutoBackup(ctx, "before-test"); err != nil {
					return err
				}
			}
		})
	},
	// write adds associates in small batches, each named PREFIX-N, and prints every batch
	// committed: the test checks that none is lost.
	"write": func(ctx context.Context, path string, args []string) error {
		return withRegister(ctx, path, func(r *Register) error {
			for i := 0; ; i++ {
				id := fmt.Sprintf("%s-%04d", args[0], i)
				a := model.Associate{StaffID: id, Name: "Writer " + id, HomeOrg: "RR8", MaxDays: 30, Active: true}
				if err := r.Apply(ctx, &model.Changeset{Associates: []model.Associate{a}}); err != nil {
					return err
				}
				fmt.Println(id)
			}
		})
	},
}

func withRegister(ctx context.Context, path string, fn func(*Register) error) error {
	r, err := Open(ctx, path, Options{})
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

// TestHelperProcess is not a test of its own: it is the second program of the others.
func TestHelperProcess(t *testing.T) {
	what := os.Getenv("AP_HELPER")
	if what == "" {
		return
	}
	args := strings.Fields(os.Getenv("AP_ARGS"))
	if at, err := time.Parse(time.RFC3339Nano, os.Getenv("AP_AT")); err == nil {
		time.Sleep(time.Until(at)) // programs started together begin together
	}
	if err := helpers[what](context.Background(), os.Getenv("AP_REGISTER"), args); err != nil {
		fmt.Println("error:", model.ErrorDetail(err))
		os.Exit(1)
	}
	os.Exit(0)
}

// program is another program running on a register.
type program struct {
	cmd    *exec.Cmd
	lines  []string      // what it printed, whole once it has exited
	err    error         // how it ended
	exited chan struct{} // closed when it has ended
}

// start runs the helper what on the register at path as another program.
func start(t *testing.T, path, what string, args ...string) *program {
	t.Helper()
	return startAt(t, time.Time{}, path, what, args...)
}

// startAt runs the helper what on the register at path as another program, which begins
// its work at the moment at.
func startAt(t *testing.T, at time.Time, path, what string, args ...string) *program {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "AP_HELPER="+what, "AP_REGISTER="+path, "AP_ARGS="+strings.Join(args, " "),
		"AP_AT="+at.Format(time.RFC3339Nano))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &program{cmd: cmd, exited: make(chan struct{})}
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			p.lines = append(p.lines, lines.Text())
		}
		io.Copy(io.Discard, stdout)
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); <-p.exited })
	return p
}

// wait waits for the program to end and returns what it printed.
func (p *program) wait() ([]string, error) {
	<-p.exited
	return p.lines, p.err
}

// kill kills the program at once, as a power cut or the task manager would, and returns
// what it printed.
func (p *program) kill() []string {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
	return p.lines
}

// killAfter kills the program after d unless it has ended, and reports whether the kill
// landed while it was still working.
func (p *program) killAfter(d time.Duration) bool {
	select {
	case <-p.exited:
		return false
	case <-time.After(d):
		p.kill()
		return p.err != nil && !p.cmd.ProcessState.Success() && p.cmd.ProcessState.ExitCode() == -1
	}
}
