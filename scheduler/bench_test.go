package scheduler_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"associateplanner/model"
	"associateplanner/scheduler"
	"associateplanner/scheduler/synthetic"
)

// BenchmarkPlan plans the synthetic problems, S to XXL. Goals on a 2-core machine: L in
// ≤ 1 s and ≤ 500 MB peak memory, the dense national XL in ≤ 2 s and ≤ 1 GB, XXL in ≤ 6 s;
// coverage is compared with CBC by `make bench`. Each size reports, besides time and
// memory, the seats filled and how far the bound lies above the plan, in seats and as the
// largest share of one priority's seats (gap-%).
func BenchmarkPlan(b *testing.B) {
	for _, size := range []synthetic.Size{synthetic.S, synthetic.M, synthetic.L, synthetic.XL, synthetic.XXL} {
		b.Run(size.Name, func(b *testing.B) {
			d := synthetic.Generate(size, 1)
			var p *scheduler.Plan
			var peak uint64
			b.ResetTimer()
			for range b.N {
				stop := sampleHeap(&peak)
				var err error
				if p, err = scheduler.Make(context.Background(), d, scheduler.Options{}); err != nil {
					b.Fatal(err)
				}
				stop()
			}
			b.StopTimer()
			seats, filled, gap, share := 0, 0, 0, 0.0
			for _, c := range p.Coverage {
				seats += c.Seats
				filled += c.Kept + c.Filled
				gap += c.Bound - c.Filled
				if c.Seats > 0 {
					share = max(share, 100*float64(c.Bound-c.Filled)/float64(c.Seats))
				}
			}
			b.ReportMetric(float64(seats), "seats")
			b.ReportMetric(float64(filled), "filled")
			b.ReportMetric(float64(gap), "gap")
			b.ReportMetric(share, "gap-%")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			if !p.Optimal {
				b.Logf("%s: not proved optimal: %+v", size.Name, p.Coverage)
			}
		})
	}
}

// sampleHeap records the largest heap in use until the returned stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse+m.StackInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// BenchmarkReplan plans again after one change: the plan of the synthetic XL problem is
// saved, one person it proposed stands down, and the register is planned again from the
// saved proposals. Goal on a 2-core machine: ≤ 0.2 s.
func BenchmarkReplan(b *testing.B) {
	for _, size := range []synthetic.Size{synthetic.L, synthetic.XL} {
		b.Run(size.Name, func(b *testing.B) {
			d := synthetic.Generate(size, 1)
			first, err := scheduler.Make(context.Background(), d, scheduler.Options{})
			if err != nil {
				b.Fatal(err)
			}
			proposals := first.Proposals()
			d.Assignments = append(d.Assignments, proposals...)
			for i := range d.Associates {
				if d.Associates[i].StaffID == proposals[len(proposals)/2].StaffID {
					d.Associates[i].Active = false
				}
			}
			var p *scheduler.Plan
			b.ResetTimer()
			for range b.N {
				if p, err = scheduler.Make(context.Background(), d, scheduler.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			saved, kept := map[model.Assignment]bool{}, 0
			for _, a := range proposals {
				saved[a] = true
			}
			for _, a := range p.Proposals() {
				if saved[a] {
					kept++
				}
			}
			b.ReportMetric(float64(kept), "kept")
			b.ReportMetric(float64(len(proposals)), "saved")
		})
	}
}
