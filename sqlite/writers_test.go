package sqlite

import (
	"context"
	"reflect"
	"testing"
)

func TestSingleSnapshotLoadReadsTheSame(t *testing.T) {
	ctx := context.Background()
	r := openTemp(t)
	if err := r.Apply(ctx, sampleChangeset()); err != nil {
		t.Fatal(err)
	}
	fast, err := r.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := r.load(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the single-snapshot load differs:\n%+v\n%+v", fast, slow)
	}
}
