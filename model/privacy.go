package model

import (
	"time"
)

// SubjectAccess is everything the register holds on one associate, for a subject access
// request under UK GDPR.
type SubjectAccess struct {
	Generated      time.Time        `json:"generated"`
	Associate      Associate        `json:"associate"`
	Unavailability []Unavailability `json:"unavailability"`
	Assignments    []Assignment     `json:"assignments"`
	LessonsWritten []Lesson         `json:"lessonsWritten"`
}

// SubjectAccessFor gathers what d holds on the associate with staffID.
func SubjectAccessFor(d *Data, staffID string, now time.Time) (*SubjectAccess, error) {
	idx := NewIndex(d)
	a := idx.Associate[staffID]
	if a == nil {
		return nil, Errorf(ENOTFOUND, "no associate with Staff ID %q", staffID)
	}
	s := &SubjectAccess{Generated: now.UTC(), Associate: *a, Unavailability: idx.Unavailable[staffID]}
	for _, x := range d.Assignments {
		if x.StaffID == staffID {
			s.Assignments = append(s.Assignments, x)
		}
	}
	for _, l := range d.Lessons {
		if l.Author == a.Name || l.Author == staffID {
			s.LessonsWritten = append(s.LessonsWritten, l)
		}
	}
	return s, nil
}
