package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLettersCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	run(t, db, "demo")
	out := filepath.Join(dir, "letters")
	if code, _, errs := run(t, db, "letters", "--out", out, "--status", "Confimred"); code != ExitUsage || !strings.Contains(errs, "Confimred") {
		t.Fatalf("a mistyped --status: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, db, "letters", "--out", out, "--status", "Proposed"); code != ExitRefused || !strings.Contains(errs, "plan and commit first") {
		t.Fatalf("letters before planning: exit %d: %s", code, errs)
	}
	run(t, db, "plan", "--commit")
	code, stdout, errs := run(t, db, "letters", "--out", out, "--status", "Proposed,Confirmed")
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if code != ExitOK || len(files) == 0 || !strings.Contains(stdout, "letter(s) written") {
		t.Fatalf("exit %d, %d files: %s", code, len(files), errs)
	}
	if code, _, errs := run(t, db, "letters", "--out", out); code != ExitRefused || !strings.Contains(errs, "--force") {
		t.Fatalf("rewriting without --force: exit %d: %s", code, errs)
	}
	tmpl := filepath.Join(dir, "wording.txt")
	os.WriteFile(tmpl, []byte("# Our agreement\n## Terms\nDear {associate_name}, {total_cost}."), 0o600)
	if code, _, errs := run(t, db, "letters", "--out", out, "--force", "--template", tmpl); code != ExitOK {
		t.Fatalf("--template: %s", errs)
	}
	text, err := exec.Command("pdftotext", files[0], "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(text), "Our agreement") {
		t.Errorf("the template file was not used:\n%.300s", text)
	}
	os.WriteFile(tmpl, []byte("# X\n## Y\n{total}"), 0o600)
	if code, _, errs := run(t, db, "letters", "--out", out, "--force", "--template", tmpl); code != ExitRefused || !strings.Contains(errs, "unknown placeholder {total}") {
		t.Fatalf("a bad template: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, db, "letters"); code != ExitUsage || !strings.Contains(errs, "--out") {
		t.Fatalf("no --out: exit %d: %s", code, errs)
	}
}
