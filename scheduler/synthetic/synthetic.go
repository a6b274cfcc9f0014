// Package synthetic generates planning problems of a given size for benchmarks and solver
// comparisons: associates with skills, systems, clearances, leave and caps; requests of
// every priority with roles; and some commitments. The same size and seed always give the
// same problem.
package synthetic

import (
	"fmt"
	"math/rand/v2"

	"associateplanner/model"
)

// Size is how big a problem to make.
type Size struct {
	Name       string
	Associates int
	Requests   int
	// Dense makes a problem shaped like the national ones: requests bunched in a few
	// months, several roles to a request, about 300 eligible associates per seat, leave for
	// most people, and the release limit binding.
	Dense bool
}

// The sizes of the scheduler issues: S, M and L (about 1,000 seats), and the dense national
// scale XL (10,000 associates, about 2,300 seats) and XXL.
var (
	S   = Size{Name: "S", Associates: 300, Requests: 20}
	M   = Size{Name: "M", Associates: 2000, Requests: 80}
	L   = Size{Name: "L", Associates: 5000, Requests: 250}
	XL  = Size{Name: "XL", Associates: 10000, Requests: 600, Dense: true}
	XXL = Size{Name: "XXL", Associates: 20000, Requests: 1200, Dense: true}
)

// Sizes lists every size by name.
var Sizes = map[string]Size{"S": S, "M": M, "L": L, "XL": XL, "XXL": XXL}

var (
	skills  = []string{"Data migration", "Cutover planning", "Interface engineering", "Clinical safety", "Go-live command centre", "Testing", "Training", "Clinical informatics", "Business continuity", "Reporting", "Infrastructure", "Project management", "Service desk", "Order communications", "Pharmacy systems", "Theatres", "Maternity", "Change management"}
	systems = []string{"Epic", "Cerner Millennium", "System C CareFlow", "Dedalus ORBIS", "Nervecentre", "MEDITECH Expanse", "Altera Sunrise", "TPP SystmOne"}
	regions = []string{"London", "South West", "South East", "Midlands", "East of England", "North West", "North East and Yorkshire"}
)

// Start is the first day of every generated problem's planning year.
var Start = model.NewDate(2027, 4, 5)

// Generate makes a problem of the given size from a seed.
func Generate(size Size, seed uint64) *model.Data {
	g := &gen{rng: rand.New(rand.NewPCG(seed, uint64(size.Associates))), d: &model.Data{Settings: model.DefaultSettings()}}
	for i := range 210 {
		g.d.Organisations = append(g.d.Organisations, model.Organisation{Code: fmt.Sprintf("S%03d", i),
			Name: fmt.Sprintf("Synthetic Trust %d", i), Region: regions[i%len(regions)]})
	}
	for i := range size.Associates {
		g.associate(i)
		if size.Dense {
			g.leave(g.d.Associates[i].StaffID)
		}
	}
	for i := range size.Requests {
		if size.Dense {
			g.denseRequest(i)
		} else {
			g.request(i)
		}
	}
	g.commitments()
	return g.d
}

type gen struct {
	rng *rand.Rand
	d   *model.Data
}

func (g *gen) associate(i int) {
	a := model.Associate{StaffID: fmt.Sprintf("E%05d", i), Name: fmt.Sprintf("Associate %d", i),
		HomeOrg: g.d.Organisations[g.rng.IntN(len(g.d.Organisations))].Code,
		Band:    model.Bands[3+g.rng.IntN(6)], MaxDays: 20 + 5*g.rng.IntN(9),
		Active: g.rng.IntN(100) >= 4, RemoteOnly: g.rng.IntN(100) < 8}
	// Skills are held unevenly, the last in the list rarely, and high levels are rarer
	// than low ones: some roles have many candidates, some a handful.
	held := map[int]bool{}
	for len(held) < 3+g.rng.IntN(4) {
		k := int(float64(len(skills)) * g.rng.Float64() * g.rng.Float64())
		if !held[k] {
			held[k] = true
			a.Skills = append(a.Skills, model.SkillLevel{Skill: skills[k], Level: []int{1, 1, 1, 2, 2, 2, 3, 3, 4, 5}[g.rng.IntN(10)]})
		}
	}
	for _, k := range g.rng.Perm(len(systems))[:1+g.rng.IntN(3)] {
		a.Systems = append(a.Systems, systems[k])
	}
	if g.rng.IntN(100) < 92 {
		a.Clearances = append(a.Clearances, model.Clearance{Type: "DBS", Expiry: Start + model.Date(g.rng.IntN(900))})
	}
	if g.rng.IntN(100) < 80 {
		a.Clearances = append(a.Clearances, model.Clearance{Type: "Smartcard", Expiry: Start + model.Date(200+g.rng.IntN(900))})
	}
	g.d.Associates = append(g.d.Associates, a)
	for range g.rng.IntN(3) {
		from := Start + model.Date(g.rng.IntN(360))
		g.d.Unavailability = append(g.d.Unavailability, model.Unavailability{StaffID: a.StaffID,
			Period: model.Period{From: from, To: from + model.Date(2+g.rng.IntN(12))}, Reason: "Leave"})
	}
}

// priorities are drawn from this list: one request in five an emergency.
var priorities = []int{1, 1, 2, 2, 2, 3, 3, 3, 3, 4}

// newRequest adds request i of a priority, starting on a day and lasting 2 to weeks+1
// weeks, at a random trust, on a random system, on site three times in four.
func (g *gen) newRequest(i, priority int, from model.Date, weeks int) model.Request {
	kind := model.KindAdvisory
	if priority == 1 {
		kind = model.KindEmergency
	}
	q := model.Request{Ref: fmt.Sprintf("SYN-%04d", i), Trust: g.d.Organisations[g.rng.IntN(len(g.d.Organisations))].Code,
		Title: "Synthetic request", Kind: kind, Priority: priority, System: systems[g.rng.IntN(len(systems))],
		Period: model.Period{From: from, To: from + model.Date(7*(2+g.rng.IntN(weeks))-3)}, Mode: model.ModeOnSite, Status: model.RequestOpen}
	if g.rng.IntN(4) == 0 {
		q.Mode = model.ModeRemote
	}
	g.d.Requests = append(g.d.Requests, q)
	return q
}

func (g *gen) request(i int) {
	priority := priorities[g.rng.IntN(len(priorities))]
	from := Start + model.Date(7*g.rng.IntN(48))
	if priority == 1 { // emergencies cluster, as failures follow a supplier's upgrade season
		from = Start + model.Date(7*g.rng.IntN(10))
	}
	q := g.newRequest(i, priority, from, 6)
	for k, s := range g.rng.Perm(len(skills))[:1+g.rng.IntN(4)] {
		r := model.Role{RequestRef: q.Ref, Name: fmt.Sprintf("Role %d", k+1), Headcount: 1 + g.rng.IntN(2),
			Skills: []model.SkillLevel{{Skill: skills[s], Level: 2 + g.rng.IntN(3)}}, Period: q.Period, OnSite: q.Mode == model.ModeOnSite}
		if g.rng.IntN(3) == 0 {
			r.Skills = append(r.Skills, model.SkillLevel{Skill: skills[(s+1)%len(skills)], Level: 2 + g.rng.IntN(2)})
		}
		if r.OnSite {
			r.Clearances = []string{"DBS"}
		}
		if weeks := int(q.To-q.From+3) / 7; weeks > 3 && g.rng.IntN(2) == 0 {
			r.To = r.From + model.Date(7*(1+g.rng.IntN(weeks-1))-3)
		}
		g.d.Roles = append(g.d.Roles, r)
	}
}

// season is how long the dense problems' requests are spread over: the weeks after a
// supplier's upgrade season, when trusts call for help at once.
const season = 13 * 7

// leave gives most people of a dense problem a spell or two of leave in the season.
func (g *gen) leave(staffID string) {
	if g.rng.IntN(100) < 15 {
		return
	}
	for range 1 + g.rng.IntN(2) {
		from := Start + model.Date(g.rng.IntN(season+28))
		g.d.Unavailability = append(g.d.Unavailability, model.Unavailability{StaffID: staffID,
			Period: model.Period{From: from, To: from + model.Date(3+g.rng.IntN(10))}, Reason: "Leave"})
	}
}

// denseRequest makes a request of a dense problem: starting in the season, two to four
// roles of one or two seats, each needing one skill, mostly at level 3.
func (g *gen) denseRequest(i int) {
	priority := priorities[g.rng.IntN(len(priorities))]
	q := g.newRequest(i, priority, Start+model.Date(7*g.rng.IntN(season/7)), 4)
	for k := range 2 + g.rng.IntN(3) {
		skill := g.rng.IntN(len(skills))
		r := model.Role{RequestRef: q.Ref, Name: fmt.Sprintf("Role %d", k+1), Headcount: 1 + g.rng.IntN(3)/2,
			Skills: []model.SkillLevel{{Skill: skills[skill], Level: []int{2, 3, 3, 4}[g.rng.IntN(4)]}}, Period: q.Period, OnSite: q.Mode == model.ModeOnSite}
		if r.OnSite {
			r.Clearances = []string{"DBS"}
		}
		g.d.Roles = append(g.d.Roles, r)
	}
}

// commitments confirms one seat in about one role in twelve, for an associate who meets the
// per-person rules and is not already committed over those dates.
func (g *gen) commitments() {
	idx := model.NewIndex(g.d)
	busy := map[string][]model.Period{}
	for i := range g.d.Roles {
		if g.rng.IntN(12) != 0 {
			continue
		}
		r := &g.d.Roles[i]
		q := idx.Request[r.RequestRef]
		for _, k := range g.rng.Perm(len(g.d.Associates))[:min(200, len(g.d.Associates))] {
			a := &g.d.Associates[k]
			if a.MaxDays >= 40 && a.Qualifies(q, r, idx.Unavailable[a.StaffID], busy[a.StaffID]) { // roles run up to 35 working days
				busy[a.StaffID] = append(busy[a.StaffID], r.Period)
				g.d.Assignments = append(g.d.Assignments, model.Assignment{RequestRef: r.RequestRef, Role: r.Name,
					StaffID: a.StaffID, Period: r.Period, Status: model.Confirmed})
				break
			}
		}
	}
}
