package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// setCell shows text in a table cell's (or list item's) label, cut short with an ellipsis only when it
// does not fit. Fyne shapes the text afresh to cut it on every refresh, while a text's
// measure is cached: most cells fit, and so redraw a filtered list of thousands in a
// fraction of the time.
func setCell(o fyne.CanvasObject, text string) {
	l := o.(*widget.Label)
	trunc := fyne.TextTruncateEllipsis
	room := l.Size().Width - 2*theme.InnerPadding()
	if room > 0 && fyne.MeasureText(text, theme.TextSize(), l.TextStyle).Width <= room {
		trunc = fyne.TextTruncateOff
	}
	if l.Text == text && l.Truncation == trunc {
		return
	}
	l.Truncation = trunc
	l.SetText(text)
}
