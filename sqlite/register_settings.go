package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"associateplanner/model"
)

// settingFields maps each stored setting key to its place in Settings, so that loading and
// saving cannot drift apart.
func settingFields(s *model.Settings) map[string]any {
	m := map[string]any{
		"annual_budget":   &s.AnnualBudget,
		"release_limit":   &s.ReleaseLimit,
		"letter_template": &s.LetterTemplate,
	}
	for _, t := range model.WeightTerms {
		m[t.Key] = t.Field(&s.Weights)
	}
	return m
}

func loadSettings(ctx context.Context, tx *sql.Tx, d *partial) error {
	d.Settings = model.DefaultSettings()
	fields := settingFields(&d.Settings)
	return each(ctx, tx, `SELECT key, value FROM settings`, func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		if b, ok := strings.CutPrefix(k, "day_rate_"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			d.Settings.DayRates[model.Band(b)] = model.Pence(n)
			return err
		}
		return setField(fields[k], v)
	})
}

func setField(field any, v string) error {
	var err error
	switch f := field.(type) {
	case *model.Pence:
		var n int64
		n, err = strconv.ParseInt(v, 10, 64)
		*f = model.Pence(n)
	case *int:
		*f, err = strconv.Atoi(v)
	case *float64:
		*f, err = strconv.ParseFloat(v, 64)
	case *string:
		*f = v
	}
	return err
}

func fieldText(field any) string {
	switch f := field.(type) {
	case *model.Pence:
		return strconv.FormatInt(int64(*f), 10)
	case *int:
		return strconv.Itoa(*f)
	case *float64:
		return strconv.FormatFloat(*f, 'g', -1, 64)
	case *string:
		return *f
	}
	panic(fmt.Sprintf("setting of type %T", field))
}

// SaveSettings validates and stores the settings.
func (r *Register) SaveSettings(ctx context.Context, s model.Settings) error {
	return storeErr(r.path, r.inTx(ctx, func(t *tx) error { return write(t, &model.Changeset{Settings: &s}) }))
}

func saveSettings(t *tx, s model.Settings) error {
	put := func(k, v string) error {
		_, err := t.ExecContext(t.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
		return err
	}
	for k, f := range settingFields(&s) {
		if err := put(k, fieldText(f)); err != nil {
			return fmt.Errorf("save setting %s: %w", k, err)
		}
	}
	for b, rate := range s.DayRates {
		if err := put("day_rate_"+string(b), strconv.FormatInt(int64(rate), 10)); err != nil {
			return fmt.Errorf("save day rate %s: %w", b, err)
		}
	}
	return nil
}
