// Package demo builds a realistic, deterministic demo register: every NHS trust from the
// ODS list, a few hundred associates with skills, systems, clearances and leave, and open
// requests with their roles, all dated around the day it is built.
package demo

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"associateplanner/importers"
	"associateplanner/model"
)

// trustList is an unedited copy of ../shared/data/ods/etr.csv (a test keeps them equal).
//
//go:embed etr.csv
var trustList []byte

// Size says how much to make.
type Size struct {
	Associates int
	Requests   int
}

// Default is the size of the demo register the app and `demo` command offer.
var Default = Size{Associates: 320, Requests: 32}

// Build returns the demo register as a changeset, dated around today. The same today and
// size always give the same register.
func Build(today model.Date, size Size) (*model.Changeset, error) {
	orgs, rep := importers.ParseODS(bytes.NewReader(trustList), "etr.csv")
	if err := rep.Err(); err != nil {
		return nil, fmt.Errorf("demo trust list: %w", err)
	}
	g := &generator{rng: rand.New(rand.NewPCG(2027, uint64(size.Associates))), today: today, orgs: orgs}
	for _, o := range orgs {
		if o.Closed.IsZero() && o.Region != "Wales" {
			g.open = append(g.open, o)
		}
	}
	c := &model.Changeset{Organisations: orgs}
	for i := range size.Associates {
		a, leave := g.associate(i)
		c.Associates = append(c.Associates, a)
		c.Unavailability = append(c.Unavailability, leave...)
	}
	for i := range size.Requests {
		q, roles := g.request(i)
		c.Requests = append(c.Requests, q)
		c.Roles = append(c.Roles, roles...)
	}
	c.Assignments = g.commitments(c)
	c.Lessons = g.lessons(c)
	return c, nil
}

type generator struct {
	rng    *rand.Rand
	today  model.Date
	orgs   []model.Organisation
	open   []model.Organisation
	emails map[string]int // how many associates have each address: NHSmail numbers the next
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *generator) pickWeighted(list []weighted) string {
	return list[g.weightedIndex(len(list), func(i int) int { return list[i].weight })].name
}

// weightedIndex draws an index below n, each with the chance weight(i) of the total.
func (g *generator) weightedIndex(n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	r := g.rng.IntN(total)
	for i := range n {
		if r -= weight(i); r < 0 {
			return i
		}
	}
	return 0
}

// distinct picks n different names from a weighted list.
func (g *generator) distinct(list []weighted, n int) []string {
	var out []string
	for len(out) < n {
		s := g.pickWeighted(list)
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, s) }) {
			out = append(out, s)
		}
	}
	return out
}

// name draws a given and a family name from one background.
func (g *generator) name() (string, string) {
	grp := nameGroups[g.weightedIndex(len(nameGroups), func(i int) int { return nameGroups[i].weight })]
	return g.pick(grp.given), g.pick(grp.family)
}

var bandWeights = []weighted{{"5", 2}, {"6", 5}, {"7", 8}, {"8a", 7}, {"8b", 4}, {"8c", 2}, {"8d", 1}}

func (g *generator) associate(i int) (model.Associate, []model.Unavailability) {
	given, family := g.name()
	home := g.open[g.rng.IntN(len(g.open))]
	band, _ := model.ParseBand(g.pickWeighted(bandWeights))
	a := model.Associate{
		StaffID: fmt.Sprintf("%08d", 20417000+i*37),
		Name:    given + " " + family,
		Email:   g.uniqueEmail(given, family),
		Phone:   fmt.Sprintf("07%03d %06d", 700+g.rng.IntN(300), g.rng.IntN(1_000_000)),
		HomeOrg: home.Code,
		Band:    band,
		MaxDays: []int{20, 25, 30, 30, 30, 40, 45, 60}[g.rng.IntN(8)],
		Active:  g.rng.IntN(100) < 96,
	}
	a.RemoteOnly = g.rng.IntN(100) < 10
	if g.rng.IntN(100) < 15 {
		a.DayRate = model.Pounds(int64(250 + 10*g.rng.IntN(30)))
	}
	for _, s := range g.distinct(skills, 3+g.rng.IntN(4)) {
		a.Skills = append(a.Skills, model.SkillLevel{Skill: s, Level: 1 + g.rng.IntN(5)})
	}
	a.Systems = g.distinct(systems, 1+g.rng.IntN(3))
	a.Clearances = g.clearances()
	return a, g.leave(a.StaffID)
}

// uniqueEmail is emailOf, numbered as NHSmail numbers a second person of the same name
// (jane.smith2@nhs.net): two associates never share an address, as an import requires.
func (g *generator) uniqueEmail(given, family string) string {
	e := emailOf(given, family)
	if g.emails == nil {
		g.emails = map[string]int{}
	}
	g.emails[e]++
	if n := g.emails[e]; n > 1 && e != "" {
		user, domain, _ := strings.Cut(e, "@")
		return fmt.Sprintf("%s%d@%s", user, n, domain)
	}
	return e
}

// unaccented spells the letters that have no accent to drop in plain ones.
var unaccented = strings.NewReplacer("ł", "l", "ø", "o", "æ", "ae", "œ", "oe", "ß", "ss", "đ", "d", "ð", "d", "þ", "th", "ı", "i")

// emailOf is an NHSmail-style address, its letters as NHSmail spells them: Seán Ó Súilleabháin
// is sean.osuilleabhain, Łukasz is lukasz.
func emailOf(given, family string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range unaccented.Replace(model.Unaccented(strings.ToLower(s))) {
			if r >= 'a' && r <= 'z' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	g, f := clean(given), clean(family)
	if g == "" || f == "" {
		return ""
	}
	return g + "." + f + "@nhs.net"
}

// clearances gives most associates DBS and Smartcard checks, some of them expired or
// expiring within weeks, so the dashboard has something to warn about.
func (g *generator) clearances() []model.Clearance {
	var out []model.Clearance
	for _, c := range []struct {
		kind   string
		chance int
	}{{"DBS", 92}, {"Smartcard", 85}, {"IG training", 70}, {"Security Check", 15}} {
		if g.rng.IntN(100) >= c.chance {
			continue
		}
		expiry := g.today + model.Date(g.rng.IntN(1000)+30)
		switch n := g.rng.IntN(100); {
		case n < 6:
			expiry = g.today - model.Date(1+g.rng.IntN(120)) // expired
		case n < 14:
			expiry = g.today + model.Date(1+g.rng.IntN(59)) // expiring soon
		}
		out = append(out, model.Clearance{Type: c.kind, Expiry: expiry})
	}
	return out
}

// leave gives an associate up to two periods of leave or training in the next six months,
// one after the other.
func (g *generator) leave(staffID string) []model.Unavailability {
	var out []model.Unavailability
	reasons := []string{"Annual leave", "Annual leave", "Annual leave", "Training course", "Study leave"}
	from := g.today - 7 // some leave is under way, so the dashboard has this week's absences
	for range g.rng.IntN(3) {
		from += model.Date(1 + g.rng.IntN(90))
		to := from + model.Date(2+g.rng.IntN(12))
		out = append(out, model.Unavailability{StaffID: staffID, Period: model.Period{From: from, To: to}, Reason: g.pick(reasons)})
		from = to + 1
	}
	return out
}

var kindMix = []model.Kind{model.KindEmergency, model.KindPreDeployment, model.KindPreDeployment,
	model.KindBusinessCase, model.KindAdvisory}

func (g *generator) request(i int) (model.Request, []model.Role) {
	kind := kindMix[i%len(kindMix)]
	trust := g.open[g.rng.IntN(len(g.open))]
	start := g.today + model.Date(g.rng.IntN(100))
	if kind == model.KindEmergency {
		start = g.today + model.Date(g.rng.IntN(10))
	}
	if i < 2 { // two requests already under way, so the demo has people on secondment today
		start = g.today - model.Date(14+g.rng.IntN(7))
	}
	start = nextMonday(start)
	weeks := 3 + g.rng.IntN(8)
	hostGiven, hostFamily := g.name()
	host := hostGiven + " " + hostFamily
	q := model.Request{
		Ref:      model.RequestRef(g.today.Time().Year(), i+1),
		Trust:    trust.Code,
		Title:    g.pick(requestTitles[string(kind)]),
		Kind:     kind,
		Priority: model.DefaultPriority(kind),
		System:   g.pickWeighted(systems),
		Period:   model.Period{From: start, To: start + model.Date(7*weeks-3)},
		Mode:     []model.Mode{model.ModeOnSite, model.ModeOnSite, model.ModeHybrid, model.ModeRemote}[g.rng.IntN(4)],
		Status:   model.RequestOpen,
		HostName: host, HostEmail: emailOf(hostGiven, hostFamily),
	}
	if kind != model.KindEmergency && g.rng.IntN(3) == 0 {
		q.Priority = 2 + 2*g.rng.IntN(2)
	}
	return q, g.roles(q)
}

func nextMonday(d model.Date) model.Date {
	for d.Weekday() != time.Monday {
		d++
	}
	return d
}

func (g *generator) roles(q model.Request) []model.Role {
	var out []model.Role
	for _, skill := range g.distinct(skills, 1+g.rng.IntN(3)) {
		r := model.Role{RequestRef: q.Ref, Name: g.pick(roleNames[skill]), Headcount: 1 + g.rng.IntN(3),
			Skills: []model.SkillLevel{{Skill: skill, Level: 2 + g.rng.IntN(3)}},
			Period: q.Period, OnSite: q.Mode != model.ModeRemote}
		if g.rng.IntN(3) == 0 {
			extra := g.pickWeighted(skills)
			if extra != skill {
				r.Skills = append(r.Skills, model.SkillLevel{Skill: extra, Level: 2})
			}
		}
		if r.OnSite {
			r.Clearances = []string{"DBS"}
			if q.Kind == model.KindEmergency {
				r.Clearances = append(r.Clearances, "Smartcard")
			}
		}
		if weeks := int(q.To-q.From+3) / 7; weeks > 4 && g.rng.IntN(2) == 0 {
			r.To = r.From + model.Date(7*(2+g.rng.IntN(weeks-2))-3)
		}
		out = append(out, r)
	}
	return out
}

// WriteRoster writes a roster workbook of the given size, for benchmarks and tests that need
// a large real file.
func WriteRoster(path string, today model.Date, size Size) (*model.Changeset, error) {
	c, err := Build(today, size)
	if err != nil {
		return nil, err
	}
	d := &model.Data{Organisations: c.Organisations, Associates: c.Associates, Unavailability: c.Unavailability,
		Requests: c.Requests, Roles: c.Roles, Settings: model.DefaultSettings()}
	return c, importers.ExportRoster(d, path)
}
