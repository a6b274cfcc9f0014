package app

import (
	"cmp"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// requestsView lists requests, open ones first and by priority.
type requestsView struct {
	rows    []*model.Request
	seats   map[string]int
	table   *widget.Table
	content fyne.CanvasObject
}

var requestColumns = []struct {
	title string
	width float32
}{{"Ref", 120}, {"Priority", 70}, {"Kind", 120}, {"Trust", 300}, {"Title", 320}, {"System", 160},
	{"Dates", 200}, {"Seats", 60}, {"Status", 80}}

func newRequestsView(d *model.Data, idx *model.Index) *requestsView {
	v := &requestsView{seats: map[string]int{}}
	for i := range d.Requests {
		v.rows = append(v.rows, &d.Requests[i])
	}
	slices.SortStableFunc(v.rows, func(a, b *model.Request) int {
		return cmp.Or(cmp.Compare(statusRank(a.Status), statusRank(b.Status)), cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.From, b.From))
	})
	for _, r := range d.Roles {
		v.seats[r.RequestRef] += r.Headcount
	}
	trustName := func(code string) string {
		if o := idx.Org[code]; o != nil {
			return o.Name
		}
		return code
	}
	cells := func(q *model.Request) []string {
		return []string{q.Ref, fmt.Sprintf("P%d", q.Priority), string(q.Kind), trustName(q.Trust), q.Title, q.System,
			q.Period.String(), fmt.Sprint(v.seats[q.Ref]), string(q.Status)}
	}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(requestColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.SetText(cells(v.rows[id.Row])[id.Col])
		})
	v.table.ShowHeaderColumn = false
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(requestColumns[id.Col].title)
		}
	}
	for i, c := range requestColumns {
		v.table.SetColumnWidth(i, c.width)
	}
	v.content = container.NewBorder(widget.NewLabel(fmt.Sprintf("%d requests", len(v.rows))), nil, nil, nil, v.table)
	return v
}

func statusRank(s model.RequestStatus) int {
	return slices.Index(model.RequestStatuses, s)
}
