package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// showOrganisations lists the register's organisations (the NHS trust list and any added
// by hand), searchable, with New and Edit.
func (u *UI) showOrganisations() {
	var shown []model.Organisation
	filter := func(q string) {
		words := strings.Fields(strings.ToLower(q))
		shown = shown[:0]
		for _, o := range u.data.Organisations {
			if model.ContainsWords(strings.ToLower(o.Code+" "+o.Name+" "+o.Region+" "+o.Postcode), words) {
				shown = append(shown, o)
			}
		}
	}
	filter("")
	selected := -1
	cols := []string{"Code", "Name", "Region", "Postcode", "Opened", "Closed"}
	table := widget.NewTableWithHeaders(func() (int, int) { return len(shown), len(cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			org := shown[id.Row]
			setCell(o, []string{org.Code, org.Name, org.Region, org.Postcode, org.Opened.String(), org.Closed.String()}[id.Col])
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	for i, w := range []float32{70, 380, 180, 90, 100, 100} {
		table.SetColumnWidth(i, w)
	}
	edit := u.allow(widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		if selected >= 0 && selected < len(shown) {
			u.organisationDialog(shown[selected], false)
		}
	}), model.ActionEditOrganisations)
	edit.Disable()
	table.OnSelected = func(id widget.TableCellID) {
		selected = id.Row
		u.enable(edit, true)
	}
	search := u.newField("", nil)
	search.SetPlaceHolder("Search code, name, region or postcode…")
	search.OnChanged = func(q string) {
		filter(q)
		table.UnselectAll()
		edit.Disable()
		table.Refresh()
	}
	add := u.allow(widget.NewButtonWithIcon("New organisation…", theme.ContentAddIcon(), func() { u.organisationDialog(model.Organisation{}, true) }),
		model.ActionEditOrganisations)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(edit, add), search)
	u.present(dialog.NewCustom("Organisations", "Close", container.NewGridWrap(u.fit(980, 600), container.NewBorder(top, nil, nil, nil, table)), u.win), nil)
}

// organisationDialog adds or edits an organisation.
func (u *UI) organisationDialog(o model.Organisation, isNew bool) {
	code := u.newField(o.Code, func(s string) error {
		return fieldProblem(model.Organisation{Code: model.NormaliseCode(s), Name: "x"}.Validate(), "Code")
	})
	if !isNew {
		code.Disable() // the ODS code is the key
	}
	name := u.newField(o.Name, required("a name is required"))
	region := widget.NewSelect(append([]string{"(none)"}, model.RegionNames...), nil)
	region.SetSelected(orDefault(o.Region, "(none)"))
	postcode := u.newField(o.Postcode, nil)
	opened, closed := u.dateField(o.Opened), u.dateField(o.Closed)
	problem := problemLabel()
	form := steady(widget.NewForm(widget.NewFormItem("ODS code", code), widget.NewFormItem("Name", name),
		widget.NewFormItem("Region", region), widget.NewFormItem("Postcode", postcode),
		widget.NewFormItem("Opened", opened), widget.NewFormItem("Closed (blank while open)", closed)))
	title := "New organisation"
	if !isNew {
		title = "Edit " + o.Name
	}
	u.formDialog(title, "Save", form, problem, 640, 360, func() bool {
		edited := o
		edited.Code, edited.Name = model.NormaliseCode(code.Text), strings.TrimSpace(name.Text)
		edited.Region, edited.Postcode = "", strings.ToUpper(strings.TrimSpace(postcode.Text))
		if region.Selected != "(none)" {
			edited.Region = region.Selected
		}
		var err1, err2 error
		edited.Opened, err1 = optionalDate(opened.Text)
		edited.Closed, err2 = optionalDate(closed.Text)
		probs := edited.Validate()
		if isNew && u.idx.Org[edited.Code] != nil {
			probs.Add("Code", "%s is taken by %s", edited.Code, u.idx.Org[edited.Code].Name)
		}
		if err := errorsOf(err1, err2); err != "" || probs != nil {
			problem.SetText(strings.TrimSpace(err + "\n" + probs.Error()))
			return false
		}
		u.change("Saving "+edited.Name, func(ctx context.Context, seen *model.Data) error {
			return u.desk.SaveOrganisation(ctx, seen, edited)
		}, nil)
		return true
	})
}

// optionalDate reads a date that may be left blank.
func optionalDate(s string) (model.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return model.ParseDate(s)
}

func errorsOf(errs ...error) string {
	var out []string
	for _, e := range errs {
		if e != nil {
			out = append(out, e.Error())
		}
	}
	return strings.Join(out, "\n")
}
