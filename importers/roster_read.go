package importers

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/xuri/excelize/v2"

	"associateplanner/model"
)

// rosterReader merges the sheets of one workbook into the register as it stands. Sheets are
// read in dependency order so that a row may name anything the register already holds or
// an earlier sheet of the same workbook adds.
type rosterReader struct {
	rep      *Report
	cur      *model.Data
	idx      *model.Index
	vocab    *model.Vocabulary
	orgs     map[string]*model.Organisation
	staff    map[string]*model.Associate
	requests map[string]*model.Request
	roles    map[model.RoleKey]*model.Role
	tainted  map[string]bool // refs of requests whose rows had errors: their dates are unknown
	out      model.Changeset
}

func newRosterReader(cur *model.Data, rep *Report) *rosterReader {
	idx := model.NewIndex(cur)
	return &rosterReader{rep: rep, cur: cur, idx: idx, vocab: model.NewVocabulary(cur),
		orgs: idx.Org, staff: idx.Associate, requests: idx.Request, roles: idx.Role, tainted: map[string]bool{}}
}

// sheetStep is one sheet of the workbook and how to merge its rows.
type sheetStep struct {
	name    string
	columns []column
	merge   func(*rosterReader, *table)
}

var rosterSteps = []sheetStep{
	{sheetOrganisations, organisationColumns, (*rosterReader).organisations},
	{sheetAssociates, associateColumns, (*rosterReader).associates},
	{sheetUnavailability, unavailabilityColumns, (*rosterReader).unavailability},
	{sheetRequests, requestColumns, (*rosterReader).requestRows},
	{sheetRoles, roleColumns, (*rosterReader).roleRows},
	{sheetAssignments, assignmentColumns, (*rosterReader).assignmentRows},
}

// readRoster reads every known sheet of f and returns the changes it would make.
func (s *source) readRoster(f *excelize.File, sc *scanned, cur *model.Data, progress Progress) *model.Changeset {
	rep := s.rep
	r := newRosterReader(cur, rep)
	sheets := map[string]string{} // folded name → the workbook's spelling
	for _, s := range f.GetSheetList() {
		sheets[sheetKey(s)] = s
	}
	known := map[string]bool{strings.ToLower(sheetLists): true, strings.ToLower(sheetGuide): true}
	found := 0
	for i, step := range rosterSteps {
		key := strings.ToLower(step.name)
		known[key] = true
		name, ok := sheets[key]
		if !ok {
			continue
		}
		found++
		progress.report("Reading "+step.name, i, len(rosterSteps))
		if t, ok := s.sheetTable(f, name, sc.unsaved[key], step.columns); ok && t != nil {
			t.sheet = step.name
			step.merge(r, t)
		}
	}
	for _, name := range f.GetSheetList() { // in the workbook's order, so the same are listed each time
		if !known[sheetKey(name)] {
			rep.warnf(name, 0, "this sheet is not one the roster workbook has; it was not read")
		}
	}
	if found == 0 {
		rep.addError("no roster sheet", Finding{Message: "no sheet named Organisations, Associates, Unavailability, Requests, Roles or Assignments: is this a roster workbook?"})
	}
	return &r.out
}

// rowCtx reads the cells of one row, recording each problem against its cell.
type rowCtx struct {
	t      *table
	r      row
	rep    *Report
	bad    bool
	failed map[string]bool // columns already reported: one message per cell
}

func (r *rosterReader) row(t *table, rw row) *rowCtx {
	return &rowCtx{t: t, r: rw, rep: r.rep, failed: map[string]bool{}}
}

// fail records a problem with the cell under a column, once per cell.
func (c *rowCtx) fail(name, format string, args ...any) {
	c.bad = true
	if c.failed[name] {
		return
	}
	c.failed[name] = true
	c.rep.errorf(c.t.sheet, c.r.num, c.t.column(name), format, args...)
}

// text returns the cell under a column ("" when blank or absent).
func (c *rowCtx) text(name string) string {
	v, _ := c.t.get(c.r, name)
	return v
}

// field calls fn with the cell's value when the sheet has the column; an error from fn is
// recorded against the cell.
func (c *rowCtx) field(name string, fn func(v string) error) {
	if v, ok := c.t.get(c.r, name); ok {
		if err := fn(v); err != nil {
			c.fail(name, "%s", err)
		}
	}
}

// optional is field for a cell that may be blank: fn only sees non-blank values and blank
// sets the default through reset.
func (c *rowCtx) optional(name string, reset func(), fn func(v string) error) {
	c.field(name, func(v string) error {
		if v == "" {
			reset()
			return nil
		}
		return fn(v)
	})
}

// problems records an entity's validation problems against their columns.
func (c *rowCtx) problems(p model.Problems) {
	for _, pr := range p {
		c.fail(pr.Field, "%s", pr.Message)
	}
}

// date reads a required date cell.
func (c *rowCtx) date(name string, dst *model.Date) {
	c.field(name, func(v string) error {
		if v == "" {
			return errors.New("a date is required")
		}
		d, err := cellDate(v)
		*dst = d
		return err
	})
}

// defaultDate reads a date cell that may be blank: blank means def.
func (c *rowCtx) defaultDate(name string, dst *model.Date, def model.Date) {
	c.optional(name, func() { *dst = def }, func(v string) error {
		d, err := cellDate(v)
		*dst = d
		return err
	})
}

func (c *rowCtx) yesNo(name string, dst *bool, def bool) {
	c.optional(name, func() { *dst = def }, func(v string) error {
		b, err := model.ParseYesNo(v)
		*dst = b
		return err
	})
}

// knownOrg reads an ODS code that must name a known organisation.
func (r *rosterReader) knownOrg(c *rowCtx, name string, dst *string) {
	c.field(name, func(v string) error {
		code := model.NormaliseCode(v)
		if code == "" {
			return errors.New("an ODS code is required")
		}
		if r.orgs[code] == nil {
			return fmt.Errorf("%s: import the NHS trust list (etr.csv) or add it on the Organisations sheet", model.UnknownOrganisation(v))
		}
		*dst = code
		return nil
	})
}

// firstSeen reports a key met twice in one sheet; it returns false for the repeat.
func firstSeen[K comparable](seen map[K]int, key K, c *rowCtx, name string, shown string) bool {
	if first, dup := seen[key]; dup {
		c.fail(name, "%s appears again (first at row %d)", shown, first)
		return false
	}
	seen[key] = c.r.num
	return true
}

// tally counts a merged entity as added, updated or unchanged and reports whether it is to
// be written.
func tally[T any](rep *Report, sheet string, old *T, merged T) bool {
	n := rep.count(sheet)
	switch {
	case old == nil:
		n.Added++
	case reflect.DeepEqual(*old, merged):
		n.Unchanged++
		return false
	default:
		n.Updated++
	}
	return true
}
