package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// dashboardView shows the figures a coordinator checks first; each opens the list behind it.
type dashboardView struct {
	u       *UI
	content *fyne.Container
}

func newDashboardView(u *UI) *dashboardView {
	v := &dashboardView{u: u, content: container.NewStack()}
	v.refresh()
	return v
}

func (v *dashboardView) refresh() {
	u := v.u
	f := actions.Dashboard(u.view, u.today())
	bar := widget.NewProgressBar()
	bar.Max = max(float64(f.Spend.Budget), 1)
	bar.Value = float64(f.Spend.Committed + f.Spend.Proposed)
	bar.TextFormatter = func() string {
		return fmt.Sprintf("%s of %s", (f.Spend.Committed + f.Spend.Proposed).Whole(), f.Spend.Budget.Whole())
	}
	cards := container.NewGridWithColumns(3,
		card("Open requests", fmt.Sprint(f.Open()), fmt.Sprintf("P1 %d · P2 %d · P3 %d · P4 %d",
			f.OpenByPriority[1], f.OpenByPriority[2], f.OpenByPriority[3], f.OpenByPriority[4]),
			func() { u.tabs.SelectIndex(tabRequests) }),
		card("Unfilled emergency seats", fmt.Sprint(f.EmptyEmergency), "after planning every open request",
			func() { u.tabs.SelectIndex(tabPlanning) }),
		card("On secondment today", fmt.Sprint(len(f.Away)), today(u), func() { v.listAway(f.Away) }),
		container.NewVBox(widget.NewLabelWithStyle("Spend "+f.Spend.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			bar, widget.NewLabel(fmt.Sprintf("committed %s · proposed %s", f.Spend.Committed.Whole(), f.Spend.Proposed.Whole()))),
		card("Clearances to renew", fmt.Sprint(len(f.Alerts)), fmt.Sprintf("expired or expiring within %d days", actions.AlertDays), func() { v.listAlerts(f.Alerts) }),
		card("On leave this week", fmt.Sprint(len(f.Leave)), "leave, training and sickness", func() { v.listLeave(f.Leave) }),
	)
	title := widget.NewLabelWithStyle("Associate Planner", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sub := widget.NewLabel(fmt.Sprintf("%d associates · %d organisations · %s", len(u.data.Associates),
		len(u.data.Organisations), today(u)))
	body := container.NewVBox(title, sub, widget.NewSeparator())
	if len(u.data.Associates) == 0 {
		body.Add(emptyRegisterHint(u))
	}
	body.Add(cards)
	v.content.Objects = []fyne.CanvasObject{container.NewPadded(body)}
	v.content.Refresh()
}

// emptyRegisterHint says what to do first when the register has no associates yet.
func emptyRegisterHint(u *UI) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle("The register has no associates yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("Import HR's roster workbook or the NHS trust list (File ▸ Import, Ctrl+I), " +
		"or add people one by one on the Associates tab.")
	text.Wrapping = fyne.TextWrapWord
	imp := widget.NewButtonWithIcon("Import roster or trust list…", theme.UploadIcon(), u.chooseImport)
	imp.Importance = widget.HighImportance
	return widget.NewCard("", "", container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.InfoIcon()), heading), text, container.NewHBox(imp)))
}

func today(u *UI) string { return u.today().Long() }

// card is one dashboard figure: a title, a big number, a note, and a button to the list.
func card(title, figure, note string, open func()) fyne.CanvasObject {
	big := canvas.NewText(figure, theme.Color(theme.ColorNamePrimary))
	big.TextSize = 34
	big.TextStyle = fyne.TextStyle{Bold: true}
	return widget.NewCard("", "", container.NewVBox(
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), big,
		widget.NewLabel(note), widget.NewButtonWithIcon("Show", theme.NavigateNextIcon(), open)))
}

func (v *dashboardView) listAway(as []model.Assignment) {
	var lines []string
	for _, a := range as {
		name := a.StaffID
		if p := v.u.idx.Associate[a.StaffID]; p != nil {
			name = p.Name
		}
		lines = append(lines, fmt.Sprintf("%s — %s, %s (%s)", name, a.RequestRef, a.Role, a.Period))
	}
	v.showList("On secondment today", lines)
}

func (v *dashboardView) listAlerts(alerts []model.ClearanceAlert) {
	var lines []string
	for _, a := range alerts {
		state := "expires"
		if a.Expired {
			state = "EXPIRED"
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s %s %s", a.Name, a.StaffID, a.Type, state, a.Expiry))
	}
	v.showList("Clearances expired or expiring within 60 days", lines)
}

func (v *dashboardView) listLeave(leave []model.Unavailability) {
	var lines []string
	for _, l := range leave {
		name := l.StaffID
		if p := v.u.idx.Associate[l.StaffID]; p != nil {
			name = p.Name
		}
		lines = append(lines, fmt.Sprintf("%s: %s (%s)", name, l.Period, l.Reason))
	}
	v.showList("On leave this week", lines)
}

func (v *dashboardView) showList(title string, lines []string) {
	if len(lines) == 0 {
		lines = []string{"None."}
	}
	text := widget.NewLabel(strings.Join(lines, "\n"))
	d := dialog.NewCustom(title, "Close", container.NewGridWrap(fyne.NewSize(760, 420), container.NewVScroll(text)), v.u.win)
	d.Show()
}
