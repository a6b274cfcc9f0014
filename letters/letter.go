package letters

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"associateplanner/model"
)

// CentralTeam names the coordinating party in every agreement.
const CentralTeam = "NHS England Central Support Team (Digital Deployment Recovery)"

// Letter is everything one agreement says about one assignment.
type Letter struct {
	Ref         string // the agreement's reference: request, role seat and Staff ID
	Issued      model.Date
	Associate   model.Associate
	Employer    model.Organisation
	Host        model.Organisation
	Request     model.Request
	Role        model.Role
	Assignment  model.Assignment
	WorkingDays int
	DayRate     model.Pence
	Total       model.Pence
}

// NewLetter gathers what the agreement for assignment a says.
func NewLetter(d *model.Data, idx *model.Index, cal *model.Calendar, a model.Assignment, issued model.Date) (*Letter, error) {
	p, q, r := idx.Associate[a.StaffID], idx.Request[a.RequestRef], idx.Role[a.RoleKey()]
	if p == nil || q == nil || r == nil {
		return nil, model.Errorf(model.ENOTFOUND, "assignment %s / %s / %s names something not in the register", a.RequestRef, a.Role, a.StaffID)
	}
	l := &Letter{Ref: a.RequestRef + "-" + a.StaffID, Issued: issued, Associate: *p, Request: *q, Role: *r, Assignment: a,
		WorkingDays: cal.WorkingDays(a.From, a.To), DayRate: d.Settings.RateFor(p)}
	l.Total = l.DayRate * model.Pence(l.WorkingDays)
	l.Employer, l.Host = orgOrCode(idx, p.HomeOrg), orgOrCode(idx, q.Trust)
	// Letters print text composed: "e" and a combining accent as the one letter "é".
	for _, s := range []*string{&l.Associate.Name, &l.Employer.Name, &l.Host.Name, &l.Role.Name, &l.Request.Title,
		&l.Request.HostName, &l.Request.System} {
		*s = norm.NFC.String(*s)
	}
	return l, nil
}

func orgOrCode(idx *model.Index, code string) model.Organisation {
	if o := idx.Org[code]; o != nil {
		return *o
	}
	return model.Organisation{Code: code, Name: code}
}

// values maps every placeholder to its text in this letter.
func (l *Letter) values() map[string]string {
	or := func(s, none string) string {
		if strings.TrimSpace(s) == "" {
			return none
		}
		return s
	}
	location := "at the host's premises as the host supervisor directs"
	switch {
	case l.Request.Mode == model.ModeRemote || !l.Role.OnSite:
		location = "remotely, from the associate's usual workplace or home"
	case l.Request.Mode == model.ModeHybrid:
		location = "partly at the host's premises and partly remotely, as the host supervisor agrees"
	}
	band := "band not recorded"
	if l.Associate.Band != "" {
		band = "Agenda for Change " + l.Associate.Band.String()
	}
	return map[string]string{
		"agreement_ref": l.Ref, "issue_date": l.Issued.String(), "associate_name": l.Associate.Name,
		"staff_id": l.Associate.StaffID, "band": band, "employer_name": l.Employer.Name, "employer_code": l.Employer.Code,
		"host_name": l.Host.Name, "host_code": l.Host.Code, "central_team": CentralTeam, "request_ref": l.Request.Ref,
		"request_title": l.Request.Title, "request_kind": string(l.Request.Kind), "system": or(l.Request.System, "not named"),
		"role": l.Role.Name, "skills": or(l.skills(), "as agreed"),
		"start_date": l.Assignment.From.String(), "end_date": l.Assignment.To.String(),
		"working_days": strconv.Itoa(l.WorkingDays), "mode": strings.ToLower(string(l.Request.Mode)), "location": location,
		"host_contact": or(l.Request.HostName, "the host's named lead"), "host_email": or(l.Request.HostEmail, "email to be confirmed"),
		"day_rate": l.DayRate.String(), "total_cost": l.Total.String(), "clearances": l.clearances(),
	}
}

// skills lists the role's skills in prose: "Data migration at level 3 (practitioner) or
// above".
func (l *Letter) skills() string {
	parts := make([]string, len(l.Role.Skills))
	for i, s := range l.Role.Skills {
		parts[i] = fmt.Sprintf("%s at level %d (%s) or above", s.Skill, s.Level, model.SkillLevelNames[s.Level])
	}
	return strings.Join(parts, "; ")
}

// clearances lists the checks the role needs with the associate's expiry dates.
func (l *Letter) clearances() string {
	if len(l.Role.Clearances) == 0 {
		return "none are required for this role beyond the employer's standard checks"
	}
	parts := make([]string, len(l.Role.Clearances))
	for i, k := range l.Role.Clearances {
		if exp := l.Associate.ClearanceExpiry(k); exp != 0 {
			parts[i] = fmt.Sprintf("%s, valid to %s", k, exp)
		} else {
			parts[i] = k + ", not recorded: the employer must confirm it before the start"
		}
	}
	return strings.Join(parts, "; ")
}

// nameParticles begin a surname rather than end a given name: Ó Súilleabháin, Ní Bhriain,
// van der Berg, dela Cruz.
var nameParticles = map[string]bool{"ó": true, "o'": true, "ní": true, "nic": true, "mac": true, "mc": true,
	"de": true, "del": true, "della": true, "dela": true, "di": true, "da": true, "das": true, "dos": true,
	"du": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "bin": true,
	"binti": true, "al": true, "el": true, "ap": true, "ab": true}

// Surname guesses the family name from a full name: the last word with any particles
// before it.
func Surname(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	start := len(f) - 1
	for start > 1 && nameParticles[strings.ToLower(f[start-1])] {
		start--
	}
	return strings.Join(f[start:], " ")
}
