package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// bombEnv, set in a child process, names the workbook it imports under a memory limit.
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
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSharedStringBomb$", "-test.v")
	cmd.Env = append(os.Environ(), bombEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "REFUSED: ") || !strings.Contains(string(out), "MB of text") {
		t.Fatalf("the child importing the bomb: %v\n%s", err, tail(out, 2000))
	}
}

func tail(b []byte, n int) []byte { return b[max(0, len(b)-n):] }

// importUnderLimit is the child: it caps its own address space, then imports.
func importUnderLimit(t *testing.T, path string) {
	limit := vmSize(t) + 1<<30
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		t.Fatal(err)
	}
	rep := &Report{File: "bomb.xlsx"}
	if _, err := Read(path, &model.Data{Settings: model.DefaultSettings()}, rep, nil); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) == 0 {
		t.Fatal("the bomb was accepted")
	}
	fmt.Println("REFUSED:", rep.Errors[0])
}

// vmSize is this process's address space now, in bytes.
func vmSize(t *testing.T) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if kb, ok := strings.CutPrefix(s.Text(), "VmSize:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Fatal("no VmSize in /proc/self/status")
	return 0
}

// sharedStringBomb is an Associates sheet of rows×cols cells that all name one shared
// string of size bytes: a workbook excelize made, with its sheet and shared strings replaced.
func sharedStringBomb(t *testing.T, size, rows, cols int) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Associates")
	f.SetCellValue("Associates", "A1", "Staff ID")
	base, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0"?><worksheet ` + ns + `><sheetData><row r="1"><c t="inlineStr"><is><t>Staff ID</t></is></c><c t="inlineStr"><is><t>Name</t></is></c></row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">%s</row>`, r, strings.Repeat(`<c t="s"><v>0</v></c>`, cols))
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	replaced := map[string]string{
		"xl/worksheets/sheet1.xml": sheet.String(),
		"xl/sharedStrings.xml":     `<?xml version="1.0"?><sst ` + ns + ` count="1" uniqueCount="1"><si><t>` + strings.Repeat("x", size) + `</t></si></sst>`,
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range zr.File {
		w, err := z.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if body, ok := replaced[e.Name]; ok {
			w.Write([]byte(body))
			continue
		}
		r, _ := e.Open()
		io.Copy(w, r)
		r.Close()
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
