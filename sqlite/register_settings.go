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
	now, err := settingTexts(t)
	if err != nil {
		return fmt.Errorf("read the settings: %w", err)
	}
	for k, v := range texts(s) {
		if v == now[k] {
			continue // unchanged: no write, so no audit entry
		}
		if _, err := t.ExecContext(t.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("save setting %s: %w", k, err)
		}
	}
	return nil
}

// texts is every setting as the register stores it, by key.
func texts(s model.Settings) map[string]string {
	out := map[string]string{}
	for k, f := range settingFields(&s) {
		out[k] = fieldText(f)
	}
	for b, rate := range s.DayRates {
		out["day_rate_"+string(b)] = strconv.FormatInt(int64(rate), 10)
	}
	return out
}

// settingTexts is every setting as it stands: stored, or its default when never stored.
func settingTexts(t *tx) (map[string]string, error) {
	now := texts(model.DefaultSettings())
	rows, err := t.QueryContext(t.ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		now[k] = v
	}
	return now, rows.Err()
}
