package actions

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"associateplanner/model"
)

// moneyFields are the audit trail's fields that hold pence.
var moneyFields = map[string]bool{"day_rate": true, "annual_budget": true}

// AuditChange says in words what one audit entry changed: "max_days 30 → 45; day_rate
// £490.00 → £510.00" for an update, the fields themselves for an insert or a delete. Money
// is shown in pounds, not pence.
func AuditChange(e model.AuditEntry) string {
	before, after := fieldsOf(e.Before, e.Key), fieldsOf(e.After, e.Key)
	var keys []string
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		b, hasB := before[k]
		a, hasA := after[k]
		switch {
		case hasB && hasA && a != b:
			parts = append(parts, fmt.Sprintf("%s %s → %s", k, b, a))
		case !hasB && a != "":
			parts = append(parts, fmt.Sprintf("%s %s", k, a))
		case !hasA && b != "":
			parts = append(parts, fmt.Sprintf("%s was %s", k, b))
		}
	}
	return strings.Join(parts, "; ")
}

// fieldsOf reads an audit entry's JSON object as text per field. A setting's entry holds
// {"value": …}: it is named by the setting's key, so that money settings read as money.
func fieldsOf(js, key string) map[string]string {
	out := map[string]string{}
	if js == "" {
		return out
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		out["value"] = js
		return out
	}
	for k, v := range m {
		name := k
		if k == "value" && key != "" {
			name = key
		}
		out[name] = fieldText(name, v)
	}
	return out
}

func fieldText(name string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		if moneyFields[name] || strings.HasPrefix(name, "day_rate_") {
			return model.Pence(x).String()
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if n, err := strconv.ParseInt(x, 10, 64); err == nil && (moneyFields[name] || strings.HasPrefix(name, "day_rate_")) {
			return model.Pence(n).String()
		}
		return x
	}
	return fmt.Sprint(v)
}

// FilterAudit keeps the entries in which every word of query appears: in who made it, what
// it is about, its key, the kind of change or what changed.
func FilterAudit(entries []model.AuditEntry, query string) []model.AuditEntry {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return entries
	}
	var out []model.AuditEntry
	for _, e := range entries {
		text := strings.ToLower(strings.Join([]string{e.At, e.User, e.Entity, e.Key, e.Change, AuditChange(e)}, " "))
		if model.ContainsWords(text, words) {
			out = append(out, e)
		}
	}
	return out
}
