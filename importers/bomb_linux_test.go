package importers

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"associateplanner/model"
)

// bombEnv, set in a child process, names the workbook it imports under a memory limit.
// The child is this test binary running TestSharedStringBomb, whose first lines hand any
// such workbook to importUnderLimit: every memory attack below runs there.
const bombEnv = "IMPORTERS_BOMB"

// TestSharedStringBomb imports, in a child process allowed 1 GB more than it starts with, a
// workbook of a few hundred KB whose 100,000 cells all name one 4 MB shared string: 400 GB
// of text if every cell were read. The import must be refused with a message, not killed.
func TestSharedStringBomb(t *testing.T) {
	if path := os.Getenv(bombEnv); path != "" {
		importUnderLimit(t, path)
		return
	}
	path := writeFile(t, "bomb.xlsx", sharedStringBomb(t, 4<<20, 1000, 100))
	if info, _ := os.Stat(path); info.Size() > 512<<10 {
		t.Fatalf("the bomb is %d bytes", info.Size())
	}
	refusedInChild(t, path, "MB of text")
}

// TestTinyWorkbooksDoNotExhaustMemory imports, each in a child process allowed 1 GB more
// than it starts with, workbooks of a few KB that the reader before measuring workbooks
// first expanded to gigabytes, dry run or not: each row's one value in column XFD (16,384
// cells a row: 27 KB took 2.4 GB, 253 KB more than 8 GB), 12 million empty shared strings
// (90 KB took 3 GB) and elements nested 10 million deep (5 million, 36 KB, took 0.94 GB).
// Each must be refused, saying why, within the limit.
func TestTinyWorkbooksDoNotExhaustMemory(t *testing.T) {
	tests := []struct {
		name  string
		parts map[string]string // replacing the parts of a one-sheet workbook
		says  string
	}{
		{"a value in column XFD on each of 5,000 rows", map[string]string{"xl/worksheets/sheet1.xml": farRight(5_000)},
			"Associates row 2, column XFD: a value this far right"},
		{"a value in column XFD on each of 50,000 rows", map[string]string{"xl/worksheets/sheet1.xml": farRight(50_000)},
			"Associates row 2, column XFD: a value this far right"},
		{"12 million empty shared strings", map[string]string{"xl/sharedStrings.xml": sheetXMLHead("sst") + strings.Repeat("<si/>", 12_000_000) + "</sst>"},
			"shared strings hold more than 300,000 entries"},
		{"elements nested 10 million deep", map[string]string{"xl/worksheets/sheet1.xml": sheetXMLHead("worksheet") + "<sheetData>" +
			strings.Repeat("<a>", 10_000_000) + strings.Repeat("</a>", 10_000_000) + "</sheetData></worksheet>"},
			"Associates: XML elements nest more than 100 deep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "tiny.xlsx", withParts(t, tc.parts))
			if info, _ := os.Stat(path); info.Size() > 512<<10 {
				t.Fatalf("the workbook is %d bytes, not tiny", info.Size())
			}
			refusedInChild(t, path, tc.says)
		})
	}
}

// farRight is an Associates sheet whose header is followed by rows that each have one
// value, in column XFD.
func farRight(rows int) string {
	var b strings.Builder
	b.WriteString(sheetXMLHead("worksheet") + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Staff ID</t></is></c>` +
		`<c r="B1" t="inlineStr"><is><t>Name</t></is></c><c r="C1" t="inlineStr"><is><t>Home Organisation</t></is></c></row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// refusedInChild imports path in a child process under a memory limit and fails unless the
// child refused it saying says. It logs the child's peak memory.
func refusedInChild(t *testing.T, path, says string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSharedStringBomb$", "-test.v")
	cmd.Env = append(os.Environ(), bombEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "REFUSED: ") || !strings.Contains(string(out), says) {
		t.Fatalf("the child importing %s: %v, want a refusal saying %q\n%s", filepath.Base(path), err, says, tail(out, 2000))
	}
	if _, peak, found := strings.Cut(string(out), "PEAK: "); found {
		t.Logf("refused; the child's peak memory: %s", strings.SplitN(peak, "\n", 2)[0])
	}
}

func tail(b []byte, n int) []byte { return b[max(0, len(b)-n):] }

// importUnderLimit is the child: it caps its own address space, then imports.
func importUnderLimit(t *testing.T, path string) {
	limit := vmSize(t) + 1<<30
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		t.Fatal(err)
	}
	rep := &Report{File: filepath.Base(path)}
	if _, err := Read(path, &model.Data{Settings: model.DefaultSettings()}, rep, nil); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) == 0 {
		t.Fatal("the bomb was accepted")
	}
	fmt.Println("REFUSED:", rep.Errors[0])
	fmt.Printf("PEAK: %d MB\n", procStatus(t, "VmHWM")>>20)
}

// vmSize is this process's address space now, in bytes.
func vmSize(t *testing.T) uint64 { return procStatus(t, "VmSize") }

// procStatus is a figure of this process from /proc/self/status (VmSize, VmHWM…), in bytes.
func procStatus(t *testing.T, key string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if kb, ok := strings.CutPrefix(s.Text(), key+":"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", key)
	return 0
}

// sharedStringBomb is an Associates sheet of rows×cols cells that all name one shared
// string of size bytes: a workbook excelize made, with its sheet and shared strings replaced.
func sharedStringBomb(t *testing.T, size, rows, cols int) []byte {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(sheetXMLHead("worksheet") + `<sheetData><row r="1"><c t="inlineStr"><is><t>Staff ID</t></is></c><c t="inlineStr"><is><t>Name</t></is></c></row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">%s</row>`, r, strings.Repeat(`<c t="s"><v>0</v></c>`, cols))
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return withParts(t, map[string]string{
		"xl/worksheets/sheet1.xml": sheet.String(),
		"xl/sharedStrings.xml":     sheetXMLHead("sst") + `<si><t>` + strings.Repeat("x", size) + `</t></si></sst>`,
	})
}
