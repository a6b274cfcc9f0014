package model

import (
	"cmp"
	"fmt"
	"slices"
)

// Conflict is a saved assignment that breaks a hard rule as the register now stands.
type Conflict struct {
	Assignment Assignment `json:"assignment"`
	Name       string     `json:"name"` // the associate's
	Rule       Rule       `json:"rule"`
	Reason     string     `json:"reason"` // "on leave 03/02/2027 – 07/02/2027"
}

// String says it in one line: "REQ-2027-001 / Tester / Ann Lee (Confirmed): on leave …".
func (c Conflict) String() string {
	a := c.Assignment
	return fmt.Sprintf("%s / %s / %s (%s): %s", a.RequestRef, a.Role, c.Name, a.Status, c.Reason)
}

// Conflicts checks every saved assignment that holds days and is not yet done (Proposed,
// Confirmed, Active; pinned or not) against the hard rules, and returns each way one
// breaks a rule. They are judged one at a time, strongest first (completed work, which is
// only counted, then commitments, pinned proposals and proposals, each by start date),
// each against the rules and the assignments judged before it: of two that clash, the
// weaker is the one in conflict. Rule 11 (the request is open) applies to unpinned
// proposals only: a commitment stands whatever became of its request.
func Conflicts(d *Data) []Conflict {
	saved := prepareSaved(d)
	l := newLedger()
	c := Checker{Plan: l, Limit: d.Settings.ReleaseLimit}
	var out []Conflict
	for _, s := range saved {
		l.know(s.person, s.post)
		if s.a.Status != Completed {
			rules := AllRules &^ RulesOf(RuleWithdrawn, RuleOpenRequest)
			if s.a.Status == Proposed && !s.a.Pinned {
				rules |= RulesOf(RuleOpenRequest)
			}
			for _, m := range c.Misses(s.person, s.post, rules) {
				out = append(out, Conflict{Assignment: *s.a, Name: s.person.Associate.Name, Rule: m.Rule, Reason: m.Reason(s.person, s.post)})
			}
		}
		l.book(s.person, s.post)
	}
	slices.SortStableFunc(out, func(a, b Conflict) int {
		return cmp.Or(cmp.Compare(a.Assignment.RequestRef, b.Assignment.RequestRef), cmp.Compare(a.Assignment.Role, b.Assignment.Role),
			cmp.Compare(a.Assignment.StaffID, b.Assignment.StaffID))
	})
	return out
}

// saved is a saved assignment prepared for the rules.
type saved struct {
	a      *Assignment
	person *Person
	post   *Post
}

// prepareSaved prepares every assignment that holds days and whose associate and role the
// register knows, in the order Conflicts judges them. Each role is a post of its own
// number; each assignment's post has the assignment's own dates.
func prepareSaved(d *Data) []saved {
	idx, cal, n := NewIndex(d), NewCalendar(d.Closures), NewNumbering()
	roleNo := make(map[RoleKey]int, len(d.Roles))
	for i := range d.Roles {
		roleNo[d.Roles[i].Key()] = i
	}
	var out []saved
	for i := range d.Assignments {
		a := &d.Assignments[i]
		id, known := roleNo[a.RoleKey()]
		if !a.Holds() || !known || idx.Associate[a.StaffID] == nil {
			continue
		}
		post := &Post{ID: id, Role: &d.Roles[id], Request: idx.Request[a.RequestRef], Period: a.Period,
			Days: cal.WorkingDaysByYear(a.Period)}
		if post.Request == nil {
			continue
		}
		post.Trust = idx.Org[post.Request.Trust]
		n.NumberPost(post)
		out = append(out, saved{a: a, post: post})
	}
	people, orgs := map[string]*Person{}, Numbers{}
	for i := range out {
		p := people[out[i].a.StaffID]
		if p == nil {
			a := idx.Associate[out[i].a.StaffID]
			p = &Person{ID: len(people), Org: orgs.ID(a.HomeOrg), Associate: a, Leave: LeavePeriods(idx.Unavailable[a.StaffID])}
			n.NumberPerson(p)
			people[a.StaffID] = p
		}
		out[i].person = p
	}
	slices.SortStableFunc(out, func(x, y saved) int {
		return cmp.Or(cmp.Compare(strength(x.a), strength(y.a)), cmp.Compare(x.a.From, y.a.From),
			cmp.Compare(x.a.RequestRef, y.a.RequestRef), cmp.Compare(x.a.Role, y.a.Role), cmp.Compare(x.a.StaffID, y.a.StaffID))
	})
	return out
}

// strength orders assignments by how firmly they hold: completed work, commitments,
// pinned proposals, proposals.
func strength(a *Assignment) int {
	switch {
	case a.Status == Completed:
		return 0
	case a.Status.IsCommitment():
		return 1
	case a.Pinned:
		return 2
	}
	return 3
}

// ledger is Bookings over assignments added one by one with book: what rules 7 to 10 read
// when a saved assignment is judged against those before it.
type ledger struct {
	booked  map[int][]ledgerEntry // by person
	used    map[[2]int]int        // working days by person and financial year
	caps    map[int]int           // Max Days Per Year by person
	away    map[int][]Period      // by organisation: its people's bookings
	holders map[int][]int         // by post: people
	seats   map[int]int           // by post: headcount
}

type ledgerEntry struct {
	post int
	Booking
}

func newLedger() *ledger {
	return &ledger{booked: map[int][]ledgerEntry{}, used: map[[2]int]int{}, caps: map[int]int{},
		away: map[int][]Period{}, holders: map[int][]int{}, seats: map[int]int{}}
}

// know tells the ledger p's annual cap and r's headcount, before p is judged for r.
func (l *ledger) know(p *Person, r *Post) {
	l.caps[p.ID] = p.Associate.MaxDays
	l.seats[r.ID] = r.Role.Headcount
}

// book adds p's seat in post r.
func (l *ledger) book(p *Person, r *Post) {
	l.booked[p.ID] = append(l.booked[p.ID], ledgerEntry{r.ID, Booking{r.Request.Ref, r.Role.Name, r.Period}})
	for _, yd := range r.Days {
		l.used[[2]int{p.ID, yd.Year}] += yd.Days
	}
	l.away[p.Org] = append(l.away[p.Org], r.Period)
	l.holders[r.ID] = append(l.holders[r.ID], p.ID)
}

// busy books a span of a person's days outside any post.
func (l *ledger) busy(person int, b Booking) {
	l.booked[person] = append(l.booked[person], ledgerEntry{-1, b})
}

func (l *ledger) Clash(person, post int, span Period, k int) (Booking, bool) {
	for _, e := range l.booked[person] {
		if e.post != post && e.Overlaps(span) {
			if k == 0 {
				return e.Booking, true
			}
			k--
		}
	}
	return Booking{}, false
}

func (l *ledger) DaysLeft(person, fy int) int { return l.caps[person] - l.used[[2]int{person, fy}] }

func (l *ledger) FullDay(org int, span Period, limit int) (Date, int, bool) {
	for day := span.From; day <= span.To; day++ {
		away := 0
		for _, p := range l.away[org] {
			if p.Contains(day) {
				away++
			}
		}
		if away >= limit {
			return day, away, true
		}
	}
	return 0, 0, false
}

func (l *ledger) Seats(person, post int) (int, bool) {
	return l.seats[post] - len(l.holders[post]), slices.Contains(l.holders[post], person)
}
