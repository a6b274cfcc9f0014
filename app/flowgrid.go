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

func (g *flowGrid) columns(width float32) int {
	pad := theme.Padding()
	return max(1, min(g.max, int((width+pad)/(g.minWidth+pad))))
}

func (g *flowGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	g.cols = g.columns(size.Width)
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
	return fyne.NewSize(g.minWidth, h)
}

func rowHeight(cells []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range cells {
		h = max(h, o.MinSize().Height)
	}
	return h
}
