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
// is refused with a message instead. A workbook is measured against them as a stream
// before it is read (see scanWorkbook); the rows read are counted again as they are kept.
type Limits struct {
	UnzipBytes    int64 // a workbook's parts, unpacked
	UnzipXMLBytes int64 // one part held in memory; larger ones are unpacked to a temporary file
	CellBytes     int64 // the text of every cell read, added up: a shared string counts each time a cell uses it
	Rows          int   // data rows in one sheet or CSV file
	Columns       int   // the columns a row of a roster sheet may reach
	Cells         int   // cells of the roster sheets or CSV file, each row counted to its rightmost value
	SharedStrings int   // entries in a workbook's shared-strings table (its elements: twice as many)
	Elements      int   // XML elements of the other parts read whole (styles, the workbook…), added up
	Depth         int   // how deeply XML elements may nest in any part
}

// DefaultLimits are far above any real roster (10,000 associates with their leave, 250
// requests and their roles are about 3 MB of text, 12 MB of XML and fewer than 200,000
// cells, none past column O) and far below what would exhaust a laptop: a workbook made
// to reach every limit at once is read in under 300 MB.
var DefaultLimits = Limits{UnzipBytes: 256 << 20, UnzipXMLBytes: 64 << 20, CellBytes: 128 << 20, Rows: 100_000,
	Columns: 256, Cells: 3_000_000, SharedStrings: 300_000, Elements: 100_000, Depth: 100}

// Read reads a file within DefaultLimits; see Limits.Read.
func Read(path string, cur *model.Data, rep *Report, progress Progress) (*model.Changeset, error) {
	return DefaultLimits.Read(path, cur, rep, progress)
}

// Read reads a file (a roster workbook, one roster table as CSV, or the NHS trust list)
// into the changes it would make to cur, recording every problem in rep. The error is only
// for a file that cannot be opened at all.
func (l Limits) Read(path string, cur *model.Data, rep *Report, progress Progress) (*model.Changeset, error) {
	defer rep.countLeftOut()
	src := &source{limits: l, rep: rep}
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".xls" && isZip(path) { // some systems name the workbooks they export .xls
		rep.warnf("", 0, "%s is an Excel workbook (.xlsx) with an .xls name: read as the workbook it is", rep.File)
		ext = ".xlsx"
	}
	switch ext {
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", rep.File, unwrapPath(err))
		}
		defer f.Close()
		progress.report("Reading "+rep.File, 0, 1)
		return src.readCSV(f, cur), nil
	case ".xlsx", ".xlsm":
		progress.report("Measuring "+rep.File, 0, 1)
		sc, err := l.scanWorkbook(path, rep.File)
		var refused refusal
		if errors.As(err, &refused) {
			rep.addError("scan", refused.Finding)
			return &model.Changeset{}, nil
		} else if err != nil {
			return nil, err
		}
		f, err := openWorkbook(path, rep.File, l)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return src.readRoster(f, sc, cur, progress), nil
	default:
		if kind, ok := otherSpreadsheets[ext]; ok {
			return nil, model.Errorf(model.EINVALID, "%s: this is %s; open it and save it as an Excel workbook (.xlsx), then import that", rep.File, kind)
		}
	}
	return nil, model.Errorf(model.EINVALID, "%s: not a roster workbook (.xlsx), a roster table (.csv) or the NHS trust list (etr.csv)", rep.File)
}

// isZip reports whether the file at path starts as a zip archive does, as every .xlsx does.
func isZip(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "PK\x03\x04"
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

// openWorkbook opens an .xlsx that scanWorkbook has measured, turning excelize's failures
// into messages a person can act on.
func openWorkbook(path, name string, l Limits) (*excelize.File, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: l.UnzipBytes, UnzipXMLSizeLimit: l.UnzipXMLBytes})
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "zip: not a valid zip file"):
		return nil, notAWorkbook(name)
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
