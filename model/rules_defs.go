package model

import (
	"fmt"
	"slices"
	"strings"
)

// Each rule's test and words, in planning.md's order. A test reports whether the person
// breaks the rule, calling c.miss for each way they do; it stops looking for more when
// c.miss returns false (only the verdict is wanted).

func testActive(c *Checker, p *Person, _ *Post) bool {
	return !p.Associate.Active && c.broke(Miss{})
}

func testSkills(c *Checker, p *Person, r *Post) (broken bool) {
	for i, n := range r.Needs {
		if l := p.Skills[n.Skill]; l < n.Level {
			if broken = true; !c.miss(Miss{Item: i, Held: l}) {
				return
			}
		}
	}
	return
}

func saySkill(_ *Person, r *Post, m Miss) string {
	need := r.Role.Skills[m.Item]
	return fmt.Sprintf("%s %d, needs %d", need.Skill, m.Held, need.Level)
}

func countSkills(r *Post) string {
	if len(r.Role.Skills) == 0 {
		return ""
	}
	needs := make([]string, len(r.Role.Skills))
	for i, s := range r.Role.Skills {
		needs[i] = fmt.Sprintf("%s ≥ %d", s.Skill, s.Level)
	}
	return "lack " + strings.Join(needs, " or ")
}

// testClearances: every clearance held with an expiry on or after the last day worked.
func testClearances(c *Checker, p *Person, r *Post) (broken bool) {
	for i, kind := range r.Clears {
		if exp := p.Clearances[kind]; exp < r.To {
			if broken = true; !c.miss(Miss{Item: i, Date: exp}) {
				return
			}
		}
	}
	return
}

func sayClearance(_ *Person, r *Post, m Miss) string {
	kind := r.Role.Clearances[m.Item]
	if m.Date.IsZero() {
		return "no " + kind
	}
	return fmt.Sprintf("%s expires %s", kind, m.Date)
}

func countClearances(r *Post) string {
	if len(r.Role.Clearances) == 0 {
		return ""
	}
	return fmt.Sprintf("lack %s valid to %s", strings.Join(r.Role.Clearances, " or "), r.To)
}

func testOwnEmployer(c *Checker, p *Person, r *Post) bool {
	return p.Associate.HomeOrg == r.Request.Trust && c.broke(Miss{})
}

func testRemoteOnly(c *Checker, p *Person, r *Post) bool {
	return r.Role.OnSite && p.Associate.RemoteOnly && c.broke(Miss{})
}

func testLeave(c *Checker, p *Person, r *Post) (broken bool) {
	for i, l := range p.Leave {
		if l.Overlaps(r.Period) {
			if broken = true; !c.miss(Miss{Item: i}) {
				return
			}
		}
	}
	return
}

func sayLeave(p *Person, _ *Post, m Miss) string { return "on leave " + p.Leave[m.Item].String() }

func testDoubleBooking(c *Checker, p *Person, r *Post) (broken bool) {
	for k := 0; ; k++ {
		b, clash := c.Plan.Clash(p.ID, r.ID, r.Period, k)
		if !clash {
			return
		}
		if broken = true; !c.miss(Miss{Booking: b}) {
			return
		}
	}
}

func sayBooking(_ *Person, _ *Post, m Miss) string {
	return fmt.Sprintf("booked on %s / %s %s", m.Booking.RequestRef, m.Booking.Role, m.Booking.Period)
}

// testAnnualCap counts each financial year the post spans on its own.
func testAnnualCap(c *Checker, p *Person, r *Post) (broken bool) {
	for _, yd := range r.Days {
		if left := c.Plan.DaysLeft(p.ID, yd.Year); left < yd.Days {
			if broken = true; !c.miss(Miss{Item: yd.Year, Held: left}) {
				return
			}
		}
	}
	return
}

func sayCap(p *Person, r *Post, m Miss) string {
	need := 0
	for _, yd := range r.Days {
		if yd.Year == m.Item {
			need = yd.Days
		}
	}
	return fmt.Sprintf("annual cap of %d days: %d left in %s, needs %d", p.Associate.MaxDays, max(m.Held, 0),
		FinancialYearLabel(m.Item), need)
}

func testReleaseLimit(c *Checker, p *Person, r *Post) bool {
	if c.Limit == 0 {
		return false
	}
	day, away, full := c.Plan.FullDay(p.Org, r.Period, c.Limit)
	return full && c.broke(Miss{Date: day, Held: away})
}

func sayRelease(p *Person, _ *Post, m Miss) string {
	return fmt.Sprintf("employer %s already has %d away on %s", p.Associate.HomeOrg, m.Held, m.Date)
}

// testSeats: no more people than seats, and one seat per person.
func testSeats(c *Checker, p *Person, r *Post) (broken bool) {
	free, seated := c.Plan.Seats(p.ID, r.ID)
	if !c.AnySeat && free <= 0 {
		if broken = true; !c.miss(Miss{Item: 1}) {
			return
		}
	}
	return seated && c.broke(Miss{Item: 0}) || broken
}

func saySeats(_ *Person, r *Post, m Miss) string {
	if m.Item == 0 {
		return "already holds a seat in this role"
	}
	return fmt.Sprintf("all %d seats already taken", r.Role.Headcount)
}

func testOpen(c *Checker, _ *Person, r *Post) bool {
	return !PostOpen(r) && c.broke(Miss{})
}

// PostOpen is rule 11: only open requests at organisations still open are planned.
func PostOpen(r *Post) bool {
	return r.Request.Status == RequestOpen && (r.Trust == nil || !r.Trust.IsClosedOn(r.Role.From))
}

func testWithdrawn(c *Checker, p *Person, r *Post) bool {
	return slices.Contains(r.Withdrawn, p.ID) && c.broke(Miss{})
}

func sayWithdrawn(*Person, *Post, Miss) string { return "withdrawn from this role by the coordinator" }
