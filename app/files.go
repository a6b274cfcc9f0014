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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/importers"
	"associateplanner/model"
)

// chooseImport asks for a roster workbook, a roster table as CSV, or the trust list, and
// starts the import flow.
func (u *UI) chooseImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		u.rememberFolder(r.URI().Path())
		u.importFile(r.URI().Path())
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	u.startInLastFolder(d)
	u.present(d, nil)
}

// prefFolder remembers the folder of the last file chosen or saved.
const prefFolder = "lastFolder"

// rememberFolder keeps the folder of path for the next file dialog.
func (u *UI) rememberFolder(path string) {
	u.app.Preferences().SetString(prefFolder, filepath.Dir(path))
}

// startInLastFolder opens a file dialog where the last file was chosen, else in the user's
// Documents folder, else their home.
func (u *UI) startInLastFolder(d interface{ SetLocation(fyne.ListableURI) }) {
	home, _ := os.UserHomeDir()
	for _, dir := range []string{u.app.Preferences().String(prefFolder), filepath.Join(home, "Documents"), home} {
		if dir == "" {
			continue
		}
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
	u.run("Checking "+path, func(ctx context.Context, _ progress) error {
		var err error
		rep, err = u.desk.Import(ctx, path, actions.ImportOptions{DryRun: true})
		if rep != nil && len(rep.Errors) > 0 {
			return nil // shown in the report
		}
		return err
	}, func() { u.showImportReport(path, rep) })
}

// showImportReport lists findings as sheet, row, column and message, the one selected in
// full below, with a button that copies them all for a spreadsheet or an email to HR; with
// no errors it offers to import.
func (u *UI) showImportReport(path string, rep *importers.Report) {
	findings := findingRows(rep)
	full := wrapped("Select a finding to read it in full.")
	table := widget.NewTableWithHeaders(
		func() (int, int) { return len(findings), 5 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			setCell(o, findings[id.Row][id.Col])
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(findingColumns[id.Col])
		}
	}
	table.OnSelected = func(id widget.TableCellID) { full.SetText(strings.Join(findings[id.Row], " · ")) }
	for i, w := range []float32{80, 110, 60, 170, 720} {
		table.SetColumnWidth(i, w)
	}
	summary := widget.NewLabelWithStyle(rep.Summary(), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	copyAll := widget.NewButtonWithIcon("Copy the findings", theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(findingsText(findings))
		u.tell(fmt.Sprintf("%d finding(s) copied: paste them into a spreadsheet or an email.", len(findings)))
	})
	head := container.NewVBox(container.NewBorder(nil, nil, nil, copyAll, summary))
	if len(findings) == 0 {
		copyAll.Disable()
		head.Add(widget.NewLabel("✓ No problems found: every row can be imported."))
	}
	for _, w := range rep.Warnings {
		if w.Sheet == "" && w.Row == 0 { // about the register as a whole, such as a commitment the import would break
			l := wrapped("⚠ " + w.Message)
			l.Importance = widget.WarningImportance
			head.Add(l)
		}
	}
	content := container.NewBorder(head, full, nil, nil, table)
	size := u.fit(1000, 520)
	if len(rep.Errors) > 0 {
		u.present(dialog.NewCustom("Import refused: nothing was written", "Close", container.NewGridWrap(size, content), u.win), nil)
		return
	}
	d := dialog.NewCustomConfirm("Import "+rep.File+"?", "Import", "Cancel", container.NewGridWrap(size, content), func(ok bool) {
		if !ok {
			return
		}
		var done *importers.Report
		u.changeCounted("Importing "+rep.File, func(ctx context.Context, _ *model.Data, report progress) error {
			var err error
			done, err = u.desk.Import(ctx, path, actions.ImportOptions{Progress: actions.Progress(report)})
			return err
		}, func() { u.info("Imported", done.Summary()) })
	}, u.win)
	u.present(d, nil)
}

// findingColumns head the import report's columns.
var findingColumns = []string{"", "Sheet", "Row", "Column", "Message"}

// findingRows are a report's errors then warnings, as the report's columns show them.
func findingRows(rep *importers.Report) [][]string {
	var rows [][]string
	add := func(kind string, fs []importers.Finding) {
		for _, f := range fs {
			row := ""
			if f.Row > 0 {
				row = fmt.Sprint(f.Row)
			}
			rows = append(rows, []string{kind, f.Sheet, row, strings.TrimSpace(f.Column + " " + f.Letter), f.Message})
		}
	}
	add("Error", rep.Errors)
	add("Warning", rep.Warnings)
	return rows
}

// findingsText is the findings as tab-separated lines under a header line: pasted into a
// spreadsheet they fill its columns.
func findingsText(rows [][]string) string {
	var b strings.Builder
	b.WriteString("Kind\tSheet\tRow\tColumn\tMessage\n")
	flat := strings.NewReplacer("\t", " ", "\r", " ", "\n", " ") // a message's own breaks would split its row
	for _, r := range rows {
		for i, cell := range r {
			if i > 0 {
				b.WriteString("\t")
			}
			b.WriteString(flat.Replace(cell))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// chooseSavePath asks where to save a new file, starting in the last folder used with a
// suggested name, and calls then with the path, given the suggestion's extension. The dialog
// makes an empty file there; it is removed, so writers that must create the file can.
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
		u.rememberFolder(path)
		then(path)
	}, u.win)
	d.SetFileName(suggested)
	u.startInLastFolder(d)
	u.present(d, nil)
}

// datedName suggests a file name that says what and when: "roster 2026-12-01.xlsx" (year
// first, so that a folder of them sorts by date).
func (u *UI) datedName(what, ext string) string { return what + " " + u.today().ISO() + ext }

// chooseExport asks where to save a roster, template or plan workbook.
func (u *UI) chooseExport(what string) {
	u.chooseSavePath(u.datedName(what, ".xlsx"), func(path string) { u.export(what, path) })
}

// export writes a workbook with the same code as `associate-planner export`.
func (u *UI) export(what, path string) {
	u.run("Exporting the "+what, func(ctx context.Context, _ progress) error {
		return u.desk.Export(ctx, what, path)
	}, func() { u.written("Exported", path+" written.", path) })
}
