package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// lane is one line of the chart: a person (with their leave) or a request's heading.
type lane struct {
	label   string
	heading bool
	staffID string // the person, for a person's lane
	request string // the request, for a heading
	bars    []bar
	leave   []bar
}

// bar is one span in a lane, and what it stands for.
type bar struct {
	model.Period
	colour   color.Color
	label    string
	tip      string // said when pointed at
	conflict bool   // the assignment breaks a rule now
	staffID  string
	request  string
}

// gantt draws lanes of bars against a span of days, as wide as it is given.
type gantt struct {
	widget.BaseWidget
	lanes           []lane
	from, to, today model.Date
	open            func(staffID, request string)
	tip             *widget.PopUp
}

const (
	ganttLabelW = 260
	ganttRowH   = 28
	ganttHeadH  = 24
	leaveH      = 6 // leave is a strip along the foot of the lane, never under a bar
)

func newGantt(open func(staffID, request string)) *gantt {
	g := &gantt{open: open}
	g.ExtendBaseWidget(g)
	return g
}

func (g *gantt) set(lanes []lane, from, to, today model.Date) {
	g.lanes, g.from, g.to, g.today = lanes, from, to, today
	g.Refresh()
}

// dayWidth is how wide a day is when the chart is width wide.
func (g *gantt) dayWidth(width float32) float32 {
	return max((width-ganttLabelW)/float32(max(g.to-g.from+1, 1)), 1)
}

func (g *gantt) x(d model.Date, width float32) float32 {
	return ganttLabelW + float32(min(max(d, g.from), g.to+1)-g.from)*g.dayWidth(width)
}

// hit finds the lane and the bar (or leave) under a position, if any.
func (g *gantt) hit(pos fyne.Position) (*lane, *bar) {
	i := int((pos.Y - ganttHeadH) / ganttRowH)
	if pos.Y < ganttHeadH || i < 0 || i >= len(g.lanes) {
		return nil, nil
	}
	l := &g.lanes[i]
	if pos.X < ganttLabelW {
		return l, nil
	}
	width := g.Size().Width
	day := g.from + model.Date((pos.X-ganttLabelW)/g.dayWidth(width))
	set := l.bars
	if pos.Y-ganttHeadH-float32(i*ganttRowH) >= ganttRowH-leaveH-2 { // the leave strip
		set = l.leave
	}
	for k := range set {
		if set[k].Contains(day) {
			return l, &set[k]
		}
	}
	return l, nil
}

// Tapped opens what was clicked: a bar's person or request, a lane's person or request.
func (g *gantt) Tapped(ev *fyne.PointEvent) {
	l, b := g.hit(ev.Position)
	switch {
	case b != nil && b.staffID != "":
		g.open(b.staffID, "")
	case l != nil:
		g.open(l.staffID, l.request)
	}
}

// MouseIn implements desktop.Hoverable.
func (g *gantt) MouseIn(ev *desktop.MouseEvent) { g.MouseMoved(ev) }

// MouseMoved says what the bar under the pointer is.
func (g *gantt) MouseMoved(ev *desktop.MouseEvent) {
	_, b := g.hit(ev.Position)
	if b == nil || b.tip == "" {
		g.MouseOut()
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(g)
	if c == nil {
		return
	}
	text := widget.NewLabel(b.tip)
	if g.tip != nil {
		g.tip.Hide()
	}
	g.tip = widget.NewPopUp(text, c)
	g.tip.ShowAtPosition(ev.AbsolutePosition.Add(fyne.NewPos(12, 16)))
}

// MouseOut hides what was said.
func (g *gantt) MouseOut() {
	if g.tip != nil {
		g.tip.Hide()
		g.tip = nil
	}
}

// describe summarises the chart for tests and screen readers.
func (g *gantt) describe() string {
	lanes, bars, leave, conflicts := 0, 0, 0, 0
	for _, l := range g.lanes {
		if !l.heading {
			lanes++
		}
		bars += len(l.bars)
		leave += len(l.leave)
		for _, b := range l.bars {
			if b.conflict {
				conflicts++
			}
		}
	}
	return fmt.Sprintf("%d lanes, %d bars, %d leave, %d conflicts, %s to %s", lanes, bars, leave, conflicts, g.from, g.to)
}

// CreateRenderer implements fyne.Widget.
func (g *gantt) CreateRenderer() fyne.WidgetRenderer { return &ganttRenderer{g: g} }

type ganttRenderer struct {
	g       *gantt
	objects []fyne.CanvasObject
	width   float32
}

// Layout draws the chart again for its new width: it fills the window.
func (r *ganttRenderer) Layout(size fyne.Size) {
	if size.Width != r.width {
		r.width = size.Width
		r.build()
	}
}

func (r *ganttRenderer) MinSize() fyne.Size {
	return fyne.NewSize(ganttLabelW+240, float32(ganttHeadH+len(r.g.lanes)*ganttRowH))
}

func (r *ganttRenderer) Refresh() {
	r.width = r.g.Size().Width
	r.build()
	canvas.Refresh(r.g)
}

func (r *ganttRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *ganttRenderer) Destroy() {}

// build makes the canvas objects: month (or week) marks, each lane's label, leave and bars,
// and the line for today.
func (r *ganttRenderer) build() {
	g, w := r.g, max(r.width, ganttLabelW+240)
	r.objects = nil
	if g.to <= g.from {
		return
	}
	height := float32(ganttHeadH + len(g.lanes)*ganttRowH)
	r.marks(w, height)
	for i, l := range g.lanes {
		r.lane(l, float32(ganttHeadH+i*ganttRowH), w, i%2 == 1)
	}
	now := canvas.NewLine(conflictColour)
	now.StrokeWidth = 2
	now.Position1, now.Position2 = fyne.NewPos(g.x(g.today, w), 0), fyne.NewPos(g.x(g.today, w), height)
	r.objects = append(r.objects, now)
}

// marks draws a line and a name at each month, or each Monday when a month is too coarse.
func (r *ganttRenderer) marks(w, height float32) {
	g := r.g
	fg := theme.Color(theme.ColorNameForeground)
	weekly := g.to-g.from < 60
	for d := g.from; d <= g.to; d++ {
		name := ""
		switch {
		case weekly && d.Weekday() == 1:
			name = d.Time().Format("2 Jan")
		case !weekly && d.Time().Day() == 1:
			name = d.Time().Format("Jan 2006")
		}
		if name == "" {
			continue
		}
		line := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		line.Position1, line.Position2 = fyne.NewPos(g.x(d, w), 0), fyne.NewPos(g.x(d, w), height)
		text := canvas.NewText(name, fg)
		text.TextSize = 11
		text.Move(fyne.NewPos(g.x(d, w)+3, 4))
		r.objects = append(r.objects, line, text)
	}
}

// fitted is text cut, with an ellipsis, to fit width when drawn at size in style: a long
// name must not run under the bars (the tip over a bar names the person in full).
func fitted(text string, size float32, style fyne.TextStyle, width float32) string {
	if fyne.MeasureText(text, size, style).Width <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && fyne.MeasureText(string(r)+"…", size, style).Width > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// laneShade marks every other lane, so that a leave strip is seen to be its lane's.
var laneShade = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x18}

// lane draws one lane at height y.
func (r *ganttRenderer) lane(l lane, y, w float32, shaded bool) {
	g := r.g
	if shaded {
		band := canvas.NewRectangle(laneShade)
		band.Move(fyne.NewPos(0, y))
		band.Resize(fyne.NewSize(w, ganttRowH))
		r.objects = append(r.objects, band)
	}
	style := fyne.TextStyle{Bold: l.heading}
	label := canvas.NewText(fitted(l.label, 12, style, ganttLabelW-8), theme.Color(theme.ColorNameForeground))
	label.TextSize = 12
	label.TextStyle = style
	label.Move(fyne.NewPos(4, y+6))
	r.objects = append(r.objects, label)
	for _, b := range l.leave {
		if b.To >= g.from && b.From <= g.to {
			strip := canvas.NewRectangle(leaveColour)
			strip.Move(fyne.NewPos(g.x(b.From, w), y+ganttRowH-leaveH-2))
			strip.Resize(fyne.NewSize(max(g.x(b.To+1, w)-g.x(b.From, w), 2), leaveH))
			r.objects = append(r.objects, strip)
		}
	}
	for _, b := range l.bars {
		if b.To < g.from || b.From > g.to {
			continue
		}
		rect := canvas.NewRectangle(b.colour)
		rect.CornerRadius = 3
		if b.conflict {
			rect.StrokeColor, rect.StrokeWidth = conflictColour, 3
		}
		rect.Move(fyne.NewPos(g.x(b.From, w), y+3))
		rect.Resize(fyne.NewSize(max(g.x(b.To+1, w)-g.x(b.From, w), 2), ganttRowH-leaveH-8))
		r.objects = append(r.objects, rect)
		if width := rect.Size().Width; fyne.MeasureText(b.label, 10, fyne.TextStyle{}).Width+6 <= width {
			text := canvas.NewText(b.label, color.White) // only where it fits: the tip says it anyway
			text.TextSize = 10
			text.Move(fyne.NewPos(g.x(b.From, w)+3, y+5))
			r.objects = append(r.objects, text)
		}
	}
}
