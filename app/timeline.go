package app

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// timelineView is a Gantt chart to plan on: one lane per person (grouped by request when
// asked), secondments coloured by status, leave drawn beneath them so that it is never
// hidden, conflicts marked, zoom from weeks to a year, filters, and bars that say what they
// are when pointed at and open the person or the request when clicked.
type timelineView struct {
	u        *UI
	byWho    *widget.RadioGroup
	zoom     *widget.Select
	region   *widget.Select
	system   *widget.Select
	request  *widget.Select
	statuses *widget.CheckGroup
	chart    *gantt
	content  fyne.CanvasObject
}

const anyOption = "Any"

// zooms are the spans the chart can show, from today's week on.
var zooms = []struct {
	name string
	days int
}{{"4 weeks", 28}, {"3 months", 91}, {"6 months", 182}, {"1 year", 365}}

var shownStatuses = []model.AssignmentStatus{model.Proposed, model.Confirmed, model.Active, model.Completed}

func newTimelineView(u *UI) *timelineView {
	v := &timelineView{u: u}
	v.chart = newGantt(v.open)
	v.byWho = widget.NewRadioGroup([]string{"By associate", "By request"}, func(string) { v.refresh() })
	v.byWho.Horizontal = true
	v.byWho.SetSelected("By associate")
	var zoomNames []string
	for _, z := range zooms {
		zoomNames = append(zoomNames, z.name)
	}
	v.zoom = widget.NewSelect(zoomNames, func(string) { v.refresh() })
	v.zoom.SetSelected("6 months")
	v.region = widget.NewSelect(append([]string{anyOption}, model.RegionNames...), func(string) { v.refresh() })
	v.region.Selected = anyOption
	v.system = widget.NewSelect(nil, func(string) { v.refresh() })
	v.request = widget.NewSelect(nil, func(string) { v.refresh() })
	v.statuses = widget.NewCheckGroup(enumStrings(shownStatuses), func([]string) { v.refresh() })
	v.statuses.Horizontal = true
	v.statuses.SetSelected(enumStrings(shownStatuses))
	// Two rows that each fit a 1024-wide laptop: what is drawn, then which of it.
	controls := container.NewVBox(
		container.NewHScroll(container.NewHBox(v.byWho, widget.NewLabel("Show"), v.zoom, v.statuses)),
		container.NewHScroll(container.NewHBox(widget.NewLabel("Region"), v.region,
			widget.NewLabel("System"), container.NewGridWrap(fyne.NewSize(190, v.system.MinSize().Height), v.system),
			widget.NewLabel("Request"), container.NewGridWrap(fyne.NewSize(170, v.request.MinSize().Height), v.request))))
	v.content = container.NewBorder(controls,
		container.NewHScroll(legend()), nil, nil, container.NewVScroll(v.chart)) // the key below: whole on a laptop
	v.refresh()
	return v
}

// legend shows what the colours mean.
func legend() fyne.CanvasObject {
	box := container.NewHBox(widget.NewLabelWithStyle("Key:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	swatch := func(c color.Color, label string) {
		r := canvas.NewRectangle(c)
		r.SetMinSize(fyne.NewSize(18, 12))
		box.Add(container.NewHBox(container.NewCenter(r), widget.NewLabel(label)))
	}
	for _, st := range shownStatuses {
		swatch(statusColour(st), string(st))
	}
	swatch(leaveColour, "Leave")
	swatch(conflictColour, "Breaks a rule")
	return box
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

var (
	leaveColour    = color.NRGBA{R: 0xED, G: 0x8B, B: 0x00, A: 0xFF} // NHS orange
	conflictColour = color.NRGBA{R: 0xDA, G: 0x29, B: 0x1C, A: 0xFF} // NHS red
)

// refresh rebuilds the lanes from the register and the filters.
func (v *timelineView) refresh() {
	if v.chart == nil || v.request == nil || v.statuses == nil {
		return // still being built: widgets report their first values
	}
	u := v.u
	v.refreshOptions()
	var lanes []lane
	if v.byWho.Selected == "By request" {
		lanes = v.byRequest()
	} else {
		lanes = v.byAssociate()
	}
	from := u.today() - model.Date((int(u.today().Weekday())+6)%7) - 7 // from last week's Monday
	days := zooms[max(v.zoom.SelectedIndex(), 0)].days
	v.chart.set(lanes, from, from+model.Date(days), u.today())
}

// refreshOptions offers the register's systems and requests in the filters.
func (v *timelineView) refreshOptions() {
	systems := append([]string{anyOption}, model.Names(model.NewVocabulary(v.u.data).Systems)...)
	requests := []string{anyOption}
	for _, q := range v.u.data.Requests {
		requests = append(requests, q.Ref)
	}
	for _, s := range []struct {
		w       *widget.Select
		options []string
	}{{v.system, systems}, {v.request, requests}} {
		if !slices.Equal(s.w.Options, s.options) {
			s.w.Options = s.options
			if !slices.Contains(s.options, s.w.Selected) {
				s.w.Selected = anyOption
			}
			s.w.Refresh()
		}
	}
}

// shows reports whether the filters let an assignment through.
func (v *timelineView) shows(a model.Assignment) bool {
	u := v.u
	p, q := u.idx.Associate[a.StaffID], u.idx.Request[a.RequestRef]
	switch {
	case !a.Holds() || p == nil || q == nil || !slices.Contains(v.statuses.Selected, string(a.Status)):
		return false
	case v.region.Selected != anyOption && v.region.Selected != "" && u.idx.RegionOf(p) != v.region.Selected:
		return false
	case v.system.Selected != anyOption && v.system.Selected != "" && !strings.EqualFold(q.System, v.system.Selected):
		return false
	}
	return v.request.Selected == anyOption || v.request.Selected == "" || q.Ref == v.request.Selected
}

// byAssociate is one lane per person with a secondment shown, in name order.
func (v *timelineView) byAssociate() []lane {
	byPerson := map[string]*lane{}
	var order []string
	for _, a := range v.u.data.Assignments {
		if !v.shows(a) {
			continue
		}
		l := byPerson[a.StaffID]
		if l == nil {
			l = v.personLane(a.StaffID, "")
			byPerson[a.StaffID] = l
			order = append(order, a.StaffID)
		}
		l.bars = append(l.bars, v.bar(a, a.RequestRef))
	}
	out := make([]lane, len(order))
	for i, id := range order {
		out[i] = *byPerson[id]
	}
	slices.SortStableFunc(out, func(a, b lane) int { return cmp.Compare(strings.ToLower(a.label), strings.ToLower(b.label)) })
	return out
}

// byRequest is a heading per request, then one lane per person on it.
func (v *timelineView) byRequest() []lane {
	var out []lane
	for _, q := range v.u.data.Requests {
		var people []lane
		for _, a := range v.u.data.Assignments {
			if a.RequestRef == q.Ref && v.shows(a) {
				l := v.personLane(a.StaffID, a.Role)
				l.bars = append(l.bars, v.bar(a, a.Role))
				people = append(people, *l)
			}
		}
		if len(people) > 0 {
			out = append(out, lane{label: q.Ref + " · " + q.Title, heading: true, request: q.Ref})
			out = append(out, people...)
		}
	}
	return out
}

// personLane is a lane for one person, their leave drawn in it.
func (v *timelineView) personLane(staffID, role string) *lane {
	p := v.u.idx.Associate[staffID]
	l := &lane{label: personName(p), staffID: staffID}
	if role != "" {
		l.label += " · " + role
	}
	for _, u := range v.u.idx.Unavailable[staffID] {
		l.leave = append(l.leave, bar{Period: u.Period, tip: fmt.Sprintf("%s: %s %s", p.Name, orDefault(u.Reason, "leave"), u.Period)})
	}
	return l
}

// bar is an assignment as the chart draws it.
func (v *timelineView) bar(a model.Assignment, label string) bar {
	p := v.u.idx.Associate[a.StaffID]
	tip := fmt.Sprintf("%s: %s / %s, %s, %s", p.Name, a.RequestRef, a.Role, a.Status, a.Period)
	conflict := v.u.conflictOf(a)
	if conflict != "" {
		tip += "\n⚠ " + conflict
	}
	return bar{Period: a.Period, colour: statusColour(a.Status), label: label, tip: tip, conflict: conflict != "",
		staffID: a.StaffID, request: a.RequestRef}
}

// open shows what a bar or lane stands for: the request's plan, or the person.
func (v *timelineView) open(staffID, request string) {
	u := v.u
	if request != "" {
		u.planning.selectRequest(request)
		u.tabs.SelectIndex(tabPlanning)
		return
	}
	u.tabs.SelectIndex(tabAssociates)
	u.associates.selectPerson(staffID)
}

// personName tells people apart: two with one name have different Staff IDs.
func personName(p *model.Associate) string {
	if p == nil {
		return "(not in the register)"
	}
	return p.Name + " (" + p.StaffID + ")"
}
