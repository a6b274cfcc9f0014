package scheduler

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"associateplanner/model"
)

// Unfilled is a role with seats the plan leaves empty, and why.
type Unfilled struct {
	RequestRef string      `json:"requestRef"`
	Role       string      `json:"role"`
	Priority   int         `json:"priority"`
	Seats      int         `json:"seats"` // how many are empty
	Removed    []RuleCount `json:"removed"`
	Summary    string      `json:"summary"` // "412 associates: 380 lack the skills; 20 on leave; …"
	Nearest    []Near      `json:"nearest"`
}

// RuleCount is how many associates one hard rule removed from a role's candidates.
type RuleCount struct {
	Rule  Rule   `json:"rule"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Near is a near miss: an associate close to qualifying, and what they lack.
type Near struct {
	StaffID string   `json:"staffId"`
	Name    string   `json:"name"`
	Misses  []string `json:"misses"`
}

// nearestShown is how many near misses an empty seat lists.
const nearestShown = 3

// unfilled explains every seat the plan in s leaves empty, the roles shared out among the
// cores (s is only read).
func unfilled(in *instance, s *state) []Unfilled {
	var roles []*roleInfo
	for _, r := range in.roles {
		if r.open && s.room[r.ID] > 0 {
			in.candidates(r.ID) // found here, by the one goroutine that may
			roles = append(roles, r)
		}
	}
	out := make([]Unfilled, len(roles))
	workers := min(runtime.GOMAXPROCS(0), 4, max(len(roles)/16, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			why := newWhy(s)
			check := model.Checker{Plan: s, Limit: in.limit}
			for k := w; k < len(roles); k += workers {
				out[k] = explainSeats(in, s, roles[k], why, &check)
			}
		}()
	}
	wg.Wait()
	slices.SortStableFunc(out, func(a, b Unfilled) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.RequestRef, b.RequestRef))
	})
	return out
}

// explainSeats explains the empty seats of role r: how many associates each rule removed
// (check reads the plan in s, as dynamicRule does) and the nearest misses.
func explainSeats(in *instance, s *state, r *roleInfo, why *why, check *model.Checker) Unfilled {
	u := Unfilled{RequestRef: r.Request.Ref, Role: r.Role.Name, Priority: r.tier, Seats: s.room[r.ID]}
	counts := r.removed
	for _, p := range r.cands {
		if !s.holds(p, r.ID) { // the role has room, so this is rule 7, 8 or 9
			counts[check.FirstOf(&in.people[p].Person, &r.Post, dynamicOrder)]++
		}
	}
	for _, h := range model.HardRules {
		if counts[h.Rule] > 0 {
			u.Removed = append(u.Removed, RuleCount{Rule: h.Rule, Name: h.Rule.CountName(&r.Post), Count: counts[h.Rule]})
		}
	}
	u.Summary = summary(len(in.people), u.Removed)
	u.Nearest = why.nearest(r)
	return u
}

func summary(total int, removed []RuleCount) string {
	parts := make([]string, len(removed))
	for i, rc := range removed {
		parts[i] = fmt.Sprintf("%d %s", rc.Count, rc.Name)
	}
	return fmt.Sprintf("%d associates: %s", total, strings.Join(parts, "; "))
}

// why explains a plan: which rules keep a person out of a role, read from the one table
// of rules against the plan, as if the role had a free seat (could they take one?).
type why struct {
	s     *state
	check model.Checker
}

func newWhy(s *state) *why {
	return &why{s: s, check: model.Checker{Plan: s, Limit: s.in.limit, AnySeat: true}}
}

// misses lists every way p breaks a rule in r; the slice is reused by the next call.
func (w *why) misses(p, r int) []model.Miss {
	return w.check.Misses(&w.s.in.people[p].Person, &w.s.in.roles[r].Post, model.AllRules)
}

// reasons words every way p breaks a rule in r.
func (w *why) reasons(p, r int) []string {
	var out []string
	for _, m := range w.misses(p, r) {
		out = append(out, m.Reason(&w.s.in.people[p].Person, &w.s.in.roles[r].Post))
	}
	return out
}

// nearest ranks associates not in the role by how little they miss and describes the
// first few: rules that no change of plan could cure count most, then how many rules, then
// the skill gap, then who comes first in the register. Only those shown are put into words.
//
// Those with the role's key skill are read first, in register order: anyone without it
// misses a skill and falls short by a level at least, so once three of them miss one
// curable rule and no skill, no one after them, and no one without the skill, can come
// nearer, and the rest of the register need not be read. Those without it are read
// next, in register order, until that least miss puts the next of them farther than the
// farthest shown.
func (w *why) nearest(r *roleInfo) []Near {
	var top nearest
	skilled := func(p *person) bool { return r.key < 0 || p.Skills[r.Needs[r.key].Skill] >= r.Needs[r.key].Level }
	for _, pe := range w.s.in.people {
		if skilled(pe) {
			if top.consider(w, pe.ID, r); top.settled() {
				return top.words(w, r)
			}
		}
	}
	for _, pe := range w.s.in.people {
		// Without the key skill p misses a rule and a level at least: once that alone puts
		// p farther than the farthest shown, it puts everyone after p farther too.
		if len(top) == nearestShown && !(nearMiss{p: pe.ID, key: [3]int{0, 1, 1}}).less(top[len(top)-1]) {
			break
		}
		if !skilled(pe) && top.mayCome(w, pe, r) {
			top.consider(w, pe.ID, r)
		}
	}
	return top.words(w, r)
}

// mayCome reports whether p, who lacks r's key skill, may come nearer than the farthest
// near miss so far. Rather than every way p misses (Misses, which the nearest are
// ranked by), it counts the unmet skills, then the fixed rules, then the other rules one
// at a time, each at least one miss, and stops as soon as those alone put p farther: most
// of a large register is read only as far as its skills.
func (top nearest) mayCome(w *why, p *person, r *roleInfo) bool {
	if len(top) < nearestShown {
		return true
	}
	farthest := top[len(top)-1]
	c := nearMiss{p: p.ID, key: [3]int{0, 0, skillGap(p, r)}}
	for _, n := range r.Needs {
		if p.Skills[n.Skill] < n.Level {
			c.key[1]++
		}
	}
	if !c.less(farthest) { // the unmet skills alone put p farther: the checks need not be made
		return false
	}
	for _, rule := range fixedRules {
		if w.check.First(&p.Person, &r.Post, model.RulesOf(rule)) != 0 {
			c.key[0]++
			c.key[1]++
		}
	}
	rest := model.AllRules &^ model.RulesOf(model.RuleSkills)
	for _, rule := range fixedRules {
		rest &^= model.RulesOf(rule)
	}
	for c.less(farthest) {
		rule := w.check.First(&p.Person, &r.Post, rest)
		if rule == 0 {
			return true
		}
		c.key[1]++
		rest &^= model.RulesOf(rule)<<1 - 1 // this rule and those before it
	}
	return false
}

// fixedRules are the rules no change of plan cures.
var fixedRules = func() []Rule {
	var out []Rule
	for _, h := range model.HardRules {
		if h.Fixed {
			out = append(out, h.Rule)
		}
	}
	return out
}()

// settled reports whether the nearest so far each miss one curable rule and no skill: no
// one read after them can come nearer.
func (top nearest) settled() bool {
	return len(top) == nearestShown && top[nearestShown-1].key == [3]int{0, 1, 0}
}

// nearest are the near misses found so far, nearest first: at most nearestShown.
type nearest []nearMiss

// nearMiss is a person and how near they come: rules that cannot be cured, rules missed,
// skill gap.
type nearMiss struct {
	p   int
	key [3]int
}

func (n nearMiss) less(o nearMiss) bool {
	for i := range n.key {
		if n.key[i] != o.key[i] {
			return n.key[i] < o.key[i]
		}
	}
	return n.p < o.p
}

// consider ranks p among the nearest if they are not in r and miss something.
func (top *nearest) consider(w *why, p int, r *roleInfo) {
	if w.s.seated(p, r.ID) {
		return
	}
	ms := w.misses(p, r.ID)
	if len(ms) == 0 {
		return
	}
	c := nearMiss{p: p, key: [3]int{0, len(ms), skillGap(w.s.in.people[p], r)}}
	for _, m := range ms {
		if m.Rule.Def().Fixed {
			c.key[0]++
		}
	}
	t := *top
	if len(t) == nearestShown && !c.less(t[len(t)-1]) {
		return
	}
	i := len(t)
	for i > 0 && c.less(t[i-1]) {
		i--
	}
	if t = slices.Insert(t, i, c); len(t) > nearestShown {
		t = t[:nearestShown]
	}
	*top = t
}

// words describes each near miss.
func (top nearest) words(w *why, r *roleInfo) []Near {
	var out []Near
	for _, c := range top {
		a := w.s.in.people[c.p].Associate
		out = append(out, Near{StaffID: a.StaffID, Name: a.Name, Misses: w.reasons(c.p, r.ID)})
	}
	return out
}

// Candidate is one associate considered for a role, for a ranked list to swap from.
type Candidate struct {
	StaffID  string   `json:"staffId"`
	Name     string   `json:"name"`
	Chosen   bool     `json:"chosen"`   // holds a seat of the role, kept or planned
	Eligible bool     `json:"eligible"` // could take a free or swapped seat without breaking a rule
	Score    Score    `json:"score"`
	Reasons  []string `json:"reasons"` // what keeps them out, when not eligible
}

// Candidates ranks every associate for a role: the chosen, then the eligible by score,
// then the rest by how little they miss.
func (p *Plan) Candidates(key model.RoleKey) []Candidate {
	r, ok := p.in.byRole[key]
	if !ok {
		return nil
	}
	var out []Candidate
	why := newWhy(p.s)
	for _, pe := range p.in.people {
		c := Candidate{StaffID: pe.Associate.StaffID, Name: pe.Associate.Name, Chosen: p.s.seated(pe.ID, r), Score: p.in.score(pe.ID, r)}
		if !c.Chosen {
			c.Reasons = why.reasons(pe.ID, r)
			c.Eligible = len(c.Reasons) == 0
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		rank := func(c Candidate) int {
			switch {
			case c.Chosen:
				return 0
			case c.Eligible:
				return 1
			}
			return 2
		}
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(len(a.Reasons), len(b.Reasons)), cmp.Compare(b.Score.Total, a.Score.Total))
	})
	return out
}

// WhyNot says why an associate was or was not chosen for a role.
func (p *Plan) WhyNot(staffID string, key model.RoleKey) string {
	pid, ok := p.in.byStaff[staffID]
	r, ok2 := p.in.byRole[key]
	if !ok || !ok2 {
		return "no such associate or role"
	}
	ri := p.in.roles[r]
	name := p.in.people[pid].Associate.Name
	switch {
	case slices.Contains(ri.kept, pid):
		return fmt.Sprintf("%s holds a committed seat in %s", name, ri.roleName())
	case p.s.holds(pid, r):
		return fmt.Sprintf("%s was chosen for %s (score %.1f)", name, ri.roleName(), p.in.score(pid, r).Total)
	case !ri.open:
		return fmt.Sprintf("%s is not planned: the request is not open or its trust has closed", ri.roleName())
	}
	if m := newWhy(p.s).reasons(pid, r); len(m) > 0 {
		return fmt.Sprintf("%s cannot take %s: %s", name, ri.roleName(), strings.Join(m, "; "))
	}
	return fmt.Sprintf("%s could take %s, but the seats went to people who scored higher (%.1f against %s)",
		name, ri.roleName(), p.in.score(pid, r).Total, p.holderScores(r))
}

func (p *Plan) holderScores(r int) string {
	var parts []string
	for _, h := range p.s.holders[r] {
		parts = append(parts, fmt.Sprintf("%s %.1f", p.in.people[h].Associate.Name, p.in.score(h, r).Total))
	}
	return strings.Join(parts, ", ")
}

// violations words the conflicts whose assignment is one of those wanted: for a new plan,
// the kept ones (commitments and pins), which the plan never changes, so a person must
// decide; unpinned proposals are planned afresh.
func violations(all []model.Conflict, wanted func(model.Assignment) bool) []string {
	var out []string
	for _, c := range all {
		if wanted(c.Assignment) {
			out = append(out, c.String())
		}
	}
	return out
}
