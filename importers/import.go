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

// Limits on what a workbook may unzip to, so a zip bomb is refused instead of filling
// memory. Variables so that tests can lower them.
var (
	unzipLimit    int64 = 256 << 20
	unzipXMLLimit int64 = 64 << 20
)

// Read reads a file into the changes it would make to cur, recording every problem in rep.
// The error is only for a file that cannot be opened at all.
func Read(path string, cur *model.Data, rep *Report, progress Progress) (*model.Changeset, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", rep.File, unwrapPath(err))
		}
		defer f.Close()
		progress.report("Reading organisations", 0, 1)
		return mergeOrganisations(readODS(f, rep), cur, rep), nil
	case ".xlsx", ".xlsm":
		f, err := openWorkbook(path, rep.File)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readRoster(f, cur, rep, progress), nil
	}
	return nil, model.Errorf(model.EINVALID, "%s: not a roster workbook (.xlsx) or NHS trust list (.csv)", rep.File)
}

// openWorkbook opens an .xlsx with unzip limits, turning excelize's failures into messages
// a person can act on.
func openWorkbook(path, name string) (*excelize.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "%s: cannot open: %v", name, unwrapPath(err))
	}
	if info.Size() == 0 {
		return nil, model.Errorf(model.EINVALID, "%s: the file is empty", name)
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "zip: not a valid zip file"):
		return nil, model.Errorf(model.EINVALID, "%s: not an .xlsx workbook, or it is password-protected: open it in Excel, remove any password and save as .xlsx", name)
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return nil, model.Errorf(model.EINVALID, "%s: the workbook unpacks to more than %d MB and was refused", name, unzipLimit>>20)
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
