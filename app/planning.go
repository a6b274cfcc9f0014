package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
	"associateplanner/scheduler"
)

// planningView plans every open request and shows, per request, the team with each
// person's score terms, the empty seats with their reasons, and the lessons for its system.
type planningView struct {
	u        *UI
	open     []*model.Request
	selected string
	list     *widget.List
	coverage *widget.Label
	detail   *fyne.Container
	content  fyne.CanvasObject
}

func newPlanningView(u *UI) *planningView {
	v := &planningView{u: u, coverage: widget.NewLabel(""), detail: container.NewVBox()}
	v.coverage.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.open) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.listText(v.open[i])) })
	v.list.OnSelected = func(i widget.ListItemID) { v.selectRequest(v.open[i].Ref) }
	plan := widget.NewButtonWithIcon("Plan all open requests (Ctrl+P)", theme.ViewRefreshIcon(), v.planAll)
	plan.Importance = widget.HighImportance
	split := container.NewHSplit(v.list, container.NewVScroll(container.NewPadded(v.detail)))
	split.Offset = 0.3
	v.content = container.NewBorder(container.NewBorder(nil, nil, nil, plan, v.coverage), nil, nil, nil, split)
	v.refresh()
	return v
}

func (v *planningView) listText(q *model.Request) string {
	short := 0
	if v.u.plan != nil {
		for _, s := range v.u.plan.Unfilled {
			if s.RequestRef == q.Ref {
				short += s.Seats
			}
		}
	}
	text := fmt.Sprintf("P%d  %s  %s", q.Priority, q.Ref, q.Title)
	if short > 0 {
		text += fmt.Sprintf("  (%d empty)", short)
	}
	return text
}

func (v *planningView) refresh() {
	v.open = nil
	for i := range v.u.data.Requests {
		if q := &v.u.data.Requests[i]; q.Status == model.RequestOpen {
			v.open = append(v.open, q)
		}
	}
	v.coverage.SetText(coverageText(v.u.plan))
	v.list.Refresh()
	v.showRequest()
}

// coverageText says, per priority, how many seats are filled and whether that is optimal.
func coverageText(p *scheduler.Plan) string {
	if p == nil {
		return "Not planned yet."
	}
	return "Seats filled: " + p.CoverageSummary()
}

// planAll plans every open request and saves the proposals, as `plan --commit` does.
func (v *planningView) planAll() {
	u := v.u
	u.run("Planning", func(ctx context.Context, stage func(string)) error {
		_, err := u.desk.PlanAndCommit(ctx, func(s string, _, _ int) { stage(s) })
		return err
	}, u.reload)
}

func (v *planningView) selectRequest(ref string) {
	v.selected = ref
	v.showRequest()
}

// showRequest fills the detail pane with the selected request's plan.
func (v *planningView) showRequest() {
	u := v.u
	q := u.idx.Request[v.selected]
	v.detail.Objects = nil
	if q == nil || u.plan == nil {
		v.detail.Add(widget.NewLabel("Select a request on the left to see its team."))
		v.detail.Refresh()
		return
	}
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s · P%d %s · %s", q.Ref, q.Priority, q.Kind, q.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	edit := widget.NewButtonWithIcon("Edit request…", theme.DocumentCreateIcon(), func() { u.editRequest(q.Ref) })
	v.detail.Add(container.NewBorder(nil, nil, nil, edit, head))
	v.detail.Add(widget.NewLabel(fmt.Sprintf("%s · %s · %s · host %s", orgName(u, q.Trust), q.System, q.Period, q.HostName)))
	for _, r := range u.idx.RolesOf[q.Ref] {
		v.detail.Add(widget.NewSeparator())
		v.detail.Add(bold(fmt.Sprintf("%s — %d seat(s), %s", r.Name, r.Headcount, r.Period)))
		for _, a := range u.plan.Assignments {
			if a.RoleKey() == r.Key() {
				v.detail.Add(v.assignmentRow(a))
			}
		}
		for _, s := range u.plan.Unfilled {
			if s.RequestRef == q.Ref && strings.EqualFold(s.Role, r.Name) {
				v.detail.Add(unfilledText(s))
			}
		}
	}
	v.detail.Add(widget.NewSeparator())
	v.detail.Add(bold("Lessons on " + q.System))
	for _, l := range u.data.Lessons {
		if strings.EqualFold(l.System, q.System) {
			v.detail.Add(wrapped(fmt.Sprintf("%s: %s Fixed by: %s", l.Written, l.WhatFailed, l.WhatFixed)))
		}
	}
	v.detail.Refresh()
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func unfilledText(s scheduler.Unfilled) fyne.CanvasObject {
	text := fmt.Sprintf("⚠ %d seat(s) empty — %s", s.Seats, s.Summary)
	for _, n := range s.Nearest {
		text += fmt.Sprintf("\n   nearest: %s (%s)", n.Name, strings.Join(n.Misses, "; "))
	}
	l := wrapped(text)
	l.Importance = widget.WarningImportance
	return l
}

// assignmentRow shows one seat-holder with their score terms and what can be done.
func (v *planningView) assignmentRow(a scheduler.Placed) fyne.CanvasObject {
	status := string(a.Status)
	if a.Pinned {
		status += ", pinned"
	}
	var terms []string
	for _, t := range a.Score.Terms {
		terms = append(terms, fmt.Sprintf("%s %+.1f", t.Name, t.Value))
	}
	info := wrapped(fmt.Sprintf("%s (%s) — %s, %d days, %s · score %.1f: %s", a.Name, a.StaffID, status, a.Days, a.Cost,
		a.Score.Total, strings.Join(terms, ", ")))
	if a.Status != model.Proposed {
		return info
	}
	u, as := v.u, a.Assignment
	confirm := widget.NewButtonWithIcon("Confirm", theme.ConfirmIcon(), func() {
		u.change("Confirming", func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, as) })
	})
	pinText := "Pin"
	if a.Pinned {
		pinText = "Unpin"
	}
	pin := widget.NewButton(pinText, func() {
		u.change("Pinning", func(ctx context.Context, seen *model.Data) error { return u.desk.SetPinned(ctx, seen, as, !as.Pinned) })
	})
	reject := widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() {
		u.change("Rejecting", func(ctx context.Context, seen *model.Data) error { return u.desk.Reject(ctx, seen, as) })
	})
	swap := widget.NewButtonWithIcon("Swap…", theme.ViewRefreshIcon(), func() { v.swap(a.Assignment) })
	return container.NewBorder(nil, nil, nil, container.NewHBox(confirm, pin, swap, reject), info)
}

// change runs an action on the register as the user saw it, then shows the register again.
func (u *UI) change(title string, action func(ctx context.Context, seen *model.Data) error) {
	seen := u.data
	u.run(title, func(ctx context.Context, _ func(string)) error { return action(ctx, seen) }, u.reload)
}

// swap offers everyone for the seat, ranked, each saying why they can or cannot take it;
// the chosen one is pinned so re-planning keeps the coordinator's choice.
func (v *planningView) swap(current model.Assignment) {
	cands := v.u.plan.Candidates(current.RoleKey())
	var chosen *scheduler.Candidate
	list := widget.NewList(func() int { return len(cands) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(candidateText(cands[i])) })
	note := widget.NewLabel("Pick an eligible associate (✓).")
	list.OnSelected = func(i widget.ListItemID) {
		chosen = &cands[i]
		if !chosen.Eligible || chosen.Chosen {
			note.SetText(chosen.Name + " cannot take this seat: " + strings.Join(chosen.Reasons, "; "))
			chosen = nil
			return
		}
		note.SetText("Swap in " + chosen.Name + ".")
	}
	content := container.NewBorder(nil, note, nil, nil, list)
	d := dialog.NewCustomConfirm("Swap "+current.StaffID+" in "+current.Role, "Swap", "Cancel",
		container.NewGridWrap(fyne.NewSize(820, 480), content), func(ok bool) {
			if !ok || chosen == nil {
				return
			}
			staffID := chosen.StaffID
			v.u.change("Swapping", func(ctx context.Context, seen *model.Data) error {
				return v.u.desk.Swap(ctx, seen, current, staffID)
			})
		}, v.u.win)
	d.Show()
}

func candidateText(c scheduler.Candidate) string {
	switch {
	case c.Chosen:
		return fmt.Sprintf("• %s — in this role now (score %.1f)", c.Name, c.Score.Total)
	case c.Eligible:
		return fmt.Sprintf("✓ %s — eligible, score %.1f", c.Name, c.Score.Total)
	}
	return fmt.Sprintf("✗ %s — %s", c.Name, strings.Join(c.Reasons, "; "))
}
