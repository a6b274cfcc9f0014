package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// The dialogs of the lifecycle: standing someone down (with a reason, then a re-plan of
// their seat), completing a secondment and closing a request (each with a debrief that
// becomes a lesson), and undoing the last change.

// standDownReasons are offered; any other reason can be typed.
var standDownReasons = []string{"Sickness", "Personal reasons", "Recalled by their employer", "No longer needed"}

// standDown withdraws an assignment for a reason, then offers to re-plan the seat it frees.
func (u *UI) standDown(a model.Assignment) {
	reason := u.newChoice(standDownReasons)
	reason.SetPlaceHolder("why: pick or type a reason")
	reason.Validator = func(s string) error { // Stand down waits for one: nothing typed is lost
		if strings.TrimSpace(s) == "" {
			return errors.New("say why: it goes on their record")
		}
		return nil
	}
	who := personName(u.idx.Associate[a.StaffID])
	intro := wrapped(fmt.Sprintf("%s leaves %s / %s. The reason goes in the workbook's Assignments sheet; the seat is freed.",
		who, a.RequestRef, a.Role))
	d := dialog.NewForm("Stand down "+who, "Stand down", "Cancel", []*widget.FormItem{
		widget.NewFormItem("", intro), widget.NewFormItem("Reason", reason)}, func(ok bool) {
		if !ok {
			return
		}
		text := reason.Text
		u.change("Standing down", func(ctx context.Context, seen *model.Data) error {
			return u.desk.StandDown(ctx, seen, a, text)
		}, func() {
			u.ask("Re-plan the seat?", "Plan the empty seat of "+a.RequestRef+" / "+a.Role+
				" now, keeping everyone else where they are?", "Re-plan", func() { u.replanSeats(a.RoleKey()) })
		})
	}, u.win)
	d.Resize(u.fit(560, 280))
	u.present(d, nil)
	u.win.Canvas().Focus(reason)
}

// replanSeats plans one role's empty seats, keeping every other proposal where it is.
func (u *UI) replanSeats(role model.RoleKey) {
	var n int
	u.change("Re-planning the seat", func(ctx context.Context, _ *model.Data) error {
		var err error
		n, err = u.desk.ReplanSeats(ctx, []model.RoleKey{role}, nil)
		return err
	}, func() {
		u.planning.selectRequest(role.RequestRef)
		u.tabs.SelectIndex(tabPlanning)
		u.tell(fmt.Sprintf("Re-planned: %d proposal(s) saved for the role; everyone else stays where they were.", n))
	})
}

// complete marks a secondment done, with a debrief that becomes a lesson if filled in; it
// returns the debrief's form.
func (u *UI) complete(a model.Assignment) *lessonForm {
	q := u.idx.Request[a.RequestRef]
	f := newLessonForm(u, model.Lesson{System: q.System, Trust: q.Trust, RequestRef: q.Ref, Author: a.StaffID}, true)
	if today := u.today(); a.To > today {
		f.intro.SetText(fmt.Sprintf("Completing now ends the secondment today, %s, before its planned end on %s: its days "+
			"and cost become those worked, and its seat is not planned again (stand them down instead if someone should "+
			"take over). Leave the debrief blank to complete without a lesson.", today, a.To))
	}
	u.lessonDialog("Complete "+personName(u.idx.Associate[a.StaffID])+" on "+a.RequestRef, "Complete", f,
		func(debrief *model.Lesson) {
			u.change("Completing", func(ctx context.Context, seen *model.Data) error {
				return u.desk.Complete(ctx, seen, a, debrief)
			}, nil)
		})
	return f
}

// closeRequest closes or cancels a request, with a debrief when it closes; it returns the
// debrief's form (nil when cancelling).
func (u *UI) closeRequest(ref string, to model.RequestStatus) *lessonForm {
	q := u.idx.Request[ref]
	if q == nil {
		return nil
	}
	staffed := "It is fully staffed."
	if n := u.planning.emptySeats(ref); n > 0 {
		staffed = fmt.Sprintf("%d seat(s) are still empty.", n)
	}
	if to == model.RequestCancelled {
		u.ask("Cancel "+ref+"?", staffed+" "+u.endingWords(ref), "Cancel the request", func() { u.changeRequest(ref, to, nil) })
		return nil
	}
	f := newLessonForm(u, model.Lesson{System: q.System, Trust: q.Trust, RequestRef: q.Ref}, true)
	f.intro.SetText(staffed + " " + u.endingWords(ref) + " What was learnt?")
	u.lessonDialog("Close "+ref+": debrief", "Close the request", f, func(debrief *model.Lesson) { u.changeRequest(ref, to, debrief) })
	return f
}

// endingWords says what ending a request today does to its people, by the rule the
// core's CloseRequest follows (Assignment.EndedOn).
func (u *UI) endingWords(ref string) string {
	withdrawn, completed := 0, 0
	for _, a := range u.data.Assignments {
		if a.RequestRef != ref || !a.Holds() || a.Status == model.Completed {
			continue
		}
		if a.EndedOn(u.today(), "").Status == model.Withdrawn {
			withdrawn++
		} else {
			completed++
		}
	}
	var parts []string
	if withdrawn > 0 {
		parts = append(parts, fmt.Sprintf("%d proposal(s) and commitment(s) not yet begun will be withdrawn", withdrawn))
	}
	if completed > 0 {
		parts = append(parts, fmt.Sprintf("%d secondment(s) under way will be completed as of today", completed))
	}
	if len(parts) == 0 {
		return "No one holds a seat."
	}
	return strings.Join(parts, "; ") + "."
}

func (u *UI) changeRequest(ref string, to model.RequestStatus, debrief *model.Lesson) {
	u.change("Closing "+ref, func(ctx context.Context, seen *model.Data) error {
		return u.desk.CloseRequest(ctx, seen, ref, to, debrief)
	}, func() { u.tell(ref + " is " + strings.ToLower(string(to)) + ".") })
}

// reopenButton reopens the request ref names, to plan it again.
func (u *UI) reopenButton(ref func() string) *widget.Button {
	return u.allow(widget.NewButtonWithIcon("Reopen", theme.HistoryIcon(), func() {
		ref := ref()
		u.change("Reopening "+ref, func(ctx context.Context, seen *model.Data) error { return u.desk.Reopen(ctx, seen, ref) }, nil)
	}), model.ActionEditRequests)
}

// undoLast takes back the last change made in this window.
func (u *UI) undoLast() {
	var label string
	u.change("Undoing", func(ctx context.Context, _ *model.Data) error {
		var err error
		label, err = u.desk.Undo(ctx)
		return err
	}, func() { u.tell("Undone: " + label + ".") })
}

// ask asks a yes-or-no question; yes runs then.
func (u *UI) ask(title, question, yes string, then func()) {
	text := wrapped(question)
	d := dialog.NewCustomConfirm(title, yes, "Not now", u.sized(text, 520, 120), func(ok bool) {
		if ok {
			then()
		}
	}, u.win)
	u.present(&yesNo{d}, nil)
}

// homeOf names an associate's employer, for telling people of one name apart.
func (u *UI) homeOf(staffID string) string {
	if a := u.idx.Associate[staffID]; a != nil {
		return u.idx.OrgName(a.HomeOrg)
	}
	return ""
}

// lessonText is a lesson as lists show it.
func lessonText(u *UI, l model.Lesson) string {
	system := l.System
	if l.Version != "" {
		system += " " + l.Version
	}
	text := fmt.Sprintf("%s · %s · %s · by %s\nWhat failed: %s\nWhat fixed it: %s", system, orgName(u, l.Trust), orDefault(l.Written.String(), "undated"),
		orDefault(authorName(u, l.Author), "someone not named"), l.WhatFailed, l.WhatFixed)
	if len(l.Tags) > 0 {
		text += "\nTags: " + strings.Join(l.Tags, ", ")
	}
	return text
}

// authorName shows a lesson's author by name when they are in the register.
func authorName(u *UI, author string) string {
	if a := u.idx.Associate[author]; a != nil {
		return a.Name
	}
	return author
}

// lessonForm writes or edits a lesson: a debrief of what failed on a supplier's system and
// what fixed it.
type lessonForm struct {
	u                       *UI
	l                       model.Lesson
	optional                bool // a debrief may be left blank: no lesson is kept
	intro                   *widget.Label
	system                  *choiceField
	version, tags, author   *field
	trust                   *choiceField
	whatFailed, whatFixedIt *field
	problem                 *widget.Label
	content                 fyne.CanvasObject
}

func newLessonForm(u *UI, l model.Lesson, optional bool) *lessonForm {
	f := &lessonForm{u: u, l: l, optional: optional, intro: wrapped(""), problem: problemLabel()}
	f.system = u.newChoice(model.Names(model.NewVocabulary(u.data).Systems))
	f.system.SetText(l.System)
	f.version, f.tags = u.newField(l.Version, nil), u.newField(strings.Join(l.Tags, "; "), nil)
	f.author = u.newField(l.Author, nil)
	f.trust = u.orgPicker(l.Trust, false)
	f.whatFailed, f.whatFixedIt = u.newField(l.WhatFailed, nil), u.newField(l.WhatFixed, nil)
	for _, e := range []*field{f.whatFailed, f.whatFixedIt} {
		e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	form := steady(widget.NewForm(widget.NewFormItem("Supplier system", f.system), widget.NewFormItem("Version", f.version),
		widget.NewFormItem("Trust", f.trust), widget.NewFormItem("What went wrong", f.whatFailed),
		widget.NewFormItem("What fixed it", f.whatFixedIt), widget.NewFormItem("Tags (; between)", f.tags),
		widget.NewFormItem("Written by (Staff ID or name)", f.author)))
	if optional {
		f.intro.SetText("Leave the debrief blank to close without a lesson.")
	}
	f.content = container.NewVBox(f.intro, form)
	return f
}

// read returns the lesson (nil for a blank optional debrief), or shows what is wrong.
func (f *lessonForm) read() (*model.Lesson, bool) {
	l := f.l
	l.System, l.Version = model.CleanName(f.system.Text), strings.TrimSpace(f.version.Text)
	l.WhatFailed, l.WhatFixed = strings.TrimSpace(f.whatFailed.Text), strings.TrimSpace(f.whatFixedIt.Text)
	l.Tags, l.Author = model.SplitList(f.tags.Text), strings.TrimSpace(f.author.Text)
	if l.Author != f.l.Author {
		l.AuthorID = "" // a new author: the register ties the lesson to them by Staff ID or name
	}
	if f.optional && l.WhatFailed == "" && l.WhatFixed == "" {
		return nil, true
	}
	l.Trust = ""
	if strings.TrimSpace(f.trust.Text) != "" {
		code, err := pickedOrg(f.u.idx, f.trust.Text)
		if err != nil {
			f.problem.SetText("Trust: " + err.Error())
			return nil, false
		}
		l.Trust = code
	}
	if p := l.Validate(); p != nil {
		f.problem.SetText(p.Error())
		return nil, false
	}
	return &l, true
}

// lessonDialog shows a lesson form; confirm, with the lesson read, runs then.
func (u *UI) lessonDialog(title, confirm string, f *lessonForm, then func(*model.Lesson)) {
	u.formDialog(title, confirm, f.content, f.problem, 760, 560, func() bool {
		l, valid := f.read()
		if valid {
			then(l)
		}
		return valid
	})
}
