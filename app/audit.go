package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// auditShown is how many of the newest audit entries the viewer lists.
const auditShown = 5000

// showAudit lists the newest changes — when, who, what and what changed, in words and
// pounds — with a filter, and a button to export the whole trail.
func (u *UI) showAudit() {
	var entries []model.AuditEntry
	u.run("Reading the audit trail", func(ctx context.Context, _ progress) error {
		var err error
		entries, err = u.desk.Audit(ctx, auditShown)
		return err
	}, func() {
		shown := entries
		table := widget.NewTableWithHeaders(func() (int, int) { return len(shown), 6 },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(id widget.TableCellID, o fyne.CanvasObject) {
				e := shown[id.Row]
				setCell(o, auditRow(e)[id.Col])
			})
		table.ShowHeaderColumn = false
		table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText([]string{"When (UK time)", "User", "Record", "Key", "Change", "What changed"}[id.Col])
			}
		}
		for i, w := range []float32{160, 90, 120, 220, 70, 700} {
			table.SetColumnWidth(i, w)
		}
		full := wrapped("Select a change to read it in full.")
		table.OnSelected = func(id widget.TableCellID) { full.SetText(strings.Join(auditRow(shown[id.Row]), " · ")) }
		filter := u.newField("", nil)
		filter.SetPlaceHolder("Filter by user, record, key or what changed…")
		filter.OnChanged = func(q string) {
			shown = actions.FilterAudit(entries, q)
			table.Refresh()
		}
		export := widget.NewButton("Export the whole trail…", func() { u.chooseAuditExport() })
		d := dialog.NewCustom("Audit trail (newest first)", "Close",
			container.NewGridWrap(u.fit(1180, 620), container.NewBorder(filter, container.NewVBox(full, container.NewHBox(export)), nil, nil, table)), u.win)
		u.present(d, nil)
	})
}

// auditRow is an audit entry as the viewer's columns show it.
func auditRow(e model.AuditEntry) []string {
	at := e.At
	if t, err := time.Parse(time.RFC3339Nano, e.At); err == nil {
		at = model.UKTime(t)
	}
	return []string{at, e.User, e.Entity, e.Key, e.Change, actions.AuditChange(e)}
}

func (u *UI) chooseAuditExport() {
	u.chooseSavePath(u.datedName("audit", ".xlsx"), func(path string) { u.export("audit", path) })
}
