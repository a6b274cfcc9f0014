package model

// AuditEntry is one change recorded in the register's append-only audit trail.
type AuditEntry struct {
	At     string `json:"at"` // UTC, ISO 8601
	User   string `json:"user"`
	Entity string `json:"entity"`
	Key    string `json:"key"`
	Change string `json:"change"` // insert, update or delete
	Before string `json:"before"` // JSON of the row, "" for an insert
	After  string `json:"after"`  // JSON of the row, "" for a delete
}
