// Package platform holds the conventions of the operating system the program runs on.
package platform

import "io"

// TextWriter returns w writing text with this system's line endings: "\r\n" on Windows, so
// that what the program writes reads cleanly in Notepad and in scripts there, and "\n"
// elsewhere. The program itself writes "\n" only.
func TextWriter(w io.Writer) io.Writer { return textWriter(w, lineEnding) }

func textWriter(w io.Writer, eol string) io.Writer {
	if eol == "\n" {
		return w
	}
	return &eolWriter{w: w, eol: []byte(eol)}
}

// eolWriter turns each "\n" into eol; a "\n" after "\r" (text that already has Windows line
// endings, such as a pasted lesson) is left alone.
type eolWriter struct {
	w      io.Writer
	eol    []byte
	lastCR bool
}

func (e *eolWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+len(p)/32+len(e.eol))
	for _, c := range p {
		if c == '\n' && !e.lastCR {
			out = append(out, e.eol...)
		} else {
			out = append(out, c)
		}
		e.lastCR = c == '\r'
	}
	if _, err := e.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
