package letters_test

import (
	"context"
	"testing"

	"associateplanner/letters"
	"associateplanner/model"
	"associateplanner/scheduler"
	"associateplanner/scheduler/synthetic"
)

// BenchmarkLetters1000 writes 1,000 agreements to files. Goal: ≤ 10 s on a 2-core machine.
func BenchmarkLetters1000(b *testing.B) {
	d := synthetic.Generate(synthetic.Size{Name: "letters", Associates: 5000, Requests: 330}, 1)
	p, err := scheduler.Make(context.Background(), d, scheduler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range p.Proposals() {
		d.Assignments = append(d.Assignments, a)
	}
	if n := len(d.Assignments); n < 1000 {
		b.Fatalf("only %d assignments", n)
	}
	d.Assignments = d.Assignments[:1000]
	for _, a := range d.Assignments {
		if a.Status != model.Proposed && a.Status != model.Confirmed {
			b.Fatalf("status %s would be skipped", a.Status)
		}
	}
	b.ResetTimer()
	for range b.N {
		files, err := letters.WriteAll(d, letters.Options{Dir: b.TempDir(), Issued: synthetic.Start, Statuses: letters.DefaultStatuses})
		if err != nil || len(files) != 1000 {
			b.Fatalf("%d files, %v", len(files), err)
		}
	}
}
