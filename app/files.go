package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/importers"
)

// chooseImport asks for a roster workbook or trust list and starts the import flow.
func (u *UI) chooseImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		u.importFile(r.URI().Path())
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	u.startInDocuments(d)
	d.Show()
}

// startInDocuments opens file dialogs in the user's Documents folder when there is one.
func (u *UI) startInDocuments(d interface{ SetLocation(fyne.ListableURI) }) {
	home, err := os.UserHomeDir()
	if err != nil {
		return
	}
	for _, dir := range []string{filepath.Join(home, "Documents"), home} {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
			return
		}
	}
}

// importFile checks a file without writing (a dry run), shows every finding, and imports
// only when the user confirms.
func (u *UI) importFile(path string) {
	var rep *importers.Report
	u.run("Checking "+path, func(ctx context.Context, _ func(string)) error {
		var err error
		rep, err = u.desk.Import(ctx, path, actions.ImportOptions{DryRun: true})
		if rep != nil && len(rep.Errors) > 0 {
			return nil // shown in the report
		}
		return err
	}, func() { u.showImportReport(path, rep) })
}

// showImportReport lists findings as sheet, row, column and message; with no errors it
// offers to import.
func (u *UI) showImportReport(path string, rep *importers.Report) {
	findings := append(append([]importers.Finding(nil), rep.Errors...), rep.Warnings...)
	table := widget.NewTableWithHeaders(
		func() (int, int) { return len(findings), 5 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			f := findings[id.Row]
			kind := "Error"
			if id.Row >= len(rep.Errors) {
				kind = "Warning"
			}
			row := ""
			if f.Row > 0 {
				row = fmt.Sprint(f.Row)
			}
			o.(*widget.Label).SetText([]string{kind, f.Sheet, row, strings.TrimSpace(f.Column + " " + f.Letter), f.Message}[id.Col])
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{"", "Sheet", "Row", "Column", "Message"}[id.Col])
		}
	}
	for i, w := range []float32{70, 110, 50, 160, 600} {
		table.SetColumnWidth(i, w)
	}
	summary := widget.NewLabel(rep.Summary())
	content := container.NewBorder(summary, nil, nil, nil, table)
	size := fyne.NewSize(1000, 520)
	if len(rep.Errors) > 0 {
		d := dialog.NewCustom("Import refused: nothing was written", "Close", container.NewGridWrap(size, content), u.win)
		d.Show()
		return
	}
	d := dialog.NewCustomConfirm("Import "+rep.File+"?", "Import", "Cancel", container.NewGridWrap(size, content), func(ok bool) {
		if !ok {
			return
		}
		u.run("Importing "+rep.File, func(ctx context.Context, _ func(string)) error {
			_, err := u.desk.Import(ctx, path, actions.ImportOptions{})
			return err
		}, u.reload)
	}, u.win)
	d.Show()
}

// chooseSavePath asks where to save a new file, starting in Documents with a suggested
// name, and calls then with the path, given the suggestion's extension. The dialog makes
// an empty file there; it is removed, so writers that must create the file can.
func (u *UI) chooseSavePath(suggested string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		w.Close()
		path := w.URI().Path()
		if ext := filepath.Ext(suggested); !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		os.Remove(w.URI().Path())
		then(path)
	}, u.win)
	d.SetFileName(suggested)
	u.startInDocuments(d)
	d.Show()
}

// chooseExport asks where to save a roster, template or plan workbook.
func (u *UI) chooseExport(what string) {
	u.chooseSavePath(what+".xlsx", func(path string) { u.export(what, path) })
}

// export writes a workbook with the same code as `associate-planner export`.
func (u *UI) export(what, path string) {
	u.run("Exporting the "+what, func(ctx context.Context, _ func(string)) error {
		return u.desk.Export(ctx, what, path)
	}, func() { dialog.ShowInformation("Exported", path+" written.", u.win) })
}
