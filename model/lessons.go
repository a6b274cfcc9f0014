package model

import "strings"

// SearchLessons returns the lessons in which every word of query appears: in the supplier
// system, its version, the trust (code or name), the request, the tags, what failed, what
// fixed it or the author. An empty query returns them all.
func SearchLessons(d *Data, idx *Index, query string) []Lesson {
	words := strings.Fields(strings.ToLower(query))
	var out []Lesson
	for _, l := range d.Lessons {
		text := strings.ToLower(strings.Join(append([]string{l.System, l.Version, l.Trust, idx.OrgName(l.Trust), l.RequestRef,
			l.WhatFailed, l.WhatFixed, l.Author}, l.Tags...), " "))
		if ContainsWords(text, words) {
			out = append(out, l)
		}
	}
	return out
}
