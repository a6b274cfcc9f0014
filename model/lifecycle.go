package model

import (
	"fmt"
	"slices"
)

// The lifecycle of workbook.md's statuses. A proposal is confirmed or withdrawn; a
// commitment starts, is completed, or is withdrawn (a stand-down, with its reason); what is
// completed or withdrawn stays so. A request is closed or cancelled, and may be reopened.
var (
	assignmentMoves = map[AssignmentStatus][]AssignmentStatus{
		Proposed:  {Confirmed, Withdrawn},
		Confirmed: {Active, Completed, Withdrawn},
		Active:    {Completed, Withdrawn},
	}
	requestMoves = map[RequestStatus][]RequestStatus{
		RequestOpen:      {RequestClosed, RequestCancelled},
		RequestClosed:    {RequestOpen},
		RequestCancelled: {RequestOpen},
	}
)

// Moves lists the statuses an assignment in status s may move to.
func (s AssignmentStatus) Moves() []AssignmentStatus { return assignmentMoves[s] }

// CheckMove refuses a move the lifecycle does not allow, saying which are allowed.
func (s AssignmentStatus) CheckMove(to AssignmentStatus) error {
	if slices.Contains(assignmentMoves[s], to) {
		return nil
	}
	return fmt.Errorf("a %s assignment cannot become %s", s, to)
}

// CheckMove refuses a request's move the lifecycle does not allow.
func (s RequestStatus) CheckMove(to RequestStatus) error {
	if slices.Contains(requestMoves[s], to) {
		return nil
	}
	return fmt.Errorf("a request that is %s cannot become %s", s, to)
}

// EndedOn is what becomes of a secondment that ends on day today for a reason (its request
// closed or cancelled): one that has not begun is withdrawn; one under way is completed, cut
// to today, so that its days and cost are those worked; one past its end is completed as it
// was. A proposal is withdrawn whatever the day.
func (a Assignment) EndedOn(today Date, reason string) Assignment {
	a.Pinned = false
	switch {
	case a.Status == Proposed || a.From > today:
		a.Status, a.Reason = Withdrawn, reason
	case a.To > today:
		a.Status, a.To, a.Reason = Completed, today, "ended early: "+reason
	default:
		a.Status = Completed
	}
	return a
}

// CheckStarted refuses to start or complete a secondment before its first day.
func (a Assignment) CheckStarted(today Date) error {
	if today < a.From {
		return fmt.Errorf("it begins on %s: it cannot be started or completed before then", a.From)
	}
	return nil
}
