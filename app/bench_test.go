package app

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"associateplanner/actions"
	"associateplanner/demo"
	"associateplanner/model"
	"associateplanner/sqlite"
)

// bigRegister is a register of 10,000 associates and 250 requests.
func bigRegister(b *testing.B) *actions.Desk {
	b.Helper()
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "big.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reg.Close() })
	c, err := demo.Build(model.NewDate(2026, 12, 1), demo.Size{Associates: 10_000, Requests: 250})
	if err != nil {
		b.Fatal(err)
	}
	if err := reg.Apply(ctx, c); err != nil {
		b.Fatal(err)
	}
	return actions.New(reg, actions.Options{})
}

// BenchmarkFirstFrame10000 measures from opening the register to the first drawn frame:
// loading 10,000 associates, assessing the saved plan, building every view and rendering the window.
// Goal: ≤ 1.5 s.
func BenchmarkFirstFrame10000(b *testing.B) {
	desk := bigRegister(b)
	a := test.NewTempApp(b)
	b.ResetTimer()
	for range b.N {
		v, err := desk.Load(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		u := inTestWindow(a, fyne.NewSize(1280, 800))
		u.desk = desk
		u.show(v)
		u.tabs.SelectIndex(tabAssociates)
		u.win.Canvas().Capture()
		u.win.Close()
	}
}

// BenchmarkFilterKeystroke10000 measures one keystroke in the associates search over
// 10,000 associates: filter, sort and redraw the visible rows. Goal: ≤ 50 ms.
func BenchmarkFilterKeystroke10000(b *testing.B) {
	desk := bigRegister(b)
	v, err := desk.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	a := test.NewTempApp(b)
	u := inTestWindow(a, fyne.NewSize(1280, 800))
	u.desk = desk
	u.show(v)
	u.tabs.SelectIndex(tabAssociates)
	queries := []string{"e", "ep", "epi", "epic", "epic l", "epic lo", "epic lon", "epic lond", "epic london", ""}
	// Each op types the whole cycle, so that every run weighs each query alike (the empty
	// one, showing everyone, costs most); ms/key is one keystroke's share.
	b.ResetTimer()
	for range b.N {
		for _, q := range queries {
			u.associates.query.SetText(q)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(queries)), "ms/key")
}
