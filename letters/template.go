// Package letters prints secondment agreements as A4 PDFs that trust managers sign: an
// NHS-style layout, an embedded Unicode font so every name prints as written, and wording
// from an editable template with named placeholders. It imports only model and gofpdf.
package letters

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"associateplanner/model"
)

//go:embed default_template.txt
var defaultTemplate string

// DefaultTemplate returns the wording shipped with the app.
func DefaultTemplate() string { return defaultTemplate }

// Placeholders are the names a template may use in braces, with what each stands for.
var Placeholders = map[string]string{
	"agreement_ref": "the agreement's reference", "issue_date": "the date of issue",
	"associate_name": "the associate's full name", "staff_id": "the associate's Staff ID",
	"band": "the associate's Agenda for Change band", "employer_name": "the associate's employer",
	"employer_code": "the employer's ODS code", "host_name": "the host trust", "host_code": "the host trust's ODS code",
	"central_team": "the coordinating central team", "request_ref": "the request's reference",
	"request_title": "the request's title", "request_kind": "the kind of request", "system": "the supplier system",
	"role": "the role", "skills": "the skills the role needs", "start_date": "the first day (dd/mm/yyyy)",
	"end_date": "the last day (dd/mm/yyyy)", "working_days": "the number of working days",
	"mode": "on-site, remote or hybrid", "location": "where the work is done", "host_contact": "the host supervisor",
	"host_email": "the host supervisor's email", "day_rate": "the day rate in £", "total_cost": "day rate × days in £",
	"clearances": "the checks the role needs and when each expires",
}

// Template is an agreement's wording: a title ("# "), a subtitle line, numbered sections
// ("## "), paragraphs separated by blank lines and "- " bullets, with {placeholders}.
type Template struct {
	Title, Subtitle string
	Sections        []Section
}

// Section is one numbered part of an agreement.
type Section struct {
	Heading string
	Blocks  []Block
}

// Block is a paragraph or a bullet.
type Block struct {
	Bullet bool
	Text   string
}

var placeholder = regexp.MustCompile(`\{([^{}]*)\}`)

// ParseTemplate reads a template, refusing any placeholder it does not know: a misspelt
// name must be an error, never a blank in a signed agreement.
func ParseTemplate(text string) (*Template, error) {
	t := &Template{}
	var para []string
	flush := func() {
		if len(para) > 0 && len(t.Sections) > 0 {
			s := &t.Sections[len(t.Sections)-1]
			s.Blocks = append(s.Blocks, Block{Text: strings.Join(para, " ")})
		}
		para = nil
	}
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if err := checkPlaceholders(line, n+1); err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			t.Sections = append(t.Sections, Section{Heading: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "# "):
			t.Title = strings.TrimSpace(line[2:])
		case line == "":
			flush()
		case len(t.Sections) == 0:
			t.Subtitle = strings.TrimSpace(t.Subtitle + " " + line)
		case strings.HasPrefix(line, "- "):
			flush()
			s := &t.Sections[len(t.Sections)-1]
			s.Blocks = append(s.Blocks, Block{Bullet: true, Text: strings.TrimSpace(line[2:])})
		default:
			para = append(para, line)
		}
	}
	flush()
	if t.Title == "" || len(t.Sections) == 0 {
		return nil, model.Errorf(model.EINVALID, "the letter template needs a title line (# …) and at least one section (## …)")
	}
	return t, nil
}

func checkPlaceholders(line string, n int) error {
	for _, m := range placeholder.FindAllStringSubmatch(line, -1) {
		if _, ok := Placeholders[m[1]]; !ok {
			names := make([]string, 0, len(Placeholders))
			for k := range Placeholders {
				names = append(names, "{"+k+"}")
			}
			slices.Sort(names)
			return model.Errorf(model.EINVALID, "letter template line %d: unknown placeholder {%s}; known: %s", n, m[1], strings.Join(names, " "))
		}
	}
	if strings.Count(line, "{") != strings.Count(line, "}") {
		return model.Errorf(model.EINVALID, "letter template line %d: unbalanced braces", n)
	}
	return nil
}

// fill returns the template with every placeholder replaced.
func (t *Template) fill(values map[string]string) *Template {
	sub := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string { return values[m[1:len(m)-1]] })
	}
	out := &Template{Title: sub(t.Title), Subtitle: sub(t.Subtitle)}
	for _, s := range t.Sections {
		sec := Section{Heading: sub(s.Heading)}
		for _, b := range s.Blocks {
			sec.Blocks = append(sec.Blocks, Block{Bullet: b.Bullet, Text: sub(b.Text)})
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

// Validate reports whether text is a usable template, for the settings screen.
func Validate(text string) error {
	_, err := ParseTemplate(text)
	return err
}

// templateFor returns the register's template, or the default when it has none.
func templateFor(s model.Settings) (*Template, error) {
	text := s.LetterTemplate
	if strings.TrimSpace(text) == "" {
		text = defaultTemplate
	}
	t, err := ParseTemplate(text)
	if err != nil {
		return nil, fmt.Errorf("letter template: %w", err)
	}
	return t, nil
}
