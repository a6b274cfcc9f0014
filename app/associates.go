package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// associateColumn is one column of the associates table.
type associateColumn struct {
	title string
	width float32
	sort  model.AssociateColumn
	value func(a *model.Associate) string
}

// associatesView lists associates in a virtualised table (only visible rows are drawn, so
// ten thousand scroll as easily as ten) with search as you type, filters and a detail pane.
type associatesView struct {
	u       *UI
	search  *model.AssociateSearch
	rows    []int // indexes into data.Associates, filtered and sorted
	sortCol int
	desc    bool
	cols    []associateColumn

	query        *searchEntry
	region, band *widget.Select
	skill        *widget.SelectEntry
	level        *widget.Select
	freeFrom     *widget.Entry
	freeTo       *widget.Entry
	count        *widget.Label
	table        *widget.Table
	detail       *widget.RichText
	edit         *widget.Button
	sar          *widget.Button
	erase        *widget.Button
	selected     string // Staff ID in the detail pane
	shown        string // the search, filters and order the table was last drawn for
	content      fyne.CanvasObject
}

func newAssociatesView(u *UI) *associatesView {
	v := &associatesView{u: u}
	v.cols = []associateColumn{
		{"Name", 220, model.ByName, func(a *model.Associate) string { return a.Name }},
		{"Staff ID", 100, model.ByStaffID, func(a *model.Associate) string { return a.StaffID }},
		{"Employer", 90, model.ByHomeOrg, func(a *model.Associate) string { return a.HomeOrg }},
		{"Band", 60, model.ByBand, func(a *model.Associate) string { return string(a.Band) }},
		{"Region", 170, model.ByRegion, func(a *model.Associate) string { return v.u.idx.RegionOf(a) }},
		{"Skills", 330, -1, func(a *model.Associate) string { return model.FormatSkills(a.Skills) }},
		{"Systems", 250, -1, func(a *model.Associate) string { return strings.Join(a.Systems, ", ") }},
		{"Days/yr", 70, model.ByMaxDays, func(a *model.Associate) string { return fmt.Sprint(a.MaxDays) }},
		{"Day rate", 90, model.ByRate, func(a *model.Associate) string { return v.u.data.Settings.RateFor(a).String() }},
	}
	v.query = newSearchEntry(v.step)
	v.query.SetPlaceHolder("Search name, skill, system, organisation or region (Ctrl+F; ↓ ↑ to pick)…")
	v.query.OnChanged = func(string) { v.apply() }
	v.query.OnSubmitted = func(string) { v.step(0) }
	v.filters()
	v.count = widget.NewLabel("")
	v.table = v.newTable()
	v.detail = widget.NewRichTextWithText("Select an associate to see their details.")
	v.detail.Wrapping = fyne.TextWrapWord
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.showDetail(&v.u.data.Associates[v.rows[id.Row]])
		}
	}
	// Two rows, so that every filter shows on a laptop without scrolling sideways.
	filterBar := container.NewVBox(
		container.NewHBox(widget.NewLabel("Region"), v.region, widget.NewLabel("Band"), v.band,
			widget.NewLabel("Skill"), container.NewGridWrap(fyne.NewSize(220, 36), v.skill), widget.NewLabel("level ≥"), v.level),
		container.NewHBox(widget.NewLabel("Free from"), container.NewGridWrap(fyne.NewSize(135, 36), v.freeFrom),
			widget.NewLabel("to"), container.NewGridWrap(fyne.NewSize(135, 36), v.freeTo),
			widget.NewButtonWithIcon("Clear search and filters", theme.ContentClearIcon(), v.clearFilters)))
	add := v.u.allow(widget.NewButtonWithIcon("New associate…", theme.ContentAddIcon(), v.u.newAssociate), model.ActionEditAssociates)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(v.count, add), v.query), container.NewHScroll(filterBar))
	v.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { v.u.editAssociate(v.selected) })
	v.edit.Disable()
	v.sar = widget.NewButtonWithIcon("Subject access…", theme.DocumentSaveIcon(), func() { v.u.chooseSubjectAccess(v.selected) })
	v.erase = widget.NewButton("Erase…", func() { v.u.confirmErase(v.selected) })
	v.u.allow(v.edit, model.ActionEditAssociates)
	v.u.allow(v.sar, model.ActionSubjectAccess)
	v.u.allow(v.erase, model.ActionErase)
	v.erase.Importance = widget.DangerImportance
	v.sar.Disable()
	v.erase.Disable()
	split := container.NewHSplit(v.table, container.NewBorder(nil, container.NewHBox(v.edit, v.sar, v.erase), nil, nil,
		container.NewVScroll(container.NewPadded(v.detail))))
	split.Offset = 0.66
	v.content = container.NewBorder(top, nil, nil, nil, split)
	v.refresh()
	return v
}

func (v *associatesView) filters() {
	v.region = widget.NewSelect(append([]string{"Any"}, model.RegionNames...), func(string) { v.apply() })
	bands := []string{"Any"}
	for _, b := range model.Bands {
		bands = append(bands, string(b))
	}
	v.band = widget.NewSelect(bands, func(string) { v.apply() })
	v.skill = widget.NewSelectEntry(nil)
	v.skill.SetPlaceHolder("any skill")
	v.skill.OnChanged = func(string) { v.apply() }
	v.level = widget.NewSelect([]string{"1", "2", "3", "4", "5"}, func(string) { v.apply() })
	v.freeFrom, v.freeTo = dateEntry(func() { v.apply() }), dateEntry(func() { v.apply() })
	v.region.SetSelectedIndex(0)
	v.band.SetSelectedIndex(0)
	v.level.SetSelectedIndex(0)
}

// dateEntry is an entry for a UK date that says at once when the text is not one.
func dateEntry(changed func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("dd/mm/yyyy")
	e.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		_, err := model.ParseDate(s)
		return err
	}
	e.OnChanged = func(string) {
		if changed != nil {
			changed()
		}
	}
	return e
}

func (v *associatesView) newTable() *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(v.cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			setCell(o, v.cols[id.Col].value(&v.u.data.Associates[v.rows[id.Row]]))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 {
			return
		}
		b.SetText(v.headerText(id.Col))
		b.OnTapped = func() { v.sortOn(id.Col) }
	}
	for i, c := range v.cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

func (v *associatesView) headerText(col int) string {
	text := v.cols[col].title
	if col == v.sortCol {
		if v.desc {
			return text + " ▼"
		}
		return text + " ▲"
	}
	return text
}

// sortOn sorts by a column; a second tap on the same column reverses the order.
func (v *associatesView) sortOn(col int) {
	if v.cols[col].sort < 0 {
		return
	}
	if v.sortCol == col {
		v.desc = !v.desc
	} else {
		v.sortCol, v.desc = col, false
	}
	v.apply()
}

// refresh rebuilds the search index for new data and shows it.
func (v *associatesView) refresh() {
	v.search = model.NewAssociateSearch(v.u.data, v.u.idx)
	if a := v.u.idx.Associate[v.selected]; a != nil {
		v.showDetail(a)
	}
	v.skill.SetOptions(model.Names(model.NewVocabulary(v.u.data).Skills))
	v.apply()
}

// filter reads the filter widgets.
func (v *associatesView) filter() model.AssociateFilter {
	f := model.AssociateFilter{Skill: v.skill.Text}
	if v.region.SelectedIndex() > 0 {
		f.Region = v.region.Selected
	}
	if v.band.SelectedIndex() > 0 {
		f.Band = model.Band(v.band.Selected)
	}
	fmt.Sscan(v.level.Selected, &f.MinLevel)
	from, err1 := model.ParseDate(v.freeFrom.Text)
	to, err2 := model.ParseDate(v.freeTo.Text)
	if err1 == nil && err2 == nil && to >= from {
		f.Free = model.Period{From: from, To: to}
	}
	return f
}

// apply filters by the search text and filters, sorts, and redraws. The person in the
// detail pane stays selected when still listed; otherwise nothing is selected, so that the
// highlighted row and the pane (which Edit and Erase act on) never disagree.
func (v *associatesView) apply() {
	if v.search == nil || v.table == nil {
		return // still being built: widgets report their first values
	}
	v.rows = v.filter().Apply(v.u.data, v.u.idx, v.search.Find(v.query.Text))
	v.search.Sort(v.rows, v.u.idx, v.cols[v.sortCol].sort, v.desc)
	v.count.SetText(fmt.Sprintf("%d of %d associates", len(v.rows), len(v.u.data.Associates)))
	v.table.Refresh()
	shown := fmt.Sprint(v.query.Text, v.filter(), v.sortCol, v.desc)
	if row := v.rowOf(v.selected); row >= 0 {
		v.table.Select(widget.TableCellID{Row: row, Col: 0})
	} else {
		v.clearDetail()
		if shown != v.shown {
			v.table.ScrollToTop() // a new search starts at its first match, not where the last one was
		}
	}
	v.shown = shown
}

// step selects the match n rows after the one shown (the first when none is), so that the
// keyboard alone can search and open a person: type, then Enter or the arrow keys.
func (v *associatesView) step(n int) {
	if len(v.rows) == 0 {
		return
	}
	row := 0
	if at := v.rowOf(v.selected); at >= 0 {
		row = min(max(at+n, 0), len(v.rows)-1)
	}
	v.table.Select(widget.TableCellID{Row: row, Col: 0})
	v.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
}

// searchEntry is the search box: Down and Up move through the matches while typing goes
// on in the box.
type searchEntry struct {
	widget.Entry
	move func(n int)
}

func newSearchEntry(move func(n int)) *searchEntry {
	e := &searchEntry{move: move}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		e.move(1)
	case fyne.KeyUp:
		e.move(-1)
	default:
		e.Entry.TypedKey(ev)
	}
}

// rowOf is the table row showing staffID, or -1.
func (v *associatesView) rowOf(staffID string) int {
	for r, i := range v.rows {
		if v.u.data.Associates[i].StaffID == staffID {
			return r
		}
	}
	return -1
}

// selectPerson shows one associate: their row highlighted (clearing a search or filter
// that hides them) and their details.
func (v *associatesView) selectPerson(staffID string) {
	if v.u.idx.Associate[staffID] == nil {
		return
	}
	v.selected = staffID
	if v.rowOf(staffID) < 0 {
		v.clearFilters()
	}
	v.apply()
	if row := v.rowOf(staffID); row >= 0 {
		v.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
	}
}

// clearFilters clears the search and every filter.
func (v *associatesView) clearFilters() {
	v.query.SetText("")
	v.region.SetSelectedIndex(0)
	v.band.SetSelectedIndex(0)
	v.skill.SetText("")
	v.level.SetSelectedIndex(0)
	v.freeFrom.SetText("")
	v.freeTo.SetText("")
}

// clearDetail empties the detail pane and disables what acts on a person.
func (v *associatesView) clearDetail() {
	v.selected = ""
	v.table.UnselectAll()
	v.detail.ParseMarkdown("Select an associate to see their details.")
	for _, b := range []*widget.Button{v.edit, v.sar, v.erase} {
		b.Disable()
	}
}

// showDetail describes one associate: contact details, rate and days used against the
// annual cap, skills, systems (from HR, and from secondments completed), clearances (expired
// in red, expiring within the alert window in amber), leave, secondments with anything that
// breaks a rule, and lessons they wrote.
func (v *associatesView) showDetail(a *model.Associate) {
	u := v.u
	v.selected = a.StaffID
	for _, b := range []*widget.Button{v.edit, v.sar, v.erase} {
		v.u.enable(b, true)
	}
	d := &detailText{}
	d.add(a.Name, "", widget.RichTextStyleSubHeading)
	summary := fmt.Sprintf("Staff ID %s · %s · %s · %s · %s/day", a.StaffID, orDefault(a.Band.String(), "no band"),
		orgName(u, a.HomeOrg), u.idx.RegionOf(a), u.data.Settings.RateFor(a))
	if a.RemoteOnly {
		summary += " · remote only"
	}
	d.para(summary)
	d.para(fmt.Sprintf("Email %s · Phone %s", orDefault(a.Email, "not given"), orDefault(a.Phone, "not given")))
	if !a.Active {
		d.add("Inactive: not planned.", "error", widget.RichTextStyleParagraph)
	}
	d.para(actions.DaysUsed(u.view, a, u.today()))
	d.para("Skills: " + orDefault(model.FormatSkills(a.Skills), "none recorded"))
	d.para("Systems (from HR): " + orDefault(strings.Join(a.Systems, ", "), "none recorded"))
	if exp := actions.Experience(u.view, a.StaffID); len(exp) > 0 {
		d.para("Experience from secondments: " + strings.Join(exp, ", "))
	}
	v.clearancesOf(d, a)
	d.heading("Leave, training and sickness")
	for _, l := range u.idx.Unavailable[a.StaffID] {
		d.para(l.Period.String() + " " + l.Reason)
	}
	if len(u.idx.Unavailable[a.StaffID]) == 0 {
		d.para("None.")
	}
	d.heading("Secondments")
	none := true
	for _, s := range u.data.Assignments {
		if s.StaffID == a.StaffID {
			none = false
			d.para(fmt.Sprintf("%s %s, %s (%s)", s.Period, s.RequestRef, s.Role, s.Status))
			if why := u.conflictOf(s); why != "" {
				d.add("⚠ "+why, "error", widget.RichTextStyleParagraph)
			}
		}
	}
	if none {
		d.para("None.")
	}
	for _, l := range u.data.Lessons {
		if l.AuthorID == a.StaffID { // tied by Staff ID: a namesake's lessons are not theirs
			d.heading("Lesson on " + l.System)
			d.para(l.WhatFixed)
		}
	}
	v.detail.Segments = d.segs
	v.detail.Refresh()
}

// clearancesOf lists an associate's clearances, flagged by how soon they expire.
func (v *associatesView) clearancesOf(d *detailText, a *model.Associate) {
	d.heading("Clearances")
	today := v.u.today()
	for _, c := range a.Clearances {
		switch {
		case c.Expiry < today:
			d.add(fmt.Sprintf("%s expired %s", c.Type, c.Expiry), "error", widget.RichTextStyleParagraph)
		case c.Expiry <= today+actions.AlertDays:
			d.add(fmt.Sprintf("%s expires %s, within %d days", c.Type, c.Expiry, actions.AlertDays), "warning", widget.RichTextStyleParagraph)
		default:
			d.para(fmt.Sprintf("%s valid to %s", c.Type, c.Expiry))
		}
	}
	if len(a.Clearances) == 0 {
		d.para("None.")
	}
}

// detailText gathers the segments of a detail pane.
type detailText struct{ segs []widget.RichTextSegment }

func (d *detailText) add(text string, colour fyne.ThemeColorName, style widget.RichTextStyle) {
	style.ColorName = colour
	d.segs = append(d.segs, &widget.TextSegment{Text: text, Style: style})
}

func (d *detailText) para(text string) { d.add(text, "", widget.RichTextStyleParagraph) }

// heading is a bold line of its own.
func (d *detailText) heading(text string) {
	d.add(text, "", widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}})
}

func orgName(u *UI, code string) string {
	if o := u.idx.Org[code]; o != nil {
		return o.Name + " (" + code + ")"
	}
	return code
}
