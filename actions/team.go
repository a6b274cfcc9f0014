package actions

import (
	"context"
	"os"
	"path/filepath"

	"associateplanner/model"
	"associateplanner/postgres"
	"associateplanner/sqlite"
)

// A register is a SQLite file on this machine or a team register on PostgreSQL
// (postgres://…), which the whole team shares: each person with a role the database
// enforces, every open app told of the others' changes as they are made. A snapshot of a
// team register, taken for work offline, is a SQLite file that is read only.

// IsTeamLocation reports whether a register's location names a team register.
func IsTeamLocation(location string) bool { return postgres.IsLocation(location) }

// ShownLocation is a register's location as it may be shown or logged: never a password.
func ShownLocation(location string) string {
	if IsTeamLocation(location) {
		return postgres.Redact(location)
	}
	return location
}

// LogFolder is where the log of work on a register goes: beside a register file, or, for
// a team register, in the user's own configuration folder (the server has no folder of
// theirs).
func LogFolder(location string) string {
	if !IsTeamLocation(location) {
		return filepath.Dir(location)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "associate-planner")
}

// openStore opens the store a location names.
func openStore(ctx context.Context, location string, opt Options) (model.Store, error) {
	if IsTeamLocation(location) {
		return postgres.Open(ctx, location, postgres.Options{Clock: opt.Clock, Password: opt.Password})
	}
	store, err := sqlite.Open(ctx, location, sqlite.Options{Clock: opt.Clock})
	if err != nil {
		return nil, err
	}
	why, err := postgres.SnapshotOf(ctx, location)
	if err != nil || why == "" {
		return store, err
	}
	return snapshot{Store: store, why: why}, nil
}

// Access says what the person working at the desk may do.
func (d *Desk) Access(ctx context.Context) (model.Access, error) {
	switch s := d.store.(type) {
	case model.Team:
		a, err := s.Access(ctx)
		return a, d.fail("read your role", err)
	case snapshot:
		return model.Access{Roles: []model.TeamRole{model.RoleOwner}, ReadOnly: s.why}, nil
	case interface{ ReadOnly() string }: // a register file this user may not write
		if why := s.ReadOnly(); why != "" {
			return model.Access{Roles: []model.TeamRole{model.RoleOwner}, ReadOnly: why}, nil
		}
	}
	return model.FullAccess, nil
}

// Allows returns nil when the person may do the action, else why not in plain words.
func (d *Desk) Allows(ctx context.Context, action model.Action) error {
	a, err := d.Access(ctx)
	if err != nil {
		return err
	}
	return a.Allows(action)
}

// IsTeam reports whether the desk works on a team register.
func (d *Desk) IsTeam() bool {
	_, ok := d.store.(model.Team)
	return ok
}

// Watch calls fn with every change anyone commits to a team register until ctx ends; on a
// register file it returns at once (nobody else changes it under the app).
func (d *Desk) Watch(ctx context.Context, fn func(model.Change)) error {
	team, ok := d.store.(model.Team)
	if !ok {
		return nil
	}
	return d.fail("watch the team register", team.Watch(ctx, fn))
}

// Grant gives a database user a role on the team register; only its owner may.
func (d *Desk) Grant(ctx context.Context, user, role string) error {
	team, ok := d.store.(model.Team)
	if !ok {
		return model.Errorf(model.EINVALID, "%s is a register file, not a team register: roles are granted on a team register (--db postgres://…)",
			d.store.Location())
	}
	r, err := model.ParseTeamRole(role)
	if err != nil {
		return err
	}
	return d.fail("grant a role", team.Grant(ctx, user, r))
}

// CopyTo moves the local register at from into the empty team register at to, everything
// and its audit trail included, through a consistent copy of it (so the app may keep it
// open meanwhile). It returns what the team register holds afterwards.
func CopyTo(ctx context.Context, from, to string, opt Options) (*model.Data, error) {
	if !IsTeamLocation(to) {
		return nil, model.Errorf(model.EINVALID, "copy --to needs a team register's address (postgres://…), not %q", to)
	}
	local, err := sqlite.Open(ctx, from, sqlite.Options{Clock: opt.Clock})
	if err != nil {
		return nil, err
	}
	defer local.Close()
	tmp, err := os.MkdirTemp("", "associate-planner-copy-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	copyPath := filepath.Join(tmp, "register.db")
	if err := local.Backup(ctx, copyPath); err != nil {
		return nil, err
	}
	team, err := postgres.Open(ctx, to, postgres.Options{Clock: opt.Clock, Password: opt.Password})
	if err != nil {
		return nil, err
	}
	defer team.Close()
	if err := team.CopyIn(ctx, copyPath); err != nil {
		return nil, err
	}
	return team.Load(ctx)
}

// CopyFrom takes a snapshot of the team register at from into to, a new local register
// file, for work offline: it opens read-only, saying whose snapshot it is and when.
func CopyFrom(ctx context.Context, from, to string, opt Options) (*model.Data, error) {
	if !IsTeamLocation(from) {
		return nil, model.Errorf(model.EINVALID, "copy --from needs a team register's address (postgres://…), not %q", from)
	}
	team, err := postgres.Open(ctx, from, postgres.Options{Clock: opt.Clock, Password: opt.Password})
	if err != nil {
		return nil, err
	}
	defer team.Close()
	if err := team.Backup(ctx, to); err != nil {
		return nil, err
	}
	return team.Load(ctx)
}

// snapshot is a read-only register: a snapshot of a team register, which every write
// refuses, saying why.
type snapshot struct {
	model.Store
	why string
}

func (s snapshot) refuse(action model.Action) error {
	return model.Access{ReadOnly: s.why}.Allows(action)
}

func (s snapshot) Apply(context.Context, *model.Changeset) error { return s.refuse(model.ActionImport) }
func (s snapshot) CommitPlan(context.Context, int64, []model.Assignment) error {
	return s.refuse(model.ActionCommitPlan)
}
func (s snapshot) CommitSeats(context.Context, int64, []model.RoleKey, []model.Assignment) error {
	return s.refuse(model.ActionCommitPlan)
}
func (s snapshot) SaveAssociate(context.Context, model.Associate, int) error {
	return s.refuse(model.ActionEditAssociates)
}
func (s snapshot) SaveRequest(context.Context, model.Request, []model.Role, int) error {
	return s.refuse(model.ActionEditRequests)
}
func (s snapshot) SaveAssignments(context.Context, []model.Assignment, map[string]int) error {
	return s.refuse(model.ActionEditAssignments)
}
func (s snapshot) ReplaceAssignments(context.Context, []model.Assignment, []model.Assignment, map[string]int) error {
	return s.refuse(model.ActionEditAssignments)
}
func (s snapshot) SaveLeave(context.Context, string, []model.Unavailability, int) error {
	return s.refuse(model.ActionEditLeave)
}
func (s snapshot) SaveSettings(context.Context, model.Settings) error {
	return s.refuse(model.ActionEditSettings)
}
func (s snapshot) Erase(context.Context, string) (model.Erasure, error) {
	return model.Erasure{}, s.refuse(model.ActionErase)
}
func (s snapshot) Restore(context.Context, string) (model.Restored, error) {
	return model.Restored{}, s.refuse(model.ActionRestore)
}
