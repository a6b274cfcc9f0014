package importers

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// Progress is told how far long work has got; nil reports nothing.
type Progress func(stage string, done, total int)

func (p Progress) report(stage string, done, total int) {
	if p != nil {
		p(stage, done, total)
	}
}

// Limits bound what one file may make the reader hold, so that a file made to fill memory
// is refused with a message instead.
type Limits struct {
	UnzipBytes    int64 // a workbook's parts, unpacked
	UnzipXMLBytes int64 // one part held in memory; larger ones are unpacked to a temporary file
	CellBytes     int64 // the text of every cell read, added up: a shared string counts each time a cell uses it
	Rows          int   // data rows in one sheet or CSV file
}

// DefaultLimits are far above any real roster (10,000 associates are about 3 MB of text).
var DefaultLimits = Limits{UnzipBytes: 256 << 20, UnzipXMLBytes: 64 << 20, CellBytes: 128 << 20, Rows: 100_000}

// Read reads a file within DefaultLimits; see Limits.Read.
func Read(path string, cur *model.Data, rep *Report, progress Progress) (*model.Changeset, error) {
	return DefaultLimits.Read(path, cur, rep, progress)
}

// Read reads a file (a roster workbook, one roster table as CSV, or the NHS trust list)
// into the changes it would make to cur, recording every problem in rep. The error is only
// for a file that cannot be opened at all.
func (l Limits) Read(path string, cur *model.Data, rep *Report, progress Progress) (*model.Changeset, error) {
	src := &source{limits: l, rep: rep}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", rep.File, unwrapPath(err))
		}
		defer f.Close()
		progress.report("Reading "+rep.File, 0, 1)
		return src.readCSV(f, cur), nil
	case ".xlsx", ".xlsm":
		f, err := openWorkbook(path, rep.File, l)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return src.readRoster(f, cur, progress), nil
	default:
		if kind, ok := otherSpreadsheets[ext]; ok {
			return nil, model.Errorf(model.EINVALID, "%s: this is %s; open it and save it as an Excel workbook (.xlsx), then import that", rep.File, kind)
		}
	}
	return nil, model.Errorf(model.EINVALID, "%s: not a roster workbook (.xlsx), a roster table (.csv) or the NHS trust list (etr.csv)", rep.File)
}

// otherSpreadsheets are formats people save rosters in that this reader does not read.
var otherSpreadsheets = map[string]string{
	".xls":      "an old Excel 97-2003 workbook",
	".xlsb":     "an Excel binary workbook",
	".ods":      "an OpenDocument spreadsheet (LibreOffice)",
	".fods":     "an OpenDocument spreadsheet (LibreOffice)",
	".numbers":  "an Apple Numbers spreadsheet",
	".gnumeric": "a Gnumeric spreadsheet",
}

// openWorkbook opens an .xlsx with unzip limits, turning excelize's failures into messages
// a person can act on.
func openWorkbook(path, name string, l Limits) (*excelize.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", name, unwrapPath(err))
	}
	if info.Size() == 0 {
		return nil, model.Errorf(model.EINVALID, "%s: the file is empty", name)
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: l.UnzipBytes, UnzipXMLSizeLimit: l.UnzipXMLBytes})
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "zip: not a valid zip file"):
		return nil, model.Errorf(model.EINVALID, "%s: not an .xlsx workbook, or it is password-protected: open it in Excel, remove any password and save as .xlsx", name)
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return nil, model.Errorf(model.EINVALID, "%s: the workbook unpacks to more than %d MB and was refused", name, l.UnzipBytes>>20)
	}
	return nil, model.Errorf(model.EINVALID, "%s: cannot read the workbook: %v", name, err)
}

// unwrapPath drops the path from an *os.PathError, as the message names the file already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
