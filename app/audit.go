package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// auditShown is how many of the newest audit entries the viewer lists.
const auditShown = 1000

// showAudit lists the newest changes — when, who, what, before and after — with a button
// to export the whole trail.
func (u *UI) showAudit() {
	var entries []model.AuditEntry
	u.run("Reading the audit trail", func(ctx context.Context, _ func(string)) error {
		var err error
		entries, err = u.desk.Audit(ctx, auditShown)
		return err
	}, func() {
		table := widget.NewTableWithHeaders(func() (int, int) { return len(entries), 6 },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(id widget.TableCellID, o fyne.CanvasObject) {
				e := entries[id.Row]
				l := o.(*widget.Label)
				l.Truncation = fyne.TextTruncateEllipsis
				l.SetText([]string{strings.Replace(e.At[:min(19, len(e.At))], "T", " ", 1), e.User, e.Entity, e.Key, e.Change,
					e.Before + " → " + e.After}[id.Col])
			})
		table.ShowHeaderColumn = false
		table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText([]string{"At (UTC)", "User", "Entity", "Key", "Change", "Before → after"}[id.Col])
			}
		}
		for i, w := range []float32{160, 90, 130, 220, 70, 700} {
			table.SetColumnWidth(i, w)
		}
		export := widget.NewButton("Export the whole trail…", func() { u.chooseAuditExport() })
		d := dialog.NewCustom("Audit trail (newest first)", "Close",
			container.NewGridWrap(fyne.NewSize(1100, 560), container.NewBorder(nil, export, nil, nil, table)), u.win)
		d.Show()
	})
}

func (u *UI) chooseAuditExport() {
	u.chooseSavePath("audit.xlsx", func(path string) {
		u.run("Exporting the audit trail", func(ctx context.Context, _ func(string)) error {
			_, err := u.desk.ExportAudit(ctx, path)
			return err
		}, func() { dialog.ShowInformation("Exported", path+" written.", u.win) })
	})
}
