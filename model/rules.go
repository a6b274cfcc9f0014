package model

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// Rule is one hard rule of planning.md, numbered as there.
type Rule int

// The hard rules, in planning.md's order.
const (
	RuleActive        Rule = 1
	RuleSkills        Rule = 2
	RuleClearances    Rule = 3
	RuleOwnEmployer   Rule = 4
	RuleRemoteOnly    Rule = 5
	RuleUnavailable   Rule = 6
	RuleDoubleBooking Rule = 7
	RuleAnnualCap     Rule = 8
	RuleReleaseLimit  Rule = 9
	RuleSeats         Rule = 10
	RuleOpenRequest   Rule = 11
	// RuleWithdrawn is not in planning.md: the coordinator withdrew this person from this
	// role (rejected a proposal or swapped them out), so re-planning must not undo that.
	RuleWithdrawn Rule = 12
)

// HardRule is one hard rule, declared once: how a count of the associates it removes
// reads, its test, and how each way of breaking it is put into words. The planner's
// filter, its explanations, the check of saved assignments and the associates list's
// filters all read this table.
type HardRule struct {
	Rule  Rule
	Name  string // a count of those it removes reads "20 on leave"
	Fixed bool   // no change of plan cures it: such people are the farthest near misses
	Plan  bool   // it reads the rest of the plan (Bookings)
	// test reports whether p breaks the rule in post r, calling c.miss for each way they
	// do and stopping when it returns false.
	test func(c *Checker, p *Person, r *Post) bool
	// say words one miss; nil when the rule's name says it all.
	say func(p *Person, r *Post, m Miss) string
	// count, if set, names the count for one post: "lack Testing ≥ 3".
	count func(r *Post) string
}

// HardRules lists the rules in planning.md's order; the first a person breaks is the one
// their count falls under.
var HardRules = []HardRule{
	{Rule: RuleActive, Name: "inactive", Fixed: true, test: testActive},
	{Rule: RuleSkills, Name: "lack the skills", test: testSkills, say: saySkill, count: countSkills},
	{Rule: RuleClearances, Name: "lack valid clearances", test: testClearances, say: sayClearance, count: countClearances},
	{Rule: RuleOwnEmployer, Name: "employed by the trust", Fixed: true, test: testOwnEmployer},
	{Rule: RuleRemoteOnly, Name: "remote only", Fixed: true, test: testRemoteOnly},
	{Rule: RuleUnavailable, Name: "on leave", test: testLeave, say: sayLeave},
	{Rule: RuleDoubleBooking, Name: "already booked", Plan: true, test: testDoubleBooking, say: sayBooking},
	{Rule: RuleAnnualCap, Name: "at annual cap", Plan: true, test: testAnnualCap, say: sayCap},
	{Rule: RuleReleaseLimit, Name: "employer at release limit", Plan: true, test: testReleaseLimit, say: sayRelease},
	{Rule: RuleSeats, Name: "already in this role", Plan: true, test: testSeats, say: saySeats},
	{Rule: RuleOpenRequest, Name: "request not open", test: testOpen},
	{Rule: RuleWithdrawn, Name: "withdrawn by the coordinator", test: testWithdrawn, say: sayWithdrawn},
}

// Def returns the rule's declaration.
func (r Rule) Def() *HardRule {
	if r < 1 || int(r) > len(HardRules) {
		return nil
	}
	return &HardRules[r-1]
}

// String names the rule as a count of the people it removes reads: "on leave".
func (r Rule) String() string {
	if h := r.Def(); h != nil {
		return h.Name
	}
	return fmt.Sprintf("rule %d", int(r))
}

// CountName names the rule for one post, saying which skills and clearances it needs:
// "lack Cerner integration ≥ 3".
func (r Rule) CountName(post *Post) string {
	if h := r.Def(); h != nil && h.count != nil {
		if s := h.count(post); s != "" {
			return s
		}
	}
	return r.String()
}

// RuleSet is a set of hard rules, for checking only some.
type RuleSet uint16

// RulesOf makes a set of rules.
func RulesOf(rules ...Rule) RuleSet {
	var s RuleSet
	for _, r := range rules {
		s |= 1 << r
	}
	return s
}

// Has reports whether the set holds rule r.
func (s RuleSet) Has(r Rule) bool { return s&(1<<r) != 0 }

// Sets of rules the planner and the filters check.
var (
	AllRules = RulesOf(RuleActive, RuleSkills, RuleClearances, RuleOwnEmployer, RuleRemoteOnly, RuleUnavailable,
		RuleDoubleBooking, RuleAnnualCap, RuleReleaseLimit, RuleSeats, RuleOpenRequest, RuleWithdrawn)
	// PlanRules are the rules that read the rest of the plan: whatever else changes, the
	// others give the same answer for one person and post.
	PlanRules = RulesOf(RuleDoubleBooking, RuleAnnualCap, RuleReleaseLimit, RuleSeats)
)

// Miss is one way a person breaks a rule in a post, with what its words need.
type Miss struct {
	Rule    Rule
	Item    int     // which of the role's skills or clearances (2, 3), leave periods (6); the financial year (8); 0 in role, 1 full (10)
	Held    int     // the level held (2); days left (8); people away (9)
	Date    Date    // the clearance's expiry (3); the first day at the limit (9)
	Booking Booking // the booking in the way (7)
}

// Reason words the miss: "on leave 03/02/2027 – 07/02/2027".
func (m Miss) Reason(p *Person, r *Post) string {
	if h := m.Rule.Def(); h.say != nil {
		return h.say(p, r, m)
	}
	return m.Rule.String()
}

// Checker applies the hard rules to one person and one post at a time. It keeps scratch
// space between calls, so each goroutine needs its own.
type Checker struct {
	Plan  Bookings // what rules 7 to 10 read; nil leaves them unchecked
	Limit int      // K, the release limit (rule 9); 0 means none
	// AnySeat judges as if the role had a free seat: who could take one, were it free.
	AnySeat bool

	rule    Rule // being tested, when collecting
	collect bool
	misses  []Miss
}

// First returns the first rule of rules, in planning.md's order, that p breaks in post r,
// or 0 when p may take it.
func (c *Checker) First(p *Person, r *Post, rules RuleSet) Rule {
	c.collect = false
	for set := c.applicable(rules); set != 0; set &= set - 1 {
		if h := &HardRules[bits.TrailingZeros16(uint16(set))-1]; h.test(c, p, r) {
			return h.Rule
		}
	}
	return 0
}

// FirstOf is First asking the rules in the order given rather than planning.md's, so that
// a caller who asks very often may ask the cheapest first. Whether p may take r is the
// same; only which broken rule is named may differ.
func (c *Checker) FirstOf(p *Person, r *Post, order []Rule) Rule {
	c.collect = false
	for _, rule := range order {
		if h := &HardRules[rule-1]; (c.Plan != nil || !h.Plan) && h.test(c, p, r) {
			return rule
		}
	}
	return 0
}

// Misses returns every way p breaks rules in post r, in rule order. The slice is reused by
// the next call.
func (c *Checker) Misses(p *Person, r *Post, rules RuleSet) []Miss {
	c.collect, c.misses = true, c.misses[:0]
	for set := c.applicable(rules); set != 0; set &= set - 1 {
		h := &HardRules[bits.TrailingZeros16(uint16(set))-1]
		c.rule = h.Rule
		h.test(c, p, r)
	}
	return c.misses
}

// applicable narrows rules to those the checker can judge: without a plan, not 7 to 10.
// Walking its bits from the lowest visits the rules in order.
func (c *Checker) applicable(rules RuleSet) RuleSet {
	if c.Plan == nil {
		return rules &^ PlanRules
	}
	return rules
}

// miss records a way the rule being tested is broken and reports whether the test should
// go on to find more: only when every miss is wanted.
func (c *Checker) miss(m Miss) bool {
	if !c.collect {
		return false
	}
	m.Rule = c.rule
	c.misses = append(c.misses, m)
	return true
}

// broke records the one way a rule can be broken, and reports that it is.
func (c *Checker) broke(m Miss) bool {
	c.miss(m)
	return true
}

// Bookings is what rules 7 to 10 read of the rest of the plan: the planner's plan under
// construction, or the saved assignments checked so far. People and posts are known by
// their IDs, organisations by Person.Org.
type Bookings interface {
	// Clash returns the person's k-th booking (from 0) outside post that overlaps span, if
	// there is one.
	Clash(person, post int, span Period, k int) (Booking, bool)
	// DaysLeft is how many working days the person's annual cap leaves in financial year fy.
	DaysLeft(person, fy int) int
	// FullDay finds the first day of span on which at least limit people of organisation
	// org are away, and how many are.
	FullDay(org int, span Period, limit int) (day Date, away int, full bool)
	// Seats is how many of post's seats are free, and whether the person holds one.
	Seats(person, post int) (free int, seated bool)
}

// Booking is an assignment the rest of the plan holds, as rule 7 names it.
type Booking struct {
	RequestRef string
	Role       string
	Period
}

// Person is an associate prepared for the rules: skills and clearances numbered as a
// Numbering gives them, so that the rules compare small integers, not names.
type Person struct {
	ID         int // in the Bookings the rules read
	Org        int // the home organisation's number in the Bookings
	Associate  *Associate
	Skills     []int  // level by skill number
	Clearances []Date // expiry by clearance number; 0 when not held
	Leave      []Period
}

// Post is a seat of a role prepared for the rules, with the dates its holder works (the
// role's, or a saved assignment's own).
type Post struct {
	ID      int // in the Bookings the rules read
	Role    *Role
	Request *Request
	Trust   *Organisation // nil when the register does not know it
	Period
	Days      []YearDays // working days per financial year
	Needs     []Need     // the role's skills, numbered, in the role's order
	Clears    []int      // the role's clearances, numbered, in the role's order
	Withdrawn []int      // people the coordinator withdrew from the role (Person.ID)
}

// Need is a skill a post needs, by number, and the level it needs.
type Need struct{ Skill, Level int }

// Numbers numbers names case-insensitively, 0, 1, 2… in the order first seen, so that
// code that compares names very often compares small integers instead.
type Numbers map[string]int

// ID returns name's number, giving it the next one if it is new.
func (n Numbers) ID(name string) int {
	key := strings.ToLower(name)
	i, ok := n[key]
	if !ok {
		i = len(n)
		n[key] = i
	}
	return i
}

// Of returns name's number, if it has one.
func (n Numbers) Of(name string) (int, bool) {
	i, ok := n[strings.ToLower(name)]
	return i, ok
}

// Numbering numbers skill and clearance names for the rules. Posts are numbered first, so
// that a Person keeps only the skills and clearances some post needs.
type Numbering struct{ skills, clearances Numbers }

// NewNumbering starts a numbering with no names.
func NewNumbering() *Numbering { return &Numbering{skills: Numbers{}, clearances: Numbers{}} }

// Skills is how many skills are numbered.
func (n *Numbering) Skills() int { return len(n.skills) }

// NumberPost sets the post's Needs and Clears from its role, numbering names it is the
// first to use.
func (n *Numbering) NumberPost(p *Post) {
	p.Needs, p.Clears = nil, nil
	for _, s := range p.Role.Skills {
		p.Needs = append(p.Needs, Need{n.skills.ID(s.Skill), s.Level})
	}
	for _, c := range p.Role.Clearances {
		p.Clears = append(p.Clears, n.clearances.ID(c))
	}
}

// NumberPerson sets the person's Skills and Clearances from their associate record.
func (n *Numbering) NumberPerson(p *Person) {
	p.Skills, p.Clearances = make([]int, len(n.skills)), make([]Date, len(n.clearances))
	// Backwards, so that of two entries for one skill or clearance the first counts, as in
	// Associate's look-ups.
	for _, s := range slices.Backward(p.Associate.Skills) {
		if i, ok := n.skills.Of(s.Skill); ok {
			p.Skills[i] = s.Level
		}
	}
	for _, c := range slices.Backward(p.Associate.Clearances) {
		if i, ok := n.clearances.Of(c.Type); ok {
			p.Clearances[i] = c.Expiry
		}
	}
}

// LeavePeriods lists the periods of a person's unavailability.
func LeavePeriods(us []Unavailability) []Period {
	out := make([]Period, len(us))
	for i, u := range us {
		out[i] = u.Period
	}
	return out
}

func init() {
	for i, h := range HardRules {
		if int(h.Rule) != i+1 {
			panic(fmt.Sprintf("model.HardRules[%d] holds rule %d: the table must list the rules in order", i, h.Rule))
		}
	}
}
