package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// fixture is a small register: three associates at two trusts, two requests.
func fixture() *model.Data {
	return &model.Data{
		Organisations: []model.Organisation{
			{Code: "RR8", Name: "Leeds Teaching Hospitals NHS Trust", Region: "North East and Yorkshire"},
			{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "London"},
		},
		Associates: []model.Associate{
			{StaffID: "003", Name: "Siobhán Ó Súilleabháin", HomeOrg: "RR8", Band: "8a", MaxDays: 30, Active: true,
				Skills: []model.SkillLevel{{Skill: "Data migration", Level: 4}}, Systems: []string{"Epic"}},
			{StaffID: "001", Name: "Łukasz Kowalczyk", HomeOrg: "RJ1", Band: "6", MaxDays: 40, Active: true,
				Skills: []model.SkillLevel{{Skill: "Testing", Level: 3}}, Systems: []string{"Cerner Millennium"}},
			{StaffID: "002", Name: "Αθηνά Παπαδοπούλου", HomeOrg: "RJ1", Band: "7", MaxDays: 20, Active: true,
				Skills: []model.SkillLevel{{Skill: "Training", Level: 5}}, Systems: []string{"Epic", "Nervecentre"}},
		},
		Requests: []model.Request{
			{Ref: "REQ-2", Trust: "RR8", Title: "Readiness review", Kind: model.KindPreDeployment, Priority: 3,
				Period: model.Period{From: model.NewDate(2027, 4, 5), To: model.NewDate(2027, 4, 30)}, Status: model.RequestOpen},
			{Ref: "REQ-1", Trust: "RJ1", Title: "EPR go-live rescue", Kind: model.KindEmergency, Priority: 1, System: "Epic",
				Period: model.Period{From: model.NewDate(2027, 1, 4), To: model.NewDate(2027, 3, 26)}, Status: model.RequestOpen},
		},
		Roles:    []model.Role{{RequestRef: "REQ-1", Name: "Cutover lead", Headcount: 2}},
		Settings: model.DefaultSettings(),
	}
}

// names returns the names in the table's rows, in order.
func names(v *associatesView) []string {
	var out []string
	for _, i := range v.rows {
		out = append(out, v.data.Associates[i].Name)
	}
	return out
}

func TestAssociatesSearchAsYouType(t *testing.T) {
	test.NewTempApp(t)
	d := fixture()
	v := newAssociatesView(d, model.NewIndex(d))
	test.NewWindow(v.content)
	tests := []struct {
		typed string
		want  []string
	}{
		{"epic", []string{"Siobhán Ó Súilleabháin", "Αθηνά Παπαδοπούλου"}},
		{" london", []string{"Αθηνά Παπαδοπούλου"}}, // now "epic london": both words must match
	}
	for _, tc := range tests {
		test.Type(v.query, tc.typed)
		if got := names(v); !equal(got, tc.want) {
			t.Errorf("after typing %q: %v, want %v", v.query.Text, got, tc.want)
		}
	}
	if v.count.Text != "1 of 3 associates" {
		t.Errorf("count label %q", v.count.Text)
	}
	v.query.SetText("")
	if len(v.rows) != 3 {
		t.Errorf("clearing the search shows %d", len(v.rows))
	}
}

func TestAssociatesHeaderSorts(t *testing.T) {
	test.NewTempApp(t)
	d := fixture()
	v := newAssociatesView(d, model.NewIndex(d))
	w := test.NewWindow(v.content)
	w.Resize(fyne.NewSize(1400, 500))
	if got := names(v); got[0] != "Siobhán Ó Súilleabháin" || got[1] != "Łukasz Kowalczyk" {
		t.Fatalf("default order by name: %v", got)
	}
	header := func(title string) *widget.Button {
		t.Helper()
		for _, o := range test.LaidOutObjects(v.table) {
			if b, ok := o.(*widget.Button); ok && (b.Text == title || b.Text == title+" ▲" || b.Text == title+" ▼") {
				return b
			}
		}
		t.Fatalf("no header %q", title)
		return nil
	}
	test.Tap(header("Staff ID"))
	if got := staffIDs(v); !equal(got, []string{"001", "002", "003"}) {
		t.Errorf("by Staff ID: %v", got)
	}
	test.Tap(header("Staff ID"))
	if got := staffIDs(v); !equal(got, []string{"003", "002", "001"}) {
		t.Errorf("by Staff ID, reversed: %v", got)
	}
	test.Tap(header("Band"))
	if got := staffIDs(v); !equal(got, []string{"001", "002", "003"}) { // 6, 7, 8a
		t.Errorf("by band: %v", got)
	}
	if b := header("Band"); b.Text != "Band ▲" {
		t.Errorf("sorted column's header reads %q", b.Text)
	}
	if b := header("Name"); b.Text != "Name" {
		t.Errorf("unsorted column's header reads %q", b.Text)
	}
}

func TestAssociatesMarkup(t *testing.T) {
	test.NewTempApp(t)
	d := fixture()
	v := newAssociatesView(d, model.NewIndex(d))
	w := test.NewWindow(v.content)
	w.Resize(fyne.NewSize(1400, 300))
	v.sortOn(3)
	test.AssertRendersToMarkup(t, "associates.xml", w.Canvas())
}

func TestRequestsOpenFirstByPriority(t *testing.T) {
	test.NewTempApp(t)
	d := fixture()
	v := newRequestsView(d, model.NewIndex(d))
	w := test.NewWindow(v.content)
	w.Resize(fyne.NewSize(1400, 300))
	if v.rows[0].Ref != "REQ-1" || v.seats["REQ-1"] != 2 {
		t.Fatalf("first row %s with %d seats", v.rows[0].Ref, v.seats["REQ-1"])
	}
	test.AssertRendersToMarkup(t, "requests.xml", w.Canvas())
}

func staffIDs(v *associatesView) []string {
	var out []string
	for _, i := range v.rows {
		out = append(out, v.data.Associates[i].StaffID)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
