// Package ukenv gives the process a British English locale when the system names none (the
// C or POSIX locale of servers and containers), before Fyne reads it. Fyne cannot parse
// "C" and logs an error at start-up of every command otherwise.
//
// Import it (blank) from main. Go initialises packages in import-path order, deps first, so
// this runs before fyne.io/fyne/v2/lang.
package ukenv

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if base, _, _ := strings.Cut(v, "."); base != "C" && base != "POSIX" {
			return // a real locale: leave it
		}
		os.Setenv(name, "en_GB.UTF-8")
		return
	}
	os.Setenv("LANG", "en_GB.UTF-8")
}
