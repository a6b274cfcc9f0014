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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// requestsView lists requests, open ones first and by priority; it creates new ones, and
// edits, plans or reopens the one selected.
type requestsView struct {
	u        *UI
	rows     []*model.Request
	seats    map[string]int
	selected string
	table    *widget.Table
	count    *widget.Label
	plan     *widget.Button
	edit     *widget.Button
	reopen   *widget.Button
	content  fyne.CanvasObject
}

var requestColumns = []struct {
	title string
	width float32
}{{"Ref", 120}, {"Status", 90}, {"Priority", 70}, {"Kind", 120}, {"Dates", 200}, {"Trust", 300}, {"Title", 320},
	{"System", 160}, {"Seats", 60}} // what a coordinator scans for first, first: a laptop shows it without scrolling

func newRequestsView(u *UI) *requestsView {
	v := &requestsView{u: u, count: widget.NewLabel("")}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(requestColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			setCell(o, v.cells(v.rows[id.Row])[id.Col])
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
			v.choose(v.rows[id.Row])
		}
	}
	add := u.allow(widget.NewButtonWithIcon("New request (Ctrl+N)", theme.ContentAddIcon(), v.newRequest), model.ActionEditRequests)
	add.Importance = widget.HighImportance
	v.plan = widget.NewButtonWithIcon("Show its plan", theme.NavigateNextIcon(), func() {
		u.planning.selectRequest(v.selected)
		u.tabs.SelectIndex(tabPlanning)
	})
	v.edit = u.allow(widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { u.editRequest(v.selected) }), model.ActionEditRequests)
	v.reopen = u.reopenButton(func() string { return v.selected })
	v.content = container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(v.plan, v.edit, v.reopen, add), v.count),
		nil, nil, nil, v.table)
	v.refresh()
	return v
}

// choose selects a request: its plan can be shown when it is open, and it can be reopened
// when it is not.
func (v *requestsView) choose(q *model.Request) {
	v.selected = q.Ref
	v.u.enable(v.edit, true)
	v.u.enable(v.plan, q.Status == model.RequestOpen)
	v.u.enable(v.reopen, q.Status != model.RequestOpen)
}

func (v *requestsView) cells(q *model.Request) []string {
	return []string{q.Ref, string(q.Status), fmt.Sprintf("P%d", q.Priority), string(q.Kind), q.Period.String(),
		orgName(v.u, q.Trust), q.Title, q.System, fmt.Sprint(v.seats[q.Ref])}
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
	v.count.SetText(fmt.Sprintf("%d requests", len(v.rows)))
	v.table.Refresh()
	// The request chosen stays chosen where the new order puts it (reopened, say, it moves
	// up among the open ones); none when it is gone.
	was := v.selected
	v.table.UnselectAll()
	v.selected = ""
	for _, b := range []*widget.Button{v.plan, v.edit, v.reopen} {
		b.Disable()
	}
	if row := slices.IndexFunc(v.rows, func(q *model.Request) bool { return q.Ref == was }); row >= 0 && was != "" {
		v.table.Select(widget.TableCellID{Row: row, Col: 0})
		v.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
	}
}

// newRequest opens the request form on a new request.
func (v *requestsView) newRequest() { v.openNewRequest() }

// openNewRequest opens the request form on a new request and returns it; with no trusts in
// the register yet it says how to add one instead, and returns nil.
func (v *requestsView) openNewRequest() *requestForm {
	u := v.u
	if len(u.data.Organisations) == 0 {
		u.info("No trusts yet", "A request names the trust asking for help, and the register knows no organisations yet. "+
			"Import the NHS trust list (File ▸ Import, etr.csv), or add a trust in Settings ▸ Organisations.")
		return nil
	}
	f := newRequestForm(u)
	u.requestDialog("New request", f, model.RequestOpen)
	return f
}

// editRequest opens the form on an existing request.
func (u *UI) editRequest(ref string) {
	q := u.idx.Request[ref]
	if q == nil {
		return
	}
	f := newRequestForm(u)
	f.load(q, u.idx.RolesOf[ref])
	u.requestDialog("Edit "+ref+" · "+q.Title, f, q.Status)
}

// requestDialog shows the request form; Save keeps it open while anything is wrong.
func (u *UI) requestDialog(title string, f *requestForm, status model.RequestStatus) {
	u.formDialog(title, "Save", f.content, f.problem, 1180, 760, func() bool {
		q, roles, ok := f.read()
		if ok = ok && f.unheldAccepted(roles); ok {
			q.Status = status
			u.saveRequest(q, roles)
		}
		return ok
	})
}

// saveRequest writes a request and its roles (unless someone else changed the request since
// it was read), then shows its plan.
func (u *UI) saveRequest(q model.Request, roles []model.Role) {
	u.change("Saving "+q.Ref, func(ctx context.Context, seen *model.Data) error {
		return u.desk.SaveRequest(ctx, seen, q, roles)
	}, func() {
		if q.Status == model.RequestOpen {
			u.planning.selectRequest(q.Ref)
			u.tabs.SelectIndex(tabPlanning)
		}
	})
}

// requestForm is the request editor: the request's fields, then its roles.
type requestForm struct {
	u                      *UI
	ref, title, start, end *field
	hostName, hostEmail    *field
	trust, system          *choiceField
	kind, priority, mode   *widget.Select
	roles                  []*roleRow
	rolesBox               *fyne.Container
	problem                *widget.Label
	content                fyne.CanvasObject
	editing                bool   // the reference is the existing request's
	warned                 string // the unheld skills the user was last warned of
}

// unheldAccepted warns, once, of skills and clearances the roles need that no associate
// holds (a typo leaves a role that no one can fill); saving again keeps them as typed. A
// role saved before is not warned of again.
func (f *requestForm) unheldAccepted(roles []model.Role) bool {
	var warnings []string
	for i, r := range roles {
		if was := f.u.idx.Role[r.Key()]; was != nil && slices.Equal(was.Skills, r.Skills) && slices.Equal(was.Clearances, r.Clearances) {
			continue // as saved: warned of before
		}
		for _, w := range model.Unheld(f.u.data, r) {
			warnings = append(warnings, fmt.Sprintf("Role %d: %s", i+1, w))
		}
	}
	text := strings.Join(warnings, "\n")
	if text == "" || text == f.warned {
		return true
	}
	f.warned = text
	f.problem.SetText("Save again to keep them as typed (no one can fill the role until someone has them):\n" + text)
	return false
}

// roleRow is one role in the form. A role already saved keeps its name (its key).
type roleRow struct {
	name, headcount, skills, clearances *field
	start, end                          *field // blank: the request's dates
	onSite                              *widget.Check
	remove                              *widget.Button
	line                                fyne.CanvasObject
}

func newRequestForm(u *UI) *requestForm {
	f := &requestForm{u: u, problem: problemLabel()}
	f.ref = u.newField(actions.NextRequestRef(u.data, u.today()), required("a reference is required"))
	f.title = u.newField("", required("a title is required"))
	f.start, f.end = u.dateField(0), u.dateField(0)
	f.end.Validator = f.checkEnd // an end before the start is wrong as soon as it is typed
	f.start.OnChanged = func(string) { f.end.Validate() }
	f.hostName = u.newField("", nil)
	f.hostEmail = u.newField("", func(s string) error { return fieldProblem(model.Request{HostEmail: s}.Validate(), "Host Email") })
	f.trust = u.orgPicker("", true)
	f.system = u.newChoice(model.Names(model.NewVocabulary(u.data).Systems))
	f.kind = widget.NewSelect(enumStrings(model.Kinds), func(k string) {
		if f.priority != nil {
			f.priority.SetSelected(strconv.Itoa(model.DefaultPriority(model.Kind(k))))
		}
	})
	f.priority = widget.NewSelect([]string{"1", "2", "3", "4"}, nil)
	f.mode = widget.NewSelect(enumStrings(model.Modes), nil)
	f.kind.SetSelected(string(model.KindEmergency))
	f.mode.SetSelected(string(model.ModeOnSite))
	form := steady(widget.NewForm(
		widget.NewFormItem("Reference", f.ref), widget.NewFormItem("Host trust", f.trust),
		widget.NewFormItem("Title", f.title), widget.NewFormItem("Kind", f.kind),
		widget.NewFormItem("Priority", f.priority), widget.NewFormItem("Supplier system", f.system),
		widget.NewFormItem("Start", f.start), widget.NewFormItem("End", f.end), widget.NewFormItem("Mode", f.mode),
		widget.NewFormItem("Host contact", f.hostName), widget.NewFormItem("Host email", f.hostEmail),
	))
	f.rolesBox = container.NewVBox()
	f.addRole()
	addRole := widget.NewButtonWithIcon("Add role", theme.ContentAddIcon(), func() { f.addRole() })
	f.content = container.NewVBox(form, widget.NewSeparator(), bold("Roles"), f.rolesBox, container.NewHBox(addRole))
	return f
}

// checkEnd refuses an end date before the start.
func (f *requestForm) checkEnd(s string) error {
	end, err := model.ParseDate(s)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if err != nil {
		return err
	}
	if start, err := model.ParseDate(f.start.Text); err == nil && end < start {
		return fmt.Errorf("ends %s before it starts %s", end, start)
	}
	return nil
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// addRole adds a row for a new role; it can be removed until it is saved.
func (f *requestForm) addRole() *roleRow {
	u := f.u
	r := &roleRow{name: u.newField("", nil), headcount: u.newField("1", nil), skills: u.newField("", nil),
		clearances: u.newField("DBS", nil), start: u.dateField(0), end: u.dateField(0), onSite: widget.NewCheck("", nil)}
	r.start.SetPlaceHolder("request's")
	r.end.SetPlaceHolder("request's")
	r.onSite.SetChecked(true)
	r.skills.Validator = func(s string) error { _, err := model.ParseSkills(s); return err }
	r.headcount.Validator = func(s string) error {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 1 || n > 100 {
			return errors.New("a whole number of seats, 1 to 100")
		}
		return nil
	}
	r.remove = widget.NewButtonWithIcon("Remove role", theme.DeleteIcon(), func() {
		f.roles = slices.DeleteFunc(f.roles, func(x *roleRow) bool { return x == r })
		f.rolesBox.Remove(r.line)
	})
	who := steady(widget.NewForm(widget.NewFormItem("Role", r.name), widget.NewFormItem("Seats", r.headcount),
		widget.NewFormItem("On-site", r.onSite)))
	needs := steady(widget.NewForm(widget.NewFormItem("Skills (Skill:level; …)", r.skills), widget.NewFormItem("Clearances", r.clearances),
		widget.NewFormItem("Start", r.start), widget.NewFormItem("End", r.end)))
	r.line = widget.NewCard("", "", container.NewVBox(container.NewGridWithColumns(2, who, needs), container.NewHBox(r.remove)))
	f.roles = append(f.roles, r)
	f.rolesBox.Add(r.line)
	return r
}

// read builds the request and roles, or shows every problem and returns false.
func (f *requestForm) read() (model.Request, []model.Role, bool) {
	var probs []string
	fail := func(e interface{ SetValidationError(error) }, field, msg string) {
		if e != nil {
			e.SetValidationError(errors.New(msg))
		}
		probs = append(probs, field+": "+msg)
	}
	trust, unknown := pickedOrg(f.u.idx, f.trust.Text)
	q := model.Request{Ref: strings.TrimSpace(f.ref.Text), Trust: trust, Title: strings.TrimSpace(f.title.Text),
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
	if unknown != nil {
		fail(f.trust, "Host trust", unknown.Error())
	}
	if f.u.idx.Request[q.Ref] != nil && !f.editing {
		fail(f.ref, "Reference", q.Ref+" is taken")
	}
	fields := map[string]interface{ SetValidationError(error) }{"Ref": f.ref, "Title": f.title, "Host Email": f.hostEmail}
	for _, p := range q.Validate() {
		if p.Field != "Start" && p.Field != "End" || q.From != 0 && q.To != 0 {
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
		if err := r.headcount.Validate(); err != nil {
			fail(r.headcount, fmt.Sprintf("Role %d seats", i+1), err.Error())
		}
		role.Headcount, _ = strconv.Atoi(strings.TrimSpace(r.headcount.Text))
		var err error
		if role.Skills, err = model.ParseSkills(r.skills.Text); err != nil {
			fail(r.skills, fmt.Sprintf("Role %d skills", i+1), err.Error())
		}
		role.Clearances = model.SplitList(r.clearances.Text)
		for _, d := range []struct {
			e   *field
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

// load fills the form with an existing request to edit; its reference and its saved roles'
// names stay fixed (they are keys), and roles with assignments cannot be removed.
func (f *requestForm) load(q *model.Request, roles []*model.Role) {
	f.editing = true
	f.ref.SetText(q.Ref)
	f.ref.Disable()
	f.trust.SetText(orgName(f.u, q.Trust))
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
		row := f.addRole()
		row.name.SetText(r.Name)
		row.name.Disable() // a role's name is its key
		row.headcount.SetText(strconv.Itoa(r.Headcount))
		row.skills.SetText(model.FormatSkills(r.Skills))
		row.clearances.SetText(model.JoinList(r.Clearances))
		if r.Period != q.Period {
			row.start.SetText(r.From.String())
			row.end.SetText(r.To.String())
		}
		row.onSite.SetChecked(r.OnSite)
		if f.u.roleHasAssignments(r.Key()) {
			row.remove.Disable() // its assignments keep its history: withdraw them instead
		}
	}
	f.addRole()
}

// roleHasAssignments reports whether anyone holds or held a seat of the role.
func (u *UI) roleHasAssignments(k model.RoleKey) bool {
	return slices.ContainsFunc(u.data.Assignments, func(a model.Assignment) bool { return a.RoleKey() == k })
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
