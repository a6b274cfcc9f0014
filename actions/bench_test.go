package actions_test

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"associateplanner/actions"
	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// peakHeap samples the heap while fn runs and returns the largest figure seen, in bytes.
func peakHeap(fn func()) uint64 {
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse+m.StackInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak
}

// BenchmarkImport10000 imports a generated roster of 10,000 associates (with their leave,
// 250 requests and their roles) into a register that holds the trust list.
// Goal: ≤ 2 s and ≤ 300 MB peak memory.
func BenchmarkImport10000(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	roster := filepath.Join(dir, "roster.xlsx")
	c, err := demo.WriteRoster(roster, model.NewDate(2026, 11, 21), demo.Size{Associates: 10_000, Requests: 250})
	if err != nil {
		b.Fatal(err)
	}
	var peak uint64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		reg, err := sqlite.Open(ctx, filepath.Join(dir, "r"+string(rune('a'+i%26))+time.Now().Format("150405.000")+".db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := reg.Apply(ctx, &model.Changeset{Organisations: c.Organisations}); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		peak = max(peak, peakHeap(func() {
			rep, err := actions.New(reg, actions.Options{}).Import(ctx, roster, actions.ImportOptions{})
			if err != nil {
				b.Fatalf("%v %v", err, rep.Errors)
			}
		}))
		b.StopTimer()
		reg.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
