package app

import (
	"cmp"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// dashboardView shows the figures a coordinator checks first; each opens the list behind
// it, and each line of a list opens the person or request it names.
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
	conflicts := v.conflictLines()
	cards := container.New(&flowGrid{minWidth: 300, max: 4},
		card("Open requests", fmt.Sprint(f.Open()), fmt.Sprintf("%d at P1 · %d P2 · %d P3 · %d P4",
			f.OpenByPriority[1], f.OpenByPriority[2], f.OpenByPriority[3], f.OpenByPriority[4]),
			func() { u.tabs.SelectIndex(tabRequests) }),
		card("Unfilled emergency seats", fmt.Sprint(f.EmptyEmergency), "in the plan the register holds", v.showEmergency),
		card("Breaking a rule", fmt.Sprint(len(conflicts)), "secondments to put right", func() {
			v.showList("Secondments that break a rule now", conflicts)
		}),
		card("On secondment today", fmt.Sprint(len(f.Away)), today(u), func() { v.showList("On secondment today", v.awayLines(f.Away)) }),
		widget.NewCard("", "", container.NewVBox(widget.NewLabelWithStyle("Spend "+f.Spend.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			bar, widget.NewLabel(fmt.Sprintf("committed %s · proposed %s", f.Spend.Committed.Whole(), f.Spend.Proposed.Whole())))),
		card("Clearances to renew", fmt.Sprint(len(f.Alerts)), fmt.Sprintf("expired or due within %d days", actions.AlertDays),
			func() { v.showList("Clearances expired or expiring", v.alertLines(f.Alerts)) }),
		card("On leave this week", fmt.Sprint(len(f.Leave)), "leave, training and sickness", func() { v.showList("On leave this week", v.leaveLines(f.Leave)) }),
	)
	title := widget.NewLabelWithStyle("Associate Planner", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sub := widget.NewLabel(fmt.Sprintf("%d associates · %d organisations · %s", len(u.data.Associates),
		len(u.data.Organisations), today(u)))
	body := container.NewVBox(title, sub, widget.NewSeparator())
	if len(u.data.Associates) == 0 {
		body.Add(emptyRegisterHint(u))
	}
	body.Add(cards)
	v.content.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	v.content.Refresh()
}

// showEmergency opens the plan of the most urgent emergency with an empty seat (the
// planning list, most urgent first, when there is none).
func (v *dashboardView) showEmergency() {
	u := v.u
	u.tabs.SelectIndex(tabPlanning)
	for _, q := range u.planning.open { // most urgent first
		if q.Kind == model.KindEmergency && u.planning.emptySeats(q.Ref) > 0 {
			u.planning.selectRequest(q.Ref)
			return
		}
	}
}

// emptyRegisterHint says what to do first when the register has no associates yet.
func emptyRegisterHint(u *UI) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle("The register has no associates yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("Import HR's roster workbook or the NHS trust list (File ▸ Import, Ctrl+I), " +
		"or add people one by one on the Associates tab.")
	text.Wrapping = fyne.TextWrapWord
	imp := u.allow(widget.NewButtonWithIcon("Import roster or trust list…", theme.UploadIcon(), u.chooseImport), model.ActionImport)
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
	notes := widget.NewLabel(note)
	notes.Truncation = fyne.TextTruncateEllipsis
	return widget.NewCard("", "", container.NewVBox(
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), big,
		notes, widget.NewButtonWithIcon("Show", theme.NavigateNextIcon(), open)))
}

// listLine is one line of a dashboard list and what clicking it opens.
type listLine struct {
	text    string
	staffID string // open this person, or
	request string // this request's plan
}

// conflictLines lists every saved assignment that breaks a rule now, soonest first.
func (v *dashboardView) conflictLines() []listLine {
	u := v.u
	var as []model.Assignment
	for _, a := range u.data.Assignments {
		if u.conflictOf(a) != "" {
			as = append(as, a)
		}
	}
	slices.SortStableFunc(as, func(a, b model.Assignment) int { return cmp.Compare(a.From, b.From) })
	out := make([]listLine, len(as))
	for i, a := range as {
		out[i] = listLine{text: fmt.Sprintf("%s — %s / %s (%s, %s): %s", personName(u.idx.Associate[a.StaffID]), a.RequestRef,
			a.Role, a.Status, a.Period, u.conflictOf(a)), request: a.RequestRef}
	}
	return out
}

func (v *dashboardView) awayLines(as []model.Assignment) []listLine {
	out := make([]listLine, len(as))
	for i, a := range as {
		out[i] = listLine{text: fmt.Sprintf("%s — %s, %s (%s)", personName(v.u.idx.Associate[a.StaffID]), a.RequestRef, a.Role, a.Period),
			staffID: a.StaffID}
	}
	slices.SortStableFunc(out, func(a, b listLine) int { return cmp.Compare(a.text, b.text) })
	return out
}

// alertLines lists the clearances to renew in the core's order: the most urgent first.
func (v *dashboardView) alertLines(alerts []actions.Alert) []listLine {
	out := make([]listLine, len(alerts))
	for i, a := range alerts {
		state := "expires"
		if a.Expired {
			state = "EXPIRED"
		}
		note := ""
		if a.Booked {
			note = " — booked on a secondment"
		}
		out[i] = listLine{text: fmt.Sprintf("%s (%s): %s %s %s%s", a.Name, a.StaffID, a.Type, state, a.Expiry, note), staffID: a.StaffID}
	}
	return out
}

func (v *dashboardView) leaveLines(leave []model.Unavailability) []listLine {
	slices.SortStableFunc(leave, func(a, b model.Unavailability) int { return cmp.Compare(a.From, b.From) })
	out := make([]listLine, len(leave))
	for i, l := range leave {
		out[i] = listLine{text: fmt.Sprintf("%s: %s (%s)", personName(v.u.idx.Associate[l.StaffID]), l.Period, l.Reason), staffID: l.StaffID}
	}
	return out
}

// showList shows a list; clicking a line closes it and opens what the line names.
func (v *dashboardView) showList(title string, lines []listLine) {
	u := v.u
	if len(lines) == 0 {
		u.info(title, "None.")
		return
	}
	var d dialog.Dialog
	list := widget.NewList(func() int { return len(lines) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { setCell(o, lines[i].text) })
	list.OnSelected = func(i widget.ListItemID) {
		d.Hide()
		if lines[i].request != "" {
			u.planning.selectRequest(lines[i].request)
			u.tabs.SelectIndex(tabPlanning)
			return
		}
		u.tabs.SelectIndex(tabAssociates)
		u.associates.selectPerson(lines[i].staffID)
	}
	d = dialog.NewCustom(title+" — click one to open it", "Close", container.NewGridWrap(u.fit(1200, 520), list), u.win)
	u.present(d, nil)
}
