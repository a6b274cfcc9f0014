package importers

import (
	"bufio"
	"bytes"
	"errors"
	"html"
)

// xmlScan reads an XML part as a stream of tags and builds nothing, so that a part made to
// fill memory when parsed (millions of elements, nesting millions deep) can be measured
// first with little memory. It is not a validating parser: excelize parses what it passes.
type xmlScan struct {
	r        *bufio.Reader
	depth    int
	maxDepth int
	tag      []byte // the current tag, up to maxTagKept bytes
	keep     bool   // keep the text before the next tag (up to maxTextKept bytes) in text
	text     []byte
}

// A tag longer than maxTagKept is still read whole, but only its start is kept: enough for
// the attributes the scan looks at.
const (
	maxTagKept  = 4 << 10
	maxTextKept = 8 << 10
)

type tagKind int

const (
	startTag tagKind = iota
	emptyTag         // <x/>: a start and its end
	endTag
)

var errTooDeep = errors.New("nested too deeply")

// next returns the next element tag and its local name (the name after any prefix), which
// is valid until the following call; io.EOF at the end of the part. Comments, processing
// instructions and declarations are skipped; CDATA is text.
func (s *xmlScan) next() (tagKind, []byte, error) {
	s.text = s.text[:0]
	for {
		if err := s.textUntilTag(); err != nil {
			return 0, nil, err
		}
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, nil, err
		}
		switch c {
		case '?':
			err = s.skipPast("?>")
		case '!':
			err = s.bang()
		case '/':
			if err = s.readTag(); err == nil {
				s.depth = max(0, s.depth-1)
				return endTag, localName(s.tag), nil
			}
		default:
			s.r.UnreadByte() //nolint:errcheck // a byte was just read
			if err = s.readTag(); err != nil {
				return 0, nil, err
			}
			if bytes.HasSuffix(s.tag, []byte("/")) {
				return emptyTag, localName(s.tag), nil
			}
			if s.depth++; s.depth > s.maxDepth {
				return 0, nil, errTooDeep
			}
			return startTag, localName(s.tag), nil
		}
		if err != nil {
			return 0, nil, err
		}
	}
}

// textUntilTag reads up to and including the next '<', keeping the text when asked.
func (s *xmlScan) textUntilTag() error {
	for {
		chunk, err := s.r.ReadSlice('<')
		if s.keep {
			s.keepText(bytes.TrimSuffix(chunk, []byte("<")))
		}
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

func (s *xmlScan) keepText(b []byte) {
	s.text = append(s.text, b[:min(len(b), maxTextKept-len(s.text))]...)
}

// readTag reads the rest of a tag to its '>', outside quoted attribute values.
func (s *xmlScan) readTag() error {
	s.tag = s.tag[:0]
	var quote byte
	cut := false // the tag is longer than what is kept
	for {
		chunk, err := s.r.ReadSlice('>')
		for _, c := range chunk {
			switch {
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			}
		}
		if room := maxTagKept - len(s.tag); len(chunk) > room {
			s.tag, cut = append(s.tag, chunk[:room]...), true
		} else {
			s.tag = append(s.tag, chunk...)
		}
		switch {
		case err == bufio.ErrBufferFull:
		case err != nil:
			return err
		case quote == 0: // the '>' just read ends the tag
			if !cut {
				s.tag = s.tag[:len(s.tag)-1]
			}
			return nil
		}
	}
}

// bang skips what follows "<!": a comment, CDATA (kept as text when asked) or a
// declaration such as DOCTYPE, whose brackets may hold more declarations.
func (s *xmlScan) bang() error {
	head, _ := s.r.Peek(7)
	switch {
	case bytes.HasPrefix(head, []byte("--")):
		return s.skipPast("-->")
	case bytes.HasPrefix(head, []byte("[CDATA[")):
		s.r.Discard(7) //nolint:errcheck // peeked
		return s.skipPastKeeping("]]>", s.keep)
	}
	depth, quote := 1, byte(0)
	for depth > 0 {
		c, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			depth++
		case c == '>':
			depth--
		}
	}
	return nil
}

func (s *xmlScan) skipPast(end string) error { return s.skipPastKeeping(end, false) }

// skipPastKeeping reads past the next occurrence of end (at most 3 bytes), keeping what
// comes before it as text when keep is set.
func (s *xmlScan) skipPastKeeping(end string, keep bool) error {
	var last [3]byte
	n := 0
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		if n == len(end) {
			if keep {
				s.keepText(last[:1])
			}
			copy(last[:], last[1:n])
			n--
		}
		last[n] = c
		n++
		if string(last[:n]) == end {
			return nil
		}
	}
}

// localName is a tag's element name without its namespace prefix.
func localName(tag []byte) []byte {
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end < 0 {
		end = len(tag)
	}
	name := tag[:end]
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// attrs returns the values of the current tag's attributes whose local name is name
// (namespace declarations aside), with character references replaced. A tag may hold
// several under different prefixes; each caller decides which counts, as excelize would
// read them.
func (s *xmlScan) attrs(name string) []string {
	var out []string
	start := bytes.IndexAny(s.tag, " \t\r\n")
	if start < 0 {
		return nil
	}
	rest := s.tag[start:]
	for {
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 {
			return out
		}
		key := bytes.TrimSpace(rest[:eq])
		rest = bytes.TrimLeft(rest[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return out
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return out
		}
		value := rest[1 : end+1]
		rest = rest[end+2:]
		prefix, local, found := bytes.Cut(key, []byte(":"))
		if !found {
			prefix, local = nil, key
		}
		if string(local) == name && string(prefix) != "xmlns" {
			out = append(out, html.UnescapeString(string(value)))
		}
	}
}
