package letters

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// childEnv, set in a child process, says what it does: "full DIR" or "slow DIR".
const childEnv = "LETTERS_CHILD"

// many is the test register with n letters, for n associates on its one role.
func many(n int) *model.Data {
	d := register()
	d.Associates, d.Assignments = d.Associates[:1], nil
	d.Roles[0].Headcount = n
	for i := range n {
		id := fmt.Sprintf("%05d", 1000+i)
		d.Associates = append(d.Associates, model.Associate{StaffID: id, Name: "Sam Jones", HomeOrg: "RR8", MaxDays: 30, Active: true})
		d.Assignments = append(d.Assignments, model.Assignment{RequestRef: "REQ-2027-014", Role: d.Roles[0].Name, StaffID: id,
			Period: d.Roles[0].Period, Status: model.Confirmed})
	}
	return d
}

// visible lists the files in dir a user sees, and the hidden ones separately.
func visible(t *testing.T, dir string) (shown, hidden []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			hidden = append(hidden, e.Name())
		} else {
			shown = append(shown, e.Name())
		}
	}
	return shown, hidden
}

// TestFullDiskWritesNoLetters writes 40 letters onto a 256 KB disk (a tmpfs in a mount
// namespace of a child process): the batch fails saying the disk is full, leaves no letter
// and no temporary file, and two letters then write without --force.
func TestFullDiskWritesNoLetters(t *testing.T) {
	if mode, dir, _ := strings.Cut(os.Getenv(childEnv), " "); mode == "full" {
		fullDiskChild(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command("unshare", "-rm", "sh", "-c", `mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@"`,
		dir, os.Args[0], "-test.run=^TestFullDiskWritesNoLetters$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=full "+dir)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child on a small disk (unshare is util-linux's): %v\n%s", err, out)
	}
}

func fullDiskChild(t *testing.T, dir string) {
	_, err := WriteAll(many(40), Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses})
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "the disk is full") ||
		!strings.Contains(err.Error(), "no letters were written") {
		t.Fatalf("40 letters on a 256 KB disk: %v", err)
	}
	if shown, hidden := visible(t, dir); len(shown)+len(hidden) > 0 {
		t.Fatalf("a failed batch left %v and %v", shown, hidden)
	}
	files, err := WriteAll(many(2), Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses})
	if err != nil || len(files) != 2 {
		t.Fatalf("then 2 letters: %v, %v", files, err)
	}
}

// TestKilledBatchLeavesNoLetters kills a child process writing 60 letters once some are
// written: no letter may be in the folder, and the next batch sweeps away what the killed
// one left and writes them all, without --force.
func TestKilledBatchLeavesNoLetters(t *testing.T) {
	if mode, dir, _ := strings.Cut(os.Getenv(childEnv), " "); mode == "slow" {
		if _, err := WriteAll(many(60), Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses}); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKilledBatchLeavesNoLetters$")
	cmd.Env = append(os.Environ(), childEnv+"=slow "+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for staged(dir) < 5 {
		if ctx.Err() != nil {
			t.Fatal("the child wrote no letters")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	shown, hidden := visible(t, dir)
	if len(shown) > 0 || len(hidden) != 1 || !strings.HasSuffix(hidden[0], atomicfile.Suffix) {
		t.Fatalf("killed mid-batch, the folder holds %v and %v", shown, hidden)
	}
	files, err := WriteAll(many(60), Options{Dir: dir, Issued: issued, Statuses: DefaultStatuses})
	if err != nil || len(files) != 60 {
		t.Fatalf("the next batch: %d files, %v", len(files), err)
	}
	if _, hidden := visible(t, dir); len(hidden) > 0 {
		t.Errorf("left behind: %v", hidden)
	}
}

// staged counts the letters in the hidden folders of dir.
func staged(dir string) int {
	matches, _ := filepath.Glob(filepath.Join(dir, ".*"+atomicfile.Suffix, "*.pdf"))
	return len(matches)
}
