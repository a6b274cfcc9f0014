package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
	"associateplanner/scheduler"
)

// planningView shows the plan the register holds, per open request: the team with each
// person's score terms and what can be done with their seat at its stage of the
// lifecycle, anything that breaks a rule, the empty seats with their reasons, and the
// lessons for the request's system. Plan all open requests plans and saves at once.
type planningView struct {
	u          *UI
	open       []*model.Request
	selected   string
	list       *widget.List
	coverage   *widget.Label
	confirmAll *widget.Button
	detail     *fyne.Container
	content    fyne.CanvasObject
}

func newPlanningView(u *UI) *planningView {
	v := &planningView{u: u, coverage: widget.NewLabel(""), detail: container.NewVBox()}
	v.coverage.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.open) }, newRequestItem,
		func(i widget.ListItemID, o fyne.CanvasObject) { v.showItem(v.open[i], o) })
	v.list.OnSelected = func(i widget.ListItemID) {
		if ref := v.open[i].Ref; ref != v.selected { // highlight's own selection is shown already
			v.selectRequest(ref)
		}
	}
	plan := u.allow(widget.NewButtonWithIcon("Plan all open requests (Ctrl+P)", theme.ViewRefreshIcon(), v.planAll), model.ActionCommitPlan)
	plan.Importance = widget.HighImportance
	v.confirmAll = u.allow(widget.NewButtonWithIcon("Confirm every proposal", theme.ConfirmIcon(), v.askConfirmAll), model.ActionEditAssignments)
	split := container.NewHSplit(v.list, container.NewVScroll(container.NewPadded(v.detail)))
	split.Offset = 0.3
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(v.confirmAll, plan), v.coverage)
	v.content = container.NewBorder(bar, nil, nil, nil, split)
	v.refresh()
	return v
}

// newRequestItem is a list item of two lines: how the request is staffed, then its title.
// The staffing comes first so that a long title never hides empty seats.
func newRequestItem() fyne.CanvasObject {
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), title)
}

func (v *planningView) showItem(q *model.Request, o fyne.CanvasObject) {
	lines := o.(*fyne.Container).Objects
	status := "✓ fully staffed"
	if empty := v.emptySeats(q.Ref); empty > 0 {
		status = fmt.Sprintf("⚠ %d empty", empty)
	}
	lines[0].(*widget.Label).SetText(fmt.Sprintf("P%d %s · %s", q.Priority, q.Ref, status))
	lines[1].(*widget.Label).SetText(q.Title)
}

// emptySeats counts a request's empty seats in the plan the register holds.
func (v *planningView) emptySeats(ref string) int {
	n := 0
	for _, s := range v.u.plan.Unfilled {
		if s.RequestRef == ref {
			n += s.Seats
		}
	}
	return n
}

func (v *planningView) refresh() {
	v.open = nil
	for i := range v.u.data.Requests {
		if q := &v.u.data.Requests[i]; q.Status == model.RequestOpen {
			v.open = append(v.open, q)
		}
	}
	// Most urgent first: by priority, then the most empty seats, then the soonest.
	empty := map[string]int{}
	for _, s := range v.u.plan.Unfilled {
		empty[s.RequestRef] += s.Seats
	}
	slices.SortStableFunc(v.open, func(a, b *model.Request) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(empty[b.Ref], empty[a.Ref]), cmp.Compare(a.From, b.From))
	})
	v.coverage.SetText(coverageText(v.u.plan))
	proposals := 0
	for _, a := range v.u.data.Assignments {
		if a.Status == model.Proposed {
			proposals++
		}
	}
	v.confirmAll.SetText(fmt.Sprintf("Confirm every proposal (%d)", proposals))
	v.u.enable(v.confirmAll, proposals > 0)
	v.list.Refresh()
	v.highlight()
	v.showRequest()
}

// highlight marks the selected request in the list where the new order put it (none when
// it has left the list, closed or cancelled), so the list and the pane never disagree.
func (v *planningView) highlight() {
	for i, q := range v.open {
		if q.Ref == v.selected {
			v.list.Select(i)
			return
		}
	}
	v.list.UnselectAll()
}

// coverageText says, per priority, how many seats are filled and whether that is optimal.
func coverageText(p *scheduler.Plan) string {
	return "Seats filled: " + p.CoverageSummary()
}

// planAll plans every open request and saves the proposals, as `plan --commit` does, then
// says what was saved.
func (v *planningView) planAll() {
	u := v.u
	var saved int
	u.changeCounted("Planning", func(ctx context.Context, _ *model.Data, report progress) error {
		done, err := u.desk.PlanAndCommit(ctx, actions.Progress(report))
		saved = done.Proposals
		return err
	}, func() {
		u.tell(fmt.Sprintf("Planned: %d proposed assignment(s) saved. %s", saved, coverageText(u.plan)))
	})
}

func (v *planningView) selectRequest(ref string) {
	v.selected = ref
	v.highlight()
	v.showRequest()
}

// showRequest fills the detail pane with the selected request's plan.
func (v *planningView) showRequest() {
	u := v.u
	q := u.idx.Request[v.selected]
	v.detail.Objects = nil
	if q == nil {
		v.detail.Add(widget.NewLabel("Select a request on the left to see its team."))
		v.detail.Refresh()
		return
	}
	v.detail.Add(v.requestHeader(q))
	open := q.Status == model.RequestOpen
	for _, r := range u.idx.RolesOf[q.Ref] {
		v.detail.Add(widget.NewSeparator())
		v.detail.Add(bold(fmt.Sprintf("%s — %d seat(s), %s", r.Name, r.Headcount, r.Period)))
		if !open {
			v.detail.Add(v.endedTeam(r.Key()))
			continue
		}
		for _, a := range u.plan.Assignments {
			if a.RoleKey() == r.Key() {
				v.detail.Add(v.assignmentRow(a))
			}
		}
		for _, s := range u.plan.Unfilled {
			if s.RequestRef == q.Ref && strings.EqualFold(s.Role, r.Name) {
				v.detail.Add(v.unfilledRow(s, r.Key()))
			}
		}
	}
	v.detail.Add(widget.NewSeparator())
	v.detail.Add(v.lessonsFor(q))
	v.detail.Refresh()
}

// endedTeam lists who held a closed request's role and how each ended: completed, or
// withdrawn with the reason (a commitment not begun when the request closed).
func (v *planningView) endedTeam(role model.RoleKey) fyne.CanvasObject {
	var lines []string
	for _, a := range v.u.data.Assignments {
		if a.RoleKey() != role {
			continue
		}
		line := fmt.Sprintf("%s — %s, %s", personName(v.u.idx.Associate[a.StaffID]), a.Status, a.Period)
		if a.Reason != "" {
			line += " · " + a.Reason
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return widget.NewLabel("No one held it.")
	}
	return wrapped(strings.Join(lines, "\n"))
}

// requestHeader names the request and offers what can be done with it as a whole.
func (v *planningView) requestHeader(q *model.Request) fyne.CanvasObject {
	u := v.u
	head := bold(fmt.Sprintf("%s · P%d %s · %s", q.Ref, q.Priority, q.Kind, q.Title))
	head.Wrapping = fyne.TextWrapWord
	where := wrapped(fmt.Sprintf("%s · %s · %s · host contact %s", orgName(u, q.Trust), orDefault(q.System, "no system named"),
		q.Period, orDefault(q.HostName, "not named")))
	edit := u.allow(widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { u.editRequest(q.Ref) }), model.ActionEditRequests)
	if q.Status != model.RequestOpen {
		note := wrapped(fmt.Sprintf("This request is %s: what was done stays on record, and nothing more can be done "+
			"with its team. Reopen it to plan it again.", strings.ToLower(string(q.Status))))
		note.Importance = widget.WarningImportance
		return container.NewVBox(head, where, note, container.NewHBox(edit, u.reopenButton(func() string { return q.Ref })))
	}
	confirm := u.allow(widget.NewButtonWithIcon("Confirm its proposals", theme.ConfirmIcon(), func() { v.confirmAllOf(q.Ref) }), model.ActionEditAssignments)
	u.enable(confirm, slices.ContainsFunc(u.data.Assignments, func(a model.Assignment) bool {
		return a.RequestRef == q.Ref && a.Status == model.Proposed
	}))
	closeIt := u.allow(widget.NewButtonWithIcon("Close…", theme.DocumentSaveIcon(), func() { u.closeRequest(q.Ref, model.RequestClosed) }), model.ActionEditRequests)
	cancel := u.allow(widget.NewButtonWithIcon("Cancel request…", theme.CancelIcon(), func() { u.closeRequest(q.Ref, model.RequestCancelled) }), model.ActionEditRequests)
	return container.NewVBox(head, where, container.NewHBox(edit, confirm, closeIt, cancel))
}

// askConfirmAll asks before confirming every open request's proposals at once: it commits
// many people in one tap.
func (v *planningView) askConfirmAll() {
	people, requests := 0, map[string]bool{}
	for _, a := range v.u.data.Assignments {
		if a.Status == model.Proposed {
			people++
			requests[a.RequestRef] = true
		}
	}
	v.u.ask("Confirm every proposal?", fmt.Sprintf("%d proposal(s) on %d request(s) become commitments: the people are "+
		"booked and their letters can be written. Undo takes it back until the next change.", people, len(requests)),
		"Confirm them all", func() { v.confirmAllOf("") })
}

// confirmAllOf confirms every proposal of a request ("" for all) in one change.
func (v *planningView) confirmAllOf(ref string) {
	u := v.u
	var n int
	u.change("Confirming", func(ctx context.Context, seen *model.Data) error {
		var err error
		n, err = u.desk.ConfirmAll(ctx, seen, ref)
		return err
	}, func() { u.tell(fmt.Sprintf("Confirmed %d proposal(s).", n)) })
}

// assignmentRow shows one seat-holder with their score terms, anything their seat breaks,
// and what can be done at its stage: a proposal is confirmed, pinned, swapped or rejected;
// a commitment starts, is swapped or stood down; a secondment under way is completed or
// stood down. (A closed request's team is shown as it ended, by endedTeam.)
func (v *planningView) assignmentRow(a scheduler.Placed) fyne.CanvasObject {
	status := string(a.Status)
	if a.Pinned {
		status += ", pinned"
	}
	var terms []string
	for _, t := range a.Score.Terms {
		terms = append(terms, fmt.Sprintf("%s %+.1f", t.Name, t.Value))
	}
	info := wrapped(fmt.Sprintf("%s (%s, %s) — %s, %d days, %s · score %.1f: %s", a.Name, a.StaffID, v.u.homeOf(a.StaffID),
		status, a.Days, a.Cost, a.Score.Total, strings.Join(terms, ", ")))
	box := container.NewVBox(info)
	if why := v.u.conflictOf(a.Assignment); why != "" {
		warn := wrapped("⚠ " + why)
		warn.Importance = widget.DangerImportance
		box.Add(warn)
	}
	if buttons := v.actionsFor(a.Assignment); len(buttons) > 0 {
		box.Add(container.NewHBox(buttons...))
	}
	return box
}

// actionsFor returns the buttons for what can be done with an assignment now.
func (v *planningView) actionsFor(a model.Assignment) []fyne.CanvasObject {
	u := v.u
	act := func(label string, icon fyne.Resource, do func(ctx context.Context, seen *model.Data) error) fyne.CanvasObject {
		return u.allow(widget.NewButtonWithIcon(label, icon, func() { u.change(label, do, nil) }), model.ActionEditAssignments)
	}
	switch a.Status {
	case model.Proposed:
		pin := "Pin"
		if a.Pinned {
			pin = "Unpin"
		}
		return []fyne.CanvasObject{
			act("Confirm", theme.ConfirmIcon(), func(ctx context.Context, seen *model.Data) error { return u.desk.Confirm(ctx, seen, a) }),
			act(pin, theme.MediaPauseIcon(), func(ctx context.Context, seen *model.Data) error { return u.desk.SetPinned(ctx, seen, a, !a.Pinned) }),
			u.allow(widget.NewButtonWithIcon("Swap…", theme.ViewRefreshIcon(), func() { v.swap(a) }), model.ActionEditAssignments),
			act("Reject", theme.CancelIcon(), func(ctx context.Context, seen *model.Data) error { return u.desk.Reject(ctx, seen, a) }),
		}
	case model.Confirmed:
		start := act("Start", theme.MediaPlayIcon(), func(ctx context.Context, seen *model.Data) error { return u.desk.Start(ctx, seen, a) })
		if a.CheckStarted(u.today()) != nil {
			b := start.(*widget.Button)
			b.SetText("Starts " + a.From.String())
			b.Disable()
		}
		return []fyne.CanvasObject{
			start,
			u.allow(widget.NewButtonWithIcon("Swap…", theme.ViewRefreshIcon(), func() { v.swap(a) }), model.ActionEditAssignments),
			u.allow(widget.NewButtonWithIcon("Stand down…", theme.CancelIcon(), func() { u.standDown(a) }), model.ActionEditAssignments),
		}
	case model.Active:
		return []fyne.CanvasObject{
			u.allow(widget.NewButtonWithIcon("Complete…", theme.ConfirmIcon(), func() { u.complete(a) }), model.ActionEditAssignments),
			u.allow(widget.NewButtonWithIcon("Stand down…", theme.CancelIcon(), func() { u.standDown(a) }), model.ActionEditAssignments),
		}
	}
	return nil
}

// unfilledRow says why a role's seats are empty, with the nearest candidates, and offers to
// plan them again.
func (v *planningView) unfilledRow(s scheduler.Unfilled, role model.RoleKey) fyne.CanvasObject {
	text := fmt.Sprintf("⚠ %d seat(s) empty — %s", s.Seats, s.Summary)
	for _, n := range s.Nearest {
		text += fmt.Sprintf("\n   nearest: %s (%s): %s", n.Name, n.StaffID, strings.Join(n.Misses, "; "))
	}
	if free := v.free(role); len(free) > 0 { // someone could take a seat: it has not been planned since
		text = fmt.Sprintf("%d seat(s) not planned yet: %s could take one. Plan all open requests, or re-plan this role.",
			s.Seats, strings.Join(free, ", "))
	}
	l := wrapped(text)
	l.Importance = widget.WarningImportance
	replan := v.u.allow(widget.NewButtonWithIcon("Re-plan this role's empty seats", theme.ViewRefreshIcon(), func() { v.u.replanSeats(role) }),
		model.ActionCommitPlan)
	return container.NewVBox(l, container.NewHBox(replan))
}

// free names the first few who could take one of a role's empty seats without breaking a
// rule, and says how many more.
func (v *planningView) free(role model.RoleKey) []string {
	var free []scheduler.Candidate
	seen := map[string]int{}
	for _, c := range v.u.plan.Candidates(role) {
		if c.Eligible && !c.Chosen {
			free = append(free, c)
			seen[c.Name]++
		}
	}
	var names []string
	for _, c := range free {
		if seen[c.Name] > 1 { // namesakes told apart
			names = append(names, c.Name+" ("+c.StaffID+")")
		} else {
			names = append(names, c.Name)
		}
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("%d others", len(names)-3))
	}
	return names
}

// lessonsFor lists the lessons on the request's system: what failed and what fixed it.
func (v *planningView) lessonsFor(q *model.Request) fyne.CanvasObject {
	box := container.NewVBox(bold("Lessons on " + orDefault(q.System, "this request's system")))
	found := 0
	for _, l := range v.u.data.Lessons {
		if q.System != "" && strings.EqualFold(l.System, q.System) {
			box.Add(wrapped(lessonText(v.u, l)))
			found++
		}
	}
	if found == 0 {
		box.Add(widget.NewLabel("None yet: a debrief when a secondment or request closes becomes one."))
	}
	return box
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// swap offers everyone for the seat, ranked, each saying why they can or cannot take it;
// the chosen one is pinned so re-planning keeps the coordinator's choice.
func (v *planningView) swap(current model.Assignment) {
	u := v.u
	all := u.plan.Candidates(current.RoleKey())
	cands := all
	var chosen *scheduler.Candidate
	list := widget.NewList(func() int { return len(cands) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { setCell(o, v.candidateText(cands[i])) })
	note := wrapped("Pick an eligible associate (✓); pick one marked ✗ to read in full why not.")
	search := widget.NewEntry()
	search.SetPlaceHolder("Find by name, Staff ID or employer…")
	search.OnChanged = func(text string) {
		words := strings.Fields(model.Unaccented(strings.ToLower(text)))
		cands = nil
		for _, c := range all {
			if model.ContainsWords(model.Unaccented(strings.ToLower(v.candidateText(c))), words) {
				cands = append(cands, c)
			}
		}
		chosen = nil
		list.UnselectAll()
		list.Refresh()
		list.ScrollToTop()
	}
	list.OnSelected = func(i widget.ListItemID) {
		chosen = &cands[i]
		if !chosen.Eligible || chosen.Chosen {
			note.SetText(chosen.Name + " cannot take this seat: " + strings.Join(chosen.Reasons, "; "))
			chosen = nil
			return
		}
		note.SetText("Swap in " + chosen.Name + ".")
	}
	holder := personName(u.idx.Associate[current.StaffID])
	content := container.NewBorder(search, note, nil, nil, list)
	d := dialog.NewCustomConfirm("Swap "+holder+" in "+current.Role, "Swap", "Cancel",
		container.NewGridWrap(u.fit(860, 520), content), func(ok bool) {
			if ok && chosen == nil {
				u.tell("Nothing swapped: no eligible associate was picked.")
			}
			if !ok || chosen == nil {
				return
			}
			staffID := chosen.StaffID
			u.change("Swapping", func(ctx context.Context, seen *model.Data) error {
				return u.desk.Swap(ctx, seen, current, staffID)
			}, nil)
		}, u.win)
	u.present(d, nil)
}

// candidateText names a candidate so that two of one name can be told apart.
func (v *planningView) candidateText(c scheduler.Candidate) string {
	who := fmt.Sprintf("%s (%s, %s)", c.Name, c.StaffID, v.u.homeOf(c.StaffID))
	switch {
	case c.Chosen:
		return fmt.Sprintf("• %s — in this role now (score %.1f)", who, c.Score.Total)
	case c.Eligible:
		return fmt.Sprintf("✓ %s — eligible, score %.1f", who, c.Score.Total)
	}
	return fmt.Sprintf("✗ %s — %s", who, strings.Join(c.Reasons, "; "))
}
