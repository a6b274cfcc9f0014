// Package app is Associate Planner's Fyne desktop UI. It shows the register and calls the
// same packages as the command line; it holds no rules of its own.
package app

import (
	"image/color"
	"log/slog"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"associateplanner/actions"
	_ "associateplanner/app/ukenv" // before Fyne reads the locale
	"associateplanner/icons"
	"associateplanner/model"
)

// AppID identifies the app to the operating system and to Fyne's preferences store.
const AppID = "uk.nhs.associateplanner"

// Options change how the app starts.
type Options struct {
	Chosen bool         // dbPath was named by the user (--db or the environment): it wins over the setting
	Log    *slog.Logger // where internal faults are recorded
}

// prefRegister remembers the register chosen in Settings.
const prefRegister = "register"

// Run opens the desktop app on the register at dbPath and returns when the window closes.
func Run(dbPath, version string, opt Options) {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(icons.App)
	applyLook(a, a.Preferences().StringWithFallback(prefLook, lookSystem))
	w := a.NewWindow("Associate Planner")
	w.SetIcon(icons.App)
	prefs := a.Preferences()
	if p := prefs.String(prefRegister); p != "" && !opt.Chosen {
		dbPath = p
	}
	w.Resize(fyne.NewSize(float32(prefs.FloatWithFallback("width", 1280)), float32(prefs.FloatWithFallback("height", 800))))
	newUI(a, w, version, opt.Log).begin(dbPath)
	w.ShowAndRun()
}

// errorPanel fills the window with what went wrong, in place of the views.
func errorPanel(title, path string, err error) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := widget.NewLabel(model.ErrorMessage(err))
	detail.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel("Register: " + actions.ShownLocation(path))
	return container.NewPadded(container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), heading), detail, where))
}

// nhsBlue is the NHS identity's primary colour, #005EB8.
var nhsBlue = color.NRGBA{R: 0x00, G: 0x5E, B: 0xB8, A: 0xFF}

// nhsTheme is Fyne's theme with NHS Blue as the accent, light or dark as the system asks
// unless the user chose one in Settings.
type nhsTheme struct {
	variant *fyne.ThemeVariant // nil: the system's
}

// Color implements fyne.Theme.
func (t nhsTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	switch n {
	case theme.ColorNamePrimary:
		return nhsBlue
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x00, G: 0x5E, B: 0xB8, A: 0x80}
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme.
func (t nhsTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (t nhsTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t nhsTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
