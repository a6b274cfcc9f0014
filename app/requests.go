package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// requestsView lists requests, open ones first and by priority, and creates new ones.
type requestsView struct {
	u       *UI
	rows    []*model.Request
	seats   map[string]int
	table   *widget.Table
	count   *widget.Label
	content fyne.CanvasObject
}

var requestColumns = []struct {
	title string
	width float32
}{{"Ref", 120}, {"Priority", 70}, {"Kind", 120}, {"Trust", 300}, {"Title", 320}, {"System", 160},
	{"Dates", 200}, {"Seats", 60}, {"Status", 80}}

func newRequestsView(u *UI) *requestsView {
	v := &requestsView{u: u, count: widget.NewLabel("")}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(requestColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.SetText(v.cells(v.rows[id.Row])[id.Col])
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
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) {
			u.planning.selectRequest(v.rows[id.Row].Ref)
			u.tabs.SelectIndex(tabPlanning)
		}
	}
	add := widget.NewButtonWithIcon("New request (Ctrl+N)", theme.ContentAddIcon(), v.newRequest)
	add.Importance = widget.HighImportance
	v.content = container.NewBorder(container.NewBorder(nil, nil, nil, add, v.count), nil, nil, nil, v.table)
	v.refresh()
	return v
}

func (v *requestsView) cells(q *model.Request) []string {
	return []string{q.Ref, fmt.Sprintf("P%d", q.Priority), string(q.Kind), orgName(v.u, q.Trust), q.Title, q.System,
		q.Period.String(), fmt.Sprint(v.seats[q.Ref]), string(q.Status)}
}

func (v *requestsView) refresh() {
	d := v.u.data
	v.rows, v.seats = nil, map[string]int{}
	for i := range d.Requests {
		v.rows = append(v.rows, &d.Requests[i])
	}
	slices.SortStableFunc(v.rows, func(a, b *model.Request) int {
		return cmp.Or(cmp.Compare(slices.Index(model.RequestStatuses, a.Status), slices.Index(model.RequestStatuses, b.Status)),
			cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.From, b.From))
	})
	for _, r := range d.Roles {
		v.seats[r.RequestRef] += r.Headcount
	}
	v.count.SetText(fmt.Sprintf("%d requests · select one to see its plan", len(v.rows)))
	v.table.Refresh()
}

// newRequest opens the request form.
func (v *requestsView) newRequest() {
	f := newRequestForm(v.u)
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("New request", "Save", "Cancel", container.NewGridWrap(fyne.NewSize(1180, 640), f.content), func(save bool) {
		if !save {
			return
		}
		q, roles, ok := f.read()
		if !ok {
			d.Show() // keep the form open: the problems are shown at their fields
			return
		}
		v.u.saveRequest(q, roles)
	}, v.u.win)
	d.Show()
}

// saveRequest writes a request and its roles (unless someone else changed the request since
// it was read), then shows its plan.
func (u *UI) saveRequest(q model.Request, roles []model.Role) {
	seen := u.data
	u.run("Saving "+q.Ref, func(ctx context.Context, _ func(string)) error {
		return u.desk.SaveRequest(ctx, seen, q, roles)
	}, func() {
		u.reload()
		u.after(func() {
			u.planning.selectRequest(q.Ref)
			u.tabs.SelectIndex(tabPlanning)
		})
	})
}

// requestForm is the request editor: the request's fields, then its roles.
type requestForm struct {
	u                      *UI
	ref, title, start, end *widget.Entry
	hostName, hostEmail    *widget.Entry
	trust, system          *widget.SelectEntry
	kind, priority, mode   *widget.Select
	roles                  []*roleRow
	rolesBox               *fyne.Container
	problem                *widget.Label
	content                fyne.CanvasObject
	editing                bool // the reference is the existing request\'s
}

// roleRow is one role in the form.
type roleRow struct {
	name, headcount, skills, clearances *widget.Entry
	start, end                          *widget.Entry // blank: the request's dates
	onSite                              *widget.Check
}

func newRequestForm(u *UI) *requestForm {
	f := &requestForm{u: u, problem: widget.NewLabel("")}
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	f.ref = widget.NewEntry()
	f.ref.SetText(actions.NextRequestRef(u.data, u.today()))
	f.title = widget.NewEntry()
	f.start, f.end = dateEntry(nil), dateEntry(nil)
	f.hostName, f.hostEmail = widget.NewEntry(), widget.NewEntry()
	var trusts []string
	for _, o := range u.data.Organisations {
		if o.Closed.IsZero() {
			trusts = append(trusts, o.Code+" — "+o.Name)
		}
	}
	f.trust = widget.NewSelectEntry(trusts)
	f.trust.SetPlaceHolder("ODS code, or pick from the list")
	f.system = widget.NewSelectEntry(model.Names(model.NewVocabulary(u.data).Systems))
	f.kind = widget.NewSelect(enumStrings(model.Kinds), func(k string) {
		if f.priority != nil {
			f.priority.SetSelected(strconv.Itoa(model.DefaultPriority(model.Kind(k))))
		}
	})
	f.priority = widget.NewSelect([]string{"1", "2", "3", "4"}, nil)
	f.mode = widget.NewSelect(enumStrings(model.Modes), nil)
	f.kind.SetSelected(string(model.KindEmergency))
	f.mode.SetSelected(string(model.ModeOnSite))
	form := widget.NewForm(
		widget.NewFormItem("Reference", f.ref), widget.NewFormItem("Host trust", f.trust),
		widget.NewFormItem("Title", f.title), widget.NewFormItem("Kind", f.kind),
		widget.NewFormItem("Priority", f.priority), widget.NewFormItem("Supplier system", f.system),
		widget.NewFormItem("Start", f.start), widget.NewFormItem("End", f.end), widget.NewFormItem("Mode", f.mode),
		widget.NewFormItem("Host contact", f.hostName), widget.NewFormItem("Host email", f.hostEmail),
	)
	f.rolesBox = container.NewVBox()
	f.addRole()
	addRole := widget.NewButtonWithIcon("Add role", theme.ContentAddIcon(), f.addRole)
	header := container.NewGridWithColumns(7, bold("Role"), bold("Seats"), bold("Skills (Skill:level; …)"), bold("Clearances"),
		bold("Start"), bold("End"), bold("On-site"))
	f.content = container.NewVScroll(container.NewVBox(f.problem, form, widget.NewSeparator(), header, f.rolesBox, addRole))
	return f
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (f *requestForm) addRole() {
	r := &roleRow{name: widget.NewEntry(), headcount: widget.NewEntry(), skills: widget.NewEntry(), clearances: widget.NewEntry(),
		start: dateEntry(nil), end: dateEntry(nil), onSite: widget.NewCheck("", nil)}
	r.start.SetPlaceHolder("request's")
	r.end.SetPlaceHolder("request's")
	r.headcount.SetText("1")
	r.clearances.SetText("DBS")
	r.onSite.SetChecked(true)
	r.skills.Validator = func(s string) error { _, err := model.ParseSkills(s); return err }
	r.headcount.Validator = func(s string) error {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 1 {
			return errors.New("a whole number of seats, at least 1")
		}
		return nil
	}
	f.roles = append(f.roles, r)
	f.rolesBox.Add(container.NewGridWithColumns(7, r.name, r.headcount, r.skills, r.clearances, r.start, r.end, r.onSite))
}

// read builds the request and roles, or shows every problem at its field and returns false.
func (f *requestForm) read() (model.Request, []model.Role, bool) {
	var probs []string
	fail := func(e interface{ SetValidationError(error) }, field, msg string) {
		if e != nil {
			e.SetValidationError(errors.New(msg))
		}
		probs = append(probs, field+": "+msg)
	}
	code, _, _ := strings.Cut(f.trust.Text, " ")
	q := model.Request{Ref: strings.TrimSpace(f.ref.Text), Trust: model.NormaliseCode(code), Title: strings.TrimSpace(f.title.Text),
		Kind: model.Kind(f.kind.Selected), System: strings.TrimSpace(f.system.Text), Mode: model.Mode(f.mode.Selected),
		Status: model.RequestOpen, HostName: strings.TrimSpace(f.hostName.Text), HostEmail: strings.TrimSpace(f.hostEmail.Text)}
	q.Priority, _ = strconv.Atoi(f.priority.Selected)
	var err error
	if q.From, err = model.ParseDate(f.start.Text); err != nil {
		fail(f.start, "Start", err.Error())
	}
	if q.To, err = model.ParseDate(f.end.Text); err != nil {
		fail(f.end, "End", err.Error())
	}
	if f.u.idx.Org[q.Trust] == nil {
		fail(f.trust, "Host trust", fmt.Sprintf("%q is not a known organisation", f.trust.Text))
	}
	if f.u.idx.Request[q.Ref] != nil && !f.editing {
		fail(f.ref, "Reference", q.Ref+" is taken")
	}
	fields := map[string]interface{ SetValidationError(error) }{"Ref": f.ref, "Title": f.title, "Host Email": f.hostEmail}
	for _, p := range q.Validate() {
		if !strings.HasPrefix(p.Field, "Start") && !strings.HasPrefix(p.Field, "End") || q.From != 0 && q.To != 0 {
			fail(fields[p.Field], p.Field, p.Message)
		}
	}
	roles := f.readRoles(&q, fail)
	f.problem.SetText(strings.Join(probs, "\n"))
	return q, roles, len(probs) == 0
}

func (f *requestForm) readRoles(q *model.Request, fail func(interface{ SetValidationError(error) }, string, string)) []model.Role {
	var roles []model.Role
	for i, r := range f.roles {
		if strings.TrimSpace(r.name.Text) == "" {
			continue
		}
		role := model.Role{RequestRef: q.Ref, Name: model.CleanName(r.name.Text), Period: q.Period, OnSite: r.onSite.Checked}
		role.Headcount, _ = strconv.Atoi(strings.TrimSpace(r.headcount.Text))
		var err error
		if role.Skills, err = model.ParseSkills(r.skills.Text); err != nil {
			fail(r.skills, fmt.Sprintf("Role %d skills", i+1), err.Error())
		}
		role.Clearances = model.SplitList(r.clearances.Text)
		for _, d := range []struct {
			e   *widget.Entry
			dst *model.Date
			col string
		}{{r.start, &role.From, "start"}, {r.end, &role.To, "end"}} {
			if strings.TrimSpace(d.e.Text) == "" {
				continue // the request's date
			}
			if *d.dst, err = model.ParseDate(d.e.Text); err != nil {
				fail(d.e, fmt.Sprintf("Role %d %s", i+1, d.col), err.Error())
			}
		}
		for _, p := range role.Validate(q) {
			fail(nil, fmt.Sprintf("Role %d %s", i+1, p.Field), p.Message)
		}
		roles = append(roles, role)
	}
	if len(roles) == 0 {
		fail(nil, "Roles", "a request needs at least one role")
	}
	return roles
}

// load fills the form with an existing request to edit; its reference stays fixed.
func (f *requestForm) load(q *model.Request, roles []*model.Role) {
	f.editing = true
	f.ref.SetText(q.Ref)
	f.ref.Disable()
	f.trust.SetText(q.Trust)
	f.title.SetText(q.Title)
	f.kind.SetSelected(string(q.Kind))
	f.priority.SetSelected(strconv.Itoa(q.Priority))
	f.system.SetText(q.System)
	f.start.SetText(q.From.String())
	f.end.SetText(q.To.String())
	f.mode.SetSelected(string(q.Mode))
	f.hostName.SetText(q.HostName)
	f.hostEmail.SetText(q.HostEmail)
	f.roles, f.rolesBox.Objects = nil, nil
	for _, r := range roles {
		f.addRole()
		row := f.roles[len(f.roles)-1]
		row.name.SetText(r.Name)
		row.name.Disable() // a role's name is its key
		row.headcount.SetText(strconv.Itoa(r.Headcount))
		row.skills.SetText(model.FormatSkills(r.Skills))
		row.clearances.SetText(strings.Join(r.Clearances, "; "))
		if r.Period != q.Period {
			row.start.SetText(r.From.String())
			row.end.SetText(r.To.String())
		}
		row.onSite.SetChecked(r.OnSite)
	}
	f.addRole()
}

// editRequest opens the form on an existing request.
func (u *UI) editRequest(ref string) {
	q := u.idx.Request[ref]
	if q == nil {
		return
	}
	f := newRequestForm(u)
	f.load(q, u.idx.RolesOf[ref])
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("Edit "+ref, "Save", "Cancel", container.NewGridWrap(fyne.NewSize(1180, 640), f.content), func(save bool) {
		if !save {
			return
		}
		edited, roles, ok := f.read()
		if !ok {
			d.Show()
			return
		}
		edited.Status = q.Status
		u.saveRequest(edited, roles)
	}, u.win)
	d.Show()
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
