package model

import (
	"slices"
	"testing"
)

// Names sort as a British reader expects: accents and capitals do not send a name to the
// end of the list.
func TestNamesSortAsReadersExpect(t *testing.T) {
	cases := []struct {
		name  string
		names []string
		want  []string
	}{
		{"accents", []string{"Zoe Smith", "Åsa Berg", "Adam Jones", "Łukasz Nowak", "lucy Grey"},
			[]string{"Adam Jones", "Åsa Berg", "lucy Grey", "Łukasz Nowak", "Zoe Smith"}},
		{"capitals", []string{"de Souza", "Davies", "Evans"}, []string{"Davies", "de Souza", "Evans"}},
		{"Irish", []string{"Siobhán Ó Súilleabháin", "Sarah O'Neil", "Simon Ng"},
			[]string{"Sarah O'Neil", "Simon Ng", "Siobhán Ó Súilleabháin"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &Data{}
			rows := make([]int, len(tc.names))
			for i, n := range tc.names {
				d.Associates = append(d.Associates, Associate{StaffID: n, Name: n})
				rows[i] = i
			}
			idx := NewIndex(d)
			NewAssociateSearch(d, idx).Sort(rows, idx, ByName, false)
			var got []string
			for _, r := range rows {
				got = append(got, d.Associates[r].Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("sorted %q, want %q", got, tc.want)
			}
		})
	}
}

// A search typed without accents finds the names written with them.
func TestSearchIgnoresAccents(t *testing.T) {
	d := &Data{Associates: []Associate{{StaffID: "1", Name: "Siobhán Ó Súilleabháin"}, {StaffID: "2", Name: "Åsa Berg"},
		{StaffID: "3", Name: "Sian Lewis"}, {StaffID: "4", Name: "Małgorzata Øvergård"}}}
	s := NewAssociateSearch(d, NewIndex(d))
	cases := []struct {
		query string
		want  []int
	}{{"siobhan", []int{0}}, {"SÚILLE", []int{0}}, {"asa", []int{1}}, {"åsa berg", []int{1}}, {"si", []int{0, 2}},
		{"malgorz", []int{3}}, {"MAŁGORZ", []int{3}}, {"overgard", []int{3}}}
	for _, tc := range cases {
		if got := s.Find(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%q found %v, want %v", tc.query, got, tc.want)
		}
	}
}
