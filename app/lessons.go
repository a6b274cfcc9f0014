package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// lessonsView is the knowledge base of debriefs, searchable by supplier system and trust.
type lessonsView struct {
	u       *UI
	query   *widget.Entry
	shown   []model.Lesson
	list    *widget.List
	content fyne.CanvasObject
}

func newLessonsView(u *UI) *lessonsView {
	v := &lessonsView{u: u, query: widget.NewEntry()}
	v.query.SetPlaceHolder("Search by supplier system, trust or words…")
	v.query.OnChanged = func(string) { v.refresh() }
	v.list = widget.NewList(func() int { return len(v.shown) },
		func() fyne.CanvasObject { return wrapped("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := v.shown[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · by %s\nWhat failed: %s\nWhat fixed it: %s",
				l.System, orgName(v.u, l.Trust), l.Written, l.Author, l.WhatFailed, l.WhatFixed))
			v.list.SetItemHeight(i, o.MinSize().Height)
		})
	v.content = container.NewBorder(v.query, nil, nil, nil, v.list)
	v.refresh()
	return v
}

func (v *lessonsView) refresh() {
	words := strings.Fields(strings.ToLower(v.query.Text))
	v.shown = nil
	for _, l := range v.u.data.Lessons {
		text := strings.ToLower(strings.Join([]string{l.System, l.Trust, orgName(v.u, l.Trust), l.WhatFailed, l.WhatFixed, l.Author}, " "))
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			v.shown = append(v.shown, l)
		}
	}
	v.list.Refresh()
}
