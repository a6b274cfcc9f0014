package app

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// timelineView is a Gantt chart of secondments by associate or by request, over months,
// coloured by status, with a line for today and leave shown.
type timelineView struct {
	u       *UI
	byWho   *widget.RadioGroup
	chart   *gantt
	content fyne.CanvasObject
}

func newTimelineView(u *UI) *timelineView {
	v := &timelineView{u: u, chart: newGantt()}
	v.byWho = widget.NewRadioGroup([]string{"By associate", "By request"}, func(string) { v.refresh() })
	v.byWho.Horizontal = true
	v.byWho.SetSelected("By associate")
	legend := container.NewHBox()
	for _, s := range []model.AssignmentStatus{model.Proposed, model.Confirmed, model.Active, model.Completed} {
		r := canvas.NewRectangle(statusColour(s))
		r.SetMinSize(fyne.NewSize(18, 12))
		legend.Add(container.NewHBox(container.NewCenter(r), widget.NewLabel(string(s))))
	}
	leave := canvas.NewRectangle(leaveColour)
	leave.SetMinSize(fyne.NewSize(18, 12))
	legend.Add(container.NewHBox(container.NewCenter(leave), widget.NewLabel("Leave")))
	v.content = container.NewBorder(container.NewHBox(v.byWho, legend), nil, nil, nil, container.NewScroll(v.chart))
	v.refresh()
	return v
}

// statusColour is how the chart shows an assignment's status.
func statusColour(s model.AssignmentStatus) color.Color {
	switch s {
	case model.Proposed:
		return color.NRGBA{R: 0x41, G: 0xB6, B: 0xE6, A: 0xFF} // NHS light blue
	case model.Confirmed:
		return nhsBlue
	case model.Active:
		return color.NRGBA{R: 0x00, G: 0x96, B: 0x39, A: 0xFF} // NHS green
	}
	return color.NRGBA{R: 0x76, G: 0x86, B: 0x92, A: 0xFF} // NHS mid grey
}

var leaveColour = color.NRGBA{R: 0xFF, G: 0xB8, B: 0x1C, A: 0xA0} // NHS warm yellow

// bar is one span on a row.
type bar struct {
	model.Period
	colour color.Color
	label  string
}

// ganttRow is one line of the chart.
type ganttRow struct {
	label string
	bars  []bar
}

func (v *timelineView) refresh() {
	u := v.u
	rows := map[string]*ganttRow{}
	var order []string
	row := func(key, label string) *ganttRow {
		if r, ok := rows[key]; ok {
			return r
		}
		rows[key] = &ganttRow{label: label}
		order = append(order, key)
		return rows[key]
	}
	byAssociate := v.byWho.Selected != "By request"
	for _, a := range u.data.Assignments {
		if !a.Holds() {
			continue
		}
		p := u.idx.Associate[a.StaffID]
		if p == nil {
			continue
		}
		if byAssociate {
			row(a.StaffID, p.Name).bars = append(rows[a.StaffID].bars, bar{a.Period, statusColour(a.Status), a.RequestRef})
		} else {
			row(a.RequestRef, a.RequestRef).bars = append(rows[a.RequestRef].bars, bar{a.Period, statusColour(a.Status), p.Name})
		}
	}
	if byAssociate {
		for _, l := range u.data.Unavailability {
			if r, ok := rows[l.StaffID]; ok {
				r.bars = append([]bar{{l.Period, leaveColour, ""}}, r.bars...)
			}
		}
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Compare(rows[a].label, rows[b].label) })
	out := make([]ganttRow, len(order))
	for i, k := range order {
		out[i] = *rows[k]
	}
	today := u.today()
	v.chart.set(out, today-30, today+180, today)
}

// gantt draws rows of bars against a span of days.
type gantt struct {
	widget.BaseWidget
	rows            []ganttRow
	from, to, today model.Date
}

const (
	ganttLabelW = 220
	ganttRowH   = 26
	ganttDayW   = 5
	ganttHeadH  = 24
)

func newGantt() *gantt {
	g := &gantt{}
	g.ExtendBaseWidget(g)
	return g
}

func (g *gantt) set(rows []ganttRow, from, to, today model.Date) {
	g.rows, g.from, g.to, g.today = rows, from, to, today
	g.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (g *gantt) CreateRenderer() fyne.WidgetRenderer {
	r := &ganttRenderer{g: g}
	r.build()
	return r
}

type ganttRenderer struct {
	g       *gantt
	objects []fyne.CanvasObject
}

func (r *ganttRenderer) x(d model.Date) float32 {
	return ganttLabelW + float32(max(d, r.g.from)-r.g.from)*ganttDayW
}

// build makes the canvas objects: month headers and gridlines, one label and its bars per
// row, and the line for today.
func (r *ganttRenderer) build() {
	g := r.g
	r.objects = nil
	if g.to <= g.from {
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	height := float32(ganttHeadH + len(g.rows)*ganttRowH)
	for d := g.from; d <= g.to; d++ {
		if d.Time().Day() != 1 {
			continue
		}
		line := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		line.Position1, line.Position2 = fyne.NewPos(r.x(d), 0), fyne.NewPos(r.x(d), height)
		month := canvas.NewText(d.Time().Format("Jan 2006"), fg)
		month.TextSize = 11
		month.Move(fyne.NewPos(r.x(d)+3, 4))
		r.objects = append(r.objects, line, month)
	}
	for i, row := range g.rows {
		y := float32(ganttHeadH + i*ganttRowH)
		label := canvas.NewText(row.label, fg)
		label.TextSize = 12
		label.Move(fyne.NewPos(4, y+5))
		r.objects = append(r.objects, label)
		for _, b := range row.bars {
			if b.To < g.from || b.From > g.to {
				continue
			}
			rect := canvas.NewRectangle(b.colour)
			rect.CornerRadius = 3
			rect.Move(fyne.NewPos(r.x(b.From), y+4))
			rect.Resize(fyne.NewSize(max(r.x(min(b.To, g.to)+1)-r.x(b.From), 2), ganttRowH-8))
			text := canvas.NewText(b.label, color.White)
			text.TextSize = 10
			text.Move(fyne.NewPos(r.x(b.From)+3, y+7))
			r.objects = append(r.objects, rect, text)
		}
	}
	now := canvas.NewLine(color.NRGBA{R: 0xDA, G: 0x29, B: 0x1C, A: 0xFF}) // NHS red
	now.StrokeWidth = 2
	now.Position1, now.Position2 = fyne.NewPos(r.x(g.today), 0), fyne.NewPos(r.x(g.today), height)
	r.objects = append(r.objects, now)
}

func (r *ganttRenderer) Layout(fyne.Size) {}

func (r *ganttRenderer) MinSize() fyne.Size {
	return fyne.NewSize(ganttLabelW+float32(r.g.to-r.g.from+1)*ganttDayW, float32(ganttHeadH+len(r.g.rows)*ganttRowH))
}

func (r *ganttRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.g)
}

func (r *ganttRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *ganttRenderer) Destroy() {}

// describe summarises the chart for tests and screen readers.
func (g *gantt) describe() string {
	bars := 0
	for _, r := range g.rows {
		bars += len(r.bars)
	}
	return fmt.Sprintf("%d rows, %d bars, %s to %s", len(g.rows), bars, g.from, g.to)
}
