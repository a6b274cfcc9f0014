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

// associatesView lists associates in a virtualised table: only visible rows are drawn, so
// ten thousand scroll as easily as ten.
type associatesView struct {
	data    *model.Data
	idx     *model.Index
	search  *model.AssociateSearch
	rows    []int // indexes into data.Associates, filtered and sorted
	sortCol int
	desc    bool
	cols    []associateColumn

	query   *widget.Entry
	count   *widget.Label
	table   *widget.Table
	content fyne.CanvasObject
}

func newAssociatesView(d *model.Data, idx *model.Index) *associatesView {
	v := &associatesView{data: d, idx: idx, search: model.NewAssociateSearch(d, idx)}
	v.cols = []associateColumn{
		{"Name", 220, model.ByName, func(a *model.Associate) string { return a.Name }},
		{"Staff ID", 100, model.ByStaffID, func(a *model.Associate) string { return a.StaffID }},
		{"Employer", 90, model.ByHomeOrg, func(a *model.Associate) string { return a.HomeOrg }},
		{"Band", 60, model.ByBand, func(a *model.Associate) string { return string(a.Band) }},
		{"Region", 170, model.ByRegion, idx.RegionOf},
		{"Skills", 330, -1, func(a *model.Associate) string { return model.FormatSkills(a.Skills) }},
		{"Systems", 250, -1, func(a *model.Associate) string { return strings.Join(a.Systems, ", ") }},
		{"Days/yr", 70, model.ByMaxDays, func(a *model.Associate) string { return fmt.Sprint(a.MaxDays) }},
		{"Day rate", 90, model.ByRate, func(a *model.Associate) string { return d.Settings.RateFor(a).String() }},
	}
	v.query = widget.NewEntry()
	v.query.SetPlaceHolder("Search name, skill, system, organisation or region…")
	v.query.OnChanged = func(string) { v.refresh() }
	v.count = widget.NewLabel("")
	v.table = v.newTable()
	v.refresh()
	top := container.NewBorder(nil, nil, nil, v.count, v.query)
	v.content = container.NewBorder(top, nil, nil, nil, v.table)
	return v
}

func (v *associatesView) newTable() *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(v.cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.SetText(v.cols[id.Col].value(&v.data.Associates[v.rows[id.Row]]))
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
	v.refresh()
}

// refresh filters by the search text, sorts, and redraws.
func (v *associatesView) refresh() {
	v.rows = v.search.Find(v.query.Text)
	model.SortAssociates(v.rows, v.data, v.idx, v.cols[v.sortCol].sort, v.desc)
	v.count.SetText(fmt.Sprintf("%d of %d associates", len(v.rows), len(v.data.Associates)))
	v.table.Refresh()
}
