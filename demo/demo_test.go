package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode"

	"associateplanner/model"
	"associateplanner/sqlite"
)

var today = model.NewDate(2026, 11, 21)

func build(t *testing.T) *model.Changeset {
	t.Helper()
	c, err := Build(today, Default)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEmbeddedTrustListIsTheODSFile keeps the project's copy of the NHS trust list equal to
// the shared one: byte for byte when the shared folder is beside this clone, and always
// by the SHA-256 the shared file had when it was copied, so a clone on its own checks too.
func TestEmbeddedTrustListIsTheODSFile(t *testing.T) {
	const sharedSHA256 = "e1c6bf2e73bc1d4fd790511d88fdcf0f49bc799adf0b1c2c9561497c911580bd"
	if got := fmt.Sprintf("%x", sha256.Sum256(trustList)); got != sharedSHA256 {
		t.Fatalf("demo/etr.csv has SHA-256 %s, the shared ODS file %s: copy it again", got, sharedSHA256)
	}
	shared, err := os.ReadFile("../../shared/data/ods/etr.csv")
	if errors.Is(err, fs.ErrNotExist) {
		return // no shared folder beside this clone: the checksum above is the comparison
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, trustList) {
		t.Fatal("demo/etr.csv differs from shared/data/ods/etr.csv: copy it again")
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	if !reflect.DeepEqual(build(t), build(t)) {
		t.Fatal("two builds for the same day differ")
	}
}

func TestDemoIsRealistic(t *testing.T) {
	c := build(t)
	if len(c.Organisations) != 210 || len(c.Associates) < 300 || len(c.Requests) < 30 || len(c.Lessons) < 3 {
		t.Fatalf("%d organisations, %d associates, %d requests, %d lessons",
			len(c.Organisations), len(c.Associates), len(c.Requests), len(c.Lessons))
	}
	var expired, expiring, accented, emergencies int
	for _, a := range c.Associates {
		for _, cl := range a.Clearances {
			switch {
			case cl.Expiry < today:
				expired++
			case cl.Expiry <= today+60:
				expiring++
			}
		}
		for _, r := range a.Name {
			if r > unicode.MaxASCII {
				accented++
				break
			}
		}
		if p := a.Validate(); p != nil {
			t.Errorf("%s: %v", a.StaffID, p)
		}
	}
	for _, q := range c.Requests {
		if q.Kind == model.KindEmergency {
			emergencies++
		}
	}
	if expired == 0 || expiring == 0 || accented < 30 || emergencies < 3 || len(c.Unavailability) < 100 {
		t.Errorf("expired %d, expiring %d, names with diacritics %d, emergencies %d, leave %d",
			expired, expiring, accented, emergencies, len(c.Unavailability))
	}
	if len(c.Assignments) == 0 {
		t.Error("no secondments under way")
	}
}

func TestDemoLoadsIntoARegister(t *testing.T) {
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	c := build(t)
	if err := reg.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	d, err := reg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Associates, c.Associates) || !reflect.DeepEqual(d.Roles, c.Roles) ||
		!reflect.DeepEqual(d.Unavailability, c.Unavailability) || !reflect.DeepEqual(d.Assignments, c.Assignments) {
		t.Fatal("the register does not hold the demo as built")
	}
	idx := model.NewIndex(d)
	for _, r := range d.Roles {
		if p := r.Validate(idx.Request[r.RequestRef]); p != nil {
			t.Errorf("role %s/%s: %v", r.RequestRef, r.Name, p)
		}
	}
}

// Addresses are spelt as NHSmail spells them: accents dropped, not the letters under them.
func TestEmailsKeepTheLettersUnderAccents(t *testing.T) {
	cases := []struct{ given, family, want string }{
		{"Seán", "Ó Súilleabháin", "sean.osuilleabhain@nhs.net"},
		{"Łukasz", "Kowalczyk", "lukasz.kowalczyk@nhs.net"},
		{"Søren", "Kierkegaard-Jones", "soren.kierkegaardjones@nhs.net"},
		{"Αθηνά", "Παπαδοπούλου", ""},
	}
	for _, tc := range cases {
		if got := emailOf(tc.given, tc.family); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.given, tc.family, got, tc.want)
		}
	}
}
