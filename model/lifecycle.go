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
