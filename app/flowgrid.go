package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// flowGrid lays cells out in as many equal columns as fit at least minWidth each (up to
// max), rows as tall as their tallest cell: four dashboard cards side by side on a wide
// screen, three on a laptop, never cut off at the right.
type flowGrid struct {
	minWidth float32
	max      int
	cols     int // as last laid out, for MinSize
}

// columns is how many cells fit across width, each at least as wide as minWidth and as
// the widest cell needs.
func (g *flowGrid) columns(objects []fyne.CanvasObject, width float32) int {
	pad, cell := theme.Padding(), g.cellWidth(objects)
	return max(1, min(g.max, int((width+pad)/(cell+pad))))
}

func (g *flowGrid) cellWidth(objects []fyne.CanvasObject) float32 {
	w := g.minWidth
	for _, o := range objects {
		w = max(w, o.MinSize().Width)
	}
	return w
}

func (g *flowGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	g.cols = g.columns(objects, size.Width)
	pad := theme.Padding()
	w := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	y := float32(0)
	for row := 0; row < len(objects); row += g.cols {
		cells := objects[row:min(row+g.cols, len(objects))]
		h := rowHeight(cells)
		for i, o := range cells {
			o.Move(fyne.NewPos(float32(i)*(w+pad), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + pad
	}
}

func (g *flowGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	cols := g.cols
	if cols == 0 {
		cols = g.max
	}
	h := float32(0)
	for row := 0; row < len(objects); row += cols {
		if row > 0 {
			h += theme.Padding()
		}
		h += rowHeight(objects[row:min(row+cols, len(objects))])
	}
	return fyne.NewSize(g.cellWidth(objects), h)
}

func rowHeight(cells []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range cells {
		h = max(h, o.MinSize().Height)
	}
	return h
}
