package app

import (
	"cmp"
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// lessonsView is the knowledge base of debriefs: searchable by supplier system, version,
// trust, tags or words, and open to new lessons and corrections.
type lessonsView struct {
	u        *UI
	query    *widget.Entry
	shown    []model.Lesson
	selected int64 // the lesson's ID, 0 for none
	list     *widget.List
	edit     *widget.Button
	content  fyne.CanvasObject
}

func newLessonsView(u *UI) *lessonsView {
	v := &lessonsView{u: u, query: widget.NewEntry()}
	v.query.SetPlaceHolder("Search by supplier system, version, trust, tags or words…")
	v.query.OnChanged = func(string) { v.refresh() }
	v.list = widget.NewList(func() int { return len(v.shown) },
		func() fyne.CanvasObject { return wrapped("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(lessonText(v.u, v.shown[i]))
			v.list.SetItemHeight(i, o.MinSize().Height)
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.selected = v.shown[i].ID
		v.u.enable(v.edit, true)
	}
	add := v.u.allow(widget.NewButtonWithIcon("New lesson…", theme.ContentAddIcon(), func() { v.open(model.Lesson{}) }), model.ActionEditLessons)
	add.Importance = widget.HighImportance
	v.edit = v.u.allow(widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		for _, l := range v.shown {
			if l.ID == v.selected {
				v.open(l)
			}
		}
	}), model.ActionEditLessons)
	v.edit.Disable()
	v.content = container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(v.edit, add), v.query), nil, nil, nil, v.list)
	v.refresh()
	return v
}

func (v *lessonsView) refresh() {
	v.shown = model.SearchLessons(v.u.data, v.u.idx, v.query.Text)
	slices.SortStableFunc(v.shown, func(a, b model.Lesson) int { // newest first
		return cmp.Or(cmp.Compare(b.Written, a.Written), cmp.Compare(b.ID, a.ID))
	})
	v.list.UnselectAll()
	v.selected = 0
	v.edit.Disable()
	v.list.Refresh()
}

// open writes a new lesson or corrects one, in the form it returns.
func (v *lessonsView) open(l model.Lesson) *lessonForm {
	u := v.u
	title := "New lesson"
	if l.ID != 0 {
		title = "Edit the lesson on " + l.System
	}
	f := newLessonForm(u, l, false)
	u.lessonDialog(title, "Save", f, func(saved *model.Lesson) {
		u.change("Saving the lesson", func(ctx context.Context, seen *model.Data) error { return u.desk.SaveLesson(ctx, seen, *saved) },
			func() { v.query.SetText("") }) // the lesson just saved is in view, at the top when new
	})
	return f
}
