package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// statusBar is the line along the bottom of the window: what the last change did, said
// without a dialog to dismiss, and the button that takes it back.
type statusBar struct {
	said    *widget.Label
	undo    *widget.Button
	content fyne.CanvasObject
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{said: widget.NewLabel("")}
	s.said.Truncation = fyne.TextTruncateEllipsis
	s.undo = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), u.undoLast)
	s.undo.Importance = widget.LowImportance
	s.content = container.NewBorder(widget.NewSeparator(), nil, nil, s.undo, s.said)
	return s
}

// tell says on the status line, with the time (UK), what a routine change did.
func (u *UI) tell(message string) {
	u.status.said.SetText(u.clock.Now().In(model.UK).Format("15:04") + "  " + message)
}

// refreshUndo names the change Undo takes back, or disables Undo, in the status line and
// the Plan menu alike.
func (u *UI) refreshUndo() {
	label := u.desk.CanUndo()
	u.status.undo.SetText("Undo")
	if label != "" {
		u.status.undo.SetText("Undo: " + shortened(label, 60))
	}
	u.enable(u.status.undo, label != "")
	if u.undoMenu != nil {
		u.undoMenu.Disabled = label == ""
		u.win.MainMenu().Refresh()
	}
}

// shortened is text cut to at most n characters, with an ellipsis when cut.
func shortened(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n-1]) + "…"
}
