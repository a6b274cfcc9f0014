package model

// Weights tune the quality terms of a plan (planning.md): each multiplies its term's score.
type Weights struct {
	System     float64 // experience of the request's supplier system
	Region     float64 // same NHS England region, for on-site roles
	SkillAbove float64 // skill levels above the minimum
	Fairness   float64 // spread days across associates
	Continuity float64 // the same associate on the same request or trust
	Cost       float64 // day rate × days
	Stability  float64 // keep earlier Proposed assignments when re-planning
}

// WeightTerm describes one quality term of planning.md and its weight: the key the
// register stores it under, the name people read, and the field of Weights that holds it.
// Settings, their form and the planner all read this one list.
type WeightTerm struct {
	Key   string
	Name  string
	Means string // what a higher weight favours, in the words of planning.md
	Field func(*Weights) *float64
}

// WeightTerms lists the quality terms in planning.md's order.
var WeightTerms = []WeightTerm{
	{"weight_system", "System experience", "people who know the request's supplier system",
		func(w *Weights) *float64 { return &w.System }},
	{"weight_region", "Same region", "people from the trust's own region, for on-site roles",
		func(w *Weights) *float64 { return &w.Region }},
	{"weight_skill", "Skill above minimum", "people whose skills exceed what the role needs",
		func(w *Weights) *float64 { return &w.SkillAbove }},
	{"weight_fairness", "Fairness", "people with fewer days used this year: the work is spread",
		func(w *Weights) *float64 { return &w.Fairness }},
	{"weight_continuity", "Continuity", "the same person on the same request or trust",
		func(w *Weights) *float64 { return &w.Continuity }},
	{"weight_cost", "Cost", "cheaper plans: day rate × days",
		func(w *Weights) *float64 { return &w.Cost }},
	{"weight_stability", "Stability", "keeping earlier proposals when re-planning, so one change does not reshuffle everyone",
		func(w *Weights) *float64 { return &w.Stability }},
}

// DefaultWeights puts knowledge sharing first, as the pool exists for it.
var DefaultWeights = Weights{System: 10, Region: 3, SkillAbove: 2, Fairness: 2, Continuity: 3, Cost: 1, Stability: 5}

// Settings are the register's tunable figures.
type Settings struct {
	DayRates       map[Band]Pence // the default day rate per band
	AnnualBudget   Pence          // per financial year
	ReleaseLimit   int            // K: most associates of one home organisation away on a day; 0 = no limit
	Weights        Weights
	LetterTemplate string // "" means the built-in template
}

// DefaultSettings returns the settings of a new register.
func DefaultSettings() Settings {
	return Settings{
		DayRates: map[Band]Pence{
			"2": Pounds(130), "3": Pounds(145), "4": Pounds(165), "5": Pounds(200), "6": Pounds(245),
			"7": Pounds(295), "8a": Pounds(345), "8b": Pounds(410), "8c": Pounds(490),
			"8d": Pounds(585), "9": Pounds(700),
		},
		AnnualBudget: Pounds(2_000_000),
		ReleaseLimit: 2,
		Weights:      DefaultWeights,
	}
}

// Validate checks the settings.
func (s Settings) Validate() Problems {
	var p Problems
	for b, r := range s.DayRates {
		if r < 0 {
			p.Add("Day rate "+b.String(), "cannot be negative")
		}
	}
	if s.AnnualBudget < 0 {
		p.Add("Annual budget", "cannot be negative")
	}
	if s.ReleaseLimit < 0 {
		p.Add("Release limit", "cannot be negative (0 means no limit)")
	}
	for _, t := range WeightTerms {
		if *t.Field(&s.Weights) < 0 {
			p.Add("Weight "+t.Name, "cannot be negative")
		}
	}
	return p
}

// RateFor returns the day rate reimbursed for an associate: their own, else their band's.
func (s Settings) RateFor(a *Associate) Pence {
	if a.DayRate > 0 {
		return a.DayRate
	}
	return s.DayRates[a.Band]
}
