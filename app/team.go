package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	"associateplanner/model"
)

// teamState is what the window keeps for a team register: the password given this
// session (never saved), the live watch, and the bar that says who changed what.
type teamState struct {
	mu        sync.Mutex
	passwords map[string]string // by location without password; memory only
	stop      context.CancelFunc
	bar       *widget.Label
	last      string // the latest change by someone, in words
}

func (u *UI) teamState() *teamState {
	if u.team == nil {
		u.team = &teamState{passwords: map[string]string{}, bar: widget.NewLabel("")}
		u.team.bar.Wrapping = fyne.TextWrapWord
	}
	return u.team
}

// deskOptions are the options the window opens registers with: a team register's password
// is asked for in a dialog when no other source gives it.
func (u *UI) deskOptions() actions.Options {
	return actions.Options{Clock: u.clock, Log: u.log, Password: u.askPassword}
}

// askPassword asks for a team register's password, from a background job, and waits.
func (u *UI) askPassword(location string) (string, error) {
	t := u.teamState()
	t.mu.Lock()
	pw, known := t.passwords[location]
	t.mu.Unlock()
	if known {
		return pw, nil
	}
	answer := make(chan string, 1)
	u.after(func() {
		entry := widget.NewPasswordEntry()
		items := []*widget.FormItem{widget.NewFormItem("Password", entry)}
		d := dialog.NewForm("Password for the team register", "Connect", "Cancel", items, func(ok bool) {
			if !ok {
				answer <- ""
				return
			}
			answer <- entry.Text
		}, u.win)
		d.Resize(fyne.NewSize(480, 160))
		d.Show()
		u.win.Canvas().Focus(entry)
	})
	if pw = <-answer; pw == "" {
		return "", model.Errorf(model.EINVALID, "no password was given for %s", location)
	}
	t.mu.Lock()
	t.passwords[location] = pw
	t.mu.Unlock()
	return pw, nil
}

// connectTeam asks for a team register's address and password and opens it in place of
// the register open now; the address (without the password) is remembered for next time.
func (u *UI) connectTeam() {
	address := widget.NewEntry()
	address.SetPlaceHolder("postgres://you@db.example.nhs.uk:5432/associates?sslmode=verify-full")
	password := widget.NewPasswordEntry()
	note := wrapped("On a team register your log stays in your own folder; backups are snapshots to a local file; " +
		"erasing a person removes them from the register, while the server's own logs and backups are its owner's to expire. " +
		"Use sslmode=verify-full so that the connection is encrypted and the server proven.")
	items := []*widget.FormItem{widget.NewFormItem("Address", address), widget.NewFormItem("Password", password),
		widget.NewFormItem("", note)}
	d := dialog.NewForm("Connect to a team register", "Connect", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		location := actions.ShownLocation(address.Text)
		if !actions.IsTeamLocation(location) {
			u.showError("Connect", model.Errorf(model.EINVALID, "a team register's address starts postgres://"))
			return
		}
		if password.Text != "" {
			t := u.teamState()
			t.mu.Lock()
			t.passwords[location] = password.Text
			t.mu.Unlock()
		}
		u.switchTo(location, beginExisting)
	}, u.win)
	d.Resize(u.fit(640, 320))
	u.present(d, nil) // Escape cancels it, as any dialog
	u.win.Canvas().Focus(address)
}

// withTeamBar puts a bar under the tabs on a team register or a snapshot: where it is,
// the person's role and what it cannot do, and the latest change someone made.
func (u *UI) withTeamBar(content fyne.CanvasObject) fyne.CanvasObject {
	t := u.teamState()
	access, _ := u.desk.Access(context.Background()) // read when the register was opened
	if !u.desk.IsTeam() && access.ReadOnly == "" {
		return content
	}
	t.bar.SetText(u.teamWords(access))
	icon := widget.NewIcon(theme.AccountIcon())
	return container.NewBorder(nil, container.NewBorder(nil, nil, icon, nil, t.bar), nil, nil, content)
}

// teamWords says where the window is working and as whom.
func (u *UI) teamWords(access model.Access) string {
	t := u.teamState()
	if access.ReadOnly != "" {
		return "Read-only: " + access.ReadOnly + ". Buttons that would change it are disabled."
	}
	text := "Team register " + u.desk.Store().Location() + ": you are " + access.Words() + "."
	if err := access.Allows(model.ActionEditAssignments); err != nil {
		text += " Buttons for what your role may not do are disabled; the register's owner grants roles."
	}
	if t.last != "" {
		text += "  Latest: " + t.last + "."
	}
	return text
}

// allow disables button for good when the person's role does not allow action (the team
// bar says which role that is): the database would refuse it anyway. It returns the
// button, so that a view can wrap its construction in it.
func (u *UI) allow(button *widget.Button, action model.Action) *widget.Button {
	if u.desk.Allows(context.Background(), action) == nil {
		return button
	}
	button.Disable()
	if u.denied == nil {
		u.denied = map[*widget.Button]bool{}
	}
	u.denied[button] = true
	return button
}

// enable enables or disables a button, but never one the user's role may not use.
func (u *UI) enable(b *widget.Button, on bool) {
	if on && !u.denied[b] {
		b.Enable()
	} else {
		b.Disable()
	}
}

// watch follows the team register's changes: every change someone commits is shown within
// moments (the register is read again) and said in the bar. A register file has none.
func (u *UI) watch() {
	t := u.teamState()
	if t.stop != nil {
		t.stop()
	}
	if !u.desk.IsTeam() {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	t.stop = stop
	desk := u.desk
	go func() {
		for ctx.Err() == nil {
			err := desk.Watch(ctx, func(c model.Change) { u.after(func() { u.changed(c) }) })
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return
			}
			time.Sleep(2 * time.Second) // the connection was lost: listen again
		}
	}()
}

// changed shows a change someone committed: the register is read again unless this
// window already shows that revision (its own change).
func (u *UI) changed(c model.Change) {
	t := u.teamState()
	if u.data != nil && c.Revision <= u.data.Revision {
		return
	}
	t.last = c.String()
	access, _ := u.desk.Access(context.Background())
	t.bar.SetText(u.teamWords(access))
	var v *actions.View
	u.start(func() {
		var err error
		if v, err = u.desk.Load(context.Background()); err != nil {
			return // shown at the next action; the bar keeps saying what changed
		}
		u.after(func() {
			if u.data == nil || v.Data.Revision > u.data.Revision {
				u.refresh(v)
				if u.log != nil {
					u.log.Info("showing a change made elsewhere", "revision", v.Data.Revision, "by", c.User, "change", c.What)
				}
			}
		})
	})
}
