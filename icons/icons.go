// Package icons bundles the app's icons into the binary.
package icons

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed app.png
var appPNG []byte

// App is the application icon: a planner's bars on NHS Blue, with a tick.
var App = fyne.NewStaticResource("app.png", appPNG)
