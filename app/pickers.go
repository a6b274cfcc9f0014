package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/widget"

	"associateplanner/model"
)

// orgLabel is how an organisation is offered and shown: its name, then its ODS code.
func orgLabel(o *model.Organisation) string { return o.Name + " (" + o.Code + ")" }

// orgPicker offers the register's organisations by name (open ones only, when openOnly) and
// shows the one with code chosen. What the user types may be an offered name, an ODS code
// or a name: pickedOrg reads all three.
func (u *UI) orgPicker(code string, openOnly bool) *widget.SelectEntry {
	var options []string
	for i := range u.data.Organisations {
		if o := &u.data.Organisations[i]; !openOnly || o.Closed.IsZero() {
			options = append(options, orgLabel(o))
		}
	}
	p := widget.NewSelectEntry(options)
	p.SetPlaceHolder("type a name or ODS code, or pick from the list")
	if o := u.idx.Org[code]; o != nil {
		p.SetText(orgLabel(o))
	} else {
		p.SetText(code)
	}
	p.Validator = func(s string) error {
		if _, ok := pickedOrg(u.idx, s); !ok && strings.TrimSpace(s) != "" {
			return errors.New(model.UnknownOrganisation(s))
		}
		return nil
	}
	return p
}

// pickedOrg returns the ODS code of the organisation text names: "Name (CODE)" as offered,
// a bare code in any case, an organisation's whole name, or "CODE — Name".
func pickedOrg(idx *model.Index, text string) (string, bool) {
	text = strings.TrimSpace(text)
	if open := strings.LastIndex(text, "("); open >= 0 && strings.HasSuffix(text, ")") {
		if code := model.NormaliseCode(text[open+1 : len(text)-1]); idx.Org[code] != nil {
			return code, true
		}
	}
	if code := model.NormaliseCode(text); idx.Org[code] != nil {
		return code, true
	}
	for code, o := range idx.Org {
		if strings.EqualFold(o.Name, text) {
			return code, true
		}
	}
	if code, _, ok := strings.Cut(text, " — "); ok && idx.Org[model.NormaliseCode(code)] != nil { // "CODE — Name"
		return model.NormaliseCode(code), true
	}
	return "", false
}
