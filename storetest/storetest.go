// Package storetest is the conformance suite of model.Store: the behaviours the core of
// actions relies on, as one table of tests that every store (the SQLite file, a team's
// shared database) must pass, through the interface alone.
package storetest

import (
	"sync"
	"testing"
	"time"

	"associateplanner/model"
)

// Register is one register under test. Each Open is another client of it (another program
// on the same file, another laptop on the same database), making its changes as user; the
// store is closed when the test ends.
type Register interface {
	Open(t *testing.T, user string) model.Store
	// Owner opens a client as the register's owner, who alone may restore a team register.
	Owner(t *testing.T) model.Store
}

// NewRegister makes a fresh, empty register whose stores date their changes by clock.
type NewRegister func(t *testing.T, clock model.Clock) Register

// behaviour is one thing every store must do.
type behaviour struct {
	name string
	test func(t *testing.T, reg Register, clock *Clock)
}

var behaviours = []behaviour{
	{"everything written loads back equal", testRoundTrip},
	{"an update replaces an associate's lists", testListsReplaced},
	{"apply is all or nothing", testAllOrNothing},
	{"every write validates", testWritesValidate},
	{"references may be stored or in the same change", testReferencesStoredOrNew},
	{"an edit on an old version is refused", testStaleEdits},
	{"a plan from an old revision is refused", testStalePlan},
	{"audit entries carry the clock's time and the user", testAuditEntries},
	{"erase takes the person out", testErase},
	{"erase matches the Staff ID exactly", testEraseExact},
	{"concurrent writers wait and lose nothing", testConcurrentWriters},
	{"only one fill of an empty register wins", testIntoEmpty},
	{"leave is replaced whole, on the associate's version", testLeaveReplaced},
	{"assignments are put back and removed together", testAssignmentsReplaced},
	{"seats are committed on the current revision only", testSeatsCommitted},
	{"an edited request's roles are its whole list", testRolesAreTheWholeList},
	{"a guarded change is written only on the revision it was made from", testGuardedApply},
	{"lessons are tied to their author's Staff ID, not to a name", testLessonAuthors},
	{"subject access holds the person's audit history", testSubjectAccess},
	{"a restore brings no erased person back", testErasureSurvivesRestore},
}

// Run runs every behaviour against fresh registers made by newRegister.
func Run(t *testing.T, newRegister NewRegister) {
	for _, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			clock := &Clock{now: time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC)}
			b.test(t, newRegister(t, clock.Now), clock)
		})
	}
}

// Clock is a clock the suite sets.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now tells the time set last.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to at.
func (c *Clock) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = at
}
