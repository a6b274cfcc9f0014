package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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

	query        *widget.Entry
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
	v.query = widget.NewEntry()
	v.query.SetPlaceHolder("Search name, skill, system, organisation or region (Ctrl+F)…")
	v.query.OnChanged = func(string) { v.apply() }
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
	filterBar := container.NewHBox(widget.NewLabel("Region"), v.region, widget.NewLabel("Band"), v.band,
		widget.NewLabel("Skill"), container.NewGridWrap(fyne.NewSize(200, 36), v.skill), widget.NewLabel("≥"), v.level,
		widget.NewLabel("Free from"), container.NewGridWrap(fyne.NewSize(135, 36), v.freeFrom),
		widget.NewLabel("to"), container.NewGridWrap(fyne.NewSize(135, 36), v.freeTo))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, v.count, v.query), container.NewHScroll(filterBar))
	v.edit = widget.NewButton("Edit…", func() {
		if a := v.u.idx.Associate[v.selected]; a != nil {
			v.u.editAssociate(*a)
		}
	})
	v.edit.Disable()
	v.sar = widget.NewButton("Export their data…", func() { v.u.chooseSubjectAccess(v.selected) })
	v.erase = widget.NewButton("Erase…", func() { v.u.confirmErase(v.selected) })
	v.erase.Importance = widget.DangerImportance
	v.sar.Disable()
	v.erase.Disable()
	split := container.NewHSplit(v.table, container.NewBorder(nil, container.NewHBox(v.edit, v.sar, v.erase), nil, nil,
		container.NewVScroll(container.NewPadded(v.detail))))
	split.Offset = 0.72
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
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.SetText(v.cols[id.Col].value(&v.u.data.Associates[v.rows[id.Row]]))
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

// apply filters by the search text and filters, sorts, and redraws.
func (v *associatesView) apply() {
	if v.search == nil || v.table == nil {
		return // still being built: widgets report their first values
	}
	v.rows = v.filter().Apply(v.u.data, v.u.idx, v.search.Find(v.query.Text))
	model.SortAssociates(v.rows, v.u.data, v.u.idx, v.cols[v.sortCol].sort, v.desc)
	v.count.SetText(fmt.Sprintf("%d of %d associates", len(v.rows), len(v.u.data.Associates)))
	v.table.Refresh()
}

// showDetail describes one associate: skills, systems, clearances (expired in red,
// expiring within 60 days in amber), leave, secondments and lessons.
func (v *associatesView) showDetail(a *model.Associate) {
	u := v.u
	v.selected = a.StaffID
	v.edit.Enable()
	v.sar.Enable()
	v.erase.Enable()
	var segs []widget.RichTextSegment
	add := func(text string, colour fyne.ThemeColorName, style widget.RichTextStyle) {
		style.ColorName = colour
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	para := func(text string) { add(text, "", widget.RichTextStyleParagraph) }
	heading := widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}} // a line of its own
	add(a.Name, "", widget.RichTextStyleSubHeading)
	summary := fmt.Sprintf("Staff ID %s · %s · %s · %s · %s · up to %d days a year", a.StaffID, a.Band.String(),
		orgName(u, a.HomeOrg), u.idx.RegionOf(a), u.data.Settings.RateFor(a), a.MaxDays)
	if a.RemoteOnly {
		summary += " · remote only"
	}
	para(summary)
	if !a.Active {
		add("Inactive: not planned.", "error", widget.RichTextStyleParagraph)
	}
	para("Skills: " + model.FormatSkills(a.Skills))
	para("Systems: " + strings.Join(a.Systems, ", "))
	add("Clearances", "", heading)
	today := u.today()
	for _, c := range a.Clearances {
		switch {
		case c.Expiry < today:
			add(fmt.Sprintf("%s expired %s", c.Type, c.Expiry), "error", widget.RichTextStyleParagraph)
		case c.Expiry <= today+60:
			add(fmt.Sprintf("%s expires %s, within 60 days", c.Type, c.Expiry), "warning", widget.RichTextStyleParagraph)
		default:
			para(fmt.Sprintf("%s valid to %s", c.Type, c.Expiry))
		}
	}
	add("Unavailable", "", heading)
	for _, l := range u.idx.Unavailable[a.StaffID] {
		para(l.Period.String() + " " + l.Reason)
	}
	add("Secondments", "", heading)
	for _, s := range u.data.Assignments {
		if s.StaffID == a.StaffID {
			para(fmt.Sprintf("%s %s, %s (%s)", s.Period, s.RequestRef, s.Role, s.Status))
		}
	}
	for _, l := range u.data.Lessons {
		if l.Author == a.Name || l.Author == a.StaffID {
			add("Lesson on "+l.System, "", heading)
			para(l.WhatFixed)
		}
	}
	v.detail.Segments = segs
	v.detail.Refresh()
}

func orgName(u *UI, code string) string {
	if o := u.idx.Org[code]; o != nil {
		return o.Name + " (" + code + ")"
	}
	return code
}
