package model

import (
	"fmt"
	"strings"
)

// Unheld says which skills and clearances a role needs that no associate holds, each with
// the closest one someone does hold: a typo there ("Data migation") would leave the role
// empty with no one able to fill it.
func Unheld(d *Data, r Role) []string {
	skills, clearances := map[string]string{}, map[string]string{}
	v := &Vocabulary{}
	for _, a := range d.Associates {
		for _, s := range a.Skills {
			v.Canonical(skills, s.Skill)
		}
		for _, c := range a.Clearances {
			v.Canonical(clearances, c.Type)
		}
	}
	var out []string
	for _, s := range r.Skills {
		out = append(out, unheld("skill", s.Skill, skills)...)
	}
	for _, c := range r.Clearances {
		out = append(out, unheld("clearance", c, clearances)...)
	}
	return out
}

// unheld is the sentence for a name no one holds, or none.
func unheld(what, name string, held map[string]string) []string {
	key := strings.ToLower(CleanName(name))
	if _, ok := held[key]; ok {
		return nil
	}
	msg := fmt.Sprintf("no associate has the %s %q", what, name)
	best, bestDist := "", len(key)/3+1 // further than this is not a typo
	for k, spelling := range held {
		if d := editDistance(key, k); d < bestDist {
			best, bestDist = spelling, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return []string{msg}
}

// editDistance is the number of letters to add, drop or change to turn a into b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
