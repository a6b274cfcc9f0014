package scheduler

import (
	"slices"

	"associateplanner/model"
)

// Term is one named part of an assignment's quality score, already weighted.
type Term struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Score is an assignment's quality: its terms and their sum.
type Score struct {
	Terms []Term  `json:"terms"`
	Total float64 `json:"total"`
}

func (s *Score) add(name string, weight, value float64) {
	if weight == 0 || value == 0 {
		return
	}
	s.Terms = append(s.Terms, Term{name, weight * value})
	s.Total += weight * value
}

// costScale is the day rate whose cost term is -1 per unit weight.
const costScale = model.Pence(50000) // £500

// Each quality term of planning.md is a small function of one associate and role,
// returning a value near 0 to 1 that the term's weight multiplies. termValues pairs them,
// in order, with model.WeightTerms, which names each term and holds its weight.
var termValues = []struct {
	key   string // model.WeightTerm.Key
	value func(in *instance, p *person, r *roleInfo) float64
}{
	{"weight_system", systemExperience},
	{"weight_region", sameRegion},
	{"weight_skill", skillAbove},
	{"weight_fairness", fairness},
	{"weight_continuity", continuity},
	{"weight_cost", cost},
	{"weight_stability", stability},
}

// systemExperience: the pool exists to reuse what people learnt on a supplier's system.
func systemExperience(_ *instance, p *person, r *roleInfo) float64 {
	if r.system >= 0 && p.systems[r.system] {
		return 1
	}
	return 0
}

// sameRegion: on-site work near home.
func sameRegion(_ *instance, p *person, r *roleInfo) float64 {
	if r.Role.OnSite && r.Trust != nil && p.region != "" && p.region == r.Trust.Region {
		return 1
	}
	return 0
}

// skillAbove: the mean margin over the role's minimum levels, as a share of the most there
// could be.
func skillAbove(_ *instance, p *person, r *roleInfo) float64 {
	if len(r.Role.Skills) == 0 {
		return 0
	}
	sum := 0.0
	for _, n := range r.Needs {
		sum += float64(p.Skills[n.Skill]-n.Level) / 4
	}
	return sum / float64(len(r.Needs))
}

// fairness: the share of their year's allowance the associate has already given, as a
// penalty, so days spread across the pool.
func fairness(in *instance, p *person, r *roleInfo) float64 {
	if p.Associate.MaxDays == 0 {
		return 0
	}
	worst := 0.0
	for _, yd := range r.Days {
		if y := yd.Year - in.fyBase; y >= 0 && y < len(p.usedKept) {
			worst = max(worst, float64(p.usedKept[y])/float64(p.Associate.MaxDays))
		}
	}
	return -worst
}

// continuity: the same associate back on the same request or at the same trust.
func continuity(_ *instance, p *person, r *roleInfo) float64 {
	if len(p.past) > 0 && (p.past[r.Request.Ref] || p.past[r.Request.Trust]) {
		return 1
	}
	return 0
}

// cost: the day rate reimbursed, as a penalty.
func cost(in *instance, p *person, _ *roleInfo) float64 {
	return -float64(in.data.Settings.RateFor(p.Associate)) / float64(costScale)
}

// stability: keep what an earlier plan proposed, so one change does not reshuffle everyone.
func stability(in *instance, p *person, r *roleInfo) float64 {
	if slices.Contains(r.previous, p.ID) {
		return 1
	}
	return 0
}

// eachTerm calls fn with every quality term's name, weight and value for person p in role r.
func (in *instance) eachTerm(p, r int, fn func(name string, weight, value float64)) {
	pe, ri := in.people[p], in.roles[r]
	for i, t := range model.WeightTerms {
		fn(t.Name, in.weight[i], termValues[i].value(in, pe, ri))
	}
}

// score weighs every quality term for person p in role r, keeping the terms to explain.
func (in *instance) score(p, r int) Score {
	var s Score
	in.eachTerm(p, r, s.add)
	return s
}

// total is score(p, r).Total without keeping the terms: the planner's inner loops use it,
// once for every candidate of every role.
func (in *instance) total(p, r int) float64 {
	pe, ri := in.people[p], in.roles[r]
	t := 0.0
	for i, w := range in.weight {
		if w != 0 {
			t += w * termValues[i].value(in, pe, ri)
		}
	}
	return t
}
