package model

import (
	"cmp"
	"slices"
	"strings"
)

// AssociateSearch finds associates by free text as the user types: every word of the query
// must appear in the associate's name, Staff ID, skills, systems, home organisation (code
// or name) or region. The text to search is prepared once, so each keystroke is a scan of
// short strings.
type AssociateSearch struct {
	data  *Data
	text  []string // per associate, lower case without accents
	names []string // per associate, the key its name sorts by
}

// NewAssociateSearch prepares d's associates for searching.
func NewAssociateSearch(d *Data, idx *Index) *AssociateSearch {
	s := &AssociateSearch{data: d, text: make([]string, len(d.Associates)), names: make([]string, len(d.Associates))}
	order := NameOrder()
	var b strings.Builder
	for i := range d.Associates {
		a := &d.Associates[i]
		b.Reset()
		b.WriteString(a.Name + "\x00" + a.StaffID + "\x00" + a.HomeOrg + "\x00" + idx.RegionOf(a))
		if o := idx.Org[a.HomeOrg]; o != nil {
			b.WriteString("\x00" + o.Name)
		}
		for _, sk := range a.Skills {
			b.WriteString("\x00" + sk.Skill)
		}
		for _, sys := range a.Systems {
			b.WriteString("\x00" + sys)
		}
		s.text[i] = Unaccented(strings.ToLower(b.String()))
		s.names[i] = order(a.Name)
	}
	return s
}

// Find returns the indexes (into Data.Associates) of the associates matching query, in
// register order; an empty query matches everyone.
func (s *AssociateSearch) Find(query string) []int {
	words := strings.Fields(Unaccented(strings.ToLower(query)))
	out := make([]int, 0, len(s.text))
	for i, t := range s.text {
		if ContainsWords(t, words) {
			out = append(out, i)
		}
	}
	return out
}

// ContainsWords reports whether text holds every one of words; searches match with it.
func ContainsWords(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// AssociateColumn is a column associates can be sorted by.
type AssociateColumn int

// The sortable columns of the associates table.
const (
	ByName AssociateColumn = iota
	ByStaffID
	ByHomeOrg
	ByBand
	ByRegion
	ByMaxDays
	ByRate
)

// Sort orders rows (indexes into d.Associates) by a column, ties by name. Each
// row's keys are computed once, not in every comparison: this runs on every keystroke.
func (s *AssociateSearch) Sort(rows []int, idx *Index, by AssociateColumn, descending bool) {
	d := s.data
	bandRank := map[Band]int{}
	for i, b := range Bands {
		bandRank[b] = i + 1
	}
	type key struct {
		row        int
		n          int
		text, name string
	}
	keys := make([]key, len(rows))
	for i, r := range rows {
		a := &d.Associates[r]
		k := key{row: r, name: s.names[r]}
		switch by {
		case ByBand:
			k.n = bandRank[a.Band]
		case ByMaxDays:
			k.n = a.MaxDays
		case ByRate:
			k.n = int(d.Settings.RateFor(a))
		case ByStaffID:
			k.text = strings.ToLower(a.StaffID)
		case ByHomeOrg:
			k.text = strings.ToLower(a.HomeOrg)
		case ByRegion:
			k.text = strings.ToLower(idx.RegionOf(a))
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		c := cmp.Or(cmp.Compare(a.n, b.n), strings.Compare(a.text, b.text))
		if descending {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.name, b.name))
	})
	for i, k := range keys {
		rows[i] = k.row
	}
}
