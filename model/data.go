package model

import (
	"slices"
	"strings"
)

// Data is a whole register in memory, shaped like the roster workbook: what planning,
// export and the UI read, and what an import merges into.
type Data struct {
	Organisations  []Organisation
	Associates     []Associate
	Unavailability []Unavailability
	Requests       []Request
	Roles          []Role
	Assignments    []Assignment
	Lessons        []Lesson
	Closures       []Date
	Settings       Settings
	Versions       Versions // as loaded, to refuse edits made on stale data
	Revision       int64    // counts committed changes: a plan made on it is stale once it moves
}

// Versions counts the changes to each associate (by Staff ID), request (by Ref) and
// assignment (by request, role and Staff ID, as AssignmentKey gives).
type Versions struct {
	Associates, Requests, Assignments map[string]int
}

// AssignmentKey identifies an assignment in Versions.
func AssignmentKey(a Assignment) string {
	return a.RequestRef + "|" + strings.ToLower(a.Role) + "|" + a.StaffID
}

// Index gives fast look-ups into a Data by key. It is built once and not kept in step with
// later changes to the Data.
type Index struct {
	Org         map[string]*Organisation // by ODS code
	Associate   map[string]*Associate    // by Staff ID
	Request     map[string]*Request      // by Ref
	Role        map[RoleKey]*Role
	RolesOf     map[string][]*Role          // by request Ref
	Unavailable map[string][]Unavailability // by Staff ID
}

// NewIndex indexes d.
func NewIndex(d *Data) *Index {
	x := &Index{
		Org:         make(map[string]*Organisation, len(d.Organisations)),
		Associate:   make(map[string]*Associate, len(d.Associates)),
		Request:     make(map[string]*Request, len(d.Requests)),
		Role:        make(map[RoleKey]*Role, len(d.Roles)),
		RolesOf:     map[string][]*Role{},
		Unavailable: map[string][]Unavailability{},
	}
	for i := range d.Organisations {
		x.Org[d.Organisations[i].Code] = &d.Organisations[i]
	}
	for i := range d.Associates {
		x.Associate[d.Associates[i].StaffID] = &d.Associates[i]
	}
	for i := range d.Requests {
		x.Request[d.Requests[i].Ref] = &d.Requests[i]
	}
	for i := range d.Roles {
		r := &d.Roles[i]
		x.Role[r.Key()] = r
		x.RolesOf[r.RequestRef] = append(x.RolesOf[r.RequestRef], r)
	}
	for _, u := range d.Unavailability {
		x.Unavailable[u.StaffID] = append(x.Unavailable[u.StaffID], u)
	}
	return x
}

// OrgName returns the name of the organisation with an ODS code, or the code when the
// register does not know it.
func (x *Index) OrgName(code string) string {
	if o := x.Org[code]; o != nil {
		return o.Name
	}
	return code
}

// RegionOf returns the associate's region: their own, else their home organisation's.
func (x *Index) RegionOf(a *Associate) string {
	if a.Region != "" {
		return a.Region
	}
	if o := x.Org[a.HomeOrg]; o != nil {
		return o.Region
	}
	return ""
}

// Vocabulary is the set of skill, system and clearance names a register already uses, so
// that a new spelling of a known name ("EPIC " for "Epic") is kept as one name.
type Vocabulary struct {
	Skills, Systems, Clearances map[string]string // folded key → canonical spelling
}

// NewVocabulary collects the names d uses.
func NewVocabulary(d *Data) *Vocabulary {
	v := &Vocabulary{Skills: map[string]string{}, Systems: map[string]string{}, Clearances: map[string]string{}}
	for _, a := range d.Associates {
		for _, s := range a.Skills {
			v.Canonical(v.Skills, s.Skill)
		}
		for _, s := range a.Systems {
			v.Canonical(v.Systems, s)
		}
		for _, c := range a.Clearances {
			v.Canonical(v.Clearances, c.Type)
		}
	}
	for _, r := range d.Roles {
		for _, s := range r.Skills {
			v.Canonical(v.Skills, s.Skill)
		}
		for _, c := range r.Clearances {
			v.Canonical(v.Clearances, c)
		}
	}
	for _, r := range d.Requests {
		if r.System != "" {
			v.Canonical(v.Systems, r.System)
		}
	}
	return v
}

// Canonical returns the known spelling of name in set, adding name as the spelling when it
// is new. Names match case-insensitively with white space folded.
func (v *Vocabulary) Canonical(set map[string]string, name string) string {
	name = CleanName(name)
	key := strings.ToLower(name)
	if known, ok := set[key]; ok {
		return known
	}
	set[key] = name
	return name
}

// Names returns the canonical names of a set, sorted case-insensitively.
func Names(set map[string]string) []string {
	out := make([]string, 0, len(set))
	for _, n := range set {
		out = append(out, n)
	}
	sortFold(out)
	return out
}

func sortFold(s []string) {
	slices.SortFunc(s, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
}

// sortBy sorts s by a key, keeping the order of equal keys.
func sortBy[T any, K int | Date | string](s []T, key func(T) K) {
	slices.SortStableFunc(s, func(a, b T) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
}

// JoinParts gives the associates of parts[0] the skills, systems and clearances the other
// parts hold for them: a store reads each list beside the associates, in parallel.
func JoinParts(parts []*Data) *Data {
	d := parts[0]
	at := make(map[string]*Associate, len(d.Associates))
	for i := range d.Associates {
		at[d.Associates[i].StaffID] = &d.Associates[i]
	}
	for _, p := range parts[1:] {
		for _, detail := range p.Associates {
			if a := at[detail.StaffID]; a != nil {
				a.Skills = append(a.Skills, detail.Skills...)
				a.Systems = append(a.Systems, detail.Systems...)
				a.Clearances = append(a.Clearances, detail.Clearances...)
			}
		}
	}
	return d
}
