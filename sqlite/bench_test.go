package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// BenchmarkLoad10000 loads a register of 10,000 associates with their skills, systems,
// clearances and leave. Goal: ≤ 150 ms.
func BenchmarkLoad10000(b *testing.B) {
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "r.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer reg.Close()
	c, err := demo.Build(model.NewDate(2026, 11, 21), demo.Size{Associates: 10_000, Requests: 250})
	if err != nil {
		b.Fatal(err)
	}
	if err := reg.Apply(ctx, c); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		d, err := reg.Load(ctx)
		if err != nil || len(d.Associates) != 10_000 {
			b.Fatalf("%v, %d associates", err, len(d.Associates))
		}
	}
}
