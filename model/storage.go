package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// What every store words and encodes alike: the settings as the key and text rows they are
// stored in, and the refusal of a stale edit or plan.

// SettingsRows returns the settings as stored: a text value per key.
func SettingsRows(s Settings) map[string]string {
	out := map[string]string{
		"annual_budget":   strconv.FormatInt(int64(s.AnnualBudget), 10),
		"release_limit":   strconv.Itoa(s.ReleaseLimit),
		"letter_template": s.LetterTemplate,
	}
	for _, t := range WeightTerms {
		out[t.Key] = strconv.FormatFloat(*t.Field(&s.Weights), 'g', -1, 64)
	}
	for b, rate := range s.DayRates {
		out["day_rate_"+string(b)] = strconv.FormatInt(int64(rate), 10)
	}
	return out
}

// SettingsFromRows reads stored settings over the defaults; unknown keys are ignored.
func SettingsFromRows(rows map[string]string) (Settings, error) {
	s := DefaultSettings()
	for k, v := range rows {
		var err error
		switch {
		case strings.HasPrefix(k, "day_rate_"):
			var n int64
			n, err = strconv.ParseInt(v, 10, 64)
			s.DayRates[Band(strings.TrimPrefix(k, "day_rate_"))] = Pence(n)
		case k == "annual_budget":
			var n int64
			n, err = strconv.ParseInt(v, 10, 64)
			s.AnnualBudget = Pence(n)
		case k == "release_limit":
			s.ReleaseLimit, err = strconv.Atoi(v)
		case k == "letter_template":
			s.LetterTemplate = v
		default:
			for _, t := range WeightTerms {
				if t.Key == k {
					*t.Field(&s.Weights), err = strconv.ParseFloat(v, 64)
				}
			}
		}
		if err != nil {
			return s, fmt.Errorf("setting %s: %w", k, err)
		}
	}
	return s, nil
}

// AuditTime is how the audit trail writes a moment (UTC).
const AuditTime = "2006-01-02T15:04:05.000Z"

// ChangedBy names who made the last change and when, from an audit entry's user and time,
// for a refusal; "someone else" when the audit trail does not say.
func ChangedBy(user, at string) string {
	if user == "" {
		return "someone else"
	}
	if when, err := time.Parse(AuditTime, at); err == nil {
		at = when.Format("02/01/2006 at 15:04")
	}
	return fmt.Sprintf("%s on %s UTC", user, at)
}

// StaleEdit refuses an edit made on a version of an entity (what, key) that by has since
// changed, or deleted when gone.
func StaleEdit(what, key, by string, gone bool) error {
	if gone {
		return Errorf(ECONFLICT, "%s %s was deleted by %s after you opened it", what, key, by)
	}
	return Errorf(ECONFLICT, "%s %s was changed by %s after you opened it; reload to see the change, then edit again", what, key, by)
}

// StalePlan refuses a plan made on a revision of the register that by has since changed.
func StalePlan(by string) error {
	return Errorf(ECONFLICT, "the register has changed since this plan was made (last by %s): plan again, then commit", by)
}
