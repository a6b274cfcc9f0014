package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"associateplanner/model"
)

// orgLabel is how an organisation is offered and shown: its name, then its ODS code.
func orgLabel(o *model.Organisation) string { return o.Name + " (" + o.Code + ")" }

// orgPicker offers the register's organisations by name in alphabetical order (open ones
// only, when openOnly), narrowed to those matching what is typed, and shows the one with
// code chosen. What the user types may be an offered name, an ODS code, a name, or enough
// words of one to name it alone: pickedOrg reads them all.
func (u *UI) orgPicker(code string, openOnly bool) *choiceField {
	all := u.orgsByName(openOnly)
	p := u.newChoice(orgLabels(all, ""))
	p.SetPlaceHolder("type part of a name or an ODS code, or pick from the list")
	if o := u.idx.Org[code]; o != nil {
		p.SetText(orgLabel(o))
	} else {
		p.SetText(code)
	}
	p.OnChanged = func(text string) { p.SetOptions(orgLabels(all, text)) }
	p.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := pickedOrg(u.idx, s)
		var many *manyOrgs
		if errors.As(err, &many) { // said in full on Save; under the field, one short line
			return fmt.Errorf("could be %d organisations: type more, or pick one with the arrow", len(many.found))
		}
		return err
	}
	return p
}

// orgsByName is the register's organisations (open ones only, when openOnly) in
// alphabetical order of name.
func (u *UI) orgsByName(openOnly bool) []*model.Organisation {
	var all []*model.Organisation
	for i := range u.data.Organisations {
		if o := &u.data.Organisations[i]; !openOnly || o.Closed.IsZero() {
			all = append(all, o)
		}
	}
	order := model.NameOrder()
	slices.SortFunc(all, func(a, b *model.Organisation) int { return strings.Compare(order(a.Name), order(b.Name)) })
	return all
}

// orgLabels offers the organisations whose label holds every word typed (all of them, when
// what is typed is already one organisation's label).
func orgLabels(orgs []*model.Organisation, typed string) []string {
	words := strings.Fields(model.Unaccented(strings.ToLower(typed)))
	var out, all []string
	for _, o := range orgs {
		label := orgLabel(o)
		all = append(all, label)
		if model.ContainsWords(model.Unaccented(strings.ToLower(label)), words) {
			out = append(out, label)
		}
	}
	if len(out) == 1 && out[0] == typed {
		return all
	}
	return out
}

// pickedOrg returns the ODS code of the organisation text names: "Name (CODE)" as offered,
// a bare code in any case, an organisation's whole name, "CODE — Name", or words found in
// one organisation's name alone. Otherwise it says, in plain words, why not.
func pickedOrg(idx *model.Index, text string) (string, error) {
	text = strings.TrimSpace(text)
	if open := strings.LastIndex(text, "("); open >= 0 && strings.HasSuffix(text, ")") {
		if code := model.NormaliseCode(text[open+1 : len(text)-1]); idx.Org[code] != nil {
			return code, nil
		}
	}
	if code := model.NormaliseCode(text); idx.Org[code] != nil {
		return code, nil
	}
	if code, _, ok := strings.Cut(text, " — "); ok && idx.Org[model.NormaliseCode(code)] != nil { // "CODE — Name"
		return model.NormaliseCode(code), nil
	}
	words := strings.Fields(model.Unaccented(strings.ToLower(text)))
	var found []*model.Organisation
	for _, o := range idx.Org {
		name := model.Unaccented(strings.ToLower(o.Name))
		if name == strings.Join(words, " ") {
			return o.Code, nil
		}
		if len(words) > 0 && model.ContainsWords(name, words) {
			found = append(found, o)
		}
	}
	switch {
	case len(found) == 1:
		return found[0].Code, nil
	case len(found) > 1:
		return "", ambiguousOrg(text, found)
	}
	return "", fmt.Errorf("%s", model.UnknownOrganisation(text))
}

// ambiguousOrg says which organisations text could mean.
func ambiguousOrg(text string, found []*model.Organisation) error {
	slices.SortFunc(found, func(a, b *model.Organisation) int { return strings.Compare(a.Name, b.Name) })
	return &manyOrgs{text, found}
}

// manyOrgs is text that names several organisations.
type manyOrgs struct {
	text  string
	found []*model.Organisation
}

func (m *manyOrgs) Error() string {
	var names []string
	for _, o := range m.found[:min(3, len(m.found))] {
		names = append(names, orgLabel(o))
	}
	more := ""
	if len(m.found) > 3 {
		more = fmt.Sprintf(" and %d more", len(m.found)-3)
	}
	return fmt.Sprintf("%q could be %d organisations (%s%s): type more of the name or pick one from the list",
		m.text, len(m.found), strings.Join(names, ", "), more)
}
