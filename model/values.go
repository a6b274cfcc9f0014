package model

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Band is an Agenda for Change pay band: "2" to "7", "8a" to "8d", "9". "" means not given.
type Band string

// Bands lists every Agenda for Change band in order.
var Bands = []Band{"2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"}

// String formats b as "Band 8a".
func (b Band) String() string {
	if b == "" {
		return ""
	}
	return "Band " + string(b)
}

var bandPrefix = regexp.MustCompile(`(?i)^(afc\s*)?(band\s*)?`)

// ParseBand reads "6", "Band 8A", "AfC band 8c"; anything outside Agenda for Change is refused.
func ParseBand(s string) (Band, error) {
	v := strings.ToLower(strings.TrimSpace(bandPrefix.ReplaceAllString(strings.TrimSpace(s), "")))
	if b := Band(v); slices.Contains(Bands, b) {
		return b, nil
	}
	return "", fmt.Errorf("%q is not an Agenda for Change band (2–7, 8a–8d, 9)", s)
}

// Kind is the kind of a support request.
type Kind string

// The kinds of request.
const (
	KindEmergency     Kind = "Emergency" // a failed deployment
	KindPreDeployment Kind = "Pre-deployment"
	KindBusinessCase  Kind = "Business case"
	KindAdvisory      Kind = "Advisory"
)

// Kinds lists the kinds of request.
var Kinds = []Kind{KindEmergency, KindPreDeployment, KindBusinessCase, KindAdvisory}

// ParseKind reads a request kind, case and punctuation aside.
func ParseKind(s string) (Kind, error) { return parseEnum(s, Kinds, "kind of request") }

// Mode is how a request's work is done.
type Mode string

// The modes of work.
const (
	ModeOnSite Mode = "On-site"
	ModeRemote Mode = "Remote"
	ModeHybrid Mode = "Hybrid"
)

// Modes lists the modes of work.
var Modes = []Mode{ModeOnSite, ModeRemote, ModeHybrid}

// ParseMode reads a mode of work.
func ParseMode(s string) (Mode, error) { return parseEnum(s, Modes, "mode") }

// RequestStatus is where a request stands.
type RequestStatus string

// The request statuses.
const (
	RequestOpen      RequestStatus = "Open"
	RequestClosed    RequestStatus = "Closed"
	RequestCancelled RequestStatus = "Cancelled"
)

// RequestStatuses lists the request statuses.
var RequestStatuses = []RequestStatus{RequestOpen, RequestClosed, RequestCancelled}

// ParseRequestStatus reads a request status.
func ParseRequestStatus(s string) (RequestStatus, error) {
	return parseEnum(s, RequestStatuses, "request status")
}

// AssignmentStatus is where an assignment stands.
type AssignmentStatus string

// The assignment statuses. Confirmed and Active are commitments.
const (
	Proposed  AssignmentStatus = "Proposed"
	Confirmed AssignmentStatus = "Confirmed"
	Active    AssignmentStatus = "Active"
	Completed AssignmentStatus = "Completed"
	Withdrawn AssignmentStatus = "Withdrawn"
)

// AssignmentStatuses lists the assignment statuses.
var AssignmentStatuses = []AssignmentStatus{Proposed, Confirmed, Active, Completed, Withdrawn}

// ParseAssignmentStatus reads an assignment status.
func ParseAssignmentStatus(s string) (AssignmentStatus, error) {
	return parseEnum(s, AssignmentStatuses, "assignment status")
}

// IsCommitment reports whether the status binds the plan (Confirmed or Active).
func (s AssignmentStatus) IsCommitment() bool { return s == Confirmed || s == Active }

// Regions maps ODS national grouping codes to NHS England region names (W00 is Wales).
var Regions = map[string]string{
	"Y56": "London", "Y58": "South West", "Y59": "South East", "Y60": "Midlands",
	"Y61": "East of England", "Y62": "North West", "Y63": "North East and Yorkshire",
	"W00": "Wales",
}

// RegionNames lists the region names in a stable order.
var RegionNames = []string{"East of England", "London", "Midlands", "North East and Yorkshire",
	"North West", "South East", "South West", "Wales"}

// ParseRegion reads a region name (or its ODS code) and returns the canonical name.
func ParseRegion(s string) (string, error) {
	if name, ok := Regions[strings.ToUpper(strings.TrimSpace(s))]; ok {
		return name, nil
	}
	return parseEnum(s, RegionNames, "NHS England region")
}

// parseEnum matches s against values ignoring case, spaces and punctuation.
func parseEnum[T ~string](s string, values []T, what string) (T, error) {
	key := FoldKey(s)
	for _, v := range values {
		if FoldKey(string(v)) == key {
			return v, nil
		}
	}
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	return "", fmt.Errorf("%q is not a valid %s (%s)", s, what, strings.Join(names, ", "))
}

// FoldKey reduces a name to lower-case letters and digits, for tolerant matching of column
// headers and values: "Max Days Per Year", "max_days_per_year" and "MaxDays/Year" meet.
func FoldKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseYesNo reads Yes/No, Y/N, True/False or 1/0 in any case.
func ParseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not Yes or No", s)
}

// YesNo formats b as "Yes" or "No".
func YesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// ParsePriority reads a priority 1 (highest) to 4, also written P1 to P4.
func ParsePriority(s string) (int, error) {
	v := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 4 {
		return 0, fmt.Errorf("%q is not a priority (1 highest to 4, or P1–P4)", s)
	}
	return n, nil
}

// SplitList splits a cell's list on ";" (or on "," when it has no ";"), trimming items and
// dropping empty ones.
func SplitList(s string) []string {
	sep := ";"
	if !strings.Contains(s, ";") {
		sep = ","
	}
	var out []string
	for _, item := range strings.Split(s, sep) {
		if item = CleanName(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// JoinList writes items as a cell's list, "a; b", the form SplitList reads. A single item
// with a comma gets a trailing ";", or it would be read back as a comma-separated list.
func JoinList(items []string) string {
	s := strings.Join(items, "; ")
	if len(items) == 1 && strings.Contains(items[0], ",") {
		s += ";"
	}
	return s
}

// CleanName trims a name, folds runs of white space to one space and drops control
// characters (which the register uses as separators).
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// SkillLevel is a named skill at a level from 1 (aware) to 5 (expert). On a role it is the
// minimum level every seat-holder needs.
type SkillLevel struct {
	Skill string `json:"skill"`
	Level int    `json:"level"`
}

// SkillLevelNames names the five levels.
var SkillLevelNames = [6]string{"", "aware", "working", "practitioner", "advanced", "expert"}

// ParseSkills reads "Skill:level; …". Every item needs a level from 1 to 5.
func ParseSkills(s string) ([]SkillLevel, error) {
	var out []SkillLevel
	for _, item := range SplitList(s) {
		name, lvl, ok := strings.Cut(item, ":")
		name = CleanName(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("%q is not Skill:level (for example Data migration:3)", item)
		}
		n, err := strconv.Atoi(strings.TrimSpace(lvl))
		if err != nil || n < 1 || n > 5 {
			return nil, fmt.Errorf("%q: the level must be a whole number from 1 to 5", item)
		}
		if slices.ContainsFunc(out, func(x SkillLevel) bool { return strings.EqualFold(x.Skill, name) }) {
			return nil, fmt.Errorf("%q: skill %s is listed twice", item, name)
		}
		out = append(out, SkillLevel{Skill: name, Level: n})
	}
	return out, nil
}

// FormatSkills writes skills as "Skill:level; …", the form ParseSkills reads.
func FormatSkills(skills []SkillLevel) string {
	parts := make([]string, len(skills))
	for i, s := range skills {
		parts[i] = s.Skill + ":" + strconv.Itoa(s.Level)
	}
	return JoinList(parts)
}

// Clearance is a pre-engagement check held until its expiry date.
type Clearance struct {
	Type   string `json:"type"`
	Expiry Date   `json:"expiry"`
}

// ParseClearances reads "Type:expiry; …", such as "DBS:31/03/2027; Smartcard:01/01/2028".
func ParseClearances(s string) ([]Clearance, error) {
	var out []Clearance
	for _, item := range SplitList(s) {
		name, date, ok := strings.Cut(item, ":")
		name = CleanName(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("%q is not Type:expiry date (for example DBS:31/03/2027)", item)
		}
		d, err := ParseDate(date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if slices.ContainsFunc(out, func(x Clearance) bool { return strings.EqualFold(x.Type, name) }) {
			return nil, fmt.Errorf("%q: clearance %s is listed twice", item, name)
		}
		out = append(out, Clearance{Type: name, Expiry: d})
	}
	return out, nil
}

// FormatClearances writes clearances as "Type:dd/mm/yyyy; …", the form ParseClearances reads.
func FormatClearances(cs []Clearance) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Type + ":" + c.Expiry.String()
	}
	return JoinList(parts)
}
